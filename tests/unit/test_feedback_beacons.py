"""The beacons' schema, the pages a built site has, the rate limit and the memory of recent
votes: the pure parts of kb.feedback, each rule with a beacon that breaks it (the report's
are in test_feedback_report.py)."""

from __future__ import annotations

import ipaddress
import json

import pytest

from kb.feedback import beacons
from kb.feedback.beacons import Beacon, Invalid, Known, parse
from kb.feedback.collector import client_address
from kb.feedback.limits import RateLimit, Votes
from kb.feedback.redact import redact

KNOWN = Known(
    pages={"en": frozenset({"index.md", "returns/policy.md"}), "zh": frozenset({"returns/policy.md"})},
    reasons=("not-found", "steps-failed", "unclear", "other"),
)


def body(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


SEARCH_FIELDS = {"kind": "search", "lang": "en", "page": "index.md", "text": "warp drive"}
VOTE = {"kind": "vote", "lang": "zh", "page": "returns/policy.md", "vote": "no", "reason": "unclear"}
TOKEN = "3f9c0a6e1b7d4c2a9e8f1d0c5b6a7e4f"  # what the site sends: 32 hex digits


@pytest.mark.parametrize(
    ("fields", "beacon"),
    [
        (VOTE, Beacon("vote", "zh", "returns/policy.md", helpful=False, reason="unclear")),
        ({**VOTE, "vote": "yes", "reason": None}, Beacon("vote", "zh", "returns/policy.md", helpful=True)),
        ({k: v for k, v in VOTE.items() if k != "reason"}, Beacon("vote", "zh", "returns/policy.md", helpful=False)),
        (
            {**VOTE, "token": TOKEN},
            Beacon("vote", "zh", "returns/policy.md", helpful=False, reason="unclear", token=TOKEN),
        ),
        (
            {**VOTE, "vote": "yes", "reason": None, "token": "a_B-" * 16},
            Beacon("vote", "zh", "returns/policy.md", helpful=True, token="a_B-" * 16),
        ),
        (
            {"kind": "search", "lang": "en", "page": "index.md", "text": " warp  drive "},
            Beacon("search", "en", "index.md", text="warp drive"),
        ),
        (
            {"kind": "router", "lang": "en", "page": "index.md", "text": "call me on 020 7946 0958"},
            Beacon("router", "en", "index.md", text="call me on [phone]"),
        ),
    ],
)
def test_a_beacon_that_fits_the_schema_is_read(fields, beacon):
    assert parse(body(**fields), KNOWN, redact) == beacon


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "not JSON in UTF-8"),
        (b"\xff\xfe{}", "not JSON in UTF-8"),
        (b"[1, 2]", "a beacon is a JSON object"),
        (body(kind="rating"), "'kind' must be one of router, search, vote"),
        (body(**VOTE, ip="10.0.0.1"), "unknown key for a vote beacon: ip"),
        (body(kind="search", lang="en", page="index.md", text="x", vote="no"), "unknown key for a search beacon: vote"),
        (body(kind="search", lang="en", text="x"), "missing key: page"),
        (body(**{**VOTE, "lang": "fr"}), "unknown language 'fr'"),
        (body(**{**VOTE, "lang": ["zh"]}), "'lang' must be a string"),
        (body(**{**VOTE, "page": "returns/secret.md"}), "no page 'returns/secret.md' in the built site's 'zh' pages"),
        (body(**{**VOTE, "lang": "zh", "page": "index.md"}), "no page 'index.md' in the built site's 'zh' pages"),
        (body(**{**VOTE, "vote": "maybe"}), "'vote' must be yes or no"),
        (body(**{**VOTE, "vote": True}), "'vote' must be yes or no"),
        (
            body(**{**VOTE, "reason": "The answer I needed wasn't here"}),
            "'reason' must be null or, on a no vote, one of",
        ),
        (body(**{**VOTE, "vote": "yes", "reason": "unclear"}), "'reason' must be null or, on a no vote, one of"),
        (body(kind="search", lang="en", page="index.md", text=42), "'text' must be a string"),
        (body(kind="router", lang="en", page="index.md", text="   "), "'text' is empty"),
        (body(kind=["vote"]), "'kind' must be one of router, search, vote"),
        (body(**VOTE, token="3f9c0a6e1b7d4c2"), "'token' must be 16 to 64 letters, digits, '-' or '_'"),
        (body(**VOTE, token="a" * 65), "'token' must be 16 to 64 letters, digits, '-' or '_'"),
        (body(**VOTE, token=TOKEN[:-1] + "/"), "'token' must be 16 to 64 letters, digits, '-' or '_'"),
        (body(**VOTE, token=None), "'token' must be 16 to 64 letters, digits, '-' or '_'"),
        (body(**VOTE, token=12345678901234567890), "'token' must be 16 to 64 letters, digits, '-' or '_'"),
        (body(**SEARCH_FIELDS, token=TOKEN), "unknown key for a search beacon: token"),
        (body(kind={"vote": 1}), "'kind' must be one of router, search, vote"),
    ],
)
def test_a_beacon_that_breaks_a_rule_is_refused_with_the_rule(raw, message):
    with pytest.raises(Invalid) as error:
        parse(raw, KNOWN, redact)
    assert str(error.value).startswith(message)


