"""What a notebook calls: `module(slug)` gives one-line calls that render content and interactions."""

from __future__ import annotations

from collections.abc import Callable

from .content.cache import cached_in
from .content.course import Content
from .content.words import N_, _
from .views.static import module as static_module

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
AND_N_MORE = N_("... and %(n)s more")


class _HTML:
    """Minimal display object (avoids importing IPython for plain HTML)."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


class ModuleBook:
    """The calls a module notebook makes; each returns something Jupyter displays.

    Live views import ipywidgets only when first shown, so `import secondline` stays fast.
    """

    def __init__(self, slug: str, content: Content, on_event: Callable[[dict], None] | None = None):
        self.content = content
        self.mc = content.module(slug)
        self.on_event = on_event

    # fixed parts, rendered from content/
    def header(self) -> _HTML:
        """The module's opening, with the stylesheet and runtime.js every static twin below it uses: once a page,
        here, rather than with each interaction (an export of the notebook works with no kernel)."""
        from .views.static import runtime_tags

        return _HTML(static_module.header(self.mc, self.content) + runtime_tags())

    def objectives(self) -> _HTML:
        return _HTML(static_module.objectives(self.mc))

    def key_points(self) -> _HTML:
        return _HTML(static_module.key_points(self.mc, self.content))

    def references(self) -> _HTML:
        return _HTML(static_module.references(self.mc, self.content))

    def map(self) -> _HTML:
        """The whole curriculum, rendered from content/curriculum.yml (used by 00-start-here)."""
        return _HTML(static_module.curriculum_map(self.content))

    def completion(self) -> _HTML:
        return _HTML(static_module.completion(self.content))

    def figure(self, figure_id: str) -> _HTML:
        from .views.static.figure import render

        return _HTML(render(self.mc.find("figures", figure_id), self.content.sources, style=False))

    # interactions
    def quiz(self, item_id: str):
        from .views.live.quiz import QuizView

        return QuizView(self.mc.item(item_id), self.content.sources, on_event=self.on_event)

    def case(self, case_id: str):
        from .views.live.case import CaseView

        return CaseView(self.mc.case(case_id), self.content.sources, on_event=self.on_event)

    def sort(self, sort_id: str):
        from .views.live.sort import SortView

        return SortView(self.mc.find("sorts", sort_id), self.content.sources, on_event=self.on_event)

    def weighing(self, exercise_id: str):
        from .views.live.weighing import WeighingView

        return WeighingView(self.mc.find("weighing", exercise_id), on_event=self.on_event)

    def trial_search(self):
        from .views.live.trials import TrialSearchView

        return TrialSearchView(self.mc.trials, on_event=self.on_event)

    def question_list(self):
        from .views.live.questions import QuestionListView

        return QuestionListView(self.content.question_bank, on_event=self.on_event)

    def glossary(self, mode: str = "search", everything: bool = False):
        """This module's terms (or the whole glossary), searchable, or as flashcards with mode="cards"."""
        from .views.live.glossary import GlossaryView

        ids = list(self.content.glossary) if everything else self.mc.module.terms
        return GlossaryView([self.content.glossary[t] for t in ids], self.content.sources, mode=mode,
                            on_event=self.on_event)

    def knowledge_check(self, occasion: str):
        """The pre-test or post-test ('pre' or 'post'): form A or B, in the order this learner's record sets."""
        from .views.live.knowledge import KnowledgeCheckView

        try:
            key = self._store().learner_key()
        except Exception:  # reading the record never breaks a notebook: no key gives A before, B after
            key = None
        return KnowledgeCheckView(self.content, occasion, on_event=self.on_event, learner_key=key)

    # the learner's record (record/): on_event is a record.recorder.Recorder when the notebook called module(slug)
    def _store(self):
        from .record.recorder import Recorder
        from .record.store import NullStore

        if isinstance(self.on_event, Recorder):
            return self.on_event.store
        return NullStore("This module was not opened with secondline.module(), so nothing is recorded.")

    def _completed_on(self, store) -> str | None:
        try:
            return self.content.entry(self.mc.slug).completed_in(store.completed())
        except Exception:  # reading the record never breaks a notebook
            return None

    def progress(self):
        """My progress: the whole record, display name, export/import, reset and certificate."""
        from .record.recorder import Recorder
        from .views.live.progress import ProgressView

        store = self._store()
        notice = self.on_event.pending_notice() if hasattr(self.on_event, "pending_notice") else store.notice
        view = ProgressView(store, self.content, notice=notice)
        if isinstance(self.on_event, Recorder):  # Mark this module complete, in this notebook, updates it at once
            self.on_event.when_completed(view.show)
        return view

    def complete_button(self):
        """A "Mark this module complete" button (place it at the end of the module)."""
        from .views.live.progress import CompleteButtonView

        store = self._store()
        return CompleteButtonView(self.mc.slug, self.content.entry(self.mc.slug).title, on_event=self.on_event,
                                  completed_on=self._completed_on(store), recording=store.recording)

    def mark_complete(self) -> _HTML:
        """Record this module as complete now, from a code cell; says what happened."""
        from .views.logic.progress import day
        from .views.static import esc, message_html

        note = self.on_event({"kind": "module-complete", "id": self.mc.slug}) if self.on_event else None
        store = self._store()
        when = self._completed_on(store)
        if when and store.recording:
            done = _("Module %(number)s is marked complete (%(day)s).") % {"number": self.mc.slug[:2], "day": day(when)}
            html = f"<p>{esc(done)}</p>"
        else:
            html = message_html(note or store.notice or _("This module could not be marked complete."))
            note = None
        return _HTML(f'<div class="sl">{html}{message_html(note) if note else ""}</div>')

    def confidence(self, when: str = "before"):
        """Sliders, 1 to 5, for how confident the learner feels about each objective of this module."""
        from .views.live.progress import ConfidenceView

        store = self._store()
        try:
            latest = store.record().latest_ratings()
        except Exception:
            latest = {}
        objectives = self.mc.module.objectives
        initial = {o.id: latest[(o.id, when)] for o in objectives if (o.id, when) in latest}
        return ConfidenceView(self.mc.slug, objectives, when, on_event=self.on_event, initial=initial,
                              recording=store.recording)


