"""The collector's application (kb.feedback.collector) called in-process as an ASGI server
calls it: a beacon that passes the schema but cannot be stored gets 500 alone, the log names
the error's type and never the beacon's text, and the next beacon is stored."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3

from kb.feedback import beacons
from kb.feedback.beacons import Known
from kb.feedback.collector import Settings, make_app
from kb.feedback.store import parse_url
from tests.support import run_coroutine

ORIGIN = "http://127.0.0.1:8000"
KNOWN = Known(pages={"en": frozenset({"index.md"})}, reasons=("other",))
# Seconds an answer may take before the application counts as stuck.
ANSWER = 5.0


async def exchange(app, bodies: list[bytes]) -> list[tuple[int, str]]:
    """(status, text) of a POST /feedback per body, between the lifespan's startup and shutdown."""
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
