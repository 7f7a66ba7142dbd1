"""Cohorts on JupyterHub: what runs beside the hub so a facilitator sees the room, and no learner sees another.

- record_api.py: a Jupyter server extension in each learner's server: GET /secondline/record is the learner's
  exported record (the JSON export), reachable only with access to that learner's server
- live.py: pure logic: for the item the room last answered, how many chose each option (counts, never names)
- collector.py: the JupyterHub service for facilitators (HubOAuth): gathers the records of a group the facilitator
  holds the collect scope for, and serves the cohort report and the live view
- trial.py: a real JupyterHub on 127.0.0.1 with learners, used by the hub test and the benchmark
See deploy/jupyterhub/ for running it in a hospital.
"""
