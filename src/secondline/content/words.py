"""The words a view or page shows around the content ("Check answer", "Best answer"), in the reader's language.

A view writes `_("Check answer")`. Babel's extractor finds those calls (editions/i18n.py: kind `ui:views`), the
language's catalog translates them (msgctxt "ui:views"), and a translated course carries them as `Content.words`
(content/i18n.py: translated). A notebook kernel speaks one language, set when the notebook opens its module
(`module(slug, lang="es")` calls `use`); a build speaks each language in turn (`speaking(content)`). A word with no
translation shows in English: the completeness test (tests/test_i18n.py) keeps that from reaching a learner.

Pure Python with no imports beyond the standard library: views at every layer, and browser kernels, read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CONTEXT = "ui:views"
_state: dict[str, Any] = {"lang": "en", "words": {}}


def _(english: str) -> str:
    """`english` in the language in use (itself in English, or when no translation is known)."""
    return _state["words"].get(english, english)


def N_(english: str) -> str:
    """Marks `english` for the catalog where it is defined (a constant made at import), without translating it:
    the code that shows it says `_(CONSTANT)` then, in the language in use at that moment."""
    return english


def lang() -> str:
    """The language in use: "en", or a translation's code ("es"), for a page's lang attribute."""
    return _state["lang"]


def use(content) -> None:
    """Speak the language of `content` (a course from content/i18n.py: translated, or the English one)."""
    _state["lang"] = getattr(content, "lang", "en")
    _state["words"] = dict(getattr(content, "words", None) or {})


@contextmanager
def speaking(content) -> Iterator[None]:
    """Speak `content`'s language inside the block, then go back to the language before it."""
    before = dict(_state)
    use(content)
    try:
        yield
    finally:
        _state.clear()
        _state.update(before)
