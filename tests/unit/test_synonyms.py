"""Search synonyms (kb/search/synonyms.py): each faulty table gives its exact `file:line: rule: message`."""

from __future__ import annotations

import pytest

from kb.search import synonyms
from kb.search.index import shared

CONTENT = "Get a refund to your original payment method. Reset your Kestrel Phone. Kestrel Buds pair."


@pytest.fixture(scope="module")
def analyze():
    analyzer = shared()
    return lambda texts: analyzer.terms("en", texts)


def findings(tmp_path, analyze, text: str) -> list[str]:
    path = tmp_path / "en.yml"
    path.write_text(text, encoding="utf-8")
    entries, problems = synonyms.load(path, "data/synonyms/en.yml")
    content = set(analyze([CONTENT])[0])
    return [str(f) for f in problems + synonyms.validate(entries, "data/synonyms/en.yml", content, analyze, "docs/en/")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("money back: refund\nwipe: [reset]\nearphones: Kestrel Buds\n", []),
        ("money back: refunds\n", []),  # word endings are ignored
        (
            "money back: [refund\n",
            ["data/synonyms/en.yml:2: synonym-yaml: not valid YAML: expected ',' or ']', but got '<stream end>'"],
        ),
        (
            "- money back\n",
            [
                "data/synonyms/en.yml:1: synonym-shape: expected a mapping of customers' words to the site's terms, like `money back: refund`"
            ],
        ),
        (
            "money back:\n",
            [
                "data/synonyms/en.yml:1: synonym-shape: 'money back': the value must be a site term or a list of site terms"
            ],
        ),
        (
            "money back: {a: b}\n",
            [
                "data/synonyms/en.yml:1: synonym-shape: 'money back': the value must be a site term or a list of site terms"
            ],
        ),
        (
            "wipe: reset\nWipe: refund\n",
            ["data/synonyms/en.yml:2: synonym-duplicate: 'Wipe' is already a key at line 1; merge the two entries"],
        ),
        (
            "refunds: refund\n",
            [
                "data/synonyms/en.yml:1: synonym-same: 'refunds' lists itself ('refund'); a synonym must lead to other words"
            ],
        ),
        (
            "money back: cashback\n",
            [
                "data/synonyms/en.yml:1: synonym-target: 'money back': 'cashback' does not occur in docs/en/, so it finds nothing (no article has 'cashback')"
            ],
        ),
        (
            "the: refund\n",
            ["data/synonyms/en.yml:1: synonym-key: 'the' has no searchable word (only stop words or punctuation)"],
        ),
        ("wipe: [reset, the]\n", ["data/synonyms/en.yml:1: synonym-target: 'wipe': 'the' has no searchable word"]),
    ],
)
def test_synonym_tables(tmp_path, analyze, text, expected):
    assert findings(tmp_path, analyze, text) == expected


def test_compiled_entries_are_analyzed_like_queries(tmp_path, analyze):
    slots = lambda texts: shared().slots("en", texts)  # noqa: E731
    path = tmp_path / "en.yml"
    path.write_text("money back: [refunds, payment method]\n", encoding="utf-8")
    entries, _ = synonyms.load(path, "data/synonyms/en.yml")
    assert synonyms.compiled(entries, analyze, slots) == [[[["monei"], ["back"]], [["refund"], ["payment", "method"]]]]


def test_the_real_tables_are_clean(site):
    assert [str(f) for _, problems in site.synonyms.values() for f in problems] == []
    assert set(site.synonyms) <= set(site.languages)  # a new language has none until customers' words come in
    assert {"en", "zh", "es", "ja", "ar"} <= set(site.synonyms)
