"""Search on every page, with the answer on the results list: the built site's pages (the 404 pages
of every language included) start our worker on their language's index; a question's first result
shows its article's answer sentence; the completion offers one written word; widgets' labels are
in no index. The build tests read the real site's build, the browser tests drive Chromium on it."""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kb import search as kb_search
from kb.data import facts
from tests.conftest import CONTENT, LANGUAGES, SOURCE, answered, lang_root, search

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
# Material's own search worker, which reads Material's index: never started by a page of ours.
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def language_of(rel: str) -> str:
    first = rel.split("/")[0]
    return first if first in LANGUAGES and first != SOURCE else SOURCE


def site_path(page_rel: str, url: str) -> str:
    """The site path an address in a page at `page_rel` leads to ("/x" absolute, else relative)."""
    if url.startswith("/"):
        return posixpath.normpath(url.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), url))


def index_of(site: Path, lang: str) -> tuple[dict, list[dict], list[list]]:
    """(manifest, article files, vocabulary) of a language's index."""
    folder = (site if lang == SOURCE else site / lang) / "search"
    manifest = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["config"]["kb"]
    articles = [
        json.loads((folder / "kb" / f"a{n}.json").read_text(encoding="utf-8")) for n in range(manifest["articles"])
    ]
    vocabulary = json.loads((folder / "kb" / "v.json").read_text(encoding="utf-8"))
    return manifest, articles, vocabulary


@pytest.mark.build
def test_every_page_starts_our_worker_on_its_languages_index(built_site):
    """Every built page, the 404 pages above all (served at any address): its search worker is ours
    and its search base leads to an index of its own language with articles in it."""
    problems, pages = [], 0
    for file in sorted(built_site.rglob("*.html")):
        rel = file.relative_to(built_site).as_posix()
        text = file.read_text(encoding="utf-8")
        if MATERIAL_WORKER.search(text):
            problems.append(f"{rel}: names Material's search worker")
        found = CONFIG.search(text)
        if not found:
            continue  # a page without Material's script (none today) starts no search
        pages += 1
        config = json.loads(found.group(1))
        if site_path(rel, config["search"]) != kb_search.WORKER:
            problems.append(f"{rel}: search worker {config['search']!r}")
        index = built_site / site_path(rel, config["base"]) / "search" / "search_index.json"
        if not index.is_file():
            problems.append(f"{rel}: no index at {config['base']!r}")
            continue
        manifest = json.loads(index.read_text(encoding="utf-8"))["config"].get("kb") or {}
        if manifest.get("lang") != language_of(rel) or not manifest.get("articles"):
            problems.append(f"{rel}: index of {manifest.get('lang')!r} with {manifest.get('articles')} articles")
    assert {language_of(p.relative_to(built_site).as_posix()) for p in built_site.rglob("404.html")} == set(LANGUAGES)
    assert pages > len(LANGUAGES) * 30
    assert problems == []


class WidgetText(HTMLParser):
    """The text of each widget of a page (but its title), run together as Material's search parser
    runs it: "Product Kestrel PhoneKestrel Book… Check"."""

    def __init__(self):
        super().__init__()
        self.widgets: list[str] = []
        self.depth = 0  # inside a widget: its element's depth; 0 outside
        self.title = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.stack.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth and "kb-widget" in classes:
            self.depth = len(self.stack)
            self.widgets.append("")
        elif self.depth and "kb-widget__title" in classes:
            self.title = len(self.stack)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            return
        if len(self.stack) == self.title:
            self.title = 0
        if len(self.stack) == self.depth:
            self.depth = 0
        self.stack.pop()

    def handle_data(self, data):
        if self.depth and not self.title:
            self.widgets[-1] += data


VOID = {"input", "br", "img", "hr", "meta", "link", "source", "wbr"}


def widget_texts(page: Path) -> list[str]:
    parser = WidgetText()
    parser.feed(page.read_text(encoding="utf-8"))
    return [text for text in (" ".join(w.split()) for w in parser.widgets) if text]


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_widgets_are_in_no_index_and_completions_are_written_words(built_site, lang):
    """No widget's labels, options or buttons in the index (before: "Date of purchase, or of delivery
    for online orders Check" under "Can I still return it?"), nor its title as a section; every word a
    completion offers is written, alone, on the language's pages."""
    _, articles, vocabulary = index_of(built_site, lang)
    root = built_site if lang == SOURCE else built_site / lang
    leaked, widgets = [], 0
    for article in articles:
        page = root / article["u"] / "index.html"
        indexed = " ".join(" ".join(section[1:]) for section in article["s"])
        for text in widget_texts(page):
            widgets += 1
            if text in indexed or text[:40] in indexed:
                leaked.append(f"{article['u']}: {text[:80]}")
        leaked += [f"{article['u']}#{s[0]}: {s[1]}" for s in article["s"] if s[0].startswith("kb-")]
    assert widgets >= 6 and leaked == []
    pages = " ".join(
        " ".join(html.unescape(TAG.sub(" ", p.read_text(encoding="utf-8"))).split())
        for p in sorted(root.rglob("index.html"))
    ) + " ".join(article["d"] for article in articles)  # descriptions: in the pages' head only
    completions = [row[3] for row in vocabulary if row[3]]
    assert completions
    assert [word for word in completions if word not in pages or re.search(r"[\s-]", word)] == []


