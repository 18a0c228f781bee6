"""Per-language search data: each language's pages search only that language.

Material's search plugin writes one index per build; static-i18n would merge all
languages into the root index that every page loads. Instead each language's
index is written under its own root (/zh/search/search_index.json) with
locations relative to that root, and each page's search base is its language root."""

from __future__ import annotations

import json
import posixpath
import re

# Zero-width spaces Material inserts between jieba segments of Han text.
ZERO_WIDTH = "\u200b"
# Material's page configuration: <script id="__config" type="application/json">{...}</script>
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def language_root(lang: str, source_lang: str) -> str:
    """The site-relative folder of a language: '' for the source language, 'zh/' otherwise."""
    return "" if lang == source_lang else f"{lang}/"


def localize_entries(entries: list[dict], lang: str, source_lang: str, segmented_langs: set[str]) -> list[dict]:
    """Entries of one language's build, relative to the language root; jieba's segment marks
    are kept only for languages that are segmented (Chinese), where the separator splits on them."""
    root = language_root(lang, source_lang)
    localized = []
    for entry in entries:
        location = entry["location"]
        if root and not location.startswith(root):
            continue  # a page of another language's root: never listed in this language
        entry = dict(entry, location=location[len(root):])
        if lang not in segmented_langs:
            entry["title"] = entry["title"].replace(ZERO_WIDTH, "")
            entry["text"] = entry["text"].replace(ZERO_WIDTH, "")
        localized.append(entry)
    return localized


def index_json(config: dict, entries: list[dict]) -> str:
    """The index in Material's format, compact and stable."""
    return json.dumps({"config": config, "docs": entries}, separators=(",", ":"), ensure_ascii=False)


def search_base(page_url: str, lang_root: str) -> str:
    """Relative URL from a page to its language root, used as Material's search base."""
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    relative = posixpath.relpath(lang_root or ".", page_dir or ".")
    return relative


def set_search_base(html: str, base: str) -> str:
    """Point Material's `__config.base` at `base` (the language root) in a rendered page."""
    def replace(match: re.Match) -> str:
        data = json.loads(match.group(2))
        data["base"] = base
        return match.group(1) + json.dumps(data, separators=(", ", ": "), ensure_ascii=False) + match.group(3)
    return CONFIG_SCRIPT.sub(replace, html, count=1)
