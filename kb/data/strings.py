"""UI string tables: data/strings/<lang>.yml, English the reference.

A table must have exactly the English keys (gaps and extras are found by set
difference) and keep every {placeholder} the English string has."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.core.findings import Finding, FindingsError
from kb.core.inputs import DATA_LIMIT, refusal
from kb.core.yamlfiles import load_yaml

# A {name} placeholder inside a UI string.
FIELD = re.compile(r"\{(\w+)\}")
# The mark a value kb add-language wrote in English carries until a translator replaces it.
MARK = "# needs translation"
# A line carrying the mark: `key: value  # needs translation` (the key may be indented).
MARKED = re.compile(r"^\s*(?:- )?(?P<key>[\w.-]+):.*\s" + re.escape(MARK) + r"\s*$")
# The strings a reader sees before any article: the home page's hero and the navigation's section titles.
FIRST_SEEN = ("home.", "nav.")

Strings = dict[str, object]


def load_table(path: Path, display: str) -> Strings:
    refused = refusal(path, display, DATA_LIMIT, "a data file")
    if refused:
        raise FindingsError([refused])
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise FindingsError(
            [
                Finding(
                    display,
                    mark.line + 1 if mark else 1,
                    "strings-yaml",
                    f"not valid YAML: {getattr(error, 'problem', error)}",
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise FindingsError([Finding(display, 1, "strings-yaml", "a strings table is a mapping of keys to strings")])
    return data


def still_english(path: Path) -> list[str]:
    """The keys of a table whose value is still marked for translation (English), in file order;
    a plural form's mark counts for its key."""
    if not path.is_file():
        return []
    keys: dict[str, None] = {}
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if top := re.match(r"^([\w.]+):", line):
            key = top.group(1)
        if MARKED.match(line):
            keys[key] = None
    return list(keys)


def first_seen_in_english(marked: list[str]) -> list[str]:
    """Of the keys still in English, those of the home page's hero and the section titles."""
    return [key for key in marked if key.startswith(FIRST_SEEN)]


def key_lines(path: Path) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"^([\w.]+):", line)
        if match:
            lines[match.group(1)] = number
    return lines


def _fields(value: object) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in FIELD.findall(str(text))}


def compare(reference: Strings, table: Strings, path: str, lines: dict[str, int]) -> list[Finding]:
    """Findings for keys missing from or unknown to `table`, and for lost {placeholders}."""
    findings = []
    for key in sorted(set(reference) - set(table)):
        findings.append(Finding(path, 1, "strings-missing", f"key '{key}' is missing; English: {reference[key]!r}"))
    for key in sorted(set(table) - set(reference)):
        findings.append(Finding(path, lines.get(key, 1), "strings-unknown", f"key '{key}' is not in the English table"))
    for key in sorted(set(table) & set(reference)):
        lost = _fields(reference[key]) - _fields(table[key])
        if lost:
            findings.append(
                Finding(
                    path,
                    lines.get(key, 1),
                    "strings-placeholder",
                    f"key '{key}' lacks {', '.join('{' + n + '}' for n in sorted(lost))}",
                )
            )
        if isinstance(reference[key], dict) != isinstance(table[key], dict):
            findings.append(
                Finding(
                    path,
                    lines.get(key, 1),
                    "strings-shape",
                    f"key '{key}' must be {'plural forms' if isinstance(reference[key], dict) else 'a string'}",
                )
            )
    return findings


def order_findings(path: str, lines: dict[str, int]) -> list[Finding]:
    """Keys stay in alphabetical order, so a table reads like its English reference."""
    keys = sorted(lines, key=lines.__getitem__)
    return [
        Finding(path, lines[after], "strings-order", f"key '{after}' must come before '{before}' (alphabetical order)")
        for before, after in zip(keys, keys[1:], strict=False)
        if after < before
    ]


def load_all(folder: Path, languages: list[str], reference: str = "en", display=str) -> dict[str, Strings]:
    """Load and cross-check every language's table; raise FindingsError on any gap.
    `display` turns a path into the form writers see in messages."""
    tables, findings = {}, []
    for lang in languages:
        path = folder / f"{lang}.yml"
        if not path.exists():
            findings.append(
                Finding(
                    display(path),
                    1,
                    "strings-missing",
                    f"no strings table for language '{lang}'; add one with every key of "
                    f"{display(folder / f'{reference}.yml')} (kb add-language {lang} writes it)",
                )
            )
            continue
        try:
            tables[lang] = load_table(path, display(path))
        except FindingsError as error:
            findings += error.findings
    for lang in tables:
        path = folder / f"{lang}.yml"
        findings += order_findings(display(path), key_lines(path))
    if reference in tables:
        for lang, table in tables.items():
            if lang != reference:
                path = folder / f"{lang}.yml"
                findings += compare(tables[reference], table, display(path), key_lines(path))
    if findings:
        raise FindingsError(findings)
    return tables
