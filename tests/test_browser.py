"""What a customer does, in headless Chromium (Debian's, driven by Playwright):
search in their own language, switch language on an article, read Arabic right
to left, and load pages that request nothing from anywhere but this server."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import (
    LANGUAGES,
    ROOT,
    answered,
    article_using,
    english_articles,
    lang_root,
    search,
    translated,
    url_of,
)

pytestmark = pytest.mark.browser

OTHER_ROOTS = re.compile(r"/(" + "|".join(LANGUAGES[1:]) + ")/")


CASES = [
    ("en", "return", "returns/"),
    ("zh", "退货", "zh/returns/"),
    ("es", "devolución", "es/returns/"),
    ("ja", "返品", "ja/returns/"),
    ("ar", "الإرجاع", "ar/returns/"),
]


@pytest.mark.parametrize("lang, query, expected", CASES)
def test_search_finds_returns_articles_in_each_language_and_only_that_language(
    page, served_site, lang, query, expected
):
    page.goto(lang_root(served_site, lang))
    results = search(page, query)
    assert results, f"no result for {query!r} on /{lang}/"
    hrefs = [urlsplit(r["href"]).path for r in results]
    assert any(h.startswith("/" + expected) for h in hrefs), hrefs
    if lang == "en":
        assert not any(OTHER_ROOTS.match(h) for h in hrefs), hrefs
    else:
        assert all(h.startswith(f"/{lang}/") for h in hrefs), hrefs


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("zh", "保修", "zh/warranty/"),
        ("ja", "保証", "ja/warranty/"),
        ("es", "garantía", "es/warranty/"),
        ("ar", "الضمان", "ar/warranty/"),
        ("en", "warranty", "warranty/"),
    ],
)
def test_search_finds_warranty_articles(page, served_site, lang, query, expected):
    page.goto(lang_root(served_site, lang))
    hrefs = [urlsplit(r["href"]).path for r in search(page, query)]
    assert any(h.startswith("/" + expected) for h in hrefs), hrefs


def test_chinese_page_loads_only_the_chinese_index(page, served_site):
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(served_site + "/zh/")
    search(page, "保修")
    indexes = [path for path in requested if path.endswith("search_index.json")]
    assert indexes == ["/zh/search/search_index.json"]


def test_home_search_box_hands_the_query_to_site_search(page, served_site):
    page.goto(served_site + "/es/")
    page.locator("#kb-hero-query").press_sequentially("garantía")
    answered(page, "garantía")
    hrefs = [
        urlsplit(h).path
        for h in page.eval_on_selector_all(
            ".md-search-result__item > .md-search-result__link", "links => links.map(a => a.href)"
        )
    ]
    assert hrefs and all(h.startswith("/es/") for h in hrefs)


def test_language_switcher_lands_on_the_same_article(page, served_site):
    rel = next(
        rel for rel in english_articles() if rel in translated("ja") and rel in translated("ar") and rel != "index.md"
    )
    stem = url_of(rel)
    page.goto(served_site + stem)
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link", has_text="日本語").click()
    page.wait_for_url(re.compile(re.escape(url_of(rel, "ja")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link", has_text="العربية").click()
    page.wait_for_url(re.compile(re.escape(url_of(rel, "ar")) + "$"))
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link", has_text="English").click()
    page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+" + re.escape(stem) + "$"))


def test_arabic_reads_right_to_left_with_mirrored_layout(page, served_site):
    page.goto(served_site + url_of(article_using("return_checker"), "ar"))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"
    nav = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert nav["x"] > content["x"], "the navigation sits on the right in Arabic"
    heading = page.locator("article h1").bounding_box()
    assert heading["x"] + heading["width"] > content["x"] + content["width"] - 80, "text starts at the right"


PAGES = ["index.md"] + [
    article_using(block) for block in ("return_checker", "coverage_checker", "contact_directory", "troubleshooter")
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_request_nothing_outside_this_server_and_nothing_missing(page, served_site, lang):
    host = urlsplit(served_site).netloc
    outside, failed = [], []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlsplit(r.url).netloc not in (host, "") and not r.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # a request the next navigation cancels (net::ERR_ABORTED) is not a missing file
    page.on(
        "requestfailed",
        lambda r: failed.append(f"failed {r.url}: {r.failure}") if r.failure != "net::ERR_ABORTED" else None,
    )
    for rel in PAGES:
        page.goto(served_site + url_of(rel, lang), wait_until="networkidle")
    search(page, "Kestrel")
    page.wait_for_load_state("networkidle")
    assert outside == []
    assert failed == []


def test_phone_layout_shows_the_search_first(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served_site + "/ja/")
    hero = page.locator("#kb-hero-query").bounding_box()
    assert hero["y"] < 400 and hero["width"] > 250
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_search_with_no_results_offers_the_router(page, served_site, lang):
    page.goto(lang_root(served_site, lang))
    assert search(page, "xyzzyq") == []
    offer = page.locator(".kb-search-router")
    expect(offer).to_have_text(
        yaml.safe_load((ROOT / f"data/strings/{lang}.yml").read_text(encoding="utf-8"))["search.router"],
        use_inner_text=True,
    )
    offer.click()
    page.wait_for_url("**" + url_of(article_using("router")) + "#kb-router")
    expect(page.locator("[data-kb='router']")).to_be_visible()
