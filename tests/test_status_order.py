"""`kb status` lists what to translate in the order readers meet it: the home page, the section
indexes, then (with a feedback database) the most read articles, then by path."""

from __future__ import annotations

import json

import pytest

from kb.feedback import store
from tests.conftest import make_fixture_site
from tests.test_kb_command import kb


def article(title: str, category: str) -> str:
    return (
        f"---\ntitle: {title}\ndescription: A page of the fixture site, long enough for the schema.\n"
        f"category: {category}\ntopics: [{category}]\n---\n# {title}\n\nText.\n"
    )


ENGLISH = {
    "account/privacy.md": article("How we protect your data", "account"),
    "faq/index.md": article("Frequently asked questions", "faq"),
    "index.md": article("How can we help?", "home"),
    "returns/policy.md": article("Return policy", "returns"),
    "returns/refunds.md": article("Refunds", "returns"),
}
# Beacons: Spanish readers on refunds, Chinese readers (more of them) on privacy, one on the FAQ.
BEACONS = [("es", "returns/refunds.md")] * 3 + [("zh", "account/privacy.md")] * 5 + [("es", "faq/index.md")]


@pytest.fixture
def repo(tmp_path):
    make_fixture_site(tmp_path, {f"en/{rel}": text for rel, text in ENGLISH.items()})
    return tmp_path


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "feedback.db"
    connection = store.Connection(store.Database("sqlite", str(path)))
    connection.insert([("2026-12-01T10:00:00Z", "vote", lang, page, 1, None, None) for lang, page in BEACONS])
    connection.close()
    return path


def listed(repo, *args: str) -> list[str]:
    result = kb(repo, "status", "--lang", "es", "--json", *args)
    assert result.returncode == 0, result.stderr
    return [item["path"] for item in json.loads(result.stdout)]


@pytest.mark.parametrize(
    "with_database, expected",
    [
        (False, ["index.md", "faq/index.md", "account/privacy.md", "returns/policy.md", "returns/refunds.md"]),
        # the language's own readers first (refunds), then every language's (privacy), then by path
        (True, ["index.md", "faq/index.md", "returns/refunds.md", "account/privacy.md", "returns/policy.md"]),
    ],
)
def test_missing_articles_in_the_order_readers_meet_them(repo, database, with_database, expected):
    assert listed(repo, *(["--db", f"sqlite:///{database}"] if with_database else [])) == expected


def test_the_text_listing_follows_the_same_order(repo, database):
    result = kb(repo, "status", "--lang", "es", "--db", f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    rows = [line.split()[-1] for line in result.stdout.splitlines() if line.startswith("es  ")]
    assert rows == ["index.md", "faq/index.md", "returns/refunds.md", "account/privacy.md", "returns/policy.md"]


@pytest.mark.parametrize(
    "db, message",
    [
        ("sqlite:///nowhere.db", "kb status: --db: no feedback database at nowhere.db"),
        ("mysql://host/db", "kb status: --db: 'mysql://host/db' is not a database URL"),
    ],
)
def test_a_database_that_cannot_be_read_is_a_usage_error(repo, db, message):
    result = kb(repo, "status", "--db", db)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert not (repo / "nowhere.db").exists()
