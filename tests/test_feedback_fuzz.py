"""`kb feedback serve` under a barrage of hostile bodies, generated from a table: lone
surrogates, deep nesting and huge numbers in every field, every JSON type in every field, odd
encodings, NaN and Infinity, duplicate keys, cut-off bodies, an empty body, values other than
an object. One real collector, one keep-alive connection, a timeout on every request: never a
500, never a hang, and afterwards a valid beacon is still stored."""

from __future__ import annotations

import codecs
import json
import sqlite3

import pytest

from tests.conftest import LANGUAGES, SOURCE
from tests.support import Client, fake_site, running

PAGES = ["index.md", "returns/policy.md"]
BASES = [
    {"kind": "search", "lang": SOURCE, "page": "index.md", "text": "warp drive"},
    {"kind": "router", "lang": LANGUAGES[-1], "page": "returns/policy.md", "text": "my toaster sings"},
    {"kind": "vote", "lang": SOURCE, "page": "returns/policy.md", "vote": "no", "reason": "unclear"},
]
# Values as JSON text, each put in every field of every base.
SURROGATES = ['"\\ud800"', '"\\udfff"', '"warp \\udbff drive"', '"\\udc00\\ud800"', '"\\ud800\\ud800"']
DEEP = ["[" * 3000 + "]" * 3000, '{"":' * 1500 + "0" + "}" * 1500, "[" * 40 + "]" * 40]
NUMBERS = ["1" * 8000, "-" + "9" * 4301, "1" * 4300, "9" * 5000 + ".5", "1e999999", "-0", "0.1e-99999"]
CONSTANTS = ["NaN", "Infinity", "-Infinity"]
TYPES = [
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    '""',
    '"x"',
    '"yes"',
    '"unclear"',
    "[]",
    "{}",
    '["x"]',
    '{"a": "b"}',
    '"\\u0000"',
    '"\\ud83d\\ude00"',
]
VALUES = SURROGATES + DEEP + NUMBERS + CONSTANTS + TYPES


def with_value(base: dict, field: str, raw: str) -> bytes:
    return json.dumps({**base, field: "@"}).replace('"@"', raw).encode("utf-8")


def generated() -> list[tuple[str, bytes]]:
    """(name, body) of every hostile body."""
    found = []
    for number, base in enumerate(BASES):
        valid = json.dumps(base, ensure_ascii=False)
        for field in [*base, "extra"]:
            found += [
                (f"{number}.{field}=VALUES[{index}] {raw[:12]}", with_value(base, field, raw))
                for index, raw in enumerate(VALUES)
            ]
            found.append(
                (f"{number}.without {field}", json.dumps({k: v for k, v in base.items() if k != field}).encode())
            )
            found.append((f"{number}.{field} twice", valid.replace("{", '{"' + field + '": "yes", ', 1).encode()))
        for encoding in ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "latin-1", "cp1252"]:
            found.append(
                (f"{number}.{encoding}", json.dumps({**base, "page": "é/ü.md"}, ensure_ascii=False).encode(encoding))
            )
        for bad in [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\x00"]:
            found.append((f"{number}.bytes {bad!r}", valid[:-2].encode() + bad + b'"}'))
        found += [(f"{number}.cut at {end}", valid.encode()[:end]) for end in range(0, len(valid), 9)]
        found.append((f"{number}.in a list", f"[{valid}]".encode()))
        found.append((f"{number}.BOM", codecs.BOM_UTF8 + valid.encode()))
    found += [
        ("empty", b""),
        ("spaces", b" \n\t "),
        ("null", b"null"),
        ("string", b'"vote"'),
        ("number", b"1"),
        ("true", b"true"),
        ("list", b"[]"),
        ("nested lists", b"[" * 3000),
        ("NaN", b"NaN"),
        ("trailing comma", b'{"kind": "vote",}'),
        ("comment", b'{"kind": "vote"} // x'),
        ("two objects", b"{}{}"),
        ("single quotes", b"{'kind': 'vote'}"),
    ]
    return found


BODIES = generated()


def count(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM feedback").fetchone()[0]


def test_enough_hostile_bodies_are_generated():
    assert len(BODIES) >= 200
    assert len({name for name, _ in BODIES}) == len(BODIES)


def test_no_hostile_body_gets_a_500_or_a_hang_and_the_collector_still_stores_afterwards(tmp_path):
    site = fake_site(tmp_path / "built", LANGUAGES, SOURCE, PAGES)
    db = tmp_path / "feedback.db"
    answers: dict[int, list[str]] = {}
    with running(site, f"sqlite:///{db}") as collector:
        client = Client(collector.port, timeout=5)
        try:
            for number, (name, body) in enumerate(BODIES):
                try:
                    status, text = client.post(body, "application/json" if number % 2 else "text/plain")
                except TimeoutError:
                    pytest.fail(f"{name}: no answer within 5 s")
                answers.setdefault(status, []).append(f"{name}: {text.strip()}")
            stored = count(db)
            assert client.post(json.dumps(BASES[0]).encode())[0] == 204
        finally:
            client.close()
        assert count(db) == stored + 1
    assert set(answers) <= {204, 400, 413}, {status: found[:5] for status, found in answers.items() if status > 413}
    assert stored == len(answers.get(204, []))  # every 204 stored, nothing else
    assert all("Traceback" not in text for found in answers.values() for text in found)
