"""Every consistency check, grouped by concern, over plain Site data.

The build hooks call one group each (hooks/<concern>.py) once per build; the
`kb check` command calls `run_all` on the files a writer names."""

from __future__ import annotations

from kb.checks import contradictions, frontmatter, links, nav, safety, translations
from kb.core import inputs
from kb.core.findings import Finding, FindingsError
from kb.core.markdown_parts import literal_code_placeholders, placeholders
from kb.core.pages import Page
from kb.core.site import Site
from kb.data import facts, glossary, topics
from kb.search import queries

BLOCK_ANCHORS = {"contact_directory": "region-"}


def each(site: Site, group: str, pages: list[Page], check) -> list[Finding]:
    """`check(page)` for every page. In a build, from the build cache (kb.build.incremental.Findings) when
    neither the page, its English source nor the site's inputs changed since it was computed."""
    memo = site.findings_cache
    if memo is None:
        return [finding for page in pages for finding in check(page)]
    return memo.each(group, pages, lambda page: site.page(site.source_lang, page.rel), check)


def metadata(site: Site, page: Page) -> tuple[dict | None, list[Finding]]:
    """Front matter of a page, parsed and validated once per Site."""
    cache = site.front_matter
    key = (page.lang, page.rel)
    if key not in cache:
        cache[key] = frontmatter.check(page, site.schema)
    return cache[key]


def frontmatter_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Front matter, and files that are not UTF-8 (checked first: nothing else is read right)."""
    return each(
        site,
        "front matter",
        pages,
        lambda page: ([page.undecodable] if page.undecodable else []) + metadata(site, page)[1],
    )


def recorded_hashes(site: Site) -> dict[tuple[str, str], str | None]:
    return {
        (page.lang, page.rel): (metadata(site, page)[0] or {}).get("source_hash")
        for page in site.pages
        if page.lang != site.source_lang
    }


def status(site: Site) -> list[translations.Status]:
    """Every article's state in every language, computed once per Site."""
    if site.translation_status is None:
        site.translation_status = translations.status(
            site.pages, site.languages, site.source_lang, recorded_hashes(site)
        )
    return site.translation_status


def states(site: Site) -> dict[tuple[str, str], str]:
    """(language, path) -> current, outdated or missing; derived once from `status`."""
    if site.translation_states is None:
        site.translation_states = {(s.lang, s.rel): s.state for s in status(site)}
    return site.translation_states


def translation_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Orphans, missing source hashes, structural parity and (on release builds) outdated pages."""
    # Sources are looked up among all pages, not only the ones being checked (kb check on one translation).
    checked = {page.path for page in pages}
    findings = [
        finding
        for finding in translations.orphans(site.pages, site.source_lang, site.docs_prefix)
        if finding.path in checked
    ]
    state_of = states(site)

    def check(page: Page) -> list[Finding]:
        source = site.page(site.source_lang, page.rel)
        if page.lang == site.source_lang or source is None:
            return []
        meta = metadata(site, page)[0]
        found = translations.hash_findings(page, meta) + translations.parity(source, page)
        if (
            site.strict_translations
            and meta
            and "source_hash" in meta
            and state_of.get((page.lang, page.rel)) == "outdated"
        ):
            found.append(
                Finding(
                    page.path,
                    1,
                    "translation-outdated",
                    f"source {source.path} changed since this translation "
                    f"(recorded {meta['source_hash']}, now {translations.source_hash(source)}); "
                    f"update it, then run: kb mark {page.lang} {page.rel}",
                )
            )
        return found

    return findings + each(site, "translations" + ("/strict" if site.strict_translations else ""), pages, check)


def placeholder_findings(page: Page, known: facts.Facts, render) -> list[Finding]:
    """Unknown placeholder keys, and cases or widths that do not apply (kb.data.facts.placeholder_problems);
    a placeholder inside code is shown as written, not a placeholder."""
    return [
        Finding(page.path, p.line, rule, message)
        for p in placeholders(literal_code_placeholders(page.body, render), page.body_line)
        for rule, message in facts.placeholder_problems(p.key, known, page.lang)
    ]


def facts_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Unknown placeholders, the topic words' data file, and typed figures that contradict a fact."""
    known = site.facts
    words, findings = site.topics
    return list(findings) + each(
        site,
        "facts",
        pages,
        lambda page: (
            placeholder_findings(page, known, site.renderer)
            + contradictions.check(page, known, words, site.strings.get(page.lang))
        ),
    )


def languages_without_topic_words(site: Site) -> list[str]:
    """The site's languages that have no words in data/topics.yml yet: the typed-figure check
    holds their articles to every policy figure instead (kb.checks.contradictions)."""
    return topics.lacking(site.topics[0], site.languages)


def _block_anchors(site: Site, page: Page) -> set[str]:
    anchors = set()
    for p in placeholders(page.body, page.body_line):
        if p.key == "contact_directory":
            try:
                anchors |= {f"region-{code}" for code in site.facts.region_codes()}
            except FindingsError:
                return anchors  # the facts file is unusable: the facts group reports it
    return anchors


