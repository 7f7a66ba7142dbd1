"""Glossary: search and flashcard logic, the live view driven by typing and clicks, the static view in a browser."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.schema import Term
from secondline.notebook import ModuleBook
from secondline.views.live.glossary import GlossaryView
from secondline.views.logic import glossary as logic
from secondline.views.logic.glossary import Deck, search
from secondline.views.static import asset
from secondline.views.static.glossary import render, uid

TERMS_YML = """\
- id: line-of-treatment
  term: Line of treatment
  definition: One planned course of cancer treatment, given as a unit.
  sources: [saini-2021, nci-dictionary]
  see_also: [second-line-treatment]
- id: progression
  term: Progression
  definition: The cancer is growing or spreading, often seen on a scan. It may lead to a new line of treatment.
  sources: [eisenhauer-2009]
  see_also: [line-of-treatment, recurrence]
- id: second-line-treatment
  term: Second-line treatment
  definition: The treatment plan used after the first plan stopped working or could not be tolerated.
  sources: [nci-dictionary, verywell-second-line]
  see_also: [line-of-treatment]
- id: baseline-scan
  term: Baseline scan
  definition: A scan taken before treatment starts, so that later scans can be compared with it.
  sources: [eisenhauer-2009]
- id: side-effect
  term: Side effect
  definition: A problem caused by a treatment rather than by the cancer, such as tiredness or nausea.
  sources: [nci-dictionary]
