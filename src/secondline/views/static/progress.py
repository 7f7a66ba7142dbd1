"""HTML of the learner's record (modules, pre/post results per objective, confidence), and the views' static twins.

The twins carry no one's record: an executed notebook exported to the website must never embed a learner's data.
"""

from __future__ import annotations

from ...content.course import Content
from ...content.words import N_, _
from ...record.format import Record
from ..logic.progress import ObjectiveRow, confidence_rows, day, module_rows, pre_post
from . import esc, lang_attr

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
MODULES_ANSWERS_AND_COMPLETION = N_("Modules: answers and completion")
CONFIDENCE_FROM_NOT_AT = N_("Confidence, from 1 (not at all) to 5 (very)")
BEFORE_THE_MODULE = N_("Before the module")
AFTER_THE_MODULE = N_("After the module")
NAME = N_("Name:")
MODULES_COMPLETED = N_("Modules completed:")
ANSWERS_GIVEN = N_("Answers given:")
MY_PROGRESS = N_("My progress.")
BY_OBJECTIVE_CORRECT_OF = N_("By objective (correct of asked)")
CONFIDENCE = N_("Confidence.")
NO_RATINGS_YET = N_("No ratings yet.")

# In English (N_): shown as _(words), in the language in use.
CONFIDENCE_SCALE = {1: N_("not at all confident"), 2: N_("a little confident"), 3: N_("somewhat confident"),
                    4: N_("quite confident"), 5: N_("very confident")}


def scale(n: int) -> str:
    """A rating's words in the language in use: 'quite confident'."""
    return _(CONFIDENCE_SCALE[n])


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:g}%"


def gain_text(g: float | None) -> str:
    return "—" if g is None else f"{g:+.2f}"


def _pair(x: tuple[int, int] | None) -> str:
    return "—" if x is None else _("%(correct)s of %(asked)s") % {"correct": x[0], "asked": x[1]}


def modules_table(record: Record, content: Content) -> str:
    rows = []
    for r in module_rows(record, content):
        done = f'<span aria-hidden="true">✔</span> {esc(day(r.completed_on))}' if r.completed_on else esc(_("not yet"))
        rows.append(f"<tr><td>{esc(r.slug[:2])}</td><td>{esc(r.title)}</td><td>{r.attempts}</td><td>{r.tried}</td>"
                    f"<td>{r.best}</td><td>{done}</td></tr>")
    heads = "".join(f'<th scope="col">{esc(_(h))}</th>' for h in MODULE_HEADS)
    return (f'<table class="sl-kc-table sl-progress-modules"><caption>{esc(_(MODULES_ANSWERS_AND_COMPLETION))}'
            f'</caption><tr>{heads}</tr>{"".join(rows)}</table>')


MODULE_HEADS = (N_("No."), N_("Module"), N_("Answers given"), N_("Questions tried"), N_("Reached the best answer"),
                N_("Completed"))
NOT_TAKEN = N_("Not taken yet: the pre-test is in module 00 and the post-test in module 08.")
GAIN = N_("Normalized gain: %(gain)s, the share of what you did not yet know at the pre-test that you knew at the "
          "post-test ((post − pre) ÷ (100 − pre)).")
NO_GAIN = N_("Normalized gain: not defined, as the pre-test was already 100%.")


def _objective_row(r: ObjectiveRow) -> str:
    return (f"<tr><td>{esc(r.text)}</td><td>{esc(_pair(r.pre))}</td><td>{esc(_pair(r.post))}</td>"
            f"<td>{gain_text(r.gain)}</td></tr>")


def pre_post_html(record: Record, content: Content) -> str:
    pp = pre_post(record, content)
    head = esc(_("Pre-test and post-test"))
    if pp.pre is None and pp.post is None:
        return f"<p><strong>{head}.</strong> {esc(_(NOT_TAKEN))}</p>"

    def line(label: str, t, tries: int) -> str:
        if t is None:
            return "<li>" + esc(_("%(test)s: not taken yet") % {"test": label}) + "</li>"
        words = (_("%(test)s: %(percent)s on %(day)s (the first of %(tries)s tries counts)") if tries > 1
                 else _("%(test)s: %(percent)s on %(day)s"))
        return "<li>" + esc(words % {"test": label, "percent": pct(t.percent), "day": day(t.time), "tries": tries}) \
            + "</li>"

    g = pp.gain
    explain = ""
    if g is not None:
        explain = f"<li>{esc(_(GAIN)).replace('%(gain)s', f'<strong>{g:+.2f}</strong>')}</li>"
    elif pp.pre is not None and pp.post is not None:
        explain = f"<li>{esc(_(NO_GAIN))}</li>"
    table = ""
    if pp.rows:
        heads = "".join(f'<th scope="col">{esc(_(h))}</th>' for h in (N_("Objective"), N_("Pre-test"), N_("Post-test"),
                                                                       N_("Gain")))
        table = (f'<table class="sl-kc-table sl-progress-objectives"><caption>{esc(_(BY_OBJECTIVE_CORRECT_OF))}'
                 f'</caption><tr>{heads}</tr>{"".join(_objective_row(r) for r in pp.rows)}</table>')
    return (f"<p><strong>{head}</strong></p><ul>{line(_('Pre-test'), pp.pre, pp.pre_tries)}"
            f"{line(_('Post-test'), pp.post, pp.post_tries)}{explain}</ul>{table}")


