"""UI string tables, per-language search data and language alternates."""

import gzip
import importlib.util
import re
from pathlib import Path

import pytest

from kb import internals, search
from kb.core.findings import FindingsError
from kb.data import strings
from kb.output import seo


def test_every_language_table_has_exactly_the_english_keys(site):
    tables = site.strings
    assert set(tables) == set(site.languages)
    assert all(set(table) == set(tables[site.source_lang]) for table in tables.values())


def test_gaps_extras_and_lost_placeholders_are_reported(tmp_path):
    (tmp_path / "en.yml").write_text("a.one: One {n}\nb.two: Two\n", encoding="utf-8")
    (tmp_path / "xx.yml").write_text("a.one: Uno\nc.three: Tres\n", encoding="utf-8")
    with pytest.raises(FindingsError) as raised:
        strings.load_all(tmp_path, ["en", "xx"])
    xx = str(tmp_path / "xx.yml")
    assert [str(f) for f in raised.value.findings] == [
        f"{xx}:1: strings-missing: key 'b.two' is missing; English: 'Two'",
        f"{xx}:1: strings-placeholder: key 'a.one' lacks {{n}}",
        f"{xx}:2: strings-unknown: key 'c.three' is not in the English table",
    ]


def test_localize_entries_keeps_only_the_language_root():
    entries = [
        {"location": "zh/warranty/", "title": "保修概览", "text": "x"},
        {"location": "warranty/", "title": "Warranty", "text": "y"},
    ]
    assert search.localize_entries(entries, "zh", "en") == [{"location": "warranty/", "title": "保修概览", "text": "x"}]
    assert search.localize_entries(entries, "en", "en") == entries


@pytest.mark.parametrize(
    "url, root, base",
    [("zh/warranty/overview/", "zh/", "../.."), ("zh/", "zh/", "."), ("warranty/overview/", "", "../..")],
)
def test_search_base_is_the_language_root(url, root, base):
    assert search.search_base(url, root) == base


@pytest.mark.parametrize(
    "url, worker",
    [
        ("", "assets/kb/search/worker.js"),
        ("faq/", "../assets/kb/search/worker.js"),
        ("zh/returns/policy/", "../../../assets/kb/search/worker.js"),
        ("404.html", "assets/kb/search/worker.js"),
    ],
)
def test_every_page_uses_our_worker_relative_to_it(url, worker):
    assert search.worker_url(url) == worker


@pytest.mark.parametrize(
    "site_path, root, expected",
    [
        ("/", "", {"base": "/", "worker": "/assets/kb/search/worker.js"}),
        ("/", "ja/", {"base": "/ja/", "worker": "/assets/kb/search/worker.js"}),
        ("/help", "zh/", {"base": "/help/zh/", "worker": "/help/assets/kb/search/worker.js"}),
    ],
)
def test_a_page_served_at_any_address_searches_its_language_by_absolute_paths(site_path, root, expected):
    assert search.absolute(site_path, root) == expected


def test_alternates_are_absolute_with_x_default_and_skip_fallbacks():
    links = seo.alternates(
        "https://help.kestrel.example/", {"en": "returns/", "zh": "zh/returns/"}, ["en", "zh", "es"], "en"
    )
    assert [(link.lang, link.href) for link in links] == [
        ("en", "https://help.kestrel.example/returns/"),
        ("zh", "https://help.kestrel.example/zh/returns/"),
        ("x-default", "https://help.kestrel.example/returns/"),
    ]


def test_sitemap_lists_alternates():
    links = seo.alternates("https://h.example/", {"en": "a/", "ja": "ja/a/"}, ["en", "ja"], "en")
    xml = seo.sitemap([("https://h.example/ja/a/", links)])
    assert "<loc>https://h.example/ja/a/</loc>" in xml
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="https://h.example/a/"/>' in xml


ENTRY = ("https://h.example/ja/a/", [seo.Alternate("ja", "https://h.example/ja/a/")])


@pytest.mark.parametrize(
    "with_pages, built, files, indexed",
    [
        # every language built here and with pages: a sitemap each, all in the index
        ({"en", "ja"}, {"en": [ENTRY], "ja": [ENTRY]}, {"sitemap.xml", "ja/sitemap.xml"}, ["", "ja/"]),
        # a language built by another process (kb build --lang, kb merge) is indexed, not written here
        ({"en", "ja"}, {"ja": [ENTRY]}, {"ja/sitemap.xml"}, ["", "ja/"]),
        # a language with no page of its own (only fallbacks) has no sitemap and is not indexed
        ({"en"}, {"en": [ENTRY], "ja": []}, {"sitemap.xml"}, [""]),
    ],
)
def test_sitemap_files_per_language_index_and_robots(with_pages, built, files, indexed):
    made = seo.files(["en", "ja"], "en", with_pages, built, "https://h.example/", 1700000000)
    sitemaps = {path for path in made if path.endswith("sitemap.xml")}
    assert sitemaps == files
    for path in sitemaps:
        assert gzip.decompress(made[path + ".gz"]) == made[path]
        assert made[path + ".gz"][4:8] == (1700000000).to_bytes(4, "little")  # reproducible gzip header
    index = made["sitemap-index.xml"].decode()
    assert re.findall(r"<loc>https://h.example/(.*?)sitemap.xml</loc>", index) == indexed
    assert made["robots.txt"].decode().endswith("Sitemap: https://h.example/sitemap-index.xml\n")


def test_bundle_patch_turns_off_the_sitemap_fetch_and_fails_loudly_when_material_changes():
    material = Path(importlib.util.find_spec("material").origin).parent  # wherever the package is installed
    bundle = next((material / "templates/assets/javascripts").glob("bundle.*.min.js"))
    patched = internals.material_bundle_no_sitemap_fetch(bundle.read_text(encoding="utf-8"))
    assert internals.BUNDLE_SELECTOR not in patched and internals.BUNDLE_REPLACEMENT in patched
    with pytest.raises(internals.InternalsChanged, match="expected 1 \\(written for mkdocs-material 9.8.2\\)"):
        internals.material_bundle_no_sitemap_fetch("function ui(){}")


def test_keys_out_of_alphabetical_order(tmp_path):
    (tmp_path / "en.yml").write_text("b.two: Two\na.one: One\n", encoding="utf-8")
    with pytest.raises(FindingsError) as raised:
        strings.load_all(tmp_path, ["en"])
    assert [str(f) for f in raised.value.findings] == [
        f"{tmp_path / 'en.yml'}:2: strings-order: key 'a.one' must come before 'b.two' (alphabetical order)"
    ]
