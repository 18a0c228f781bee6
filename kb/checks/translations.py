"""Translations: the English tree is the source; every other language mirrors it.

- orphan: a translation with no English source is an error;
- missing: an English page with no translation builds as a fallback with a notice;
- outdated: a translation records `source_hash`, the hash of the English source it
  was made from; when the source's words change, the translation shows a banner;
- parity: a translation keeps its source's heading anchors, links, images and
  numbered steps."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from html import escape

import yaml

from kb.core import markdown_parts
from kb.core.findings import Finding
from kb.core.pages import Page, source_path
from kb.core.yamlfiles import load_yaml

# Whitespace of any kind and length: a re-wrapped or re-indented paragraph hashes the same.
WHITESPACE = re.compile(r"\s+")
# Front matter keys whose words are part of what a translator translates.
TRANSLATED_KEYS = ("title", "description")


def normalized_source(page: Page) -> str:
    """The words of a page: translated front matter values and the body, whitespace folded."""
    meta: dict = {}
    if page.yaml is not None:
        try:
            meta = load_yaml(page.yaml) or {}
        except yaml.YAMLError:
            meta = {}
    head = " ".join(str(meta.get(key, "")) for key in TRANSLATED_KEYS)
    return WHITESPACE.sub(" ", f"{head} {page.body}").strip()


def source_hash(page: Page) -> str:
    """12 hex digits of SHA-256 over the normalized source: changes only when words change."""
    return hashlib.sha256(normalized_source(page).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Status:
    rel: str  # path under docs/<lang>/
    lang: str
    state: str  # current, outdated or missing


def status(
    pages: list[Page], languages: list[str], source_lang: str, recorded: dict[tuple[str, str], str | None]
) -> list[Status]:
    """State of every source page in every other language. `recorded` maps (lang, rel) to source_hash."""
    sources = {page.rel: page for page in pages if page.lang == source_lang}
    present = {(page.lang, page.rel) for page in pages}
    result = []
    for rel, source in sorted(sources.items()):
        current = source_hash(source)
        for lang in languages:
            if lang == source_lang:
                continue
            if (lang, rel) not in present:
                state = "missing"
            elif recorded.get((lang, rel)) == current:
                state = "current"
            else:
                state = "outdated"
            result.append(Status(rel, lang, state))
    return result


def orphans(pages: list[Page], source_lang: str, prefix: str = "docs") -> list[Finding]:
    sources = {page.rel for page in pages if page.lang == source_lang}
    return [
        Finding(
            page.path,
            1,
            "translation-orphan",
            f"no English source {source_path(prefix, source_lang, page.rel)}; a translation must mirror "
            f"a page under {prefix}/{source_lang}/ (rename it, or add the English page first)",
        )
        for page in pages
        if page.lang != source_lang and page.rel not in sources
    ]


def hash_findings(page: Page, meta: dict | None) -> list[Finding]:
    """A translation must say which source version it translates."""
    if meta is None or "source_hash" in meta:
        return []
    return [
        Finding(
            page.path,
            1,
            "translation-hash-missing",
            f"translation has no source_hash; after translating, run: kb mark {page.lang} {page.rel}",
        )
    ]


def _placeholder(placeholder: markdown_parts.Placeholder) -> str:
    """A placeholder as parity counts it: its key, whatever case or width a translation asks of it."""
    return "{{" + placeholder.key.partition("|")[0].replace(" ", "") + "}}"


def _structure(page: Page) -> dict[str, Counter]:
    body, first = page.body, page.body_line
    return {
        "heading anchor": Counter(
            f"#{h.anchor}" for h in markdown_parts.headings(body, first) if h.level > 1 and h.anchor
        ),
        "link": Counter(
            link.target
            for link in markdown_parts.links(body, first)
            if not link.image and markdown_parts.is_internal(link.target)
        ),
        "image": Counter(link.target for link in markdown_parts.links(body, first) if link.image),
        "placeholder": Counter(_placeholder(p) for p in markdown_parts.placeholders(body, first)),
    }


def _first_line(page: Page, kind: str, item: str) -> int:
    # `item` comes from this page's _structure, so it is always found: the default line is never used.
    if kind == "heading anchor":
        return next(
            (h.line for h in markdown_parts.headings(page.body, page.body_line) if f"#{h.anchor}" == item), 1
        )  # pragma: no mutate
    if kind == "placeholder":
        return next(
            (p.line for p in markdown_parts.placeholders(page.body, page.body_line) if _placeholder(p) == item),
            1,
        )  # pragma: no mutate
    return next(
        (link.line for link in markdown_parts.links(page.body, page.body_line) if link.target == item), 1
    )  # pragma: no mutate


def parity(source: Page, translation: Page) -> list[Finding]:
    """Differences in anchors, links, images and numbered steps, naming both files."""
    findings = []
    ours, theirs = _structure(source), _structure(translation)
    for kind in ours:
        for item in sorted((ours[kind] - theirs[kind]).elements()):
            findings.append(
                Finding(
                    translation.path,
                    1,
                    "translation-parity",
                    f"{kind} '{item}' of {source.path}:{_first_line(source, kind, item)} "
                    f"is missing from the translation",
                )
            )
        for item in sorted((theirs[kind] - ours[kind]).elements()):
            findings.append(
                Finding(
                    translation.path,
                    _first_line(translation, kind, item),
                    "translation-parity",
                    f"{kind} '{item}' is not in the source {source.path}",
                )
            )
    steps_source = markdown_parts.ordered_items(source.body, source.body_line)
    steps_translation = markdown_parts.ordered_items(translation.body, translation.body_line)
    if len(steps_source) != len(steps_translation):
        findings.append(
            Finding(
                translation.path,
                steps_translation[0] if steps_translation else 1,
                "translation-parity",
                f"has {len(steps_translation)} numbered steps; the source {source.path} has {len(steps_source)}",
            )
        )
    return findings


def summary(states: list[Status], languages: list[str]) -> list[str]:
    """The build log's lines about translations that are not current: one per language of `languages`
    that has any, with its counts and the command that lists them, never one line per article."""
    lines = []
    for lang in languages:
        mine = [s for s in states if s.lang == lang]
        counts = [(sum(s.state == state for s in mine), state) for state in ("missing", "outdated")]
        if pending := [f"{count} {state}" for count, state in counts if count]:
            lines.append(
                f"{lang}: {' and '.join(pending)} of {len(mine)} translations; kb status --lang {lang} lists them"
            )
    return lines


def status_markdown(
    states: list[Status],
    titles: dict[str, str],
    names: dict[str, str],
    source_lang: str,
    gaps: dict[str, list] | None = None,
) -> str:
    """The translation status page: counts per language, then per language what else is still in
    English (`gaps`: kb.authoring.languages.Gap lists) and the outdated and missing pages with links.
    `titles` maps a source path to its English title; `names` a language code to its own name."""

    def url(lang: str, rel: str) -> str:
        stem = rel[:-3]
        path = "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")
        return "../" + ("" if lang == source_lang else f"{lang}/") + path

    languages = list(dict.fromkeys(s.lang for s in states))
    lines = [
        "---",
        "title: Translation status",
        "description: Which help articles are current, outdated or missing in each language.",
        "category: meta",
        "topics: [translations]",
        "search: {exclude: true}",
        "hide: [navigation]",
        "---",
        "# Translation status",
        "",
        "Every article is written in English first. A translation is *current* when it was marked "
        "against the English text as it is now, *outdated* when the English words changed since, "
        "and *missing* when it does not exist yet (readers see the English page with a notice).",
        "",
        "| Language | Current | Outdated | Missing | Complete |",
        "|---|---:|---:|---:|---:|",
    ]
    for lang in languages:
        mine = [s for s in states if s.lang == lang]
        count = {state: sum(s.state == state for s in mine) for state in ("current", "outdated", "missing")}
        percent = 100 * count["current"] // len(mine) if mine else 100
        lines.append(
            f"| [{escape(names.get(lang, lang))} ({lang})](#{lang}) | {count['current']} | {count['outdated']} | "
            f"{count['missing']} | {percent}% |"
        )
    for lang in languages:
        lines += ["", f"## {escape(names.get(lang, lang))} ({lang}) {{#{lang}}}", ""]
        for gap in (gaps or {}).get(lang, []):
            lines.append(f"- **{escape(gap.what)}** (`{gap.where}`): {escape(gap.detail)}")
        if (gaps or {}).get(lang):
            lines.append("")
        pending = [s for s in states if s.lang == lang and s.state != "current"]
        if not pending:
            lines.append(f"All {sum(s.lang == lang for s in states)} articles are current.")
        for s in pending:
            title = escape(titles.get(s.rel, s.rel))
            lines.append(
                f'- **{s.state}**: <a href="{url(lang, s.rel)}">{title}</a> '
                f'(`docs/{lang}/{s.rel}`; English: <a href="{url(source_lang, s.rel)}">{title}</a>)'
            )
    return "\n".join(lines) + "\n"