SEARCH = {"kind": "search", "lang": "en", "page": "index.md", "text": "warp drive"}


def escaped(**fields) -> bytes:
    """A body as a browser's JSON.stringify writes a lone surrogate: the \\ud800 escape."""
    return json.dumps(fields, ensure_ascii=True).encode("ascii")


def field(name: str, raw: str) -> bytes:
    """SEARCH with the JSON text `raw` as the value of `name`."""
    return json.dumps({**SEARCH, name: "@"}).replace('"@"', raw).encode("utf-8")


DEPTH, NUMBER = beacons.MAX_DEPTH, beacons.MAX_NUMBER
HOSTILE = [
    ("lone surrogate", escaped(**{**SEARCH, "text": "\ud800"}), "'text' holds a lone surrogate"),
    ("lone low surrogate", escaped(**{**SEARCH, "text": "warp \udfff drive"}), "'text' holds a lone surrogate"),
    ("surrogate in lang", escaped(**{**SEARCH, "lang": "\ud800"}), "'lang' holds a lone surrogate"),
    ("surrogate in page", escaped(**{**SEARCH, "page": "index\udc00.md"}), "'page' holds a lone surrogate"),
    ("surrogate in a key", escaped(**{**SEARCH, "\ud800": "x"}), "a key holds a lone surrogate"),
    ("surrogate in a list", escaped(**{**SEARCH, "text": ["\ud800"]}), "'text' holds a lone surrogate"),
    ("surrogate in an inner key", escaped(**{**SEARCH, "text": {"\ud800": 1}}), "a key holds a lone surrogate"),
    ("3,000 deep", b"[" * 3000 + b"]" * 3000, f"JSON nested deeper than {DEPTH} levels"),
    ("3,000 deep in a field", field("text", "[" * 3000 + "]" * 3000), f"JSON nested deeper than {DEPTH} levels"),
    ("3,000 objects deep", field("text", '{"a":' * 3000 + "1" + "}" * 3000), f"JSON nested deeper than {DEPTH} levels"),
    ("one level too deep", field("text", "[" * DEPTH + "]" * DEPTH), f"JSON nested deeper than {DEPTH} levels"),
    ("as deep as allowed", field("text", "[" * (DEPTH - 1) + "]" * (DEPTH - 1)), "'text' must be a string"),
    ("8,000 digits", field("text", "1" * 8000), f"a number longer than {NUMBER} characters"),
    ("5,000-digit float", field("text", "-" + "9" * 5000 + ".5e10"), f"a number longer than {NUMBER} characters"),
    ("NaN", field("text", "NaN"), "NaN is not a JSON number"),
    ("-Infinity", field("text", "-Infinity"), "-Infinity is not a JSON number"),
    (
        "duplicate key",
        b'{"kind": "search", "kind": "vote", "lang": "en", "page": "index.md", "text": "x"}',
        "duplicate key 'kind'",
    ),
]


@pytest.mark.parametrize(("raw", "message"), [(r, m) for _, r, m in HOSTILE], ids=[n for n, _, _ in HOSTILE])
def test_a_body_no_parser_should_be_trusted_with_is_refused_naming_the_rule(raw, message):
    with pytest.raises(Invalid) as error:
        parse(raw, KNOWN, redact)
    assert str(error.value).startswith(message)
    str(error.value).encode("utf-8")  # fit to be sent back and logged as it is


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('"[[[ not nesting {{{ ' + "[" * 100 + '"', "[[[ not nesting {{{ " + "[" * 100),  # brackets inside a string
        ('"\\ud83d\\ude00 paired"', "\U0001f600 paired"),  # a surrogate pair is one character
        ('"quote \\" [[[[[[[[[[[[[[[[[[[["', 'quote " [[[[[[[[[[[[[[[[[[[['),  # an escaped quote ends no string
    ],
)
def test_what_only_looks_hostile_is_read(text, kept):
    assert parse(field("text", text), KNOWN, redact).text == kept


def test_texts_are_capped_per_kind():
    search = parse(body(kind="search", lang="en", page="index.md", text="a" * 500), KNOWN, redact)
    router = parse(body(kind="router", lang="en", page="index.md", text="b" * 5000), KNOWN, redact)
    assert (len(search.text), len(router.text)) == (beacons.TEXT_LIMIT["search"], beacons.TEXT_LIMIT["router"])


def test_the_pages_of_a_built_site_per_language(tmp_path):
    for html in [
        "index.html",
        "returns/policy/index.html",
        "zh/index.html",
        "zh/returns/policy/index.html",
        "assets/kb/kb.js",
        "404.html",
        "search/search_index.json",
    ]:
        (tmp_path / html).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / html).write_text("x")
    assert beacons.site_pages(tmp_path, ["en", "zh", "ja"], "en") == {
        "en": {"index.md", "returns/policy.md"},
        "zh": {"index.md", "returns/policy.md"},
        "ja": set(),
    }