def links_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Anchors and links of `pages`, resolved against pages of the same language (English where missing)."""
    sources = {p.rel: p for p in site.pages if p.lang == site.source_lang}
    anchors_of = {}  # page path -> anchors rendered at build time (contact directory)
    per_language: dict[str, tuple[dict[str, Page], dict[str, set[str]]]] = {}

    def check(page: Page) -> list[Finding]:
        if page.lang not in per_language:
            targets = dict(sources, **{p.rel: p for p in site.pages if p.lang == page.lang})
            for target in targets.values():
                if target.path not in anchors_of:
                    anchors_of[target.path] = _block_anchors(site, target)
            per_language[page.lang] = (targets, {rel: anchors_of[p.path] for rel, p in targets.items()})
        return links.anchor_findings(page) + links.link_findings(page, *per_language[page.lang])

    return each(site, "links", pages, check)


def nav_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """The page tree in mkdocs.yml: entries that lead nowhere, duplicates, English pages left out."""
    if site.config_file is None:
        return []
    sources = {page.rel for page in site.pages if page.lang == site.source_lang}
    text = site.config_file.read_text(encoding="utf-8")
    return nav.check(text, site.display(site.config_file), sources, f"{site.docs_prefix}/{site.source_lang}")


def troubleshooter_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Tree data problems, trees for missing articles, and articles whose tree is missing."""
    trees, findings = site.troubleshooters
    sources = {p.rel for p in site.pages if p.lang == site.source_lang}
    for rel, tree in trees.items():
        if rel not in sources:
            findings = findings + [
                Finding(
                    tree.path,
                    1,
                    "troubleshooter-page",
                    f"page '{rel}' does not exist under {site.docs_prefix}/{site.source_lang}/",
                )
            ]
    for page in pages:
        lines = [p.line for p in placeholders(page.body, page.body_line) if p.key == "troubleshooter"]
        if lines and page.rel not in trees:
            findings = findings + [
                Finding(
                    page.path,
                    lines[0],
                    "troubleshooter-missing",
                    f"no tree for {page.rel} in data/troubleshooters/ (its `page:` must be {page.rel})",
                )
            ]
    return findings


def router_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """The request router's data (data/router.yml), checked when an article uses {{ router }}."""
    used = any(p.key == "router" for page in site.pages for p in placeholders(page.body, page.body_line))
    try:
        return site.router[1] if used else []
    except FindingsError:
        return []  # the strings tables it needs are unusable, reported by the facts group


def safety_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Each article's rendered HTML against the allowlists of kb.checks.safety; hosts from extra.kb.allowed_hosts."""
    config = site.config_file.read_text(encoding="utf-8") if site.config_file else ""
    hosts, findings = safety.allowed_hosts(
        site.allowed_hosts, site.display(site.config_file) if site.config_file else "", config
    )
    return findings + each(site, "safety", pages, lambda page: safety.check(page, site.renderer, hosts))


def input_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Links under docs/ and data/ that lead outside the repository, and files over the size limits."""
    data = site.root / "data"
    return inputs.check(
        site.root, site.docs_dir, site.docs_prefix, inputs.ARTICLE_LIMIT, "an article", "*.md"
    ) + inputs.check(site.root, data, site.display(data), inputs.DATA_LIMIT, "a data file")


def glossary_findings(site: Site, pages: list[Page]) -> list[Finding]:
    return each(
        site,
        "glossary",
        pages,
        lambda page: glossary.check(page, site.glossary) if page.lang != site.source_lang else [],
    )


def synonym_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Search synonyms (data/synonyms/<lang>.yml): their shape, and terms that occur in the articles."""
    return [finding for _, findings in site.synonyms.values() for finding in findings]


def model_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Every model of data/models.yml has its manual in the source language, where the finder,
    the model table and the PDFs look for it, once the site has a manuals section; a manual
    types no device figure (kb.data.devices.typed_figures)."""
    try:
        models = site.models
    except FindingsError:
        return []  # the models file is unusable: the facts group reports it
    sources = {page.rel for page in site.pages if page.lang == site.source_lang}
    if not any(rel.startswith("manuals/") for rel in sources):
        return []
    from kb.data.devices import typed_figures

    path = site.display(site.paths["models"])
    findings = [
        Finding(
            path,
            model.line,
            "models-page",
            f"models.{model.key}: {model.number} has no manual: "
            f"write {site.docs_prefix}/{site.source_lang}/{model.page}",
        )
        for model in models
        if model.page not in sources
    ]
    manuals = {model.page for model in models}
    return findings + [finding for page in pages if page.rel in manuals for finding in typed_figures(page)]


def query_findings(site: Site, pages: list[Page]) -> list[Finding]:
    """Search evaluation queries whose answers name articles that do not exist."""
    sources = {page.rel for page in site.pages if page.lang == site.source_lang}
    docs = f"{site.docs_prefix}/{site.source_lang}"
    return [
        finding
        for path in sorted(site.paths["search_queries"].glob("*.yml"))
        for finding in queries.check(path, site.display(path), site.languages, sources, docs)
    ]


GROUPS = {
    "front matter": frontmatter_findings,
    "translations": translation_findings,
    "facts": facts_findings,
    "links": links_findings,
    "nav": nav_findings,
    "inputs": input_findings,
    "safety": safety_findings,
    "troubleshooters": troubleshooter_findings,
    "router": router_findings,
    "glossary": glossary_findings,
    "synonyms": synonym_findings,
    "search queries": query_findings,
    "models": model_findings,
}


def run_all(site: Site, pages: list[Page] | None = None) -> list[Finding]:
    pages = site.pages if pages is None else pages
    return sorted({finding for check in GROUPS.values() for finding in check(site, pages)})
