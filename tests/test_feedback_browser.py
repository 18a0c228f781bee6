"""Readers' feedback end to end, in every language: the site built with
KB_FEEDBACK_ENDPOINT, Chromium voting No with a reason, searching for what the site does
not have (the first search of tests/search/nonsense.yml) and describing a problem the router cannot place; the collector (a real
`kb feedback serve`) stores each in SQLite, and `kb feedback report` shows them. One vote
per page per reader: after a vote the buttons give way to the thank-you, a click that still
reaches them sends nothing, a second visit shows the thank-you without buttons, and one vote
reaches the collector."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import (
    LANGUAGES,
    NONSENSE,
    POLICY,
    ROOT,
    SOURCE,
    article_using,
    make_fixture_site,
    run_build,
    search,
    url_of,
)
from tests.support import free_port, running, serve

pytestmark = pytest.mark.browser

ARTICLE = "returns/policy.md"
REASON = "not-found"
# What no article is about (tests/search/nonsense.yml): it lists nothing, and is recorded as an
# unanswered search; the description names no request type.
SEARCHES = {lang: NONSENSE[lang][0] for lang in LANGUAGES}
DESCRIPTION = "xyzzy qwerty flurble"


@pytest.fixture(scope="module")
def feedback_site(tmp_path_factory, build_cache, built_site):
    """The real site built with a feedback endpoint, served, and its collector running (after the
    shared build, whose cache it shares: only what the endpoint changes is made again)."""
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
    data = json.loads(report.stdout)
    assert [
        (a["source"], [(r["lang"], r["not_helpful"], r["reasons"]) for r in a["languages"]]) for a in data["articles"]
    ] == [(ARTICLE, [(lang, 1, {REASON: 1})])]
    part = data["languages"][lang]
    assert part["searches"] == [{"text": SEARCHES[lang], "count": 1}]
    assert part["descriptions"] == [{"text": DESCRIPTION, "count": 1}]


VOTED = "warranty/overview.md"  # an article no other test here votes on
# Run before the page's scripts: the body of every vote the page sends, as it calls fetch.
COUNT_VOTES = """() => {
    window.__kbVotes = [];
    const send = window.fetch;
    window.fetch = function (url, options) {
        const body = options && typeof options.body === 'string' ? options.body : '';
        if (body.indexOf('"kind":"vote"') !== -1) window.__kbVotes.push(body);
        return send.apply(this, arguments);
    };
}"""


def until_stored(db, lang: str, found, timeout: float = 15) -> list[tuple]:
    """The rows of `lang` once `found(rows)` holds (beacons travel while the test goes on)."""
    deadline = time.monotonic() + timeout
    while not found(rows := stored(db, lang, 0, timeout=0)):
        assert time.monotonic() < deadline, "the beacon never reached the collector"
        time.sleep(0.1)
    return rows


@pytest.mark.parametrize(("lang", "vote", "step"), [(SOURCE, "yes", "thanks"), (LANGUAGES[-1], "no", "help")])
def test_one_vote_per_page_per_reader_and_the_buttons_give_way_to_the_thank_you(page, feedback_site, lang, vote, step):
    base, db, _ = feedback_site
    page.add_init_script(f"({COUNT_VOTES})()")
    page.goto(base + url_of(VOTED, lang))
    widget = page.locator("[data-kb='helpful']")
    buttons = widget.locator("[data-kb-step=vote]")
    assert buttons.is_visible()
    widget.locator(f"[data-kb-vote={vote}]").click()
    if vote == "no":
        widget.locator(f"input[name=reason][value={REASON}]").check()
        widget.locator("[data-kb-step=reasons] button[type=submit]").click()
    assert widget.locator(f"[data-kb-step={step}]").is_visible()
    assert buttons.is_hidden()  # gone, not only out of reach
    # a click that still reaches a button (a script, an old layout) sends nothing more
    page.evaluate("document.querySelectorAll(\"[data-kb='helpful'] [data-kb-vote]\").forEach(b => b.click())")
    sent = [json.loads(body) for body in page.evaluate("window.__kbVotes")]
    assert [(b["kind"], b["lang"], b["page"], b["vote"]) for b in sent] == [("vote", lang, VOTED, vote)]
    assert re.fullmatch(r"[0-9a-f]{32}", sent[0]["token"])  # this page view's id
    until_stored(db, lang, lambda rows: any(row[:2] == ("vote", VOTED) for row in rows))

    page.reload()  # the same browser, a second visit: the thank-you at once, no buttons, no vote
    widget.locator(f"[data-kb-step={step}]").wait_for()
    assert buttons.is_hidden() and widget.get_attribute("data-kb-voted") == "earlier"
    page.evaluate("document.querySelectorAll(\"[data-kb='helpful'] [data-kb-vote]\").forEach(b => b.click())")
    assert page.evaluate("window.__kbVotes") == []
    # the collector has the one vote: a search sent after it is stored after it, and nothing else came
    with page.expect_request(lambda request: request.method == "POST" and '"search"' in (request.post_data or "")):
        assert search(page, f"qzxwv{lang}once") == []
    marker = ("search", VOTED, None, None, f"qzxwv{lang}once")
    rows = until_stored(db, lang, lambda rows: marker in rows)
    assert [row for row in rows if row[:2] == ("vote", VOTED)] == [
        ("vote", VOTED, int(vote == "yes"), None if vote == "yes" else REASON, None)
    ]


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
def test_the_build_refuses_an_endpoint_that_cannot_receive_beacons(tmp_path, endpoint, message):
    """On a small site with the real configuration: the endpoint is refused whatever the pages."""
    config = make_fixture_site(tmp_path, {"en/returns/policy.md": POLICY})
    result = run_build(config, tmp_path / "site", env={"KB_FEEDBACK_ENDPOINT": endpoint})
    assert result.returncode == 1
    assert re.search(
        r"mkdocs\.yml:\d+: feedback-endpoint: feedback_endpoint '.*' " + re.escape(message),
        result.stdout + result.stderr,
    )
    assert not (tmp_path / "site").exists()
