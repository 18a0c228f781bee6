"""The search index (kb/search/index.py): articles scored at build, title over description
over headings over body, length normalized, one posting per article and term."""

from __future__ import annotations

import json

import pytest

from kb.search.index import Analyzer, Article, Section, articles_from_entries, build, shared


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared()


def article(location, title, description="", body="", sections=(), fallback="", boost=1.0):
    return Article(
        location, title, description, [Section("", title, body)] + [Section(*s) for s in sections], fallback, boost
    )


def postings(index) -> dict[str, list[tuple[int, int, int]]]:
    """{term: [(article, impact, section), ...]} best first, as the worker reads the shards."""
    merged = {}
    for name, data in index.files.items():
        if name.startswith("t"):
            for term, flat in json.loads(data).items():
                article, found = 0, []
                for i in range(0, len(flat), 3):
                    article += flat[i]
                    found.append((article, flat[i + 1], flat[i + 2]))
                merged[term] = sorted(found, key=lambda p: (-p[1], p[0]))
    return merged


LONG = "Charge the device overnight and keep it away from heat. " * 30


@pytest.mark.parametrize(
    "winner, loser",
    [
        (article("a/", "Refund times"), article("b/", "Returns", body="A refund is possible.")),  # title over body
        (
            article("a/", "Money", "How a refund reaches you."),
            article("b/", "Money", body="refund"),
        ),  # description over body
        (
            article("a/", "X", sections=[("r", "Refund", "text")]),
            article("b/", "X", body="refund once"),
        ),  # heading over body
        (
            article("a/", "X", body="refund rules"),
            article("b/", "X", body="refund rules. " + LONG),
        ),  # length normalized
        (article("a/", "Refund"), article("b/", "Refund", boost=0.4)),  # hub pages below articles
    ],
)
def test_the_answering_article_scores_higher(analyzer, winner, loser):
    index = build("en", [winner, loser], analyzer)
    ranked = postings(index)["refund"]
    assert [p[0] for p in ranked] == [0, 1] and ranked[0][1] > ranked[1][1]


def test_one_posting_per_article_with_its_best_section(analyzer):
    page = article(
        "a/", "Battery", body="Charge it.", sections=[("wifi", "Wi-Fi", "Restart the router. Router lights.")]
    )
    index = build("en", [page], analyzer)
    found = postings(index)
    assert found["router"] == [(0, found["router"][0][1], 1)]  # in section 1
    assert found["batteri"][0][2] == 0  # the title: the article's opening


def test_every_term_is_in_the_shard_the_worker_computes(analyzer):
    pages = [article(f"p{n}/", f"Title {n}", body=" ".join(f"w{n}x{k}" for k in range(60))) for n in range(300)]
    index = build("en", pages, analyzer)
    count = index.manifest["shards"]
    assert count > 1
    for name, data in index.files.items():
        if name.startswith("t"):
            terms = list(json.loads(data))
            assert all(shard == int(name[1:-5]) for shard in analyzer.shards(terms, count))


def test_a_common_word_keeps_its_best_scoring_articles(analyzer, monkeypatch):
    monkeypatch.setattr("kb.search.index.MAX_POSTINGS", 3)
    pages = [article(f"p{n}/", "Refund" if n == 4 else "Page", body="refund " * (1 + n % 3)) for n in range(8)]
    kept = postings(build("en", pages, analyzer))["refund"]
    assert len(kept) == 3 and kept[0][0] == 4  # the title match first


def test_fragments_show_escaped_text_as_data_and_mark_fallbacks(analyzer):
    page = article("x/", "<b>Title</b>", "Desc", "Body", fallback="en")
    fragment = json.loads(build("zh", [page], analyzer, labels={"en": "英语"}).files["a0.json"])
    assert fragment == {
        "u": "x/",
        "t": "<b>Title</b>",
        "d": "Desc",
        "a": "",
        "l": "en",
        "s": [["", "<b>Title</b>", "Body"]],
    }


def test_articles_from_material_entries():
    entries = [
        {"location": "a/", "title": "A", "text": "<p>Intro &amp; more</p>"},
        {"location": "a/#s", "title": "S", "text": "<li>x</li>"},
        {"location": "b/#t", "title": "T", "text": "y"},
    ]
    articles = articles_from_entries(entries, {"a/": {"description": "D", "fallback": "en"}})
    assert [
        (a.location, a.description, a.fallback, [(s.anchor, s.title, s.text) for s in a.sections]) for a in articles
    ] == [
        ("a/", "D", "en", [("", "A", "Intro & more"), ("s", "S", "x")]),
        ("b/", "", "", [("", "T", ""), ("t", "T", "y")]),
    ]
