"""YAML as the checks read it: front matter and data files parsed safely (no aliases, PyYAML's
C parser where it is installed), every problem a finding at its line, and the line of any key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from kb.core.findings import Finding, FindingsError
from kb.core.inputs import DATA_LIMIT, refusal
from kb.core.pages import decode

# PyYAML's C parser (libyaml, in its wheels) reads front matter several times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_schema(path: Path) -> dict:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


class AliasRefused(yaml.MarkedYAMLError):
    """A YAML alias where the project allows none."""


def refuse_aliases(text: str) -> None:
    """Raise at the first YAML alias (`*name`): writers do not need them, and a few hundred
    bytes of nested aliases expand to gigabytes when the data is built."""
    alias = None
    try:
        alias = next(
            (token for token in yaml.scan(text, Loader=FAST_LOADER) if isinstance(token, yaml.AliasToken)), None
        )
    except yaml.YAMLError:
        return  # not valid YAML: the parser reports it, in its own words
    if alias is not None:
        raise AliasRefused(
            problem=f"an alias (*{alias.value}) repeats another value; YAML aliases are "
            "not allowed here: write the value out",
            problem_mark=alias.start_mark,
        )


def load_yaml(text: str) -> Any:
    """YAML data through libyaml; on an error, the pure-Python parser raises, naming the problem."""
    refuse_aliases(text)
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """One parse gives both the node tree (for line numbers) and the data: libyaml when PyYAML
    has it; on an error, the pure-Python parser raises, naming the problem."""

    def parse_with(loader_class) -> tuple[yaml.Node | None, Any]:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            return node, (loader.construct_document(node) if node is not None else None)
        finally:
            loader.dispose()

    refuse_aliases(text)
    try:
        return parse_with(FAST_LOADER)
    except yaml.YAMLError:
        return parse_with(yaml.SafeLoader)


def parse(yaml_text: str, path: str) -> tuple[dict | None, yaml.Node | None, list[Finding]]:
    """Parse front matter YAML; return (data, node tree, findings). Line 1 of the file is '---'."""
    try:
        node, data = compose_and_construct(yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        message = (
            f"front matter: {problem}"
            if isinstance(error, AliasRefused)
            else f"front matter is not valid YAML: {problem}"
        )
        return None, None, [Finding(path, line, "front-matter-yaml", message)]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return (
            None,
            None,
            [
                Finding(
                    path,
                    2,
                    "front-matter-yaml",
                    f"front matter must be a mapping of keys to values, found {type(data).__name__}",
                )
            ],
        )
    return data, node, []


def read_data_file(path: Path, display: str, rule: str) -> tuple[Any, yaml.Node | None, list[Finding]]:
    """A YAML data file as (data, node tree for line numbers, findings); invalid YAML is one
    finding under `rule`, at the line where the parser stopped."""
    refused = refusal(path, display, DATA_LIMIT, "a data file")
    if refused:
        return None, None, [refused]
    text, problems = decode(path.read_bytes(), display, rule)
    if problems:
        return None, None, problems
    try:
        node, data = compose_and_construct(text)
        return data, node, []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", error)
        return (
            None,
            None,
            [
                Finding(
                    display,
                    mark.line + 1 if mark else 1,
                    rule,
                    str(problem) if isinstance(error, AliasRefused) else f"not valid YAML: {problem}",
                )
            ],
        )


def key_line(node: yaml.Node | None, location: list[Any], *, key: str | None = None, offset: int = 2) -> int:
    """File line of the value at `location` in the YAML tree (or of mapping `key` inside it).

    `offset` turns YAML's 0-based lines into file lines: 2 for front matter (after '---'), 1 for a file."""
    line = offset
    current = node
    steps = list(location) + ([key] if key is not None else [])
    for step in steps:
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == step:
                    line = key_node.start_mark.line + offset
                    current = value_node
                    break
            else:
                return line
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int) and step < len(current.value):
            current = current.value[step]
            line = current.start_mark.line + offset
        else:
            return line
    return line


def read_validated(
    path: Path, schema_path: Path, display: str | None, rule: str, validate: Callable[..., list[Finding]]
) -> tuple[Any, yaml.Node | None]:
    """A data file that parses and passes `validate(data, node, schema, shown)` against its JSON Schema:
    (data, node); otherwise FindingsError naming each bad line, shown as `display` (the path by default)."""
    shown = display or str(path)
    data, node, problems = read_data_file(path, shown, rule)
    if problems:
        raise FindingsError(problems)
    findings = validate(data, node, json.loads(schema_path.read_text(encoding="utf-8")), shown)
    if findings:
        raise FindingsError(findings)
    return data, node
