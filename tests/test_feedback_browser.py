"""Readers' feedback end to end, in every language: the site built with
KB_FEEDBACK_ENDPOINT, Chromium voting No with a reason, searching for what the site does
not have and describing a problem the router cannot place; the collector (a real
`kb feedback serve`) stores each in SQLite, and `kb feedback report` shows them."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import LANGUAGES, ROOT, SOURCE, article_using, run_build, search, url_of
from tests.support import free_port, running, serve

pytestmark = pytest.mark.browser

ARTICLE = "returns/policy.md"
REASON = "not-found"
# A word no article has (the search finds any of a query's words); the description names no request type.
SEARCHES = {lang: f"qzxwv{lang}" for lang in LANGUAGES}
DESCRIPTION = "xyzzy qwerty flurble"


@pytest.fixture(scope="module")
def feedback_site(tmp_path_factory, build_cache):
    """The real site built with a feedback endpoint, served, and its collector running."""
    port = free_port()
    out = tmp_path_factory.mktemp("feedback") / "site"
    result = run_build(
        ROOT / "mkdocs.yml",
        out,
        env={"KB_CACHE_DIR": str(build_cache), "KB_FEEDBACK_ENDPOINT": f"http://127.0.0.1:{port}/feedback"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    server, base = serve(out)
    db = out.parent / "feedback.db"
    try:
        with running(out, f"sqlite:///{db}", origins=(base,), port=port) as collector:
            yield base, db, collector
    finally:
        server.shutdown()


def stored(db, lang: str, wanted: int, timeout: float = 15) -> list[tuple]:
    """The rows of `lang`, once there are `wanted` of them (beacons travel while the test goes on)."""
    deadline = time.monotonic() + timeout
    while True:
        with sqlite3.connect(db) as connection:
            found = connection.execute(
                "SELECT kind, page, helpful, reason, text FROM feedback WHERE lang = ? ORDER BY id", (lang,)
            ).fetchall()
        if len(found) >= wanted or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def vote_no(page, url: str):
    """Open `url`, answer "No" with the reason, and send: (the widget, the page's script errors)."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    widget = page.locator("[data-kb='helpful']")
    widget.locator("[data-kb-vote=no]").click()
    widget.locator(f"input[name=reason][value={REASON}]").check()
    widget.locator("[data-kb-step=reasons] button[type=submit]").click()
    return widget, errors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_readers_vote_search_and_description_reach_the_database_and_the_report(page, feedback_site, lang):
    base, db, _ = feedback_site
    widget, errors = vote_no(page, base + url_of(ARTICLE, lang))
    assert widget.get_attribute("data-kb-result") == "not-helpful"

    with page.expect_request(lambda request: request.method == "POST" and '"search"' in (request.post_data or "")):
        assert search(page, SEARCHES[lang]) == []  # the beacon goes once the reader has stopped typing

    router_page = article_using("router")
    page.goto(base + url_of(router_page, lang))
    router = page.locator("[data-kb='router']")
    router.locator("textarea").fill(DESCRIPTION)
    router.locator("button[type=submit]").click()
    assert router.get_attribute("data-kb-result") == "none"

    assert stored(db, lang, 3) == [
        ("vote", ARTICLE, 0, REASON, None),
        ("search", ARTICLE, None, None, SEARCHES[lang]),
        ("router", router_page, None, None, DESCRIPTION),
    ]
    assert errors == []
    report = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "report", "--db", f"sqlite:///{db}", "--lang", lang, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    part = json.loads(report.stdout)["languages"][lang]
    assert [(p["page"], p["not_helpful"], p["reasons"]) for p in part["pages"]] == [(ARTICLE, 1, {REASON: 1})]
    assert part["searches"] == [{"text": SEARCHES[lang], "count": 1}]
    assert part["descriptions"] == [{"text": DESCRIPTION, "count": 1}]


def test_the_page_goes_on_working_when_the_collector_is_down(page, feedback_site):
    base, db, collector = feedback_site
    collector.process.send_signal(19)  # SIGSTOP: the collector accepts nothing and answers nothing
    try:
        widget, errors = vote_no(page, base + url_of(ARTICLE, SOURCE))
        assert widget.locator("[data-kb-step=help]").is_visible()
        assert errors == []
    finally:
        collector.process.send_signal(18)  # SIGCONT


@pytest.mark.build
def test_the_default_build_sends_nothing(built_site):
    html = (built_site / "returns/policy/index.html").read_text(encoding="utf-8")
    assert 'id="kb-feedback"' not in html
    assert "connect-src 'self';" in html


@pytest.mark.build
@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("ftp://feedback.kestrel.example/feedback", "is not an http(s) URL"),
        ("https://ops:secret@feedback.kestrel.example/feedback", "carries a user name or password"),
    ],
)
def test_the_build_refuses_an_endpoint_that_cannot_receive_beacons(tmp_path, build_cache, endpoint, message):
    result = run_build(
        ROOT / "mkdocs.yml", tmp_path / "site", env={"KB_CACHE_DIR": str(build_cache), "KB_FEEDBACK_ENDPOINT": endpoint}
    )
    assert result.returncode == 1
    assert re.search(
        r"mkdocs\.yml:\d+: feedback-endpoint: feedback_endpoint '.*' " + re.escape(message),
        result.stdout + result.stderr,
    )
    assert not (tmp_path / "site").exists()
