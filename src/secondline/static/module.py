"""Static HTML for a module's fixed parts (header, objectives, key points, references), rendered from content."""

from __future__ import annotations

from ..catalog import Content, ModuleContent
from . import esc


def cited_source_ids(mc: ModuleContent, content: Content) -> list[str]:
    """Every source the module cites (key points, quiz options, its glossary terms), in first-use order."""
    ids: list[str] = []
    for kp in mc.module.key_points:
        ids += kp.sources
    for item in mc.quiz.items:
        for opt in item.options:
            ids += opt.sources
    for term in mc.module.terms:
        ids += content.glossary[term].sources
    return list(dict.fromkeys(ids))


def header(mc: ModuleContent, content: Content) -> str:
    entry = content.entry(mc.slug)
    return (f'<div class="sl sl-meta"><p><strong>About {entry.minutes} minutes.</strong> {esc(mc.module.summary)}</p>'
            f"{objectives(mc)}</div>")


def objectives(mc: ModuleContent) -> str:
    items = "".join(f"<li>{esc(o.text)}</li>" for o in mc.module.objectives)
    return f'<div class="sl-objectives"><p><strong>By the end of this module you will be able to:</strong></p><ol>{items}</ol></div>'


def key_points(mc: ModuleContent) -> str:
    items = "".join(f"<li>{esc(k.text)}</li>" for k in mc.module.key_points)
    # The notebook's "## Key points" heading titles this list (and makes it a slide), so it carries no title of its own.
    return f'<div class="sl sl-keypoints"><ul>{items}</ul></div>'


def references(mc: ModuleContent, content: Content) -> str:
    items = []
    for sid in cited_source_ids(mc, content):
        s = content.sources[sid]
        items.append(f'<li id="ref-{esc(s.id)}">{esc(s.citation())} <a href="{esc(s.link)}">{esc(s.link)}</a> '
                     f"<span class=\"sl-reviewed\">(checked: {esc(s.check_label())})</span></li>")
    return f'<div class="sl sl-references"><ol>{"".join(items)}</ol></div>'


def hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return " ".join(x for x in (f"{h} hour{'s' * (h != 1)}" if h else "", f"{m} minutes" if m else "") if x)


def curriculum_map(content: Content, suffix: str = ".ipynb") -> str:
    """The whole curriculum from curriculum.yml and module.yml: order, titles (linked), minutes, objectives."""
    rows = []
    for e in content.curriculum.modules:
        objs = "".join(f"<li>{esc(o.text)}</li>" for o in content.module(e.slug).module.objectives)
        rows.append(f'<tr><td>{esc(e.slug[:2])}</td><td><a href="{esc(e.slug)}{suffix}">{esc(e.title)}</a>'
                    f'<ul class="sl-map-objectives">{objs}</ul></td><td>{e.minutes}</td></tr>')
    total = sum(e.minutes for e in content.curriculum.modules)
    return (f'<div class="sl sl-map"><table class="sl-kc-table"><caption>{esc(content.curriculum.title)}: '
            f"{len(rows)} modules, about {hours(total)} in all</caption>"
            f'<tr><th scope="col">No.</th><th scope="col">Module and what you will be able to do</th>'
            f'<th scope="col">Minutes</th></tr>{"".join(rows)}</table></div>')


def completion(content: Content) -> str:
    total = sum(e.minutes for e in content.curriculum.modules)
    done = "".join(f"<li>{esc(e.title)} ({e.minutes} minutes)</li>" for e in content.curriculum.modules)
    return (f'<div class="sl sl-completion"><p><strong>You have reached the end of {esc(content.curriculum.title)}.</strong> '
            f"The modules add up to about {hours(total)} of study:</p><ol>{done}</ol>"
            "<p>Your program records completion and issues certificates; ask your facilitator how your program does "
            "this. This curriculum does not award continuing-education credit by itself.</p></div>")
