"""Widgets do not move the page as it loads: every page that has one is loaded in
headless Chromium, on a phone-sized and a desktop viewport, and its layout shift
is read from the browser's own measure (PerformanceObserver 'layout-shift')."""

from __future__ import annotations

import re

import pytest

from tests.conftest import LANGUAGES, SOURCE

pytestmark = pytest.mark.browser

# Every shift the page made since navigation, except those right after the reader's input, read
# once the page has loaded (its scripts have brought the widgets to life), its fonts are in, and two
# more frames have been laid out and painted: the shifts they made are recorded by then.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    const add = entries => { for (const entry of entries) if (!entry.hadRecentInput) total += entry.value; };
    const observer = new PerformanceObserver(list => add(list.getEntries()));
    observer.observe({type: 'layout-shift', buffered: true});
    document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
        add(observer.takeRecords());
        observer.disconnect();
        resolve(total);
    })));
})"""
# A widget the page's script brings to life: any data-kb element but the footer's plain links.
WIDGET = re.compile(r'data-kb="(?!status-link"|router-link")[a-z-]+"')
# The self-service widgets inside articles: checkers, router, contact status, troubleshooter, model finder.
ARTICLE_WIDGET = re.compile(
    r'data-kb="(?:return-checker|coverage-checker|contact-status|router|troubleshooter|model-finder)"'
)
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LIMIT = 0.02


def widget_pages(site, lang: str, pattern: re.Pattern) -> list[str]:
    """URL paths of a language's pages that carry a widget, from the built HTML."""
    root = site if lang == SOURCE else site / lang
    pages = []
    for page in sorted(root.rglob("index.html")):
        rel = page.relative_to(site).as_posix()
        if lang == SOURCE and rel.split("/")[0] in LANGUAGES:
            continue
        if pattern.search(page.read_text(encoding="utf-8")):
            pages.append("/" + rel[: -len("index.html")])
    return pages


def shifts(browser, base: str, paths: list[str], viewport: dict) -> dict[str, float]:
    context = browser.new_context(viewport=viewport, has_touch=viewport["width"] < 600)
    page = context.new_page()
    measured = {}
    for path in paths:
        page.goto(base + path, wait_until="load")
        measured[path] = round(page.evaluate(LAYOUT_SHIFT), 4)
    context.close()
    return measured


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "viewport, widgets, at_least",
    [
        ("phone", WIDGET, 24),  # every page with a widget
        ("desktop", ARTICLE_WIDGET, 4),  # the pages with a self-service widget in the article
    ],
    ids=["phone", "desktop"],
)
def test_widgets_do_not_shift_the_page(browser, served_site, built_site, lang, viewport, widgets, at_least):
    paths = widget_pages(built_site, lang, widgets)
    assert len(paths) >= at_least
    measured = shifts(browser, served_site, paths, VIEWPORTS[viewport])
    assert {path: value for path, value in measured.items() if value >= LIMIT} == {}
