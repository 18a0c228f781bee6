"""`kb feedback suggest` end to end: unanswered searches and an unplaced router description in
two languages, posted to a real collector, become a diff of data/synonyms/<lang>.yml with each
word's site term, count and the article the search would then rank first; applied to a copy of
the synonyms, the file passes kb check's validation and the query finds that article first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.feedback.suggest import Search
from kb.search import index as searchindex
from kb.search import index_json, language_root, synonyms
from tests.conftest import LANGUAGES, ROOT, SOURCE
from tests.support import fake_site, post, running

PAGES = ["index.md", "returns/refunds.md", "returns/start-a-return.md", "troubleshooting/describe-a-problem.md"]
ROUTER = "troubleshooting/describe-a-problem.md"


def article(location: str, title: str, description: str, text: str) -> searchindex.Article:
    return searchindex.Article(location, title, description, [searchindex.Section("", title, text)])


ARTICLES = {
    "en": [
        article(
            "returns/refunds/",
            "Refunds",
            "When your refund arrives and how it is paid.",
            "Your refund goes back to the card you paid with, five business days after we receive the return.",
        ),
        article(
            "returns/start-a-return/",
            "Start a return",
            "Send a product back within 30 days.",
            "Print the return label, pack the product and drop it at a post office.",
        ),
    ],
    "es": [
        article(
            "returns/refunds/",
            "Reembolsos",
            "Cuándo llega tu reembolso y cómo se paga.",
            "El reembolso vuelve a la tarjeta con la que pagaste, cinco días hábiles después de recibir la devolución.",
        ),
        article(
            "returns/start-a-return/",
            "Iniciar una devolución",
            "Envía un producto en un plazo de 30 días.",
            "Imprime la etiqueta de devolución, embala el producto y llévalo a una oficina de correos.",
        ),
    ],
}
# What readers sent: searches that found nothing, and a description the router could not place.
BEACONS = {
    "en": [
        ("search", "payback"),
        ("search", "Payback"),
        ("search", "paybacks"),
        ("router", "Still no payback on my card. When is it paid?"),
    ],
    "es": [
        ("search", "¿Y mi plata?"),
        ("search", "mi plata"),
        ("router", "Todavía no me llegó la plata a la tarjeta. ¿Cuándo me la pagan?"),
    ],
}
# language: (query, word, term, count, article's title, its file)
EXPECTED = {
    "en": ("payback", "payback", "refund", 4, "Refunds", "returns/refunds.md"),
    "es": ("mi plata", "plata", "reembolso", 3, "Reembolsos", "returns/refunds.md"),
}


def write_index(site: Path, lang: str, entries: list[synonyms.Entry]) -> None:
    """The language's search index, as the build writes it, with the synonyms `entries`."""
    analyzer = searchindex.shared()
    table = synonyms.compiled(
        entries, lambda texts: analyzer.terms(lang, texts), lambda texts: analyzer.slots(lang, texts)
    )
    index = searchindex.build(lang, ARTICLES[lang], analyzer, synonyms=table, root=language_root(lang, SOURCE))
    folder = site / language_root(lang, SOURCE) / "search"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "kb").mkdir(parents=True)
    for name, data in index.files.items():
        (folder / "kb" / name).write_bytes(data)
    (folder / "search_index.json").write_text(index_json({"kb": index.manifest}, []), encoding="utf-8")


def first(site: Path, lang: str, query: str) -> tuple[str, str] | None:
    search = Search(site / language_root(lang, SOURCE), lang)
    try:
        ranked = search.rank(query)
    finally:
        search.close()
    return ranked[0] if ranked else None


def entries_of(path: Path) -> list[synonyms.Entry]:
    entries, findings = synonyms.load(path, path.name)
    assert findings == []
    return entries


@pytest.fixture(scope="module")
def proposal(tmp_path_factory):
    site = fake_site(tmp_path_factory.mktemp("built"), LANGUAGES, SOURCE, PAGES)
    for lang in EXPECTED:
        write_index(site, lang, entries_of(ROOT / "data" / "synonyms" / f"{lang}.yml"))
    db = tmp_path_factory.mktemp("db") / "feedback.db"
    with running(site, f"sqlite:///{db}") as collector:
        for lang, sent in BEACONS.items():
            for kind, text in sent:
                page = ROUTER if kind == "router" else "index.md"
                status, _, _ = post(collector.port, {"kind": kind, "lang": lang, "page": page, "text": text})
                assert status == 204
    out = tmp_path_factory.mktemp("out") / "synonyms.diff"
    done = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "suggest", "--db", f"sqlite:///{db}", "--site-dir", str(site)]
        + ["--write", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return site, out.read_text(encoding="utf-8"), done.stderr


@pytest.mark.parametrize("lang", EXPECTED)
def test_the_diff_proposes_the_word_its_site_term_its_count_and_the_article_it_would_find(proposal, lang):
    _, diff, summary = proposal
    query, word, term, count, title, path = EXPECTED[lang]
    part = diff.split(f"+++ b/data/synonyms/{lang}.yml\n", 1)[1].split("\n--- ", 1)[0]
    added = [line[1:] for line in part.splitlines() if line.startswith("+")]
    at = added.index(f"{word}: {term}")
    start = max(i for i, line in enumerate(added[:at]) if " unanswered: " in line)
    block = added[start:at]  # its count and readers' texts, the article it finds, the alternatives
    assert block[0].startswith(f"# {count} unanswered: ")
    assert block[1] == f"# would rank first: {title} ({path})"
    assert all(line.startswith("# or: ") for line in block[2:])
    assert not any(line.startswith("-") and not line.startswith("---") for line in part.splitlines())
    assert f"{lang}: " in summary


def test_accepting_the_diff_makes_each_query_find_its_article_first(proposal, tmp_path):
    site, diff, _ = proposal
    for lang in EXPECTED:
        (tmp_path / "data" / "synonyms").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data" / "synonyms" / f"{lang}.yml", tmp_path / "data" / "synonyms" / f"{lang}.yml")
    (tmp_path / "synonyms.diff").write_text(diff, encoding="utf-8")
    subprocess.run(["git", "apply", "synonyms.diff"], cwd=tmp_path, check=True, capture_output=True)
    analyzer = searchindex.shared()
    for lang, (query, word, term, _, title, _) in EXPECTED.items():
        path = tmp_path / "data" / "synonyms" / f"{lang}.yml"
        assert first(site, lang, query) is None  # unanswered before
        entries = entries_of(path)
        assert any(entry.key == word and entry.targets == (term,) for entry in entries)
        content = {
            t
            for terms in analyzer.terms(
                lang, [a.title + " " + a.description + " " + a.sections[0].text for a in ARTICLES[lang]]
            )
            for t in terms
        }
        problems = synonyms.validate(
            [e for e in entries if e.key == word],
            path.name,
            content,
            lambda texts, lang=lang: analyzer.terms(lang, texts),
            "docs",
        )
        assert problems == []
        write_index(site, lang, entries)
        try:
            assert first(site, lang, query) == ("returns/refunds/", title)
        finally:
            write_index(site, lang, entries_of(ROOT / "data" / "synonyms" / f"{lang}.yml"))
