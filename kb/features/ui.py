"""The interface around the articles, in the reader's language.

The words that MkDocs, Material and Python-Markdown would take from mkdocs.yml (the
palette toggles' labels, the heading links' title) come from the strings tables, so
every language, one added later included, has its own; the root element declares
the language's direction."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from babel import Locale

from kb.core.findings import Finding

if TYPE_CHECKING:
    from kb.internals import PageMarkup

# The palette toggle shown while a color scheme is on, by scheme: the strings key of its label.
TOGGLE_KEYS = {"default": "palette.to_dark", "slate": "palette.to_light"}
# The root element's opening tag, without its closing bracket.
HTML_TAG = re.compile(r"<html\b[^>]*?(?=\s*/?>)")
# The opening tag of our notice banner (overrides/partials/kb-notice.html), in the reader's language.
NOTICE = re.compile(r'<div class="md-banner kb-notice')
# A `scheme:` line of mkdocs.yml, for the line of a palette finding.
SCHEME_LINE = re.compile(r"^\s*-?\s*scheme:\s*(?P<scheme>\S+)")


def escaped(table: dict) -> dict:
    """A strings table as templates print it: every value HTML-escaped (plural forms too), since
    MkDocs' templates do not escape and a table is text, never markup."""
    return {
        key: {form: html.escape(str(text)) for form, text in value.items()}
        if isinstance(value, dict)
        else html.escape(str(value))
        for key, value in table.items()
    }


def palette(options: list, strings: dict) -> list:
    """Material's palette options with each toggle labelled from the strings table (escaped:
    Material prints the label into attributes as it is)."""
    labelled = []
    for option in options:
        key = TOGGLE_KEYS.get(option.get("scheme", "default"))
        if option.get("toggle") and key in strings:
            option = {**option, "toggle": {**option["toggle"], "name": html.escape(str(strings[key]))}}
        labelled.append(option)
    return labelled


def palette_findings(options: list, path: str, text: str) -> list[Finding]:
    """A palette toggle on a scheme that has no label in the strings tables."""
    findings = []
    lines = {
        m["scheme"].strip("'\""): number
        for number, line in enumerate(text.splitlines(), start=1)
        if (m := SCHEME_LINE.match(line))
    }
    for number, option in enumerate(options):
        scheme = option.get("scheme", "default")
        if option.get("toggle") and scheme not in TOGGLE_KEYS:
            findings.append(
                Finding(
                    path,
                    lines.get(scheme, 1),
                    "ui-palette",
                    f"theme.palette[{number}] has a toggle on scheme '{scheme}', whose label has no "
                    f"strings key; use {' or '.join(sorted(TOGGLE_KEYS))}",
                )
            )
    return findings


def with_direction(html: str, lang: str) -> str:
    """The page with `dir` on its <html> element: the direction of the language it is read in."""
    direction = Locale.parse(lang).text_direction
    return HTML_TAG.sub(lambda m: re.sub(r'\sdir="[^"]*"', "", m.group(0)) + f' dir="{direction}"', html, count=1)


def fallback_languages(html: str, ui_lang: str, text_lang: str, markup: PageMarkup) -> str:
    """A fallback page (an article not yet translated, shown in `text_lang` to a reader of `ui_lang`):
    the document and its article in the text's language and direction, the header, footer, sidebars
    and notice in the reader's. `markup` finds the theme's parts (kb.internals.material_page_markup)."""
    html = markup.root.sub(f'<html lang="{text_lang}"', html, count=1)

    def in_reader_language(match: re.Match) -> str:
        tag = match.group(0)
        name = tag[1 : tag.index(" ")]
        return tag.replace(f"<{name} ", f'<{name} lang="{ui_lang}" ', 1)

    html = NOTICE.sub(in_reader_language, markup.chrome.sub(in_reader_language, html))
    direction = Locale.parse(text_lang).text_direction
    return markup.article.sub(
        lambda match: match.group(0).replace("<article ", f'<article dir="{direction}" lang="{text_lang}" ', 1),
        html,
        count=1,
    )
