"""Guided troubleshooting: one decision tree per problem, written as data in
data/troubleshooters/<problem>.yml, with its text in every language.

A node is a `question` (with `yes` and `no` pointing to other nodes), a `fix`, or
a `contact` (with the details to `prepare`). The build refuses a tree whose
branch leads nowhere, loops, leaves a node unreachable, or whose text is missing
or extra in a language that has begun the tree (a language that has not begun it
reads the source language's text until it is translated). Rendered, a tree is a nested
list (readable without JavaScript) followed by its first question as the browser shows
it, so the widget has its size before the script turns it into one question at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.core.findings import Finding
from kb.core.yamlfiles import key_line, read_data_file
from kb.features.widgets import Partials

KINDS = ("question", "fix", "contact")
# What a customer may be asked to have ready before contacting support (keys of strings "prepare.*").
PREPARE = ("model", "serial", "proof", "tried", "photos")


@dataclass(frozen=True)
class Tree:
    name: str
    path: str  # for messages: data/troubleshooters/wont-turn-on.yml
    page: str  # the article it belongs to: troubleshooting/wont-turn-on.md
    start: str
    nodes: dict
    node: yaml.Node  # for line numbers


def load(path: Path, display: str) -> tuple[Tree | None, list[Finding]]:
    data, node, findings = read_data_file(path, display, "troubleshooter-yaml")
    if findings:
        return None, findings
    if not isinstance(data, dict) or not {"page", "start", "nodes"} <= set(data) or not isinstance(data["nodes"], dict):
        return None, [Finding(display, 1, "troubleshooter-shape", "a tree needs page, start and nodes")]
    # YAML 1.1 reads the keys yes: and no: as true and false; writers mean the answers.
    answers = {True: "yes", False: "no"}
    nodes = {
        name: {answers.get(key, key): value for key, value in (spec or {}).items()} if isinstance(spec, dict) else spec
        for name, spec in data["nodes"].items()
    }
    return Tree(path.stem, display, data["page"], data["start"], nodes, node), []


def _line(tree: Tree, *where: str) -> int:
    return key_line(tree.node, ["nodes", *where[:-1]], key=where[-1], offset=1) if where else 1


def _answer_line(tree: Tree, name: str, answer: str) -> int:
    """Line of a node's yes: or no: key (YAML keeps the written spelling in the node tree)."""
    return key_line(tree.node, ["nodes", name], key=answer, offset=1)


def text_languages(tree: Tree) -> set[str]:
    """Every language that has text in at least one node of the tree."""
    return {
        lang
        for spec in tree.nodes.values()
        if isinstance(spec, dict)
        for kind in KINDS
        if isinstance(spec.get(kind), dict)
        for lang in spec[kind]
    }


def translated(tree: Tree, lang: str) -> bool:
    """Whether every node has its text in `lang`."""
    return all(
        isinstance(spec, dict) and any(isinstance(spec.get(kind), dict) and lang in spec[kind] for kind in KINDS)
        for spec in tree.nodes.values()
    )


