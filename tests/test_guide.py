"""The educator guide: plans that add up, generated answer keys and CE figures, working links, real ids, own words,
and plain language on the pages learners and role-players read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from secondline.content.load import load
from secondline.guide.__main__ import main
from secondline.guide.answer_keys import answer_key_markdown
from secondline.guide.ce_packet import contact_hours, curriculum_minutes, evidence_list_markdown, time_on_task_markdown
from secondline.guide.pages import anchor, generated_pages, write_guide
from secondline.guide.plans import FORMATS, Plan, _section_spec, check_plan, parse_plan, plan_totals
from secondline.views.logic.quiz import VERDICTS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "educator_guide"
PLANS = sorted(FORMATS)
KITS = ["04-preparing-for-the-visit", "05-deciding-whether-to-continue", "06-palliative-care-and-hospice",
        "07-emotions-hope-and-the-navigators-role"]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def built(tmp_path_factory, content):
    """The whole built guide, written once for these tests."""
    out = tmp_path_factory.mktemp("guide") / "guide"
    write_guide(out, content)
    return out


def hand_pages() -> dict[str, str]:
    return {p.relative_to(GUIDE).as_posix(): p.read_text(encoding="utf-8") for p in sorted(GUIDE.rglob("*.md"))}


def section(md: str, heading: str) -> str:
    """The text under the first `## heading...` up to the next `## `."""
    m = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", md, re.M | re.S)
    return m.group(1) if m else ""


def plain(md: str) -> str:
    """Markdown reduced to its words for a readability score: markup, code, URLs and form glyphs removed; table cells
    kept as text (a form's statements live in its table)."""
    text = re.sub(r"`[^`]*`", "", md)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"^\s*\|?[\s|:-]+\|\s*$", "", text, flags=re.M)  # table separator rows
    text = re.sub(r"[#>*_\[\]|☐]", " ", text)
    return "\n".join(ln.strip() for ln in text.splitlines() if re.search(r"[A-Za-z]", ln))


# --------------------------------------------------------------------------- session plans


@pytest.mark.parametrize("name", PLANS)
def test_plan_adds_up(name, content):
    """Does each plan cover every section once, with rows, sessions and clock times that add up?"""
    plan = parse_plan(GUIDE / "plans" / f"{name}.md", GUIDE)
    assert check_plan(plan, content) == []


@pytest.mark.parametrize("name", PLANS)
def test_plan_module_minutes_match_curriculum(name, content):
    """Do each module's minutes in a plan (live plus pre-work or homework) equal its minutes in curriculum.yml?"""
    plan = parse_plan(GUIDE / "plans" / f"{name}.md", GUIDE)
    for entry in content.curriculum.modules:
        assert plan.minutes_of(entry.slug, prework=False) + plan.minutes_of(entry.slug, prework=True) == entry.minutes
    assert plan_totals(plan).module_minutes == curriculum_minutes(content)


def test_plan_formats(content):
    """Is the day about 6.5 hours of contact time plus breaks, four sessions of two hours, and self-paced with
    check-ins?"""
    plans = {n: parse_plan(GUIDE / "plans" / f"{n}.md", GUIDE) for n in PLANS}
    day = plan_totals(plans["one-day"])
    assert 375 <= day.live <= 405 and day.breaks > 0 and day.sessions == 1
    assert [b.stated for b in plans["four-sessions"].sessions] == [120, 120, 120, 120]
    assert any(r.what == "check-in" for r in plans["self-paced"].rows())
    assert plan_totals(plans["self-paced"]).live_modules == 0


def broken_plan(tmp_path: Path, name: str, old: str, new: str) -> Plan:
    """A copy of a real plan with one piece of text changed, read from tmp/plans/ so messages say plans/<name>.md."""
    text = (GUIDE / "plans" / f"{name}.md").read_text()
    assert old in text, old
    path = tmp_path / "plans" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new, 1))
    return parse_plan(path, tmp_path)


def test_wrong_minutes_fail_naming_plan_and_row(tmp_path, content):
    """Does a row with wrong minutes fail with a message naming the plan, the line and the row?"""
    plan = broken_plan(tmp_path, "one-day", "| 10:09 | 15 | 04-preparing-for-the-visit |",
                       "| 10:09 | 16 | 04-preparing-for-the-visit |")
    problems = check_plan(plan, content)
    line = next(r.line for r in plan.rows() if r.clock == "10:09")
    row = [p for p in problems if f"line {line} " in p]
    assert row, problems
    assert row[0].startswith(f"plans/one-day.md, line {line} (row '10:09 04-preparing-for-the-visit')")
    assert "16 minutes given" in row[0] and "take 15 minutes in module.yml" in row[0]
    # the next row's clock and the day's total no longer follow either
    assert any("starts at 10:24, but the row before ends at 10:25" in p for p in problems)
    assert any("the rows add up to 470 minutes, but the heading states 469" in p for p in problems)


