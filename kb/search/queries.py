"""Search evaluation queries (tests/search/queries/<lang>.yml): customer questions with the
articles that answer them. `make test` holds search to them, so an answer that names an
article which no longer exists (renamed, removed) is a finding at its line, like a broken link:
tests/search/queries/en.yml:6: query-answer: 'warranty/overviews.md' is not an article of docs/en/"""

from __future__ import annotations

from pathlib import Path

from kb.checks.nav import renamed_hint
from kb.core.findings import Finding
from kb.core.yamlfiles import key_line, read_data_file


def check(path: Path, display: str, languages: list[str], source_pages: set[str], docs: str) -> list[Finding]:
    """Findings for one queries file: its shape, its language, and answers that are not articles."""
    data, node, findings = read_data_file(path, display, "query-yaml")
    if findings:
        return findings
    if path.stem not in languages:
        return [
            Finding(
                display,
                1,
                "query-language",
                f"'{path.stem}' is not a language of this site ({', '.join(languages)}); name the file after one",
            )
        ]
    if not isinstance(data, list):
        return [Finding(display, 1, "query-shape", "expected a list of queries: - q: ..., kind: ..., answers: [...]")]
    for index, item in enumerate(data):
        line = key_line(node, [index], offset=1)
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("q"), str)
            or not isinstance(item.get("answers"), list)
        ):
            findings.append(
                Finding(display, line, "query-shape", "a query needs q: (text) and answers: (a list of articles)")
            )
            continue
        for answer in item["answers"]:
            if answer not in source_pages:
                findings.append(
                    Finding(
                        display,
                        key_line(node, [index], key="answers", offset=1),
                        "query-answer",
                        f"'{answer}' is not an article of {docs}/" + renamed_hint(str(answer), source_pages),
                    )
                )
    return findings
