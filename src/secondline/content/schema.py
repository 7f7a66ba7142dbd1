"""The curriculum's content as typed, validated models (pydantic): what every YAML file in content/ may hold."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .readonly import (
    CaseMethods,
    CurriculumEntryMethods,
    KnowledgeCheckMethods,
    ModuleMethods,
    Phase,
    QuizItemMethods,
    SceneMethods,
    SourceMethods,
    Status,
    Verdict,
)

# Published ids never change: progress records and answer keys refer to them. ASCII only: [0-9], never \d,
# which matches any Unicode digit (pydantic's regex engine too).
ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = r"^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$"

# Observable verbs from the revised Bloom taxonomy (Anderson & Krathwohl 2001), by level.
BLOOM_VERBS = {
    "remember": {"define", "describe", "identify", "list", "name", "recall", "recognise", "recognize", "state"},
    "understand": {"classify", "compare", "contrast", "distinguish", "differentiate", "explain", "interpret",
                   "paraphrase", "summarise", "summarize"},
    "apply": {"apply", "demonstrate", "practise", "practice", "prepare", "respond", "use", "role-play"},
    "analyse": {"analyse", "analyze", "examine", "sort", "organise", "organize"},
    "evaluate": {"assess", "critique", "evaluate", "judge", "justify", "weigh", "appraise"},
    "create": {"build", "compose", "construct", "create", "design", "plan", "write", "develop"},
}
ALL_BLOOM_VERBS = set().union(*BLOOM_VERBS.values())


class Strict(BaseModel):
    """Every content model refuses unknown fields, so a typo in a key is an error, not silence."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


CheckExtent = Literal["full-text", "abstract", "page", "not-opened"]


class SourceCheck(Strict):
    """How far a team member checked a source: what was opened, when, and whether its DOI or URL was confirmed.

    A date is recorded only where something was opened; "not-opened" never carries one (issue 12)."""

    extent: CheckExtent = Field(description="full-text read, abstract opened, web page opened, or not opened")
    date: dt.date | None = Field(default=None, description="when it was opened; none for not-opened")
    link: Literal["confirmed", "not-confirmed"] = Field(description="whether the DOI or URL was seen to lead to this work")
    what: str | None = Field(default=None, description="what was checked against it, in a sentence")

    @model_validator(mode="after")
    def _date_only_when_opened(self) -> SourceCheck:
        if self.extent == "not-opened" and self.date is not None:
            raise ValueError("a source that was not opened carries no check date")
        if self.extent != "not-opened" and self.date is None:
            raise ValueError(f"a source checked as '{self.extent}' needs the date it was opened")
        return self


class Source(Strict, SourceMethods):
    id: str = Field(pattern=ID)
    authors: str
    title: str
    venue: str
    year: int = Field(ge=1900, le=2100)
    doi: str | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    checked: SourceCheck
    note: str | None = None

    @model_validator(mode="after")
    def _doi_or_url(self) -> Source:
        if not (self.doi or self.url):
            raise ValueError("a source needs a doi or a url")
        return self



class Term(Strict):
    id: str = Field(pattern=ID)
    term: str
    definition: str = Field(min_length=20)
    sources: list[str] = Field(min_length=1)
    see_also: list[str] = []


class Objective(Strict):
    id: str = Field(pattern=ID)
    verb: str
    text: str

    @field_validator("verb")
    @classmethod
    def _bloom(cls, v: str) -> str:
        if v.lower() not in ALL_BLOOM_VERBS:
            raise ValueError(f"'{v}' is not an observable Bloom verb (for example: {', '.join(sorted(BLOOM_VERBS['understand']))})")
        return v

    @model_validator(mode="after")
    def _starts_with_verb(self) -> Objective:
        if not self.text.lower().startswith(self.verb.lower()):
            raise ValueError(f"the objective text should start with its verb '{self.verb}'")
        return self


class KeyPoint(Strict):
    text: str
    sources: list[str] = Field(min_length=1)


class Section(Strict):
    id: str = Field(pattern=ID)
    title: str
    minutes: int = Field(ge=1, le=120)


class Module(Strict, ModuleMethods):
    slug: str = Field(pattern=SLUG)
    prefix: str = Field(pattern=r"^[a-z]+$", description="the id prefix of this module's objectives, items and cases")
    summary: str
    objectives: list[Objective] = Field(min_length=1, max_length=6)
    key_points: list[KeyPoint] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    terms: list[str] = []



class Option(Strict):
    text: str
    verdict: Verdict
    why: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)


CognitiveLevel = Literal["remember", "understand", "apply", "analyse", "evaluate"]