def test_session_total_must_match_its_heading(tmp_path, content):
    """Does a session whose rows do not add up to its stated length fail, naming the session?"""
    plan = broken_plan(tmp_path, "four-sessions", "## Session 2 (120 minutes)", "## Session 2 (125 minutes)")
    problems = check_plan(plan, content)
    assert any("plans/four-sessions.md, line" in p and "(session 'Session 2: trials" in p
               and "add up to 120 minutes, but the heading states 125" in p for p in problems), problems


def test_prework_is_subtracted_and_required(tmp_path, content):
    """Are pre-work sections counted for their module, and does dropping one fail by section id?"""
    plan = parse_plan(GUIDE / "plans" / "one-day.md", GUIDE)
    assert "care-s4" in plan.prework_sections()
    total = content.entry("06-palliative-care-and-hospice").minutes
    sessions = plan.minutes_of("06-palliative-care-and-hospice", prework=False)
    prework = plan.minutes_of("06-palliative-care-and-hospice", prework=True)
    assert sessions + prework == total and prework >= 10
    broken = broken_plan(tmp_path, "one-day", "| 12 | 06-palliative-care-and-hospice | care-s4 | 10 | Medicare hospice basics |\n",
                         "")
    problems = check_plan(broken, content)
    assert any("section 'care-s4' of 06-palliative-care-and-hospice (10 minutes) is in no session" in p for p in problems)
    assert any(f"module 06-palliative-care-and-hospice has {sessions} minutes in sessions and {prework - 10} as pre-work" in p
               and f"curriculum.yml gives {total}" in p for p in problems)


def test_section_planned_twice_or_in_wrong_module_fails(tmp_path, content):
    """Does a section listed twice, or under another module, fail with the row named?"""
    plan = broken_plan(tmp_path, "one-day", "| 8:59 | 8 | 03-clinical-trials | trials-s1 |",
                       "| 8:59 | 8 | 04-preparing-for-the-visit | trials-s1 |")
    problems = check_plan(plan, content)
    assert any("(row '8:59 04-preparing-for-the-visit'): section 'trials-s1' belongs to 03-clinical-trials" in p
               for p in problems), problems
    plan = broken_plan(tmp_path, "four-sessions", "| Before session 2 | 02-what-to-expect | expect-s1 | 9 |",
                       "| Before session 2 | 02-what-to-expect | expect-s2 | 12 |")
    problems = check_plan(plan, content)
    assert any("section 'expect-s2' is already planned on line" in p for p in problems), problems


def test_interaction_named_in_the_wrong_row_fails(tmp_path, content):
    """Does a row that names an item taught in another section fail (the plan has gone stale)?"""
    plan = broken_plan(tmp_path, "one-day", "Items trials-q01, trials-q02", "Items trials-q01, trials-q13")
    problems = check_plan(plan, content)
    assert any("names trials-q13, which is in section trials-s6, not in this row" in p for p in problems), problems


def test_section_ranges_and_keywords():
    """Do 'x-s1 to x-s3' ranges expand, and do keyword rows need no sections?"""
    assert _section_spec("lines-s1 to lines-s3") == ["lines-s1", "lines-s2", "lines-s3"]
    assert _section_spec("`care-s4`, care-s5") == ["care-s4", "care-s5"]
    assert _section_spec("") == []


def test_unknown_row_kind_fails(tmp_path, content):
    """Is a row whose Module cell is neither a slug nor a keyword reported?"""
    plan = broken_plan(tmp_path, "one-day", "| 9:54 | 15 | break |", "| 9:54 | 15 | coffee |")
    problems = check_plan(plan, content)
    assert any("'coffee' is neither a module slug" in p for p in problems), problems


# --------------------------------------------------------------------------- generated answer keys


