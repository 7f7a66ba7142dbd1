"""Question-list builder logic: picked bank questions plus the learner's own become a printable patient page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...content.words import _

if TYPE_CHECKING:
    from ...content.schema import QuestionBank


MAX_OWN = 10
MAX_LEN = 300
SUGGESTED_MAX = 10  # more than this rarely fits one visit, or one printed sheet with room to write answers

# Every patient-facing word of the printed page lives here, so the reading-level test can check it.
PAGE = {
    "title": "My questions for my care team",
    "intro": "Take this page to your visit. Ask the questions that matter most to you first.",
    "date": "Date of my visit:",
    "companion": "Who is coming with me:",
    "own": "My own questions",
    "answer": "Answer:",
    "footer": "Made with Second Line. This page does not store or send anything about you.",
}
TOO_MANY = (f"You picked more than {SUGGESTED_MAX} questions. A short list is easier to get through in one visit, "
            "and it fits on one sheet of paper. Think about which ones matter most.")
EMPTY = "Pick at least one question, or type your own, then make your list."
# The builder's own words (views/static/questions.py and questions.js); a translation replaces them all at once.
# PAGE and BUILDER are in English: a handouts edition translates them by key (ui:question-list), a view shows
# page() and builder(), in the language in use (their values are in ui:views too: editions/i18n.py).
BUILDER = {
    "label": "Build a question list for the oncologist",
    "note": "Pick the questions that fit, add your own, then make the list. Nothing you pick or type is saved or "
            "sent anywhere.",
    "own_hint": f"(one per line, up to {MAX_OWN})",
    "make": "Make my list",
    "print": "Print or save as PDF",
    "download": "Download the list (HTML)",
    "file": "my-questions.html",
    "done_one": "Your list has 1 question. Download it, or print it.",
    "done_many": "Your list has {count} questions. Download it, or print it.",
    "empty": EMPTY,
    "too_many": TOO_MANY,
}


def page() -> dict[str, str]:
    return {k: _(v) for k, v in PAGE.items()}


def builder() -> dict[str, str]:
    return {k: _(v) for k, v in BUILDER.items()}


@dataclass(frozen=True)
class QuestionList:
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    reminder: str

    @property
    def count(self) -> int:
        return sum(len(qs) for _, qs in self.sections)

    @property
    def advice(self) -> str | None:
        if not self.count:
            return _(EMPTY)
        return _(TOO_MANY) if self.count > SUGGESTED_MAX else None


def own_questions(text: str | Iterable[str]) -> list[str]:
    """The learner's own questions, one per line; blank lines and repeats dropped, nothing cut short silently."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    out: list[str] = []
    for n, line in enumerate(lines, 1):
        q = " ".join(line.split())
        if not q or q in out:
            continue
        if len(q) > MAX_LEN:
            raise ValueError(_("Your question on line %(line)s is %(length)s characters long; please keep each "
                               "question under %(max)s characters (split it into two).")
                             % {"line": n, "length": len(q), "max": MAX_LEN})
        out.append(q)
    if len(out) > MAX_OWN:
        raise ValueError(_("You typed %(count)s questions of your own; please keep it to %(max)s or fewer.")
                         % {"count": len(out), "max": MAX_OWN})
    return out


def build(bank: QuestionBank, picked: Iterable[str], own: str | Iterable[str] = "") -> QuestionList:
    """Group the picked questions as in the bank (its order, not click order), then the learner's own."""
    picked = set(picked)
    known = {q.id for g in bank.groups for q in g.questions}
    unknown = picked - known
    if unknown:
        raise KeyError(f"unknown question id(s): {', '.join(sorted(unknown))}")
    sections = [(g.title, tuple(q.text for q in g.questions if q.id in picked)) for g in bank.groups]
    mine = own_questions(own)
    if mine:
        sections.append((_(PAGE["own"]), tuple(mine)))
    return QuestionList(tuple((t, qs) for t, qs in sections if qs), bank.reminder)
