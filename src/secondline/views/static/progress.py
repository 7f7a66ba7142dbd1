"""HTML of the learner's record (modules, pre/post results per objective, confidence), and the views' static twins.

The twins carry no one's record: an executed notebook exported to the website must never embed a learner's data.
"""

from __future__ import annotations

from ...content.course import Content
from ...record.format import Record
from ..logic.progress import ObjectiveRow, confidence_rows, day, module_rows, pre_post
from . import esc

CONFIDENCE_SCALE = {1: "not at all confident", 2: "a little confident", 3: "somewhat confident",
                    4: "quite confident", 5: "very confident"}


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:g}%"


def gain_text(g: float | None) -> str:
    return "—" if g is None else f"{g:+.2f}"


def _pair(x: tuple[int, int] | None) -> str:
    return "—" if x is None else f"{x[0]} of {x[1]}"


def modules_table(record: Record, content: Content) -> str:
    rows = []
    for r in module_rows(record, content):
        done = f'<span aria-hidden="true">✔</span> {esc(day(r.completed_on))}' if r.completed_on else "not yet"
        rows.append(f"<tr><td>{esc(r.slug[:2])}</td><td>{esc(r.title)}</td><td>{r.attempts}</td><td>{r.tried}</td>"
                    f"<td>{r.best}</td><td>{done}</td></tr>")
    return ('<table class="sl-kc-table sl-progress-modules"><caption>Modules: answers and completion</caption>'
            '<tr><th scope="col">No.</th><th scope="col">Module</th><th scope="col">Answers given</th>'
            '<th scope="col">Questions tried</th><th scope="col">Reached the best answer</th>'
            f'<th scope="col">Completed</th></tr>{"".join(rows)}</table>')


def _objective_row(r: ObjectiveRow) -> str:
    return (f"<tr><td>{esc(r.text)}</td><td>{_pair(r.pre)}</td><td>{_pair(r.post)}</td>"
            f"<td>{gain_text(r.gain)}</td></tr>")


def pre_post_html(record: Record, content: Content) -> str:
    pp = pre_post(record, content)
    if pp.pre is None and pp.post is None:
        return ("<p><strong>Pre-test and post-test.</strong> Not taken yet: the pre-test is in module 00 and the "
                "post-test in module 08.</p>")

    def line(label: str, t, tries: int) -> str:
        if t is None:
            return f"<li>{label}: not taken yet</li>"
        more = f" (the first of {tries} tries counts)" if tries > 1 else ""
        return f"<li>{label}: {pct(t.percent)} on {esc(day(t.time))}{more}</li>"

    g = pp.gain
    explain = ""
    if g is not None:
        explain = (f"<li>Normalized gain: <strong>{g:+.2f}</strong>, the share of what you did not yet know at the "
                   f"pre-test that you knew at the post-test ((post − pre) ÷ (100 − pre)).</li>")
    elif pp.pre is not None and pp.post is not None:
        explain = "<li>Normalized gain: not defined, as the pre-test was already 100%.</li>"
    table = ""
    if pp.rows:
        table = ('<table class="sl-kc-table sl-progress-objectives"><caption>By objective (correct of asked)</caption>'
                 '<tr><th scope="col">Objective</th><th scope="col">Pre-test</th><th scope="col">Post-test</th>'
                 f'<th scope="col">Gain</th></tr>{"".join(_objective_row(r) for r in pp.rows)}</table>')
    return (f"<p><strong>Pre-test and post-test</strong></p><ul>{line('Pre-test', pp.pre, pp.pre_tries)}"
            f"{line('Post-test', pp.post, pp.post_tries)}{explain}</ul>{table}")


def confidence_html(record: Record, content: Content) -> str:
    rows = confidence_rows(record, content)
    if not rows:
        return "<p><strong>Confidence.</strong> No ratings yet.</p>"

    def cell(x: int | None) -> str:
        return "—" if x is None else f"{x} ({CONFIDENCE_SCALE[x]})"

    body = "".join(f"<tr><td>{esc(r.text)}</td><td>{cell(r.before)}</td><td>{cell(r.after)}</td></tr>" for r in rows)
    return ('<table class="sl-kc-table sl-progress-confidence"><caption>Confidence, from 1 (not at all) to 5 (very)'
            '</caption><tr><th scope="col">Objective</th><th scope="col">Before the module</th>'
            f'<th scope="col">After the module</th></tr>{body}</table>')


def summary_html(record: Record, content: Content) -> str:
    """The whole record as the My progress view shows it (every piece of learner text escaped)."""
    done = sum(1 for e in content.curriculum.modules if e.completed_in(record.completed))
    name = (f"<bdi>{esc(record.display_name)}</bdi>" if record.display_name
            else "no display name yet (type one above; it is printed on your certificate)")
    return (f'<div class="sl-progress-summary"><p><strong>Name:</strong> {name}</p>'
            f"<p><strong>Modules completed:</strong> {done} of {len(content.curriculum.modules)}. "
            f"<strong>Answers given:</strong> {len(record.attempts)}.</p>"
            f"{modules_table(record, content)}{pre_post_html(record, content)}{confidence_html(record, content)}</div>")


PROGRESS_NOTE = ('<div class="sl sl-progress"><p><strong>My progress.</strong> When this notebook runs in '
                 "JupyterLab, your answers, completed modules and test results are kept on your computer, and this "
                 "space shows them, with export, import and your certificate. Nothing is shown here because this "
                 "copy of the page has no kernel.</p></div>")

COMPLETE_NOTE = ('<div class="sl sl-complete"><p>When this notebook runs in JupyterLab, a '
                 "<strong>Mark this module complete</strong> button here adds the module to your record and "
                 "certificate.</p></div>")


def confidence_note(objectives: list[str], when: str) -> str:
    items = "".join(f"<li>{esc(t)}</li>" for t in objectives)
    moment = "before you start" if when == "before" else "now that you have finished"
    return (f'<div class="sl sl-confidence"><p><strong>How confident are you, {moment}, that you can:</strong></p>'
            f"<ol>{items}</ol><p>Rate each from 1 (not at all) to 5 (very confident). Ratings are saved when this "
            "notebook runs in JupyterLab.</p></div>")
