"""Search evaluation queries (kb/search/queries.py): answers must name existing articles, at their line."""

from __future__ import annotations

import pytest

from kb.search import queries

PAGES = {"returns/policy.md", "returns/refunds.md", "warranty/overview.md"}
GOOD = """# English queries
- q: money back
  kind: everyday
  answers: [returns/refunds.md]
- q: how long is the warranty
  kind: question
  answers: [warranty/overview.md, returns/policy.md]
"""


def check(tmp_path, text: str, name: str = "en.yml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [str(f) for f in queries.check(path, f"tests/search/queries/{name}", ["en", "zh"], PAGES, "docs/en")]


def test_good_queries(tmp_path):
    assert check(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "[returns/refunds.md]",
            "[returns/refund.md]",
            "tests/search/queries/en.yml:4: query-answer: 'returns/refund.md' is not an article of docs/en/",
        ),
        (
            "warranty/overview.md,",
            "warranty/coverage.md,",
            "tests/search/queries/en.yml:7: query-answer: 'warranty/coverage.md' is not an article of docs/en/; "
            "was it renamed to 'warranty/overview.md'?",
        ),
        (
            "  answers: [returns/refunds.md]\n",
            "",
            "tests/search/queries/en.yml:2: query-shape: a query needs q: (text) and answers: (a list of articles)",
        ),
        (
            "- q: money back",
            "- q: [money back]",
            "tests/search/queries/en.yml:2: query-shape: a query needs q: (text) and answers: (a list of articles)",
        ),
        (
            "- q: money back\n",
            "- q: money back\n  answers: &a [x]\n  again: *a\n",
            "tests/search/queries/en.yml:4: query-yaml: an alias (*a) repeats another value; YAML aliases are not "
            "allowed here: write the value out",
        ),
    ],
)
def test_query_mistakes_at_their_line(tmp_path, old, new, expected):
    assert old in GOOD
    assert check(tmp_path, GOOD.replace(old, new)) == [expected]


def test_a_file_for_a_language_the_site_does_not_have(tmp_path):
    assert check(tmp_path, GOOD, "fr.yml") == [
        "tests/search/queries/fr.yml:1: query-language: 'fr' is not a language of this site (en, zh); name the "
        "file after one"
    ]


def test_a_file_that_is_not_a_list(tmp_path):
    assert check(tmp_path, "q: money back\n") == [
        "tests/search/queries/en.yml:1: query-shape: expected a list of queries: - q: ..., kind: ..., answers: [...]"
    ]
