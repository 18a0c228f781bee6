"""Glossary: approved product and policy terms per language (data/glossary.yml).
A translation that uses a variant the glossary lists under `avoid` is reported."""

from __future__ import annotations

import re
from pathlib import Path

from kb.core.findings import Finding
from kb.core.inputs import DATA_LIMIT, refusal
from kb.core.markdown_parts import body_lines
from kb.core.pages import Page
from kb.core.yamlfiles import load_yaml

Glossary = dict[str, dict]


def load(path: Path) -> Glossary:
    """The glossary; empty when the file is refused unread (kb.core.inputs reports why)."""
    if refusal(path, str(path), DATA_LIMIT, "a data file"):
        return {}
    return load_yaml(path.read_text(encoding="utf-8")) or {}


def _approved(entry: dict, lang: str) -> str:
    use = entry.get("use", "")
    return str(use.get(lang, "")) if isinstance(use, dict) else str(use)


def compile_rules(glossary: Glossary, lang: str) -> list[tuple[re.Pattern, str, str]]:
    """(pattern, variant, approved term) for every variant `lang` must avoid."""
    rules = []
    for name, entry in glossary.items():
        for variant in entry.get("avoid", {}).get(lang, []):
            edge = r"(?<!\w)" if variant[:1].isascii() and variant[:1].isalnum() else ""
            tail = r"(?!\w)" if variant[-1:].isascii() and variant[-1:].isalnum() else ""
            rules.append(
                (re.compile(edge + re.escape(variant) + tail, re.I), variant, f"{name} is '{_approved(entry, lang)}'")
            )
    return rules


def check(page: Page, glossary: Glossary) -> list[Finding]:
    rules = compile_rules(glossary, page.lang)
    if not rules:
        return []
    any_variant = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _ in rules), re.I)
    findings = []
    for number, line in body_lines(page.text, 1):  # front matter titles too
        if not any_variant.search(line):  # most lines use no variant: one search instead of one per rule
            continue
        for pattern, variant, approved in rules:
            if pattern.search(line):
                findings.append(
                    Finding(
                        page.path,
                        number,
                        "glossary",
                        f"uses '{variant}'; the glossary term for {approved} in {page.lang}",
                    )
                )
    return findings
