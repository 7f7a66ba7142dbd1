"""Static HTML views: the same content as the live widgets, working with no kernel through runtime.js."""

from __future__ import annotations

import functools
from html import escape
from importlib.resources import files
from typing import TYPE_CHECKING

from ...content.words import N_, _, lang
from ..logic.quiz import Feedback

if TYPE_CHECKING:
    from ...content.schema import Source

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
SOURCES = N_("Sources:")


@functools.cache
def asset(name: str) -> str:
    """The text of a file shipped in secondline/static (runtime.js, style.css)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def runtime_js() -> str:
    """The core runtime (runtime.js) followed by each interaction's handlers (static/*.js), as one script."""
    names = sorted(p.name for p in files(__package__).iterdir() if p.name.endswith(".js") and p.name != "runtime.js")
    return "\n".join(asset(n) for n in ["runtime.js", *names]) + "\nwindow.SecondLine.ready = true;"


def runtime_tags() -> str:
    """Inline style and runtime; the runtime guards itself, so repeating it on a page is harmless."""
    return f"<style>{asset('style.css')}</style><script>{runtime_js()}</script>"


def esc(text: str) -> str:
    return escape(text, quote=True)


def lang_attr() -> str:
    """` lang="es"` on a view's root when the words are not English (content/words.py), so a screen reader reads
    them in their language; nothing in English, whose pages say so at their top."""
    return "" if lang() == "en" else f' lang="{esc(lang())}"'


def short_author(source: Source) -> str:
    """'Saini KS, Twelves C' -> 'Saini KS'; 'American Cancer Society (team) and ASCO' -> 'American Cancer Society'."""
    return source.authors.split(",")[0].split(" (")[0].strip()


def source_links(sources: tuple[Source, ...] | list[Source]) -> str:
    if not sources:
        return ""
    links = "; ".join(f'<a href="{esc(s.link)}" title="{esc(s.citation())}">{esc(short_author(s))} '
                      f"{s.year}</a>" for s in sources)
    return f'<p class="sl-sources">{esc(_(SOURCES))} {links}</p>'


def verdict_html(verdict: str, icon: str, label: str, body: str, sources) -> str:
    """A verdict block: icon and words (never colour alone), an already-escaped body, and source links."""
    return (f'<div class="sl-verdict sl-verdict-{verdict}">'
            f'<p class="sl-verdict-head"><span class="sl-icon" aria-hidden="true">{icon}</span>{esc(label)}</p>'
            f"{body}{source_links(sources)}</div>")


def feedback_html(fb: Feedback) -> str:
    """One quiz verdict; used by the live view and the static view alike."""
    return verdict_html(fb.verdict, fb.icon, fb.label, f"<p>{esc(fb.why)}</p>", fb.sources)


def message_html(text: str) -> str:
    return f'<div class="sl-verdict"><p>{esc(text)}</p></div>'