class QuizItem(Strict, QuizItemMethods):
    id: str = Field(pattern=ID)
    objective: str
    level: CognitiveLevel = Field(description="revised Bloom level of what the item asks (issue 13)")
    prompt: str
    options: list[Option] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _one_best(self) -> QuizItem:
        best = sum(o.verdict == "best" for o in self.options)
        if best != 1:
            raise ValueError(f"an item needs exactly one option with verdict 'best', found {best}")
        return self


class Quiz(Strict):
    items: list[QuizItem] = Field(min_length=1)


class Choice(Strict):
    text: str
    verdict: Verdict
    debrief: str = Field(min_length=10)
    next: str | None = Field(default=None, description="the scene this choice leads to; none ends the case")
    sources: list[str] = Field(min_length=1)


class Scene(Strict, SceneMethods):
    id: str = Field(pattern=ID)
    text: str
    choices: list[Choice] = Field(default=[], max_length=5)


class Case(Strict, CaseMethods):
    """A branching conversation with a fictional patient: a graph of scenes, every path ending."""

    id: str = Field(pattern=ID)
    title: str
    objectives: list[str] = Field(min_length=1)
    fictional: Literal[True] = Field(description="cases must be fictional; the field makes that explicit")
    intro: str
    start: str
    scenes: list[Scene] = Field(min_length=2)
    summary: str


class Cases(Strict):
    cases: list[Case] = Field(min_length=1)


class Bar(Strict):
    label: str
    value: float = Field(ge=0)
    source: str


class Figure(Strict):
    """Cited trial figures shown as a chart: illustrations of a trend, never a person's prognosis."""

    id: str = Field(pattern=ID)
    title: str
    measure: str
    unit: str
    caveat: str = Field(min_length=40)
    bars: list[Bar] = Field(min_length=2)


class Figures(Strict):
    figures: list[Figure] = Field(min_length=1)


class Location(Strict):
    facility: str
    city: str
    state: str



class TrialRecord(Strict):
    """A fictional record shaped like a ClinicalTrials.gov study, for practice in reading eligibility."""

    id: str = Field(pattern=ID)
    nct_id: str = Field(pattern=r"^NCT9[0-9]{7}$", description="NCT9... so it can never be a real record")
    fictional: Literal[True]
    title: str
    phase: list[Phase] = Field(min_length=1)
    status: Status
    conditions: list[str] = Field(min_length=1)
    prior_treatment: Literal["required", "excluded", "any"]
    eligibility: str
    min_age: int = Field(ge=0, le=120)
    locations: list[Location] = Field(min_length=1)


class Trials(Strict):
    trials: list[TrialRecord] = Field(min_length=3)


class Bin(Strict):
    id: str = Field(pattern=ID)
    label: str


class Statement(Strict):
    id: str = Field(pattern=ID)
    text: str
    bin: str
    why: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)


class SortExercise(Strict):
    """Place each statement in a bin (by keyboard: a choice per statement, never drag-only)."""

    id: str = Field(pattern=ID)
    prompt: str
    bins: list[Bin] = Field(min_length=2, max_length=6)
    statements: list[Statement] = Field(min_length=3)


class Sorts(Strict):
    sorts: list[SortExercise] = Field(min_length=1)



class Factor(Strict):
    """One area a person may want to understand about EVERY option (ACS list), with an example question; never a score."""

    id: Literal["benefit", "side-effects", "costs", "schedule", "quality-of-life", "family-time"]
    label: str
    question: str = Field(description="an example question to ask the care team about each option")


class DecisionPath(Strict):
    """One option the care team has offered, described neutrally. Options are listed in content order, never ranked."""

    id: str = Field(pattern=ID)
    label: str
    description: str


class WeighingExercise(Strict):
    """A values exercise: the learner helps a fictional patient say what matters to her, in her own words, and turns
    each priority into a question to ask about EVERY option. Nothing scores, tallies or ranks an option."""

    id: str = Field(pattern=ID)
    title: str
    case: str
    says: list[str] = Field(min_length=2, description="things the patient has said, in her own words")
    prompts: list[str] = Field(min_length=2, description="open questions a navigator can ask to help her say what matters")
    factors: list[Factor] = Field(min_length=6, max_length=6)
    paths: list[DecisionPath] = Field(min_length=2, max_length=5)
    closing: str


class Weighing(Strict):
    exercises: list[WeighingExercise] = Field(min_length=1)


class BankQuestion(Strict):
    id: str = Field(pattern=ID)
    text: str


class QuestionGroup(Strict):
    id: str = Field(pattern=ID)
    title: str
    questions: list[BankQuestion] = Field(min_length=1)


class QuestionBank(Strict):
    """Questions a patient may take to the oncologist; patient-facing, so plain language (grade 8 or lower)."""

    reminder: str
    groups: list[QuestionGroup] = Field(min_length=1)


