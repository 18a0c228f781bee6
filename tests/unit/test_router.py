"""Router data: the build refuses a request type that points to a missing page, lacks
a UI string, has no words in a language, or shares a word with another type."""

from pathlib import Path

from kb.data import router

LANGS = ["en", "es"]
PAGES = {"returns/start-a-return.md", "warranty/claim.md"}
STRINGS = {
    "router.type.return": "return",
    "router.type.warranty": "warranty repair",
    "prepare.proof": "Proof of purchase",
    "prepare.model": "Your model",
}

GOOD = """types:
  return:
    page: returns/start-a-return.md
    prepare: [proof]
    words:
      en: [refund, send back]
      es: [reembolso]
  warranty:
    page: warranty/claim.md
    prepare: [model, proof]
    words:
      en: [broken]
      es: [roto]
"""


def findings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "router.yml"
    path.write_text(text, encoding="utf-8")
    routes, problems = router.load(path, "data/router.yml")
    return [str(f) for f in problems or router.validate(routes, LANGS, PAGES, STRINGS)]


def test_good_router(tmp_path):
    assert findings(tmp_path, GOOD) == []


def test_page_missing(tmp_path):
    assert findings(tmp_path, GOOD.replace("page: warranty/claim.md", "page: warranty/claims.md")) == [
        "data/router.yml:9: router-page: type 'warranty': page 'warranty/claims.md' does not exist in the English docs"
    ]


def test_prepare_item_without_string(tmp_path):
    assert findings(tmp_path, GOOD.replace("prepare: [model, proof]", "prepare: [model, receipt]")) == [
        "data/router.yml:10: router-prepare: type 'warranty': 'receipt' has no UI string 'prepare.receipt'; "
        "known: model, proof"
    ]


def test_type_without_label(tmp_path):
    text = (
        GOOD
        + "  account:\n    page: warranty/claim.md\n    prepare: []\n    words: {en: [password], es: [contraseña]}\n"
    )
    assert findings(tmp_path, text) == [
        "data/router.yml:14: router-label: type 'account' has no UI string 'router.type.account' in data/strings/"
    ]


def test_language_without_words(tmp_path):
    assert findings(tmp_path, GOOD.replace("      es: [roto]\n", "")) == [
        "data/router.yml:11: router-words: type 'warranty' has no words for language 'es'"
    ]


def test_word_under_two_types(tmp_path):
    assert findings(tmp_path, GOOD.replace("es: [roto]", "es: [roto, Reembolso]")) == [
        "data/router.yml:13: router-ambiguous: 'Reembolso' (es) is listed under both 'return' and 'warranty'; "
        "keep it under one type"
    ]


def test_invalid_yaml(tmp_path):
    assert findings(tmp_path, "types:\n  return: [\n") == [
        "data/router.yml:3: router-yaml: not valid YAML: expected the node content, but found '<stream end>'"
    ]


def test_a_language_without_any_words_uses_the_source_words(tmp_path):
    """A newly added language (fr) has no words yet: not an error, and the router uses English words."""
    path = tmp_path / "router.yml"
    path.write_text(GOOD, encoding="utf-8")
    routes, _ = router.load(path, "data/router.yml")
    assert router.validate(routes, LANGS + ["fr"], PAGES, STRINGS) == []
    filled = router.with_fallback(routes, LANGS + ["fr"])
    assert {name: spec["words"]["fr"] for name, spec in filled.types.items()} == {
        "return": ["refund", "send back"],
        "warranty": ["broken"],
    }
    assert filled.types["return"]["words"]["es"] == ["reembolso"]  # a begun language keeps its own
    assert router.word_languages(routes) == {"en", "es"}
