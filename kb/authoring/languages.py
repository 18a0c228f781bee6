"""Languages of the site: adding one in one step, and what each still lacks.

`add` writes the language's block into mkdocs.yml and its strings table, with
names and formats from CLDR (Babel) where they exist and every other value in
English, marked `# needs translation` for the translator. Nothing else is
required: articles, router words, troubleshooter trees, glossary terms, search
synonyms and typed-figure words fall back to English (or to checks that need no
words) until they are written, and `gaps` lists what is still missing, for
`kb status` and the translation status page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from kb.data.strings import MARK, MARKED  # the mark a generated value carries until a translator replaces it

# A strings table line: `key: value`, or `key:` opening plural forms.
TABLE_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[\w.-]+):(?P<value>.*)$")
# A language code as MkDocs and static-i18n accept it: en, zh, pt-BR.
CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class LanguageError(Exception):
    """Why a language cannot be added; the message says what to do."""


@dataclass(frozen=True)
class Gap:
    what: str  # interface strings, router words, troubleshooter trees...
    where: str  # the file to edit, as writers see it
    detail: str  # what is missing and what readers get meanwhile


def locale_of(code: str) -> Locale:
    if not CODE.match(code):
        raise LanguageError(f"'{code}' is not a language code such as fr, de or pt-BR")
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise LanguageError(f"'{code}' is not a language CLDR knows; use its ISO 639 code, such as fr or de") from None


def own_name(locale: Locale) -> str:
    """The language's name in itself, capitalized as a menu entry: Français, Deutsch, Русский."""
    name = locale.get_display_name(locale) or str(locale)
    return name[:1].upper() + name[1:]


def config_block(code: str, locale: Locale, site_name: str, site_description: str, indent: str) -> str:
    """The static-i18n language block for mkdocs.yml; site texts in English, marked."""
    return (
        f"{indent}- locale: {code}\n"
        f"{indent}  name: {json.dumps(own_name(locale), ensure_ascii=False)}\n"
        f"{indent}  build: true\n"
        f"{indent}  site_name: {json.dumps(site_name, ensure_ascii=False)}  {MARK}\n"
        f"{indent}  site_description: {json.dumps(site_description, ensure_ascii=False)}  {MARK}\n"
    )


def cldr_values(locale: Locale) -> dict[str, str]:
    """Strings whose value CLDR gives in the new language."""
    interval = locale.interval_formats.get(None) or "{0}–{1}"
    return {"contact.day_range": interval.replace("{0}", "{start}").replace("{1}", "{end}")}


def strings_table(reference_text: str, reference: dict, locale: Locale) -> str:
    """A strings table for `locale` from the English one: the same keys, comments and order; CLDR
    values where they exist, English marked for translation elsewhere; plural forms in the
    language's own CLDR categories."""
    known = cldr_values(locale)
    categories = [
        tag
        for tag in ("zero", "one", "two", "few", "many", "other")
        if tag in locale.plural_form.tags or tag == "other"
    ]
    out, skipping = [], False
    for line in reference_text.splitlines():
        match = TABLE_LINE.match(line)
        if skipping and match and match.group("indent"):
            continue  # the English plural forms, replaced below
        skipping = False
        if not match or match.group("indent") or line.lstrip().startswith("#"):
            out.append(line)
            continue
        key = match.group("key")
        value = reference.get(key)
        if isinstance(value, dict):
            out.append(f"{key}:")
            for category in categories:
                text = value.get(category, value.get("other", ""))
                out.append(f"  {category}: {json.dumps(text, ensure_ascii=False)}  {MARK}")
            skipping = True
        elif key in known:
            out.append(f"{key}: {json.dumps(known[key], ensure_ascii=False)}")
        else:
            out.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}  {MARK}")
    return "\n".join(out) + "\n"


def _languages_node(root: yaml.Node) -> yaml.SequenceNode:
    """The node of plugins > i18n > languages in mkdocs.yml's node tree."""
    plugins = _value(root, "plugins")
    for plugin in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        languages = _value(_value(plugin, "i18n"), "languages")
        if isinstance(languages, yaml.SequenceNode):
            return languages
    raise LanguageError("mkdocs.yml has no plugins > i18n > languages list to add the language to")


