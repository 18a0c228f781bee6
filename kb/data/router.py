"""The request router's data: data/router.yml, one entry per request type.

Each type names the article where that request starts (`page`), what the customer
should prepare (keys of the strings `prepare.*`) and, per language, the words that
point to it. The build refuses a type whose page does not exist, whose label or
prepare items have no UI string, whose words are missing in a language, or a word
listed under two types in the same language (the browser could not decide)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.core.findings import Finding
from kb.core.yamlfiles import key_line, read_data_file


@dataclass(frozen=True)
class Routes:
    path: str  # for messages: data/router.yml
    types: dict  # name -> {"page", "prepare", "words": {lang: [word, ...]}}
    node: yaml.Node | None  # for line numbers


def load(path: Path, display: str) -> tuple[Routes, list[Finding]]:
    data, node, findings = read_data_file(path, display, "router-yaml")
    if findings:
        return Routes(display, {}, None), findings
    types = data.get("types") if isinstance(data, dict) else None
    if not isinstance(types, dict) or not types:
        return Routes(display, {}, node), [
            Finding(display, 1, "router-shape", "expected a mapping `types:` of request types")
        ]
    return Routes(display, types, node), []


def _normalized(word: str) -> str:
    return word.strip().lower()


def word_languages(routes: Routes) -> set[str]:
    """Every language that has words for at least one request type."""
    return {
        lang
        for spec in routes.types.values()
        if isinstance(spec, dict) and isinstance(spec.get("words"), dict)
        for lang, words in spec["words"].items()
        if words
    }


def with_fallback(routes: Routes, languages: list[str]) -> Routes:
    """The routes with the source language's words (languages[0]) for every language that has none."""
    begun = word_languages(routes)
    types = {}
    for name, spec in routes.types.items():
        if isinstance(spec, dict) and isinstance(spec.get("words"), dict):
            words = dict(spec["words"])
            words.update({lang: words.get(languages[0]) or [] for lang in languages if lang not in begun})
            spec = dict(spec, words=words)
        types[name] = spec
    return Routes(routes.path, types, routes.node)


def validate(routes: Routes, languages: list[str], source_pages: set[str], source_strings: dict) -> list[Finding]:
    """Problems of the router data; `languages` starts with the source language; `source_strings`
    is the reference (English) strings table."""
    findings = []
    begun = word_languages(routes)
    required = [lang for index, lang in enumerate(languages) if index == 0 or lang in begun]

    def report(where: list, key: str, rule: str, message: str) -> None:
        findings.append(
            Finding(routes.path, key_line(routes.node, ["types", *where], key=key, offset=1), rule, message)
        )

    owner: dict[tuple[str, str], str] = {}
    for name, spec in routes.types.items():
        if not isinstance(spec, dict) or not {"page", "prepare", "words"} <= set(spec):
            report([], name, "router-shape", f"type '{name}' needs page, prepare and words")
            continue
        if spec["page"] not in source_pages:
            report(
                [name],
                "page",
                "router-page",
                f"type '{name}': page '{spec['page']}' does not exist in the English docs",
            )
        if f"router.type.{name}" not in source_strings:
            report([], name, "router-label", f"type '{name}' has no UI string 'router.type.{name}' in data/strings/")
        for item in spec["prepare"] or []:
            if f"prepare.{item}" not in source_strings:
                report(
                    [name],
                    "prepare",
                    "router-prepare",
                    f"type '{name}': '{item}' has no UI string 'prepare.{item}'; known: "
                    + ", ".join(sorted(k.split(".", 1)[1] for k in source_strings if k.startswith("prepare."))),
                )
        words = spec["words"] if isinstance(spec["words"], dict) else {}
        for lang in required:
            if not words.get(lang):
                report([name], "words", "router-words", f"type '{name}' has no words for language '{lang}'")
                continue
            for word in words[lang]:
                key = (lang, _normalized(str(word)))
                if key in owner and owner[key] != name:
                    report(
                        [name, "words"],
                        lang,
                        "router-ambiguous",
                        f"'{word}' ({lang}) is listed under both '{owner[key]}' and '{name}'; keep it under one type",
                    )
                owner.setdefault(key, name)
        for lang in sorted(set(words) - set(languages)):
            report([name, "words"], lang, "router-words", f"type '{name}': '{lang}' is not a language of this site")
    return findings
