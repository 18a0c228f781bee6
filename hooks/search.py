"""Search, per language: a page in language X downloads and searches only X.

- on_config (every language, after static-i18n): reset Material's search settings
  to the language's own (lunr language, separator, pipeline; Chinese keeps jieba's
  segments with a separator that splits on them, cached by kb.cache; other
  languages skip jieba).
- on_page_markdown (fallback pages): a page shown in English under another
  language is left out of that language's index (it is in the English one).
- on_post_page (every page): the page's search base is its language root.
- on_post_build (every language): write that language's index under its root;
  the source language's goes to the site root at the end of the run."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from kb import cache, search, site as kb_site

SEGMENTED = {"zh"}  # languages whose index keeps jieba's zero-width segment marks
_SEGMENTS: list = [None]  # this language build's kb.cache.Segments, saved when its index is written


def _plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


@event_priority(-110)  # after static-i18n has set the theme language (-100)
def on_config(config):
    i18n = config.plugins["i18n"]
    i18n.reconfigure_search_index = lambda config: None  # no merged index: every language has its own
    plugin = _plugin(config)
    plugin.config.lang = None
    plugin.config.pipeline = None
    plugin.config.separator = config.extra.get("search_separator")
    plugin.on_config(config)  # recompute lang, separator and pipeline for the theme's language
    index = plugin.search_index
    if i18n.current_language in SEGMENTED:  # jieba's segments of unchanged text come from the cache
        _SEGMENTS[0] = cache.Segments(cache.directory(kb_site.for_build(config).root) /
                                      f"segments-{i18n.current_language}.json")
        index._segment_chinese = _SEGMENTS[0].wrap(index._segment_chinese)
    else:  # Material segments Han text with jieba in every language: marks that would be stripped again
        index._segment_chinese = lambda text: text
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> None:
    if page.file.locale != config.plugins["i18n"].current_language:
        page.meta["search"] = dict(page.meta.get("search") or {}, exclude=True)


def on_post_page(output: str, *, page, config) -> str:
    i18n = config.plugins["i18n"]
    root = search.language_root(i18n.current_language, i18n.default_language)
    return search.set_search_base(output, search.search_base(page.url, root))


def on_post_build(*, config) -> None:
    i18n = config.plugins["i18n"]
    site = kb_site.for_build(config)
    lang = i18n.current_language
    plugin = _plugin(config)
    settings = {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    entries = search.localize_entries(plugin.search_index.entries, lang, i18n.default_language, SEGMENTED)
    data = search.index_json(settings, entries).encode("utf-8")
    if lang in SEGMENTED and _SEGMENTS[0] is not None:
        _SEGMENTS[0].save()
    target = Path(search.language_root(lang, i18n.default_language)) / "search" / "search_index.json"
    if lang == site.source_lang:
        site.finishers["search"] = lambda out: (out / target).write_bytes(data)
    else:
        (Path(config["site_dir"]) / target).parent.mkdir(parents=True, exist_ok=True)
        (Path(config["site_dir"]) / target).write_bytes(data)