@pytest.mark.parametrize("slug", [e.slug for e in load().curriculum.modules])
def test_answer_key_has_every_item_option_and_rationale(slug, content):
    """Does the generated key hold every item id, every option with its verdict label, rationale and sources?"""
    key = answer_key_markdown(slug, content)
    mc = content.module(slug)
    for item in mc.quiz.items:
        assert f"### {item.id}" in key
        assert item.prompt in key
        for opt in item.options:
            assert opt.text in key and opt.why in key
            assert f"*{VERDICTS[opt.verdict].label}.* {opt.why}" in key
            for s in opt.sources:
                assert content.sources[s].link in key
        assert f"Best answer: **{'ABCDEF'[item.best_index]}**" in key
    for case in mc.cases:
        for scene in case.scenes:
            assert f"Scene `{scene.id}`" in key
            for ch in scene.choices:
                assert ch.text in key and ch.debrief in key and f"(leads to `{ch.next}`)" in key
    for sort in mc.sorts:
        for st in sort.statements:
            assert st.id in key and st.why in key
    assert key.startswith("<!-- Generated by secondline.guide")


def test_built_guide_has_every_key(built, content):
    """Does write_guide put one key per module in answer-keys/, with an index?"""
    for e in content.curriculum.modules:
        assert (built / "answer-keys" / f"{e.slug}.md").read_text() == answer_key_markdown(e.slug, content)
    assert (built / "answer-keys" / "index.md").is_file()


def test_pages_never_hold_a_hand_typed_key(content):
    """Does no hand-written page give answers ("Answer: B") or copy a rationale or debrief from the content?"""
    answer_line = re.compile(r"(?im)^.*\b(?:answer|key|correct|best)\b\**\s*(?:is\s*)?[:=]\s*\**\(?[A-F]\b")
    rationales = [o.why for it in content.items() for o in it.options]
    rationales += [ch.debrief for mc in content.modules.values() for c in mc.cases for s in c.scenes for ch in s.choices]
    for rel, text in hand_pages().items():
        assert not answer_line.search(text), f"{rel}: {answer_line.search(text).group(0)}"
        flat = " ".join(text.split())
        copied = [r for r in rationales if r in flat]
        assert not copied, f"{rel} copies a rationale from the content: {copied[0][:60]}..."


def test_module_pages_link_their_generated_key_and_deck(content):
    """Does each module page link answer-keys/NN-slug.md and say it is generated, point to its deck in facilitator
    words, and tell maintainers (in the section left out of print) which command writes the key and the deck?"""
    for slug in content.modules:
        page = (GUIDE / f"{slug}.md").read_text()
        key = " ".join(section(page, "Answer key").split())  # wrapped lines read as one
        assert f"](answer-keys/{slug}.md)" in key and "Generated" in key
        assert f"module {int(slug[:2])} deck" in " ".join(section(page, "Slides").split())
        upkeep = " ".join(section(page, "For maintainers").split())
        assert "`secondline build site`" in upkeep and f"`_build/slides/{slug}.html`" in upkeep


# --------------------------------------------------------------------------- module pages


REQUIRED = ["Timing", "Objectives", "Slides", "How to present", "Discussion prompts", "Common misconceptions",
            "Scope guardrails", "Answer key"]


def test_module_pages_have_every_part(content):
    """Has every module page the parts a facilitator needs, and a role-play section for modules 4 to 7?"""
    for slug in content.modules:
        page = (GUIDE / f"{slug}.md").read_text()
        headings = re.findall(r"^## (.+)$", page, re.M)
        for part in REQUIRED + (["Role-play"] if slug in KITS else []):
            assert any(h.startswith(part) for h in headings), f"{slug}.md has no '## {part}'"


def test_timing_tables_match_module_yml(content):
    """Does each module page's timing table list every section (id, title, minutes) and the total, as module.yml does?"""
    for slug, mc in content.modules.items():
        table = section((GUIDE / f"{slug}.md").read_text(), "Timing")
        rows = re.findall(r"^\| ([a-z]+-s\d+) \| (.+?) \| (\d+) \|", table, re.M)
        assert [(i, t, int(m)) for i, t, m in rows] == [(s.id, s.title, s.minutes) for s in mc.module.sections], slug
        total = re.search(r"\*\*Total\*\* \| \*\*(\d+)\*\*", table)
        assert total and int(total.group(1)) == content.entry(slug).minutes, slug


def test_misconceptions_cover_every_item(content):
    """Does each module page give a common misconception for every quiz item of its module?"""
    for slug, mc in content.modules.items():
        part = section((GUIDE / f"{slug}.md").read_text(), "Common misconceptions")
        missing = [it.id for it in mc.quiz.items if it.id not in part]
        assert not missing, f"{slug}.md: no misconception for {', '.join(missing)}"


