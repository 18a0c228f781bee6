"""The search analysis (overrides/assets/kb/search/analyze.js, run in V8): what the index
and the query are both made of. Each row: a customer's spelling and the writers' spelling
that must give the same terms, or text and the terms it must (not) give."""

from __future__ import annotations

import pytest

from kb.search.index import Analyzer, shared


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared()


@pytest.mark.parametrize(
    "lang, typed, written",
    [
        ("en", "wifi", "ＷｉＦｉ"),  # full-width letters
        ("en", "WIFI", "Wi-Fi"),  # case, and a hyphenated word stands joined
        ("en", "disconnecting", "Disconnect"),  # stemming
        ("en", "batteries", "battery"),
        ("en", "doesnt charge", "doesn't charging"),  # apostrophes; stop words
        ("es", "bateria", "batería"),  # accents
        ("es", "devoluciones", "devolución"),
        ("es", "devolucion", "devolución"),
        ("es", "garantias", "Garantía"),
        ("fr", "reinitialiser", "réinitialisez"),  # any language with a stemmer file
        ("ar", "البطاريه", "البطارية"),  # taa marbuta
        ("ar", "اصلاح", "إصلاح"),  # hamza under alef
        ("ar", "الشاشه المكسوره", "الشاشة المكسورة"),
        ("ar", "مستشفي", "مستشفى"),  # alif maqsura
        ("ar", "الضمـــان", "الضَّمان"),  # tatweel and harakat
        ("ja", "ﾊﾞｯﾃﾘｰ", "バッテリー"),  # half-width katakana
        ("zh", "ＷＩＦＩ断开", "wifi断开"),
        ("ja", "ブルトゥース", "ブルートゥース"),  # the long-vowel mark
        ("en", "Kestrel Care", "KestrelCare"),
    ],
)
def test_customer_spelling_gives_the_writers_terms(analyzer, lang, typed, written):
    typed_terms, written_terms = analyzer.terms(lang, [typed, written])
    assert typed_terms and set(typed_terms) <= set(written_terms), (typed_terms, written_terms)


@pytest.mark.parametrize(
    "lang, text, present, absent",
    [
        ("en", "How do I reset my phone?", ["reset", "phone"], ["how", "do", "i", "my"]),
        ("en", "Wi-Fi keeps dropping", ["wi", "fi", "wifi"], ["wi-fi"]),
        ("es", "¿Cómo restablezco el móvil?", ["movil"], ["el", "como"]),
        ("zh", "保修期多久", ["保修", "修期", "多久"], ["保修期多久"]),
        ("zh", "wifi老是断", ["wifi", "老是", "是断"], ["wifi老是断"]),
        ("ja", "充電できない", ["充電"], ["充電できない", "でき", "電で"]),  # no pair across scripts; stop words
        ("ja", "初期化のやり方", ["初期", "期化", "やり"], ["の", "化の"]),
        ("ja", "ブルトゥース", ["ブル", "トゥ"], ["ー"]),
        ("zh", "怎么办", [], ["怎么", "么办"]),  # a stop word of three characters
        ("en", "KestrelCare", ["kestrel", "care", "kestrelcar"], []),  # camel case: both words and the whole
        ("ar", "كيف أعيد ضبط الجهاز", ["جهاز"], ["كيف"]),
    ],
)
def test_terms_of_a_text(analyzer, lang, text, present, absent):
    terms = analyzer.terms(lang, [text])[0]
    assert all(term in terms for term in present), terms
    assert not any(term in terms for term in absent), terms


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "how do I"),
        ("en", "the and of"),
        ("es", "el de la"),
        ("fr", "le de la"),
        ("de", "der die und"),
        ("ar", "في من على"),
        ("en", "I want to, I need, please"),  # customers' spoken words, not subjects
        ("ar", "ايش ابي ابغى عايز وين لفين ازاي"),  # what, I want, where, how: Gulf, Levant, Egypt
    ],
)
def test_stop_words_never_reach_the_index(analyzer, lang, text):
    assert analyzer.terms(lang, [text])[0] == []


def test_a_language_without_a_file_still_folds_and_splits(analyzer):
    assert analyzer.terms("xx", ["Ｃafé-Bar"])[0] == ["cafe", "bar", "cafebar"]


@pytest.mark.parametrize("count", [1, 2, 7, 64])
def test_every_term_has_one_shard_within_the_count(analyzer, count):
    terms = ["wifi", "保修", "بطاريه", "garanti", "a" * 40]
    first, again = analyzer.shards(terms, count), analyzer.shards(terms, count)
    assert first == again and all(0 <= shard < count for shard in first)
    if count == 64:
        assert len(set(first)) > 1
