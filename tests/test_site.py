"""The real site, built strictly once: every article in every language (translated, or
in English with a notice), correct language attributes, absolute alternates, one search
index per language, sitemaps, localized 404 pages, no third-party requests, reproducible
output. Expectations come from the content (tests/conftest.py), not from lists here."""

from __future__ import annotations

import hashlib
import html as html_module
import json
import os
import random
import re
import shutil
import subprocess
import sys
from itertools import accumulate
from pathlib import Path

import pytest
import yaml
from babel import Locale

from kb.build.cache import unseal
from tests.conftest import LANGUAGES, ROOT, SOURCE, english_articles, run_build, text_lang, translated
from tests.support import SiteHandler, serve

pytestmark = pytest.mark.build

SITE_URL = "https://help.kestrel.example/"


def output_path(rel: str, lang: str) -> str:
    """docs/<lang>/<rel> -> its index.html under the site (English at the root)."""
    stem = rel[:-3]
    url = "" if stem == "index" else (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"
    return ("" if lang == SOURCE else f"{lang}/") + url + "index.html"


def html(site: Path, rel: str, lang: str) -> str:
    return (site / output_path(rel, lang)).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_article_reads_in_every_language_translated_or_with_a_notice(built_site, lang):
    assert len(english_articles()) >= 24
    for rel in english_articles():
        page = html(built_site, rel, lang)
        fallback = 'data-kb-notice="fallback"' in page
        assert fallback == (rel not in translated(lang)), f"{lang} {rel}: fallback notice {fallback}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_declares_its_language_and_direction(built_site, lang):
    for rel in english_articles():
        page = html(built_site, rel, lang)
        assert re.search(rf'<html lang="{text_lang(rel, lang)}"', page), f"{lang} {rel}"
        direction = Locale.parse(lang).text_direction
        assert f'<body dir="{direction}"' in page, f"{lang} {rel}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_absolute_alternates_for_all_languages_with_x_default_and_canonical(built_site, lang):
    for rel in english_articles():
        page = html(built_site, rel, lang)
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
        having = [code for code in LANGUAGES if rel in translated(code)]  # a fallback page is no alternate
        assert sorted(alternates) == sorted(having + ["x-default"]), rel
        for code in having:
            assert alternates[code] == SITE_URL + output_path(rel, code).removesuffix("index.html")
        assert alternates["x-default"] == alternates[SOURCE]
        assert f'<link rel="canonical" href="{alternates[text_lang(rel, lang)]}">' in page


def load_index(site: Path, lang: str) -> tuple[dict, list[dict], dict]:
    """(manifest, article fragments, postings) of a language's search index."""
    folder = (site if lang == SOURCE else site / lang) / "search"
    manifest = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["config"]["kb"]
    articles = [
        json.loads((folder / "kb" / f"a{n}.json").read_text(encoding="utf-8")) for n in range(manifest["articles"])
    ]
    postings = {}
    for shard in range(manifest["shards"]):
        postings.update(json.loads((folder / "kb" / f"t{shard}.json").read_text(encoding="utf-8")))
    return manifest, articles, postings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_search_index(built_site, lang):
    manifest, articles, postings = load_index(built_site, lang)
    root = built_site if lang == SOURCE else built_site / lang
    assert manifest["lang"] == lang and manifest["root"] == ("" if lang == SOURCE else f"{lang}/")
    assert len(articles) == len(english_articles())
    urls = {output_path(rel, SOURCE).removesuffix("index.html"): rel for rel in english_articles()}
    for article in articles:
        assert article["u"] in urls, article["u"]  # a path under this language's root
        assert (root / article["u"] / "index.html").exists(), article["u"]
        assert (article["l"] == "") == (urls[article["u"]] in translated(lang)), article  # fallbacks are labelled
    assert postings and all(len(flat) % 3 == 0 for flat in postings.values())


@pytest.mark.parametrize(
    "lang, word, section",
    [
        ("zh", "保修", "warranty/"),
        ("zh", "退货", "returns/"),
        ("ja", "保証", "warranty/"),
        ("es", "garantía", "warranty/"),
        ("ar", "الضمان", "warranty/"),
        ("en", "warranty", "warranty/"),
    ],
)
def test_index_holds_the_language_words(built_site, site, lang, word, section):
    _, articles, postings = load_index(built_site, lang)
    term = max(site.analyzer.terms(lang, [word])[0], key=len)
    numbers = list(accumulate(postings[term][i] for i in range(0, len(postings[term]), 3)))  # by difference
    listed = {articles[number]["u"] for number in numbers}
    assert any(url.startswith(section) for url in listed), listed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_search_their_own_language_root(built_site, lang):
    rel = next(rel for rel in english_articles() if rel.count("/") == 1 and not rel.endswith("/index.md"))
    page = html(built_site, rel, lang)
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["base"] == "../.."  # /<lang>/<section>/<article>/ -> /<lang>/ (or / for English)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sitemap_per_language_with_alternates(built_site, lang):
    folder = built_site if lang == SOURCE else built_site / lang
    index = (built_site / "sitemap-index.xml").read_text(encoding="utf-8")
    if not translated(lang):  # a language just added: no page of its own, no sitemap
        assert not (folder / "sitemap.xml").exists() and f"/{lang}/sitemap.xml" not in index
        return
    assert f"{SITE_URL}{'' if lang == SOURCE else lang + '/'}sitemap.xml</loc>" in index
    sitemap = (folder / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) == len(translated(lang))  # fallback pages are not in the sitemaps
    prefix = SITE_URL + ("" if lang == SOURCE else f"{lang}/")
    assert all(loc.startswith(prefix) for loc in locations)
    assert sitemap.count('hreflang="x-default"') == len(locations)
    assert f"Sitemap: {SITE_URL}sitemap-index.xml" in (built_site / "robots.txt").read_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_localized_404(built_site, lang):
    title = yaml.safe_load((ROOT / f"data/strings/{lang}.yml").read_text(encoding="utf-8"))["notfound.title"]
    page = (built_site / ("" if lang == SOURCE else lang) / "404.html").read_text(encoding="utf-8")
    assert f"<h1>{html_module.escape(title)}</h1>" in page
    assert re.search(rf'<html lang="{lang}"', page)


THIRD_PARTY = re.compile(r'(?:src|href)="(?:https?:)?//(?!help\.kestrel\.example)[^"]+"|url\((?:https?:)?//|@import')


def test_no_page_or_stylesheet_loads_anything_from_another_host(built_site):
    offenders = []
    for file in list(built_site.rglob("*.html")) + list(built_site.rglob("*.css")):
        text = file.read_text(encoding="utf-8")
        loading = (
            "\n".join(re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text))
            if file.suffix == ".html"
            else text
        )
        if THIRD_PARTY.search(loading) or "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append(file.relative_to(built_site).as_posix())
    assert offenders == []