def test_ids_mentioned_in_the_guide_exist(content):
    """Does every item, objective, section, case, sort, statement or exercise id in educator_guide/ exist?"""
    known = set()
    for mc in content.modules.values():
        known |= {o.id for o in mc.module.objectives} | {s.id for s in mc.module.sections}
        known |= {it.id for it in mc.quiz.items} | {c.id for c in mc.cases} | {w.id for w in mc.weighing}
        known |= {f.id for f in mc.figures}
        for sort in mc.sorts:
            known |= {sort.id} | {st.id for st in sort.statements}
    prefixes = "|".join(sorted({mc.module.prefix for mc in content.modules.values()}))
    pattern = re.compile(rf"\b(?:{prefixes})-(?:q\d+|o\d+|s\d+|c\d+|sort\d+(?:-s\d+)?|w\d+|f\d+)\b")
    for rel, text in hand_pages().items():
        unknown = sorted(set(pattern.findall(text)) - known)
        assert not unknown, f"{rel} mentions unknown ids: {', '.join(unknown)}"


@pytest.mark.parametrize("slug", KITS)
def test_role_play_kits_name_real_scenes(slug, content):
    """Does each kit's code-formatted name refer to a real section, case, sort, scene or item of its module?"""
    mc = content.module(slug)
    known = {s.id for s in mc.module.sections} | {c.id for c in mc.cases} | {x.id for x in mc.sorts}
    known |= {s.id for c in mc.cases for s in c.scenes} | {it.id for it in mc.quiz.items}
    text = (GUIDE / "role-plays" / f"{slug}.md").read_text()
    unknown = sorted(set(re.findall(r"`([a-z0-9-]+)`", text)) - known)
    assert not unknown, f"role-plays/{slug}.md: {unknown}"


@pytest.mark.parametrize("slug", KITS)
def test_role_play_kits_are_complete(slug):
    """Has each kit patient or family cards, a navigator card, an observer checklist, debrief questions and emotion guidance?"""
    text = (GUIDE / "role-plays" / f"{slug}.md").read_text()
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert any(re.match(r"(Patient|Caregiver|Family) card", h) for h in headings)
    for part in ("Navigator card", "Observer card", "Debrief questions", "Strong emotion", "Timing"):
        assert any(h.startswith(part) for h in headings), f"{slug}: no '## {part}'"
    assert "☐" in section(text, "Observer card") or "tally" in section(text, "Observer card").lower()
    assert "fictional" in text


# --------------------------------------------------------------------------- CE packet and evaluation


def test_evidence_list_is_generated_with_review_dates(built, content):
    """Does the generated evidence list give every source with its link and how far it was checked?"""
    text = (built / "ce-packet" / "evidence-list.md").read_text()
    assert text == evidence_list_markdown(content)
    assert "Generated by secondline.guide" in text and "content/sources.yml" in text
    for s in content.sources.values():
        assert f"Id `{s.id}`. Checked: **{s.check_label()}**." in text
        assert s.link in text
    assert len(re.findall(r"^\d+\. \*\*", text, re.M)) == len(content.sources)


def test_contact_hours_are_computed_from_the_curriculum(tmp_content, content):
    """Are contact hours total minutes / 60 from curriculum.yml, and do they follow a change in the minutes?"""
    total = sum(e.minutes for e in content.curriculum.modules)
    assert curriculum_minutes(content) == total
    assert contact_hours(total) == int(total * 100 / 60) / 100
    assert contact_hours(60) == 1.0 and contact_hours(90) == 1.5 and contact_hours(40) == 0.66
    text = time_on_task_markdown(content)
    assert f"**Learning time: {total} minutes" in text and f"{contact_hours(total):.2f} contact hours" in text

    def longer(data):
        data["modules"][1]["minutes"] += 10

    def longer_section(data):
        data["sections"][0]["minutes"] += 10

    tmp_content.edit("curriculum.yml", longer)
    tmp_content.edit("modules/01-lines-of-treatment/module.yml", longer_section)
    changed = load(tmp_content.root)
    assert f"{contact_hours(total + 10):.2f} contact hours" in time_on_task_markdown(changed)


def test_no_hand_page_types_the_contact_hours(content):
    """Is the contact-hour figure only in generated output, never typed on a hand-written page?"""
    figure = f"{contact_hours(curriculum_minutes(content)):.2f}"
    for rel, text in hand_pages().items():
        assert figure not in text, rel
        assert not re.search(r"\d+(?:\.\d+)?\s+contact hours", text), rel


