"""The manuals as PDF: each model's manual page, in each language, printed by WeasyPrint
from the same HTML the site shows, with a print stylesheet (overrides/assets/kb/print.css).

- Fonts are local files found by fontconfig (Debian's packages, tools/install-pdf): DejaVu
  for Latin script, Noto CJK for Chinese and Japanese, Amiri for Arabic; WeasyPrint
  embeds the glyphs each document uses.
- Arabic is laid out right to left (`<html dir="rtl">`).
- A table of contents links to every section, with page numbers; internal links stay
  links, links to other pages point to the site.
- The document language (/Lang) and title (/Title) are in the PDF; its dates and file
  identifier come from SOURCE_DATE_EPOCH and the content, so a build gives the same bytes.
- PDFs are cached by the hash of everything they are made from (kb.build.cache): the page, the
  stylesheet, WeasyPrint's and pydyf's versions, this module, and the versions of the Debian
  packages that draw and embed the glyphs (a font upgrade makes them again).
- They are made in a pool of worker processes at low priority, so the pages come first; each
  worker loads the fonts (one WeasyPrint FontConfiguration) and parses the stylesheet once.
  `Printer` is what the build hook uses; `deliver` and `deliver_later` write each PDF beside
  its page and its size into the page's link, at the end of a build or as each PDF is made
  (the development server)."""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import re
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from kb.build import cache

# The font stack of each language; the first family that has a glyph draws it.
FONTS = {
    "zh": ['"Noto Sans CJK SC"', '"DejaVu Sans"'],
    "ja": ['"Noto Sans CJK JP"', '"DejaVu Sans"'],
    "ko": ['"Noto Sans CJK KR"', '"DejaVu Sans"'],
    "ar": ['"Amiri"', '"DejaVu Sans"'],
}
LATIN = ['"DejaVu Sans"', '"Noto Sans CJK SC"', '"Amiri"']
# What the site adds to headings and the article that print has no use for.
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
HEADING = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h2>', re.S)
LINK = re.compile(r'(?P<attr>\bhref=")(?P<url>[^"#][^"]*)"')
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Manual:
    """One PDF to make: the article's HTML as the site renders it, and what the document says of itself."""

    content: str  # the article's HTML (from MkDocs' on_page_content)
    title: str
    lang: str  # the language of the text
    page_url: str  # the page's absolute URL on the site, for links to other pages
    contents_label: str  # "Contents", in the text's language
    epoch: int  # SOURCE_DATE_EPOCH
    # A manual not translated into the reader's language yet (a fallback page) says so under its
    # title, as the page does: the notice's title and text, in the reader's language (`notice_lang`).
    notice_title: str = ""
    notice_text: str = ""
    notice_lang: str = ""


def fonts(lang: str) -> str:
    return ", ".join(FONTS.get(lang.split("_")[0], LATIN)) + ", sans-serif"


def document(manual: Manual) -> str:
    """The HTML WeasyPrint prints: the article with a table of contents after its title."""
    from babel import Locale

    body = HEADERLINK.sub("", manual.content)
    body = LINK.sub(
        lambda m: (
            f'{m["attr"]}{html.escape(urljoin(manual.page_url, html.unescape(m["url"])), quote=True)}"'
            if not m["url"].startswith(("mailto:", "tel:"))
            else m.group(0)
        ),
        body,
    )
    entries = "".join(
        f'<li><a href="#{m["id"]}">{TAG.sub("", HEADERLINK.sub("", m["text"])).strip()}</a></li>'
        for m in HEADING.finditer(body)
    )
    toc = (
        f'<nav class="kb-toc" aria-label="{html.escape(manual.contents_label)}">'
        f'<h2 class="kb-toc__title">{html.escape(manual.contents_label)}</h2><ol>{entries}</ol></nav>'
    )
    toc = notice(manual) + toc
    body = re.sub(r"(</h1>)", lambda m: m.group(1) + toc, body, count=1) if "</h1>" in body else toc + body
    when = datetime.fromtimestamp(manual.epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lang = manual.lang.replace("_", "-")
    direction = Locale.parse(manual.lang).text_direction
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{html.escape(manual.title)}</title>"
        f'<meta name="dcterms.created" content="{when}"><meta name="dcterms.modified" content="{when}">'
        f'<meta name="generator" content="Kestrel help center">'
        f"<style>:root {{ --kb-fonts: {fonts(manual.lang)}; }}</style>"
        f"</head><body>{body}</body></html>"
    )


