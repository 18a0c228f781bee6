"""Where beacons are kept: one table, `feedback`, in SQLite (one file, the default) or in
PostgreSQL (several collectors behind a load balancer share it).

  sqlite:///feedback.db          a file relative to the current folder
  sqlite:////var/lib/kb/fb.db    an absolute path (four slashes)
  postgresql://user@host/db      PostgreSQL, through psycopg 3 (postgres:// too)

`Writer` owns the one connection of a collector process in a thread of its own: it takes
every beacon waiting, inserts them in one transaction and commits, and only then answers
each waiting request, so an acknowledged beacon is on disk (SQLite in WAL mode with
synchronous=FULL; PostgreSQL's commit). When the database cannot be reached or is locked,
every beacon of the batch fails with Unavailable and nothing of it is stored. Any other error
is the beacon's own: the batch is written again one beacon at a time, so that only the beacon
that cannot be stored fails, with Failed (whose message names the error's type, never the
beacon's text). The thread outlives every error, so closing it always stores what was queued."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kb.feedback.beacons import Beacon

COLUMNS = ("received", "kind", "lang", "page", "helpful", "reason", "text")
SQLITE_TABLE = """CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY,
  received TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('vote', 'search', 'router')),
  lang TEXT NOT NULL,
  page TEXT NOT NULL,
  helpful INTEGER,
  reason TEXT,
  text TEXT)"""
# The PostgreSQL advisory lock a collector holds while it creates the table (its transaction's only).
CREATE_LOCK = 7340241
POSTGRES_TABLE = SQLITE_TABLE.replace("id INTEGER PRIMARY KEY", "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
# Largest number of beacons in one transaction.
BATCH = 500
# Seconds a write waits for a lock held by another connection before the database counts as unavailable.
LOCK_TIMEOUT = 2.0


class Unavailable(Exception):
    """The database refused or could not be reached; nothing of the batch was stored."""


class Failed(Exception):
    """One beacon could not be stored for a reason of its own (not the database's); nothing of
    it was stored. The message names the error's type only: never the beacon's text."""


class BadURL(ValueError):
    """A --db or KB_FEEDBACK_DB that names no database this collector can use."""


@dataclass(frozen=True)
class Database:
    kind: str  # "sqlite" or "postgresql"
    target: str  # the file, or the PostgreSQL connection URL

    def display(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite {self.target}"
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(self.target)
        return f"PostgreSQL {info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def parse_url(url: str) -> Database:
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return Database("sqlite", url[len("sqlite:///") :])
    if url.startswith(("postgresql://", "postgres://")):
        return Database("postgresql", url)
    raise BadURL(f"'{url}' is not a database URL: use sqlite:///FILE or postgresql://USER@HOST/DB")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def row(beacon: Beacon, received: str) -> tuple:
    helpful = None if beacon.helpful is None else int(beacon.helpful)
    return (received, beacon.kind, beacon.lang, beacon.page, helpful, beacon.reason, beacon.text)


class Connection:
    """One connection to the database, with the table created on first use (`create`: the
    collector's; the report only reads, so that a role allowed nothing but SELECT can run it)."""

    def __init__(self, database: Database, create: bool = True):
        self.database = database
        if database.kind == "sqlite":
            Path(database.target).parent.mkdir(parents=True, exist_ok=True)
            self.raw: Any = sqlite3.connect(  # sqlite3's or psycopg's connection
                database.target, timeout=LOCK_TIMEOUT, isolation_level=None, check_same_thread=False
            )
            self.raw.execute("PRAGMA journal_mode=WAL")
            self.raw.execute("PRAGMA synchronous=FULL")
            if create:
                self.raw.execute(SQLITE_TABLE)
            self.marker = "?"
        else:
            import psycopg

            self.raw = psycopg.connect(database.target, connect_timeout=5, autocommit=True)
            if create:
                with self.raw.transaction():  # two collectors starting together create the table once
                    self.raw.execute(f"SELECT pg_advisory_xact_lock({CREATE_LOCK})")
                    self.raw.execute(POSTGRES_TABLE)
            self.marker = "%s"

    def insert(self, rows: list[tuple]) -> None:
        sql = f"INSERT INTO feedback ({', '.join(COLUMNS)}) VALUES ({', '.join([self.marker] * len(COLUMNS))})"
        if self.database.kind == "sqlite":
            self.raw.execute("BEGIN IMMEDIATE")
            try:
                self.raw.executemany(sql, rows)
                self.raw.execute("COMMIT")
            except BaseException:
                if self.raw.in_transaction:
                    self.raw.execute("ROLLBACK")
                raise
        else:
            with self.raw.transaction(), self.raw.cursor() as cursor:
                cursor.executemany(sql, rows)

    def rows(self, lang: str | None = None, since: str | None = None, before: str | None = None) -> list[dict]:
        """The rows of `lang` (every language by default) received from `since` on and before
        `before` (each a time as stored, 2026-12-04T17:26:26Z, or a part of one: 2026-12-04)."""
        conditions, parameters = [], []
        for condition, value in (("lang =", lang), ("received >=", since), ("received <", before)):
            if value is not None:
                conditions.append(f"{condition} {self.marker}")
                parameters.append(value)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        cursor = self.raw.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback{where} ORDER BY id", tuple(parameters))
        return [dict(zip(COLUMNS, values, strict=True)) for values in cursor.fetchall()]

    def close(self) -> None:
        try:
            self.raw.close()
        except Exception:  # closing a broken connection may itself fail; it is dropped either way
            pass


def errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "the database is unavailable" for either kind."""
    found: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
    try:
        import psycopg

        found += (psycopg.Error,)
    except ImportError:
        pass
    return found


def refusals() -> tuple[type[BaseException], ...]:
    """The database errors that refuse a value (one beacon's), not the database itself."""
    found: tuple[type[BaseException], ...] = (sqlite3.DataError, sqlite3.IntegrityError)
    try:
        import psycopg

        found += (psycopg.DataError, psycopg.IntegrityError)
    except ImportError:
        pass
    return found


class Writer:
    """A thread that stores beacons in batches and answers each one after its commit."""

    def __init__(self, database: Database):
        self.database = database
        self.queue: queue.Queue = queue.Queue()
        self.connection: Connection | None = None
        self.thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self.thread.start()

    def open(self) -> str | None:
        """Connect (and create the table) before the first beacon; why it failed, or None. The
        collector starts all the same and answers 503 until the database is back."""
        failure = self._write([])
        return None if failure is None else str(failure)

    async def store(self, beacon: Beacon) -> None:
        """Store one beacon; returns once it is committed, raises Unavailable if it was not."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self.queue.put((row(beacon, now()), loop, done))
        await done

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=10)

    def _run(self) -> None:
        while (first := self.queue.get()) is not None:
            batch = [first]
            while len(batch) < BATCH:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self.queue.put(None)
                    break
                batch.append(item)
            try:
                failures = self._outcomes([values for values, _, _ in batch])
            except Exception as error:  # never leave a request waiting, whatever happened
                failures = [Failed(type(error).__name__)] * len(batch)
            for (_, loop, done), failure in zip(batch, failures, strict=True):
                try:
                    loop.call_soon_threadsafe(_settle, done, failure)
                except RuntimeError:  # the loop is closed: nobody waits for this answer any more
                    pass
        if self.connection is not None:
            self.connection.close()

    def _outcomes(self, rows: list[tuple]) -> list[Exception | None]:
        """Each row's failure or None: the batch in one transaction, or, when a row of it failed
        for a reason of its own, each row in a transaction of its own."""
        failure = self._write(rows)
        if not isinstance(failure, Failed) or len(rows) == 1:
            return [failure] * len(rows)
        return [self._write([values]) for values in rows]

    def _write(self, rows: list[tuple]) -> Exception | None:
        try:
            if self.connection is None:
                self.connection = Connection(self.database)
        except Exception as error:  # whatever stops the connection is the database's problem
            return Unavailable(_first_line(error))
        try:
            if rows:
                self.connection.insert(rows)
            return None
        except refusals() as error:
            return Failed(type(error).__name__)
        except errors() as error:
            self.connection.close()
            self.connection = None
            return Unavailable(_first_line(error))
        except Exception as error:  # a value the database cannot take; its message may quote the text
            return Failed(type(error).__name__)


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _settle(done: asyncio.Future, failure: Exception | None) -> None:
    if done.done():  # the client went away; its beacon is stored (or not) all the same
        return
    if failure is None:
        done.set_result(None)
    else:
        done.set_exception(failure)