class KnowledgeItem(QuizItem):
    """An item written for the knowledge check only: never shown in a module, so the pre/post forms are unseen."""

    id: str = Field(pattern=r"^kc-[a-z0-9]+(-[a-z0-9]+)*$", description="kc-aNN (form A) or kc-bNN (form B)")
    level: CognitiveLevel = Field(description="revised Bloom level of what the item asks (issue 13)")
    difficulty: int = Field(ge=1, le=3, description="the author's estimate: 1 easier, 2 middle, 3 harder")


class Form(Strict):
    id: str = Field(pattern=ID)
    title: str
    items: list[str] = Field(min_length=4)


class KnowledgeCheck(Strict, KnowledgeCheckMethods):
    """Pre-test and post-test (issue 13): two parallel forms of unseen items, matched by objective and difficulty;
    half the learners take form A before and B after, half the reverse. `legacy_forms` keeps the first version's
    pre/post forms (module quiz items), so records made with them still load and report."""

    intro: str
    pass_mark: int = Field(ge=0, le=100, description="percent")
    items: list[KnowledgeItem] = Field(min_length=2)
    forms: list[Form] = Field(min_length=2, max_length=2)
    legacy_forms: list[Form] = Field(default=[], max_length=2)


class CoveragePoint(Strict):
    id: str = Field(pattern=ID)
    source: str
    point: str
    sections: list[str] = Field(min_length=1, description="module sections that teach the point")
    items: list[str] = Field(min_length=1, description="quiz items that assess it")


class Coverage(Strict):
    """Every point of the seed pages, mapped to where it is taught and where it is assessed."""

    points: list[CoveragePoint] = Field(min_length=1)


ReviewDecision = Literal["approved", "approved-with-changes", "changes-required"]


class Review(Strict):
    """A clinical review of one module, as the reviewer recorded it (content/reviews.yml). Never invented: a module
    with no entry here is shown as not yet clinically reviewed."""

    module: str = Field(pattern=SLUG, description="the slug of the module reviewed")
    reviewer: str = Field(min_length=2, description="the reviewer's name")
    credentials: str = Field(min_length=2, description="the reviewer's credentials, e.g. 'RN, MSN, OCN'")
    date: dt.date = Field(description="the day the review was completed")
    decision: ReviewDecision
    notes: str | None = None


class CurriculumEntry(Strict, CurriculumEntryMethods):
    slug: str = Field(pattern=SLUG)
    title: str
    minutes: int = Field(ge=5, le=600)
    formerly: list[Annotated[str, Field(pattern=SLUG)]] = Field(
        default=[], description="slugs this module had before (records made then still count under it)")


class Curriculum(Strict):
    title: str
    version: str
    modules: list[CurriculumEntry] = Field(min_length=1)

    @field_validator("modules")
    @classmethod
    def _ordered(cls, v: list[CurriculumEntry]) -> list[CurriculumEntry]:
        numbers = [int(e.slug[:2]) for e in v]
        if numbers != sorted(set(numbers)):
            raise ValueError(f"module numbers must be unique and in order, found {numbers}")
        current = {e.slug for e in v}
        seen: set[str] = set()
        for e in v:
            for old in e.formerly:
                if old in current or old in seen:
                    raise ValueError(f"former slug '{old}' of {e.slug} is a current slug or another module's former one")
                seen.add(old)
        return v


def words(text: str) -> list[str]:
    """The words of a text, lower-cased (used by the plain-language and copy checks)."""
    return re.findall(r"[a-z0-9']+", text.lower())


# --------------------------------------------------------------------------- the cast (content/people.yml)

PLACE = r"^([0-9]{2}|knowledge-check)$"


class Person(Strict):
    """One named fictional person: a patient, relative, clinician or colleague in a case, item or exercise."""

    name: str | None = Field(default=None, description="given name or the name the person goes by; none if never given")
    surname: str | None = Field(default=None, description="family name; none if the person is known only by a given name")
    modules: list[str] = Field(min_length=1, description='two-digit module numbers ("05") or "knowledge-check"')
    role: str = Field(min_length=3)
    family: list[str] = Field(default=[], description="relatives named in the content, with how they are related")

    @field_validator("modules")
    @classmethod
    def _places(cls, v: list[str]) -> list[str]:
        for place in v:
            if not re.match(PLACE, place):
                raise ValueError(f"'{place}' is not a module number such as '05', or 'knowledge-check'")
        return v

    @model_validator(mode="after")
    def _named(self) -> Person:
        if not (self.name or self.surname):
            raise ValueError("a person needs a name, a surname or both")
        return self


class Cast(Strict):
    people: list[Person] = Field(min_length=1)

