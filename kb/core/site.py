"""The site as plain data: where things live, which languages exist, and the
loaded data files, shared by the build hooks and the `kb` command.

`from_mkdocs_config` reads a MkDocs config by duck typing (it imports nothing
from MkDocs), so the rest of the package never sees MkDocs objects."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kb.core.findings import Finding
from kb.core.pages import Page, load_pages

if TYPE_CHECKING:  # the data modules load when first used: `kb build`'s parent process needs none of them
    from kb.build import incremental
    from kb.data import facts as facts_module
    from kb.data import glossary, strings

# Paths of the data files, relative to the repository, unless mkdocs.yml's extra.kb says otherwise.
DEFAULTS = {
    "router": "data/router.yml",
    "troubleshooters": "data/troubleshooters",
    "facts": "data/facts.yml",
    "facts_schema": "data/schema/facts.schema.json",
    "models": "data/models.yml",
    "models_schema": "data/schema/models.schema.json",
    "schema": "data/schema/page.schema.json",
    "strings": "data/strings",
    "glossary": "data/glossary.yml",
    "synonyms": "data/synonyms",
    "topics": "data/topics.yml",
    "search_queries": "tests/search/queries",
}


# Set in the parallel build's secondary workers (kb.build.parallel): the primary worker checks the docs.
CHECKED_ELSEWHERE = "KB_CHECKED_ELSEWHERE"


def checking(config) -> bool:
    """Whether this build checks the docs: once per run (not in the language builds
    static-i18n starts from the first one), and not in secondary parallel workers."""
    return not config.plugins["i18n"].building and not os.environ.get(CHECKED_ELSEWHERE)


def truthy(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Site:
    root: Path
    docs_dir: Path
    languages: list[str]  # the source language first
    source_lang: str
    paths: dict[str, Path]
    strict_translations: bool = False
    config_file: Path | None = None  # mkdocs.yml, whose nav the checks read
    allowed_hosts: object = ()  # extra.kb.allowed_hosts as written, checked by kb.checks.safety
    # What the checks derive once per Site: each page's front matter and findings, every article's state.
    front_matter: dict = field(default_factory=dict)
    translation_status: list | None = None
    translation_states: dict | None = None
    # The build cache's findings and search indexes (kb.build.incremental), in a build.
    findings_cache: incremental.Findings | None = None
    index_cache: incremental.Indexes | None = None

    def display(self, path: Path) -> str:
        """A path as writers see it in messages: relative to the repository when inside it, by its
        name there (a linked folder keeps its name) or by where it leads."""
        for candidate, base in (
            (Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),
            (path.resolve(), self.root.resolve()),
        ):
            try:
                return candidate.relative_to(base).as_posix()
            except ValueError:
                continue
        return str(path)

    @property
    def docs_prefix(self) -> str:
        return self.display(self.docs_dir)

    @cached_property
    def schema(self) -> dict:
        from kb.core import yamlfiles

        return yamlfiles.load_schema(self.paths["schema"])

    @cached_property
    def facts(self) -> facts_module.Facts:
        """The facts of data/facts.yml and the models of data/models.yml, one set of placeholders."""
        import dataclasses

        from kb.data import devices
        from kb.data import facts as facts_module

        loaded = facts_module.load(
            self.paths["facts"], self.paths["facts_schema"], display=self.display(self.paths["facts"])
        )
        return dataclasses.replace(loaded, values={**loaded.values, **devices.values(self.models)})

    @cached_property
    def models(self) -> list:
        """Every model of data/models.yml (kb.data.devices.Model), in file order."""
        from kb.data import devices

        return devices.load(
            self.paths["models"], self.paths["models_schema"], display=self.display(self.paths["models"])
        )

    @cached_property
    def strings(self) -> dict[str, strings.Strings]:
        from kb.data import strings

        return strings.load_all(self.paths["strings"], self.languages, self.source_lang, self.display)

    @cached_property
    def renderer(self):
        """Article Markdown to HTML as the build renders it (kb.core.render), for the safety check."""
        from kb.core import render

        return render.for_config(self.config_file)

    @cached_property
    def glossary(self) -> glossary.Glossary:
        from kb.data import glossary

        return glossary.load(self.paths["glossary"])

    @cached_property
    def router(self):
        """(routes, findings) for data/router.yml, the request router's data."""
        from kb.data import router

        routes, findings = router.load(self.paths["router"], self.display(self.paths["router"]))
        sources = {p.rel for p in self.pages if p.lang == self.source_lang}
        findings += router.validate(routes, self.languages, sources, self.strings[self.source_lang])
        return router.with_fallback(routes, self.languages), findings

    @cached_property
    def analyzer(self):
        """The search analysis (overrides/assets/kb/search/analyze.js) in V8."""
        from kb.search import index as searchindex

        return searchindex.shared(self.root / "overrides" / "assets" / "kb" / "search")

    @cached_property
    def synonyms(self) -> dict[str, tuple[list, list[Finding]]]:
        """(entries, findings) of data/synonyms/<lang>.yml, per language that has the file."""
        from kb.search import synonyms

        result = {}
        for lang in self.languages:
            path = self.paths["synonyms"] / f"{lang}.yml"
            if not path.is_file():
                continue
            display = self.display(path)
            entries, findings = synonyms.load(path, display)
            content = set()
            texts = [page.text for page in self.pages if page.lang == lang]
            for terms in self.analyzer.terms(lang, texts, use="pages"):
                content.update(terms)
            analyze = lambda texts, lang=lang: self.analyzer.terms(lang, texts)  # noqa: E731
            findings += synonyms.validate(entries, display, content, analyze, f"{self.docs_prefix}/{lang}/")
            result[lang] = (entries, findings)
        return result

    @cached_property
    def topics(self):
        """(topic words, findings) of data/topics.yml, for the typed-figure check."""
        from kb.data import topics

        return topics.load(self.paths["topics"], self.display(self.paths["topics"]))

    @cached_property
    def troubleshooters(self):
        """(trees by article path, findings) for data/troubleshooters/*.yml."""
        from kb.features import troubleshooter

        trees, findings = {}, []
        for path in sorted(self.paths["troubleshooters"].glob("*.yml")):
            tree, problems = troubleshooter.load(path, self.display(path))
            findings += problems
            if tree is not None:
                findings += troubleshooter.validate(tree, self.languages)
                trees[tree.page] = tree
        return trees, findings

    @cached_property
    def pages(self) -> list[Page]:
        return load_pages(self.docs_dir, self.languages, prefix=self.docs_prefix)

    def page(self, lang: str, rel: str) -> Page | None:
        return self.by_key.get((lang, rel))

    @cached_property
    def by_key(self) -> dict[tuple[str, str], Page]:
        return {(page.lang, page.rel): page for page in self.pages}


