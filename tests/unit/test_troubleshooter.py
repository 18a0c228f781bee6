"""Troubleshooter trees: the build refuses dead ends, loops, unreachable nodes and
text that differs between languages, naming the file and line."""

from pathlib import Path

from kb.features import troubleshooter

LANGS = ["en", "es"]

GOOD = """page: troubleshooting/x.md
start: first
nodes:
  first:
    question: {en: "Does it work?", es: "¿Funciona?"}
    yes: done
    no: call
  done:
    fix: {en: Great., es: Genial.}
  call:
    contact: {en: Call us., es: Llámanos.}
    prepare: [model, serial]
"""


def findings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    tree, problems = troubleshooter.load(path, "data/troubleshooters/x.yml")
    return [str(f) for f in problems or troubleshooter.validate(tree, LANGS)]


def test_good_tree(tmp_path):
    assert findings(tmp_path, GOOD) == []


def test_branch_to_nowhere(tmp_path):
    assert findings(tmp_path, GOOD.replace("no: call", "no: cal")) == [
        "data/troubleshooters/x.yml:7: troubleshooter-dead-end: 'no' of question 'first' leads to 'cal', "
        "which does not exist"
    ]


def test_question_without_an_answer_branch(tmp_path):
    assert findings(tmp_path, GOOD.replace("    no: call\n", "")) == [
        "data/troubleshooters/x.yml:4: troubleshooter-dead-end: question 'first' has no 'no' branch"
    ]


def test_unreachable_node(tmp_path):
    text = GOOD + "  orphan:\n    fix: {en: Never shown., es: Nunca.}\n"
    assert findings(tmp_path, text) == [
        "data/troubleshooters/x.yml:13: troubleshooter-unreachable: node 'orphan' cannot be reached from 'first'"
    ]


def test_loop(tmp_path):
    text = (
        GOOD.replace("yes: done", "yes: again")
        + "  again:\n    question: {en: 'Again?', es: '¿Otra vez?'}\n    yes: first\n    no: call\n"
    )
    assert findings(tmp_path, text) == [
        "data/troubleshooters/x.yml:8: troubleshooter-unreachable: node 'done' cannot be reached from 'first'",
        "data/troubleshooters/x.yml:15: troubleshooter-loop: 'yes' of question 'again' leads back to 'first'",
    ]


def test_language_missing_from_one_node(tmp_path):
    assert findings(tmp_path, GOOD.replace("{en: Great., es: Genial.}", "{en: Great.}")) == [
        "data/troubleshooters/x.yml:9: troubleshooter-language: node 'done' has no fix text in 'es'; "
        "every language has the same tree"
    ]


def test_a_language_that_has_not_begun_the_tree_is_not_an_error(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(GOOD, encoding="utf-8")
    tree, _ = troubleshooter.load(path, "data/troubleshooters/x.yml")
    assert troubleshooter.validate(tree, LANGS + ["fr"]) == []
    assert [troubleshooter.translated(tree, lang) for lang in ("en", "es", "fr")] == [True, True, False]
    begun = GOOD.replace("{en: Great., es: Genial.}", "{en: Great., es: Genial., fr: Parfait.}")
    path.write_text(begun, encoding="utf-8")
    tree, _ = troubleshooter.load(path, "data/troubleshooters/x.yml")
    assert [str(f) for f in troubleshooter.validate(tree, LANGS + ["fr"])] == [
        "data/troubleshooters/x.yml:5: troubleshooter-language: node 'first' has no question text in 'fr'; "
        "every language has the same tree",
        "data/troubleshooters/x.yml:11: troubleshooter-language: node 'call' has no contact text in 'fr'; "
        "every language has the same tree",
    ]
