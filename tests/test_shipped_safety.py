"""What ships is what was checked: fixture sites whose hostile input reaches the page only after
placeholders, widgets, data or a later hook have done their work. Placeholders in code stay
as written and run nothing in Chromium; markup from a data file is refused at its line in
that file; a script added after every article check is refused naming its page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import LANGUAGES, POLICY, ROOT, make_fixture_site, run_build
from tests.support import serve

pytestmark = pytest.mark.build

HOME = POLICY.replace("Return policy", "Home")
# (Markdown that puts a placeholder inside code with a script after it, the placeholder as the page shows it)
CODE = [
    ("Paragraph.\n\n    {{ return_checker }} <script>window.__kbRan=1</script>", "{{ return_checker }}"),
    ("Code: `{{ contact_status }} <script>window.__kbRan=2</script>`", "{{ contact_status }}"),
    ("Code: ``{{coverage_checker}} ` <script>window.__kbRan=3</script>``", "{{coverage_checker}}"),
    ("```text\n{{ router }}\n<script>window.__kbRan=4</script>\n```", "{{ router }}"),
    ("~~~\n{{ contact_directory }} <script>window.__kbRan=5</script>\n~~~", "{{ contact_directory }}"),
    (
        "!!! note\n\n    Paragraph.\n\n        {{ return_window_days }} <script>window.__kbRan=6</script>",
        "{{ return_window_days }}",
    ),
]
# What the placeholders above would have drawn, had they been expanded.
WIDGETS = (
    ", ".join(
        f"article [data-kb={name}]" for name in ("return-checker", "contact-status", "coverage-checker", "router")
    )
    + ", article #region-us"
)
# A product name holding a backtick: in the article it must not pair with the backticks after it.
BACKTICK = "Buy {{ products.phone }} now; type `<script>window.__kbRan=7</script>` to see it."


def own(root: Path, name: str) -> Path:
    """A file or folder of the fixture site's data/ (a link to the real one) as a copy, to edit."""
    path = root / "data" / name
    path.unlink()
    (shutil.copytree if (ROOT / "data" / name).is_dir() else shutil.copy)(ROOT / "data" / name, path)
    return path


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` (which must be there) in a file; the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def errors(result) -> list[str]:
    return [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR")]


@pytest.mark.browser
def test_placeholders_in_code_stay_as_written_and_run_nothing(tmp_path, page):
    article = POLICY + "\n" + "\n\n".join(form for form, _ in CODE) + "\n\n" + BACKTICK + "\n"
    config = make_fixture_site(tmp_path, {"en/index.md": HOME, "en/returns/policy.md": article})
    edit(own(tmp_path, "facts.yml"), "phone: Kestrel Phone", "phone: Kestrel `Phone")
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    server, base = serve(tmp_path / "site")
    try:
        for lang in LANGUAGES:  # the fallback pages carry the English text, and its code
            page.goto(f"{base}{'' if lang == LANGUAGES[0] else '/' + lang}/returns/policy/")
            code = page.locator("article code").all_inner_texts()
            for _, shown in CODE:
                assert any(shown in text for text in code), (lang, shown, code)
            assert any(text == "<script>window.__kbRan=7</script>" for text in code), (lang, code)
            assert page.locator(WIDGETS).count() == 0, lang
            assert page.locator("article script").count() == 0, lang
            assert page.evaluate("window.__kbRan") is None, lang
    finally:
        server.shutdown()


def test_markup_from_a_data_file_is_refused_at_its_line(tmp_path):
    article = POLICY + "\n{{ contact_directory }}\n"
    config = make_fixture_site(tmp_path, {"en/index.md": HOME, "en/returns/policy.md": article})
    facts_line = edit(
        own(tmp_path, "facts.yml"),
        'social: {network: X, handle: "@KestrelHelpUS"}',
        'social: {network: "[X](https://evil.example/phish)", handle: "@KestrelHelpUS"}',
    )
    strings = own(tmp_path, "strings") / "en.yml"
    chat = next(
        line for line in strings.read_text(encoding="utf-8").splitlines() if line.startswith("contact.chat_where:")
    )
    strings_line = edit(strings, chat, 'contact.chat_where: "[Chat](JavaScript:window.__kbRan=1)"')
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 1
    found = errors(result)
    assert any(
        e.startswith(f"data/facts.yml:{facts_line}: external-url: <a href> leads to https://evil.example/phish")
        for e in found
    ), found
    assert any(
        e.startswith(f"data/strings/en.yml:{strings_line}: unsafe-url: ") and "/returns/policy/" in e for e in found
    ), found
    assert not (tmp_path / "site").exists()


HOOK = '''"""A hook that adds to every page after the article checks, as a later feature could."""


def on_page_content(html, *, page, config, files):
    return html + '<p>More</p><script>window.__kbRan = "late"</script>'
'''


def test_a_script_a_later_hook_adds_is_refused_naming_its_page(tmp_path):
    config = make_fixture_site(tmp_path, {"en/index.md": HOME, "en/returns/policy.md": POLICY})
    (tmp_path / "late.py").write_text(HOOK, encoding="utf-8")
    edit(config, "  - hooks/security.py", "  - late.py\n  - hooks/security.py")
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 1
    found = errors(result)
    assert any(
        e.startswith("docs/en/returns/policy.md:1: unsafe-script: a <script> in the article")
        and "(on the built page /" in e
        for e in found
    ), found
    assert not (tmp_path / "site").exists()