def test_ce_packet_says_it_awards_no_credit():
    """Does the packet say plainly that the curriculum awards no credit, and that a provider unit does?"""
    text = " ".join((GUIDE / "ce-packet" / "index.md").read_text().split())
    assert "Second Line does not award continuing-education credit" in text
    assert "provider unit" in text and "Nurse Planner" in text
    for page in ("practice-gap", "learning-outcomes", "disclosure-template", "certificate-template", "evaluation-form"):
        assert (GUIDE / "ce-packet" / f"{page}.md").is_file()


def test_practice_gap_cites_real_sources(content):
    """Is every source id cited on the practice-gap page in content/sources.yml?"""
    text = (GUIDE / "ce-packet" / "practice-gap.md").read_text()
    cited = re.findall(r"`([a-z0-9-]+)`", text)
    assert cited and set(cited) <= set(content.sources)


def test_evaluation_forms_are_generated(built, content):
    """Are forms A and B, their key and the confidence ratings generated from content, with no answers on the forms?"""
    kc = content.knowledge_check
    items = {it.id: it for it in kc.items}
    for form in kc.forms:
        text = (built / "evaluation" / f"form-{form.id}.md").read_text()
        for ref in form.items:
            assert items[ref].prompt in text
            assert all(o.why not in text for o in items[ref].options)
    key = (built / "evaluation" / "knowledge-check-key.md").read_text()
    for form in kc.forms:
        for ref in form.items:
            it = items[ref]
            assert f"| {ref} | {it.objective} | {it.difficulty} | {it.level} | {'ABCDEF'[it.best_index]} |" in key
            assert all(o.why in key for o in it.options)
    ratings = (built / "evaluation" / "confidence-ratings.md").read_text()
    for mc in content.modules.values():
        for o in mc.module.objectives:
            assert f"| {o.id} | {o.text} | | |" in ratings


# --------------------------------------------------------------------------- the built guide


def test_write_guide_copies_pages_and_adds_generated_ones(built, content):
    """Does the built guide hold every hand-written page unchanged, every generated page, and an HTML twin of each?"""
    for rel, text in hand_pages().items():
        assert (built / rel).read_text() == text
    generated = generated_pages(content)
    assert not set(generated) & set(hand_pages()), "a generated page would overwrite a hand-written one"
    for rel in [*hand_pages(), *generated]:
        html = (built / rel).with_suffix(".html").read_text()
        assert '<html lang="en">' in html and "<title>" in html
        assert not re.search(r"<(?:script|link|img)\b", html), rel  # nothing to load, from anywhere
    assert all("Generated by secondline.guide" in (built / rel).read_text() for rel in generated)


def test_write_guide_rebuilds_but_never_clobbers(tmp_path, content):
    """Does a rebuild replace its own folder, and refuse a non-empty folder it did not write?"""
    out = tmp_path / "guide"
    write_guide(out, content, html=False)
    (out / "stale.md").write_text("old")
    write_guide(out, content, html=False)
    assert not (out / "stale.md").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "precious.txt").write_text("keep")
    with pytest.raises(FileExistsError):
        write_guide(other, content)
    assert (other / "precious.txt").read_text() == "keep"


def test_module_command_writes_the_guide(tmp_path, capsys):
    """Does `python -m secondline.guide OUT` write the guide and exit 0 when the plans add up?"""
    assert main([str(tmp_path / "g")]) == 0
    assert (tmp_path / "g" / "index.html").is_file()
    assert "contact hours" in capsys.readouterr().out


def _anchors(md: str) -> set[str]:
    return {anchor(h) for h in re.findall(r"^#{1,6} (.+?)\s*$", md, re.M)}


def test_every_link_in_the_built_guide_resolves(built):
    """Does every relative link on every page (hand-written or generated) reach a page, and a heading when it names one?"""
    problems = []
    for page in sorted(built.rglob("*.md")):
        for target in LINK.findall(page.read_text()):
            if re.match(r"https?:|mailto:", target):
                continue
            path, _, frag = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            if not dest.is_file():
                problems.append(f"{page.relative_to(built)} -> {target}: no such page")
            elif frag and dest.suffix == ".md" and frag not in _anchors(dest.read_text()):
                problems.append(f"{page.relative_to(built)} -> {target}: no such heading")
    assert not problems, "\n".join(problems)