def notice(manual: Manual) -> str:
    """The fallback notice of a manual shown in another language than the reader's, or nothing."""
    if not manual.notice_text:
        return ""
    from babel import Locale

    lang = manual.notice_lang.replace("_", "-")
    direction = Locale.parse(manual.notice_lang).text_direction
    return (
        f'<aside class="kb-notice" role="note" lang="{html.escape(lang)}" dir="{direction}">'
        f'<p class="kb-notice__title">{html.escape(manual.notice_title)}</p>'
        f"<p>{html.escape(manual.notice_text)}</p></aside>"
    )


def fetcher():
    """What WeasyPrint may load besides the page: `data:` URLs only. Printing never goes to the
    network (the page's links are absolute to the site) nor reads a file it was not given."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


# What one process loads once for every PDF it prints: WeasyPrint's font configuration (fontconfig's
# fonts and Pango's font map, with the faces it has opened) and each stylesheet, parsed.
_LOADED: dict[str, object] = {}


def _loaded(stylesheet: str):
    """(font configuration, parsed stylesheet), made on this process's first PDF."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    if "fonts" not in _LOADED:
        _LOADED["fonts"] = FontConfiguration()
    key = "css:" + hashlib.sha256(stylesheet.encode()).hexdigest()
    if key not in _LOADED:
        _LOADED[key] = weasyprint.CSS(string=stylesheet, font_config=_LOADED["fonts"])
    return _LOADED["fonts"], _LOADED[key]


def render(manual: Manual, stylesheet: str) -> bytes:
    """The PDF's bytes. Runs in a worker process: WeasyPrint loads only here."""
    import weasyprint

    source = document(manual)
    identifier = hashlib.sha256(source.encode() + stylesheet.encode()).hexdigest()[:32].encode()
    font_config, css = _loaded(stylesheet)
    return weasyprint.HTML(string=source, base_url=manual.page_url, url_fetcher=fetcher()).write_pdf(
        stylesheets=[css],
        font_config=font_config,
        pdf_identifier=identifier,
        uncompressed_pdf=False,
        custom_metadata=False,
    )


# The Debian packages that lay out the text and hold the glyphs the PDFs embed (tools/install-pdf).
PACKAGES = (
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz0b",
    "libharfbuzz-subset0",
    "fonts-dejavu-core",
    "fonts-noto-cjk",
    "fonts-hosny-amiri",
)


def system_packages() -> str:
    """`name=version` of each of PACKAGES as dpkg knows it ("name=" when not installed); "no-dpkg" off Debian."""
    try:
        listed = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}=${Version}\\n", *PACKAGES],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    except OSError:
        return "no-dpkg"
    found = dict(line.split("=", 1) for line in listed.splitlines() if "=" in line)
    return ",".join(f"{name}={found.get(name, '')}" for name in PACKAGES)


def versions() -> str:
    """What the bytes depend on besides the inputs: WeasyPrint's and pydyf's versions, this module,
    and the system's text-layout and font packages."""
    from importlib.metadata import version

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"weasyprint-{version('weasyprint')}-pydyf-{version('pydyf')}-kb.output.pdf-{code}-{system_packages()}"


def file_name(number: str, lang: str) -> str:
    """kestrel-kp-310-zh.pdf: the model and the reader's language, so saved copies do not collide."""
    return f"kestrel-{number.lower()}-{lang.lower().replace('_', '-')}.pdf"


# Where the download link goes (after the title) until the PDF's size is known.
SIZE_MARK = "<!-- kb-pdf-size -->"


def with_link(content: str, href: str, label: str) -> str:
    """The article with its PDF's download link after the title; `label` has {size}, filled in by `with_size`."""
    before, _, size_after = html.escape(label).partition("{size}")
    link = (
        f'<p class="kb-pdf" data-search-exclude><a class="kb-pdf__link" href="{html.escape(href, quote=True)}" '
        f'download type="application/pdf">{before}{SIZE_MARK}{size_after}</a></p>'
    )
    head, found, rest = content.partition("</h1>")
    return f"{head}{found}\n{link}{rest}" if found else link + content


def size_text(size: int, lang: str) -> str:
    """The file size as readers read it: 312 kB, 312 kB, 312 ك.بايت; in MB from 1 MB on."""
    from babel.units import format_unit

    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=lang)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=lang)


def with_size(output: str, size: int, lang: str) -> str:
    return output.replace(SIZE_MARK, html.escape(size_text(size, lang)), 1)


# How much lower a PDF worker's priority is than the development server's (os.nice): its PDFs are
# made in the background, and a rebuild after an edit comes first.
NICENESS = 10


def _lower_priority(niceness: int) -> None:
    if niceness:
        os.nice(niceness)


class PrintError(Exception):
    """A PDF that could not be made; the message names the page."""


