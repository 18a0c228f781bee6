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

from mkdocs.plugins import event_priority

from kb import checks, search
from kb.features import contact, widgets
from kb.data import facts, devices
from kb.core import markdown_parts as kb_markdown, site as kb_site
from kb.core.findings import FindingsError
from kb.build import state


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    try:
        site.facts, site.strings
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
    blocks = widgets.render_blocks(markdown, site.facts, ui, site.strings[ui])
    if "contact_directory" in markdown:
        blocks["contact_directory"] = contact.directory(site.facts, ui, site.strings[ui])
    if "model_finder" in markdown:
        i18n = config.plugins["i18n"]
        root = search.language_root(ui, i18n.default_language)
        links = {model.key: posixpath.relpath(f"{root}{model.page[:-3]}/", page.url or ".") + "/" for model in site.models}
        blocks["model_finder"] = devices.finder(site.models, site.strings[ui], links,
                                               widgets.heading_level(markdown, "model_finder"))
    blocks = {name: widgets.in_reader_language(html, ui, lang, markdown=name == "contact_directory")
              for name, html in blocks.items()}
    if "model_table" in markdown:  # content, in the language of the text, like the figures
        blocks["model_table"] = devices.table(site.models, lang, site.strings[lang])
    rendered, _ = facts.render(markdown, 1, page.file.src_uri, lang, site.facts, site.strings[lang], blocks)
    return rendered


@event_priority(100)  # before any other hook reads the page's HTML
def on_page_content(html: str, *, page, config, files) -> str:
    return kb_markdown.restore_literal_braces(html)