def make_site(
    root: Path,
    docs_dir: Path,
    languages: list[str],
    source_lang: str,
    extra: dict | None = None,
    config_file: Path | None = None,
) -> Site:
    extra = extra or {}
    paths = {name: root / str(extra.get(name, default)) for name, default in DEFAULTS.items()}
    strict = truthy(extra.get("strict_translations", False)) or truthy(os.environ.get("KB_STRICT_TRANSLATIONS", ""))
    ordered = [source_lang] + [lang for lang in languages if lang != source_lang]
    return Site(
        root=root,
        docs_dir=docs_dir,
        languages=ordered,
        source_lang=source_lang,
        paths=paths,
        strict_translations=strict,
        config_file=config_file,
        allowed_hosts=extra.get("allowed_hosts", []),
    )


def from_mkdocs_config(config) -> Site:
    """Build a Site from a MkDocs config that uses the i18n plugin (folder structure)."""
    root = Path(config["config_file_path"]).resolve().parent
    i18n = config["plugins"]["i18n"]
    languages = [lang.locale for lang in i18n.config.languages if lang.build]
    source = next(lang.locale for lang in i18n.config.languages if lang.default)
    extra = dict(config["extra"].get("kb") or {})
    return make_site(
        root, Path(config["docs_dir"]).resolve(), languages, source, extra, Path(config["config_file_path"]).resolve()
    )