TAG = re.compile(r"<[^>]+>")


def return_window(lang: str) -> str:
    return facts.render("{{ return_window_days }}", 1, "", lang, CONTENT.facts, CONTENT.strings[lang], {})[0]


QUESTIONS = [
    ("en", "how long do I have to return a product?"),
    ("es", "¿cuánto tiempo tengo para devolver un producto?"),
    ("zh", "退货期限是多久"),
    ("ja", "返品できますか"),
    ("ar", "كم يوما لدي لإرجاع المنتج؟"),
]

# Every shift of the results list's items while they are drawn (the answer with them, not after).
SHIFTS = """() => {
    window.__kbShift = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
            if (entry.sources.some(s => s.node && (s.node.nodeType === 1 ? s.node : s.node.parentElement).closest('.md-search-result__list'))) {
                window.__kbShift += entry.value;
            }
        }
    }).observe({type: 'layout-shift'});
}"""


def ask(page, query: str) -> None:
    """The query put in the search box at once, as the home page's search box hands it over."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.evaluate(SHIFTS)
    page.evaluate(
        """query => {
        const field = document.querySelector('.md-search__input');
        field.value = query;
        field.dispatchEvent(new Event('input', {bubbles: true}));
        field.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
    }""",
        query,
    )
    answered(page, query)


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", QUESTIONS)
def test_a_questions_first_result_shows_its_answer_in_the_readers_language(page, served_site, built_site, lang, query):
    page.goto(lang_root(served_site, lang))
    ask(page, query)
    first = page.locator(".md-search-result__item").first
    link = first.locator(".md-search-result__link").first
    location = urlsplit(link.get_attribute("href")).path
    answer = first.locator(".kb-search-answer")
    _, articles, _ = index_of(built_site, lang)
    root = "/" if lang == SOURCE else f"/{lang}/"
    expected = next(a["a"] for a in articles if root + a["u"] == location)
    assert answer.count() == 1 and answer.text_content() == expected
    assert return_window(lang) in expected and "{{" not in expected
    assert page.locator(".kb-search-answer").count() == 1, "the first result only"
    assert page.evaluate("window.__kbShift") == 0, "the results moved as the answer came"
    status = page.locator("[data-kb-search-answer][role='status']")
    assert (
        status.text_content() == f"{articles[[a['u'] for a in articles].index(location[len(root) :])]['t']}: {expected}"
    )
    page.keyboard.press("ArrowDown")  # from the search box to the first result: the answer is in the link
    assert page.evaluate("document.activeElement.querySelector('.kb-search-answer') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(location)))


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("en", "refund"), ("en", "return window"), ("zh", "退货"), ("es", "garantía")])
def test_a_query_that_asks_nothing_shows_no_answer(page, served_site, lang, query):
    page.goto(lang_root(served_site, lang))
    ask(page, query)
    assert page.locator(".md-search-result__item").count() > 0
    assert page.locator(".kb-search-answer").count() == 0
    assert page.locator("[data-kb-search-answer]").text_content() == ""


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang, typed, suggestion",
    [
        ("en", "my phone", ""),  # a whole word: nothing glued to it ("my phonekestrel" before)
        ("en", "my batt", "my battery"),
        ("en", "Kestrel acc", "Kestrel account"),
        ("es", "devol", "devolución"),
        ("en", "wi", ""),  # Wi-Fi is written in two pieces: "wifi" would join them
    ],
)
def test_the_completion_is_one_written_word(page, served_site, lang, typed, suggestion):
    page.goto(lang_root(served_site, lang))
    search(page, typed)
    shown = page.locator(".md-search__suggest")
    page.wait_for_function(
        "([typed, expected]) => document.querySelector('.md-search__input').value === typed"
        " && document.querySelector('.md-search__suggest').textContent === expected",
        arg=[typed, suggestion],
    )
    assert shown.text_content() == suggestion
    if suggestion:
        page.keyboard.press("ArrowRight")
        assert page.locator(".md-search__input").input_value() == suggestion


@pytest.mark.browser
@pytest.mark.parametrize(
    "path, query, lang",
    [
        ("/ja/404.html", "返品", "ja"),
        ("/404.html", "warranty", SOURCE),
        ("/zh/404.html", "保修", "zh"),
        ("/no/such/page/at/all/", "refund", SOURCE),  # an unknown address, served with the 404 page
        ("/ja/no-such-article/", "return", SOURCE),
    ],
)
def test_search_works_on_the_404_pages_and_any_unknown_address(page, served_site, path, query, lang):
    response = page.goto(served_site + path)
    assert response.status == (200 if path.endswith("/404.html") else 404)
    results = search(page, query)
    root = "/" if lang == SOURCE else f"/{lang}/"
    paths = [urlsplit(r["href"]).path for r in results]
    assert paths and all(p.startswith(root) for p in paths), paths
    if lang == SOURCE:
        assert not any(p.split("/")[1] in LANGUAGES for p in paths), paths
    assert page.locator(".md-search-result[data-kb-search='unavailable']").count() == 0
