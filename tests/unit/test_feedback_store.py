"""The collector's writer thread (kb.feedback.store.Writer) on SQLite: a beacon the database
cannot take fails alone, with an error that does not quote it, and the writer goes on storing
the others and stops when told to."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from kb.feedback.beacons import Beacon
from kb.feedback.store import Failed, Writer, now, parse_url, row
from tests.support import run_coroutine

# Seconds a beacon may take to be answered before the writer counts as stuck.
ANSWER = 5.0
GOOD = Beacon("search", "en", "index.md", text="warp drive")
# Past the schema (kb.feedback.beacons refuses it first), a text UTF-8 cannot encode.
UNENCODABLE = Beacon("search", "en", "index.md", text="\ud800 private words")


def stored(db) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [text for (text,) in connection.execute("SELECT text FROM feedback ORDER BY id")]


async def outcome(writer: Writer, beacon: Beacon) -> str:
    """'stored', or the name and message of what the writer raised, within ANSWER seconds."""
    try:
        await asyncio.wait_for(writer.store(beacon), ANSWER)
    except Failed as error:
        return f"Failed: {error}"
    return "stored"


@pytest.mark.parametrize(
    ("sent", "answers"),
    [
        ([UNENCODABLE, GOOD], ["Failed: UnicodeEncodeError", "stored"]),  # one after the other
        ([GOOD, UNENCODABLE, GOOD], ["stored", "Failed: UnicodeEncodeError", "stored"]),  # together
    ],
)
def test_a_beacon_the_database_cannot_take_fails_alone_and_the_writer_goes_on(tmp_path, sent, answers):
    db = tmp_path / "feedback.db"
    writer = Writer(parse_url(f"sqlite:///{db}"))

    async def flow(together: bool) -> list[str]:
        if together:
            return list(await asyncio.gather(*(outcome(writer, beacon) for beacon in sent)))
        return [await outcome(writer, beacon) for beacon in sent]

    try:
        assert writer.open() is None
        got = run_coroutine(flow(together=len(sent) > 2))
        assert run_coroutine(outcome(writer, GOOD)) == "stored"
    finally:
        writer.close()
    assert got == answers
    assert "private words" not in " ".join(got)
    assert stored(db) == ["warp drive"] * (answers.count("stored") + 1)
    assert not writer.thread.is_alive()  # closed when told, with nothing left waiting


def test_in_one_batch_only_the_beacon_the_database_cannot_take_fails(tmp_path):
    db = tmp_path / "feedback.db"
    writer = Writer(parse_url(f"sqlite:///{db}"))
    try:
        assert writer.open() is None
        # The batch the thread would write, written here while the thread waits for work.
        failures = writer._outcomes([row(beacon, now()) for beacon in (GOOD, UNENCODABLE, GOOD)])
    finally:
        writer.close()
    assert [type(failure).__name__ for failure in failures] == ["NoneType", "Failed", "NoneType"]
    assert stored(db) == ["warp drive", "warp drive"]
