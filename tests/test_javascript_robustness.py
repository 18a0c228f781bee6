"""Our script when something goes wrong, in a real browser, on a small site built with a feedback
endpoint (beacons are caught on their way out): a widget whose data attribute is broken stops
alone; a search whose index does not load says search is unavailable and records no unanswered
search; two descriptions sent to the router one right after the other both get their answer."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.conftest import POLICY, ROOT, make_fixture_site, run_build
from tests.support import serve
from tests.test_fixture_sites import HOME

pytestmark = pytest.mark.browser

ENDPOINT = "http://127.0.0.1:9/feedback"  # never reached: the tests answer its beacons
STRINGS = yaml.safe_load((ROOT / "data/strings/en.yml").read_text(encoding="utf-8"))


def article(title: str, category: str, text: str) -> str:
    return f"---\ntitle: {title}\ndescription: {text}\ncategory: {category}\ntopics: [{category}]\n---\n# {title}\n\n{text}\n"


# Every checker and the router on one page; the router's request pages, which the build requires.
WIDGETS = """---
title: Check your purchase
description: Whether a purchase can still be returned or repaired, and when support is open.
category: contact
topics: [returns]
---
# Check your purchase

## Return window {#return-window}

{{ return_checker }}

## Warranty {#warranty}

{{ coverage_checker }}

## Support hours {#support-hours}

{{ contact_status }}

## Describe your problem {#describe}

{{ router }}
"""
PAGES = {
    "en/index.md": HOME,
    "en/returns/policy.md": POLICY,
    "en/contact/widgets.md": WIDGETS,
    "en/warranty/claim.md": article(
        "Claim a warranty repair", "warranty", "Send a cracked screen or a faulty battery for repair under warranty."
    ),
    "en/returns/start-a-return.md": article("Start a return", "returns", "Return a product and get a refund."),
    "en/troubleshooting/describe-a-problem.md": article(
        "Describe a problem", "troubleshooting", "Tell us what does not work, such as Wi-Fi, Bluetooth or charging."
    ),
    "en/account/kestrel-account.md": article(
        "Your Kestrel account", "account", "Sign in, reset your password, delete your account."
    ),
}
# Any file of the language's search index (kb.search.index), as the search worker fetches them.
INDEX_FILE = re.compile(r"/search/kb/[^/]+\.json$")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("robustness")
    config = make_fixture_site(root, PAGES)
    result = run_build(config, root / "site", env={"KB_FEEDBACK_ENDPOINT": ENDPOINT})
    assert result.returncode == 0, result.stdout + result.stderr
    server, base = serve(root / "site")
    yield base
    server.shutdown()


@pytest.fixture
def watched(page):
    """The page, its console errors and the beacons it sends (answered 204, kept as JSON)."""
    errors, beacons = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request", lambda request: beacons.append(json.loads(request.post_data)) if request.url == ENDPOINT else None
    )
    page.context.route(ENDPOINT, lambda route: route.fulfill(status=204))
    return page, errors, beacons


def open_search(page, query: str):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator(".md-search__input")
    field.fill("")
    field.press_sequentially(query)


def test_a_widget_with_a_broken_data_attribute_stops_alone(watched, site):
    page, errors, _ = watched

    def break_return_checker(route):
        response = route.fetch()
        html, count = re.subn(
            r'(data-kb="return-checker"[^>]*? data-kb-messages=")[^"]*"', r'\1{not json"', response.text()
        )
        assert count == 1
        route.fulfill(response=response, body=html)

    page.route(f"{site}/contact/widgets/", break_return_checker)
    page.goto(f"{site}/contact/widgets/")

    # the widgets after the broken one run: support hours on load, the coverage checker on submit
    contact = page.locator("[data-kb='contact-status']")
    page.wait_for_function(
        "() => document.querySelector(\"[data-kb='contact-status']\").hasAttribute('data-kb-result')"
    )
    assert contact.get_attribute("data-kb-result") in ("open", "closed")
    coverage = page.locator("[data-kb='coverage-checker']")
    coverage.locator("input[type=date]").fill("2000-01-01")
    coverage.locator("button[type=submit]").click()
    assert coverage.get_attribute("data-kb-result") == "expired"
    router = page.locator("[data-kb='router']")
    router.locator("textarea").fill("xyzzy qwerty")
    router.locator("button[type=submit]").click()
    assert router.get_attribute("data-kb-result") == "none"
    helpful = page.locator("[data-kb='helpful']")
    helpful.locator("[data-kb-vote=yes]").click()
    assert helpful.get_attribute("data-kb-result") == "helpful"

    # the broken one stops, and says which it is and why
    checker = page.locator("[data-kb='return-checker']")
    checker.locator("input[type=date]").fill("2000-01-01")
    checker.locator("button[type=submit]").click()
    assert checker.get_attribute("data-kb-result") is None
    assert [e for e in errors if "return-checker" in e and "data-kb-messages" in e], errors


def test_a_search_that_cannot_be_done_says_so_and_records_no_unanswered_search(watched, site):
    page, errors, beacons = watched
    page.context.route(INDEX_FILE, lambda route: route.fulfill(status=500, body="unavailable"))
    page.goto(f"{site}/returns/policy/")
    open_search(page, "warranty")

    page.wait_for_function(
        "() => document.querySelector('.md-search-result').getAttribute('data-kb-search') === 'unavailable'"
    )
    assert page.locator(".md-search-result__meta").inner_text().strip() == STRINGS["search.unavailable"]
    assert page.locator(".kb-search-router").count() == 0  # not "no results": nothing to offer instead
    assert any("search is unavailable" in e for e in errors), errors

    # Once the index loads again, a search that finds nothing is recorded, and only that one: a
    # beacon for the failed search would have left first.
    page.context.unroute(INDEX_FILE)
    with page.expect_request(ENDPOINT):
        open_search(page, "qzxwv")
    assert page.locator(".md-search-result").get_attribute("data-kb-search") is None
    assert page.locator(".kb-search-router").count() == 1
    assert [(b["kind"], b["text"]) for b in beacons] == [("search", "qzxwv")]


def test_two_descriptions_sent_one_right_after_the_other_both_settle(watched, site):
    page, errors, _ = watched
    page.goto(f"{site}/contact/widgets/")
    router = page.locator("[data-kb='router']")
    router.locator("textarea").fill("I want to return my phone and get a refund")
    router.locator("button[type=submit]").click()
    router.locator("textarea").fill("My screen is cracked and I need a warranty repair")
    router.locator("button[type=submit]").click()

    # no search of the router is left waiting, and the answer is the second description's
    page.wait_for_function(
        "() => !document.querySelector(\"[data-kb='router'] .kb-widget__result\").hasAttribute('aria-busy')"
    )
    assert router.get_attribute("data-kb-result") == "warranty"
    lists = router.locator("[data-kb-articles]")
    assert lists.count() == 1
    assert "Claim a warranty repair" in lists.locator("a").all_inner_texts()
    assert errors == []
