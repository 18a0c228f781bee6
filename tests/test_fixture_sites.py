"""Integration: small fixture sites built with the real hooks. A writer who
commits a fault sees one line per fault with file and line, the build fails,
and the last good site is left untouched; stale and missing translations build
with their notice."""

from __future__ import annotations

import re

import pytest

from kb.checks import translations
from kb.core.pages import make_page
from tests.conftest import POLICY, make_fixture_site, run_build

pytestmark = pytest.mark.build

HOME = """---
title: How can we help?
description: Answers about warranty, returns, troubleshooting and contact.
category: home
topics: [home]
template: home.html
hide: [navigation, toc]
---
## Browse by topic {#browse-by-topic}

Read the [return policy](returns/policy.md).
"""


POLICY_ZH = """---
title: 退货政策
description: 可以退回哪些商品、退货期限以及需要准备的购买凭证。
category: returns
topics: [returns]
source_hash: "{hash}"
---
# 退货政策

自购买之日起 {{{{ return_window_days }}}}内可申请退货。

## 开始之前 {{#before-you-start}}

1. 找到购买凭证。
2. 备份设备数据。
"""


def source_hash(text: str) -> str:
    return translations.source_hash(make_page("docs/en/returns/policy.md", "en", "returns/policy.md", text))


@pytest.fixture
def good_pages():
    return {
        "en/index.md": HOME,
        "en/returns/policy.md": POLICY,
        "zh/returns/policy.md": POLICY_ZH.format(hash=source_hash(POLICY)),
    }


