"""`kb feedback serve` as a real server: what it stores, every bad input with its status
code and nothing stored, CORS, the rate limit, an unavailable database, a kill in the middle
of a flow of beacons; and `kb feedback report` on what it stored."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import LANGUAGES, ROOT, SOURCE
from tests.support import ORIGIN, fake_site, post, running, start, stop

PAGES = ["index.md", "returns/policy.md", "troubleshooting/describe-a-problem.md"]
VOTE = {"kind": "vote", "lang": LANGUAGES[-1], "page": "returns/policy.md", "vote": "no", "reason": "unclear"}


def rows(db) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT kind, lang, page, helpful, reason, text FROM feedback ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    return fake_site(tmp_path_factory.mktemp("built"), LANGUAGES, SOURCE, PAGES)


@pytest.fixture(scope="module")
def server(site_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "feedback.db"
    with running(site_dir, f"sqlite:///{db}") as collector:
        collector.db = db
        yield collector


def until(condition, seconds: float = 30) -> None:
    """Return as soon as `condition()` holds (checked every 10 ms), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_beacon_is_stored_with_its_page_language_and_time_and_nothing_about_the_reader(server, lang):
    before = len(rows(server.db))
    sent = [
        {"kind": "vote", "lang": lang, "page": "returns/policy.md", "vote": "yes", "reason": None},
        {"kind": "vote", "lang": lang, "page": "returns/policy.md", "vote": "no", "reason": "steps-failed"},
        {"kind": "search", "lang": lang, "page": "index.md", "text": "warp drive jo@example.com"},
        {
            "kind": "router",
            "lang": lang,
            "page": "troubleshooting/describe-a-problem.md",
            "text": "my toaster sings, call +44 20 7946 0958",
        },
    ]
    for beacon in sent:
        status, headers, _ = post(server.port, beacon, headers={"Cookie": "session=1"})
        assert status == 204
        assert headers["access-control-allow-origin"] == ORIGIN
        assert "set-cookie" not in headers
    assert rows(server.db)[before:] == [
        ("vote", lang, "returns/policy.md", 1, None, None),
        ("vote", lang, "returns/policy.md", 0, "steps-failed", None),
        ("search", lang, "index.md", None, None, "warp drive [email]"),
        ("router", lang, "troubleshooting/describe-a-problem.md", None, None, "my toaster sings, call [phone]"),
    ]
    with sqlite3.connect(server.db) as connection:
        columns = [c[1] for c in connection.execute("PRAGMA table_info(feedback)")]
        received = connection.execute("SELECT received FROM feedback ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert columns == ["id", "received", "kind", "lang", "page", "helpful", "reason", "text"]
    assert time.strftime("%Y-%m-%dT", time.gmtime()) in received


TOKEN = "3f9c0a6e1b7d4c2a9e8f1d0c5b6a7e4f"


def test_a_page_views_vote_sent_again_is_answered_and_stored_once_and_its_token_never(server):
    before = len(rows(server.db))
    vote = {**VOTE, "token": TOKEN}
    sent = [
        vote,
        vote,  # the same beacon twice (a retry)
        {**vote, "vote": "yes", "reason": None},  # the same page view votes again
        {**vote, "token": "0123456789abcdef0123456789abcdef"},  # another page view of the page
        {**vote, "page": "index.md"},  # the same token on another page
    ]
    assert [post(server.port, beacon)[0] for beacon in sent] == [204] * 5
    assert rows(server.db)[before:] == [
        ("vote", VOTE["lang"], "returns/policy.md", 0, "unclear", None),
        ("vote", VOTE["lang"], "returns/policy.md", 0, "unclear", None),
        ("vote", VOTE["lang"], "index.md", 0, "unclear", None),
    ]
    with sqlite3.connect(server.db) as connection:
        assert TOKEN not in json.dumps(connection.execute("SELECT * FROM feedback").fetchall())


BAD = [
    ("another origin", dict(body=VOTE, origin="https://evil.example"), 403),
    ("no origin", dict(body=VOTE, origin=None), 403),
    ("origin with a path", dict(body=VOTE, origin=ORIGIN + "/"), 403),
    ("declared too large", dict(body=VOTE, headers={"Content-Length": "100000"}), 413),
    ("too large", dict(body=json.dumps({**VOTE, "pad": "x" * 9000})), 413),
    ("form content type", dict(body=VOTE, content_type="application/x-www-form-urlencoded"), 415),
    ("no content type", dict(body=VOTE, content_type=None), 415),
    ("not JSON", dict(body="vote=no"), 400),
    ("not UTF-8", dict(body=b"\xff\xfe\x00"), 400),
    ("unknown page", dict(body={**VOTE, "page": "secret/admin.md"}), 400),
    ("unknown language", dict(body={**VOTE, "lang": "xx"}), 400),
    ("translated reason", dict(body={**VOTE, "reason": "It was hard to understand"}), 400),
    ("extra field", dict(body={**VOTE, "user_agent": "Mozilla"}), 400),
    ("short token", dict(body={**VOTE, "token": "abc"}), 400),
    ("empty text", dict(body={"kind": "search", "lang": SOURCE, "page": "index.md", "text": ""}), 400),
    ("GET", dict(body=b"", method="GET"), 405),
]


@pytest.mark.parametrize(("request_", "status"), [(r, s) for _, r, s in BAD], ids=[name for name, _, _ in BAD])
def test_a_bad_request_gets_its_status_and_nothing_is_stored(server, request_, status):
    before = rows(server.db)
    got, _, text = post(server.port, **request_)
    assert got == status, text
    assert rows(server.db) == before


SEARCH = {"kind": "search", "lang": SOURCE, "page": "index.md", "text": "warp drive"}


def with_raw(field: str, raw: str) -> str:
    """SEARCH with the JSON text `raw` as the value of `field`."""
    return json.dumps({**SEARCH, field: "@"}).replace('"@"', raw)


HOSTILE = [
    ("lone surrogate", json.dumps({**SEARCH, "text": "\ud800 private words"}), "'text' holds a lone surrogate"),
    ("3,000 deep", "[" * 3000 + "]" * 3000, "JSON nested deeper than"),
    ("3,000 deep in a field", with_raw("page", "[" * 3000 + "]" * 3000), "JSON nested deeper than"),
    ("8,000 digits", with_raw("text", "1" * 8000), "a number longer than"),
]


@pytest.mark.parametrize(("body", "rule"), [(b, r) for _, b, r in HOSTILE], ids=[name for name, _, _ in HOSTILE])
def test_a_body_that_would_break_the_parser_or_the_database_gets_400_naming_the_rule(server, body, rule):
    before = rows(server.db)
    status, _, text = post(server.port, body, timeout=5)
    assert (status, text.startswith(rule)) == (400, True), text
    assert "Traceback" not in text and "private words" not in text
    assert rows(server.db) == before
    assert post(server.port, VOTE, timeout=5)[0] == 204  # and the collector goes on


def test_sigterm_stops_the_collector_within_5_s_with_every_acknowledged_beacon_stored(site_dir, tmp_path):
    db = tmp_path / "feedback.db"
    collector = start(site_dir, f"sqlite:///{db}")
    acknowledged, flowing, stop_sending = [], threading.Event(), threading.Event()

    def sender(worker: int) -> None:
        number = 0
        while not stop_sending.is_set():
            text = f"term test {worker} {number}"
            number += 1
            try:
                if post(collector.port, {**SEARCH, "text": text}, timeout=5)[0] == 204:
                    acknowledged.append(text)
            except OSError:
                continue
            if len(acknowledged) >= 30:
                flowing.set()

    threads = [threading.Thread(target=sender, args=(worker,)) for worker in range(4)]
    # A client that sends half a body and never the rest: stopping may not wait for it for ever.
    held = socket.create_connection(("127.0.0.1", collector.port), timeout=10)
    try:
        held.sendall(
            b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
            + ORIGIN.encode()
            + b'\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n{"kind": '
        )
        # The text UTF-8 cannot encode comes first: the collector answers it, then goes on.
        assert post(collector.port, json.dumps({**SEARCH, "text": "\ud800 private words"}), timeout=5)[0] == 400
        for thread in threads:
            thread.start()
        assert flowing.wait(20)
        collector.process.send_signal(signal.SIGTERM)
        collector.process.wait(timeout=5)
    finally:
        stop_sending.set()
        for thread in threads:
            if thread.is_alive():
                thread.join()
        held.close()
        stop(collector)
    output = collector.process.stdout.read()
    stored = {text for kind, *_, text in rows(db) if kind == "search"}
    assert set(acknowledged) <= stored
    assert "private words" not in output and "Traceback" not in output, output


def test_a_cors_preflight_is_answered_for_allowed_origins_only(server):
    status, headers, _ = post(
        server.port,
        b"",
        method="OPTIONS",
        headers={"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == ORIGIN
    assert headers["access-control-allow-methods"] == "POST"
    assert "access-control-allow-credentials" not in headers
    assert post(server.port, b"", method="OPTIONS", origin="https://evil.example")[0] == 403


def test_a_flood_gets_429_with_retry_after_and_is_not_stored(site_dir, tmp_path):
    db = tmp_path / "feedback.db"
    with running(site_dir, f"sqlite:///{db}", rate_limit=5) as collector:
        statuses = [post(collector.port, VOTE)[0] for _ in range(5)]
        status, headers, _ = post(collector.port, VOTE)
    assert statuses == [204] * 5
    assert status == 429 and 1 <= int(headers["retry-after"]) <= 12
    assert len(rows(db)) == 5


ADDRESSES = [f"203.0.113.{n}" for n in range(1, 6)]
JUNK = [f"junk{n}" for n in range(5)]
LIMITED, KEPT = [204] * 3 + [429] * 2, [204] * 5


@pytest.mark.parametrize(
    ("options", "forwarded", "statuses"),
    [
        (dict(), ADDRESSES, LIMITED),  # no proxy trusted: X-Forwarded-For is anybody's word
        (dict(), JUNK, LIMITED),
        (dict(trust_proxy=["127.0.0.1"]), ADDRESSES, KEPT),  # the proxy's clients, each with its own share
        (dict(trust_proxy=["127.0.0.1"]), JUNK, LIMITED),  # not an address: the proxy itself is the client
        (dict(trust_proxy=["10.0.0.1,::1"]), ADDRESSES, LIMITED),  # the peer is no trusted proxy
        (dict(trust_proxy=["10.0.0.1", "127.0.0.0/8"]), ADDRESSES, KEPT),
        (dict(env={"KB_FEEDBACK_TRUST_PROXY": "::1, 127.0.0.1"}), ADDRESSES, KEPT),
    ],
    ids=[
        "untrusted addresses",
        "untrusted junk",
        "trusted addresses",
        "trusted junk",
        "another proxy",
        "repeated option with a network",
        "environment",
    ],
)
def test_x_forwarded_for_names_the_client_only_from_a_trusted_proxy_and_only_as_an_address(
    site_dir, tmp_path, options, forwarded, statuses
):
    with running(site_dir, f"sqlite:///{tmp_path / 'feedback.db'}", rate_limit=3, **options) as collector:
        got = [post(collector.port, VOTE, headers={"X-Forwarded-For": value}, timeout=5)[0] for value in forwarded]
    assert got == statuses


def test_an_unavailable_database_gets_503_and_the_collector_recovers(server):
    before = rows(server.db)
    holder = sqlite3.connect(server.db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        status, headers, _ = post(server.port, VOTE)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (status, headers["retry-after"]) == (503, "30")
    assert rows(server.db) == before
    assert post(server.port, VOTE)[0] == 204


def test_every_acknowledged_beacon_survives_a_kill_in_the_middle_of_the_flow(site_dir, tmp_path):
    db = tmp_path / "feedback.db"
    collector = start(site_dir, f"sqlite:///{db}")
    acknowledged, failed, stop_sending = [], [], threading.Event()

    def sender(worker: int) -> None:
        number = 0
        while not stop_sending.is_set():
            text = f"kill test {worker} {number}"
            number += 1
            try:
                status = post(
                    collector.port, {"kind": "search", "lang": SOURCE, "page": "index.md", "text": text}, timeout=5
                )[0]
            except OSError:
                failed.append(text)
                continue
            (acknowledged if status == 204 else failed).append(text)

    threads = [threading.Thread(target=sender, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    until(lambda: len(acknowledged) > 50)  # beacons are flowing
    collector.process.send_signal(signal.SIGKILL)
    collector.process.wait()
    until(lambda: len(failed) > 0)  # the senders have seen the collector gone
    stop_sending.set()
    for thread in threads:
        thread.join()
    restarted = start(site_dir, f"sqlite:///{db}", port=collector.port)
    try:
        assert post(restarted.port, VOTE)[0] == 204  # the database is usable after the kill
        stored = {text for kind, *_, text in rows(db) if kind == "search"}
    finally:
        stop(restarted)
    assert len(acknowledged) > 50 and failed  # beacons were flowing when the kill came
    assert set(acknowledged) <= stored


def kb(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kb", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--db", "mysql://db/feedback"], "is not a database URL"),
        (["--db", "sqlite:///"], "is not a database URL"),
        (["--allow-origin", "https://help.kestrel.example/feedback"], "is not an origin"),
        (["--allow-origin", "help.kestrel.example"], "is not an origin"),
        (["--site-dir", "no-such-site"], "no built site there"),
        (["--port", "70000"], "a port from 1 to 65535"),
        (["--rate-limit", "0"], "at least 1 beacon per minute"),
        (["--trust-proxy", "junk0"], "--trust-proxy 'junk0' is not an IP address or network"),
        (["--trust-proxy", "127.0.0.1,proxy.example"], "--trust-proxy 'proxy.example' is not an IP address or network"),
        (["--trust-proxy", "10.0.0.1/8"], "--trust-proxy '10.0.0.1/8' is not an IP address or network"),
        ([{"KB_FEEDBACK_TRUST_PROXY": "127.0.0.1, junk0"}], "KB_FEEDBACK_TRUST_PROXY 'junk0' is not an IP address"),
    ],
)
def test_the_collector_refuses_bad_options_in_one_line(site_dir, arguments, message):
    env = next((item for item in arguments if isinstance(item, dict)), None)  # a variable, not an option
    options = [item for item in arguments if not isinstance(item, dict)]
    result = kb("feedback", "serve", "--site-dir", str(site_dir), "--db", "sqlite:////tmp/unused.db", *options, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("kb feedback: ") and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_report_shows_what_was_stored_per_language_and_never_writes_into_the_site(site_dir, tmp_path):
    db = tmp_path / "feedback.db"
    lang = LANGUAGES[1]
    with running(site_dir, f"sqlite:///{db}") as collector:
        for beacon in [
            {**VOTE, "lang": lang},
            {**VOTE, "lang": lang, "reason": "not-found"},
            {**VOTE, "lang": lang, "vote": "yes", "reason": None},
            {"kind": "search", "lang": lang, "page": "index.md", "text": "warp drive"},
            {"kind": "search", "lang": lang, "page": "index.md", "text": "Warp  Drive"},
            {"kind": "router", "lang": lang, "page": "index.md", "text": "warp drive broken"},
        ]:
            assert post(collector.port, beacon)[0] == 204
    result = kb("feedback", "report", "--db", f"sqlite:///{db}", "--lang", lang, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    [article] = data["articles"]
    assert [
        {key: row[key] for key in ("lang", "page", "helpful", "not_helpful", "votes", "not_helpful_share", "reasons")}
        for row in article["languages"]
    ] == [
        {
            "lang": lang,
            "page": "returns/policy.md",
            "helpful": 1,
            "not_helpful": 2,
            "votes": 3,
            "not_helpful_share": 0.667,
            "reasons": {"unclear": 1, "not-found": 1},
        }
    ]
    part = data["languages"][lang]
    assert part["searches"] == [{"text": "warp drive", "count": 2}]
    assert part["descriptions"] == [{"text": "warp drive broken", "count": 1}]
    assert part["topics"][0]["count"] == 3
    table = kb("feedback", "report", "--db", f"sqlite:///{db}", "--lang", lang)
    assert "returns/policy.md" in table.stdout and "warp drive" in table.stdout
    out = tmp_path / "report.html"
    assert kb("feedback", "report", "--db", f"sqlite:///{db}", "--html", str(out)).returncode == 0
    assert "warp drive broken" in out.read_text(encoding="utf-8")
    refused = kb("feedback", "report", "--db", f"sqlite:///{db}", "--html", "site/feedback.html")
    assert refused.returncode == 2 and "the public site never shows feedback" in refused.stderr
    missing = kb("feedback", "report", "--db", f"sqlite:///{tmp_path}/none.db")
    assert missing.returncode == 2 and "no feedback database" in missing.stderr


def test_a_body_sent_in_chunks_is_cut_off_at_the_limit(server):
    """No Content-Length to go by: the collector counts the bytes as they arrive."""
    import socket

    before = rows(server.db)
    chunk = b"x" * 4096
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(
            b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
            + ORIGIN.encode()
            + b"\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        for _ in range(3):
            connection.sendall(b"1000\r\n" + chunk + b"\r\n")
        connection.sendall(b"0\r\n\r\n")
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    assert rows(server.db) == before


def test_a_collector_started_without_its_database_answers_503(site_dir, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # the database's folder cannot be made: a file has its name
    with running(site_dir, f"sqlite:///{blocker}/feedback.db") as collector:
        status, headers, _ = post(collector.port, VOTE)
    assert (status, headers["retry-after"]) == (503, "30")
