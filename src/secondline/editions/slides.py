"""Facilitator slides: one reveal.js deck per module, from the same executed notebooks as the site.

Sections follow the notebooks' `slideshow` metadata; facilitator cells (slide type `notes`) become speaker notes
(press S). A list too long for one 1280x720 slide (key points, references) continues on further slides, each with
the heading and "(continued)"; anything else taller than a slide scrolls inside it, clear of the controls
(static/site/slides.css). Each quiz becomes a poll slide: the prompt and lettered options, then one fragment with the best answer
and every option's verdict and rationale, rendered from content/. Other interactions keep their static view.
reveal.js comes from package-lock.json through npm into slides/reveal.js/; nothing loads from the network.
A translated deck (slides/<lang>/) is built by the same code from the translated notebooks, in a site.py Voice.
"""

from __future__ import annotations

import copy
import re
from html import unescape
from pathlib import Path

from ..content.course import Content
from ..content.schema import QuizItem
from ..views.logic.quiz import VERDICTS
from ..views.static import esc
from .assets import copy_reveal, write, write_runtime
from .site import ENGLISH, Voice, fix_links, is_website_only, load_executed, module_label

TEMPLATE = Path(__file__).parent / "templates" / "slides.html.j2"
REVEAL_PREFIX = "reveal.js"
WIDTH, HEIGHT = 1280, 720  # 16:9, scaled to fit the screen by reveal
LETTERS = "ABCDEFGH"
# Lists that continue over several slides, and a conservative estimate of what fits on one: at 22px type in the
# slide's text column (slides.css) a line holds about 85 characters and is 31px tall; an item adds its margins.
SPLIT_LIST = re.compile(r'^\s*(<div class="sl sl-(?:references|keypoints)"[^>]*><(ol|ul)>)(.*)(</\2></div>)\s*$', re.S)
LIST_ITEM = re.compile(r"<li\b.*?</li>", re.S)
CHARS_PER_LINE, LINE_PX, ITEM_PX, LIST_PX = 85, 31, 10, 560
QUIZ = re.compile(r'data-sl-kind="quiz"[^>]*?data-sl-id="([^"]+)"|data-sl-id="([^"]+)"[^>]*?data-sl-kind="quiz"')


def poll_html(item: QuizItem, voice: Voice = ENGLISH) -> str:
    """A quiz item for a room: prompt and lettered options; one fragment adds each verdict, rationale and the best."""
    options = []
    for i, o in enumerate(item.options):
        v = VERDICTS[o.verdict]
        options.append(
            f'<li class="sl-poll-option" data-sl-verdict="{o.verdict}">'
            f'<span class="sl-poll-letter" aria-hidden="true">{LETTERS[i]}</span>'
            f'<span class="sl-poll-text"><span class="sl-visually-hidden">{LETTERS[i]}. </span>{esc(o.text)}</span>'
            f'<span class="fragment sl-poll-why" data-fragment-index="1"><span class="sl-icon" aria-hidden="true">'
            f"{v.icon}</span><strong>{esc(v.label)}.</strong> {esc(o.why)}</span></li>")
    label, best = esc(voice._("Poll")), esc(voice._("Best answer: {letter}").format(letter=LETTERS[item.best_index]))
    return (f'<div class="sl sl-poll" data-sl-kind="poll" data-sl-id="{esc(item.id)}">'
            f'<p class="sl-poll-label">{label}</p><p class="sl-poll-prompt">{esc(item.prompt)}</p>'
            f'<ol class="sl-poll-options">{"".join(options)}</ol>'
            f'<p class="fragment sl-poll-best" data-fragment-index="1"><span aria-hidden="true">✔ </span>'
            f"{best}</p></div>")


def no_sections(html: str) -> str:
    """reveal.js counts every <section> in the deck as a slide, so an interaction's own <section> becomes a <div>
    (a named region keeps its role)."""
    def opening(m: re.Match) -> str:
        attrs = m.group(1)
        role = ' role="region"' if "aria-label" in attrs and "role=" not in attrs else ""
        return f"<div{role}{attrs}>"

    return re.sub(r"</section\s*>", "</div>", re.sub(r"<section\b([^>]*)>", opening, html))


