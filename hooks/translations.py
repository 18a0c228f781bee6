"""Translations: the English tree is the source, every language mirrors it.

- on_pre_build (once per build run): orphans, missing source hashes, structural
  parity and glossary variants are findings; missing and outdated translations
  are counted in the log, one line per language built (`kb status` lists them), and
  outdated ones fail with KB_STRICT_TRANSLATIONS=1.
- on_files (source language): the translation status page, /status/, generated
  in memory (not in docs/), with what each language still lacks besides articles, linked from the
  footer, left out of search and sitemaps.
- on_page_context (every page): a fallback page (no translation yet) and an
  outdated translation get a notice in the reader's language.
- on_post_page (fallback pages): the document's language is the text's (English);
  the localized chrome around it keeps the reader's language."""

from __future__ import annotations

import logging

from babel import Locale
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from kb import checks, internals
from kb.authoring import languages
from kb.build import state
from kb.checks import translations
from kb.core import site as kb_site
from kb.features import ui

log = logging.getLogger("mkdocs.hooks.translations")


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    run = state.of(config)
    site = run.site
    run.findings += checks.translation_findings(site, site.pages)
    run.findings += checks.glossary_findings(site, site.pages)
    i18n = config.plugins["i18n"]
    # a build that starts with another language than the source builds that language alone
    # (kb serve --lang, kb build --lang): only its translations are summarized
    built = site.languages if i18n.current_language in (None, site.source_lang) else [i18n.current_language]
    for line in translations.summary(checks.status(site), built):
        log.info(line)


@event_priority(-110)  # after static-i18n has mapped docs/<lang>/ files (-100); it cannot map in-memory files
def on_files(files, *, config):
    i18n = config.plugins["i18n"]
    if i18n.current_language != i18n.default_language:
        return files
    site = state.of(config).site
    titles = {
        page.rel: (checks.metadata(site, page)[0] or {}).get("title", page.rel)
        for page in site.pages
        if page.lang == site.source_lang
    }
    names = {lang.locale: lang.name for lang in i18n.config.languages}
    content = translations.status_markdown(checks.status(site), titles, names, site.source_lang, languages.gaps(site))
    page = File.generated(config, "status.md", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    internals.i18n_untranslated_file(page, site.source_lang)
    files.append(page)
    return files


def _notice(page, config) -> dict | None:
    i18n = config.plugins["i18n"]
    lang, source = i18n.current_language, i18n.default_language
    if lang == source or not hasattr(page.file, "locale"):
        return None
    direction = Locale.parse(lang).text_direction
    if page.file.locale != lang:
        return {"kind": "fallback", "lang": lang, "dir": direction, "text_lang": page.file.locale}
    if checks.states(state.of(config).site).get((lang, page.file.norm_src_uri)) == "outdated":
        alternate = page.file.alternates.get(source)
        return {"kind": "outdated", "lang": lang, "dir": direction, "source_url": alternate.url if alternate else None}
    return None


def on_page_context(context, *, page, config, nav):
    notice = _notice(page, config)
    if notice:
        context["kb_notice"] = notice
    return context


def on_post_page(output: str, *, page, config) -> str | None:
    notice = _notice(page, config)
    if not notice or notice["kind"] != "fallback":
        return None
    return ui.fallback_languages(output, notice["lang"], notice["text_lang"], internals.material_page_markup())