"""


@pytest.fixture(scope="module")
def terms():
    return [Term.model_validate(t) for t in yaml.safe_load(TERMS_YML)]


def ids(found):
    return [t.id for t in found]


def words(value: str) -> str:
    """The visible words of some HTML: tags dropped, spaces collapsed."""
    inline = re.sub(r"</?(span|strong|em|a)\b[^>]*>", "", value)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


# ---------------------------------------------------------------- logic

def test_search_puts_term_matches_first(terms):
    """Do terms whose name starts with the query come first, then names containing it, then definitions?"""
    assert ids(search(terms, "line")) == ["line-of-treatment", "second-line-treatment", "baseline-scan", "progression"]


@pytest.mark.parametrize("query", ["SCAN", "  scan ", "Scan"])
def test_search_ignores_case_and_spaces(terms, query):
    """Is search case-insensitive and forgiving of stray spaces?"""
    assert ids(search(terms, query)) == ["baseline-scan", "progression"]


def test_search_inner_spaces_and_phrases(terms):
    """Does a phrase match across a definition, with doubled spaces collapsed?"""
    assert ids(search(terms, "rather  than")) == ["side-effect"]


def test_empty_and_unmatched_queries(terms):
    """Does an empty query give every term in glossary order, and a query with no match give none?"""
    assert ids(search(terms, "")) == ids(terms) == ids(search(terms, "   "))
    assert search(terms, "zebra") == []


def test_deck_flips_and_wraps(terms):
    """Does the deck start on the first term, flip, move both ways with wrap-around, and show the term side after a move?"""
    deck = Deck(terms)
    assert deck.current.id == "line-of-treatment" and not deck.flipped and deck.position_text == "Card 1 of 5"
    deck.flip()
    assert deck.flipped
    deck.next()
    assert deck.current.id == "progression" and not deck.flipped
    deck.previous()
    deck.previous()
    assert deck.current.id == "side-effect" and deck.position_text == "Card 5 of 5"
    deck.next()
    assert deck.current.id == "line-of-treatment"
    deck.flip()
    deck.flip()
    assert not deck.flipped
    assert deck.go_to("baseline-scan").id == "baseline-scan" and deck.number == 4
    with pytest.raises(KeyError):
        deck.go_to("nowhere")


def test_deck_shuffle_is_deterministic(terms):
    """Does a seed give the same shuffled order every time, covering every term once?"""
    a, b = Deck(terms, seed=7), Deck(terms, seed=7)
    assert a.order == b.order and sorted(a.order) == list(range(5))
    orders = {tuple(Deck(terms, seed=s).order) for s in range(10)}
    assert len(orders) > 1 and tuple(range(5)) == tuple(Deck(terms).order)


def test_empty_deck_is_refused():
    """Is a deck with no terms refused clearly?"""
    with pytest.raises(ValueError, match="at least one term"):
        Deck([])


# ---------------------------------------------------------------- live view

def test_live_search_updates_as_you_type(terms, content):
    """Typing in the named search box: do the results update, term matches first, with a count in words?"""
    view = GlossaryView(terms, content.sources)
    assert view.query.description == "Search the glossary"
    assert words(view.results.value).count("Side effect") == 1  # every term before typing
    view.query.value = "line"
    shown = re.findall(r"<dt>(.*?)</dt>", view.results.value)
    assert shown == ["Line of treatment", "Second-line treatment", "Baseline scan", "Progression"]
    assert "Terms shown: 4 of 5." in words(view.results.value)
    assert 'role="status" aria-live="polite"' in view.results.value


def test_live_search_says_no_match(terms, content):
    """Does a query with no match say so in words, with the query escaped?"""
    view = GlossaryView(terms, content.sources)
    view.query.value = "<b>zebra"
    assert "No term or meaning contains “<b>zebra”." in words(view.results.value)
    assert "<b>zebra" not in view.results.value and "<dt>" not in view.results.value


def test_live_search_emits_events(terms, content):
    """Does each search emit the query and the terms found, for the progress record?"""
    events = []
    view = GlossaryView(terms, content.sources, on_event=events.append)
    view.query.value = "scan"
    assert events == [{"kind": "glossary", "id": "glossary", "action": "search", "query": "scan",
                       "found": ["baseline-scan", "progression"]}]


def test_live_cards_flip_and_move(terms, content):
    """In cards mode, does Show the meaning reveal the definition, and do Next and Previous wrap around?"""
    events = []
    view = GlossaryView(terms, content.sources, mode="cards", on_event=events.append)
    card = words(view.card.value)
    assert "Card 1 of 5" in card and "Line of treatment" in card and terms[0].definition not in card
    assert view.flip.description == "Show the meaning"
    view.flip.click()
    card = words(view.card.value)
    assert terms[0].definition in card and "See also: Second-line treatment" in card and "Sources:" in card
    assert view.flip.description == "Hide the meaning"
    view.previous.click()
    assert "Card 5 of 5" in words(view.card.value) and "Side effect" in words(view.card.value)
    assert view.flip.description == "Show the meaning"
    view.next.click()
    view.next.click()
    assert "Card 2 of 5" in words(view.card.value)
    assert [e["action"] for e in events] == ["flip", "previous", "next", "next"]
    assert events[0] == {"kind": "glossary", "id": "glossary", "action": "flip", "term": "line-of-treatment",
                         "flipped": True}
    assert 'aria-live="polite"' in view.card.value


def test_live_see_also_lists_only_terms_present(terms, content):
    """Are related terms outside this glossary view left out instead of named without a definition?"""
    view = GlossaryView(terms, content.sources)
    view.query.value = "progression"
    assert "See also: Line of treatment" in words(view.results.value)
    assert "recurrence" not in view.results.value.lower()


def test_live_modes_and_empty(terms, content):
    """Is an unknown mode refused, and does a glossary with no terms say so instead of failing?"""
    with pytest.raises(ValueError, match="search, cards"):
        GlossaryView(terms, content.sources, mode="quiz")
    for mode in ("search", "cards"):
        view = GlossaryView([], content.sources, mode=mode)
        assert logic.EMPTY in html.unescape(view.children[1].value)


def test_mimebundle_carries_static_twin(terms, content):
    """Does the widget's mimebundle carry the static HTML of the same mode as its text/html fallback (the runtime
    comes once, with the module header)?"""
    for mode in ("search", "cards"):
        bundle = GlossaryView(terms, content.sources, mode=mode)._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert bundle["text/html"] == render(terms, content.sources, mode, runtime=False)


def test_facade_shows_module_terms_or_everything(content):
    """Does m.glossary() show the module's terms, everything=True the whole glossary, and mode="cards" flashcards?"""
    m = ModuleBook("01-lines-of-treatment", content)
    view = m.glossary()
    assert isinstance(view, GlossaryView) and [t.id for t in view.terms] == m.mc.module.terms
    assert len(m.glossary(everything=True).terms) == len(content.glossary)
    assert m.glossary(mode="cards").deck is not None