class Printer:
    """PDFs for one build run: from the cache when their inputs are unchanged, else made in a pool
    of processes, started by `start` (once the pages are written), each at `niceness`; `result`
    waits for one. `render` and `pool` are what makes a PDF and what runs it (tests give others)."""

    def __init__(
        self,
        root: Path,
        stylesheet: Path,
        workers: int | None = None,
        niceness: int = 0,
        render: Callable[[Manual, str], bytes] = render,
        pool: Callable[[], Executor] | None = None,
    ) -> None:
        self.entries = cache.Entries(cache.directory(root) / "pdf")
        self.stylesheet = stylesheet.read_text(encoding="utf-8")
        self.workers = workers or max(1, (os.cpu_count() or 1))
        self.niceness = niceness
        self.render = render
        self.make_pool = pool or self._processes
        self.pool: Executor | None = None
        self.jobs: dict[str, tuple[str, Future | bytes | Manual]] = {}
        self.stamp = versions()
        self.closed = False

    def _processes(self) -> Executor:
        # forkserver: workers do not inherit the build's threads (the dev server's); it imports
        # WeasyPrint once (half a second), and each worker starts as its copy
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint", "kb.output.pdf"])
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_lower_priority, initargs=(self.niceness,)
        )

    def key(self, manual: Manual) -> str:
        return hashlib.sha256(f"{self.stamp}\n{self.stylesheet}\n{manual!r}".encode()).hexdigest()

    def submit(self, name: str, manual: Manual) -> None:
        key = self.key(manual)
        if name in self.jobs and self.jobs[name][0] == key:
            return
        cached = self.entries.read(key)
        if cached is not None:
            self.jobs[name] = (key, cached)
            return
        self.jobs[name] = (key, manual)
        if self.pool is not None:
            self.start()

    def start(self) -> None:
        """Make the PDFs not in the cache, in the order they were submitted."""
        waiting = [(name, key, job) for name, (key, job) in self.jobs.items() if isinstance(job, Manual)]
        if not waiting:
            return
        pool = self.pool = self.pool or self.make_pool()
        for name, key, manual in waiting:
            self.jobs[name] = (key, pool.submit(self.render, manual, self.stylesheet))

    def result(self, name: str) -> bytes:
        key, job = self.jobs[name]
        if isinstance(job, bytes):
            return job
        if isinstance(job, Manual):
            self.start()
            key, job = self.jobs[name]
        assert isinstance(job, Future)
        data = job.result()
        self.entries.write(key, data)
        self.jobs[name] = (key, data)
        return data

    def close(self) -> None:
        """Stop: PDFs not started are dropped (a build that waited has them all)."""
        self.closed = True
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


@dataclass(frozen=True)
class Delivery:
    """A manual page written with its PDF's link: the PDF to wait for, where it goes, and the page
    whose link shows its size in the reader's language."""

    job: str  # the printer's name for the PDF
    source: str  # the page's source, for messages: docs/zh/manuals/kb-160.md
    page: Path  # the page's output file
    pdf: Path  # the PDF's output file, beside it
    lang: str  # the reader's language


def _deliver(printer: Printer, delivery: Delivery) -> None:
    try:
        data = printer.result(delivery.job)
    except Exception as error:  # WeasyPrint's, or the worker's death: the build names the page
        raise PrintError(
            f"{delivery.source}: its PDF {delivery.pdf.name} could not be made: {type(error).__name__}: {error}"
        ) from error
    if printer.closed:  # a newer build of the development server owns the site folder
        return
    cache.write_atomically(delivery.pdf, data)
    page = delivery.page.read_text(encoding="utf-8")
    cache.write_atomically(delivery.page, with_size(page, len(data), delivery.lang).encode("utf-8"))


def deliver(printer: Printer, deliveries: list[Delivery]) -> None:
    """Wait for every PDF, write each beside its page and its size into the page's link (the
    build, before the site is switched to); PrintError for the first that could not be made."""
    for delivery in deliveries:
        _deliver(printer, delivery)


def deliver_later(printer: Printer, deliveries: list[Delivery], report: Callable[[str], None]) -> threading.Thread:
    """The same in a background thread, each PDF as soon as it is made (the development server,
    which serves the pages at once); `report` gets what could not be made."""

    def run() -> None:
        for delivery in deliveries:
            try:
                _deliver(printer, delivery)
            except PrintError as error:
                report(str(error))
            except Exception as error:  # noqa: BLE001  a page rewritten or removed by a newer build
                if not printer.closed:
                    report(f"{delivery.source}: its PDF {delivery.pdf.name}: {error}")

    thread = threading.Thread(target=run, name="kb-pdf-delivery", daemon=True)
    thread.start()
    return thread
