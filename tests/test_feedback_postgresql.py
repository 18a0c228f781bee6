"""The collector on PostgreSQL, as several instances behind a load balancer share it: two
`kb feedback serve` processes storing into one database, `kb feedback report` reading it,
503 while the database is down, and the roles README's "Readers' feedback" sets up: the
collector's, which owns the database and creates the table, and the report's, which may only read it. Skipped, with the reason, where no PostgreSQL server can
be started (tests/postgresql.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests import postgresql
from tests.conftest import LANGUAGES, ROOT, SOURCE
from tests.support import fake_site, post, running

TOKEN = "3f9c0a6e1b7d4c2a9e8f1d0c5b6a7e4f"


@pytest.fixture(scope="module")
def cluster():
    try:
        started = postgresql.start()
    except postgresql.Unavailable as reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    yield started
    postgresql.stop(started)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    return fake_site(tmp_path_factory.mktemp("built"), LANGUAGES, SOURCE, ["index.md", "returns/policy.md"])


def stored(url: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute("SELECT kind, lang, page, helpful, reason, text FROM feedback ORDER BY id").fetchall()


def test_two_collectors_share_one_database_and_the_report_reads_it(cluster, site_dir):
    today = datetime.now(UTC).date()  # before anything is stored: every row is from today on
    with running(site_dir, cluster.url) as first, running(site_dir, cluster.url) as second:
        for lang in LANGUAGES:
            vote = {"kind": "vote", "lang": lang, "page": "returns/policy.md", "vote": "no", "reason": "unclear"}
            # the page view's token: sent twice to one collector, stored once
            assert [post(first.port, {**vote, "token": TOKEN})[0] for _ in range(2)] == [204, 204]
            search = {"kind": "search", "lang": lang, "page": "index.md", "text": "warp drive, mail jo@example.com"}
            assert post(second.port, search)[0] == 204
        assert post(second.port, {"kind": "vote", "lang": "xx", "page": "index.md", "vote": "yes"})[0] == 400
    rows = stored(cluster.url)
    assert sorted(rows) == sorted(
        [("vote", lang, "returns/policy.md", 0, "unclear", None) for lang in LANGUAGES]
        + [("search", lang, "index.md", None, None, "warp drive, mail [email]") for lang in LANGUAGES]
    )
    data = report(cluster.url, "--since", today.isoformat())
    [article] = data["articles"]
    assert (article["source"], article["not_helpful"], article["helpful"]) == ("returns/policy.md", len(LANGUAGES), 0)
    assert sorted(row["lang"] for row in article["languages"]) == sorted(LANGUAGES)
    assert all(row["reasons"] == {"unclear": 1} for row in article["languages"])
    for part in data["languages"].values():
        assert part["searches"] == [{"text": "warp drive, mail [email]", "count": 1}]
    earlier = report(cluster.url, "--until", (today - timedelta(days=1)).isoformat())
    assert earlier["articles"] == [] and all(not part["searches"] for part in earlier["languages"].values())


def report(url: str, *options: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "report", "--db", url, "--json", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_collector_answers_503_while_postgresql_is_down_and_recovers(cluster, site_dir):
    beacon = {"kind": "vote", "lang": SOURCE, "page": "index.md", "vote": "yes", "reason": None}
    with running(site_dir, cluster.url) as collector:
        before = len(stored(cluster.url))
        cluster.down()
        try:
            status, headers, _ = post(collector.port, beacon)
        finally:
            cluster.up()
        assert (status, headers.get("retry-after")) == (503, "30")
        assert post(collector.port, beacon)[0] == 204
    assert len(stored(cluster.url)) == before + 1


# What README's "Readers' feedback" runs as the postgres user, with passwords left out (the test
# cluster trusts local connections).
SETUP = [
    "CREATE ROLE kb_feedback LOGIN",
    "CREATE DATABASE kb_feedback OWNER kb_feedback",
    "CREATE ROLE kb_report LOGIN",
]


def test_the_collectors_role_creates_the_table_and_a_read_only_role_reports(cluster, site_dir):
    import psycopg

    with psycopg.connect(cluster.url, autocommit=True) as admin:
        for statement in SETUP:
            admin.execute(statement)
    base = cluster.url.rsplit("@", 1)[1].rsplit("/", 1)[0]
    collector_url, report_url = (f"postgresql://{role}@{base}/kb_feedback" for role in ("kb_feedback", "kb_report"))
    vote = {"kind": "vote", "lang": SOURCE, "page": "returns/policy.md", "vote": "no", "reason": "unclear"}
    with running(site_dir, collector_url) as collector:
        assert post(collector.port, vote)[0] == 204
    with psycopg.connect(report_url) as reader:
        tables = reader.execute("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()
    assert tables == [("feedback", "kb_feedback")]  # what the collector creates: one table, nothing else

    refused = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "report", "--db", report_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert refused.stderr.startswith("kb feedback: cannot read PostgreSQL ") and "permission denied" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1

    with psycopg.connect(collector_url, autocommit=True) as owner:
        owner.execute("GRANT SELECT ON feedback TO kb_report")
    [article] = report(report_url)["articles"]
    assert (article["source"], article["not_helpful"]) == ("returns/policy.md", 1)
    with psycopg.connect(report_url) as reader, pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute("DELETE FROM feedback")  # the report's role reads, and nothing more
