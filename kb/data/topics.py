"""Topic words: data/topics.yml, the words that put a sentence under a policy topic
(return, refund, warranty, Kestrel Care, chat, email), per topic and language.

    return:
      en: '\\breturn(?:s|ed|ing)?\\b'
      es: [devoluci[oó]n, devolver]

Each value is a regular expression (case ignored) or a list of them; `*` applies to
every language. A translator supplies a language's words with the language; until
then the typed-figure check (kb/checks/contradictions.py) applies its rule for languages
without topic words, and `lacking` lists them. Loading reports a bad shape, topic,
language code or expression at its line and leaves that entry out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from kb.core.findings import Finding
from kb.core.yamlfiles import read_data_file

# The policy topics, as kb.checks.contradictions.rules names them.
TOPICS = ("return", "refund", "warranty", "care", "chat", "email")
EVERY_LANGUAGE = "*"


@dataclass(frozen=True)
class Topics:
    path: str  # the file as messages name it
    words: dict[str, dict[str, str]]  # topic -> language code or "*" -> regular expression
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)

    def has_words(self, lang: str) -> bool:
        """Whether every topic has words for `lang` (its own, or words for every language)."""
        return all(lang in by_lang or EVERY_LANGUAGE in by_lang for by_lang in (self.words.get(t, {}) for t in TOPICS))

    def patterns(self, lang: str) -> dict[str, re.Pattern] | None:
        """Topic -> compiled words for `lang`, compiled once; None when the language has no topic words."""
        if lang not in self._compiled:
            self._compiled[lang] = (
                None
                if not self.has_words(lang)
                else {
                    topic: re.compile(
                        "|".join(
                            f"(?:{self.words[topic][key]})"
                            for key in (lang, EVERY_LANGUAGE)
                            if key in self.words[topic]
                        ),
                        re.I,
                    )
                    for topic in TOPICS
                }
            )
        return self._compiled[lang]


def lacking(topics: Topics, languages: list[str]) -> list[str]:
    """The languages, of `languages`, that have no topic words yet (for kb status and the status page)."""
    return [lang for lang in languages if not topics.has_words(lang)]


def _known_language(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


def _expression(node: yaml.Node) -> str | None:
    """The regular expression of a value: one non-empty string, or a non-empty list of them joined."""
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return node.value
    if (
        isinstance(node, yaml.SequenceNode)
        and node.value
        and all(isinstance(item, yaml.ScalarNode) and item.value.strip() for item in node.value)
    ):
        return "|".join(f"(?:{item.value})" for item in node.value)
    return None


def _language_words(topic: str, node: yaml.Node, display: str) -> tuple[dict[str, str], set[str], list[Finding]]:
    """One topic's words per language, each checked; bad entries become findings and are left out.
    Also returns every known language code listed, kept or not."""
    words: dict[str, str] = {}
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        code = str(key_node.value)
        if code in seen:
            findings.append(
                Finding(
                    display,
                    line,
                    "topics-shape",
                    f"{topic}: '{code}' is already listed at line {seen[code]}; merge the two",
                )
            )
            continue
        if code != EVERY_LANGUAGE and not _known_language(code):
            findings.append(
                Finding(
                    display,
                    line,
                    "topics-language",
                    f"{topic}: '{code}' is not a language code Babel knows (e.g. fr, pt_BR), nor *",
                )
            )
            continue
        seen[code] = line
        expression = _expression(value_node)
        if expression is None:
            findings.append(
                Finding(
                    display, line, "topics-shape", f"{topic}.{code}: expected a regular expression or a list of them"
                )
            )
            continue
        try:
            compiled = re.compile(expression, re.I)
        except re.error as error:
            findings.append(
                Finding(
                    display,
                    line,
                    "topics-regex",
                    f"{topic}.{code}: '{expression}' is not a valid regular expression: {error}",
                )
            )
            continue
        if compiled.search(""):
            findings.append(
                Finding(
                    display,
                    line,
                    "topics-regex",
                    f"{topic}.{code}: '{expression}' matches empty text, so every sentence would be about {topic}",
                )
            )
            continue
        words[code] = expression
    return words, {code for code in seen if code != EVERY_LANGUAGE}, findings


def load(path: Path, display: str) -> tuple[Topics, list[Finding]]:
    """The topic words of data/topics.yml, with every problem of the file as a finding."""
    empty = Topics(display, {})
    data, node, findings = read_data_file(path, display, "topics-yaml")
    if findings:
        return empty, findings
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        return empty, [
            Finding(
                display,
                line,
                "topics-shape",
                f"expected one entry per topic ({', '.join(TOPICS)}), each mapping languages to words",
            )
        ]
    words: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    listed: dict[str, set[str]] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        topic = str(key_node.value)
        if topic not in TOPICS:
            findings.append(
                Finding(
                    display,
                    line,
                    "topics-unknown",
                    f"'{topic}' is not a policy topic; the topics are {', '.join(TOPICS)}",
                )
            )
        elif topic in words:
            findings.append(
                Finding(
                    display, line, "topics-shape", f"'{topic}' is already listed at line {lines[topic]}; merge the two"
                )
            )
        elif not isinstance(value_node, yaml.MappingNode):
            findings.append(
                Finding(display, line, "topics-shape", f"{topic}: expected words per language, like `en: '\\brefund'`")
            )
        else:
            words[topic], listed[topic], problems = _language_words(topic, value_node, display)
            lines[topic] = line
            findings += problems
    for topic in TOPICS:
        if topic not in lines:
            findings.append(
                Finding(display, 1, "topics-missing", f"topic '{topic}' is missing; add its words per language")
            )
    languages = sorted(set().union(*listed.values()))
    for topic, by_lang in words.items():
        missing = [code for code in languages if code not in listed[topic] and EVERY_LANGUAGE not in by_lang]
        if missing:
            findings.append(
                Finding(
                    display,
                    lines[topic],
                    "topics-missing",
                    f"{topic}: no words for {', '.join(missing)}; a language has words for every topic or for none",
                )
            )
    return Topics(display, words), findings
