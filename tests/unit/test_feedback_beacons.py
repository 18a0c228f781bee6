"""The beacons' schema, the pages a built site has, the rate limit and the report's
grouping: the pure parts of kb.feedback, each rule with a beacon that breaks it."""

from __future__ import annotations

import json

import pytest

from kb.feedback import beacons, report
from kb.feedback.beacons import Beacon, Invalid, Known, parse
from kb.feedback.limits import RateLimit
from kb.feedback.redact import redact

KNOWN = Known(pages={"en": frozenset({"index.md", "returns/policy.md"}), "zh": frozenset({"returns/policy.md"})},
              reasons=("not-found", "steps-failed", "unclear", "other"))


def body(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


VOTE = {"kind": "vote", "lang": "zh", "page": "returns/policy.md", "vote": "no", "reason": "unclear"}


@pytest.mark.parametrize(("fields", "beacon"), [
    (VOTE, Beacon("vote", "zh", "returns/policy.md", helpful=False, reason="unclear")),
    ({**VOTE, "vote": "yes", "reason": None}, Beacon("vote", "zh", "returns/policy.md", helpful=True)),
    ({k: v for k, v in VOTE.items() if k != "reason"}, Beacon("vote", "zh", "returns/policy.md", helpful=False)),
    ({"kind": "search", "lang": "en", "page": "index.md", "text": " warp  drive "},
     Beacon("search", "en", "index.md", text="warp drive")),
    ({"kind": "router", "lang": "en", "page": "index.md", "text": "call me on 020 7946 0958"},
     Beacon("router", "en", "index.md", text="call me on [phone]")),
])
def test_a_beacon_that_fits_the_schema_is_read(fields, beacon):
    assert parse(body(**fields), KNOWN, redact) == beacon


@pytest.mark.parametrize(("raw", "message"), [
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
    (body(**{**VOTE, "reason": "The answer I needed wasn't here"}), "'reason' must be null or, on a no vote, one of"),
    (body(**{**VOTE, "vote": "yes", "reason": "unclear"}), "'reason' must be null or, on a no vote, one of"),
    (body(kind="search", lang="en", page="index.md", text=42), "'text' must be a string"),
    (body(kind="router", lang="en", page="index.md", text="   "), "'text' is empty"),
])
def test_a_beacon_that_breaks_a_rule_is_refused_with_the_rule(raw, message):
    with pytest.raises(Invalid) as error:
        parse(raw, KNOWN, redact)
    assert str(error.value).startswith(message)


def test_texts_are_capped_per_kind():
    search = parse(body(kind="search", lang="en", page="index.md", text="a" * 500), KNOWN, redact)
    router = parse(body(kind="router", lang="en", page="index.md", text="b" * 5000), KNOWN, redact)
    assert (len(search.text), len(router.text)) == (beacons.TEXT_LIMIT["search"], beacons.TEXT_LIMIT["router"])


def test_the_pages_of_a_built_site_per_language(tmp_path):
    for html in ["index.html", "returns/policy/index.html", "zh/index.html", "zh/returns/policy/index.html",
                 "assets/kb/kb.js", "404.html", "search/search_index.json"]:
        (tmp_path / html).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / html).write_text("x")
    assert beacons.site_pages(tmp_path, ["en", "zh", "ja"], "en") == {
        "en": {"index.md", "returns/policy.md"}, "zh": {"index.md", "returns/policy.md"}, "ja": set()}


def test_reason_codes_come_from_the_strings_table_with_other_last():
    strings = {"helpful.no": "No", "helpful.reason.unclear": "u", "helpful.reason.other": "o",
               "helpful.reason.not-found": "n"}
    assert beacons.reasons(strings) == ("not-found", "unclear", "other")


@pytest.mark.parametrize(("url", "problem"), [
    ("https://feedback.kestrel.example/feedback", None),
    ("http://127.0.0.1:8787/feedback", None),
    ("ftp://feedback.kestrel.example/", "is not an http(s) URL"),
    ("/feedback", "is not an http(s) URL"),
    ("https://user:secret@feedback.kestrel.example/feedback", "carries a user name or password"),
])
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


def fake_terms(lang, texts):
    return [text.casefold().split() for text in texts]


def test_the_report_ranks_pages_by_share_of_not_helpful_and_flags_outdated_translations():
    rows = ([{"kind": "vote", "lang": "zh", "page": "a.md", "helpful": 0, "reason": "unclear", "text": None}] * 3
            + [{"kind": "vote", "lang": "zh", "page": "a.md", "helpful": 1, "reason": None, "text": None}]
            + [{"kind": "vote", "lang": "zh", "page": "b.md", "helpful": 0, "reason": None, "text": None}]
            + [{"kind": "vote", "lang": "en", "page": "a.md", "helpful": 1, "reason": None, "text": None}])
    data = report.build(rows, ["en", "zh"], {("zh", "a.md"): "outdated", ("zh", "b.md"): "current"}, "en", fake_terms)
    assert [(p["page"], p["not_helpful"], p["helpful"], p["translation"]) for p in data["zh"]["pages"]] == [
        ("b.md", 1, 0, "current"), ("a.md", 3, 1, "outdated")]
    assert data["zh"]["pages"][1]["reasons"] == {"unclear": 3}
    assert data["en"]["pages"][0]["not_helpful_share"] == 0.0
    assert "translation outdated" in report.text(data, {"unclear": "It was hard to understand"})


def test_searches_and_descriptions_sharing_a_word_make_one_topic():
    rows = [{"kind": "search", "lang": "en", "page": "index.md", "helpful": None, "reason": None, "text": t}
            for t in ["eSIM setup", "esim setup", "warp drive"]]
    rows.append({"kind": "router", "lang": "en", "page": "index.md", "helpful": None, "reason": None,
                 "text": "my esim vanished"})
    data = report.build(rows, ["en"], {}, "en", fake_terms)["en"]
    assert data["searches"] == [{"text": "eSIM setup", "count": 2}, {"text": "warp drive", "count": 1}]
    assert [(t["term"], t["count"], len(t["searches"]), len(t["descriptions"])) for t in data["topics"]] == [
        ("esim", 3, 1, 1)]


def test_the_html_report_escapes_what_readers_typed():
    rows = [{"kind": "search", "lang": "en", "page": "index.md", "helpful": None, "reason": None,
             "text": "<script>alert(1)</script>"}]
    page = report.html(report.build(rows, ["en"], {}, "en", fake_terms), {}, "now")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
