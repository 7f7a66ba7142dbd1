"""The clinical review status of a module, in the words every edition shows (module header, certificate, guide).

Reviews come only from content/reviews.yml. A module with no recorded review is "Not yet clinically reviewed";
nothing here ever fills the gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .words import N_

if TYPE_CHECKING:
    from .course import Content

# In English (N_): a view in another language shows them through content/words.py (views/static/module.py).
NOT_REVIEWED = N_("Not yet clinically reviewed")
DECISIONS = {"approved": N_("approved"), "approved-with-changes": N_("approved with changes"),
             "changes-required": N_("changes required")}
REVIEWED = N_("Clinically reviewed by %(reviewer)s, %(credentials)s on %(date)s (%(decision)s)")


def module_reviews(content: Content, slug: str) -> list:
    """Every recorded review of the module, oldest first."""
    return sorted((r for r in getattr(content, "reviews", None) or [] if r.module == slug), key=lambda r: r.date)


def latest_review(content: Content, slug: str):
    """The most recent recorded review of the module, or None."""
    found = module_reviews(content, slug)
    return found[-1] if found else None


def review_text(review, words=lambda english: english) -> str:
    """'Clinically reviewed by Ana Ruiz, RN, OCN on 2026-11-20 (approved with changes)'."""
    return words(REVIEWED) % {"reviewer": review.reviewer, "credentials": review.credentials,
                              "date": review.date.isoformat(), "decision": words(DECISIONS[review.decision])}


def review_line(content: Content, slug: str, words=lambda english: english) -> str:
    """The module's status in one phrase: its latest review, or 'Not yet clinically reviewed'."""
    review = latest_review(content, slug)
    return review_text(review, words) if review else words(NOT_REVIEWED)
