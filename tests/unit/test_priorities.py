from dataclasses import dataclass

import pytest

from kb.authoring.priorities import ordered, rank, traffic


@dataclass(frozen=True)
class S:
    rel: str
    lang: str


@pytest.mark.parametrize(
    "rel, expected",
    [("index.md", 0), ("faq/index.md", 1), ("manuals/index.md", 1), ("returns/policy.md", 2), ("index-a.md", 2)],
)
def test_home_then_section_indexes_then_articles(rel, expected):
    assert rank(rel) == expected


def test_traffic_counts_per_language_and_in_all():
    rows = [{"lang": "es", "page": "a.md"}, {"lang": "zh", "page": "a.md"}, {"lang": "es", "page": "b.md"}]
    assert traffic(rows) == {
        ("es", "a.md"): 1,
        ("zh", "a.md"): 1,
        ("*", "a.md"): 2,
        ("es", "b.md"): 1,
        ("*", "b.md"): 1,
    }


@pytest.mark.parametrize(
    "counts, expected",
    [
        (None, ["index.md", "x/index.md", "a.md", "b.md", "c.md"]),
        ({("es", "c.md"): 1, ("*", "b.md"): 9}, ["index.md", "x/index.md", "c.md", "b.md", "a.md"]),
        ({("fr", "a.md"): 4, ("*", "a.md"): 4}, ["index.md", "x/index.md", "a.md", "b.md", "c.md"]),
        (
            {("*", "index.md"): 0, ("*", "c.md"): 2, ("*", "b.md"): 2},
            ["index.md", "x/index.md", "b.md", "c.md", "a.md"],
        ),
    ],
)
def test_order_within_a_language(counts, expected):
    items = [S(rel, "es") for rel in ("a.md", "b.md", "c.md", "index.md", "x/index.md")]
    assert [s.rel for s in ordered(items, counts)] == expected


def test_languages_keep_their_order():
    items = [S("a.md", "zh"), S("a.md", "es"), S("index.md", "es"), S("index.md", "zh")]
    assert ordered(items) == [S("index.md", "zh"), S("a.md", "zh"), S("index.md", "es"), S("a.md", "es")]
