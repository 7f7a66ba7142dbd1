"""The educator guide: session plans checked against the curriculum's minutes, and the built guide (answer keys,
evidence list, contact hours, printable tests and forms generated from content/, next to the hand-written pages).

- plans.py: session plans read and checked; plan_pages.py: the plan check and the learners' sheets
- answer_keys.py, ce_packet.py (contact hours, evidence list, objectives, clinical review), evaluation.py (forms)
- pages.py: `write_guide(out_dir)` assembles the built guide (the site build calls it for `_build/guide`);
  `python -m secondline.guide [OUT]` (__main__.py) does the same from the command line and checks the plans.
"""
