"""What search shows besides the ranking, without a build: each article's answer sentence
(kb/search/answers.py), the word a completion offers (v.json's fourth column), and the widgets'
markup kept out of the index (Material's data-search-exclude)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.search import answers
from kb.search.index import Article, Section, articles_from_entries, build, shared

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = sorted((ROOT / "overrides" / "partials" / "kb-widgets").glob("*.html"))


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("You can return it within 14 days. Keep the receipt.", "You can return it within 14 days."),
        ("Refunds take 10 business days.", "Refunds take 10 business days."),  # one sentence
        ("Use a cable, e.g. the one in the box. Then charge.", "Use a cable, e.g. the one in the box."),
        ("Charge it to 50%. 2 hours are enough.", "Charge it to 50%."),  # a sentence may begin with a digit
        ("Is it covered? Check your account.", "Is it covered?"),
        ("Puedes devolverlo en 14 días. ¿Tienes el recibo?", "Puedes devolverlo en 14 días."),
        ("可以在购买后14天内退货。请保留收据。", "可以在购买后14天内退货。"),
        ("14 日以内であれば返品できます。レシートが必要です。", "14 日以内であれば返品できます。"),
        ("يمكنك إرجاع المنتج خلال 14 يومًا. احتفظ بالإيصال.", "يمكنك إرجاع المنتج خلال 14 يومًا."),
        ("Version 3.2 fixes it. Update now.", "Version 3.2 fixes it."),  # a decimal point ends nothing
        ("  spaced\n  out  text.  ", "spaced out text."),
    ],
)
def test_first_sentence(text, sentence):
    assert answers.first_sentence(text) == sentence


def test_a_long_sentence_is_cut_at_a_word():
    sentence = "Kestrel " * 60 + "ends here."
    cut = answers.first_sentence(sentence)
    assert len(cut) <= answers.LONGEST + 2 and cut.endswith(" …") and cut[:-2].endswith("Kestrel")


@pytest.mark.parametrize(
    "markup, description, answer",
    [
        (
            "<p>You can return it within 14 days. Keep it.</p><p>Other.</p>",
            "Returns.",
            "You can return it within 14 days.",
        ),
        ("<ul><li>A list</li></ul><p>The answer &amp; more. Then.</p>", "", "The answer & more."),
        ("<ul><li>Only a list</li></ul>", "Lists the returns. Read on.", "Lists the returns."),  # the description
        ("", "", ""),
    ],
)
def test_answer_is_the_first_paragraphs_first_sentence_or_the_description(markup, description, answer):
    assert answers.answer(markup, description) == answer


def test_articles_carry_their_answer_and_hubs_none():
    entries = [
        {"location": "returns/policy/", "title": "Return policy", "text": "<p>Return it within 14 days. Or not.</p>"},
        {"location": "returns/policy/#window", "title": "Window", "text": "<p>The window. Starts.</p>"},
        {"location": "", "title": "Help", "text": "<p>Find what you need. Here.</p>"},
        {"location": "faq/#q", "title": "Q", "text": "<p>Text.</p>"},
    ]
    pages = {"": {"answers": False}, "faq/": {"description": "Short answers. Many."}}
    found = {a.location: a.answer for a in articles_from_entries(entries, pages)}
    assert found == {"": "", "faq/": "Short answers.", "returns/policy/": "Return it within 14 days."}


@pytest.mark.parametrize("lang", ["en", "es", "zh", "ja", "ar"])
def test_every_language_of_the_site_has_question_words(lang):
    asked = answers.questions(lang)
    assert asked["words"] and asked["anywhere"] == (lang in {"zh", "ja"})


def test_a_language_without_question_words_asks_by_question_mark_only():
    assert answers.questions("fr") == {"words": [], "anywhere": False}


def index_files(lang, articles):
    index = build(lang, articles, shared())
    return index, {row[0]: row for row in json.loads(index.files["v.json"])}


@pytest.mark.parametrize(
    "lang, body, keywords, term, completion",
    [
        ("en", "Batteries drain. The battery drains.", "", "batteri", "battery"),
        ("en", "Charge the phone.", "KP-310 Phone 3 Pro phone3pro", "phone3pro", ""),  # keywords: no word written
        ("en", "Turn Wi-Fi on.", "", "wifi", ""),  # written in pieces: completing it would join two
        ("en", "Kestrel PhoneKestrel Book", "", "phonekestrel", ""),  # run together: completes nothing
        ("es", "La devolución es gratis. Devolución.", "", "devolu", "devolución"),  # as written, accents kept
    ],
)
def test_a_completion_is_one_word_as_written_in_the_articles(lang, body, keywords, term, completion):
    article = Article("a/", "Title", "", [Section("", "Title", body)], keywords=keywords)
    _, rows = index_files(lang, [article])
    assert rows[term][3] == completion


def test_each_article_file_has_its_answer_and_the_manifest_the_question_words():
    article = Article("a/", "Refunds", "Money back.", [Section("", "Refunds", "Ten days.")], answer="Ten days.")
    index, _ = index_files("en", [article])
    assert json.loads(index.files["a0.json"])["a"] == "Ten days."
    assert index.manifest["questions"] == answers.questions("en")


@pytest.mark.parametrize("partial", WIDGETS, ids=lambda path: path.name)
def test_every_widget_and_its_title_are_kept_out_of_search(partial):
    """Material's search parser skips an element with data-search-exclude, and the section of a heading
    with it: the widget's labels and title are in no result."""
    text = partial.read_text(encoding="utf-8")
    root = re.search(r'^<(form|section) class="kb-widget[^"]*"([^>]*)>', text, re.M)
    title = re.search(r'^<h\{\{ level \}\} class="kb-widget__title"([^>]*)>', text, re.M)
    assert root and "data-search-exclude" in root.group(2).split(), f"{partial.name}: the widget's element"
    assert title and "data-search-exclude" in title.group(1).split(), f"{partial.name}: the widget's title"
