"""Static HTML for a module's fixed parts (header, objectives, key points, references), rendered from content."""

from __future__ import annotations

from ...content.course import Content, ModuleContent
from ...content.words import N_, _
from . import esc, lang_attr, short_author

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
CLINICAL_REVIEW = N_("Clinical review:")
BY_THE_END_OF = N_("By the end of this module you will be able to:")
MODULE_AND_WHAT_YOU = N_("Module and what you will be able to do")
MINUTES = N_("Minutes")
CHECKED_HOW = N_("(checked: %(how)s)")


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

    return (f'<p class="sl-review"><strong>{esc(_(CLINICAL_REVIEW))}</strong> '
            f"{esc(review_line(content, mc.slug, words=_))}.</p>")


def header(mc: ModuleContent, content: Content) -> str:
    entry = content.entry(mc.slug)
    about = _("About %(minutes)s minutes.") % {"minutes": entry.minutes}
    return (f'<div class="sl sl-meta"{lang_attr()}><p><strong>{esc(about)}</strong> {esc(mc.module.summary)}</p>'
            f"{review_status(mc, content)}{objectives(mc)}</div>")


def objectives(mc: ModuleContent) -> str:
    items = "".join(f"<li>{esc(o.text)}</li>" for o in mc.module.objectives)
    return (f'<div class="sl-objectives"><p><strong>{esc(_(BY_THE_END_OF))}'
            f"</strong></p><ol>{items}</ol></div>")


def key_points(mc: ModuleContent, content: Content | None = None) -> str:
    """The key points; with content, each ends with links to its sources in the module's References list."""
    items = "".join(f"<li>{esc(k.text)}{cite_links(k.sources, content) if content else ''}</li>"
                    for k in mc.module.key_points)
    # The notebook's "## Key points" heading titles this list (and makes it a slide), so it carries no title of its own.
    return f'<div class="sl sl-keypoints"{lang_attr()}><ul>{items}</ul></div>'


def references(mc: ModuleContent, content: Content) -> str:
    items = []
    for sid in cited_source_ids(mc, content):
        s = content.sources[sid]
        items.append(f'<li id="ref-{esc(s.id)}">{esc(s.citation())} <a href="{esc(s.link)}">{esc(s.link)}</a> '
                     f'<span class="sl-reviewed">{esc(_(CHECKED_HOW) % {"how": check_words(s)})}</span></li>')
    return f'<div class="sl sl-references"{lang_attr()}><ol>{"".join(items)}</ol></div>'


CHECKED = {"full-text": N_("full text read %(date)s"), "abstract": N_("abstract read %(date)s"),
           "page": N_("page read %(date)s")}


def check_words(source) -> str:
    """How far the team checked a source, in the language in use (Source.check_label says it in English)."""
    c = source.checked
    if c.extent == "not-opened":
        return _("not yet opened by the team")
    what = _(CHECKED[c.extent]) % {"date": c.date.isoformat()}
    return what if c.link == "confirmed" else _("%(checked)s; link not confirmed") % {"checked": what}


def hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    hour = (_("1 hour") if h == 1 else _("%(n)s hours") % {"n": h}) if h else ""
    return " ".join(x for x in (hour, _("%(n)s minutes") % {"n": m} if m else "") if x)


def curriculum_map(content: Content, suffix: str = ".ipynb") -> str:
    """The whole curriculum from curriculum.yml and module.yml: order, titles (linked), minutes, objectives."""
    rows = []
    for e in content.curriculum.modules:
        objs = "".join(f"<li>{esc(o.text)}</li>" for o in content.module(e.slug).module.objectives)
        rows.append(f'<tr><td>{int(e.slug[:2])}</td><td><a href="{esc(e.slug)}{suffix}">{esc(e.title)}</a>'
                    f'<ul class="sl-map-objectives">{objs}</ul></td><td>{e.minutes}</td></tr>')
    total = sum(e.minutes for e in content.curriculum.modules)
    caption = _("%(title)s: %(count)s modules, about %(time)s in all") % {
        "title": content.curriculum.title, "count": len(rows), "time": hours(total)}
    return (f'<div class="sl sl-map"{lang_attr()}><table class="sl-kc-table"><caption>{esc(caption)}</caption>'
            f'<tr><th scope="col">{esc(_("Module"))}</th>'
            f'<th scope="col">{esc(_(MODULE_AND_WHAT_YOU))}</th>'
            f'<th scope="col">{esc(_(MINUTES))}</th></tr>{"".join(rows)}</table></div>')


def completion(content: Content) -> str:
    total = sum(e.minutes for e in content.curriculum.modules)
    # Named as every page names them ("Module 0" to "Module 10"), not numbered by a list from 1.
    done = "".join("<li>" + esc(_("Module %(number)s: %(title)s (%(minutes)s minutes)") % {
        "number": int(e.slug[:2]), "title": e.title, "minutes": e.minutes}) + "</li>" for e in content.curriculum.modules)
    end = _("You have reached the end of %(course)s.") % {"course": content.curriculum.title}
    study = _("The modules add up to about %(time)s of study:") % {"time": hours(total)}
    return (f'<div class="sl sl-completion"{lang_attr()}><p><strong>{esc(end)}</strong> {esc(study)}</p><ul>{done}</ul>'
            f'<p>{esc(_(PROGRAM_NOTE))}</p></div>')


PROGRAM_NOTE = N_("Your program records completion and issues certificates; ask your facilitator how your program "
                  "does this. This curriculum does not award continuing-education credit by itself.")
