"""`kb feedback report` on the real repository, from a database of known rows: --since and
--until (both days included), --min-votes, articles grouped by their English source with a row
per language showing the page's title (from its front matter) and links to the page and its
source file, English pages as the `source`; --html writes the page and prints no report; a bad
option is refused in one line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kb.feedback.store import SQLITE_TABLE
from tests.conftest import ROOT, SOURCE

SITE_URL = "https://help.test.example/"
ARTICLE = "returns/policy.md"
OTHER = "warranty/overview.md"
# (time received, language, page, helpful): one vote each, around the month of December 2026.
VOTES = [
    ("2026-11-30T23:59:59Z", "zh", ARTICLE, 0),
    ("2026-12-01T00:00:00Z", "zh", ARTICLE, 0),
    ("2026-12-15T12:00:00Z", "en", ARTICLE, 1),
    ("2026-12-15T12:00:01Z", "es", OTHER, 0),
    ("2026-12-31T23:59:59Z", "zh", ARTICLE, 1),
    ("2027-01-01T00:00:00Z", "en", OTHER, 0),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("feedback") / "feedback.db"
    with sqlite3.connect(path) as connection:
        connection.execute(SQLITE_TABLE)
        connection.executemany(
            "INSERT INTO feedback (received, kind, lang, page, helpful, reason, text) VALUES (?, 'vote', ?, ?, ?, ?, NULL)",
            [(when, lang, page, helpful, None if helpful else "unclear") for when, lang, page, helpful in VOTES],
        )
    connection.close()
    return path


def kb(db: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "report", "--db", f"sqlite:///{db}", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "KB_SITE_URL": SITE_URL},
        timeout=120,
    )


def report(db: Path, *arguments: str) -> dict:
    result = kb(db, "--json", *arguments)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def counted(data: dict) -> dict[str, list[tuple[str, int, int]]]:
    """Per article, its languages' (language, No votes, Yes votes)."""
    return {
        article["source"]: [(row["lang"], row["not_helpful"], row["helpful"]) for row in article["languages"]]
        for article in data["articles"]
    }


def title(lang: str, page: str) -> str:
    text = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])["title"]


@pytest.mark.parametrize(
    ("options", "articles"),
    [
        ([], {ARTICLE: [("zh", 2, 1), ("en", 0, 1)], OTHER: [("en", 1, 0), ("es", 1, 0)]}),
        (["--since", "2026-12-01"], {ARTICLE: [("zh", 1, 1), ("en", 0, 1)], OTHER: [("en", 1, 0), ("es", 1, 0)]}),
        (["--until", "2026-12-31"], {ARTICLE: [("zh", 2, 1), ("en", 0, 1)], OTHER: [("es", 1, 0)]}),
        (
            ["--since", "2026-12-01", "--until", "2026-12-31"],
            {ARTICLE: [("zh", 1, 1), ("en", 0, 1)], OTHER: [("es", 1, 0)]},
        ),
        (["--since", "2026-12-15", "--until", "2026-12-15"], {ARTICLE: [("en", 0, 1)], OTHER: [("es", 1, 0)]}),
        (["--since", "2027-01-02"], {}),
        (["--min-votes", "3"], {ARTICLE: [("zh", 2, 1), ("en", 0, 1)]}),
        (["--min-votes", "3", "--since", "2026-12-01"], {ARTICLE: [("zh", 1, 1), ("en", 0, 1)]}),
        (["--min-votes", "4", "--since", "2026-12-01"], {}),  # votes counted in the days asked for only
        (["--lang", "zh"], {ARTICLE: [("zh", 2, 1)]}),
    ],
)
def test_the_report_takes_the_votes_of_the_days_asked_for_and_articles_with_enough_votes(db, options, articles):
    data = report(db, *options)
    assert counted(data) == articles


def test_each_article_shows_its_title_and_links_per_language_and_english_is_the_source(db):
    data = report(db)
    article = next(item for item in data["articles"] if item["source"] == ARTICLE)
    assert (article["title"], article["url"], article["file"]) == (
        title(SOURCE, ARTICLE),
        SITE_URL + "returns/policy/",
        f"docs/{SOURCE}/{ARTICLE}",
    )
    rows = {row["lang"]: row for row in article["languages"]}
    assert (rows["zh"]["title"], rows["zh"]["url"], rows["zh"]["file"]) == (
        title("zh", ARTICLE),
        SITE_URL + "zh/returns/policy/",
        f"docs/zh/{ARTICLE}",
    )
    assert rows[SOURCE]["translation"] == "source"
    assert rows["zh"]["translation"] in ("current", "outdated")
    table = kb(db).stdout
    assert table.count(f"({ARTICLE}, 4 votes)") == 1
    assert f"zh  {title('zh', ARTICLE)}" in table
    assert f"{SITE_URL}zh/returns/policy/  docs/zh/{ARTICLE}" in table


def test_html_writes_the_page_and_prints_no_report(db, tmp_path):
    out = tmp_path / "report.html"
    result = kb(db, "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"kb feedback report: written to {out}\n"
    page = out.read_text(encoding="utf-8")
    assert f'<a href="{SITE_URL}zh/returns/policy/">' in page
    assert f'href="{(ROOT / "docs" / "zh" / ARTICLE).as_uri()}"' in page


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2026-02-30"], "--since '2026-02-30' is not a date; give YYYY-MM-DD (UTC), such as 2026-12-01"),
        (["--until", "12/01/2026"], "--until '12/01/2026' is not a date; give YYYY-MM-DD (UTC)"),
        (["--since", "20261201"], "--since '20261201' is not a date; give YYYY-MM-DD (UTC)"),
        (["--since", "2026-12-02", "--until", "2026-12-01"], "--since 2026-12-02 is after --until 2026-12-01"),
        (["--min-votes", "0"], "--min-votes 0: at least 1 vote"),
    ],
)
def test_a_bad_option_is_refused_in_one_line(db, options, message):
    result = kb(db, *options)
    assert result.returncode == 2
    assert result.stderr.startswith("kb feedback: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
