"""Language alternates for search engines: absolute hreflang links for every
translation of a page plus x-default, canonical links, and per-language sitemaps.

A fallback page (English text under /zh/) is not a translation: it is left out of
the alternates and the sitemaps, and its canonical URL is the English page."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Alternate:
    lang: str  # hreflang value: a language code or x-default
    href: str  # absolute URL


def absolute(site_url: str, url: str) -> str:
    """site_url + a site-relative page URL ('' or './' is the root)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    url = "" if url in ("", "./", ".") else url.lstrip("/")
    return base + url


def alternates(site_url: str, translations: dict[str, str], languages: list[str], source_lang: str) -> list[Alternate]:
    """`translations` maps language -> site-relative URL of real translations only."""
    found = [Alternate(lang, absolute(site_url, translations[lang])) for lang in languages if lang in translations]
    if source_lang in translations:
        found.append(Alternate("x-default", absolute(site_url, translations[source_lang])))
    return found


def sitemap(entries: list[tuple[str, list[Alternate]]]) -> str:
    """A sitemap whose every URL lists its alternates (xhtml:link), in a stable order."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for loc, links in sorted(entries):
        lines.append(f"  <url>\n    <loc>{escape(loc)}</loc>")
        for link in links:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={quoteattr(link.lang)} href={quoteattr(link.href)}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(urls: list[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <sitemap><loc>{escape(url)}</loc></sitemap>" for url in urls]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def robots(sitemap_urls: list[str]) -> str:
    return "User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {url}\n" for url in sitemap_urls)


def files(
    languages: list[str],
    source_lang: str,
    with_pages: set[str],
    built: dict[str, list[tuple[str, list[Alternate]]]],
    site_url: str,
    mtime: int,
) -> dict[str, bytes]:
    """The site's sitemap files by path: each language of `built` gets its sitemap (gzipped too, with
    `mtime` in the header so builds are reproducible); the index lists every language that has pages
    of its own (`with_pages`, built by this process or another), and robots.txt the index."""
    out: dict[str, bytes] = {}
    urls = []
    for lang in [lang for lang in languages if lang in with_pages]:
        folder = "" if lang == source_lang else f"{lang}/"
        urls.append(absolute(site_url, f"{folder}sitemap.xml"))
        if lang in built:
            data = sitemap(built[lang]).encode("utf-8")
            out[f"{folder}sitemap.xml"] = data
            out[f"{folder}sitemap.xml.gz"] = gzip.compress(data, compresslevel=9, mtime=mtime)
    out["sitemap-index.xml"] = sitemap_index(urls).encode("utf-8")
    out["robots.txt"] = robots([absolute(site_url, "sitemap-index.xml")]).encode("utf-8")
    return out


def write(folder: Path, made: dict[str, bytes]) -> None:
    """Write `files()` into the built site's folder."""
    for path, data in made.items():
        (folder / path).write_bytes(data)
