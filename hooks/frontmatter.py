"""Front matter: before anything is written, every page of every language must
have front matter that parses and fits data/schema/page.schema.json.

- on_pre_build (once per build run): validate; findings are reported by hooks/build.py.
- on_env (every language, once every page is read, before any is rendered): a page's
  title and description are text, and MkDocs' templates print them as they are (in
  <title>, meta tags, the navigation, headers, related articles): escape them once."""

from __future__ import annotations

import html

from kb import checks
from kb.build import state
from kb.core import site as kb_site

# The attribute that marks a page whose front matter text is escaped (a page object is escaped once).
ESCAPED = "_kb_text_escaped"
TEXT_KEYS = ("title", "description")


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    state.of(config).findings += checks.frontmatter_findings(site, site.pages)


def on_env(env, *, config, files):
    for file in files.documentation_pages():
        page = file.page
        if page is None or getattr(page, ESCAPED, False):
            continue
        for key in TEXT_KEYS:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(page.meta[key])
        setattr(page, ESCAPED, True)
    return env
