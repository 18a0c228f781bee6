"""Front matter: every page has a YAML block that parses and fits the page schema.

MkDocs alone silently drops invalid YAML; here each problem becomes a finding
with the file line of the offending key."""

from __future__ import annotations

import jsonschema

from kb.core.findings import Finding
from kb.core.pages import Page
from kb.core.yamlfiles import key_line, parse

EXPECTED_START = "a block that starts with '---' on line 1 and ends with '---'"


def describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(part) for part in error.absolute_path)
    subject = f"'{where}'" if where else "front matter"
    return f"{subject}: {error.message}"


# The description `kb new` writes: it reads as an instruction, and the check refuses it until replaced.
NEW_DESCRIPTION = "Replace this with one sentence that answers the reader's question."


def check(page: Page, schema: dict) -> tuple[dict | None, list[Finding]]:
    """Parse and validate one page's front matter; return (data or None, findings)."""
    if page.yaml is None:
        return None, [
            Finding(
                page.path,
                1,
                "front-matter-missing",
                f"page has no front matter; expected {EXPECTED_START} with title, description, category and topics",
            )
        ]
    data, node, findings = parse(page.yaml, page.path)
    if data is None:
        return None, findings
    validator = jsonschema.Draft202012Validator(schema)
    allowed = sorted(schema.get("properties", {}))
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if error.validator == "additionalProperties" and not error.absolute_path:
            for key in sorted(set(data) - set(allowed)):
                findings.append(
                    Finding(
                        page.path,
                        key_line(node, [], key=key),
                        "front-matter-schema",
                        f"unknown key '{key}'; allowed keys: {', '.join(allowed)}",
                    )
                )
            continue
        findings.append(
            Finding(page.path, key_line(node, list(error.absolute_path)), "front-matter-schema", describe(error))
        )
    if isinstance(data, dict) and str(data.get("description", "")).strip() == NEW_DESCRIPTION:
        findings.append(
            Finding(
                page.path,
                key_line(node, [], key="description"),
                "front-matter-description",
                "description is still the text kb new wrote; replace it with one sentence that "
                "answers the reader's question (search engines and the search results show it)",
            )
        )
    return (data if not findings else None), findings