def confidence_html(record: Record, content: Content) -> str:
    rows = confidence_rows(record, content)
    if not rows:
        return f"<p><strong>{esc(_(CONFIDENCE))}</strong> {esc(_(NO_RATINGS_YET))}</p>"

    def cell(x: int | None) -> str:
        return "—" if x is None else esc(f"{x} ({scale(x)})")

    body = "".join(f"<tr><td>{esc(r.text)}</td><td>{cell(r.before)}</td><td>{cell(r.after)}</td></tr>" for r in rows)
    return (f'<table class="sl-kc-table sl-progress-confidence"><caption>'
            f'{esc(_(CONFIDENCE_FROM_NOT_AT))}</caption><tr><th scope="col">{esc(_("Objective"))}'
            f'</th><th scope="col">{esc(_(BEFORE_THE_MODULE))}</th>'
            f'<th scope="col">{esc(_(AFTER_THE_MODULE))}</th></tr>{body}</table>')


def summary_html(record: Record, content: Content) -> str:
    """The whole record as the My progress view shows it (every piece of learner text escaped)."""
    done = sum(1 for e in content.curriculum.modules if e.completed_in(record.completed))
    name = (f"<bdi>{esc(record.display_name)}</bdi>" if record.display_name
            else esc(_("no display name yet (type one above; it is printed on your certificate)")))
    completed = _("%(done)s of %(total)s.") % {"done": done, "total": len(content.curriculum.modules)}
    return (f'<div class="sl-progress-summary"{lang_attr()}><p><strong>{esc(_(NAME))}</strong> {name}</p>'
            f"<p><strong>{esc(_(MODULES_COMPLETED))}</strong> {esc(completed)} "
            f"<strong>{esc(_(ANSWERS_GIVEN))}</strong> {len(record.attempts)}.</p>"
            f"{modules_table(record, content)}{pre_post_html(record, content)}{confidence_html(record, content)}</div>")


PROGRESS_NOTE = N_("When this notebook runs in JupyterLab, your answers, completed modules and test results are kept "
                   "on your computer, and this space shows them, with export, import and your certificate. Nothing is "
                   "shown here because this copy of the page has no kernel.")
COMPLETE_NOTE = N_("When this notebook runs in JupyterLab, a %(button)s button here adds the module to your record "
                   "and certificate.")


def progress_note() -> str:
    """My progress's static twin: what it shows when the notebook runs (no one's record)."""
    return (f'<div class="sl sl-progress"{lang_attr()}><p><strong>{esc(_(MY_PROGRESS))}</strong> '
            f"{esc(_(PROGRESS_NOTE))}</p></div>")


def complete_note() -> str:
    """The "Mark this module complete" button's static twin."""
    button = f"<strong>{esc(_('Mark this module complete'))}</strong>"
    return f'<div class="sl sl-complete"{lang_attr()}><p>{esc(_(COMPLETE_NOTE)).replace("%(button)s", button)}</p></div>'


def confidence_note(objectives: list[str], when: str) -> str:
    items = "".join(f"<li>{esc(t)}</li>" for t in objectives)
    ask = (_("How confident are you, before you start, that you can:") if when == "before"
           else _("How confident are you, now that you have finished, that you can:"))
    return (f'<div class="sl sl-confidence"{lang_attr()}><p><strong>{esc(ask)}</strong></p>'
            f"<ol>{items}</ol><p>{esc(_(RATE_NOTE))}</p></div>")


RATE_NOTE = N_("Rate each from 1 (not at all) to 5 (very confident). Ratings are saved when this notebook runs in "
               "JupyterLab.")
