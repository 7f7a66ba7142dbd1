"""environment.yml (conda, Binder) and pyproject.toml (pip) name the same packages with the same bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# PyPI and conda-forge spell a few names differently.
CONDA_NAME = {"pyyaml": "pyyaml"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    name, spec = m.group(1).lower(), m.group(2).replace(" ", "")
    return CONDA_NAME.get(name, name), ",".join(sorted(spec.split(","))) if spec else ""


def test_environment_matches_pyproject():
    """Does environment.yml list exactly the pyproject dependencies (runtime and every extra), with the same bounds?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for reqs in project["optional-dependencies"].values() for r in reqs]
    wanted = dict(_split(r) for r in project["dependencies"] + extras)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    have = dict(_split(d) for d in conda if not d.startswith(("python", "pip")))
    assert have == wanted
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip, "environment.yml must install the secondline package itself with pip"
    assert env["channels"] == ["conda-forge"]
