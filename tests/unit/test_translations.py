"""Translations: source hashes ignore whitespace but not words; orphans, missing
hashes and structural differences are reported naming both files."""

import pytest

from kb.checks import translations
from kb.core.pages import make_page
from tests.conftest import fixture_page

SOURCE = """---
title: Return policy
description: What you can return, within how long, and what you need to bring.
category: returns
topics: [returns]
---
# Return policy

You can return most products
within {{ return_window_days }}.

## Before you start {#before-you-start}

1. Find your receipt.
2. Back up your device.

See [refunds](refunds.md) and [claims](../warranty/claim.md#send-it).
"""


def page(text, lang="en", rel="returns/policy.md"):
    return make_page(f"docs/{lang}/{rel}", lang, rel, text)


def test_whitespace_and_line_wrapping_do_not_change_the_hash():
    rewrapped = SOURCE.replace("products\nwithin", "products within").replace("## Before", "##   Before")
    reindented = SOURCE.replace("\n1. Find", "\n1.  Find") + "\n\n"
    assert translations.source_hash(page(rewrapped)) == translations.source_hash(page(SOURCE))
    assert translations.source_hash(page(reindented)) == translations.source_hash(page(SOURCE))


def test_a_changed_word_changes_the_hash():
    assert translations.source_hash(page(SOURCE.replace("receipt", "invoice"))) != translations.source_hash(
        page(SOURCE)
    )


def test_a_changed_title_changes_the_hash_but_topics_do_not():
    retitled = SOURCE.replace("title: Return policy", "title: Our return policy")
    retopiced = SOURCE.replace("topics: [returns]", "topics: [returns, receipts]")
    assert translations.source_hash(page(retitled)) != translations.source_hash(page(SOURCE))
    assert translations.source_hash(page(retopiced)) == translations.source_hash(page(SOURCE))


def test_status_current_outdated_missing():
    source = page(SOURCE)
    zh = page(SOURCE.replace("Return policy", "退货政策"), "zh")
    es = page(SOURCE, "es")
    digest = translations.source_hash(source)
    states = translations.status(
        [source, zh, es],
        ["en", "zh", "es", "ja"],
        "en",
        {("zh", "returns/policy.md"): digest, ("es", "returns/policy.md"): "0123456789ab"},
    )
    assert [(s.lang, s.state) for s in states] == [("zh", "current"), ("es", "outdated"), ("ja", "missing")]


def test_editing_the_translation_does_not_clear_outdated():
    source = page(SOURCE)
    fixed_typo = page(SOURCE.replace("receipt", "reciept"), "es")
    states = translations.status(
        [source, fixed_typo], ["en", "es"], "en", {("es", "returns/policy.md"): "0123456789ab"}
    )
    assert states[0].state == "outdated"


def test_orphan_translation():
    found = translations.orphans([page(SOURCE), page(SOURCE, "zh", "returns/old-policy.md")], "en")
    assert [str(f) for f in found] == [
        "docs/zh/returns/old-policy.md:1: translation-orphan: no English source docs/en/returns/old-policy.md; "
        "a translation must mirror a page under docs/en/ (rename it, or add the English page first)"
    ]


def test_missing_source_hash():
    found = translations.hash_findings(page(SOURCE, "ja"), {"title": "x"})
    assert [str(f) for f in found] == [
        "docs/ja/returns/policy.md:1: translation-hash-missing: translation has no source_hash; "
        "after translating, run: kb mark ja returns/policy.md"
    ]


def test_parity_reports_lost_anchor_link_and_step_naming_both_files():
    translated = (
        SOURCE.replace("{#before-you-start}", "{#antes-de-empezar}")
        .replace("(refunds.md)", "(reembolsos.md)")
        .replace("2. Back up your device.\n", "")
    )
    found = [str(f) for f in translations.parity(page(SOURCE), page(translated, "es"))]
    assert found == [
        "docs/es/returns/policy.md:1: translation-parity: heading anchor '#before-you-start' of "
        "docs/en/returns/policy.md:12 is missing from the translation",
        "docs/es/returns/policy.md:12: translation-parity: heading anchor '#antes-de-empezar' is not in the source "
        "docs/en/returns/policy.md",
        "docs/es/returns/policy.md:1: translation-parity: link 'refunds.md' of docs/en/returns/policy.md:17 "
        "is missing from the translation",
        "docs/es/returns/policy.md:16: translation-parity: link 'reembolsos.md' is not in the source "
        "docs/en/returns/policy.md",
        "docs/es/returns/policy.md:14: translation-parity: has 1 numbered steps; the source "
        "docs/en/returns/policy.md has 2",
    ]


def test_parity_reports_a_dropped_placeholder():
    translated = SOURCE.replace("within {{ return_window_days }}.", "en un plazo de 14 días.")
    assert [str(f) for f in translations.parity(page(SOURCE), page(translated, "es"))] == [
        "docs/es/returns/policy.md:1: translation-parity: placeholder '{{return_window_days}}' of "
        "docs/en/returns/policy.md:10 is missing from the translation"
    ]


def test_faithful_translation_has_parity():
    translated = SOURCE.replace("Return policy", "Política de devoluciones").replace("receipt", "recibo")
    assert translations.parity(page(SOURCE), page(translated, "es")) == []


def test_glossary_fixture_is_a_translation_of_nothing():
    # fixture pages stand alone: no English source, so they are orphans
    assert translations.orphans([fixture_page("glossary_variant_zh.md", "zh")], "en")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "---\ntitle: Return policy\ndescription: What you can\n  return.\n---\n# Return policy\n\nWithin  14\n\tdays.\n",
            "Return policy What you can return. # Return policy Within 14 days.",
        ),
        ("---\ndescription: Only a description.\n---\n# Title\n", "Only a description. # Title"),
        ("# No front matter\n\nBody.\n", "# No front matter Body."),
        ("---\ntitle: a: b\n---\n# Front matter that is not YAML\n", "# Front matter that is not YAML"),
    ],
)
def test_the_words_a_source_hash_covers(text, expected):
    assert translations.normalized_source(page(text)) == expected


def test_the_source_hash_recorded_in_translations_is_stable():
    # translations store this value (kb mark): a change to how it is computed marks every one outdated
    assert translations.source_hash(page(SOURCE)) == "a08b83adfd42"


def test_status_lists_source_pages_only():
    source, other = page(SOURCE), page(SOURCE.replace("receipt", "invoice"), rel="returns/exchange.md")
    orphan = page(SOURCE, "zh", "returns/old-policy.md")
    zh = page(SOURCE, "zh")
    recorded = {("zh", "returns/policy.md"): translations.source_hash(source)}
    assert translations.status([zh, orphan, source, other], ["en", "zh"], "en", recorded) == [
        translations.Status("returns/exchange.md", "zh", "missing"),
        translations.Status("returns/policy.md", "zh", "current"),
    ]


def test_a_translation_with_its_source_is_no_orphan():
    assert translations.orphans([page(SOURCE), page(SOURCE, "zh"), page(SOURCE, "es")], "en") == []


@pytest.mark.parametrize(
    "meta, expected",
    [
        (None, []),  # front matter that could not be read is reported by the front matter check
        ({"title": "x", "source_hash": "a08b83adfd42"}, []),
        (
            {"title": "x"},
            [
                "docs/ja/returns/policy.md:1: translation-hash-missing: translation has no source_hash; "
                "after translating, run: kb mark ja returns/policy.md"
            ],
        ),
    ],
)
def test_source_hash_required(meta, expected):
    assert [str(f) for f in translations.hash_findings(page(SOURCE, "ja"), meta)] == expected


# A source with an anchored title, an image, an external link and links on several lines.
RICH = """# Return policy {#top}

![The returns label](../img/label.png)

See [refunds](refunds.md).

Read [claims](../warranty/claim.md#send-it) or [our blog](https://example.com/blog).

1. Find your receipt.
2. Back up your device.
"""


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # the title's anchor and external links are free to change
        ("# Return policy {#top}", "# Política de devoluciones", []),
        ("https://example.com/blog", "https://example.es/blog", []),
        (
            "![The returns label](../img/label.png)\n",
            "",
            [
                "1: translation-parity: image '../img/label.png' of docs/en/returns/policy.md:3 is missing from the translation"
            ],
        ),
        (
            "[claims](../warranty/claim.md#send-it)",
            "reclamaciones",
            [
                "1: translation-parity: link '../warranty/claim.md#send-it' of docs/en/returns/policy.md:7 is missing from "
                "the translation"
            ],
        ),
        (
            "1. Find your receipt.\n2. Back up your device.\n",
            "Busque su recibo.\n",
            ["1: translation-parity: has 0 numbered steps; the source docs/en/returns/policy.md has 2"],
        ),
    ],
)
def test_parity_of_images_links_and_steps(old, new, expected):
    translated = RICH.replace(old, new)
    found = [str(f) for f in translations.parity(page(RICH), page(translated, "es"))]
    assert found == [f"docs/es/returns/policy.md:{e}" for e in expected]


