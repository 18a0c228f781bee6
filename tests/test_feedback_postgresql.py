"""The collector on PostgreSQL, as several instances behind a load balancer share it: two
`kb feedback serve` processes storing into one database, `kb feedback report` reading it,
and 503 while the database is down. Skipped, with the reason, where no PostgreSQL server can
be started (tests/postgresql.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests import postgresql
from tests.conftest import LANGUAGES, ROOT, SOURCE
from tests.support import fake_site, post, running


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
    with running(site_dir, cluster.url) as first, running(site_dir, cluster.url) as second:
        for lang in LANGUAGES:
            assert (
                post(
                    first.port,
                    {"kind": "vote", "lang": lang, "page": "returns/policy.md", "vote": "no", "reason": "unclear"},
                )[0]
                == 204
            )
            assert (
                post(
                    second.port,
                    {"kind": "search", "lang": lang, "page": "index.md", "text": "warp drive, mail jo@example.com"},
                )[0]
                == 204
            )
        assert post(second.port, {"kind": "vote", "lang": "xx", "page": "index.md", "vote": "yes"})[0] == 400
    rows = stored(cluster.url)
    assert sorted(rows) == sorted(
        [("vote", lang, "returns/policy.md", 0, "unclear", None) for lang in LANGUAGES]
        + [("search", lang, "index.md", None, None, "warp drive, mail [email]") for lang in LANGUAGES]
    )
    report = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "report", "--db", cluster.url, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert report.returncode == 0, report.stderr
    for part in json.loads(report.stdout)["languages"].values():
        assert part["pages"][0]["reasons"] == {"unclear": 1}
        assert part["searches"] == [{"text": "warp drive, mail [email]", "count": 1}]


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
