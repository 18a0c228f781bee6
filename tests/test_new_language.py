"""A language the site does not have, added as a translator would: `kb add-language fr` in a
copy of the repository, the fallback notice, the home page and two articles translated, then a
strict build. The typed-figure check protects French, untranslated pages show their notice in
French (once, troubleshooters included), so do their manuals' PDFs and the home page while its
hero and section titles are still English, related articles carry French titles where there are
some, and the search box finds a French page by a French query."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from kb.output import pdf
from tests.conftest import (
    CONTENT,
    FIXTURES,
    LANGUAGES,
    built_and_served,
    copy_with_language,
    english_articles,
    kb,
    run_build,
    search,
    url_of,
)

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif("fr" in LANGUAGES, reason="the site has French already: its own tests cover it"),
]

TRANSLATED = ["index.md", "contact/channels.md", "contact/before-you-contact.md"]
# What a French translator writes first: the notice readers see on pages not yet translated.
NOTICE = {
    "fallback.title": "Pas encore traduit",
    "fallback.notice": "Cette page n'est pas encore traduite en français : elle s'affiche donc en anglais.",
}
CONTRADICTION = "Vous avez 30 jours pour retourner le produit."


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
    repo = copy_with_language(tmp_path_factory.mktemp("french"), "fr")
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
def french_site(french, tmp_path_factory, real_site_cache):
    """The French copy built and served. Its cache starts with the real site's PDFs: the manuals
    already translated print as they did (a PDF is keyed by everything it is made from), and only
    the French ones are made."""
    out = tmp_path_factory.mktemp("french-site") / "site"
    shutil.copytree(real_site_cache / "pdf", out.parent / "cache" / "pdf")
    with built_and_served(french / "mkdocs.yml", out, env={"KB_CACHE_DIR": str(out.parent / "cache")}) as base:
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


def notices(page: str) -> int:
    """How many times a built page tells the reader that something on it is in English."""
    return page.count('data-kb-notice="fallback"') + page.count("kb-part-notice")


@pytest.mark.parametrize(
    "rel, expected",
    [
        ("index.md", 1),  # translated, but its hero and section titles are still English in the strings table
        ("contact/channels.md", 0),  # translated
        ("returns/policy.md", 1),  # not translated
        ("troubleshooting/wont-turn-on.md", 1),  # not translated, and its troubleshooter tree neither: one notice
    ],
)
def test_what_is_still_english_is_said_once(french_site, rel, expected):
    out, _ = french_site
    built = html.unescape((out / url_of(rel, "fr").lstrip("/") / "index.html").read_text(encoding="utf-8"))
    assert notices(built) == expected
    if expected:
        assert NOTICE["fallback.notice"] in built


def test_the_hero_is_french_where_the_home_page_is(french_site):
    out, _ = french_site
    home = html.unescape((out / "fr/index.html").read_text(encoding="utf-8"))
    assert '<h1 id="kb-hero-title" class="kb-hero__title">Comment pouvons-nous vous aider ?</h1>' in home


def test_related_articles_carry_the_french_title_of_a_translated_page(french_site):
    out, _ = french_site
    page = html.unescape((out / "fr/contact/track-a-request/index.html").read_text(encoding="utf-8"))
    related = page[page.index('data-kb="related"') :]
    assert "Canaux de contact et horaires" in related and "Contact channels and hours" not in related


@pytest.mark.parametrize("model", CONTENT.models, ids=lambda model: model.key)
def test_a_manual_not_translated_yet_has_the_notice_in_its_pdf(french_site, model):
    out, _ = french_site
    reader = pypdf.PdfReader(out / url_of(model.page, "fr").lstrip("/") / pdf.file_name(model.number, "fr"))
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert reader.trailer["/Root"]["/Lang"] == "en"  # the manual's text
    assert NOTICE["fallback.title"] in text and NOTICE["fallback.notice"] in text
    contents = str(CONTENT.strings["en"]["pdf.contents"])
    assert text.index(NOTICE["fallback.notice"]) < text.index(contents)  # under the title, before the manual


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
