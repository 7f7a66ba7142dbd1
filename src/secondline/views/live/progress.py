"""Live views of the learner's record: My progress (`view.name`, `view.save_name`, `view.summary`, `view.export`,
`view.upload`, `view.reset` then `view.confirm` or `view.cancel`, `view.make_certificate`), the
"Mark this module complete" button (`view.mark`) and confidence sliders (`view.sliders[objective_id]`, `view.save`).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_int import SliderStyle

from ...content.course import Content
from ...content.words import N_, _
from ...record.format import MAX_TEXT, RecordError
from ...record.store import ProgressError
from ..logic.progress import CERTIFICATE_SOURCE, day
from ..static import esc, message_html
from ..static.progress import complete_note, confidence_note, progress_note, scale, summary_html
from . import LiveView, button, html, layout, live_region, style

if TYPE_CHECKING:
    from ...content.schema import Objective

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
NOT_AT_ALL_CONFIDENT = N_("1 = not at all confident, 3 = somewhat, 5 = very confident. There is no right answer.")
MY_PROGRESS = N_("My progress")
KEEP_A_COPY_OR = N_("Keep a copy, or bring one in")
CERTIFICATE = N_("Certificate")
START_AGAIN = N_("Start again")
IT_IS_ON_YOUR = N_("It is on your certificate; My progress shows your record.")

HIDDEN, SHOWN = "none", None
WHERE = N_("on this computer")
KEPT = N_("Kept %(where)s only, under the display name you choose. Nothing here is about a patient, and nothing is "
          "sent anywhere.")
# The certificate's download links, by what it is (record/certificate.py: certificate_name) and file type.
DOWNLOAD = {("Course certificate", "HTML"): N_("Download your course certificate (HTML)"),
            ("Course certificate", "PDF"): N_("Download your course certificate (PDF)"),
            ("Module certificate", "HTML"): N_("Download your module certificate (HTML)"),
            ("Module certificate", "PDF"): N_("Download your module certificate (PDF)")}
COPY_NOTE = N_("Export saves your record as a file; import adds a file's answers to this record (nothing already "
               "here is removed or changed). The website edition's exported answers can be imported too.")


def _button(description: str, **kwargs) -> widgets.Button:
    """A button as wide as its label (ipywidgets' default width cuts long labels off). One given a layout of its
    own (to show and hide it) keeps it; the rest share one."""
    own = kwargs.pop("layout", None)
    shape = {"width": "auto", "align_self": "flex-start"}
    return button(description, layout=widgets.Layout(**shape, **own) if own else layout(**shape), **kwargs)


def _say(text: str) -> str:
    return live_region(f"<p>{esc(text)}</p>")


def certificate_languages(content: Content) -> list[tuple[str, str]]:
    """(name, code) of each language the certificate can be made in: English, then each language whose catalog
    (content/i18n/<code>/messages.po) has the certificate's words (ui:certificate), when Babel is there to make it
    (it is not in the browser's kernel, the JupyterLite edition: there the certificate is English). Read as plain
    text, so opening My progress never imports PyYAML or pydantic (a notebook kernel reads only the snapshot)."""
    import importlib.util

    found = [("English", "en")]
    if importlib.util.find_spec("babel") is None:
        return found
    try:
        from babel import Locale

        for po in sorted((Path(content.root) / "i18n").glob("*/messages.po")):
            code = po.parent.name
            if 'msgctxt "ui:certificate"' in po.read_text(encoding="utf-8"):
                found.append((Locale.parse(code).get_display_name(code).capitalize(), code))
    except Exception:  # a catalog that does not read: the certificate stays English, My progress still opens
        return found[:1]
    return found


def _link(data: bytes, mime: str, filename: str, label: str) -> str:
    b64 = base64.b64encode(data).decode("ascii")
    return f'<a class="sl-download" download="{esc(filename)}" href="data:{mime};base64,{b64}">{esc(label)}</a>'


class ProgressView(LiveView):
    """My progress: the whole record, the display name, export/import, a two-step reset and the certificate."""

    def __init__(self, store, content: Content, notice: str | None = None):
        self.store, self.content = store, content
        self.status = html(live_region(message_html(notice) if notice else ""))
        self.name = widgets.Text(description=_("Display name"), placeholder=_("the name for your certificate"),
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="28rem"))
        self.save_name = _button(_("Save name"), icon="check")
        self.name_result = html(live_region(""))
        self.summary = html()
        self.refresh = _button(_("Refresh"), icon="refresh", tooltip=_("Show what is saved now"))
        self.export = _button(_("Export my record (JSON)"), icon="download")
        self.download = html()
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=False,
                                         description=_("Import a record (JSON)"), layout=widgets.Layout(width="auto"))
        self.import_result = html(live_region(""))
        self.make_certificate = _button(_("Make my certificate"), icon="certificate", button_style="primary")
        languages = certificate_languages(content)
        self.certificate_language = widgets.Dropdown(options=languages, value="en", description=_("Language"),
                                                     style={"description_width": "initial"},
                                                     layout=widgets.Layout(width="16rem",
                                                                           display=None if len(languages) > 1 else HIDDEN))
        self.certificate = html(live_region(""))
        self.reset = _button(_("Reset my record"), icon="trash")
        self.confirm = _button(_("Yes, delete my record"), button_style="danger", layout={"display": HIDDEN})
        self.cancel = _button(_("Cancel"), layout={"display": HIDDEN})
        self.reset_result = html(live_region(""))
        self.save_name.on_click(self._on_save_name)
        self.refresh.on_click(lambda _b: self.show())
        self.export.on_click(self._on_export)
        self.upload.observe(self._on_upload, names="value")
        self.make_certificate.on_click(self._on_certificate)
        self.reset.on_click(self._on_reset)
        self.confirm.on_click(self._on_confirm)
        self.cancel.on_click(self._on_cancel)
        row = widgets.HBox
        super().__init__([
            html(f"<h3>{esc(_(MY_PROGRESS))}</h3><p>{esc(_(KEPT) % {'where': _(getattr(store, 'where', WHERE))})}</p>"),
            self.status, row([self.name, self.save_name]), self.name_result, self.summary, self.refresh,
            html(f"<h4>{esc(_(KEEP_A_COPY_OR))}</h4><p>{esc(_(COPY_NOTE))}</p>"),
            row([self.export, self.upload]), self.download, self.import_result,
            html(f"<h4>{esc(_(CERTIFICATE))}</h4><p>{esc(_(CERTIFICATE_SOURCE))}</p>"),
            row([self.certificate_language, self.make_certificate]), self.certificate,
            html(f"<h4>{esc(_(START_AGAIN))}</h4>"), row([self.reset, self.confirm, self.cancel]), self.reset_result,
        ])
        self.add_class("sl-progress")
        self.static_html = progress_note()
        if not store.recording:
            for w in (self.save_name, self.upload, self.reset, self.name):
                w.disabled = True
        self.show()

    def show(self) -> None:
        try:
            record = self.store.record()
        except Exception as exc:  # a view never raises into the notebook
            self.summary.value = message_html(_("Your record could not be read just now (%(error)s). Select Refresh "
                                                "to try again.") % {"error": exc})
            return
        if not self.name.value:
            self.name.value = record.display_name
        self.summary.value = summary_html(record, self.content)

    def _on_save_name(self, _button=None) -> None:
        name = self.name.value.strip()
        if len(name) > MAX_TEXT:
            self.name_result.value = _say(_("That name is %(length)s characters; the limit is %(max)s.")
                                          % {"length": f"{len(name):,}", "max": f"{MAX_TEXT:,}"})
            return
        try:
            self.store.set_display_name(name)
        except Exception as exc:
            self.name_result.value = _say(_("The name could not be saved (%(error)s).") % {"error": exc})
            return
        self.name_result.value = _say(_("Name saved.") if name else _("Name cleared."))
        self.show()

    def _on_export(self, _button=None) -> None:
        try:
            data = json.dumps(self.store.export(), ensure_ascii=False, indent=1).encode("utf-8")
        except Exception as exc:
            self.download.value = _say(_("Your record could not be exported (%(error)s).") % {"error": exc})
            return
        filename = f"secondline-progress-{dt.date.today().isoformat()}.json"
        self.download.value = (_link(data, "application/json", filename, _("Download my record (JSON)")) + " "
                               + esc(_("Keep it somewhere safe; it holds your display name and answers, nothing "
                                       "else.")))

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        name = str(f.get("name", "the file"))
        try:
            result = self.store.import_record(bytes(f["content"]), name)
        except RecordError as exc:
            self.import_result.value = _say(_("Nothing was imported, and your record is unchanged. %(why)s")
                                            % {"why": exc})
        except ProgressError as exc:
            self.import_result.value = _say(_("Nothing was imported: %(why)s") % {"why": exc})
        except Exception as exc:
            self.import_result.value = _say(_("Nothing was imported, and your record is unchanged (%(error)s).")
                                            % {"error": exc})
        else:
            self.import_result.value = _say(_("Imported %(file)s. %(summary)s") % {"file": name,
                                                                                 "summary": result.summary()})
            self.name.value = ""
            self.show()
        self.upload.value = ()  # so the same file can be chosen again

    def _on_certificate(self, _button=None) -> None:
        from ... import pdf
        from ...record.certificate import CertificateError, certificate_html, certificate_name, file_stem

        lang = self.certificate_language.value
        try:
            record = self.store.record()
            page = certificate_html(record, self.content, lang=lang)
            what, stem = certificate_name(record, self.content), file_stem(record, self.content)
            stem = stem if lang == "en" else f"{stem}-{lang}"
        except CertificateError as exc:
            self.certificate.value = _say(str(exc))
            return
        except Exception as exc:
            self.certificate.value = _say(_("The certificate could not be made (%(error)s).") % {"error": exc})
            return
        links = _link(page.encode("utf-8"), "text/html;charset=utf-8", f"{stem}.html",
                      _(DOWNLOAD[what, "HTML"]))
        reason = pdf.missing()
        if reason is None:
            try:
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "certificate.pdf"
                    pdf.html_to_pdf([(page, out)])
                    links += " · " + _link(out.read_bytes(), "application/pdf", f"{stem}.pdf",
                                           _(DOWNLOAD[what, "PDF"]))
            except Exception as exc:
                reason = _("PDF skipped: Chromium could not print it (%(error)s). The HTML file prints from any "
                           "browser.") % {"error": exc}
        note = f" {reason}" if reason else ""
        self.certificate.value = live_region(f"<p>{links}{esc(note)}</p>")

    def _on_reset(self, _button=None) -> None:
        self.confirm.layout.display = self.cancel.layout.display = SHOWN
        self.reset.disabled = True
        self.reset_result.value = _say(_("This deletes your whole record on this computer: answers, completed "
                                         "modules, test results, ratings and your name. Export it first if you may "
                                         "want it. Delete it?"))

    def _on_cancel(self, _button=None) -> None:
        self.confirm.layout.display = self.cancel.layout.display = HIDDEN
        self.reset.disabled = not self.store.recording
        self.reset_result.value = _say(_("Nothing was deleted."))

    def _on_confirm(self, _button=None) -> None:
        self.confirm.layout.display = self.cancel.layout.display = HIDDEN
        self.reset.disabled = False
        try:
            self.store.reset()
        except Exception as exc:
            self.reset_result.value = _say(_("Your record could not be deleted (%(error)s); it is unchanged.")
                                           % {"error": exc})
            return
        self.name.value = ""
        self.download.value = self.certificate.value = ""
        self.reset_result.value = _say(_("Your record was deleted. New answers start a new record."))
        self.show()


class CompleteButtonView(LiveView):
    """"Mark this module complete": emits {"kind": "module-complete", "id": slug}; the recorder keeps it."""

    def __init__(self, slug: str, title: str, on_event=None, completed_on: str | None = None,
                 recording: bool = True):
        self.slug, self.recording = slug, recording
        self.mark = _button(_("Mark this module complete"), icon="check", button_style="primary")
        self.feedback = html(live_region(self._done(completed_on) if completed_on else ""))
        self.mark.on_click(self._on_mark)
        ask = esc(_("Finished %(title)s? Mark it complete to add it to your record and your certificate."))
        super().__init__([html(f"<p>{ask.replace('%(title)s', f'<em>{esc(title)}</em>')}</p>"), self.mark,
                          self.feedback],
                         on_event=on_event, ident=f"complete-{slug}")
        self.static_html = complete_note()

    @staticmethod
    def _done(when: str) -> str:
        done = _("You completed this module on %(day)s.") % {"day": day(when)}
        return f'<p><span aria-hidden="true">✔</span> {esc(done)}</p>'

    def _on_mark(self, _button=None) -> None:
        self.emit({"kind": "module-complete", "id": self.slug})
        if self.recording:
            self.feedback.value = live_region(self._done(dt.datetime.now(dt.UTC).isoformat())
                                              + f"<p>{esc(_(IT_IS_ON_YOUR))}</p>")
        else:
            self.feedback.value = live_region(message_html(_("Marked for now, but not saved: recording is off on "
                                                             "this computer.")))


class ConfidenceView(LiveView):
    """One slider per objective, 1 (not at all confident) to 5 (very); `view.save` emits the ratings."""

    def __init__(self, slug: str, objectives: list[Objective], when: str, on_event=None,
                 initial: dict[str, int] | None = None, recording: bool = True):
        if when not in ("before", "after"):
            raise ValueError(f'when is "before" or "after", not {when!r}')
        self.slug, self.when, self.recording = slug, when, recording
        initial = initial or {}
        ask = (_("How confident are you, before you start this module, that you can do each of these?")
               if when == "before" else
               _("How confident are you, now that you have finished this module, that you can do each of these?"))
        rows: list[widgets.Widget] = [html(
            f"<p><strong>{esc(ask)}</strong> "
            f"{esc(_(NOT_AT_ALL_CONFIDENT))}</p>")]
        self.sliders: dict[str, widgets.IntSlider] = {}
        for n, o in enumerate(objectives, 1):
            slider = widgets.IntSlider(value=initial.get(o.id, 3), min=1, max=5, step=1,
                                       description=_("Objective %(n)s") % {"n": n},
                                       style=style(SliderStyle, description_width="initial"),
                                       layout=layout(width="24rem"))
            self.sliders[o.id] = slider
            label = _("Objective %(n)s: %(objective)s") % {"n": n, "objective": o.text}
            rows += [html(f'<p class="sl-prompt">{esc(label)}</p>'), slider]
        self.save = _button(_("Save my ratings"), icon="check", button_style="primary")
        self.feedback = html(live_region(""))
        self.save.on_click(self._on_save)
        super().__init__([*rows, self.save, self.feedback], on_event=on_event, ident=f"confidence-{slug}-{when}")
        self.static_html = confidence_note([o.text for o in objectives], when)

    def _on_save(self, _button=None) -> None:
        ratings = {oid: int(s.value) for oid, s in self.sliders.items()}
        self.emit({"kind": "confidence", "id": self.slug, "when": self.when, "ratings": ratings})
        words = "; ".join(f"{n}: {r} ({scale(r)})" for n, r in enumerate(ratings.values(), 1))
        if self.recording:
            self.feedback.value = _say(_("Saved your ratings (%(ratings)s). You can change them and save again.")
                                       % {"ratings": words})
        else:
            self.feedback.value = _say(_("Your ratings (%(ratings)s) are not saved: recording is off on this "
                                         "computer.") % {"ratings": words})