def validate(tree: Tree, languages: list[str]) -> list[Finding]:
    """Dead ends, loops, unreachable nodes and text that differs between languages. `languages`
    starts with the source language, which every node needs; another language needs every
    node once it has begun the tree."""
    findings = []
    nodes = tree.nodes
    begun = text_languages(tree)
    required = [lang for index, lang in enumerate(languages) if index == 0 or lang in begun]
    if tree.start not in nodes:
        findings.append(
            Finding(
                tree.path,
                key_line(tree.node, [], key="start", offset=1),
                "troubleshooter-dead-end",
                f"start node '{tree.start}' does not exist",
            )
        )
        return findings
    for name, spec in nodes.items():
        kinds = [kind for kind in KINDS if kind in (spec or {})]
        if len(kinds) != 1:
            findings.append(
                Finding(
                    tree.path,
                    _line(tree, name),
                    "troubleshooter-shape",
                    f"node '{name}' must have exactly one of question, fix or contact",
                )
            )
            continue
        kind = kinds[0]
        text = spec[kind]
        given = set(text) if isinstance(text, dict) else set()
        for lang in [lang for lang in required if lang not in given]:
            findings.append(
                Finding(
                    tree.path,
                    _line(tree, name, kind),
                    "troubleshooter-language",
                    f"node '{name}' has no {kind} text in '{lang}'; every language has the same tree",
                )
            )
        for lang in sorted(given - set(languages)):
            findings.append(
                Finding(
                    tree.path,
                    _line(tree, name, kind),
                    "troubleshooter-language",
                    f"node '{name}' has {kind} text in '{lang}', which is not a site language",
                )
            )
        if kind == "question":
            for answer in ("yes", "no"):
                target = spec.get(answer)
                if target is None:
                    findings.append(
                        Finding(
                            tree.path,
                            _line(tree, name),
                            "troubleshooter-dead-end",
                            f"question '{name}' has no '{answer}' branch",
                        )
                    )
                elif target not in nodes:
                    findings.append(
                        Finding(
                            tree.path,
                            _answer_line(tree, name, answer),
                            "troubleshooter-dead-end",
                            f"'{answer}' of question '{name}' leads to '{target}', which does not exist",
                        )
                    )
        if kind == "contact":
            unknown = [item for item in spec.get("prepare", []) if item not in PREPARE]
            if unknown or not spec.get("prepare"):
                findings.append(
                    Finding(
                        tree.path,
                        _line(tree, name),
                        "troubleshooter-shape",
                        f"contact node '{name}' must list what to prepare, from: {', '.join(PREPARE)}",
                    )
                )
    if findings:
        return findings
    reached: set[str] = set()
    stack: list[tuple[str, tuple[str, ...]]] = [(tree.start, (tree.start,))]
    while stack:
        name, trail = stack.pop()
        reached.add(name)
        spec = nodes[name]
        for answer in ("yes", "no"):
            target = spec.get(answer) if "question" in spec else None
            if target is None:
                continue
            if target in trail:
                findings.append(
                    Finding(
                        tree.path,
                        _answer_line(tree, name, answer),
                        "troubleshooter-loop",
                        f"'{answer}' of question '{name}' leads back to '{target}'",
                    )
                )
                continue
            stack.append((target, trail + (target,)))
    for name in nodes:
        if name not in reached:
            findings.append(
                Finding(
                    tree.path,
                    _line(tree, name),
                    "troubleshooter-unreachable",
                    f"node '{name}' cannot be reached from '{tree.start}'",
                )
            )
    return sorted(set(findings))


def node(tree: Tree, lang: str, strings: dict, name: str | None = None) -> dict:
    """Node `name` (the start if none) and every node below it, as plain data in `lang` for the
    partial kb-widgets/troubleshooter.html: name, kind, text, and the question's branches (answer,
    label, node) or the contact's list of what to prepare."""
    name = name or tree.start
    spec = tree.nodes[name]
    kind = next(kind for kind in KINDS if kind in spec)
    result: dict = {"name": name, "kind": kind, "text": str(spec[kind][lang])}
    if kind == "question":
        result["branches"] = [
            {
                "answer": answer,
                "label": str(strings["troubleshooter." + answer]),
                "node": node(tree, lang, strings, spec[answer]),
            }
            for answer in ("yes", "no")
        ]
    if kind == "contact":
        result["prepare"] = [str(strings["prepare." + item]) for item in spec["prepare"]]
    return result


def render(
    partials: Partials, instance: int, tree: Tree, lang: str, strings: dict, contact_url: str, level: int = 2
) -> str:
    """The tree in `lang`, from the autoescaped partial kb-widgets/troubleshooter.html."""
    return partials.render(
        "troubleshooter",
        instance,
        tree=tree.name,
        root=node(tree, lang, strings),
        t=strings,
        contact_url=contact_url,
        level=level,
    )
