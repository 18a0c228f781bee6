"""Search synonyms: data/synonyms/<lang>.yml maps customers' words to the site's terms.

    money back: refund
    wipe: [reset, erase]

A query that contains a key (after the search analysis: case, accents, word endings)
also searches for its terms. The build refuses a file that is not such a mapping, a
duplicate key, a key that is one of its own terms, and a term that never occurs in
that language's articles (it could never find anything). A language without a file
searches without synonyms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.core.findings import Finding
from kb.core.yamlfiles import read_data_file


@dataclass(frozen=True)
class Entry:
    line: int
    key: str
    targets: tuple[str, ...]


def load(path: Path, display: str) -> tuple[list[Entry], list[Finding]]:
    """The entries of one synonyms file, with problems of its shape."""
    data, node, findings = read_data_file(path, display, "synonym-yaml")
    if findings or node is None:
        return [], findings
    if not isinstance(node, yaml.MappingNode):
        return [], [
            Finding(
                display,
                node.start_mark.line + 1,
                "synonym-shape",
                "expected a mapping of customers' words to the site's terms, like `money back: refund`",
            )
        ]
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or not key.strip():
            findings.append(Finding(display, line, "synonym-shape", "a key must be a customer's word or phrase"))
            continue
        if isinstance(value_node, yaml.ScalarNode) and value_node.value.strip():
            targets = (value_node.value.strip(),)
        elif (
            isinstance(value_node, yaml.SequenceNode)
            and value_node.value
            and all(isinstance(item, yaml.ScalarNode) and item.value.strip() for item in value_node.value)
        ):
            targets = tuple(item.value.strip() for item in value_node.value)
        else:
            findings.append(
                Finding(
                    display, line, "synonym-shape", f"'{key}': the value must be a site term or a list of site terms"
                )
            )
            continue
        folded = key.strip().casefold()
        if folded in seen:
            findings.append(
                Finding(
                    display,
                    line,
                    "synonym-duplicate",
                    f"'{key}' is already a key at line {seen[folded]}; merge the two entries",
                )
            )
            continue
        seen[folded] = line
        entries.append(Entry(line, key.strip(), targets))
    return entries, findings


def validate(entries: list[Entry], display: str, content_terms: set[str], analyze, docs: str) -> list[Finding]:
    """Problems of the entries against the language's content. `analyze(texts)` gives the
    search terms of each text; `content_terms` are the terms of every article of the language."""
    findings = []
    texts = [entry.key for entry in entries] + [target for entry in entries for target in entry.targets]
    analyzed = iter(analyze(texts))
    keys = [next(analyzed) for _ in entries]
    for entry, key_terms in zip(entries, keys, strict=True):
        if not key_terms:
            findings.append(
                Finding(
                    display,
                    entry.line,
                    "synonym-key",
                    f"'{entry.key}' has no searchable word (only stop words or punctuation)",
                )
            )
        for target in entry.targets:
            target_terms = next(analyzed)
            if target.casefold() == entry.key.casefold() or (target_terms and target_terms == key_terms):
                findings.append(
                    Finding(
                        display,
                        entry.line,
                        "synonym-same",
                        f"'{entry.key}' lists itself ('{target}'); a synonym must lead to other words",
                    )
                )
            elif not target_terms:
                findings.append(
                    Finding(display, entry.line, "synonym-target", f"'{entry.key}': '{target}' has no searchable word")
                )
            elif missing := [t for t in target_terms if t not in content_terms]:
                findings.append(
                    Finding(
                        display,
                        entry.line,
                        "synonym-target",
                        f"'{entry.key}': '{target}' does not occur in {docs}, so it finds nothing"
                        f" (no article has '{missing[0]}')",
                    )
                )
    return findings


def compiled(entries: list[Entry], analyze, slots) -> list[list]:
    """The entries as the search worker uses them: [key words, [target terms, ...]], where each
    key word lists the terms it may stand as (`slots(texts)`) and each target is a phrase of terms."""
    keys = slots([entry.key for entry in entries])
    analyzed = iter(analyze([target for entry in entries for target in entry.targets]))
    out = []
    for entry, key in zip(entries, keys, strict=True):
        targets = [next(analyzed) for _ in entry.targets]
        if key:
            out.append([key, [t for t in targets if t]])
    return out
