"""How search reads Spanish verbs with their pronouns written on (analyze.js, run in V8 as the
build runs it): the verb with and without them is one term; nouns that end like them are not cut."""

from __future__ import annotations

import pytest

from kb.search.index import Analyzer


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


@pytest.mark.parametrize(
    "with_pronouns, verb",
    [
        ("caerse", "caer"),  # short verbs: Snowball's region starts after the pronoun
        ("romperse", "romper"),
        ("devolverlo", "devolver"),
        ("cambiarla", "cambiar"),
        ("usarlo", "usar"),
        ("usarlas", "usar"),
        ("abrirla", "abrir"),
        ("leerla", "leer"),
        ("ayudarte", "ayudar"),
        ("protegerte", "proteger"),
        ("enviármelo", "enviar"),  # two pronouns, and the stress they bring
        ("ponértelas", "poner"),
        ("Usarlo", "usar"),
    ],
)
def test_a_verb_with_its_pronouns_is_the_verb(analyzer, with_pronouns, verb):
    joined, alone = analyzer.terms("es", [with_pronouns, verb])
    assert joined == alone, (joined, alone)  # a stop word (usar, poner) with them is one too


@pytest.mark.parametrize(
    "word, other",
    [
        ("números", "número"),  # a plural in -os is no verb with os
        ("fuerte", "fuertes"),  # -erte after a short start is no verb with te
        ("suerte", "suertes"),
        ("Carlos", "carlo"),
        ("perlas", "perla"),
    ],
)
def test_words_that_end_like_pronouns_keep_their_stem(analyzer, word, other):
    terms, others = analyzer.terms("es", [word, other])
    assert set(terms) & set(others), (terms, others)


def test_other_languages_keep_their_words_whole(analyzer):
    caerse, caer = analyzer.terms("en", ["caerse", "caer"])
    assert caerse != caer
