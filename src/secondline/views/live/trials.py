"""Live trial-search practice: set `view.condition`, `view.phase`, `view.recruiting`, `view.prior`, click `view.search`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...content.words import _
from ..logic.trials import (
    PHASE_LABELS,
    PHASES,
    PRIOR_LABELS,
    PRIORS,
    SEARCH_ID,
    TrialFilters,
    conditions_in,
    count_text,
    filter_trials,
    search_url,
)
from ..static import esc
from ..static.trials import (
    ANY,
    FICTIONAL_NOTE,
    LEGEND,
    PATIENT,
    RECRUITING_ONLY,
    SEARCH,
    api_html,
    render,
    results_html,
)
from . import LiveView, html, live_region

if TYPE_CHECKING:
    from ...content.schema import TrialRecord

_WIDE = {"description_width": "13rem"}  # one label column, as in the static view


class TrialSearchView(LiveView):
    def __init__(self, trials: Sequence[TrialRecord], on_event=None):
        self.trials = list(trials)
        self.last: list[TrialRecord] = list(self.trials)
        self.intro = html(f'<p class="sl-fictional-note"><span class="sl-icon" aria-hidden="true">⚠</span>'
                                  f"{esc(_(FICTIONAL_NOTE))}</p>")
        # "" stands for "any" in every menu (a None value would read as "nothing selected").
        self.condition = widgets.Dropdown(options=[(_(ANY["condition"]), "")] + [(c, c) for c in conditions_in(self.trials)],
                                          value="", description=_("Condition"), style=_WIDE)
        self.phase = widgets.Dropdown(options=[(_(ANY["phase"]), "")] + [(_(PHASE_LABELS[p]), p) for p in PHASES],
                                      value="", description=_("Phase"), style=_WIDE)
        self.recruiting = widgets.Checkbox(value=False, description=_(RECRUITING_ONLY), indent=True, style=_WIDE)
        self.prior = widgets.Dropdown(options=[(_(ANY["prior"]), "")] + [(_(PRIOR_LABELS[p]), p) for p in PRIORS],
                                      value="", description=_(PATIENT), style=_WIDE)
        self.search = widgets.Button(description=_(SEARCH), icon="search", button_style="primary",
                                     tooltip=_("Filter the fictional records and show the real search URL"))
        self.count = html(self._count_html())
        self.results = html(results_html(self.trials))
        self.api_url = html(api_html(search_url(None)))
        self.search.layout.width = "max-content"
        for w in (self.condition, self.phase, self.recruiting, self.prior):
            w.layout = widgets.Layout(width="38rem", max_width="100%")
        self.search.on_click(self._on_search)
        legend = html(f'<p class="sl-prompt">{esc(_(LEGEND))}</p>')
        filters = widgets.VBox([legend, self.condition, self.phase, self.recruiting, self.prior])
        filters.add_class("sl-trial-filters")
        super().__init__([self.intro, filters, self.search, self.count, self.api_url, self.results],
                         on_event=on_event)
        self.add_class("sl-trials")
        self.static_html = render(self.trials, runtime=False)

    @property
    def filters(self) -> TrialFilters:
        return TrialFilters(self.condition.value or None, self.phase.value or None, bool(self.recruiting.value),
                            self.prior.value or None)

    def _count_html(self) -> str:
        return live_region(f'<p class="sl-trial-count">{esc(count_text(len(self.last), len(self.trials)))}</p>')

    def _on_search(self, _button=None) -> None:
        f = self.filters
        self.last = filter_trials(self.trials, **f.as_dict())
        self.count.value = self._count_html()
        self.results.value = results_html(self.trials, f)
        self.api_url.value = api_html(search_url(f))
        self.emit({"kind": "trials", "id": SEARCH_ID, "filters": f.as_dict(), "matches": [t.id for t in self.last]})
