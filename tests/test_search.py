"""Search as customers use it, in Chromium on the built site: the evaluation set's
questions find their answers, fallback pages are found in their language, and
Material's search box keeps its keyboard, highlighting and language behaviour."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import LANGUAGES, SOURCE, lang_root, make_fixture_site, run_build, search, tree_page, url_of
from tests.support import Quiet, load_queries, metrics, ranks, serve
from tests.support import languages as query_languages
from tests.test_fixture_sites import good_pages  # noqa: F401 (fixture)

TARGET = 0.9  # hit@3 in every language
FIRST = 0.7  # hit@1 in every language: customers read the first result


@pytest.mark.browser
@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang in query_languages()])  # a new language: none yet
def test_customers_questions_find_their_answer_in_the_top_three(page, served_site, lang):
    results = ranks(page, served_site, lang, load_queries(lang))
    score = metrics(results)
    misses = [
        f"{r['q']!r} ({r['kind']}): rank {r['rank']}, shown {r['shown']}" for r in results if not 0 < r["rank"] <= 3
    ]
    assert score["queries"] >= 30
    assert score["hit@3"] >= TARGET, f"hit@3 {score['hit@3']:.0%} in {lang}; misses:\n" + "\n".join(misses)
    seconds = [f"{r['q']!r} ({r['kind']}): rank {r['rank']}, shown {r['shown']}" for r in results if r["rank"] != 1]
    assert score["hit@1"] >= FIRST, f"hit@1 {score['hit@1']:.0%} in {lang}; not first:\n" + "\n".join(seconds)


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang, query, tree",
    [
        ("en", "disconnecting wifi", "wifi-bluetooth"),  # stemming, one word split in two
        ("en", "batteries draining", "battery-drain"),
        ("es", "bateria", "battery-drain"),
        ("ar", "البطاريه", "battery-drain"),
        ("ja", "ＷｉＦｉ", "wifi-bluetooth"),
        ("zh", "wifi老是断", "wifi-bluetooth"),
        ("en", "bluetoth", "wifi-bluetooth"),
    ],
)  # answers named by their troubleshooter tree, which names its article
def test_one_result_per_article_answer_first_with_its_section(page, served_site, lang, query, tree):
    article = url_of(tree_page(tree), lang)
    page.goto(lang_root(served_site, lang))
    search(page, query)
    items = page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item =>
        Array.from(item.querySelectorAll(':scope > .md-search-result__link')).map(a => new URL(a.href).pathname))""",
    )
    firsts = [links[0] for links in items]
    assert firsts[0] == article, firsts
    assert len(firsts) == len(set(firsts)), "one result per article"
    assert all(all(link == links[0] for link in links) for links in items), "sections belong to their article"
    assert page.locator(".md-search-result__item mark").count() > 0, "matched words are highlighted"


@pytest.mark.browser
def test_keyboard_goes_down_the_results_and_enter_opens_the_best(page, served_site):
    page.goto(served_site + "/")
    best = search(page, "refund")[0]["href"]
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert focused
    page.locator(".md-search__input").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(best)


@pytest.mark.build
@pytest.mark.browser
def test_untranslated_pages_are_found_in_every_language_marked_as_english(tmp_path, good_pages, page):  # noqa: F811
    config = make_fixture_site(tmp_path, good_pages)
    assert run_build(config, tmp_path / "site").returncode == 0
    server, base = serve(tmp_path / "site", Quiet)
    try:
        page.goto(base + "/es/")
        results = search(page, "return policy")
        assert [urlsplit(r["href"]).path for r in results][:1] == ["/es/returns/policy/"]
        label = page.locator(".md-search-result__item .kb-search-lang").first
        assert label.text_content() == "inglés" and label.get_attribute("lang") == "en"
        page.goto(base + "/zh/")
        results = search(page, "退货")
        assert [urlsplit(r["href"]).path for r in results][:1] == ["/zh/returns/policy/"]
        assert page.locator(".md-search-result__item .kb-search-lang").count() == 0
    finally:
        server.shutdown()


@pytest.mark.build
@pytest.mark.parametrize(
    "lang, query, first",
    [
        ("es", "garantía del móvil", "warranty/"),  # móvil: in a few articles; Kestrel Phone in most
        ("es", "garantía del portátil", "warranty/"),
        ("es", "reembolso del móvil", "returns/refunds/"),
        ("en", "warranty for my cellphone", "warranty/"),
        ("en", "cant log into my account", "account/kestrel-account/"),
    ],
)
def test_a_product_named_in_the_customers_word_leaves_the_subject_first(built_site, lang, query, first):
    """The site's worker in V8 on the built index: a customer's word for a product (and its
    synonyms) weighs as the subject it names, so the few articles that write that very word do not
    outrank the article about the rest of the question."""
    from kb.feedback.suggest import Search

    search = Search(built_site if lang == SOURCE else built_site / lang, lang)
    try:
        found = [location for location, _ in search.rank(query)]
    finally:
        search.close()
    assert found and found[0].startswith(first), found[:3]
