"""Search, per language: a page in language X searches only X's pages, through our
search worker (overrides/assets/kb/search/worker.js) behind Material's search box.

- on_config (every language, after static-i18n): Material's search settings reset to
  the language's own (Material segments Chinese only with jieba, which is not installed: our index
  segments every language itself).
- on_pre_build (once per run): the synonyms tables are checked.
- on_page_context (every page): each page's description, whether it is a fallback
  page (shown in the source language; fallback pages are searchable in every language), and
  whether it answers a question (its first sentence is shown for one: kb.search.answers).
  Every page's search base is its language root and its search worker ours (for Material's
  configuration, overrides/main.html); the 404 page's, absolute.
- on_post_build (every language): that language's index (kb.search.index) under its
  root; the source language's goes to the site root at the end of the run."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from mkdocs.plugins import event_priority

from kb import checks, internals, search
from kb.build import incremental, state
from kb.core import site as kb_site
from kb.data import devices
from kb.search import index as searchindex
from kb.search import synonyms


def _plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def _replay(added, page, config) -> None:
    _plugin(config).search_index.entries.extend(added["entries"])
    if added["page"] is not None:
        state.of(config).search_pages[page.url] = added["page"]


# A page served from the build cache (kb.build.incremental) adds its search entries again.
incremental.recorder(
    "search",
    lambda page, config: len(_plugin(config).search_index.entries),
    lambda mark, page, config: {
        "entries": _plugin(config).search_index.entries[mark:],
        "page": state.of(config).search_pages.get(page.url),
    },
    _replay,
)


@event_priority(-110)  # after static-i18n has set the theme language (-100)
def on_config(config):
    i18n = config.plugins["i18n"]
    internals.i18n_no_merged_search_index(i18n)  # every language has its own index
    internals.material_search_for_language(_plugin(config), config, config.extra.get("search_separator"))
    state.of(config).search_pages.clear()  # this language's pages
    return config


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    state.of(config).findings += checks.synonym_findings(site, site.pages)


def _keywords(site, model, category, lang: str) -> str:
    """Words a page is filed under besides its text. A model's manual: its number and name, and the
    words for a manual ("manual KP-300"). The manuals page, the hub for a customer who names no
    model: the words for a manual, twice, so that it comes before each model's manual for them."""
    words = str(site.strings[lang]["models.search_words"])
    if model is not None:
        return f"{devices.keywords(model)} {words}"
    return f"{words} {words}" if category == "manuals" else ""


def on_page_context(context, *, page, config, nav):
    i18n = config.plugins["i18n"]
    fallback = page.file.locale if page.file.locale != i18n.current_language else ""
    options = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
    site = state.of(config).site
    model = next((m for m in site.models if m.page == getattr(page.file, "norm_src_uri", None)), None)
    boost = options.get("boost", searchindex.HUB_BOOST if page.meta.get("category") == "home" else 1.0)
    description = html.unescape(str(page.meta.get("description") or ""))  # the text: the worker escapes what it shows
    state.of(config).search_pages[page.url] = {
        "description": description,
        "fallback": fallback,
        "boost": float(boost),
        "keywords": _keywords(site, model, page.meta.get("category"), i18n.current_language),
        "text_weight": searchindex.MANUAL_TEXT if model else 1.0,
        "answers": page.meta.get("category") != "home",  # a hub lists the answers, it gives none
    }
    root = search.language_root(i18n.current_language, i18n.default_language)
    context["kb_search"] = {"base": search.search_base(page.url, root), "worker": search.worker_url(page.url)}
    return context


def on_env(env, *, config, files):
    """Material's configuration keeps every language's words as written (Jinja's tojson escapes
    only what HTML needs, as before), not as \\u escapes that make CJK pages larger."""
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def on_template_context(context, *, template_name, config):
    """The 404 page is served at any address: its search base and worker are absolute paths."""
    if template_name == "404.html":
        i18n = config.plugins["i18n"]
        site_path = urlsplit(config["site_url"] or "").path or "/"
        context["kb_search"] = search.absolute(
            site_path, search.language_root(i18n.current_language, i18n.default_language)
        )
    return context


def on_post_build(*, config) -> None:
    i18n = config.plugins["i18n"]
    site = state.of(config).site
    lang = i18n.current_language
    root = search.language_root(lang, i18n.default_language)
    plugin = _plugin(config)
    settings = {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    entries = search.localize_entries(plugin.search_index.entries, lang, i18n.default_language)
    pages = {url[len(root) :]: info for url, info in state.of(config).search_pages.items() if url.startswith(root)}
    articles = searchindex.articles_from_entries(entries, pages)
    labels = {source: Locale.parse(lang).languages.get(source, source) for source in site.languages}

    def build():
        entries_of_lang = site.synonyms.get(lang, ([], []))[0]
        table = synonyms.compiled(
            entries_of_lang,
            lambda texts: site.analyzer.terms(lang, texts),
            lambda texts: site.analyzer.slots(lang, texts),
        )
        return searchindex.build(lang, articles, site.analyzer, synonyms=table, labels=labels, root=root)

    memo = site.index_cache  # kb.build.incremental: the synonyms are data, in its key
    index = memo.get(lang, articles, {"labels": labels, "root": root}, build) if memo else build()
    files = {f"search/kb/{name}": data for name, data in index.files.items()}
    files["search/search_index.json"] = search.index_json(dict(settings, kb=index.manifest), []).encode("utf-8")

    def write(out: Path) -> None:
        for name, data in files.items():
            target = out / root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    if lang == site.source_lang:
        state.of(config).finishers["search"] = write
    else:
        write(Path(config["site_dir"]))