def test_material_sitemap_fetch_is_turned_off(built_site):
    bundle = next((built_site / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert 'M("link[rel=alternate]")' not in bundle


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_is_byte_reproducible_and_parallel_equals_sequential(built_site, build_cache, tmp_path):
    """The shared build used two processes and an empty cache; this one builds every language in one
    process, as static-i18n does, reusing that build's cache (compiled templates)."""
    assert any((build_cache / "templates").iterdir())
    again = tmp_path / "again"
    result = run_build(ROOT / "mkdocs.yml", again, jobs=1, env={"KB_CACHE_DIR": str(build_cache)})
    assert result.returncode == 0, result.stderr
    first, second = digest(built_site), digest(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# Ways an entry is found damaged, each given the entry and every entry's bytes before any damage.
def flip_16_bytes(entry: Path, before: dict[Path, bytes]) -> None:
    data = bytearray(before[entry])
    for position in random.Random(entry.name).sample(range(data.index(b"\n") + 1, len(data)), 16):
        data[position] ^= 0xFF
    entry.write_bytes(bytes(data))


def truncated(entry: Path, before: dict[Path, bytes]) -> None:
    entry.write_bytes(before[entry][: len(before[entry]) * 2 // 3])


def empty(entry: Path, before: dict[Path, bytes]) -> None:
    entry.write_bytes(b"")


def random_bytes(entry: Path, before: dict[Path, bytes]) -> None:
    entry.write_bytes(random.Random(entry.name).randbytes(len(before[entry])))


def another_entrys_payload(entry: Path, before: dict[Path, bytes]) -> None:
    """This entry's header (for its own payload) before the next entry's payload."""
    entries = sorted(before)
    data, other = before[entry], before[entries[(entries.index(entry) + 1) % len(entries)]]
    entry.write_bytes(data[: data.index(b"\n") + 1] + other[other.index(b"\n") + 1 :])


def folder_in_its_place(entry: Path, before: dict[Path, bytes]) -> None:
    entry.unlink()
    (entry / "inside").mkdir(parents=True)


def no_read_permission(entry: Path, before: dict[Path, bytes]) -> None:
    entry.chmod(0)


# The first ways first: a kind of entry with fewer entries than there are ways meets these.
DAMAGES = [folder_in_its_place, another_entrys_payload, empty, truncated, random_bytes, flip_16_bytes] + (
    [no_read_permission] if os.geteuid() != 0 else []
)  # root reads a file without read permission


def test_a_damaged_cache_changes_no_byte_of_the_site(built_site, real_site_cache, tmp_path):
    """Entries of each kind in the shared build's cache (templates, pages, findings, search terms
    and indexes, PDFs) damaged, each in another way, every way once per kind: the build notices each
    way, deletes and remakes every damaged entry, and makes the same site as the clean build, byte
    for byte. (One entry per way and kind: damaging every entry would only make the build print
    every PDF and render every page again, one process at a time, for no more ways.)"""
    damaged = tmp_path / "cache"
    shutil.copytree(real_site_cache, damaged)
    entries = sorted(damaged.rglob("*.entry"))
    kinds = {entry.relative_to(damaged).parts[0] for entry in entries}
    assert kinds >= {"templates", "pages", "findings", "indexes"}
    before = {entry: entry.read_bytes() for entry in entries}
    ways: dict[str, list[Path]] = {damage.__name__: [] for damage in DAMAGES}
    for kind in sorted(kinds):
        of_kind = [entry for entry in entries if entry.relative_to(damaged).parts[0] == kind]
        for damage, entry in zip(DAMAGES, of_kind, strict=False):  # kinds with fewer entries meet the first ways
            damage(entry, before)
            ways[damage.__name__].append(entry)
    assert all(ways.values()), ways
    # one process, so every damaged entry is met by the process whose log this is
    result = run_build(ROOT / "mkdocs.yml", tmp_path / "site", env={"KB_CACHE_DIR": str(damaged)}, jobs=1)
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = digest(built_site), digest(tmp_path / "site")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    noticed = set(re.findall(r"build cache: (\S+\.entry): ", result.stderr))
    assert [way for way, damaged_so in ways.items() if not noticed & {str(e) for e in damaged_so}] == []  # each way
    assert all(unseal(entry.read_bytes())[0] is not None for entry in entries)  # made again, sound


class LinkCheckerHandler(SiteHandler):
    """linkchecker asks a host for at most 10 requests a second (about 3 on average), unless the
    host answers with a `LinkChecker` header: this one does, so a crawl takes seconds, not a minute."""

    def end_headers(self):
        self.send_header("LinkChecker", "any rate")
        super().end_headers()


def test_linkchecker_finds_no_broken_link(built_site, tmp_path):
    """linkchecker crawls every page of every language over HTTP; only our own host is checked."""
    server, base = serve(built_site, LinkCheckerHandler)
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    linkchecker = Path(sys.executable).parent / "linkchecker"
    try:
        result = subprocess.run(
            [
                str(linkchecker),
                f"--config={config}",
                "--no-status",
                "--no-warnings",
                "--recursion-level=-1",
                "--threads=4",
                "--ignore-url=^mailto:",
                "--ignore-url=^tel:",
                "--ignore-url=^https://help\\.kestrel\\.example",
                base + "/",
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 errors found" in result.stdout or "no errors" in result.stdout.lower(), result.stdout[-2000:]
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    assert checked and int(checked[2]) > 300, result.stdout[-2000:]  # the whole site, not its first page


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_404_language_switcher_leads_to_each_home(built_site, lang):
    html = (built_site / lang / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*)" hreflang="([a-zA-Z-]+)" class="md-select__link"', html)
    assert links == [("/" if code == SOURCE else f"/{code}/", code) for code in LANGUAGES]
