"""The manuals on the built site: every model has its page and its PDF in every language;
the PDF's text is in the page's language and script, with the model number and the
figures of data/models.yml, in the fonts of its script, embedded; two builds give the
same bytes; the model finder resolves customers' spellings in every language; search
puts the manual first for a model number or name.

The languages come from mkdocs.yml and the models from data/models.yml; a manual not
translated yet is the English one under the language (a fallback page), in English."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pypdf
import pytest
from bs4 import BeautifulSoup

from kb.core.markdown_parts import headings
from kb.data import facts
from kb.output import pdf
from tests.conftest import CONTENT, LANGUAGES, text_lang, url_of
from tools.search_eval import load_queries, ranks

MODELS = CONTENT.models
CASES = [(lang, model) for lang in LANGUAGES for model in MODELS]
IDS = [f"{lang}-{model.key}" for lang, model in CASES]
# Figures every manual states (in its specifications), as the build renders them.
FIGURES = ["battery.life_hours", "charging.wired_watts", "charging.half_charge_minutes", "weight_grams"]
# Text of each language's script, and the fonts that draw it.
SCRIPTS = {
    "zh": (r"[\u4e00-\u9fff]", "notosanscjksc"),
    "ja": (r"[\u3040-\u30ff]", "notosanscjkjp"),
    "ar": (r"[\u0600-\u06ff]", "amiri"),
}
LATIN = (r"[A-Za-z]", "dejavusans")


def manual_page(site_dir, lang, model) -> BeautifulSoup:
    return BeautifulSoup(
        (site_dir / url_of(model.page, lang).lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def pdf_of(site_dir, lang, model):
    return site_dir / url_of(model.page, lang).lstrip("/") / pdf.file_name(model.number, lang)


def pdf_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Each font's name (without its subset prefix), and whether its file is embedded."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptors = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            embedded = any(
                key in d.get("/FontDescriptor", {})
                for d in descriptors
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[re.sub(r"[^a-z0-9]", "", str(font["/BaseFont"]).split("+")[-1].lower())] = embedded
    return found


@pytest.mark.build
@pytest.mark.parametrize("lang, model", CASES, ids=IDS)
def test_every_manual_page_links_its_pdf_with_its_size(built_site, lang, model):
    html = manual_page(built_site, lang, model)
    link = html.select_one("article a.kb-pdf__link")
    assert link is not None and link.has_attr("download") and link["type"] == "application/pdf"
    assert link["href"] == pdf.file_name(model.number, lang)
    size = pdf_of(built_site, lang, model).stat().st_size
    assert pdf.size_text(size, lang) in link.get_text()
    assert link.find_parent("p").find_previous_sibling().name == "h1"


@pytest.mark.build
@pytest.mark.parametrize("lang, model", CASES, ids=IDS)
def test_pdf_text_language_figures_and_fonts(built_site, lang, model):
    written = text_lang(model.page, lang)  # English on a fallback page
    reader = pypdf.PdfReader(pdf_of(built_site, lang, model))
    text = pdf_text(reader)
    title = manual_page(built_site, lang, model).select_one("article h1").get_text().rstrip("¶").strip()
    assert reader.trailer["/Root"]["/Lang"] == written
    assert reader.metadata.title == title
    assert model.number in text
    for figure in FIGURES:
        value = facts.render_fact(
            CONTENT.facts.values[f"models.{model.key}.{figure}"], written, CONTENT.strings[written]
        )
        # pypdf reads right-to-left lines in visual order: each word of the figure, wherever it lands
        assert all(part in text for part in value.split()), (figure, value)
    script, font = SCRIPTS.get(written, LATIN)
    assert len(re.findall(script, text)) > 200, f"little {written} text in the PDF"
    if written not in ("zh", "ja"):
        assert not re.search(r"[\u4e00-\u9fff\u3040-\u30ff]", text)
    embedded = fonts(reader)
    assert any(name.startswith(font) for name in embedded), embedded
    assert all(embedded.values()), f"fonts not embedded: {embedded}"


@pytest.mark.build
def test_pdf_contents_link_to_their_sections(built_site):
    model = MODELS[0]
    reader = pypdf.PdfReader(pdf_of(built_site, "en", model))
    targets = [
        a["/Dest"]
        for page in reader.pages
        for a in (page.get("/Annots") or [])
        if a.get_object().get("/Subtype") == "/Link" and "/Dest" in a.get_object()
    ]
    sections = [h for h in headings(CONTENT.page("en", model.page).body, 1) if h.level == 2]
    assert len(targets) >= len(sections) > 5, "a link per section in the contents"
    title = manual_page(built_site, "en", model).select_one("article h1").get_text().rstrip("¶").strip()
    assert reader.outline[0].title == title  # bookmarks: the title, the sections under it (not "Contents")
    assert [item.title for item in reader.outline[1]] == [h.text for h in sections]


# ---------------------------------------------------------------------------
# The model finder, in Chromium

SPELLINGS = [
    ("KP-310", "KP-310"),
    ("kp310", "KP-310"),
    ("kp 310", "KP-310"),
    ("ＫＰ－３１０", "KP-310"),
    ("Phone 3 Pro", "KP-310"),
    ("Kestrel Phone 3", "KP-300"),
    ("Book16", "KB-160"),
    ("kb 160", "KB-160"),
    ("KB-140", "KB-140"),
    ("buds 2", "KD-200"),
    ("ｋｄ２００", "KD-200"),
    ("Watch 2", "KW-200"),
    ("KP-999", "none"),
    ("Phone 4", "none"),
]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_model_finder_resolves_customers_spellings(page, served_site, lang):
    index = served_site + url_of("manuals/index.md", lang)
    page.goto(index)
    finder = page.locator("[data-kb='model-finder']")
    by_number = {model.number: model for model in MODELS}
    for typed, expected in SPELLINGS:
        finder.locator("input").fill(typed)
        finder.locator("input").press("Enter")
        assert finder.get_attribute("data-kb-result") == expected, typed
        if expected != "none":
            href = finder.locator(".kb-widget__result a").get_attribute("href")
            assert urlsplit(urljoin(index, href)).path == url_of(by_number[expected].page, lang), typed
    assert finder.locator(".kb-widget__result a").count() == 0
    finder.locator("input").fill("kw200")
    finder.locator("input").press("Enter")
    finder.locator(".kb-widget__result a").click()
    page.wait_for_url(f"**{url_of(by_number['KW-200'].page, lang)}")
    assert page.locator("article a.kb-pdf__link[download]").count() == 1


@pytest.mark.browser
def test_model_finder_asks_for_a_number_when_empty(page, served_site):
    page.goto(served_site + url_of("manuals/index.md"))
    finder = page.locator("[data-kb='model-finder']")
    finder.locator("input").press("Enter")
    assert finder.get_attribute("data-kb-result") is None
    assert finder.locator(".kb-widget__result").inner_text() == CONTENT.strings["en"]["model_finder.missing"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_puts_the_manual_first_for_a_model(page, served_site, lang):
    queries = [query for query in load_queries(lang) if query.get("kind") == "model"]
    assert {answer for query in queries for answer in query["answers"]} == {model.page for model in MODELS}
    misses = [r for r in ranks(page, served_site, lang, queries) if r["rank"] != 1]
    assert not misses
