"""UI string tables, per-language search data and language alternates."""

import json

import pytest

from kb import search, seo, strings
from kb.findings import FindingsError
from tests.conftest import ROOT


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
        f"{xx}:2: strings-unknown: key 'c.three' is not in the English table"]


def test_localize_entries_keeps_only_the_language_root():
    entries = [{"location": "zh/warranty/", "title": "保修概览", "text": "x"},
               {"location": "warranty/", "title": "Warranty", "text": "y"}]
    assert search.localize_entries(entries, "zh", "en") == [{"location": "warranty/", "title": "保修概览", "text": "x"}]
    assert search.localize_entries(entries, "en", "en") == entries


@pytest.mark.parametrize("url, root, base", [
    ("zh/warranty/overview/", "zh/", "../.."), ("zh/", "zh/", "."), ("warranty/overview/", "", "../..")])
def test_search_base_is_the_language_root(url, root, base):
    assert search.search_base(url, root) == base


@pytest.mark.parametrize("worker, expected", [
    ("../assets/javascripts/workers/search.a7633da7.min.js", "../assets/kb/search/worker.js"),
    ("assets/javascripts/workers/search.0123abcd.min.js", "assets/kb/search/worker.js"),
    ("../elsewhere/worker.js", "../elsewhere/worker.js"),  # not Material's: left alone
])
def test_set_search_config_rewrites_only_the_config_script(worker, expected):
    html = ('<p>"base": "x"</p><script id="__config" type="application/json">'
            + json.dumps({"base": "../..", "features": [], "search": worker}) + "</script>")
    out = search.set_search_config(html, "..")
    assert out.startswith('<p>"base": "x"</p>')
    assert json.loads(out.split('json">')[1].split("</script>")[0]) == {"base": "..", "features": [], "search": expected}


def test_alternates_are_absolute_with_x_default_and_skip_fallbacks():
    links = seo.alternates("https://help.kestrel.example/", {"en": "returns/", "zh": "zh/returns/"},
                           ["en", "zh", "es"], "en")
    assert [(l.lang, l.href) for l in links] == [
        ("en", "https://help.kestrel.example/returns/"), ("zh", "https://help.kestrel.example/zh/returns/"),
        ("x-default", "https://help.kestrel.example/returns/")]


def test_sitemap_lists_alternates():
    links = seo.alternates("https://h.example/", {"en": "a/", "ja": "ja/a/"}, ["en", "ja"], "en")
    xml = seo.sitemap([("https://h.example/ja/a/", links)])
    assert '<loc>https://h.example/ja/a/</loc>' in xml
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="https://h.example/a/"/>' in xml


def test_bundle_patch_turns_off_the_sitemap_fetch_and_fails_loudly_when_material_changes():
    bundle = next((ROOT / ".venv/lib").glob("python3*/site-packages/material/templates/assets/javascripts/bundle.*.min.js"))
    patched = seo.patch_bundle(bundle.read_text(encoding="utf-8"))
    assert seo.BUNDLE_SELECTOR not in patched and seo.BUNDLE_REPLACEMENT in patched
    with pytest.raises(ValueError, match="expected 1"):
        seo.patch_bundle("function ui(){}")


def test_keys_out_of_alphabetical_order(tmp_path):
    (tmp_path / "en.yml").write_text("b.two: Two\na.one: One\n", encoding="utf-8")
    with pytest.raises(FindingsError) as raised:
        strings.load_all(tmp_path, ["en"])
    assert [str(f) for f in raised.value.findings] == [
        f"{tmp_path / 'en.yml'}:2: strings-order: key 'a.one' must come before 'b.two' (alphabetical order)"]
