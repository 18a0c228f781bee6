"""mkdocs.yml, read one way for every part of kb: with MkDocs' own YAML loader, so `!ENV`
takes its value from the environment (or its default) as in the build, and `!!python/name:`
names the object the build would use. The site it describes, as plain data (kb.core.site)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from kb.core import site as kb_site

NAME = "mkdocs.yml"


def parse(text: str) -> dict:
    """A configuration's text as MkDocs reads it."""
    return yaml_load(text) or {}


def read(root: Path) -> dict:
    """The repository's mkdocs.yml as MkDocs reads it."""
    return parse((root / NAME).read_text(encoding="utf-8"))


def load_site(root: Path) -> kb_site.Site:
    """The Site that the repository's mkdocs.yml describes."""
    config = read(root)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    languages = [lang["locale"] for lang in i18n["languages"] if lang.get("build", True)]
    source = next(lang["locale"] for lang in i18n["languages"] if lang.get("default"))
    extra = (config.get("extra") or {}).get("kb") or {}
    extra = {key: value for key, value in extra.items() if value is not None}
    return kb_site.make_site(root, root / config.get("docs_dir", "docs"), languages, source, extra, root / NAME)
