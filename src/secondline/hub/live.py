"""The live view's logic, pure: for the quiz item the room answered last, how many learners chose each option.

Counts only: no name, no learner order, nothing that says who chose what. Each learner counts once, with their
latest answer to that item (a learner who changes their mind moves their one count).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.course import Content
from ..record.format import Record, parse_time


@dataclass(frozen=True)
class OptionCount:
    letter: str
    text: str
    count: int


@dataclass(frozen=True)
class RoomCounts:
    item: str | None  # the item answered last; None before anyone answered
    prompt: str
    options: list[OptionCount]
    answered: int  # learners who answered this item
    learners: int  # learners whose records were read
    at: str  # time of the latest answer to it ("" before any)

    def to_json(self) -> dict:
        return {"item": self.item, "prompt": self.prompt, "answered": self.answered, "learners": self.learners,
                "at": self.at, "options": [{"letter": o.letter, "text": o.text, "count": o.count}
                                            for o in self.options]}


def room_counts(records: list[Record], content: Content, kind: str = "quiz") -> RoomCounts:
    """For the item with the most recent answer across records: each option's count of learners whose latest answer
    it is. Items not in `content` (an old or foreign record) are ignored, as are answers outside the options."""
    items = {i.id: i for i in content.items()}
    latest: dict[tuple[int, str], tuple] = {}  # (learner, item) -> (time, choice)
    for n, rec in enumerate(records):
        for a in rec.attempts:
            if a.kind != kind or a.choice is None or a.id not in items:
                continue
            if not 0 <= a.choice < len(items[a.id].options):
                continue
            t = parse_time(a.time)
            key = (n, a.id)
            if key not in latest or t >= latest[key][0]:
                latest[key] = (t, a.choice, a.time)
    if not latest:
        return RoomCounts(None, "", [], 0, len(records), "")
    (_, item_id), (_, _, at) = max(latest.items(), key=lambda kv: kv[1][0])
    item = items[item_id]
    counts = [0] * len(item.options)
    for (_, iid), (_, choice, _) in latest.items():
        if iid == item_id:
            counts[choice] += 1
    options = [OptionCount(chr(ord("A") + i), o.text, counts[i]) for i, o in enumerate(item.options)]
    return RoomCounts(item_id, item.prompt, options, sum(counts), len(records), at)
