#!/usr/bin/env bash
# Set up (or refresh) the project's virtual environment in .venv. Usage: scripts/setup.sh [test]
# Installs the curriculum package with pip from PyPI, with its authoring extra; with "test", also the lite, hub and
# test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# The package's own dependencies are what a notebook kernel needs (they also install in the browser); authoring
# (JupyterLab, content checks, builds) is the author extra, and ./test adds the lite build, the hub (its test
# starts a real JupyterHub) and the test tools.
extra="[author]"
[ "${1:-}" = "test" ] && extra="[author,lite,test,hub]"
stamp=".venv/.installed${1:+-$1}"
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $($PY --version)..."
  "$PY" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Second Line${1:+ and its test tools} into .venv (a minute the first time)..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
  touch "$stamp"
fi
# Byte-compile the package once (kernels import it on every start, and may not be able to write .pyc files), and
# check content/, which leaves a snapshot that notebook kernels read instead of checking it again (catalog.py).
.venv/bin/python -m compileall -q src/secondline >/dev/null
.venv/bin/secondline check >/dev/null || echo "content/ has a problem: run .venv/bin/secondline check to see it" >&2
# JupyterLab reads overrides.json from the env: learners are not asked about Jupyter news or updates, and every
# cell of a notebook is rendered (no windowing), so the browser's find and screen readers reach the whole module.
# Autosave every 10 seconds: a module run with Run > Run All Cells (not Start module, which saves) is soon saved.
mkdir -p .venv/share/jupyter/lab/settings
cat > .venv/share/jupyter/lab/settings/overrides.json <<'JSON'
{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false},
 "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
 "@jupyterlab/docmanager-extension:plugin": {"autosaveInterval": 10}}
JSON
# Our JupyterLab extension (lab/extension: the Start module button), prebuilt and committed, so no Node.js is needed.
ext=.venv/share/jupyter/labextensions/secondline-jupyterlab
if ! diff -rq lab/extension/prebuilt "$ext" >/dev/null 2>&1; then
  rm -rf "$ext" && mkdir -p "$(dirname "$ext")" && cp -r lab/extension/prebuilt "$ext"
fi
