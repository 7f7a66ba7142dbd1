"""Own words: no 9-word run of the curriculum may repeat a run from the seed pages it was taught from.

The seed pages are not part of this repository (they are other people's text). What it keeps instead is their
fingerprints, tests/data/seed-shingles.txt: the SHA-256 (first 16 hex digits) of every run of 9 words of every
page, lower-cased, words as [a-z0-9']+. A hash cannot give the text back, and a copied run still matches it.
Made, and checked when the pages are at hand (SECONDLINE_SEEDS, default ../shared/seeds), with:

    python tests/own_words.py PATH/TO/seeds > tests/data/seed-shingles.txt
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

N = 9
HERE = Path(__file__).resolve().parent
FINGERPRINTS = HERE / "data" / "seed-shingles.txt"
SEEDS = Path(os.environ.get("SECONDLINE_SEEDS", HERE.parents[1] / "shared" / "seeds"))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def runs(text: str, n: int = N) -> set[str]:
    w = words(text)
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def fingerprint(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def from_pages(folder: Path) -> set[str]:
    return {fingerprint(r) for page in sorted(folder.glob("*.txt")) for r in runs(page.read_text(errors="ignore"))}


def seed_fingerprints() -> set[str]:
    """The kept fingerprints; an assertion error if there are none, or (pages at hand) if they are out of date."""
    kept = {line.strip() for line in FINGERPRINTS.read_text().splitlines()
            if line.strip() and not line.startswith("#")}
    assert len(kept) > 1000, f"{FINGERPRINTS} holds {len(kept)} fingerprints; remake it from the seed pages"
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        missing = from_pages(SEEDS) - kept
        assert not missing, f"{len(missing)} runs of the seed pages in {SEEDS} have no fingerprint: remake {FINGERPRINTS}"
    return kept


def copied(text: str, kept: set[str]) -> list[str]:
    """The 9-word runs of text that a seed page also has."""
    return sorted(r for r in runs(text) if fingerprint(r) in kept)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    pages = sorted(folder.glob("*.txt"))
    print(f"# SHA-256 (first 16 hex) of every {N}-word run of {len(pages)} seed pages; made by tests/own_words.py")
    print("\n".join(sorted(from_pages(folder))))
