"""Adding a language (kb/authoring/languages.py): the mkdocs.yml block and strings table it writes, the
values CLDR gives, the marks on the rest, and what `gaps` reports a new language lacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kb.authoring import languages
from kb.build.config import load_site
from kb.data.strings import load_all
from tests.conftest import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
CASES = [  # (code, its own name, CLDR's date range, CLDR's plural categories), for languages the site lacks
    ("fr", "Français", "{start}\u2009–\u2009{end}", ["one", "many", "other"]),
    ("de", "Deutsch", "{start}\u2009–\u2009{end}", ["one", "other"]),
    ("ru", "Русский", "{start} – {end}", ["one", "few", "many", "other"]),
    ("he", "עברית", "{start} – {end}", ["one", "two", "other"]),
    ("pt-BR", "Português (Brasil)", "{start}\u2009–\u2009{end}", ["one", "many", "other"]),
    ("ja-JP", "日本語 (日本)", "{start}～{end}", ["other"]),
]
NEW = [case for case in CASES if case[0] not in LANGUAGES]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the repository's configuration and data, with the docs linked."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    (tmp_path / "overrides").symlink_to(ROOT / "overrides")
    return tmp_path


def add(repo: Path, code: str) -> list[str]:
    return languages.add(repo, code, repo / "data" / "strings", lambda path: path.relative_to(repo).as_posix())


@pytest.mark.parametrize("code, name, interval, plural", NEW)
def test_a_language_is_one_block_and_one_table(repo, code, name, interval, plural):
    before = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    written = add(repo, code)
    site = load_site(repo)
    assert site.languages[-1] == code  # static-i18n reads the new block
    block = (repo / "mkdocs.yml").read_text(encoding="utf-8").replace(before, "", 0)
    assert f'name: "{name}"' in block and f"locale: {code}\n" in block
    table_path = repo / "data" / "strings" / f"{code}.yml"
    strings = load_all(repo / "data" / "strings", site.languages, "en")[code]  # every key, every {placeholder}
    assert strings["contact.day_range"] == interval  # from CLDR, not marked
    assert list(strings["unit.business_days"]) == plural  # the language's own plural categories
    marks = languages.marked_lines(table_path)
    english = yaml.safe_load((repo / "data/strings/en.yml").read_text(encoding="utf-8"))
    assert len(marks) == len(english) - 2 + len(plural)  # every other value: English, marked
    assert written[0].startswith(f"mkdocs.yml: language block for {code} ({name}) added at line")


def test_the_block_lands_inside_the_language_list_and_keeps_comments(repo):
    code = NEW[0][0]
    add(repo, code)
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert "# Hooks: one module per concern" in text
    assert text.index(f"- locale: {code}\n") < text.index("# Hooks")
    assert text.index(f"- locale: {LANGUAGES[-1]}\n") < text.index(f"- locale: {code}\n")
    assert [line for line in text.splitlines() if line.endswith(f"locale: {code}")] == [f"        - locale: {code}"]


@pytest.mark.parametrize(
    "code, message",
    [
        (LANGUAGES[1], f"'{LANGUAGES[1]}' is already a language of this site (mkdocs.yml line"),
        ("xx", "'xx' is not a language CLDR knows; use its ISO 639 code, such as fr or de"),
        ("French", "'French' is not a language code such as fr, de or pt-BR"),
        ("../x", "'../x' is not a language code such as fr, de or pt-BR"),
    ],
)
def test_refused_codes(repo, code, message):
    before = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    with pytest.raises(languages.LanguageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add(repo, code)
    assert (repo / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_an_existing_table_is_never_overwritten(repo):
    code = NEW[0][0]
    (repo / f"data/strings/{code}.yml").write_text("mine: yes\n", encoding="utf-8")
    with pytest.raises(languages.LanguageError, match=f"data/strings/{code}.yml already exists"):
        add(repo, code)
    assert (repo / f"data/strings/{code}.yml").read_text(encoding="utf-8") == "mine: yes\n"


def test_gaps_of_a_new_language_and_of_a_complete_one(repo):
    code = NEW[0][0]
    add(repo, code)
    gaps = languages.gaps(load_site(repo))
    assert [gap.what for gap in gaps[code]] == [
        "interface strings",
        "site name and description",
        "request router words",
        "troubleshooter trees",
        "glossary terms",
        "typed-figure words",
        "search synonyms",
    ]
    assert gaps[code][1].detail == "site_name, site_description still in English, marked '# needs translation'"
    assert gaps["zh"] == []
    table = repo / f"data/strings/{code}.yml"
    text = table.read_text(encoding="utf-8").replace(
        '"Not translated yet"  # needs translation', '"Pas encore traduit"'
    )
    table.write_text(text, encoding="utf-8")
    assert languages.gaps(load_site(repo))[code][0].detail.startswith(f"{len(languages.marked_lines(table))} still")
