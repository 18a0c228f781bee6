"""Search finds what the site has and nothing else, in Chromium on the built site: a search
for what no article is about (tests/search/nonsense.yml) lists nothing and says so
(tests/test_feedback_browser.py records the first of each language as an unanswered search);
a katakana word is not found through the pairs it shares with another (トースター, スタート); a model number finds its own manual, not its neighbour's."""

from __future__ import annotations

import pytest

from tests.conftest import LANGUAGES, NONSENSE, lang_root, search
from tests.support import article_of, type_query

pytestmark = pytest.mark.browser

NOTHING = "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']"


def test_every_language_has_ten_searches_for_what_the_site_does_not_have():
    assert sorted(NONSENSE) == sorted(LANGUAGES)
    assert all(len(set(queries)) >= 10 for queries in NONSENSE.values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_search_for_what_no_article_is_about_lists_nothing_and_says_so(page, served_site, lang):
    page.goto(lang_root(served_site, lang))
    page.locator("label.md-search__icon, .md-search__input").first.click()
    none = page.evaluate(NOTHING)
    found = {}
    for query in NONSENSE[lang]:
        shown = type_query(page, query)
        meta = page.locator(".md-search-result__meta").text_content().strip()
        if shown or meta != none:
            found[query] = (meta, shown[:3])
    assert found == {}


@pytest.mark.parametrize(
    "lang, query, own, neighbour",
    [
        ("en", "KP-310", "manuals/kp-310/", "manuals/kp-300/"),
        ("en", "kp310", "manuals/kp-310/", "manuals/kp-300/"),
        ("zh", "KW-200", "manuals/kw-200/", "manuals/kd-200/"),
        ("ja", "KB-160", "manuals/kb-160/", "manuals/kb-140/"),
    ],
)
def test_a_model_number_finds_its_own_manual_and_marks_no_other(page, served_site, lang, query, own, neighbour):
    page.goto(lang_root(served_site, lang))
    results = search(page, query)
    root = "/" if lang == "en" else f"/{lang}/"
    articles = [article_of(r["href"], root) for r in results]
    assert articles[0] == own, articles
    assert neighbour not in articles
    marked = page.eval_on_selector_all(".md-search-result__item mark", "marks => marks.map(m => m.textContent)")
    assert marked and all(neighbour.split("/")[1] not in text.lower() for text in marked), marked
