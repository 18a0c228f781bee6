"""One build run's state, in one object.

MkDocs runs every hook of a run against one config object (static-i18n's language builds
included), and `kb serve` makes a new config object for each rebuild. A run is recognised by
that object's identity: the Run holds the object, so no later config can be given its id while
the Run lives. When a new run begins, the previous one is closed (its printers and other
resources released); the last one is closed at shutdown (hooks/build.py, on_shutdown).

What the hooks keep between events lives here, named, and nowhere else: the findings to
report before anything is written, the finishing steps of the run, the page cache, the
related-article pools, sitemaps and search data per language, and the check of the shipped
pages. Settings of the whole process (the command, the compiled templates) are in PROCESS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.core.findings import Finding
from kb.core.site import Site, from_mkdocs_config


@dataclass
class Shipped:
    """What the check of the built pages (hooks/security.py) keeps for one build run."""

    findings: list[Finding] = field(default_factory=list)
    trusted: Any = None  # kb.output.csp.Trusted: the inline scripts our templates write
    texts: dict[Path, str] = field(default_factory=dict)  # sources read to trace a finding

    def text(self, path: Path) -> str:
        if path not in self.texts:
            self.texts[path] = path.read_text(encoding="utf-8", errors="replace")
        return self.texts[path]


@dataclass(eq=False)
class Run:
    config: Any  # this run's MkDocs config object, held so that its identity stays this run's
    site: Site
    serving: bool
    findings: list[Finding] = field(default_factory=list)  # reported before the build writes anything
    finishers: dict[str, Callable[[Path], object]] = field(default_factory=dict)  # run once, at the end, by name
    page_cache: Any = None  # kb.build.incremental.Pages
    links_outside: list[str] | None = None  # links under docs/ that lead outside the repository
    related: dict[str, tuple] = field(default_factory=dict)  # language -> (finder, URL of each candidate)
    sitemaps: dict[str, list] = field(default_factory=dict)  # language -> (URL, alternates) of each page
    search_pages: dict[str, dict] = field(default_factory=dict)  # page URL -> search data, language being built
    shipped: Shipped = field(default_factory=Shipped)
    partials: Any = None  # kb.features.widgets.Partials: the widgets' markup, from the theme's folders
    resources: dict[str, Any] = field(default_factory=dict)  # name -> what the run opened (a PDF printer...)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Release what the run opened, last opened first."""
        while self.closers:
            self.closers.pop()()


@dataclass
class Process:
    """This process's settings, the same for every run in it."""

    command: str = "build"  # or "serve"
    compiled: Any = None  # kb.build.cache.CompiledTemplates, shared by every run


PROCESS = Process()
_RUNS: list[Run] = []  # the current run, alone


def of(config) -> Run:
    """The run that `config` belongs to; a new run (the last one closed) for a config not seen yet."""
    if _RUNS and _RUNS[0].config is config:
        return _RUNS[0]
    close()
    run = Run(config=config, site=from_mkdocs_config(config), serving=PROCESS.command == "serve")
    _RUNS.append(run)
    return run


def widget_partials(config):
    """The widgets' partials (kb.features.widgets.Partials) of this run, from the theme's template folders."""
    from kb.features.widgets import Partials

    run = of(config)
    if run.partials is None:
        run.partials = Partials(list(config.theme.dirs))
    return run.partials


def current() -> Run | None:
    """The run under way, if any (for code that MkDocs calls without the config)."""
    return _RUNS[0] if _RUNS else None


def close() -> None:
    """Close the current run, if any."""
    while _RUNS:
        _RUNS.pop().close()
