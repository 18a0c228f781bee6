"""Per-language search data: each language's pages search only that language.

Material's search plugin writes one index per build; static-i18n would merge all
languages into the root index that every page loads. Instead each language's
index is written under its own root (/zh/search/search_index.json) with
locations relative to that root, and each page's search base is its language root,
with our worker (overrides/assets/kb/search/worker.js) instead of Material's."""

from __future__ import annotations

import json
import posixpath

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
        localized.append(dict(entry, location=location[len(root) :]))
    return localized


def index_json(config: dict, entries: list[dict]) -> str:
    """The index in Material's format, compact and stable."""
    return json.dumps({"config": config, "docs": entries}, separators=(",", ":"), ensure_ascii=False)


def search_base(page_url: str, lang_root: str) -> str:
    """Relative URL from a page to its language root, used as Material's search base."""
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    relative = posixpath.relpath(lang_root or ".", page_dir or ".")
    return relative


def worker_url(page_url: str) -> str:
    """Our search worker's URL relative to a page at `page_url`, as MkDocs' `url` filter writes it."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(WORKER, folder or ".")


def absolute(site_path: str, lang_root: str) -> dict[str, str]:
    """The search base and worker of a page served at any address (the 404 page): absolute paths."""
    prefix = site_path if site_path.endswith("/") else site_path + "/"
    return {"base": prefix + lang_root, "worker": prefix + WORKER}
