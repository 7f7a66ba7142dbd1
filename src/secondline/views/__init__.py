"""The interactions a learner uses (quiz, case, sort, weighing, trials, questions, glossary, knowledge check,
progress), each in three layers, one folder per layer so each layer's rule is one folder's rule:

- logic/: what an interaction does, as pure functions and dataclasses (no widgets, no HTML); unit-tested
- static/: the same interaction as HTML plus a small JavaScript runtime (*.js, style.css), so an exported page
  or the website checks answers with no kernel; imports logic/ only
- live/: the ipywidgets view JupyterLab shows, with the static view attached as its text/html twin; imports both

Imports go one way, live -> static -> logic -> content (the progress views also read the learner's record),
so the static edition never needs ipywidgets.
"""
