"""Accessibility: axe-core (the axe.min.js that axe-playwright-python ships) on every
page template in every language, including the search overlay with results: no
serious or critical violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import LANGUAGES, SOURCE, article_using, english_articles, lang_root, search, tree_page, url_of
from tests.test_widgets import ROUTER_CASES, ROUTES

pytestmark = pytest.mark.browser

AXE = Axe()
WCAG_A_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Material fades its header title and tabs as the page scrolls (a click scrolls): axe reads the
# colours once every finite animation and transition has ended, as a reader sees them.
SETTLED = """async () => {
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    await Promise.all(document.getAnimations()
        .filter(animation => animation.effect.getComputedTiming().endTime !== Infinity)
        .map(animation => animation.finished.catch(() => null)));
}"""
# One page of each template, found by what it holds: a plain article (no widget), the contact page, the FAQ.
PLAIN = next(
    rel
    for rel in english_articles()
    if rel != "index.md"
    and not rel.endswith("/index.md")
    and rel not in {article_using(b) for b in ("return_checker", "coverage_checker", "router", "troubleshooter")}
)
TEMPLATES = {
    "home": "index.md",
    "article": PLAIN,
    "contact": article_using("contact_directory"),
    "faq": next(rel for rel in english_articles() if rel.startswith("faq/")),
    "not found": "404.html",
}


def template_url(base: str, template: str, lang: str) -> str:
    rel = TEMPLATES[template]
    return (lang_root(base, lang) + rel) if rel == "404.html" else base + url_of(rel, lang)


def violations(page) -> list[str]:
    page.evaluate(SETTLED)
    results = AXE.run(page, options=WCAG_A_AA).response["violations"]
    return [
        f"{v['impact']}: {v['id']} ({len(v['nodes'])}x) {v['nodes'][0]['target']} - {v['help']}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


# Faults written into a served page: axe must name each, so a check that runs nothing cannot pass.
FAULTS = [
    ("image-alt", '<img src="/assets/kb/logo.svg">'),
    ("color-contrast", '<p style="color:#eee;background:#fff">Returns close after the window.</p>'),
    ("button-name", "<button></button>"),
    ("link-name", '<a href="/faq/"></a>'),
]


@pytest.mark.parametrize("rule, html", FAULTS, ids=[rule for rule, _ in FAULTS])
def test_axe_reports_a_fault_written_into_a_page(page, served_site, rule, html):
    page.goto(template_url(served_site, "article", SOURCE))
    page.locator("article").evaluate("(article, html) => article.insertAdjacentHTML('beforeend', html)", html)
    assert [line for line in violations(page) if f": {rule} (" in line]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_no_serious_violations(page, served_site, lang, template):
    page.goto(template_url(served_site, template, lang))
    assert violations(page) == []


@pytest.mark.parametrize("lang, query", [("en", "refund"), ("ar", "الضمان")])
def test_search_results_are_accessible(page, served_site, lang, query):
    page.goto(lang_root(served_site, lang))
    assert search(page, query)
    assert violations(page) == []


def test_translation_status_page(page, served_site):
    page.goto(served_site + "/status/")
    assert violations(page) == []


def submit(widget) -> None:
    widget.locator("button[type=submit]").click()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_widgets_in_their_answered_states(page, served_site, lang):
    """Each widget after it has answered (results, messages, next steps), checked as the reader sees it."""
    page.goto(served_site + url_of(article_using("return_checker"), lang))
    checker = page.locator("[data-kb='return-checker']")
    checker.locator("input[type=date]").fill("2020-01-01")
    submit(checker)
    assert checker.get_attribute("data-kb-result") == "expired"
    assert violations(page) == []

    page.goto(served_site + url_of(article_using("coverage_checker"), lang))
    coverage = page.locator("[data-kb='coverage-checker']")
    coverage.locator("input[type=date]").fill("2099-01-01")  # the future: an error message
    submit(coverage)
    assert coverage.locator(".kb-widget__result").inner_text()
    assert violations(page) == []

    page.goto(served_site + url_of(article_using("router"), lang))
    router = page.locator("[data-kb='router']")
    has_words = any(lang in spec["words"] for spec in ROUTES.values())
    router.locator("textarea").fill(ROUTER_CASES[lang if has_words else SOURCE][0])
    submit(router)
    router.locator("[data-kb-articles] a").first.wait_for()
    assert page.locator("[data-kb='contact-status']").get_attribute("data-kb-result") in ("open", "closed")
    assert violations(page) == []

    page.goto(served_site + url_of(tree_page("wont-turn-on"), lang))
    tree = page.locator("[data-kb='troubleshooter']")
    tree.locator("button[data-kb-answer=no]").first.click()
    tree.locator("button[data-kb-answer=no]").first.click()
    assert tree.get_attribute("data-kb-result") == "contact"
    helpful = page.locator("[data-kb='helpful']")
    helpful.locator("[data-kb-vote=no]").click()
    assert helpful.get_attribute("data-kb-result") == "not-helpful"
    assert violations(page) == []
