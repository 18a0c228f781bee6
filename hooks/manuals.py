"""Manuals: every model's manual page links its PDF, printed from the page by kb.pdf.

- on_pre_build (once per build run): every model of data/models.yml has its manual.
- on_page_content (every page; MkDocs renders them all before it writes any): a
  manual page's HTML goes to the printer, which takes its PDF from the build cache
  or starts making it in a worker process; the page gets its download link.
- on_post_page: waits for that PDF, writes it beside the page in the site directory
  (never into docs/), and writes its size, in the reader's language, into the link.
  A page served from the build cache (kb.incremental) skips these steps: its PDF is stored
  with it and written again."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

import base64

from kb import checks, incremental, pdf, site as kb_site
from kb.build import state

STYLESHEET = Path(pdf.__file__).with_name("pdf.css")


def _replay(added, page, config) -> None:
    if added is not None:
        target = Path(page.file.abs_dest_path).parent / added["name"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(added["data"]))


def _written_pdfs(config) -> dict[str, tuple[str, bytes]]:
    """A manual page's output file -> its PDF's name and bytes, this run."""
    return state.of(config).resources.setdefault("manuals written", {})


def _written(mark, page, config):
    written = _written_pdfs(config)
    if page.file.abs_dest_path not in written:
        return None
    name, data = written.pop(page.file.abs_dest_path)
    return {"name": name, "data": base64.b64encode(data).decode("ascii")}


# A manual page served from the build cache (kb.incremental) writes its PDF again.
incremental.recorder("manual-pdf", lambda page, config: None, _written, _replay)


def _printer(config) -> pdf.Printer:
    """One printer per build run (static-i18n's language builds share it; each `serve` rebuild gets its own)."""
    run = state.of(config)
    if "printer" not in run.resources:
        run.resources["printer"] = printer = pdf.Printer(run.site.root, STYLESHEET)
        run.closers.append(printer.close)  # a run that ends early (a failed serve rebuild) closes it too
        run.finishers["manuals"] = lambda site_dir: printer.close()  # after the last language
    return run.resources["printer"]


def on_pre_build(*, config) -> None:
    if kb_site.checking(config):
        site = state.of(config).site
        state.of(config).findings += checks.model_findings(site, site.pages)


def _model(config, page):
    site = state.of(config).site
    return next((model for model in site.models if model.page == page.file.norm_src_uri), None)


def on_page_content(html: str, *, page, config, files) -> str | None:
    model = _model(config, page)
    if model is None:
        return None
    site = state.of(config).site
    ui = config.plugins["i18n"].current_language  # the reader's language: the link is interface
    lang = page.file.locale  # the text's: English on a fallback page
    manual = pdf.Manual(content=html, title=str(page.title), lang=lang,
                        page_url=urljoin(config.site_url or "https://localhost/", page.url),
                        contents_label=str(site.strings[lang]["pdf.contents"]),
                        epoch=int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
    _printer(config).submit(f"{ui}/{model.key}", manual)
    return pdf.with_link(html, pdf.file_name(model.number, ui), str(site.strings[ui]["pdf.download"]))


def on_post_page(output: str, *, page, config) -> str | None:
    model = _model(config, page)
    if model is None:
        return None
    ui = config.plugins["i18n"].current_language
    data = _printer(config).result(f"{ui}/{model.key}")
    target = Path(page.file.abs_dest_path).parent / pdf.file_name(model.number, ui)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    _written_pdfs(config)[page.file.abs_dest_path] = (target.name, data)
    return pdf.with_size(output, len(data), ui)
