"""The builds against plain nbconvert (`secondline build site|slides` and `jupyter nbconvert --execute` over the same
notebooks), and the weight of what the site ships."""

from __future__ import annotations

import shutil
from pathlib import Path

from .common import TARGETS, Options, bin_path, loadavg, repeat, run_command
from .table import Row

# --------------------------------------------------------------------------- builds: ours against plain nbconvert


def bench_builds(opts: Options, scratch: Path) -> tuple[list[Row], Path | None]:
    """`secondline build site|slides` into a fresh folder each run, against `jupyter nbconvert --execute`.

    Returns the rows and the last site built (for the page weights and the browser)."""
    notebooks = [f"notebooks/{slug}.ipynb" for slug in opts.modules]
    numbers = [slug[:2] for slug in opts.modules]
    rows: list[Row] = []
    site: Path | None = None
    counter = iter(range(10**6))
    for target, plain_to in (("site", "html"), ("slides", "slides")):
        plain_name = f"plain: jupyter nbconvert --execute --to {plain_to}"
        load = loadavg()

        def plain(plain_to=plain_to) -> float:
            out = scratch / f"nbconvert-{plain_to}-{next(counter)}"
            cmd = [bin_path("jupyter"), "nbconvert", "--execute", "--to", plain_to, "--output-dir", str(out),
                   *notebooks]
            seconds = run_command(cmd, opts.root, "nbconvert")
            shutil.rmtree(out, ignore_errors=True)
            return seconds

        def ours(target=target) -> float:
            nonlocal site
            out = scratch / f"build-{target}-{next(counter)}"  # a fresh folder: no executed/ cache
            cmd = [bin_path("secondline"), "build", target, "--out", str(out), "--modules", *numbers]
            seconds = run_command(cmd, opts.root, f"secondline build {target}")
            if target == "site":
                if site is not None:
                    shutil.rmtree(site.parent, ignore_errors=True)
                site = out / "site"
            else:
                shutil.rmtree(out, ignore_errors=True)
            return seconds

        try:
            base = Row(plain_name, repeat(plain, opts), "s", load=load)
        except RuntimeError as exc:
            base = Row(plain_name, note=str(exc), load=load)
        mine = Row(f"secondline build {target} (fresh --out, --jobs 2)", unit="s", target=TARGETS["build"],
                   versus=plain_name, load=loadavg())
        try:
            mine.values = repeat(ours, opts)
        except RuntimeError as exc:
            mine.note = str(exc)
        if mine.values and base.median:
            mine.ratio = mine.median / base.median
        rows += [base, mine]
    return rows, site


# --------------------------------------------------------------------------- page weight


def bench_weights(site: Path | None, opts: Options) -> list[Row]:
    if site is None or not site.is_dir():
        return [Row("site pages", note="no site was built"), Row("shared assets/", note="no site was built")]
    rows = []
    for page in sorted(site.glob("*.html")):
        rows.append(Row(f"page {page.name}", [page.stat().st_size], "B", target=TARGETS["page"], worst=True))
    guide = sorted((site / "guide").rglob("*.html"))
    if guide:
        rows.append(Row(f"guide pages ({len(guide)}, median/min/max)", [p.stat().st_size for p in guide], "B",
                        target=TARGETS["page"], worst=True))
    assets = [p for p in (site / "assets").rglob("*") if p.is_file()]
    rows.append(Row("shared assets/ (all files)", [sum(p.stat().st_size for p in assets)], "B",
                    target=TARGETS["shared"], note=f"{len(assets)} files"))
    return rows
