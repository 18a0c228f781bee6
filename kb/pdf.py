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
- PDFs are cached by the hash of everything they are made from (kb.cache), and made in
  parallel processes; `Printer` is what the build hook uses."""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

from babel import Locale
from babel.units import format_unit

from kb import cache

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


def fonts(lang: str) -> str:
    return ", ".join(FONTS.get(lang.split("_")[0], LATIN)) + ", sans-serif"


def document(manual: Manual) -> str:
    """The HTML WeasyPrint prints: the article with a table of contents after its title."""
    body = HEADERLINK.sub("", manual.content)
    body = LINK.sub(lambda m: f'{m["attr"]}{html.escape(urljoin(manual.page_url, html.unescape(m["url"])), quote=True)}"'
                    if not m["url"].startswith(("mailto:", "tel:")) else m.group(0), body)
    entries = "".join(f'<li><a href="#{m["id"]}">{TAG.sub("", HEADERLINK.sub("", m["text"])).strip()}</a></li>'
                      for m in HEADING.finditer(body))
    toc = (f'<nav class="kb-toc" aria-label="{html.escape(manual.contents_label)}">'
           f'<h2 class="kb-toc__title">{html.escape(manual.contents_label)}</h2><ol>{entries}</ol></nav>')
    body = re.sub(r"(</h1>)", lambda m: m.group(1) + toc, body, count=1) if "</h1>" in body else toc + body
    when = datetime.fromtimestamp(manual.epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lang = manual.lang.replace("_", "-")
    direction = Locale.parse(manual.lang).text_direction
    return (f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{html.escape(manual.title)}</title>"
            f'<meta name="dcterms.created" content="{when}"><meta name="dcterms.modified" content="{when}">'
            f'<meta name="generator" content="Kestrel help center">'
            f'<style>:root {{ --kb-fonts: {fonts(manual.lang)}; }}</style>'
            f"</head><body>{body}</body></html>")


def fetcher():
    """What WeasyPrint may load besides the page: `data:` URLs only. Printing never goes to the
    network (the page's links are absolute to the site) nor reads a file it was not given."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render(manual: Manual, stylesheet: str) -> bytes:
    """The PDF's bytes. Runs in a worker process: WeasyPrint loads only here."""
    import weasyprint

    source = document(manual)
    identifier = hashlib.sha256(source.encode() + stylesheet.encode()).hexdigest()[:32].encode()
    return weasyprint.HTML(string=source, base_url=manual.page_url, url_fetcher=fetcher()).write_pdf(
        stylesheets=[weasyprint.CSS(string=stylesheet)], pdf_identifier=identifier, uncompressed_pdf=False,
        custom_metadata=False)


def versions() -> str:
    """What the bytes depend on besides the inputs: WeasyPrint's and pydyf's versions, and this module."""
    from importlib.metadata import version

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"weasyprint-{version('weasyprint')}-pydyf-{version('pydyf')}-kb.pdf-{code}"


def file_name(number: str, lang: str) -> str:
    """kestrel-kp-310-zh.pdf: the model and the reader's language, so saved copies do not collide."""
    return f"kestrel-{number.lower()}-{lang.lower().replace('_', '-')}.pdf"


# Where the download link goes (after the title) until the PDF's size is known.
SIZE_MARK = "<!-- kb-pdf-size -->"


def with_link(content: str, href: str, label: str) -> str:
    """The article with its PDF's download link after the title; `label` has {size}, filled in by `with_size`."""
    before, _, size_after = html.escape(label).partition("{size}")
    link = (f'<p class="kb-pdf"><a class="kb-pdf__link" href="{html.escape(href, quote=True)}" download '
            f'type="application/pdf">{before}{SIZE_MARK}{size_after}</a></p>')
    head, found, rest = content.partition("</h1>")
    return f"{head}{found}\n{link}{rest}" if found else link + content


def size_text(size: int, lang: str) -> str:
    """The file size as readers read it: 312 kB, 312 kB, 312 ك.بايت; in MB from 1 MB on."""
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=lang)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=lang)


def with_size(output: str, size: int, lang: str) -> str:
    return output.replace(SIZE_MARK, html.escape(size_text(size, lang)), 1)


class Printer:
    """PDFs for one build run: from the cache when their inputs are unchanged, else made in
    a pool of processes while the build goes on; `result` waits for one."""

    def __init__(self, root: Path, stylesheet: Path, workers: int | None = None) -> None:
        self.entries = cache.Entries(cache.directory(root) / "pdf")
        self.stylesheet = stylesheet.read_text(encoding="utf-8")
        self.workers = workers or max(1, (os.cpu_count() or 1))
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: dict[str, tuple[str, Future | bytes]] = {}
        self.stamp = versions()

    def key(self, manual: Manual) -> str:
        return hashlib.sha256(f"{self.stamp}\n{self.stylesheet}\n{manual!r}".encode()).hexdigest()

    def submit(self, name: str, manual: Manual) -> None:
        key = self.key(manual)
        cached = self.entries.read(key)
        if cached is not None:
            self.jobs[name] = (key, cached)
            return
        if self.pool is None:  # forkserver: workers do not inherit the build's threads (the dev server's)
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver"))
        self.jobs[name] = (key, self.pool.submit(render, manual, self.stylesheet))

    def result(self, name: str) -> bytes:
        key, job = self.jobs[name]
        if isinstance(job, bytes):
            return job
        data = job.result()
        self.entries.write(key, data)
        self.jobs[name] = (key, data)
        return data

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
