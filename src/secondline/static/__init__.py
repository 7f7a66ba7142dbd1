"""Static HTML views: the same content as the live widgets, working with no kernel through runtime.js."""

from __future__ import annotations

import functools
from html import escape
from importlib.resources import files

from ..interactions.quiz import Feedback
from ..models import Source


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


def source_links(sources: tuple[Source, ...] | list[Source]) -> str:
    if not sources:
        return ""
    links = "; ".join(f'<a href="{esc(s.link)}" title="{esc(s.citation())}">{esc(s.authors.split(",")[0])} '
                      f"{s.year}</a>" for s in sources)
    return f'<p class="sl-sources">Sources: {links}</p>'


def feedback_html(fb: Feedback) -> str:
    """One verdict, as words with an icon; used by the live view and the static view alike."""
    return (f'<div class="sl-verdict sl-verdict-{fb.verdict}">'
            f'<p class="sl-verdict-head"><span class="sl-icon" aria-hidden="true">{fb.icon}</span>{esc(fb.label)}</p>'
            f"<p>{esc(fb.why)}</p>{source_links(fb.sources)}</div>")


def message_html(text: str) -> str:
    return f'<div class="sl-verdict"><p>{esc(text)}</p></div>'