# ---------------------------------------------------------------- static view

def test_static_search_is_a_labelled_input_over_a_definition_list(terms, content):
    """Is there a labelled search input, and a <dl> with a term-<id> anchor per term that notebooks can link to?"""
    out = render(terms, content.sources, runtime=False)
    u = uid(terms, "search")
    assert f'<label for="{u}-q" class="sl-prompt">Search the glossary</label>' in out
    assert re.search(rf'<input type="search" class="sl-g-query" id="{u}-q" aria-describedby="{u}-hint"', out)
    assert f'<dl class="sl-g-list" id="{u}-list">' in out
    for t in terms:
        assert f'id="term-{t.id}"' in out and f"<dt>{html.escape(t.term)}</dt>" in out
    assert '<a href="#term-second-line-treatment" data-sl-action="glossary-see"' in out
    assert "#term-recurrence" not in out  # not in this view, so not linked
    assert 'role="status" aria-live="polite"' in out and 'data-sl-kind="glossary"' in out
    assert 'class="sl-g-count"' in out and 'class="sl-g-nomatch"' in out and "Sources:" in out


def test_static_search_without_anchors(terms, content):
    """With anchors=False (a second glossary on one page), are the term-<id> ids left out?"""
    assert 'id="term-' not in render(terms, content.sources, anchors=False)


def test_static_cards_work_without_javascript(terms, content):
    """In cards mode, is every term a native <details> card, with the JS-only navigation hidden until the runtime starts?"""
    out = render(terms, content.sources, "cards", runtime=False)
    assert out.count("<details") == 5 and out.count("<summary>") == 5
    for t in terms:
        assert f'<span class="sl-g-card-term">{html.escape(t.term)}</span>' in out
        assert html.escape(t.definition) in out
    assert '<div class="sl-g-nav" hidden>' in out and '<p class="sl-g-position" aria-live="polite" hidden>' in out
    assert 'data-sl-action="glossary-next"' in out and 'data-sl-action="glossary-previous"' in out
    assert 'id="term-' not in out  # anchors belong to the search view only, so ids stay unique on a page


def test_static_view_escapes_text(terms, content):
    """Are terms and definitions escaped in both modes?"""
    evil = [terms[0].model_copy(update={"term": "<script>alert(1)</script>", "definition": "<img src=x onerror=alert(2)> and more words"})]
    for mode in ("search", "cards"):
        out = render(evil, content.sources, mode)
        assert "<script>alert(1)" not in out and "<img src=x" not in out and "&lt;script&gt;" in out


def test_static_modes_and_ids(terms, content):
    """Is an unknown mode refused, and is each glossary's id prefix stable and different per mode?"""
    with pytest.raises(ValueError):
        render(terms, content.sources, "list")
    assert uid(terms, "search") == uid(list(terms), "search") != uid(terms, "cards")
    assert logic.EMPTY in html.unescape(render([], content.sources))


def test_glossary_js_holds_no_content(terms):
    """Does glossary.js hold none of the wording, only the logic that filters and moves?"""
    js = asset("glossary.js")
    for text in ("Terms shown", "No term", "Card ", logic.SHOW_MEANING, logic.NEXT, logic.PREVIOUS, logic.SEE_ALSO,
                 *(t.term for t in terms)):
        assert text not in js
    assert "eval(" not in js and "http" not in js


def test_static_search_in_browser(terms, content, tmp_path):
    """In Chromium with no kernel, does typing filter the list (term matches first), say 'no match', and follow see-also?"""
    from browser import browser_page

    page_file = tmp_path / "glossary.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(terms, content.sources)}</body></html>')
    with browser_page() as page:
        page.goto(page_file.as_uri())
        box = page.get_by_role("searchbox", name="Search the glossary")
        box.press_sequentially("LINE")
        visible = page.locator(".sl-g-term:not([hidden]) dt").all_inner_texts()
        assert visible == ["Line of treatment", "Second-line treatment", "Baseline scan", "Progression"]
        assert page.get_by_role("status").inner_text() == "Terms shown: 4 of 5."
        box.fill("zebra")
        assert page.locator(".sl-g-term:not([hidden])").count() == 0
        assert "No term or meaning contains “zebra”." in page.get_by_role("status").inner_text()
        box.fill("")
        assert page.locator(".sl-g-term:not([hidden]) dt").all_inner_texts() == [t.term for t in terms]
        assert page.locator(".sl-g-status").inner_text() == ""
        box.fill("progression")
        page.get_by_role("link", name="Line of treatment").click()
        assert box.input_value() == "" and page.locator(".sl-g-term:not([hidden])").count() == 5
        assert page.evaluate("document.activeElement.id") == "term-line-of-treatment"
        page.screenshot(path=str(tmp_path / "glossary-search.png"), full_page=True)


