"""The report's pure core (kb.feedback.report): articles grouped by their English source with a
row per language, ranked by the Wilson lower bound of their share of No votes, the fewest votes
an article needs, topics, and the wording and escaping of the text and HTML reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.feedback import report

LANGUAGES = ["en", "zh", "es"]


def fake_terms(lang, texts):
    return [text.casefold().split() for text in texts]


def votes(lang: str, page: str, no: int, yes: int, reason: str | None = None) -> list[dict]:
    row = {"kind": "vote", "lang": lang, "page": page, "text": None}
    return [{**row, "helpful": 0, "reason": reason}] * no + [{**row, "helpful": 1, "reason": None}] * yes


def about(lang: str, page: str) -> dict:
    """Titles, addresses and files as the command gives them (kb.feedback.cli.about)."""
    return {
        "title": f"{page[:-3]} ({lang})",
        "url": report.page_url("https://help.example/", lang, "en", page),
        "file": f"docs/{lang}/{page}",
    }


def build(rows: list[dict], **options) -> dict:
    return report.build(rows, LANGUAGES, {}, "en", fake_terms, about=about, **options)


def ranking(data: dict) -> list[str]:
    return [article["source"] for article in data["articles"]]


@pytest.mark.parametrize(
    ("no", "total", "lower"),
    [
        (0, 0, 0.0),
        (0, 10, 0.0),
        (1, 1, 0.2065),
        (5, 5, 0.5655),
        (40, 100, 0.3094),
        (1, 10, 0.0179),
        (50, 50, 0.9287),
    ],
)
def test_the_score_is_the_lower_bound_of_the_wilson_interval_of_the_share_of_no(no, total, lower):
    assert report.wilson_lower(no, total) == pytest.approx(lower, abs=1e-4)


@pytest.mark.parametrize(
    ("pages", "ranked"),
    [
        # (page, No votes, Yes votes) in English: best evidence of failing first
        ([("one.md", 1, 0), ("many.md", 40, 60)], ["many.md", "one.md"]),  # one No vote does not lead
        ([("one.md", 1, 0), ("five.md", 5, 0)], ["five.md", "one.md"]),  # the same 100 %, more votes
        ([("half.md", 10, 10), ("few.md", 2, 1)], ["half.md", "few.md"]),  # 50 % of 20 over 67 % of 3
        ([("low.md", 1, 19), ("none.md", 0, 1)], ["low.md", "none.md"]),
        ([("a.md", 3, 3), ("b.md", 3, 3)], ["a.md", "b.md"]),  # a tie: by path
    ],
)
def test_articles_are_ranked_by_the_wilson_lower_bound_so_one_vote_does_not_lead(pages, ranked):
    rows = [row for page, no, yes in pages for row in votes("en", page, no, yes)]
    data = build(rows)
    assert ranking(data) == ranked
    scores = [article["score"] for article in data["articles"]]
    assert scores == sorted(scores, reverse=True)


def test_the_same_article_in_several_languages_is_one_article_with_a_row_per_language():
    rows = (
        votes("zh", "returns/policy.md", 8, 2, "unclear")
        + votes("en", "returns/policy.md", 1, 9)
        + votes("es", "returns/policy.md", 2, 0, "not-found")
        + votes("en", "index.md", 0, 3)
    )
    data = report.build(
        rows,
        LANGUAGES,
        {("zh", "returns/policy.md"): "outdated", ("es", "returns/policy.md"): "missing"},
        "en",
        fake_terms,
        about=about,
    )
    assert ranking(data) == ["returns/policy.md", "index.md"]
    article = data["articles"][0]
    assert {key: article[key] for key in ("title", "url", "file", "helpful", "not_helpful", "votes")} == {
        "title": "returns/policy (en)",
        "url": "https://help.example/returns/policy/",
        "file": "docs/en/returns/policy.md",
        "helpful": 11,
        "not_helpful": 11,
        "votes": 22,
    }
    assert [
        (row["lang"], row["title"], row["url"], row["file"], row["not_helpful"], row["helpful"], row["translation"])
        for row in article["languages"]
    ] == [
        (
            "zh",
            "returns/policy (zh)",
            "https://help.example/zh/returns/policy/",
            "docs/zh/returns/policy.md",
            8,
            2,
            "outdated",
        ),
        (
            "es",
            "returns/policy (es)",
            "https://help.example/es/returns/policy/",
            "docs/es/returns/policy.md",
            2,
            0,
            "missing",
        ),
        (
            "en",
            "returns/policy (en)",
            "https://help.example/returns/policy/",
            "docs/en/returns/policy.md",
            1,
            9,
            "source",
        ),
    ]
    assert article["languages"][0]["reasons"] == {"unclear": 8}
    assert data["articles"][1]["languages"][0]["translation"] == "source"  # English is the source, never "current"

    table = report.text(data, {"unclear": "It was hard to understand"})
    lines = table.splitlines()
    first = next(i for i, line in enumerate(lines) if "returns/policy (en)  (returns/policy.md, 22 votes)" in line)
    assert "zh  returns/policy (zh)  [translation outdated]" in lines[first + 1]
    assert "https://help.example/zh/returns/policy/  docs/zh/returns/policy.md" in lines[first + 2]
    assert "8 × It was hard to understand" in lines[first + 3]
    assert "es  returns/policy (es)  [not translated (English shown)]" in lines[first + 4]
    assert table.count("returns/policy (en)  (") == 1  # one article, not a row per language

    page = report.html(data, {}, "now", root=Path("/repo"))
    assert page.count('<tr class="article"') == 2 and page.count('<tr class="language"') == 4
    assert (
        '<a href="https://help.example/zh/returns/policy/"><span lang="zh" dir="auto">returns/policy (zh)</span></a>'
        in page
    )
    assert '<a class="file" href="file:///repo/docs/zh/returns/policy.md">docs/zh/returns/policy.md</a>' in page


@pytest.mark.parametrize(
    ("minimum", "shown", "left_out", "said"),
    [
        (1, ["many.md", "three.md", "one.md"], 0, None),
        (3, ["many.md", "three.md"], 1, "(1 article with fewer than 3 votes left out: --min-votes)"),
        (4, ["many.md"], 2, "(2 articles with fewer than 4 votes left out: --min-votes)"),
        (101, [], 3, "(3 articles with fewer than 101 votes left out: --min-votes)"),
    ],
)
def test_articles_with_fewer_votes_than_the_minimum_are_left_out_and_counted(minimum, shown, left_out, said):
    # votes in every language count towards the article's total: three.md has 2 in en and 1 in zh
    rows = (
        votes("en", "one.md", 1, 0)
        + votes("en", "three.md", 2, 0)
        + votes("zh", "three.md", 1, 0)
        + votes("en", "many.md", 70, 30)
    )
    data = build(rows, min_votes=minimum)
    assert (ranking(data), data["left_out"]) == (shown, left_out)
    text = report.text(data, {})
    assert (said in text) if said else ("left out" not in text)


@pytest.mark.parametrize(
    ("texts", "line"),
    [
        (["esim setup", "esim gone"], '"esim": 2 searches, 0 descriptions'),
        (["esim setup", "router:esim gone"], '"esim": 1 search, 1 description'),
        (["router:esim setup", "router:esim gone", "router:esim x"], '"esim": 0 searches, 3 descriptions'),
    ],
)
def test_counts_are_worded_in_the_singular_for_one_and_the_plural_otherwise(texts, line):
    rows = [
        {
            "kind": "router" if text.startswith("router:") else "search",
            "lang": "en",
            "page": "index.md",
            "helpful": None,
            "reason": None,
            "text": text.removeprefix("router:"),
        }
        for text in texts
    ]
    rows += votes("en", "index.md", 1, 0)
    table = report.text(build(rows), {})
    assert line in table
    assert "(index.md, 1 vote)" in table
    assert not any(wrong in table for wrong in ("1 searches", "1 descriptions", "1 votes"))


@pytest.mark.parametrize(
    ("count", "one", "many", "said"),
    [
        (0, "vote", None, "0 votes"),
        (1, "vote", None, "1 vote"),
        (2, "search", "searches", "2 searches"),
        (1, "search", "searches", "1 search"),
    ],
)
def test_plural(count, one, many, said):
    assert report.plural(count, one, many) == said


@pytest.mark.parametrize(
    ("lang", "page", "url"),
    [
        ("en", "index.md", "https://help.example/"),
        ("zh", "index.md", "https://help.example/zh/"),
        ("en", "faq/index.md", "https://help.example/faq/"),
        ("ar", "returns/policy.md", "https://help.example/ar/returns/policy/"),
    ],
)
def test_a_page_is_linked_at_its_address_on_the_site(lang, page, url):
    assert report.page_url("https://help.example", lang, "en", page) == url


def test_searches_and_descriptions_sharing_a_word_make_one_topic():
    rows = [
        {"kind": "search", "lang": "en", "page": "index.md", "helpful": None, "reason": None, "text": t}
        for t in ["eSIM setup", "esim setup", "warp drive"]
    ]
    rows.append(
        {
            "kind": "router",
            "lang": "en",
            "page": "index.md",
            "helpful": None,
            "reason": None,
            "text": "my esim vanished",
        }
    )
    data = build(rows)["languages"]["en"]
    assert data["searches"] == [{"text": "eSIM setup", "count": 2}, {"text": "warp drive", "count": 1}]
    assert [(t["term"], t["count"], len(t["searches"]), len(t["descriptions"])) for t in data["topics"]] == [
        ("esim", 3, 1, 1)
    ]


def test_the_html_report_escapes_what_readers_typed_and_page_titles():
    rows = [
        {
            "kind": "search",
            "lang": "en",
            "page": "index.md",
            "helpful": None,
            "reason": None,
            "text": "<script>alert(1)</script>",
        }
    ] + votes("en", "index.md", 1, 0)
    data = report.build(
        rows, ["en"], {}, "en", fake_terms, about=lambda lang, page: {"title": "<b>Home</b>", "url": None, "file": None}
    )
    page = report.html(data, {}, "now")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Home" not in page and "&lt;b&gt;Home&lt;/b&gt;" in page