def test_every_page_linked_from_index_exists_and_every_page_is_reachable(built):
    """Does every link on index.md work, and can every hand-written page be reached from index.md?"""
    index = built / "index.md"
    for target in LINK.findall(index.read_text()):
        if not target.startswith(("http", "#")):
            assert (built / target.partition("#")[0]).is_file(), target
    seen, todo = set(), [index.resolve()]
    while todo:
        page = todo.pop()
        if page in seen or page.suffix != ".md" or not page.is_file():
            continue
        seen.add(page)
        todo += [(page.parent / t.partition("#")[0]).resolve() for t in LINK.findall(page.read_text())
                 if not re.match(r"https?:|#", t)]
    orphans = [rel for rel in hand_pages() if (built / rel).resolve() not in seen]
    assert not orphans, f"not reachable from index.md: {orphans}"


def test_index_lists_every_module_page_with_its_title(content):
    """Does index.md link every module page under the module's title from curriculum.yml?"""
    text = (GUIDE / "index.md").read_text()
    for e in content.curriculum.modules:
        assert f"[{e.slug[:2]} {e.title}]({e.slug}.md)" in text, e.slug


def test_index_covers_formats_equipment_and_offline_use():
    """Does index.md name the three formats, the room checklist and the offline build (site and slides)?"""
    text = " ".join((GUIDE / "index.md").read_text().split())
    for needle in ("## Who this guide is for", "## Three ways to run the course", "## Room and equipment",
                   "## Where everything is", "secondline build all", "_build/site", "_build/slides", "USB",
                   "plans/one-day.md", "plans/four-sessions.md", "plans/self-paced.md"):
        assert needle in text, needle


# --------------------------------------------------------------------------- own words and plain language


def test_nothing_in_the_guide_is_copied_from_the_seed_pages(built):
    """Does no guide page, hand-written or generated, repeat 9 or more words in a row from a seed page? (The evidence
    list is left out: it must reproduce cited titles exactly, and the seed pages list some of the same references.)
    Checked against the pages' fingerprints kept in tests/data (tests/own_words.py), so it runs in any clone."""
    from own_words import copied, seed_fingerprints

    kept = seed_fingerprints()
    hits = []
    for page in sorted(built.rglob("*.md")):
        if page.name == "evidence-list.md":
            continue
        hits += [f"{page.relative_to(built)}: {g}" for g in copied(page.read_text(), kept)]
    assert not hits, "\n".join(hits)


def card_texts(slug: str) -> dict[str, str]:
    """Every patient, caregiver or family card of a kit: the `## ... card` sections and the extra-scene cards."""
    text = (GUIDE / "role-plays" / f"{slug}.md").read_text()
    cards = {m.group(1): m.group(2) for m in
             re.finditer(r"^## ((?:Patient|Caregiver|Family) card[^\n]*)\n(.*?)(?=^## |\Z)", text, re.M | re.S)}
    for m in re.finditer(r"^\*\*((?:Patient|Caregiver|Family) card[^*]*)\*\*(.*?)(?=^\*\*For the navigator|\Z)",
                         text, re.M | re.S):
        cards[m.group(1)] = m.group(2)
    return cards


@pytest.mark.parametrize("slug", KITS)
def test_role_play_cards_are_grade_8_or_lower(slug):
    """Is every patient, caregiver or family card (read aloud by role-players) at Flesch-Kincaid grade 8 or lower?"""
    cards = card_texts(slug)
    assert cards
    for name, text in cards.items():
        words = plain(text)
        assert len(words.split()) >= 60, f"{slug}: {name} is too short to measure"
        grade = textstat.flesch_kincaid_grade(words)
        assert grade <= 8, f"{slug}: {name} is grade {grade}"


def test_reaction_form_is_grade_8_or_lower():
    """Is the learners' reaction form, as a whole page, at Flesch-Kincaid grade 8 or lower?"""
    assert textstat.flesch_kincaid_grade(plain((GUIDE / "evaluation" / "reaction-form.md").read_text())) <= 8


@pytest.mark.parametrize("name", PLANS)
def test_learner_sheets_are_grade_8_or_lower(name, built):
    """Is each generated learner sheet (a handout for learners) at Flesch-Kincaid grade 8 or lower?"""
    text = (built / "plans" / f"{name}-learner-sheet.md").read_text()
    assert "Generated by secondline.guide" in text
    assert textstat.flesch_kincaid_grade(plain(text)) <= 8


def test_guide_tests_leave_the_repository_alone():
    """Is nothing generated inside educator_guide/ (generated pages live only in the built guide)?"""
    for rel in generated_pages(load()):
        assert not (GUIDE / rel).exists(), f"educator_guide/{rel} is generated: delete it, it goes stale"