def item_px(item: str) -> int:
    text = unescape(re.sub(r"<[^>]+>", "", item))
    return -(-len(text) // CHARS_PER_LINE) * LINE_PX + ITEM_PX


def list_chunks(html: str) -> list[str] | None:
    """A key-points or references list too tall for one slide, as lists that each fit (a numbered list goes on
    counting with `start`); None when it fits or is not such a list."""
    m = SPLIT_LIST.match(html)
    if not m:
        return None
    opening, tag, body, closing = m.groups()
    items = LIST_ITEM.findall(body)
    if "".join(items) != body.strip() or sum(map(item_px, items)) <= LIST_PX:
        return None
    chunks: list[list[str]] = [[]]
    height = 0
    for item in items:
        if chunks[-1] and height + item_px(item) > LIST_PX:
            chunks.append([])
            height = 0
        chunks[-1].append(item)
        height += item_px(item)
    out, first = [], 1
    for chunk in chunks:
        start = f' start="{first}"' if tag == "ol" and first > 1 else ""
        out.append(opening.replace(f"<{tag}>", f"<{tag}{start}>") + "".join(chunk) + closing)
        first += len(chunk)
    return out


def heading_text(cell) -> tuple[str, str] | None:
    m = re.match(r"\s*(#{1,3})\s+(.+)", "".join(cell.source)) if cell.cell_type == "markdown" else None
    return (m.group(1), m.group(2).strip()) if m else None


def split_long_lists(nb, voice: Voice = ENGLISH):
    """Continue each long list on further slides: after the slide with the first part, a new slide per part with
    the same heading and "(continued)"; the notebook's own slide metadata places them."""
    cells, heading = [], None
    for cell in nb.cells:
        heading = heading_text(cell) or heading
        html = next((o["data"]["text/html"] for o in cell.get("outputs", []) if isinstance(
            o.get("data", {}).get("text/html"), str)), None)
        chunks = list_chunks(html) if html else None
        if not chunks or heading is None:
            cells.append(cell)
            continue
        for i, chunk in enumerate(chunks):
            if i:
                level, title = heading
                cells.append(nbformat_markdown(f"{level} " + voice._("{title} (continued)").format(title=title), "slide"))
            part = copy.deepcopy(cell)
            if i:
                part.metadata["slideshow"] = {"slide_type": "-"}
                part["id"] = f"{cell.get('id', 'list')}-{i + 1}"[:64]
            for out in part.get("outputs", []):
                if isinstance(out.get("data", {}).get("text/html"), str):
                    out["data"]["text/html"] = chunk
            cells.append(part)
    nb.cells = cells
    return nb


def nbformat_markdown(source: str, slide_type: str):
    from nbformat.v4 import new_markdown_cell

    return new_markdown_cell(source, metadata={"slideshow": {"slide_type": slide_type}})


def for_slides(nb, content: Content, slug: str, voice: Voice = ENGLISH):
    """Replace every quiz output (an element with data-sl-kind="quiz" and a data-sl-id) by its poll; keep the
    other interactions' static views, without <section> elements."""
    mc = content.module(slug)
    nb.cells = [c for c in nb.cells if not is_website_only(c)]  # how to use the website is not for a workshop
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if not isinstance(html, str):
                continue
            m = QUIZ.search(html)
            out["data"]["text/html"] = poll_html(mc.item(m.group(1) or m.group(2)), voice) if m else no_sections(html)
    return split_long_lists(nb, voice)


def export_deck(nb, title: str, source: str, lang: str = "en") -> str:
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(template_file=str(TEMPLATE), reveal_url_prefix=REVEAL_PREFIX, reveal_theme="white",
                              reveal_transition="none", reveal_width=str(WIDTH), reveal_height=str(HEIGHT),
                              exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"secondline": {"title": title, "source": source,
                                                                          "lang": lang}})
    return fix_links(re.sub(r'<a class="anchor-link" href="#[^"]*">[^<]*</a>', "", body))


def index_html(content: Content, decks: dict[str, str], voice: Voice = ENGLISH) -> str:
    items = "".join(f'<li><a href="{esc(slug)}.html">{esc(title)}</a></li>' for slug, title in decks.items())
    status = f'<p class="translation-status" role="note">{esc(voice.status)}</p>' if voice.status else ""
    heading, title = esc(voice._("Slides for facilitators")), esc(voice._("Slides"))
    how = voice._("One deck per module. Use the arrow keys or the space bar to move on; a poll's answers appear on "
                  "the next press. Press <kbd>S</kbd> for the speaker view with the facilitator's notes, and "
                  "<kbd>F</kbd> for full screen.")
    return f"""<!doctype html>
<html lang="{esc(voice.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- Generated by `secondline build slides` from content/curriculum.yml; do not edit. -->
<title>{title} | {esc(content.curriculum.title)}</title>
<link rel="stylesheet" href="assets/secondline.css">
<link rel="stylesheet" href="assets/site.css">
</head>
<body class="site">
<header class="site-header"><p class="site-name">{esc(content.curriculum.title)}</p></header>
<div class="site-layout" style="display:block">
<main id="main">
{status}<h1>{heading}</h1>
<p>{how}</p>
<ol>{items}</ol>
</main>
</div>
</body>
</html>
"""


def build_slides(content: Content, executed: dict[str, Path], out: Path, root: Path, progress=None,
                 voice: Voice = ENGLISH) -> list[Path]:
    """Write one deck per executed module into `out`, with reveal.js and the runtime beside them; `voice`: the
    language of the executed notebooks and of the slides' own words."""
    from ..content.words import speaking

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.html"):
        old.unlink()
    if progress is not None:
        progress.add(len(executed) + 1)
    files = copy_reveal(root, out / REVEAL_PREFIX)
    files += write_runtime(out / "assets", ("slides.css", "site.css"))
    if progress is not None:
        progress.step("slides reveal.js")
    decks: dict[str, str] = {}
    source = f" and content/i18n/{voice.lang}/messages.po" if voice.lang != "en" else ""
    for slug, path in executed.items():
        title = f"{module_label(content, slug, voice)}: {content.entry(slug).title}"
        with speaking(voice.words if voice.words is not None else content):
            nb = for_slides(load_executed(path), content, slug, voice)
        html = export_deck(nb, title, f"notebooks/{slug}.ipynb and content/{source}", voice.lang)
        files.append(write(out / f"{slug}.html", html))
        decks[slug] = title
        if progress is not None:
            progress.step(f"slides {slug}")
    files.append(write(out / "index.html", index_html(content, decks, voice)))
    return files
