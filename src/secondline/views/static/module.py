"""Static HTML for a module's fixed parts (header, objectives, key points, references), rendered from content."""

from __future__ import annotations

from ...content.course import Content, ModuleContent
from . import esc, short_author


def cited_source_ids(mc: ModuleContent, content: Content) -> list[str]:
    """Every source the module cites, in first-use order: key points, the notebook's prose (`[Author Year](#ref-id)`
    links), quiz options, cases, sorts, figures and its glossary terms (claims.module_claims lists them all)."""
    from ...content.claims import cited_ids, module_claims

    return [sid for sid in cited_ids(module_claims(mc, content)) if sid in content.sources]


def cite_links(ids, content: Content) -> str:
    """Short author-year links to the module's References list (`#ref-<id>`), for a claim shown on the page."""
    links = "; ".join(f'<a href="#ref-{esc(sid)}" title="{esc(content.sources[sid].citation())}">'
                      f"{esc(short_author(content.sources[sid]))} {content.sources[sid].year}</a>"
                      for sid in dict.fromkeys(ids) if sid in content.sources)
    return f' <span class="sl-cite">({links})</span>' if links else ""


def review_status(mc: ModuleContent, content: Content) -> str:
    """The module's clinical review status (content/reviews.yml), or that it has none yet."""
    from ...content.reviews import review_line

    return f'<p class="sl-review"><strong>Clinical review:</strong> {esc(review_line(content, mc.slug))}.</p>'


def header(mc: ModuleContent, content: Content) -> str:
    entry = content.entry(mc.slug)
    return (f'<div class="sl sl-meta"><p><strong>About {entry.minutes} minutes.</strong> {esc(mc.module.summary)}</p>'
            f"{review_status(mc, content)}{objectives(mc)}</div>")


def objectives(mc: ModuleContent) -> str:
    items = "".join(f"<li>{esc(o.text)}</li>" for o in mc.module.objectives)
    return f'<div class="sl-objectives"><p><strong>By the end of this module you will be able to:</strong></p><ol>{items}</ol></div>'


def key_points(mc: ModuleContent, content: Content | None = None) -> str:
    """The key points; with content, each ends with links to its sources in the module's References list."""
    items = "".join(f"<li>{esc(k.text)}{cite_links(k.sources, content) if content else ''}</li>"
                    for k in mc.module.key_points)
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
        rows.append(f'<tr><td>{int(e.slug[:2])}</td><td><a href="{esc(e.slug)}{suffix}">{esc(e.title)}</a>'
                    f'<ul class="sl-map-objectives">{objs}</ul></td><td>{e.minutes}</td></tr>')
    total = sum(e.minutes for e in content.curriculum.modules)
    return (f'<div class="sl sl-map"><table class="sl-kc-table"><caption>{esc(content.curriculum.title)}: '
            f"{len(rows)} modules, about {hours(total)} in all</caption>"
            f'<tr><th scope="col">Module</th><th scope="col">Module and what you will be able to do</th>'
            f'<th scope="col">Minutes</th></tr>{"".join(rows)}</table></div>')


def completion(content: Content) -> str:
    total = sum(e.minutes for e in content.curriculum.modules)
    # Named as every page names them ("Module 0" to "Module 10"), not numbered by a list from 1.
    done = "".join(f"<li>Module {int(e.slug[:2])}: {esc(e.title)} ({e.minutes} minutes)</li>"
                   for e in content.curriculum.modules)
    return (f'<div class="sl sl-completion"><p><strong>You have reached the end of {esc(content.curriculum.title)}.</strong> '
            f"The modules add up to about {hours(total)} of study:</p><ul>{done}</ul>"
            "<p>Your program records completion and issues certificates; ask your facilitator how your program does "
            "this. This curriculum does not award continuing-education credit by itself.</p></div>")
