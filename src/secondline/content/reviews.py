"""The clinical review status of a module, in the words every edition shows (module header, certificate, guide).

Reviews come only from content/reviews.yml. A module with no recorded review is "Not yet clinically reviewed";
nothing here ever fills the gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .course import Content

NOT_REVIEWED = "Not yet clinically reviewed"
DECISIONS = {"approved": "approved", "approved-with-changes": "approved with changes",
             "changes-required": "changes required"}


def module_reviews(content: Content, slug: str) -> list:
    """Every recorded review of the module, oldest first."""
    return sorted((r for r in getattr(content, "reviews", None) or [] if r.module == slug), key=lambda r: r.date)


def latest_review(content: Content, slug: str):
    """The most recent recorded review of the module, or None."""
    found = module_reviews(content, slug)
    return found[-1] if found else None


def review_text(review) -> str:
    """'Clinically reviewed by Ana Ruiz, RN, OCN on 2026-11-20 (approved with changes)'."""
    return (f"Clinically reviewed by {review.reviewer}, {review.credentials} on {review.date.isoformat()} "
            f"({DECISIONS[review.decision]})")


def review_line(content: Content, slug: str) -> str:
    """The module's status in one phrase: its latest review, or 'Not yet clinically reviewed'."""
    review = latest_review(content, slug)
    return review_text(review) if review else NOT_REVIEWED
