"""Self-service widgets in a real browser, in every language: what a customer
sees after entering a date, choosing a product or region, or voting. The
clock is fixed so the edges are exact: the last day of the return window, a
date in the future, a region closed on its weekend."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
import yaml
from babel.dates import format_date
from playwright.sync_api import expect

from tests.conftest import LANGUAGES, ROOT, SOURCE, article_using, url_of

pytestmark = pytest.mark.browser

# Saturday 5 December 2026, 12:00 UTC: 13:00 in Madrid, 16:00 in Dubai, 20:00 in Shanghai, 21:00 in Tokyo.
NOW = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()
FACTS = yaml.safe_load((ROOT / "data/facts.yml").read_text(encoding="utf-8"))
STRINGS = {lang: yaml.safe_load((ROOT / f"data/strings/{lang}.yml").read_text(encoding="utf-8")) for lang in LANGUAGES}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.set_default_timeout(10000)
    yield page
    context.close()


def long_date(day: datetime.date, lang: str) -> str:
    return format_date(day, "long", locale=lang)


def check_date(widget, day: datetime.date) -> tuple[str | None, str]:
    widget.locator("input[type=date]").fill(day.isoformat())
    widget.locator("button[type=submit]").click()
    return widget.get_attribute("data-kb-result"), widget.locator(".kb-widget__result").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_return_checker_last_day_expired_and_future(page, served_site, lang):
    page.goto(served_site + url_of(article_using("return_checker"), lang))
    widget = page.locator("[data-kb='return-checker']")
    assert widget.is_visible()
    window = datetime.timedelta(days=FACTS["return_window_days"])

    result, text = check_date(widget, TODAY - window)  # today is the last day of the window
    assert result == "eligible"
    assert long_date(TODAY, lang) in text

    result, text = check_date(widget, TODAY - window - datetime.timedelta(days=1))
    assert result == "expired"
    assert long_date(TODAY - datetime.timedelta(days=1), lang) in text

    result, text = check_date(widget, TODAY + datetime.timedelta(days=3))
    assert result is None
    assert text == STRINGS[lang]["return_checker.future"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coverage_checker_with_and_without_kestrel_care(page, served_site, lang):
    page.goto(served_site + url_of(article_using("coverage_checker"), lang))
    widget = page.locator("[data-kb='coverage-checker']")
    widget.locator("select").select_option("phone")
    bought = TODAY.replace(year=TODAY.year - 1) - datetime.timedelta(days=10)  # the phone's warranty ended 10 days ago
    result, text = check_date(widget, bought)
    assert result == "expired"
    assert long_date(bought.replace(year=bought.year + 1) - datetime.timedelta(days=1), lang) in text

    widget.locator("input[name=care]").check()
    widget.locator("button[type=submit]").click()
    assert widget.get_attribute("data-kb-result") == "covered"
    assert STRINGS[lang]["coverage_checker.plan.care"].strip() in widget.locator(".kb-widget__result").inner_text()

    widget.locator("input[name=care]").uncheck()
    widget.locator("select").select_option("book")  # a longer standard warranty
    widget.locator("button[type=submit]").click()
    assert widget.get_attribute("data-kb-result") == "covered"

    result, text = check_date(widget, TODAY + datetime.timedelta(days=1))
    assert (result, text) == (None, STRINGS[lang]["coverage_checker.future"])


# The region a reader most likely calls, by language; a language added later starts with the first region.
DEFAULT_REGION = {"en": "us", "zh": "cn", "es": "es", "ja": "jp", "ar": "ae"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_status_defaults_to_the_readers_region_and_knows_weekends(page, served_site, lang):
    page.goto(served_site + url_of(article_using("contact_status"), lang))
    widget = page.locator("[data-kb='contact-status']")
    assert widget.locator("select").input_value() == DEFAULT_REGION.get(lang, next(iter(FACTS["regions"])))

    widget.locator("select").select_option("ae")  # Saturday: the UAE phone line is closed for the weekend
    assert widget.get_attribute("data-kb-result") == "closed"
    phone = widget.locator("[data-kb-channel=phone]").inner_text()
    monday = format_date(datetime.date(2026, 12, 7), "EEEE", locale=lang)
    assert monday in phone, phone

    widget.locator("select").select_option("es")  # Saturday 13:00 in Madrid: phone closed, chat open
    assert widget.get_attribute("data-kb-result") == "closed"
    assert widget.locator("[data-kb-channel=chat]").get_attribute("data-kb-open") == "true"

    widget.locator("select").select_option("cn")  # 20:00 in Shanghai, open every day until 21:00
    assert widget.get_attribute("data-kb-result") == "open"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_helpful_no_offers_contact_in_the_same_language(page, served_site, lang):
    article = article_using("troubleshooter")
    page.goto(served_site + url_of(article, lang))
    widget = page.locator("[data-kb='helpful']")
    assert widget.locator("h2").inner_text() == STRINGS[lang]["helpful.question"]
    widget.locator("[data-kb-vote=no]").click()
    assert widget.get_attribute("data-kb-result") == "not-helpful"
    widget.locator("input[value=steps-failed]").check()
    widget.locator("button[type=submit]").click()
    help_links = widget.locator("[data-kb-step=help] a")
    assert help_links.first.is_visible()
    for href in help_links.evaluate_all("links => links.map(a => a.href)"):
        path = urlsplit(href).path
        assert path.startswith(url_of("index.md", lang))
    stored = json.loads(
        page.evaluate(f"localStorage.getItem('kb-helpful:' + document.documentElement.lang + ':{article}')")
    )
    assert stored["vote"] == "no" and stored["reason"] == "steps-failed"


def test_helpful_yes_thanks_the_reader(page, served_site):
    lang = LANGUAGES[1]
    page.goto(served_site + url_of(article_using("coverage_checker"), lang))
    widget = page.locator("[data-kb='helpful']")
    widget.locator("[data-kb-vote=yes]").click()
    assert widget.get_attribute("data-kb-result") == "helpful"
    assert widget.locator("[data-kb-step=thanks]").inner_text() == STRINGS[lang]["helpful.thanks"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_related_articles_are_in_the_same_language_and_never_the_page(page, served_site, lang):
    article = url_of(article_using("return_checker"), lang)
    page.goto(served_site + article)
    links = page.locator("[data-kb='related'] a").evaluate_all("links => links.map(a => a.href)")
    assert 2 <= len(links) <= 5
    paths = [urlsplit(link).path for link in links]
    assert all(p.startswith(url_of("index.md", lang)) for p in paths)
    assert article not in paths


TREES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in (ROOT / "data/troubleshooters").glob("*.yml")
}


def tree_text(text: dict, lang: str) -> str:
    """A node's text as readers of `lang` see it: English until the language has begun the trees."""
    return text.get(lang, text[SOURCE])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_troubleshooter_walks_to_a_fix_and_to_contact(page, served_site, lang):
    tree = TREES["wont-turn-on"]
    page.goto(served_site + url_of(tree["page"], lang))
    widget = page.locator("[data-kb='troubleshooter']")
    stage = widget.locator(".kb-tree__stage")
    assert stage.locator(".kb-tree__text").inner_text() == tree_text(tree["nodes"]["charging"]["question"], lang)
    stage.locator("button[data-kb-answer=no]").click()
    stage.locator("button[data-kb-answer=no]").click()
    assert widget.get_attribute("data-kb-result") == "contact"
    assert stage.locator(".kb-tree__text").inner_text() == tree_text(tree["nodes"]["damage"]["contact"], lang)
    assert stage.locator("li").count() == len(tree["nodes"]["damage"]["prepare"])
    contact = urlsplit(stage.locator("a").get_attribute("href"))
    assert page.evaluate("href => new URL(href, location.href).pathname", contact.path) == url_of(
        article_using("contact_directory"), lang
    )

    stage.locator(".kb-tree__restart").click()
    assert widget.get_attribute("data-kb-result") is None
    stage.locator("button[data-kb-answer=yes]").click()
    stage.locator("button[data-kb-answer=yes]").click()
    assert widget.get_attribute("data-kb-result") == "fix"
    assert stage.locator(".kb-tree__text").inner_text() == tree_text(tree["nodes"]["fix-restart"]["fix"], lang)


