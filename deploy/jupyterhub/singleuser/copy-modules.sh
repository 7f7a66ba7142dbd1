#!/bin/bash
# Runs before each learner's JupyterLab starts (docker-stacks runs /usr/local/bin/before-notebook.d/*.sh).
# Gives the learner their own copy of the modules on first start and adds any new module later; never overwrites
# a learner's saved notebook. The progress record lives in ~/secondline/ on the learner's volume.
set -eu
mkdir -p "$HOME/second-line" "$HOME/secondline"
cp -rn /opt/secondline/notebooks/. "$HOME/second-line/"
