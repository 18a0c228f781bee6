"""A language the site does not have, added as a translator would: `kb add-language fr` in a
copy of the repository, the fallback notice and two articles translated, then a strict build.
The typed-figure check protects French, untranslated pages show their notice in French, and
the search box finds a French page by a French query."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, LANGUAGES, ROOT, built_and_served, english_articles, run_build, search

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif("fr" in LANGUAGES, reason="the site has French already: its own tests cover it"),
]

TRANSLATED = ["contact/channels.md", "contact/before-you-contact.md"]
# What a French translator writes first: the notice readers see on pages not yet translated.
NOTICE = {
    "fallback.title": "Pas encore traduit",
    "fallback.notice": "Cette page n'est pas encore traduite en français : elle s'affiche donc en anglais.",
}
CONTRADICTION = "Vous avez 30 jours pour retourner le produit."


def kb(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kb", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


def translate(table: Path, values: dict[str, str]) -> None:
    """Replace marked English values with translations, as a translator edits the table."""
    text = table.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{re.escape(key)}: .*  # needs translation$", f'{key}: "{value}"', text, flags=re.M)
        assert count == 1, key
    table.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    """A copy of the repository with French added and partly translated."""
    repo = tmp_path_factory.mktemp("french")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, repo / name)
    for name in ("overrides", "hooks", "kb"):
        (repo / name).symlink_to(ROOT / name)
    added = kb(repo, "add-language", "fr")
    assert added.returncode == 0, added.stderr
    translate(repo / "data/strings/fr.yml", NOTICE)
    for rel in TRANSLATED:
        target = repo / "docs/fr" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "languages/fr" / rel, target)
        assert kb(repo, "mark", "fr", rel).returncode == 0
    return repo


def test_a_new_language_is_checked_and_listed_by_kb_status(french):
    checked = kb(french, "check")
    assert (checked.returncode, checked.stdout) == (0, "")
    status = kb(french, "status", "--lang", "fr").stdout
    total = len(english_articles())
    assert (
        f"fr: {100 * len(TRANSLATED) // total}% current ({len(TRANSLATED)} current, 0 outdated, "
        f"{total - len(TRANSLATED)} missing)"
    ) in status
    assert re.search(r"data/strings/fr\.yml:\d+: interface strings: \d+ still in English", status)


def test_a_typed_figure_that_contradicts_a_fact_is_refused_in_french(french, tmp_path):
    page = french / "docs/fr/contact/before-you-contact.md"
    original = page.read_text(encoding="utf-8")
    text = original.replace("## Vérifier votre identité", f"{CONTRADICTION}\n\n## Vérifier votre identité")
    line = text.splitlines().index(CONTRADICTION) + 1
    page.write_text(text, encoding="utf-8")
    try:
        result = run_build(french / "mkdocs.yml", tmp_path / "site")
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert f"docs/fr/contact/before-you-contact.md:{line}: fact-contradiction: states 30 jours" in result.stderr


@pytest.fixture(scope="module")
def french_site(french, tmp_path_factory):
    out = tmp_path_factory.mktemp("french-site") / "site"
    with built_and_served(french / "mkdocs.yml", out) as base:
        yield out, base


def test_french_pages_and_the_fallback_notice_in_french(french_site):
    out, _ = french_site
    channels = (out / "fr/contact/channels/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in channels and "Canaux de contact et horaires" in channels
    assert "data-kb-notice" not in channels
    fallback = html.unescape((out / "fr/returns/policy/index.html").read_text(encoding="utf-8"))
    assert 'data-kb-notice="fallback"' in fallback
    assert NOTICE["fallback.notice"] in fallback
    assert (out / "fr/sitemap.xml").read_text(encoding="utf-8").count("<loc>") == len(TRANSLATED)


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, article",
    [
        ("numéro de série", "/fr/contact/before-you-contact/"),
        ("horaires du support", "/fr/contact/channels/"),
    ],
)
def test_search_finds_a_french_page_by_a_french_query(page, french_site, query, article):
    _, base = french_site
    page.goto(f"{base}/fr/")
    results = search(page, query)
    assert results and results[0]["href"].startswith(f"{base}{article}"), results
