"""Manuals: every model's manual page links its PDF, printed from the page by kb.output.pdf.

- on_pre_build (once per build run): every model of data/models.yml has its manual.
- on_page_content (every page; MkDocs renders them all before it writes any): a
  manual page's HTML goes to the printer (with the fallback notice, in the reader's language,
  when the manual is not translated into it yet), which takes its PDF from the build cache or
  keeps it to make once the pages are written; the page gets its download link.
- on_post_page: the page is written at once, its link's size left to fill in, and noted
  for delivery. A page served from the build cache (kb.build.incremental) is noted the same
  way; its PDF comes from the PDF cache or is made again.
- on_post_build, after every language and every other finishing step: the PDFs not in
  the cache are made in a pool of worker processes. `kb build` (and `mkdocs build`) waits
  for them, writes each beside its page (never into docs/) and its size, in the reader's
  language, into the link, and fails if one cannot be made; the site is switched to only
  then. The development server serves the pages at once and writes each PDF and its size
  as soon as it is made, its workers at low priority so that a rebuild comes first."""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kb import checks
from kb.build import incremental, state
from kb.core import site as kb_site
from kb.output import pdf

log = logging.getLogger("mkdocs.hooks.manuals")

STYLESHEET = Path(pdf.__file__).with_name("pdf.css")


def _deliveries(config) -> list[pdf.Delivery]:
    """This run's manual pages, in the order they were written."""
    return state.of(config).resources.setdefault("manual deliveries", [])


def _noted(config) -> dict[str, dict]:
    """A manual page's output file -> what the page cache records to deliver its PDF again."""
    return state.of(config).resources.setdefault("manuals noted", {})


def _note(page, config, job: str, manual: pdf.Manual, file_name: str, ui: str) -> None:
    """The page is written: its PDF is delivered at the end of the run."""
    target = Path(page.file.abs_dest_path)
    source = state.of(config).site.display(Path(page.file.abs_src_path or page.file.src_uri))
    delivery = pdf.Delivery(job=job, source=source, page=target, pdf=target.parent / file_name, lang=ui)
    _deliveries(config).append(delivery)
    noted = {"job": job, "manual": dataclasses.asdict(manual), "file": file_name, "lang": ui}
    _noted(config)[page.file.abs_dest_path] = noted


def _replay(added, page, config) -> None:
    if added is not None:
        manual = pdf.Manual(**added["manual"])
        _printer(config).submit(added["job"], manual)
        _note(page, config, added["job"], manual, added["file"], added["lang"])


# A manual page served from the build cache delivers its PDF again (from the PDF cache, or made again).
incremental.recorder(
    "manual-pdf",
    lambda page, config: None,
    lambda mark, page, config: _noted(config).get(page.file.abs_dest_path),
    _replay,
)


def _printer(config) -> pdf.Printer:
    """One printer per build run (static-i18n's language builds share it; each `serve` rebuild gets its own)."""
    run = state.of(config)
    if "printer" not in run.resources:
        run.resources["printer"] = printer = pdf.Printer(
            run.site.root, STYLESHEET, niceness=pdf.NICENESS if run.serving else 0
        )
        run.closers.append(printer.close)  # a run that ends early (a failed serve rebuild) closes it too
    return run.resources["printer"]


def on_pre_build(*, config) -> None:
    if kb_site.checking(config):
        site = state.of(config).site
        state.of(config).findings += checks.model_findings(site, site.pages)


def _model(config, page):
    site = state.of(config).site
    return next((model for model in site.models if model.page == page.file.norm_src_uri), None)


def _fallback_notice(strings, ui: str) -> dict[str, str]:
    """The notice a fallback page shows (overrides/partials/kb-notice.html), for its PDF."""
    return {
        "notice_title": str(strings["fallback.title"]),
        "notice_text": str(strings["fallback.notice"]),
        "notice_lang": ui,
    }


def on_page_content(html: str, *, page, config, files) -> str | None:
    model = _model(config, page)
    if model is None:
        return None
    site = state.of(config).site
    ui = config.plugins["i18n"].current_language  # the reader's language: the link is interface
    lang = page.file.locale  # the text's: English on a fallback page
    manual = pdf.Manual(
        content=html,
        title=str(page.title),
        lang=lang,
        page_url=urljoin(config.site_url or "https://localhost/", page.url),
        contents_label=str(site.strings[lang]["pdf.contents"]),
        epoch=int(os.environ.get("SOURCE_DATE_EPOCH", "0")),
        **(_fallback_notice(site.strings[ui], ui) if lang != ui else {}),
    )
    _printer(config).submit(f"{ui}/{model.key}", manual)
    page._kb_manual = (f"{ui}/{model.key}", manual, pdf.file_name(model.number, ui), ui)
    return pdf.with_link(html, pdf.file_name(model.number, ui), str(site.strings[ui]["pdf.download"]))


def on_post_page(output: str, *, page, config) -> None:
    if (manual := getattr(page, "_kb_manual", None)) is not None:
        _note(page, config, *manual)


@event_priority(-300)  # after static-i18n (-100) has built every language, and hooks/build.py's finishing steps (-200)
def on_post_build(*, config) -> None:
    if config.plugins["i18n"].building:
        return
    run, printer, deliveries = state.of(config), _printer(config), list(_deliveries(config))
    printer.start()
    if run.serving:
        pdf.deliver_later(printer, deliveries, log.error)
        return
    began = time.perf_counter()
    log.info("pages written; waiting for %d PDF%s", len(deliveries), "" if len(deliveries) == 1 else "s")
    try:
        pdf.deliver(printer, deliveries)
    except pdf.PrintError as error:
        raise PluginError(str(error)) from None
    finally:
        printer.close()
    log.info("PDFs written %.1f s after the pages", time.perf_counter() - began)
