"""kb.feedback.suggest's parts: grouping readers' texts as search analyzes them, spelling
distance, where a result's article lives, the proposed entries and the diff, and the command's
refusals."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from kb.feedback import suggest
from kb.search import index as searchindex
from tests.conftest import ROOT


def test_texts_with_the_same_search_terms_are_one_group_counted_commonest_first():
    texts = [
        ("search", "Paybacks"),
        ("search", "payback"),
        ("router", "the  payback"),
        ("search", "warranty"),
        ("search", "the"),  # a stop word alone: nothing search could find
    ]
    terms = searchindex.shared().terms("en", [text for _, text in texts])
    found = suggest.groups(texts, terms)
    assert [(group["count"], group["texts"][0]) for group in found] == [(3, "Paybacks"), (1, "warranty")]
    assert found[0]["kinds"] == {"search": 2, "router": 1}
    assert found[0]["texts"] == ["Paybacks", "payback", "the payback"]


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("refund", "refund", 0),
        ("refnd", "refund", 1),  # a letter left out
        ("rfeund", "refund", 1),  # two neighbours swapped
        ("refunt", "refund", 1),
        ("rfnd", "refund", 2),
        ("payback", "refund", 3),  # more than SPELLING: limit + 1
        ("a", "refunds", 3),
    ],
)
def test_distance_counts_edits_up_to_the_limit(a, b, edits):
    assert suggest.distance(a, b) == edits


@pytest.mark.parametrize(
    ("location", "pages", "path"),
    [
        ("", set(), "index.md"),
        ("returns/refunds/", {"returns/refunds.md"}, "returns/refunds.md"),
        ("returns/refunds/#card", {"returns/refunds.md"}, "returns/refunds.md"),
        ("faq/", {"faq/index.md"}, "faq/index.md"),
        ("gone/", set(), "gone.md"),
    ],
)
def test_a_results_location_is_named_by_its_docs_file(location, pages, path):
    assert suggest.page_path(location, pages.__contains__) == path


PROPOSAL = suggest.Proposal(
    "yes",  # a word YAML would read as true unless quoted
    "refund",
    4,
    ['payback "now"', "pay\nback"],
    ("returns/refunds/", "Refunds"),
    [("card", ("returns/refunds/", "Refunds")), ("label", None)],
)


def test_an_entry_gives_its_count_texts_article_and_alternatives_and_is_yaml_of_the_word_and_term():
    lines = suggest.entry_lines(PROPOSAL, lambda location: suggest.page_path(location, lambda rel: True))
    assert lines == [
        '# 4 unanswered: "payback \'now\'", "pay back"',
        "# would rank first: Refunds (returns/refunds.md)",
        "# or: card (would rank first: Refunds (returns/refunds.md))",
        "# or: label (would rank first: nothing)",
        "'yes': refund",
    ]
    assert yaml.safe_load("\n".join(lines)) == {"yes": "refund"}


@pytest.mark.parametrize(
    ("current", "header"),
    [
        ("money back: refund\n", "--- a/data/synonyms/en.yml\n+++ b/data/synonyms/en.yml\n"),
        ("money back: refund", "--- a/data/synonyms/en.yml\n+++ b/data/synonyms/en.yml\n"),  # no final newline
        (None, "--- /dev/null\n+++ b/data/synonyms/en.yml\n"),  # no synonyms file yet
    ],
)
def test_the_diff_only_adds_the_proposals_to_the_file_and_git_applies(tmp_path, current, header):
    found = suggest.Suggestions("en", [PROPOSAL], [])
    text = suggest.proposed_text(current or "", found, lambda location: location)
    patch = suggest.diff("data/synonyms/en.yml", current, text)
    assert patch.startswith(header)
    assert yaml.safe_load(text) == ({"money back": "refund"} if current else {}) | {"yes": "refund"}
    (tmp_path / "data" / "synonyms").mkdir(parents=True)
    if current is not None:
        (tmp_path / "data" / "synonyms" / "en.yml").write_text(current, encoding="utf-8")
    (tmp_path / "p.diff").write_text(patch, encoding="utf-8")
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "data" / "synonyms" / "en.yml").read_text(encoding="utf-8") == text


def test_nothing_proposed_is_no_diff():
    empty = suggest.Suggestions("en", [], [("payback", 2)])
    assert suggest.diff("data/synonyms/en.yml", "a: b\n", suggest.proposed_text("a: b\n", empty, str)) == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--lang", "xx"], "unknown language 'xx'"),
        (["--since", "2026-13-01"], "--since '2026-13-01' is not a date"),
        (["--db", "mysql://x"], "is not a database URL"),
        (["--db", "sqlite:///{tmp}/none.db"], "no feedback database at"),
        (["--write", "{tmp}"], "is a folder; give a file name"),
        (["--write", "docs/en/suggested.diff"], "which is published; write it elsewhere"),
    ],
)
def test_the_command_refuses_bad_options_with_a_message(tmp_path, arguments, message):
    arguments = [argument.format(tmp=tmp_path) for argument in arguments]
    done = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "suggest", "--db", f"sqlite:///{tmp_path}/f.db", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (ROOT / "docs" / "en" / "suggested.diff").exists()


def test_a_site_without_a_search_index_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(suggest.NoIndex, match="no search index at"):
        suggest.Search(tmp_path, "en")
    assert Path(tmp_path).is_dir()


def search_unreadable_index(folder: Path) -> None:
    (folder / "search" / "kb").mkdir(parents=True)
    manifest = {"format": 0, "lang": "en", "root": "", "shards": 1}  # an index of another format
    (folder / "search" / "search_index.json").write_text(json.dumps({"config": {"kb": manifest}}), encoding="utf-8")
    search = suggest.Search(folder, "en")
    try:
        with pytest.raises(suggest.NoIndex, match="cannot be searched .*manifest of format 1.*build the site again"):
            search.rank("refund")
    finally:
        search.close()


@contextmanager
def event_loop(running: bool) -> Iterator[None]:
    """The thread as code that runs an event loop leaves it (a server; a browser test's Playwright,
    whose session outlives this test in the same worker), or with none, whatever ran before."""
    before = asyncio.events._get_running_loop()
    loop = asyncio.new_event_loop() if running else None
    asyncio.events._set_running_loop(loop)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(before)
        if loop is not None:
            loop.close()


@pytest.mark.parametrize("running", [False, True], ids=["plain", "event loop"])
def test_an_index_the_worker_cannot_read_is_a_problem_not_a_traceback(tmp_path, running):
    with event_loop(running):
        search_unreadable_index(tmp_path)
