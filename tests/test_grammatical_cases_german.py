"""German added as a translator would (`kb add-language de` in a copy of the repository) and one
article translated, with its figure in the dative: `kb check` holds typed figures in any case to
the facts ("innerhalb von 30 Tagen" is refused like "30 Tage"), reports a case German does not
have at its line, and the build renders "innerhalb von 14 Tagen"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, LANGUAGES, copy_with_language, kb

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif("de" in LANGUAGES, reason="the site has German already"),
]

PAGE = "docs/de/returns/exchanges.md"
PLACEHOLDER = "innerhalb von {{ return_window_days | case('dative') }} nach dem Kauf"
# The rule for a language without topic words: every typed figure in days, months or business days.
FALLBACK = (
    "and de has no topic words in data/topics.yml, so a typed duration in days, months or business days must be "
    "a policy figure (14 or 60 days, 12, 24, 36 or 48 months, 10 business days): use the fact's placeholder, or "
    "add de's words to data/topics.yml"
)


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    """A copy of the repository with German added and the exchanges article translated."""
    repo = copy_with_language(tmp_path_factory.mktemp("german"), "de")
    (repo / PAGE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "languages/de/returns/exchanges.md", repo / PAGE)
    assert kb(repo, "mark", "de", "returns/exchanges.md").returncode == 0
    return repo


def line_of(text: str, part: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if part in line)


@pytest.mark.parametrize(
    "written, expected",
    [
        (PLACEHOLDER, None),
        ("innerhalb von 14 Tagen nach dem Kauf", None),
        ("innerhalb von vierzehn Tagen nach dem Kauf", None),
        ("innerhalb von 30 Tagen nach dem Kauf", f"fact-contradiction: states 30 Tagen, {FALLBACK}"),
        ("innerhalb von dreißig Tagen nach dem Kauf", f"fact-contradiction: states dreißig Tagen, {FALLBACK}"),
        ("binnen 30 Tage nach dem Kauf", f"fact-contradiction: states 30 Tage, {FALLBACK}"),
        (
            "innerhalb von {{ return_window_days | case('dativ') }} nach dem Kauf",
            "fact-case: unknown case 'dativ' for de in '{{ return_window_days | case('dativ') }}'; "
            "CLDR's cases for de are nominative, genitive, dative, accusative",
        ),
    ],
)
def test_kb_check_holds_german_figures_in_any_case(german, written, expected):
    page = german / PAGE
    original = page.read_text(encoding="utf-8")
    text = original.replace(PLACEHOLDER, written)
    page.write_text(text, encoding="utf-8")
    try:
        result = kb(german, "check", PAGE)
    finally:
        page.write_text(original, encoding="utf-8")
    # A typed figure in place of the placeholder also breaks parity with the English source: only the
    # findings about figures and placeholders are looked at here.
    figures = [line for line in result.stdout.splitlines() if ": fact-" in line]
    assert figures == ([f"{PAGE}:{line_of(text, written)}: {expected}"] if expected else [])
    assert result.returncode == (0 if written == PLACEHOLDER else 1)


def test_the_german_figure_renders_in_the_dative(german):
    site = german / "part"
    built = kb(german, "build", "--lang", "de", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    html = (site / "de/returns/exchanges/index.html").read_text(encoding="utf-8")
    assert "innerhalb von 14 Tagen nach dem Kauf" in html
