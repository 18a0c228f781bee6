"""What tells a reader that something is still in English: the strings a reader sees first
(the home page's hero, the section titles) still marked in a language's table, and the
notice a manual's PDF carries when the manual is not translated into the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.data import strings
from kb.output import pdf

CONTENT = '<h1 id="guide">Kestrel Phone 3 user guide</h1><h2 id="set-up">Set up</h2><p>Hold the side button.</p>'


@pytest.mark.parametrize(
    "table, english, first_seen",
    [
        ("home.search_button: Rechercher\nnav.faq: FAQ\n", [], []),
        (
            'home.search_button: "Search"  # needs translation\nnav.faq: FAQ\n',
            ["home.search_button"],
            ["home.search_button"],
        ),
        ('nav.returns: "Returns and refunds"  # needs translation\n', ["nav.returns"], ["nav.returns"]),
        ('helpful.yes: "Yes"  # needs translation\nnav.faq: FAQ\n', ["helpful.yes"], []),
        # plural forms: a marked form counts for its key, once
        (
            'contact.hours:\n  one: "{count} hour"  # needs translation\n  other: "{count} hours"  # needs translation\n',
            ["contact.hours"],
            [],
        ),
    ],
)
def test_the_strings_a_reader_sees_first_that_are_still_english(tmp_path, table, english, first_seen):
    path = tmp_path / "fr.yml"
    path.write_text(table, encoding="utf-8")
    assert strings.still_english(path) == english
    assert strings.first_seen_in_english(strings.still_english(path)) == first_seen


def test_a_table_that_does_not_exist_has_nothing_marked(tmp_path):
    assert strings.still_english(tmp_path / "none.yml") == []


def manual(**notice: str) -> pdf.Manual:
    return pdf.Manual(
        content=CONTENT,
        title="Kestrel Phone 3 user guide",
        lang="en",
        page_url="https://help.example/de/manuals/kp-300/",
        contents_label="Contents",
        epoch=1764000000,
        **notice,
    )


@pytest.mark.parametrize(
    "notice, expected",
    [
        ({}, None),
        (
            {"notice_title": "Noch nicht übersetzt", "notice_text": "Diese Seite <ist> englisch.", "notice_lang": "de"},
            '<aside class="kb-notice" role="note" lang="de" dir="ltr"><p class="kb-notice__title">Noch nicht übersetzt'
            "</p><p>Diese Seite &lt;ist&gt; englisch.</p></aside>",
        ),
        (
            {"notice_title": "لم تُترجم بعد", "notice_text": "تظهر هذه الصفحة بالإنجليزية.", "notice_lang": "ar"},
            '<aside class="kb-notice" role="note" lang="ar" dir="rtl"><p class="kb-notice__title">لم تُترجم بعد'
            "</p><p>تظهر هذه الصفحة بالإنجليزية.</p></aside>",
        ),
    ],
)
def test_a_fallback_manual_says_so_under_its_title(notice, expected):
    document = pdf.document(manual(**notice))
    if expected is None:
        assert "kb-notice" not in document
        return
    assert document.index("</h1>") < document.index(expected) < document.index('<nav class="kb-toc"')
    assert '<html lang="en"' in document  # the manual's own language stays the text's


def test_the_notice_changes_the_pdf_s_cache_key(tmp_path):
    printer = pdf.Printer(tmp_path, Path(pdf.__file__).with_name("pdf.css"), workers=1)
    with_notice = manual(notice_title="Pas encore traduit", notice_text="En anglais.", notice_lang="fr")
    assert printer.key(manual()) != printer.key(with_notice)
    printer.close()
