"""Fake learner exports for report tests, from a seeded generator (no real person, no patient, ever)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from secondline.content.course import Content
from secondline.record.format import FORMAT, FORMAT_VERSION
from secondline.views.logic.knowledge import form_items, form_order

# Learner text that must be stored exactly and escaped wherever it is shown.
NASTY_NAMES = [
    '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "מרים כהן · مريم الحسن",  # right-to-left scripts
    "Ana 👩🏽‍⚕️ Ruiz 🎗️",
    "O'Brien & \"Sons\" </td></tr><tr><td>",
    "x" * 10_000,
]
FIRST = ["Ana", "Ben", "Chidi", "Dana", "Eli", "Fatima", "Grace", "Hiro", "Ines", "Jun", "Kofi", "Lena", "Mateo",
         "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vera", "Wen", "Yusuf", "Zoe"]


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fake_export(content: Content, rng: random.Random, name: str, website: bool = False, legacy: bool = False) -> dict:
    """One learner's export in the JSON format, with plausible pre/post results and some confidence ratings.

    Today's records take forms A and B in the order their key sets, with each item's answer; legacy=True writes a
    record made with the first version's pre/post forms (module items; totals and objectives only)."""
    start = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(60))
    t = start
    ability = rng.uniform(0.15, 0.75)
    # its own stream, so rng's draws stay as they were; seeded through repr() so a hostile name (a lone surrogate,
    # which cannot be encoded) still makes a key
    key = f"{random.Random(repr((name, start))).getrandbits(128):032x}"
    attempts, tests = [], []
    total = len(content.curriculum.modules)
    done = total if rng.random() < 0.6 else rng.randrange(0, total)  # most finish; some stop part way
    slugs = [e.slug for e in content.curriculum.modules][:done]
    for slug in slugs:
        for it in content.module(slug).quiz.items:
            if rng.random() < 0.9:
                t += dt.timedelta(minutes=rng.randrange(1, 5))
                choice = it.best_index if rng.random() < ability + 0.2 else rng.randrange(len(it.options))
                attempts.append({"kind": "quiz", "id": it.id, "choice": choice,
                                 "verdict": it.options[choice].verdict, "time": _iso(t)})
    order = dict(zip(("pre", "post"), form_order(key), strict=True))
    for occasion in ("pre", "post"):
        if occasion == "post" and (done < len(content.curriculum.modules) or rng.random() < 0.1):
            continue
        form = occasion if legacy else order[occasion]
        items = form_items(content, form)
        p = ability if occasion == "pre" else min(0.97, ability + rng.uniform(0.0, 0.5))
        per: dict[str, list[int]] = {}
        answers: dict[str, int] = {}
        for it in items:
            right = rng.random() < p
            answers[it.id] = it.best_index if right else next(i for i in range(len(it.options)) if i != it.best_index)
            tally = per.setdefault(it.objective, [0, 0])
            tally[0] += right
            tally[1] += 1
        correct, n = sum(v[0] for v in per.values()), sum(v[1] for v in per.values())
        when = _iso(start if occasion == "pre" else t + dt.timedelta(hours=1))
        attempt = {"kind": "knowledge-check", "id": occasion, "choice": None, "verdict": None, "time": when,
                   "score": {"right": correct, "total": n}}
        test = {"form": occasion, "percent": round(100 * correct / n, 1), "correct": correct, "total": n,
                "per_objective": per, "time": when}
        if not legacy:
            attempt.update(form=form, answers=answers)
            test.update(variant=form, answers=answers)
        attempts.append(attempt)
        tests.append(test)
    data = {"format": FORMAT, "version": FORMAT_VERSION, "attempts": attempts}
    if website:  # the website's export: answers only (a knowledge check keeps its score)
        return data
    ratings = []
    for slug in slugs[:3]:
        for o in content.module(slug).module.objectives:
            b = rng.randint(1, 4)
            ratings += [{"objective": o.id, "when": "before", "rating": b, "time": _iso(start)},
                        {"objective": o.id, "when": "after", "rating": min(5, b + rng.randint(0, 2)),
                         "time": _iso(t)}]
    data.update({"learner": {"display_name": name, **({} if legacy else {"key": key})},
                 "modules_completed": [{"module": s, "time": _iso(t)} for s in slugs],
                 "tests": tests, "confidence": ratings})
    return data


def write_cohort(content: Content, folder: Path, n: int, seed: int = 7) -> list[Path]:
    """n learners' files in folder (a few with nasty names, a few in the website's format, a few made with the
    first version's forms)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name = NASTY_NAMES[i // 7] if i % 7 == 3 and i // 7 < len(NASTY_NAMES) else \
            f"{FIRST[i % len(FIRST)]} {chr(65 + (i // len(FIRST) * 7 + i) % 26)}."
        data = fake_export(content, rng, name, website=(i % 10 == 9), legacy=(i % 10 == 4))
        path = folder / f"learner-{i:03d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths
