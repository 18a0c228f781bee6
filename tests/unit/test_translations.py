"""Translations: source hashes ignore whitespace but not words; orphans, missing
hashes and structural differences are reported naming both files."""

from kb import translations
from kb.pages import make_page
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
    assert translations.source_hash(page(SOURCE.replace("receipt", "invoice"))) != translations.source_hash(page(SOURCE))


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
    states = translations.status([source, zh, es], ["en", "zh", "es", "ja"], "en",
                                 {("zh", "returns/policy.md"): digest, ("es", "returns/policy.md"): "0123456789ab"})
    assert [(s.lang, s.state) for s in states] == [("zh", "current"), ("es", "outdated"), ("ja", "missing")]


def test_editing_the_translation_does_not_clear_outdated():
    source = page(SOURCE)
    fixed_typo = page(SOURCE.replace("receipt", "reciept"), "es")
    states = translations.status([source, fixed_typo], ["en", "es"], "en", {("es", "returns/policy.md"): "0123456789ab"})
    assert states[0].state == "outdated"


def test_orphan_translation():
    found = translations.orphans([page(SOURCE), page(SOURCE, "zh", "returns/old-policy.md")], "en")
    assert [str(f) for f in found] == [
        "docs/zh/returns/old-policy.md:1: translation-orphan: no English source docs/en/returns/old-policy.md; "
        "a translation must mirror a page under docs/en/ (rename it, or add the English page first)"]


def test_missing_source_hash():
    found = translations.hash_findings(page(SOURCE, "ja"), {"title": "x"})
    assert [str(f) for f in found] == [
        "docs/ja/returns/policy.md:1: translation-hash-missing: translation has no source_hash; "
        "after translating, run: kb mark ja returns/policy.md"]


def test_parity_reports_lost_anchor_link_and_step_naming_both_files():
    translated = (SOURCE.replace("{#before-you-start}", "{#antes-de-empezar}")
                  .replace("(refunds.md)", "(reembolsos.md)").replace("2. Back up your device.\n", ""))
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
        "docs/en/returns/policy.md has 2"]


def test_parity_reports_a_dropped_placeholder():
    translated = SOURCE.replace("within {{ return_window_days }}.", "en un plazo de 14 días.")
    assert [str(f) for f in translations.parity(page(SOURCE), page(translated, "es"))] == [
        "docs/es/returns/policy.md:1: translation-parity: placeholder '{{return_window_days}}' of "
        "docs/en/returns/policy.md:10 is missing from the translation"]


def test_faithful_translation_has_parity():
    translated = SOURCE.replace("Return policy", "Política de devoluciones").replace("receipt", "recibo")
    assert translations.parity(page(SOURCE), page(translated, "es")) == []


def test_glossary_fixture_is_a_translation_of_nothing():
    # fixture pages stand alone: no English source, so they are orphans
    assert translations.orphans([fixture_page("glossary_variant_zh.md", "zh")], "en")
