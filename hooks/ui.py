"""UI strings: our own interface text, one table per language (data/strings/).

- on_config (every language): the palette toggles' labels and the heading links'
  title come from the language's table, not from mkdocs.yml.
- on_pre_build (once per build run): a palette toggle on a scheme without a label is a finding.
- on_env (every language): the current table is `kb_t` in templates.
- on_nav (every language): section titles from mkdocs.yml's nav are translated
  through the tables' `nav.*` keys.
- on_post_build (every language): the 404 page MkDocs renders at the site root is
  kept per language, so each language gets its own; the English one ends at the root.
- on_template_context (404 page): its language switcher leads to each language's home.
- on_post_page, on_post_template (every HTML page): <html> carries the language's direction."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

from kb import search
from kb.build import state
from kb.core import site as kb_site
from kb.core.findings import FindingsError
from kb.features import ui


def _strings(config) -> dict:
    site = state.of(config).site
    return site.strings[config.plugins["i18n"].current_language]


@event_priority(-110)  # after static-i18n (-100) has set up the language being built
def on_config(config):
    site = state.of(config).site
    try:
        table = site.strings[config.plugins["i18n"].current_language]
    except FindingsError:
        return config  # hooks/facts.py reports the tables' findings before anything is built
    config.theme["palette"] = ui.palette(config.theme.get("palette") or [], table)
    if "heading.permalink" in table:
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = str(table["heading.permalink"])
    return config


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    path = Path(config["config_file_path"])
    state.of(config).findings += ui.palette_findings(
        config.theme.get("palette") or [], site.display(path), path.read_text(encoding="utf-8")
    )


def on_env(env, *, config, files):
    i18n = config.plugins["i18n"]
    env.globals["kb_t"] = ui.escaped(_strings(config))  # text: templates print it as it is
    env.globals["kb_lang"] = i18n.current_language
    env.globals["kb_root"] = search.language_root(i18n.current_language, i18n.default_language)
    return env


def on_nav(nav, *, config, files):
    site = state.of(config).site
    reference = site.strings[site.source_lang]
    key_of = {str(value): key for key, value in reference.items() if key.startswith("nav.")}
    table = _strings(config)
    for item in nav.items:
        if item.is_section and item.title in key_of:
            item.title = html.escape(str(table[key_of[item.title]]))  # Material prints it as it is
    return nav


def on_post_build(*, config) -> None:
    i18n = config.plugins["i18n"]
    site = state.of(config).site
    site_dir = Path(config["site_dir"])
    page = (site_dir / "404.html").read_bytes()
    lang = i18n.current_language
    if lang == site.source_lang:
        state.of(config).finishers["404"] = lambda out: (out / "404.html").write_bytes(page)
    else:
        (site_dir / lang / "404.html").write_bytes(page)


@event_priority(-110)  # after static-i18n (-100) has set the switcher for the page
def on_template_context(context, *, template_name, config):
    """The 404 page has no source file, so static-i18n leaves the switcher as the last
    rendered page set it: point every language to its home page instead."""
    if template_name == "404.html":
        i18n = config.plugins["i18n"]
        base = urlsplit(config["site_url"] or "").path.rstrip("/")
        alternates = [
            {"name": language.name, "link": f"{base}{language.link}", "lang": language.locale}
            for language in i18n.config.languages
            if language.build
        ]
        config.extra["alternate"] = alternates
        config.extra.alternate = alternates  # static-i18n sets the attribute, which templates read first
    return context


def on_post_page(output: str, *, page, config) -> str:
    return ui.with_direction(output, config.plugins["i18n"].current_language)


def on_post_template(output: str, *, template_name: str, config) -> str | None:
    if not template_name.endswith(".html"):
        return None
    return ui.with_direction(output, config.plugins["i18n"].current_language)
