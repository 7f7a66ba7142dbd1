"""The learner's record: what is kept, how it travels, and what is made from it.

- format.py: the record in memory and its JSON export; schema.py: what an export may hold, and parse_record
- store.py: the record in SQLite; opening.py: opening whatever is at the path (backups, recovery);
  recorder.py: one store per process, and the Recorder that keeps each answer a notebook gives
- certificate.py: the module or course certificate; exports.py, cohort.py, plots.py, report.py: the cohort report;
  item_analysis.py and item_report.py: how each question worked; commands.py: `secondline report`
"""