def test_troubleshooter_reads_as_a_nested_list_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    data = TREES["battery-drain"]
    page.goto(served_site + url_of(data["page"], LANGUAGES[-1]))
    tree = page.locator("[data-kb='troubleshooter'] .kb-tree")
    assert tree.is_visible()
    assert tree.locator("li[data-kb-node]").count() >= len(data["nodes"])
    context.close()


# Problems as customers write them, in each language: (description, expected request type, expected article).
ROUTER_CASES = {
    "en": ("My screen is cracked after a week and I need it repaired", "warranty", "warranty/"),
    "zh": ("我想退货，颜色不对", "return", "returns/"),
    "es": ("No puedo iniciar sesión, mi contraseña no funciona", "account", "account/"),
    "ja": ("Wi-Fi に接続できません", "troubleshooting", "troubleshooting/"),
    "ar": ("أريد إرجاع الساعة واسترداد المبلغ", "return", "returns/"),
}
ROUTES = yaml.safe_load((ROOT / "data/router.yml").read_text(encoding="utf-8"))["types"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_router_sends_a_description_to_the_right_request_and_articles(page, served_site, lang):
    # a language with no router words yet matches English ones (kb.data.router.with_fallback)
    has_words = any(lang in spec["words"] for spec in ROUTES.values())
    description, expected, article = ROUTER_CASES[lang if has_words else SOURCE]
    root = url_of("index.md", lang)
    page.goto(served_site + url_of(article_using("router"), lang))
    widget = page.locator("[data-kb='router']")
    widget.locator("select").select_option("phone")
    widget.locator("textarea").fill(description)
    widget.locator("button[type=submit]").click()
    expect(widget).to_have_attribute("data-kb-result", expected)
    start = widget.locator("[data-kb-route]")
    expect(start).to_have_text(STRINGS[lang][f"router.type.{expected}"], use_inner_text=True)
    assert urlsplit(start.evaluate("a => a.href")).path == root + ROUTES[expected]["page"][:-3] + "/"
    prepare = widget.locator(".kb-widget__result li").all_inner_texts()
    assert prepare[: len(ROUTES[expected]["prepare"])] == [
        STRINGS[lang][f"prepare.{item}"] for item in ROUTES[expected]["prepare"]
    ]
    # Suggested articles come from this language's own search index.
    articles = widget.locator("[data-kb-articles] a")
    expect(articles.first).to_be_attached()
    paths = [urlsplit(href).path for href in articles.evaluate_all("links => links.map(a => a.href)")]
    assert all(p.startswith(root) and not OTHER_LANGUAGE.search(p[len(root) - 1 :]) for p in paths), paths
    assert any(p.startswith(root + article) for p in paths), paths
    assert root not in paths  # articles only, never the home page


OTHER_LANGUAGE = re.compile(r"^/(" + "|".join(LANGUAGES[1:]) + ")/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_router_says_so_when_a_description_matches_nothing(page, served_site, lang):
    page.goto(served_site + url_of(article_using("router"), lang))
    widget = page.locator("[data-kb='router']")
    widget.locator("textarea").fill("xyzzy qwerty")
    widget.locator("button[type=submit]").click()
    expect(widget).to_have_attribute("data-kb-result", "none")
    expect(widget.locator(".kb-widget__result")).to_have_text(STRINGS[lang]["router.none"].strip(), use_inner_text=True)
    expect(widget.locator("[data-kb-route]")).to_have_count(0)
