"""Article bodies rendered to HTML as the build renders them: Python-Markdown with
the extensions and settings of mkdocs.yml's `markdown_extensions`, after MkDocs'
own built-in ones (mkdocs.yml read by kb.build.config, as MkDocs reads it), so `kb check`
and the build judge the same HTML (kb.checks.safety)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import markdown

from kb.build import config

# Extensions MkDocs always loads before the configured ones (mkdocs.config.defaults).
BUILTIN = ["toc", "tables", "fenced_code"]


def extensions(config_text: str) -> tuple[list[str], dict[str, dict]]:
    """(extension names in MkDocs' order, settings per extension) from mkdocs.yml's text."""
    listed = config.parse(config_text).get("markdown_extensions") or []
    names, settings = list(BUILTIN), {}
    for item in listed:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return names, settings


class Renderer:
    """One Markdown converter, reset before each body: `renderer(markdown_text) -> html`."""

    def __init__(self, names: list[str], settings: dict[str, dict]):
        self.converter = markdown.Markdown(extensions=names, extension_configs=settings)

    def __call__(self, text: str) -> str:
        return self.converter.reset().convert(text)


def for_config(config_file: Path | None) -> Renderer:
    """The renderer mkdocs.yml describes (MkDocs' built-in extensions alone without one)."""
    return _renderer(config_file.read_text(encoding="utf-8") if config_file is not None else "")


@lru_cache(maxsize=4)
def _renderer(config_text: str) -> Renderer:
    """One renderer per configuration text, so `kb serve`'s rebuilds reuse it and its checked pages."""
    return Renderer(*extensions(config_text))
