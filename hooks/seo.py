"""Languages for search engines and browsers.

- on_page_context (every page): absolute hreflang alternates for each translation
  plus x-default, and the canonical URL (a fallback page's is the English page).
- on_post_build (every language): collect the language's sitemap entries; at the
  end of the run write /sitemap.xml (English), /<lang>/sitemap.xml, a sitemap
  index and robots.txt, and turn off Material's per-alternate sitemap fetch."""

from __future__ import annotations

import os
from pathlib import Path

from kb import internals
from kb.build import incremental, state
from kb.output import seo


def _translations(page, config) -> dict[str, str]:
    """Language -> URL of each real translation of the page (fallback copies excluded)."""
    i18n = config.plugins["i18n"]
    found = {}
    for lang, file in getattr(page.file, "alternates", {}).items():
        if lang in i18n.build_languages and file.locale == lang:
            found[lang] = file.url
    if page.file.locale == i18n.current_language:
        found[i18n.current_language] = page.url
    return found


def on_page_context(context, *, page, config, nav):
    site = state.of(config).site
    i18n = config.plugins["i18n"]
    translations = _translations(page, config)
    links = seo.alternates(config["site_url"], translations, site.languages, site.source_lang)
    context["kb_alternates"] = links
    if page.meta.get("category") == "meta":  # pages for the team, not for customers or search engines
        context["kb_canonical"] = seo.absolute(config["site_url"], page.url)
        context["kb_noindex"] = True
    elif page.file.locale != i18n.current_language and site.source_lang in translations:
        context["kb_canonical"] = seo.absolute(config["site_url"], translations[site.source_lang])
    else:
        context["kb_canonical"] = seo.absolute(config["site_url"], page.url)
        _sitemap(config).append((context["kb_canonical"], links))
    return context


def _sitemap(config) -> list:
    return state.of(config).sitemaps.setdefault(config.plugins["i18n"].current_language, [])


def _replay(added, page, config) -> None:
    _sitemap(config).extend((url, [seo.Alternate(lang, href) for lang, href in links]) for url, links in added)


# A page served from the build cache (kb.build.incremental) adds its sitemap entry again.
incremental.recorder(
    "sitemap",
    lambda page, config: len(_sitemap(config)),
    lambda mark, page, config: [[url, [[a.lang, a.href] for a in links]] for url, links in _sitemap(config)[mark:]],
    _replay,
)


def _finish(site, built: dict[str, list], site_url: str):
    def finish(out: Path) -> None:
        with_pages = {page.lang for page in site.pages}  # a language with no page of its own has no sitemap
        mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        seo.write(out, seo.files(site.languages, site.source_lang, with_pages, built, site_url, mtime))
        for bundle in sorted((out / "assets" / "javascripts").glob("bundle.*.min.js")):
            bundle.write_text(
                internals.material_bundle_no_sitemap_fetch(bundle.read_text(encoding="utf-8")), encoding="utf-8"
            )

    return finish


def on_post_build(*, config) -> None:
    run = state.of(config)
    run.finishers["seo"] = _finish(run.site, run.sitemaps, config["site_url"])  # the languages this process built
