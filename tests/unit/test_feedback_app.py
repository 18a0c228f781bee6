"""The collector's application (kb.feedback.collector) called in-process as an ASGI server
calls it: a beacon that passes the schema but cannot be stored gets 500 alone, the log names
the error's type and never the beacon's text, and the next beacon is stored; a page view's
second vote within the window is answered and not stored, and its token is forgotten when the
window ends (time told by a fake clock)."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Callable

from kb.feedback import beacons
from kb.feedback.beacons import Known
from kb.feedback.collector import Settings, make_app
from kb.feedback.store import parse_url
from tests.support import run_coroutine

ORIGIN = "http://127.0.0.1:8000"
KNOWN = Known(pages={"en": frozenset({"index.md"})}, reasons=("other",))
# Seconds an answer may take before the application counts as stuck.
ANSWER = 5.0


async def exchange(app, bodies: list) -> list[tuple[int, str]]:
    """(status, text) of a POST /feedback per body, between the lifespan's startup and shutdown;
    a function among the bodies is called there instead (to move a fake clock on), and awaited
    when it is a coroutine function."""
    lifespan: asyncio.Queue = asyncio.Queue()
    started = asyncio.Event()

    async def lifespan_send(message: dict) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    await lifespan.put({"type": "lifespan.startup"})
    running = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, lifespan.get, lifespan_send))
    await asyncio.wait_for(started.wait(), ANSWER)
    answers = []
    for body in bodies:
        if callable(body):
            if asyncio.iscoroutine(step := body()):
                await step
            continue
        incoming = [{"type": "http.request", "body": body, "more_body": False}]
        sent: list[dict] = []

        async def receive(incoming: list[dict] = incoming) -> dict:
            return incoming.pop(0) if incoming else {"type": "http.disconnect"}

        async def send(message: dict, sent: list[dict] = sent) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/feedback",
            "raw_path": b"/feedback",
            "query_string": b"",
            "root_path": "",
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8787),
            "headers": [(b"origin", ORIGIN.encode()), (b"content-type", b"text/plain")],
        }
        await asyncio.wait_for(app(scope, receive, send), ANSWER)
        answers.append((sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:]).decode()))
    await lifespan.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(running, ANSWER)
    return answers


def test_a_beacon_that_cannot_be_stored_gets_500_alone_and_is_logged_without_its_text(tmp_path, monkeypatch, caplog):
    # Past the schema's lone-surrogate rule, a text the database cannot encode reaches the writer.
    monkeypatch.setattr(beacons, "_lone_surrogate", lambda data: None)
    db = tmp_path / "feedback.db"
    app = make_app(Settings(parse_url(f"sqlite:///{db}"), lambda: KNOWN, frozenset({ORIGIN})))
    search = {"kind": "search", "lang": "en", "page": "index.md"}
    with caplog.at_level(logging.INFO, logger="kb.feedback"):
        answers = run_coroutine(
            exchange(
                app,
                [
                    json.dumps({**search, "text": "\ud800 private words"}).encode(),
                    json.dumps({**search, "text": "warp drive"}).encode(),
                ],
            )
        )
    assert answers == [(500, "this beacon could not be stored\n"), (204, "")]
    assert "a search beacon for en index.md could not be stored (UnicodeEncodeError)" in caplog.text
    assert "private words" not in caplog.text
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT text FROM feedback").fetchall() == [("warp drive",)]


TOKEN = "3f9c0a6e1b7d4c2a9e8f1d0c5b6a7e4f"
YES = {"kind": "vote", "lang": "en", "page": "index.md", "vote": "yes", "reason": None, "token": TOKEN}


def test_a_page_views_second_vote_within_the_window_is_ignored_and_its_token_forgotten_after(tmp_path):
    db = tmp_path / "feedback.db"
    now = [1000.0]
    app = make_app(
        Settings(
            parse_url(f"sqlite:///{db}"), lambda: KNOWN, frozenset({ORIGIN}), vote_window=600, clock=lambda: now[0]
        )
    )
    remembered = app.state.votes.until
    seen: list = []

    def later(seconds: float) -> Callable[[], None]:
        def move() -> None:
            seen.append(dict(remembered))  # what the collector remembers before the clock moves on
            now[0] += seconds

        return move

    no = json.dumps({**YES, "vote": "no"}).encode()
    answers = run_coroutine(
        exchange(
            app,
            [
                json.dumps(YES).encode(),  # stored
                no,  # the same page view votes again within the window: answered, not stored
                later(599),
                no,  # still within it
                json.dumps({**YES, "token": "another-page-view"}).encode(),  # another page view: stored
                json.dumps({k: v for k, v in YES.items() if k != "token"}).encode(),  # no token: stored
                later(1),  # the first vote's window ends; the other page view's ends 599 s later
                lambda: app.state.votes.sweep(),  # what the collector does when a window ends
                later(0),
                no,  # the first page view, after its window: a vote again
                later(600),
                lambda: app.state.votes.sweep(),
                later(0),
            ],
        )
    )
    assert answers == [(204, "")] * 6
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT helpful FROM feedback ORDER BY id").fetchall() == [(1,), (1,), (1,), (0,)]
    assert list(seen[0]) == [(TOKEN, "en", "index.md")]
    assert list(seen[1]) == [(TOKEN, "en", "index.md"), ("another-page-view", "en", "index.md")]
    assert list(seen[2]) == [("another-page-view", "en", "index.md")]  # the first token is gone with its window
    assert list(seen[3]) == [("another-page-view", "en", "index.md"), (TOKEN, "en", "index.md")]
    assert list(seen[4]) == [] and remembered == {}  # and so is every token once its window is over
    text = db.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("feedback.db-*"))
    assert TOKEN.encode() not in text and b"another-page-view" not in text  # never written to the database


def test_the_collector_forgets_a_token_when_its_window_ends_without_another_vote(tmp_path):
    app = make_app(
        Settings(parse_url(f"sqlite:///{tmp_path}/feedback.db"), lambda: KNOWN, frozenset({ORIGIN}), vote_window=0.2)
    )
    remembered = app.state.votes.until
    kept: list = []

    async def empty() -> None:
        while remembered:  # the event loop runs the collector's timer meanwhile
            await asyncio.sleep(0.01)

    async def forgotten() -> None:
        kept.append(list(remembered))
        await asyncio.wait_for(empty(), ANSWER)

    answers = run_coroutine(exchange(app, [json.dumps(YES).encode(), forgotten]))
    assert answers == [(204, "")]
    assert kept == [[(TOKEN, "en", "index.md")]] and remembered == {}
