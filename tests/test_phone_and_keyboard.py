"""A customer on a phone or with a keyboard, in every language: closed menus take no focus, so
the return checker is at most 12 Tab stops away on a phone; the language menu and the phone's
navigation drawer open, are walked and closed from the keyboard; every table of every page fits
a 375 px screen, nothing cut off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import LANGUAGES, SOURCE, article_using, lang_root, url_of

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Tab presses a reader may need from the top of the returns page to its first widget.
TAB_BUDGET = 12
RETURNS = article_using("return_checker")
# What the focused element is, the menu it is in (the language menu's list, the navigation drawer),
# whether it is in the header, and whether it is inside a widget of the article.
FOCUSED = """() => {
    const element = document.activeElement;
    const menu = element.closest('.md-select__inner, .md-sidebar--primary');
    return {
        what: element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).trim().split(/\\s+/).join('.') : ''),
        text: (element.getAttribute('aria-label') || element.textContent || '').trim().slice(0, 40),
        menu: menu ? menu.className : null,
        header: Boolean(element.closest('.md-header')),
        widget: Boolean(element.closest('.md-typeset .kb-widget')),
    };
}"""


@pytest.fixture
def open_page(browser):
    """A page of its own context at a viewport, closed after the test."""
    contexts = []

    def make(viewport):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def tab_to(page, done, most: int = 80) -> list[dict]:
    """Press Tab until `done(stop)` holds for the focused element; every stop on the way, that one last."""
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if done(stops[-1]):
            return stops
    raise AssertionError(f"not reached in {most} Tab presses: " + ", ".join(stop["what"] for stop in stops[:40]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_return_checker_is_at_most_12_tab_stops_away_on_a_phone(open_page, served_site, lang):
    page = open_page(PHONE)
    page.goto(served_site + url_of(RETURNS, lang))
    stops = tab_to(page, lambda stop: stop["widget"])
    hidden = [stop for stop in stops if stop["menu"]]
    assert not hidden, f"closed menus took focus: {hidden}"
    assert len(stops) <= TAB_BUDGET, stops


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_language_menu_is_closed_to_tab_and_works_from_the_keyboard(open_page, served_site, lang, viewport):
    page = open_page(viewport)
    page.goto(served_site + url_of(RETURNS, lang))
    select = page.locator(".md-header .md-select")
    button, links = select.locator("button"), select.locator(".md-select__link")
    stops = tab_to(page, lambda stop: stop["header"] and stop["what"].startswith("button"))
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    expect(links.first).to_be_visible()
    page.keyboard.press("Escape")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()

    page.keyboard.press("Enter")
    target = next(n for n in range(links.count()) if links.nth(n).get_attribute("hreflang") != lang)
    for _ in range(target + 1):
        page.keyboard.press("Tab")
    expect(links.nth(target)).to_be_focused()
    other = links.nth(target).get_attribute("hreflang")
    page.keyboard.press("Enter")
    page.wait_for_url(served_site + url_of(RETURNS, other))
    assert page.evaluate("document.documentElement.lang") == other
    assert len(stops) <= 5, stops  # the button is in the header, before any content


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_navigation_drawer_opens_and_closes_from_the_keyboard(open_page, served_site, lang):
    page = open_page(PHONE)
    page.goto(served_site + url_of(RETURNS, lang))
    drawer = page.locator(".md-sidebar--primary")
    button = page.locator(".md-header label[for='__drawer']")
    tab_to(page, lambda stop: stop["what"].startswith("label.md-header__button"))
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    assert button.get_attribute("aria-label")  # named as the drawer is, in the page's language
    expect(drawer).to_be_hidden()

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(drawer).to_be_visible()
    focused = page.evaluate(FOCUSED)
    assert focused["menu"] and "md-sidebar--primary" in focused["menu"], focused
    page.keyboard.press("Escape")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(drawer).to_be_hidden()


def pages_with_tables(site, lang: str) -> list[str]:
    """URL paths of a language's pages that have a table in their article, from the built HTML."""
    root = site if lang == SOURCE else site / lang
    others = {site / other for other in LANGUAGES if other != SOURCE}
    found = []
    for path in sorted(root.rglob("index.html")):
        if lang == SOURCE and any(folder in path.parents for folder in others):
            continue
        rel = path.parent.relative_to(site).as_posix()
        if rel.endswith("status") or "<table" not in path.read_text(encoding="utf-8"):
            continue
        found.append("/" + (rel + "/" if rel != "." else ""))
    return found


# Each table of the article: how wide it is against its scrolling wrapper and the screen.
TABLES = """() => [...document.querySelectorAll('.md-content .md-typeset table')].map(table => {
    const box = table.getBoundingClientRect();
    const wrapper = table.closest('.md-typeset__scrollwrap') || table.parentElement;
    return {
        text: table.rows[0].textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
        left: box.left, right: box.right,
        scrolls: wrapper.scrollWidth - wrapper.clientWidth,
    };
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_table_fits_a_phone(open_page, built_site, served_site, lang):
    page = open_page(PHONE)
    paths = pages_with_tables(built_site, lang)
    assert any("manuals/" in path for path in paths), paths  # the model table, at least
    cut = []
    for path in paths:
        page.goto(served_site + path)
        for table in page.evaluate(TABLES):
            if table["scrolls"] > 1 or table["left"] < -1 or table["right"] > PHONE["width"] + 1:
                cut.append((path, table))
    assert not cut, cut


def test_the_manuals_model_table_shows_its_user_guide_column_on_a_phone(open_page, served_site):
    """The reported case: ja/manuals/ at 375 px, its last column (the user guides) on screen."""
    page = open_page(PHONE)
    page.goto(lang_root(served_site, "ja") + "manuals/")
    link = page.locator(".md-content table a[href$='kp-310/']").first
    box = link.bounding_box()  # across the screen, wherever the page is scrolled to
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box
