"""Per-language search data: each language's pages search only that language.

Material's search plugin writes one index per build; static-i18n would merge all
languages into the root index that every page loads. Instead each language's
index is written under its own root (/zh/search/search_index.json) with
locations relative to that root, and each page's search base is its language root."""

from __future__ import annotations

import json
import posixpath
import re

# Material's page configuration: <script id="__config" type="application/json">{...}</script>
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# Material's own search worker, which ours replaces: assets/javascripts/workers/search.<hash>.min.js
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
WORKER = "assets/kb/search/worker.js"


def language_root(lang: str, source_lang: str) -> str:
    """The site-relative folder of a language: '' for the source language, 'zh/' otherwise."""
    return "" if lang == source_lang else f"{lang}/"


def localize_entries(entries: list[dict], lang: str, source_lang: str) -> list[dict]:
    """Entries of one language's build, relative to the language root."""
    root = language_root(lang, source_lang)
    localized = []
    for entry in entries:
        location = entry["location"]
        if root and not location.startswith(root):
            continue  # a page of another language's root: never listed in this language
        localized.append(dict(entry, location=location[len(root):]))
    return localized


def index_json(config: dict, entries: list[dict]) -> str:
    """The index in Material's format, compact and stable."""
    return json.dumps({"config": config, "docs": entries}, separators=(",", ":"), ensure_ascii=False)


def search_base(page_url: str, lang_root: str) -> str:
    """Relative URL from a page to its language root, used as Material's search base."""
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    relative = posixpath.relpath(lang_root or ".", page_dir or ".")
    return relative


def set_search_config(html: str, base: str) -> str:
    """Point Material's `__config.base` at `base` (the language root) in a rendered page,
    and its search worker at ours."""
    def replace(match: re.Match) -> str:
        data = json.loads(match.group(2))
        data["base"] = base
        if isinstance(data.get("search"), str):
            data["search"] = MATERIAL_WORKER.sub(WORKER, data["search"])
        return match.group(1) + json.dumps(data, separators=(", ", ": "), ensure_ascii=False) + match.group(3)
    return CONFIG_SCRIPT.sub(replace, html, count=1)
