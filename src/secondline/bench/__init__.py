"""The benchmark of what users wait for (`secondline bench`, benchmarks/run.py): a developer tool, not a test.

- run.py: the command, every measurement in turn, and benchmarks/results.md; table.py: rows and tables
- kernels.py: kernel start, each module's run-all, import and content load; builds.py: builds and page weights;
  clicks.py: click-to-feedback in Chromium; hub.py: N learners on a real JupyterHub (--hub); common.py: options, targets, repeats, the machine's facts
"""