def test_static_cards_in_browser(terms, content, tmp_path):
    """In Chromium, is one card shown at a time; do Next/Previous wrap; does the card open by keyboard to its meaning?"""
    from browser import browser_page

    page_file = tmp_path / "cards.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(terms, content.sources, "cards")}</body></html>')
    with browser_page() as page:
        page.goto(page_file.as_uri())
        cards = page.locator(".sl-g-card:not([hidden])")
        assert cards.count() == 1 and cards.locator(".sl-g-card-term").inner_text() == "Line of treatment"
        assert page.locator(".sl-g-position").inner_text() == "Card 1 of 5"
        page.get_by_role("button", name="Previous card").click()
        assert cards.locator(".sl-g-card-term").inner_text() == "Side effect"
        assert page.locator(".sl-g-position").inner_text() == "Card 5 of 5"
        page.get_by_role("button", name="Next card").click()
        page.get_by_role("button", name="Next card").click()
        assert cards.locator(".sl-g-card-term").inner_text() == "Progression"
        assert not cards.locator(".sl-g-def").is_visible()
        cards.locator("summary").focus()
        page.keyboard.press("Enter")
        assert cards.locator(".sl-g-def").is_visible() and terms[1].definition in cards.inner_text()
        assert "Hide the meaning" in cards.inner_text()
        page.get_by_role("button", name="Next card").click()
        assert not cards.locator(".sl-g-def").is_visible()  # the next card starts term side up
        page.screenshot(path=str(tmp_path / "glossary-cards.png"), full_page=True)

        # With JavaScript off, every card is listed and opens natively; no dead buttons are shown.
        nojs = page.context.browser.new_context(java_script_enabled=False).new_page()
        nojs.goto(page_file.as_uri())
        assert nojs.locator(".sl-g-card").count() == 5 and nojs.locator(".sl-g-card:not([hidden])").count() == 5
        assert not nojs.get_by_role("button", name="Next card").is_visible()
        nojs.locator(".sl-g-card summary").nth(3).click()
        assert nojs.locator(".sl-g-def").nth(3).is_visible()


# ---------------------------------------------------------------- content

@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d[0].update(see_also=["flux-capacitor"]), "field see_also[0]: unknown glossary term 'flux-capacitor'"),
    (lambda d: d[1].update(sources=["nobody-2099"]), "field sources[0]: unknown source 'nobody-2099'"),
    (lambda d: d[2].update(id=d[0]["id"]), "duplicate term id"),
    (lambda d: d[3].update(definition="Too short."), "definition: String should have at least 20 characters"),
    (lambda d: d[4].update(sources=[]), "sources: List should have at least 1 item"),
    (lambda d: d[0].update(meaning="typo"), "meaning: Extra inputs are not permitted"),
])
def test_glossary_content_errors(tmp_content, change, message):
    """Does each kind of mistake in glossary.yml give one error naming the file and the field?"""
    tmp_content.edit("glossary.yml", change)
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    assert "glossary.yml" in str(info.value) and message in str(info.value)


def test_real_glossary_renders_with_unique_anchors(content):
    """Does the whole shipped glossary render with one unique term-<id> anchor per term, and every card?"""
    terms = list(content.glossary.values())
    out = render(terms, content.sources)
    anchors = re.findall(r'id="(term-[^"]+)"', out)
    assert len(anchors) == len(set(anchors)) == len(terms)
    assert render(terms, content.sources, "cards", runtime=False).count("<details") == len(terms)