class Gap:
    def __init__(self, what, where, detail):
        self.what, self.where, self.detail = what, where, detail


def test_status_page():
    states = [
        translations.Status("index.md", "zh", "current"),
        translations.Status("index.md", "ar", "missing"),
        translations.Status("returns/index.md", "zh", "current"),
        translations.Status("returns/index.md", "ar", "missing"),
        translations.Status("returns/policy.md", "zh", "current"),
        translations.Status("returns/policy.md", "ar", "outdated"),
    ]
    gaps = {"ar": [Gap("Router words", "data/router.yml", "English until translated <for now>")]}
    text = translations.status_markdown(
        states, {"returns/policy.md": "Return & refund policy"}, {"zh": "中文", "ar": "العربية"}, "en", gaps
    )
    assert (
        text
        == """---
title: Translation status
description: Which help articles are current, outdated or missing in each language.
category: meta
topics: [translations]
search: {exclude: true}
hide: [navigation]
---
# Translation status

Every article is written in English first. A translation is *current* when it was marked against the English text \
as it is now, *outdated* when the English words changed since, and *missing* when it does not exist yet (readers see \
the English page with a notice).

| Language | Current | Outdated | Missing | Complete |
|---|---:|---:|---:|---:|
| [中文 (zh)](#zh) | 3 | 0 | 0 | 100% |
| [العربية (ar)](#ar) | 0 | 1 | 2 | 0% |

## 中文 (zh) {#zh}

All 3 articles are current.

## العربية (ar) {#ar}

- **Router words** (`data/router.yml`): English until translated &lt;for now&gt;

- **missing**: <a href="../ar/">index.md</a> (`docs/ar/index.md`; English: <a href="../">index.md</a>)
- **missing**: <a href="../ar/returns/">returns/index.md</a> (`docs/ar/returns/index.md`; English: \
<a href="../returns/">returns/index.md</a>)
- **outdated**: <a href="../ar/returns/policy/">Return &amp; refund policy</a> (`docs/ar/returns/policy.md`; \
English: <a href="../returns/policy/">Return &amp; refund policy</a>)
"""
    )


def test_status_page_of_a_language_without_its_name():
    text = translations.status_markdown([translations.Status("index.md", "fr", "current")], {}, {}, "en")
    assert text.endswith("| [fr (fr)](#fr) | 1 | 0 | 0 | 100% |\n\n## fr (fr) {#fr}\n\nAll 1 articles are current.\n")


def test_status_page_of_a_language_with_no_pages():
    text = translations.status_markdown([], {}, {}, "en", {"fr": []})
    assert text.endswith("|---|---:|---:|---:|---:|\n")


def states_of(table: dict[str, str]) -> list[translations.Status]:
    """Status objects from 'lang: states' lines, one letter per article (c current, o outdated, m missing)."""
    names = {"c": "current", "o": "outdated", "m": "missing"}
    return [
        translations.Status(f"page-{n}.md", lang, names[letter])
        for lang, letters in table.items()
        for n, letter in enumerate(letters)
    ]


@pytest.mark.parametrize(
    "table, languages, expected",
    [
        # one line per language with something to do, whatever the number of articles
        (
            {"zh": "cmmmmmmmmm", "es": "ccoc", "ja": "cccc"},
            ["en", "zh", "es", "ja"],
            [
                "zh: 9 missing of 10 translations; kb status --lang zh lists them",
                "es: 1 outdated of 4 translations; kb status --lang es lists them",
            ],
        ),
        (
            {"zh": "mom", "ar": "oo"},
            ["en", "zh", "ar"],
            [
                "zh: 2 missing and 1 outdated of 3 translations; kb status --lang zh lists them",
                "ar: 2 outdated of 2 translations; kb status --lang ar lists them",
            ],
        ),
        # a build of one language speaks of that language only
        (
            {"zh": "mmm", "es": "cmo"},
            ["es"],
            ["es: 1 missing and 1 outdated of 3 translations; kb status --lang es lists them"],
        ),
        ({"zh": "mmm", "es": "ccc"}, ["es"], []),
    ],
)
def test_the_build_log_counts_translations_per_language(table, languages, expected):
    assert translations.summary(states_of(table), languages) == expected