class BrokenBook:
    """What module(slug) gives when the content cannot be loaded: the first cell (`m.header()`) shows one clear
    message naming every problem; every later call shows a one-line note, never a traceback or a NameError."""

    NOTE = N_("Not shown: this module's content has a problem (see the message at the top of the module).")

    def __init__(self, slug: str, problems: list[str]):
        self.slug, self.problems = slug, problems

    def header(self) -> _HTML:
        from .views.static import esc

        n = len(self.problems)
        items = "".join(f"<li><code>{esc(p)}</code></li>" for p in self.problems[:50])
        more = f"<li>{esc(_(AND_N_MORE) % {'n': n - 50})}</li>" if n > 50 else ""
        head = (_("This module cannot be shown: the course content has 1 problem.") if n == 1 else
                _("This module cannot be shown: the course content has %(n)s problems.") % {"n": n})
        tell = esc(_("Nothing you do here is lost or recorded. Tell whoever looks after this copy of the course; they "
                     "can see the same list by running %(command)s.")).replace("%(command)s",
                                                                               "<code>secondline check</code>")
        return _HTML(
            '<div class="sl sl-broken" role="alert" style="border:2px solid #b00020;padding:0.75em 1em">'
            f"<p><strong>{esc(head)}</strong> {tell}</p>"
            f"<ul>{items}{more}</ul></div>")

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: _HTML(f'<p class="sl-note"><em>{_(self.NOTE)}</em></p>')

    def __repr__(self) -> str:
        return f"<module {self.slug}: content has problems; see m.header()>"


def module(slug: str, lang: str = "en") -> ModuleBook | BrokenBook:
    """A module's calls, recording the learner's answers in their progress store (opened on first use).

    lang: "en", or a translation (content/i18n/scope.yml): the module's content and the views' words in that
    language (a Spanish notebook, built from the English one, opens its module with lang="es").
    Content that cannot be loaded gives a BrokenBook: one clear message in the first cell, not a traceback."""
    from .content.errors import ContentError
    from .content.words import use
    from .record.recorder import Recorder

    try:
        content = cached_in(lang)
        use(content)
        content.module(slug)
    except ContentError as exc:
        return BrokenBook(slug, [str(p) for p in getattr(exc, "problems", [exc])])
    except KeyError as exc:
        return BrokenBook(slug, [str(exc.args[0]) if exc.args else f"no module '{slug}'"])
    except Exception as exc:  # a bug of ours, or an unreadable folder: still one message, not a traceback per cell
        return BrokenBook(slug, [f"the content could not be loaded ({type(exc).__name__}: {exc})"])
    return ModuleBook(slug, content, on_event=Recorder(slug))