def _end_line(node: yaml.Node) -> int:
    """The index of the first line after a node's own text (a block mapping's end mark lies past
    the comments and blank lines that follow it, so the end is its last scalar's)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node.end_mark.line + (1 if node.end_mark.column else 0)


def _value(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for k, value in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def add(root: Path, code: str, strings_dir: Path, display) -> list[str]:
    """Add language `code` to the site at `root`; returns what was written, as lines for the writer."""
    locale = locale_of(code)
    config_path = root / "mkdocs.yml"
    config_text = config_path.read_text(encoding="utf-8")
    config = yaml.compose(config_text)
    languages = _languages_node(config)
    codes = [str(getattr(_value(item, "locale"), "value", "")) for item in languages.value]
    if code in codes:
        raise LanguageError(
            f"'{code}' is already a language of this site (mkdocs.yml line "
            f"{languages.value[codes.index(code)].start_mark.line + 1})"
        )
    table = strings_dir / f"{code}.yml"
    if table.exists():
        raise LanguageError(f"{display(table)} already exists; remove it or add the block to mkdocs.yml by hand")
    reference_path = strings_dir / "en.yml"
    reference_text = reference_path.read_text(encoding="utf-8")
    reference = yaml.safe_load(reference_text)

    name = _value(config, "site_name")
    if isinstance(name, yaml.SequenceNode):  # !ENV [NAME, default]: the default
        name = name.value[-1]
    site_name = str(getattr(name, "value", "") or "")
    site_description = " ".join(str(getattr(_value(config, "site_description"), "value", "")).split())

    lines = config_text.splitlines(keepends=True)
    at = _end_line(languages.value[-1])
    dash = " " * (languages.value[0].start_mark.column - 2)  # "- " sits two columns before the item's keys
    block = config_block(code, locale, site_name, site_description, dash)
    config_path.write_text("".join(lines[:at]) + block + "".join(lines[at:]), encoding="utf-8")
    header = (
        f"# {own_name(locale)} ({code}). Written by kb add-language: each value marked '{MARK}' is still\n"
        f"# English. Translate it and delete the mark; `kb status --lang {code}` lists what is left.\n\n"
    )
    text = header + strings_table(reference_text, reference, locale)
    table.write_text(text, encoding="utf-8")
    marked = sum(1 for line in text.splitlines() if MARKED.match(line))
    return [
        f"mkdocs.yml: language block for {code} ({own_name(locale)}) added at line {at + 1}",
        f"{display(table)}: {marked} strings to translate (marked '{MARK}'), CLDR formats filled in",
    ]


def marked_lines(path: Path) -> list[tuple[int, str]]:
    """(line, key) of every value still marked for translation in a file."""
    if not path.is_file():
        return []
    return [
        (number, match.group("key"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (match := MARKED.match(line))
    ]


def config_marks(config_text: str) -> dict[str, list[tuple[int, str]]]:
    """Marked values of each language's block in mkdocs.yml, by language code."""
    try:
        languages = _languages_node(yaml.compose(config_text))
    except (LanguageError, yaml.YAMLError):
        return {}
    lines = config_text.splitlines()
    marks = {}
    for item in languages.value:
        code = str(getattr(_value(item, "locale"), "value", ""))
        span = range(item.start_mark.line, item.end_mark.line + 1)
        marks[code] = [(n + 1, m.group("key")) for n in span if n < len(lines) and (m := MARKED.match(lines[n]))]
    return marks


def gaps(site) -> dict[str, list[Gap]]:
    """What each language other than the source still lacks, and what readers get meanwhile.
    Articles are not listed here: their state is the translation status."""
    from kb.data import router, topics
    from kb.features import troubleshooter

    config = site.config_file.read_text(encoding="utf-8") if site.config_file else ""
    in_config = config_marks(config)
    routes = router.load(site.paths["router"], "")[0] if site.paths["router"].is_file() else None
    trees = list(site.troubleshooters[0].values())
    terms = [
        name for name, entry in site.glossary.items() if isinstance(entry, dict) and isinstance(entry.get("use"), dict)
    ]
    search_files = site.root / "overrides" / "assets" / "kb" / "search" / "languages"
    without_topic_words = topics.lacking(site.topics[0], site.languages) if site.paths["topics"].is_file() else []
    result = {}
    marks: list[tuple[int, str]] | None
    for lang in site.languages[1:]:
        found = []
        table = site.paths["strings"] / f"{lang}.yml"
        if marks := marked_lines(table):
            found.append(
                Gap(
                    "interface strings",
                    f"{site.display(table)}:{marks[0][0]}",
                    f"{len(marks)} still in English, marked '{MARK}'",
                )
            )
        if marks := in_config.get(lang):
            found.append(
                Gap(
                    "site name and description",
                    f"{site.display(site.config_file)}:{marks[0][0]}",
                    f"{', '.join(key for _, key in marks)} still in English, marked '{MARK}'",
                )
            )
        if routes is not None and lang not in router.word_languages(routes):
            found.append(
                Gap(
                    "request router words",
                    site.display(site.paths["router"]),
                    "none yet: the router matches English words",
                )
            )
        if untranslated := [tree.name for tree in trees if lang not in troubleshooter.text_languages(tree)]:
            found.append(
                Gap(
                    "troubleshooter trees",
                    site.display(site.paths["troubleshooters"]),
                    f"{len(untranslated)} of {len(trees)} shown in English with a notice: "
                    + ", ".join(sorted(untranslated)),
                )
            )
        if missing := [name for name in terms if lang not in site.glossary[name]["use"]]:
            found.append(
                Gap(
                    "glossary terms",
                    site.display(site.paths["glossary"]),
                    f"{len(missing)} of {len(terms)} have no approved term: " + ", ".join(missing),
                )
            )
        if lang in without_topic_words:
            found.append(
                Gap(
                    "typed-figure words",
                    site.display(site.paths["topics"]),
                    "none yet: every typed duration in days, months or business days must be a policy "
                    "figure, in any sentence",
                )
            )
        if not (site.paths["synonyms"] / f"{lang}.yml").is_file():
            found.append(
                Gap(
                    "search synonyms",
                    site.display(site.paths["synonyms"] / f"{lang}.yml"),
                    "none yet: search matches the words of the articles only",
                )
            )
        if not (search_files / f"{lang}.js").is_file():
            found.append(
                Gap(
                    "search stemming",
                    site.display(search_files),
                    "no stemmer or stop words for this language: search matches whole words",
                )
            )
        result[lang] = found
    return result