def test_reason_codes_come_from_the_strings_table_with_other_last():
    strings = {
        "helpful.no": "No",
        "helpful.reason.unclear": "u",
        "helpful.reason.other": "o",
        "helpful.reason.not-found": "n",
    }
    assert beacons.reasons(strings) == ("not-found", "unclear", "other")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://feedback.kestrel.example/feedback", None),
        ("http://127.0.0.1:8787/feedback", None),
        ("ftp://feedback.kestrel.example/", "is not an http(s) URL"),
        ("/feedback", "is not an http(s) URL"),
        ("https://user:secret@feedback.kestrel.example/feedback", "carries a user name or password"),
    ],
)
def test_the_endpoint_must_be_an_http_url_without_credentials(url, problem):
    found = beacons.endpoint_problem(url)
    assert (found is None) if problem is None else (problem in found)


def test_the_rate_limit_allows_a_burst_then_one_beacon_per_share_of_a_minute():
    now = [0.0]
    limit = RateLimit(6, clock=lambda: now[0])  # a burst of 6, then one every 10 s
    assert [limit.take("a") for _ in range(6)] == [0.0] * 6
    assert limit.take("a") == pytest.approx(10.0)
    assert limit.take("b") == 0.0  # another client has its own bucket
    now[0] = 10.0
    assert limit.take("a") == 0.0
    assert limit.take("a") == pytest.approx(10.0)


VIEW = (TOKEN, "zh", "returns/policy.md")


@pytest.mark.parametrize(
    ("steps", "answers", "left"),
    [
        # (seconds since the start, the vote): whether it is the first of its page view within 600 s
        ([(0, VIEW), (1, VIEW), (599, VIEW)], [True, False, False], [VIEW]),
        ([(0, VIEW), (600, VIEW)], [True, True], [VIEW]),  # its window is over: forgotten, counted anew
        ([(0, VIEW), (1, (TOKEN, "zh", "index.md"))], [True, True], [VIEW, (TOKEN, "zh", "index.md")]),
        ([(0, VIEW), (1, ("another-page-view-1", "zh", "returns/policy.md"))], [True, True], None),
        (
            [(0, VIEW), (300, ("another-page-view-1", "zh", "index.md")), (600, ("x" * 16, "en", "index.md"))],
            [True, True, True],
            [("another-page-view-1", "zh", "index.md"), ("x" * 16, "en", "index.md")],
        ),
    ],
)
def test_a_page_views_second_vote_within_the_window_is_a_duplicate_and_then_forgotten(steps, answers, left):
    now = [0.0]
    votes = Votes(600, clock=lambda: now[0])
    found = []
    for when, vote in steps:
        now[0] = float(when)
        found.append(votes.first(vote))
    assert found == answers
    if left is not None:
        assert list(votes.until) == left  # what is remembered: nothing past its window


def test_recent_votes_keep_no_token_past_its_window_and_release_what_was_not_stored():
    now = [0.0]
    votes = Votes(600, clock=lambda: now[0], most=2)
    assert votes.first(VIEW) and not votes.first(VIEW)
    votes.release(VIEW)  # not stored (the database was down): the page may send it again
    assert votes.first(VIEW)
    assert votes.first(("b" * 16, "zh", "index.md")) and votes.first(("c" * 16, "zh", "index.md"))
    assert len(votes) == 2 and VIEW not in votes.until  # past `most`, the oldest goes first
    now[0] = 600.0
    votes.sweep()
    assert len(votes) == 0


TRUSTED = (ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("10.0.0.0/8"))


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "client"),
    [
        ("127.0.0.1", "203.0.113.9", (), "127.0.0.1"),  # no proxy trusted: the header is the client's word
        ("127.0.0.1", "junk0", TRUSTED, "127.0.0.1"),  # not an address
        ("127.0.0.1", "203.0.113.9", TRUSTED, "203.0.113.9"),
        ("127.0.0.1", " 2001:db8::1 ", TRUSTED, "2001:db8::1"),
        ("127.0.0.1", "198.51.100.1, 203.0.113.9", TRUSTED, "203.0.113.9"),  # only what the proxy added counts
        ("127.0.0.1", "203.0.113.9, junk0", TRUSTED, "127.0.0.1"),
        ("127.0.0.1", "203.0.113.9, 10.1.2.3", TRUSTED, "203.0.113.9"),  # through a chain of trusted proxies
        ("127.0.0.1", "10.1.2.3, 203.0.113.9", TRUSTED, "203.0.113.9"),
        ("127.0.0.1", None, TRUSTED, "127.0.0.1"),
        ("127.0.0.1", "", TRUSTED, "127.0.0.1"),
        ("192.0.2.7", "203.0.113.9", TRUSTED, "192.0.2.7"),  # the peer is no trusted proxy
        ("::ffff:127.0.0.1", "203.0.113.9", TRUSTED, "203.0.113.9"),  # IPv4 on a dual-stack socket
        ("127.0.0.1", "203.0.113.9:4711", TRUSTED, "127.0.0.1"),  # an address with a port is not an address
    ],
)
def test_the_client_is_the_peer_unless_a_trusted_proxy_names_an_address(peer, forwarded, proxies, client):
    assert client_address(peer, forwarded, proxies) == client
