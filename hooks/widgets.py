"""Self-service parts of articles.

- on_pre_build (once per build run): validate the troubleshooter trees
  (data/troubleshooters/) and their articles.
- on_page_markdown (every page): render {{ troubleshooter }} from the article's tree
  and {{ router }}, the request router, with links relative to the page.

On a translated home page whose hero or section titles are still in English (marked in
data/strings/<lang>.yml): `kb_notice`, the notice of an untranslated page.

At the end of every article (the home page and team pages excepted):
- on_page_context (every page): `kb_related`, two to five related articles of the
  same language chosen from front matter topics and category, and what the
  "Was this page helpful?" widget needs (its page id, the language root, its reason
  codes from the strings table).

On every page, when mkdocs.yml's extra.kb.feedback_endpoint is set (or KB_FEEDBACK_ENDPOINT
at build time): `kb_feedback`, where the page's beacons go and what they name (the page and
the reader's language), for kb.js's vote, empty-search and router beacons (kb.feedback)."""

from __future__ import annotations

import posixpath
import re
from html import escape
from pathlib import Path

from babel import Locale

from kb import checks, search
from kb.build import state
from kb.core import site as kb_site
from kb.core.findings import Finding
from kb.data import strings as string_tables
from kb.features import troubleshooter, widgets
from kb.features.related import Candidate, Related
from kb.feedback.beacons import endpoint_problem, reasons

SKIPPED = {"home", "meta"}
# The request router's placeholder.
ROUTER = re.compile(r"\{\{ router \}\}")


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    run = state.of(config)
    site = run.site
    run.findings += checks.troubleshooter_findings(site, site.pages)
    run.findings += checks.router_findings(site, site.pages)
    endpoint = (config["extra"].get("kb") or {}).get("feedback_endpoint")
    if endpoint and (problem := endpoint_problem(str(endpoint))):
        text = Path(config["config_file_path"]).read_text(encoding="utf-8").splitlines()
        line = next((n for n, t in enumerate(text, start=1) if t.strip().startswith("feedback_endpoint:")), 1)
        run.findings.append(Finding(site.display(Path(config["config_file_path"])), line, "feedback-endpoint", problem))


def _relative(page, config, target: str) -> str:
    """URL of `target` (a path under the current language root) relative to the page."""
    i18n = config.plugins["i18n"]
    root = search.language_root(i18n.current_language, i18n.default_language)
    relative = posixpath.relpath(f"{root}{target}", page.url or ".")
    return relative + ("/" if target.endswith("/") else "")


def on_page_markdown(markdown: str, *, page, config, files) -> str | None:
    if "{{ troubleshooter }}" not in markdown and "{{ router }}" not in markdown:
        return None
    site = state.of(config).site
    text_lang = page.file.locale  # English on a fallback page
    lang = config.plugins["i18n"].current_language  # the reader's: widgets are interface
    tree = site.troubleshooters[0].get(page.file.norm_src_uri)
    if tree is not None:
        strings, contact = site.strings[lang], _relative(page, config, "contact/channels/")
        level = widgets.heading_level(markdown, "troubleshooter")
        partials = state.widget_partials(config)
        if troubleshooter.translated(tree, lang):
            html = troubleshooter.render(partials, 1, tree, lang, strings, contact, level)
        else:  # a language that has not begun the tree reads the source text, and is told so once:
            # on a fallback page the page's notice already says the text is in English
            notice = (
                f'<div class="admonition info kb-part-notice"><p>{escape(str(strings["fallback.part"]))}</p></div>\n'
                if text_lang == lang
                else ""
            )
            html = (
                f'{notice}<div lang="{site.source_lang}">\n'
                f"{troubleshooter.render(partials, 1, tree, site.source_lang, strings, contact, level)}</div>"
            )
        markdown = markdown.replace("{{ troubleshooter }}", widgets.in_reader_language(html, lang, text_lang))
    if "{{ router }}" in markdown:
        links = {name: _relative(page, config, spec["page"][:-3] + "/") for name, spec in site.router[0].types.items()}
        index = _relative(page, config, "search/search_index.json")
        level = widgets.heading_level(markdown, "router")
        partials = state.widget_partials(config)
        instances = iter(range(1, markdown.count("{{ router }}") + 1))
        markdown = ROUTER.sub(
            lambda match: widgets.in_reader_language(
                widgets.router(
                    partials,
                    next(instances),
                    site.facts,
                    lang,
                    site.strings[lang],
                    site.router[0].types,
                    links,
                    index,
                    level,
                ),
                lang,
                text_lang,
            ),
            markdown,
        )
    return markdown


def _candidates(files) -> list[tuple[Candidate, str]]:
    found = []
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.meta:
            continue
        candidate = Candidate(
            key=getattr(file, "norm_src_uri", file.src_uri),
            title=str(page.meta.get("title", page.title)),
            category=str(page.meta.get("category", "")),
            topics=frozenset(page.meta.get("topics") or []),
        )
        found.append((candidate, file.url))
    return found


def _home_notice(config) -> dict | None:
    """A translated home page whose hero or section titles are still English (marked in the
    language's strings table) gets the notice of an untranslated page, in the reader's language."""
    site = state.of(config).site
    lang = config.plugins["i18n"].current_language
    if lang == site.source_lang:
        return None
    if not string_tables.first_seen_in_english(string_tables.still_english(site.paths["strings"] / f"{lang}.yml")):
        return None
    return {"kind": "fallback", "lang": lang, "dir": Locale.parse(lang).text_direction}


def on_page_context(context, *, page, config, nav):
    i18n = config.plugins["i18n"]
    if endpoint := (config["extra"].get("kb") or {}).get("feedback_endpoint"):
        context["kb_feedback"] = {
            "endpoint": str(endpoint),
            "page": page.file.norm_src_uri,
            "lang": i18n.current_language,
        }
    category = page.meta.get("category")
    if category == "home" and "kb_notice" not in context and (notice := _home_notice(config)):
        context["kb_notice"] = notice
    if category in SKIPPED:
        return context
    finder, urls = state.of(config).related[i18n.current_language]
    current = Candidate(
        page.file.norm_src_uri,
        str(page.meta.get("title", page.title)),
        str(category),
        frozenset(page.meta.get("topics") or []),
    )
    context["kb_related"] = [{"title": c.title, "url": urls[c.key]} for c in finder(current)]
    context["kb_helpful"] = {
        "page": page.file.norm_src_uri,
        "root": search.language_root(i18n.current_language, i18n.default_language),
        "reasons": reasons(state.of(config).site.strings[state.of(config).site.source_lang]),
    }
    return context


def on_env(env, *, config, files):
    """Once per language, after every page has been read: the pool of related-article candidates."""
    language = config.plugins["i18n"].current_language
    pool = _candidates(files)
    state.of(config).related[language] = (
        Related([candidate for candidate, _ in pool]),
        {candidate.key: url for candidate, url in pool},
    )
    return env
