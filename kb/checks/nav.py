"""The page tree in mkdocs.yml against the English docs, with the line of each entry.

`nav` lists paths under docs/<source language>/; every other language mirrors them.
A nav entry to a page that does not exist, a page listed twice, an entry that is not
a page, and an English page missing from nav are findings at their mkdocs.yml line:
mkdocs.yml:88: nav-missing: nav entry 'returns/gifts.md' leads to docs/en/returns/gifts.md, which does not exist"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.core.findings import Finding


@dataclass(frozen=True)
class Entry:
    path: str  # as written: returns/policy.md
    line: int


def _node_line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def entries(config_text: str) -> tuple[list[Entry], int | None, list[tuple[int, str]]]:
    """(page entries, line of `nav:` or None without one, (line, value) of entries that are not pages),
    read from the YAML node tree, so MkDocs' custom tags (!ENV, !!python/name) need no constructor."""
    root = yaml.compose(config_text)
    pair = next(
        (
            (key, value)
            for key, value in getattr(root, "value", [])
            if isinstance(root, yaml.MappingNode) and isinstance(key, yaml.ScalarNode) and key.value == "nav"
        ),
        None,
    )
    if pair is None:
        return [], None, []
    nav_key, nav = pair
    found: list[Entry] = []
    problems: list[tuple[int, str]] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.MappingNode):  # "Section title: [pages]" or "Page title: page.md"
            for _, value in node.value:
                walk(value)
        elif isinstance(node, yaml.ScalarNode) and node.value.endswith(".md") and "://" not in node.value:
            found.append(Entry(node.value, _node_line(node)))
        else:
            problems.append((_node_line(node), str(getattr(node, "value", ""))))

    walk(nav)
    return found, _node_line(nav_key), problems


def check(config_text: str, display: str, source_pages: set[str], docs: str) -> list[Finding]:
    """Findings for the nav of `config_text` (shown as `display`) against the source language's pages
    (paths relative to `docs`, the source language's folder as writers see it: docs/en)."""
    try:
        listed, nav_line, problems = entries(config_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [
            Finding(
                display,
                mark.line + 1 if mark else 1,
                "config-yaml",
                f"not valid YAML: {getattr(error, 'problem', error)}",
            )
        ]
    findings = [
        Finding(display, line, "nav-target", f"nav entry '{value}' is not a page: list a .md file under {docs}/")
        for line, value in problems
    ]
    seen: dict[str, int] = {}
    for entry in listed:
        if entry.path in seen:
            findings.append(
                Finding(
                    display,
                    entry.line,
                    "nav-duplicate",
                    f"'{entry.path}' is already listed at line {seen[entry.path]}; list a page once",
                )
            )
            continue
        seen[entry.path] = entry.line
        if entry.path not in source_pages:
            findings.append(
                Finding(
                    display,
                    entry.line,
                    "nav-missing",
                    f"nav entry '{entry.path}' leads to {docs}/{entry.path}, which does not exist"
                    + renamed_hint(entry.path, source_pages - {e.path for e in listed}),
                )
            )
    if nav_line is None:
        return findings  # no nav: MkDocs lists every page itself
    unlisted = source_pages - seen.keys()
    missing = [entry for entry in listed if entry.path not in source_pages]
    for rel in sorted(unlisted):
        renamed = next((entry for entry in missing if renamed_to(entry.path, unlisted) == rel), None)
        neighbours = [
            e
            for e in listed
            if e.path in source_pages and e.path.rsplit("/", 1)[0] == rel.rsplit("/", 1)[0] and "/" in rel
        ]
        if renamed is not None:  # the entry still names the page as it was
            line, where = renamed.line, f"write '{rel}' in place of the entry '{renamed.path}' (line {renamed.line})"
        elif neighbours:  # after the last page of its folder that nav lists, never after a broken entry
            line, where = neighbours[-1].line, f"add it after '{neighbours[-1].path}' (line {neighbours[-1].line})"
        else:
            line, where = nav_line, "add it under its section"
        findings.append(
            Finding(
                display,
                line,
                "nav-omitted",
                f"{docs}/{rel} is not in nav, so readers cannot reach it from the menu; {where}",
            )
        )
    return findings


def renamed_to(missing: str, unlisted: set[str]) -> str | None:
    """The page a missing entry was most likely renamed to: the one unlisted page with the same folder
    or file name, or None when there is no such page or more than one."""
    name, folder = Path(missing).name, Path(missing).parent
    candidates = sorted(rel for rel in unlisted if Path(rel).name == name or Path(rel).parent == folder)
    return candidates[0] if len(candidates) == 1 else None


def renamed_hint(missing: str, unlisted: set[str]) -> str:
    """'; was it renamed to …?' when exactly one candidate page has the same folder or file name."""
    renamed = renamed_to(missing, unlisted)
    return f"; was it renamed to '{renamed}'?" if renamed else ""
