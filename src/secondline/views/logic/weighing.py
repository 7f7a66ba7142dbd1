"""Values exercise logic: the patient's priorities in her own words, each turned into a question asked about EVERY option.

Nothing here scores, tallies, ranks or matches an option. The options are always listed in the order the content
gives, and every option gets exactly the same questions. The only order the learner sets is the order of the
patient's own priorities (how much each matters to her); it never touches the options.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...content.words import N_, _

if TYPE_CHECKING:
    from ...content.schema import DecisionPath, WeighingExercise


MAX_PRIORITIES = 4  # rows offered; more rarely fits one visit, or one printed page
MAX_LEN = 200

# How much a priority matters to the patient (index = level). It orders her priorities, never the options.
LEVELS = (N_("matters most to her"), N_("matters a lot"), N_("also matters"))  # shown as _(level)
DEFAULT_LEVEL = 1

# Every patient-facing word of the printed page lives here, so the reading-level test can check it. In English
# (N_): a page shows page()[key], in the language in use.
PAGE = {
    "title": N_("What matters to me, and my questions about each option"),
    "intro": N_("Take this page to your visit. Ask every question about every option, so you can compare them."),
    "priorities": N_("What matters most to me"),
    "options": N_("My questions about each option"),
    "answer": N_("Answer:"),
    "footer": N_("Made with Second Line. This page does not choose for you. You decide, with your care team. "
                 "Nothing on it was saved or sent."),
}
PRIVACY = N_("Practice only, with the fictional patient in the case: never type a real patient's details. "
             "Nothing you type is saved or sent anywhere.")
EMPTY = N_("Write at least one thing that matters to her, in her words, and the question it raises. Then make the "
           "list.")
NO_QUESTION = N_("Write the question that this priority raises, so it can be asked about every option: {value}")
NEUTRAL = N_("No option is scored, matched or ranked here. Every option gets the same questions, in the order of "
             "what matters to her. The answers come from her care team, and the choice is hers.")
# What a row's text can get wrong, said for the priority and for the question (whole sentences, for translators).
NOT_TEXT = {"priority": N_("row %(row)s: the priority must be text, not %(value)s"),
            "question": N_("row %(row)s: the question must be text, not %(value)s")}
TOO_LONG = {"priority": N_("row %(row)s: the priority is %(length)s characters long; please keep it under %(max)s."),
            "question": N_("row %(row)s: the question is %(length)s characters long; please keep it under %(max)s.")}


def page() -> dict[str, str]:
    """The printed page's words in the language in use."""
    return {k: _(v) for k, v in PAGE.items()}


@dataclass(frozen=True)
class Priority:
    text: str  # what matters to the patient, in her own words
    question: str  # the question it raises, asked about every option
    level: int  # index into LEVELS

    @property
    def level_words(self) -> str:
        return _(LEVELS[self.level])


@dataclass(frozen=True)
class QuestionSheet:
    """The result: her priorities, then EVERY option with the same questions. No option carries anything else."""

    exercise_id: str
    priorities: tuple[Priority, ...]
    options: tuple[DecisionPath, ...]  # every option, in content order

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(p.question for p in self.priorities)

    @property
    def per_option(self) -> tuple[tuple[DecisionPath, tuple[str, ...]], ...]:
        """(option, the questions to ask about it): the same questions for every option, in content order."""
        return tuple((o, self.questions) for o in self.options)

    def text(self) -> str:
        lines = [_(PAGE["priorities"]) + ":"]
        lines += [f"{i}. {p.text} ({p.level_words})" for i, p in enumerate(self.priorities, 1)]
        lines.append(_(PAGE["options"]) + ":")
        for option, questions in self.per_option:
            lines.append(option.label)
            lines += [f"- {q}" for q in questions]
        lines.append(_(NEUTRAL))
        return "\n".join(lines)


def _clean(text: str, what: str, row: int) -> str:
    if not isinstance(text, str):
        raise ValueError(_(NOT_TEXT[what]) % {"row": row, "value": repr(text)})
    out = " ".join(text.split())
    if len(out) > MAX_LEN:
        raise ValueError(_(TOO_LONG[what]) % {"row": row, "length": len(out), "max": MAX_LEN})
    return out


def priorities(rows: Iterable[tuple[str, str, int] | Sequence]) -> tuple[Priority, ...]:
    """The learner's rows (what matters, the question it raises, how much it matters) as priorities.

    Blank rows are dropped; a priority without a question, a level outside LEVELS, or too many rows is an error.
    Priorities are ordered by how much they matter to her (ties keep the learner's order).
    """
    rows = list(rows)
    if len(rows) > MAX_PRIORITIES:
        raise ValueError(_("use at most %(max)s priorities, not %(count)s") % {"max": MAX_PRIORITIES, "count": len(rows)})
    out: list[tuple[int, int, Priority]] = []
    for n, row in enumerate(rows, 1):
        value, question, level = row
        value, question = _clean(value, "priority", n), _clean(question, "question", n)
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < len(LEVELS):
            raise ValueError(_("row %(row)s: how much it matters must be a whole number from 0 to %(top)s, not "
                               "%(value)s") % {"row": n, "top": len(LEVELS) - 1, "value": repr(level)})
        if not value and not question:
            continue
        if not value:
            raise ValueError(_(EMPTY))
        if not question:
            raise ValueError(_(NO_QUESTION).format(value=value))
        out.append((level, n, Priority(value, question, level)))
    return tuple(p for _, _, p in sorted(out, key=lambda t: (t[0], t[1])))


def sheet(ex: WeighingExercise, rows: Iterable[tuple[str, str, int] | Sequence]) -> QuestionSheet:
    """Her priorities and, for EVERY option in content order, the same questions. Raises ValueError on bad rows."""
    return QuestionSheet(ex.id, priorities(rows), tuple(ex.paths))