def test_good_site_builds_with_fallback_notice_and_rendered_facts(tmp_path, good_pages):
    config = make_fixture_site(tmp_path, good_pages)
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    zh_policy = (tmp_path / "site/zh/returns/policy/index.html").read_text(encoding="utf-8")
    assert "14天内可申请退货" in zh_policy
    assert "data-kb-notice" not in zh_policy
    es_policy = (tmp_path / "site/es/returns/policy/index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="en"', es_policy), "a fallback page's document language is its text's"
    assert 'data-kb-notice="fallback"' in es_policy
    assert "Esta página aún no está traducida al español" in es_policy
    assert "within 14 days of purchase" in es_policy
    assert "es: 2 missing of 2 translations; kb status --lang es lists them" in result.stderr
    assert "docs/es/returns/policy.md" not in result.stderr, "the log counts missing translations, kb status lists them"
    status = (tmp_path / "site/status/index.html").read_text(encoding="utf-8")
    assert '<strong>missing</strong>: <a href="../es/returns/policy/">Return policy</a>' in status
    ar_policy = (tmp_path / "site/ar/returns/policy/index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="en" [^>]*dir="rtl">', ar_policy), "the Arabic chrome around it reads right to left"
    assert '<article dir="ltr" lang="en"' in ar_policy


def test_widgets_on_a_fallback_page_speak_the_readers_language(tmp_path, good_pages):
    """The article text is English until translated; the widgets in it are interface, in Spanish."""
    good_pages["en/returns/policy.md"] = POLICY + "\n{{ return_checker }}\n\n{{ contact_directory }}\n"
    del good_pages["zh/returns/policy.md"]  # a translation would need the widgets too
    config = make_fixture_site(tmp_path, good_pages)
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    es_policy = (tmp_path / "site/es/returns/policy/index.html").read_text(encoding="utf-8")
    assert 'data-kb-notice="fallback"' in es_policy and "within 14 days of purchase" in es_policy
    checker = re.search(
        r'<div lang="es" dir="ltr">\s*<form class="kb-widget"[^>]* data-kb="return-checker".*?</form>', es_policy, re.S
    )
    assert checker and "¿Todavía puedo devolverlo?" in checker.group(0)
    directory = re.search(r'<div dir="ltr" lang="es">\s*<h2 id="region-us">Estados Unidos.*?</table>', es_policy, re.S)
    assert directory and "<th>Canal</th>" in directory.group(0)  # Markdown rendered inside, in Spanish
    assert "| Channel |" not in es_policy and "| Canal |" not in es_policy


def test_outdated_translation_builds_with_banner_and_fails_in_release_mode(tmp_path, good_pages):
    good_pages["en/returns/policy.md"] = POLICY.replace("Back up your device.", "Back up and reset your device.")
    config = make_fixture_site(tmp_path, good_pages)
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "zh: 1 missing and 1 outdated of 2 translations; kb status --lang zh lists them" in result.stderr
    zh_policy = (tmp_path / "site/zh/returns/policy/index.html").read_text(encoding="utf-8")
    assert 'data-kb-notice="outdated"' in zh_policy and "本译文可能已过时" in zh_policy
    assert 'href="../../../returns/policy/"' in zh_policy
    status = (tmp_path / "site/status/index.html").read_text(encoding="utf-8")
    assert '<strong>outdated</strong>: <a href="../zh/returns/policy/">Return policy</a>' in status
    assert '<meta name="robots" content="noindex">' in status
    assert 'href="../status/"' in (tmp_path / "site/zh/index.html").read_text(encoding="utf-8")

    release = run_build(config, tmp_path / "release", env={"KB_STRICT_TRANSLATIONS": "1"})
    assert release.returncode == 1
    assert (
        "docs/zh/returns/policy.md:1: translation-outdated: source docs/en/returns/policy.md changed" in release.stderr
    )


def test_whitespace_only_source_edit_keeps_translation_current(tmp_path, good_pages):
    good_pages["en/returns/policy.md"] = POLICY.replace("within {{", "within\n{{").replace("\n1.", "\n\n1.", 1)
    config = make_fixture_site(tmp_path, good_pages)
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 0
    assert "zh: 1 missing of 2 translations; kb status --lang zh lists them" in result.stderr  # none outdated


BROKEN = {
    "en/index.md": HOME,
    "en/returns/policy.md": POLICY.replace("of purchase.", "of purchase. Returns after 30 days are refused.", 1),
    "en/returns/refunds.md": "# Refunds\n\nNo front matter here.\n",
    "en/returns/exchanges.md": POLICY.replace(
        "# Return policy", "# Return policy\n\n<script>alert(1)</script>"
    ).replace("{{ return_window_days }}", "{{ return_days }}"),
    "zh/returns/old.md": POLICY_ZH.format(hash="aaaaaaaaaaaa"),
    "ja/returns/policy.md": POLICY.replace("title: Return policy", "title: 返品ポリシー\ntitel: x").replace(
        "Return policy", "返品ポリシー"
    ),
}


def test_broken_site_fails_with_one_line_per_fault_and_keeps_the_last_good_site(tmp_path, good_pages):
    config = make_fixture_site(tmp_path, good_pages)
    assert run_build(config, tmp_path / "site").returncode == 0
    before = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*"))

    for rel, text in BROKEN.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_build(config, tmp_path / "site")

    assert result.returncode == 1
    errors = [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[-1] == "6 problems in 5 files; see the lines above"
    assert errors[:-1] == [
        "docs/en/returns/exchanges.md:9: unsafe-html: tag <script> can load or run code; articles may use only "
        "formatting HTML; to show it, write it as `inline code`",
        "docs/en/returns/exchanges.md:11: fact-unknown: unknown fact key 'return_days'; "
        "did you mean 'return_window_days'?",
        "docs/en/returns/policy.md:9: fact-contradiction: states 30 days next to 'Returns'; fact return_window_days "
        "is 14 days: use the fact's placeholder instead of a typed figure",
        "docs/en/returns/refunds.md:1: front-matter-missing: page has no front matter; expected a block that starts "
        "with '---' on line 1 and ends with '---' with title, description, category and topics",
        "docs/ja/returns/policy.md:3: front-matter-schema: unknown key 'titel'; allowed keys: category, description, "
        "hide, search, source_hash, template, title, topics",
        "docs/zh/returns/old.md:1: translation-orphan: no English source docs/en/returns/old.md; a translation must "
        "mirror a page under docs/en/ (rename it, or add the English page first)",
    ]
    assert "the last good site in" in result.stderr
    after = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*"))
    assert after == before
