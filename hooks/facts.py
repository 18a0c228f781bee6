"""Facts: render {{ placeholders }} from data/facts.yml in the page's language and
refuse hand-written figures that contradict them.

- on_pre_build (once per build run): load and validate the facts; check every
  page for unknown keys and contradictions.
- on_page_markdown (every page of every language): render the placeholders, the
  model table and the model finder of data/models.yml included; a placeholder inside
  code is shown as written, never expanded (kb.core.markdown_parts.literal_code_placeholders).
- on_page_content (every page): the braces of those placeholders back in the HTML."""

from __future__ import annotations

import posixpath
from functools import partial

from mkdocs.plugins import event_priority

from kb import checks, search
from kb.build import state
from kb.core import markdown_parts as kb_markdown
from kb.core import site as kb_site
from kb.core.findings import FindingsError
from kb.data import devices, facts
from kb.features import contact, widgets


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    try:
        _ = site.facts, site.strings  # loaded here, so that their findings are reported
    except FindingsError as error:
        state.of(config).findings += error.findings
        return
    state.of(config).findings += checks.facts_findings(site, site.pages)


def on_page_markdown(markdown: str, *, page, config, files) -> str | None:
    if "{{" not in markdown:
        return None
    site = state.of(config).site
    markdown = kb_markdown.literal_code_placeholders(markdown, site.renderer)  # code shows them as written
    lang = page.file.locale  # the language of the text: English on a fallback page
    ui = config.plugins["i18n"].current_language  # the reader's, which widgets speak
    partials = state.widget_partials(config)
    blocks: dict = dict(widgets.render_blocks(partials, markdown, site.facts, ui, site.strings[ui]))
    if "contact_directory" in markdown:
        blocks["contact_directory"] = contact.directory(site.facts, ui, site.strings[ui])
    if "model_finder" in markdown:
        i18n = config.plugins["i18n"]
        root = search.language_root(ui, i18n.default_language)
        links = {
            model.key: posixpath.relpath(f"{root}{model.page[:-3]}/", page.url or ".") + "/" for model in site.models
        }
        level = widgets.heading_level(markdown, "model_finder")
        blocks["model_finder"] = partial(
            widgets.model_finder, partials, models=site.models, strings=site.strings[ui], links=links, level=level
        )
    blocks = {
        name: in_reader_language(block, ui, lang, markdown=name == "contact_directory")
        for name, block in blocks.items()
    }
    if "model_table" in markdown:  # content, in the language of the text, like the figures
        blocks["model_table"] = devices.table(site.models, lang, site.strings[lang])
    rendered, _ = facts.render(markdown, 1, page.file.src_uri, lang, site.facts, site.strings[lang], blocks)
    return rendered


def in_reader_language(block, ui: str, lang: str, markdown: bool = False):
    """A block, or a function of its instance, wrapped for a reader whose language is not the text's."""
    if callable(block):
        return lambda instance: widgets.in_reader_language(block(instance), ui, lang, markdown=markdown)
    return widgets.in_reader_language(block, ui, lang, markdown=markdown)


@event_priority(100)  # before any other hook reads the page's HTML
def on_page_content(html: str, *, page, config, files) -> str:
    return kb_markdown.restore_literal_braces(html)
