"""Incremental builds: a page whose inputs did not change is not rendered again.

A page's output (its HTML, and what it adds to the language's search index and sitemap) is a
function of:

- the site's inputs (`site_key`): mkdocs.yml, templates (overrides/), hooks/, the kb package,
  every data file, the installed packages and their versions, Python's version, the
  environment variables the build reads (SOURCE_DATE_EPOCH, KB_*), whether it is the
  development server, the site's address (the server's own when serving); and the shape of the
  docs tree: every file's path, every page's front matter (titles, descriptions, topics: the
  page tree, related articles, neighbours) and heading lines (anchors other pages link to),
  every other file's bytes;
- the page itself (`page_key`): the language being built, its source and output paths, its
  source's bytes (the English page's on a fallback page; the generated text of the status
  page), and the bytes of its English source (a translation's outdated notice).

Everything else a page shows comes from these. So the key of a page is the SHA-256 of the two,
and the cache (kb.build.cache, sealed entries in .cache/kb/pages/) maps it to the page's output.
Editing an article's body changes its own key and those of its translations (their
outdated notice); editing a title, a heading, a data file or a template changes the site key,
and every page is rendered again. A page that logged a warning is never stored, so a strict
build fails again where it failed before. What a page adds to shared state (the search
entries, the sitemap) is recorded by the hook that owns that state (`recorder`), stored with
the page and replayed on a hit.

tests/test_incremental.py applies random edits and compares, after each, an incremental build
with a cold one, byte for byte."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kb.build import cache

FORMAT = "kb-pages/1"
# Environment variables that do not change what a build writes.
NOT_INPUTS = {cache.CACHE_DIR, "KB_CHECKED_ELSEWHERE"}
# Folders of the project whose files are inputs of every page (docs/ is read for its shape only).
PROJECT_INPUTS = ("overrides", "hooks", "kb", "data")
# Lines that give a page its anchors: headings, attribute lists with an id, HTML ids, and
# placeholders (the contact directory's region anchors).
ANCHORS = re.compile(rb"^ {0,3}#{1,6}(?:\s|$)|\{[^}\n]*#|\{\{|\b(?:id|name)\s*=", re.M)
SETEXT = re.compile(rb" {0,3}(?:=+|-+)[ \t]*$")  # the underline of a heading written as text over a line
FRONT_MATTER = re.compile(rb"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)

log = logging.getLogger("mkdocs.hooks.incremental")


@dataclass
class Recorder:
    """Shared state a page adds to while it is built, as JSON: `before(page, config)` returns a
    mark, `after(mark, page, config)` what the page added since, `replay(added, page, config)`
    adds it again for a page served from the cache."""

    before: Callable
    after: Callable
    replay: Callable


RECORDERS: dict[str, Recorder] = {}


def recorder(name: str, before: Callable, after: Callable, replay: Callable) -> None:
    RECORDERS[name] = Recorder(before, after, replay)


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, following links (the benchmark links the project in), sorted."""
    found = []
    for base, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [Path(base) / name for name in names if not name.endswith(".pyc")]
    return sorted(found)


def _shape(data: bytes) -> bytes:
    """What of a page other pages show or check: its front matter and the lines that give it anchors."""
    front = FRONT_MATTER.match(data)
    lines = data.splitlines()
    headings = b"\n".join(
        line + (b"\n" + lines[n + 1] if n + 1 < len(lines) and SETEXT.match(lines[n + 1]) else b"")
        for n, line in enumerate(lines)
        if ANCHORS.search(line) or (n + 1 < len(lines) and SETEXT.match(lines[n + 1]))
    )
    return (front.group(0) if front else b"") + b"\n\0" + headings


# What was read of a file, by path, with the file's identity and times when it was read: a process
# that builds again (kb serve) reads again only the files that changed since (see _read).
_READ: dict[tuple[str, str], tuple[tuple[int, ...], object]] = {}
SETTLED_NS = 200_000_000  # a file's times older than this (0.2 s) when it was read are trusted to move


def _stamp(status: os.stat_result) -> tuple[int, ...]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _read(path: Path, what: str, derive: Callable[[bytes], object]) -> object:
    """`derive(path's bytes)`, computed again only when the file's identity, size, modification or
    change time moved since the last call (a save, a rename over it, a touch all move them)."""
    status = path.stat()
    known = _READ.get((str(path), what))
    if known is not None and known[0] == _stamp(status):
        return known[1]
    value = derive(path.read_bytes())
    # Kept when the file was not written while it was read, nor just before: file times are coarse
    # (a few milliseconds), so a file written again right after it was read could keep its times.
    settled = time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_NS
    if settled and _stamp(path.stat()) == _stamp(status):
        _READ[(str(path), what)] = (_stamp(status), value)
    return value


_VERSIONS: dict[tuple, str] = {}


def _installed_folders() -> list[str]:
    """Where the environment's packages are installed (its site-packages). Not the current folder
    Python also imports from (`python -m`): the repository's own packaging metadata there
    (kestrel_help.egg-info) is no installed package, and a copy of the repository has none."""
    paths = sysconfig.get_paths()
    return sorted({paths["purelib"], paths["platlib"]})


def versions() -> str:
    """Python's version and every installed distribution's name and version (its metadata folder's
    name); read again only when a folder they are installed in changed (a package installed or
    removed adds or removes its entries)."""
    folders = []
    for entry in _installed_folders():
        try:
            folders.append((entry, _stamp(os.stat(entry))))
        except OSError:
            folders.append((entry, ()))
    known = _VERSIONS.get(tuple(folders))
    if known is None:
        # An installed distribution's metadata folder is named after its name and version
        # (name-1.0.dist-info); a new version is a new name, and reading the names is cheap.
        installed = sorted(
            name
            for entry, _ in folders
            for name in (os.listdir(entry) if os.path.isdir(entry) else [])
            if name.endswith((".dist-info", ".egg-info"))
        )
        known = f"{platform.python_implementation()}-{platform.python_version()};" + ";".join(installed)
        _VERSIONS.clear()
        _VERSIONS[tuple(folders)] = known
    return known


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def site_key(root: Path, config_file: Path, docs_dir: Path, serving: bool, site_url: str = "") -> str:
    """The inputs every page depends on (see the module's docstring). `site_url` is the address the
    build writes into pages and sitemaps: the development server's replaces mkdocs.yml's."""
    parts = [FORMAT.encode(), versions().encode(), b"serving" if serving else b"build", site_url.encode()]
    environment = sorted(
        (k, v)
        for k, v in os.environ.items()
        if (k.startswith("KB_") and k not in NOT_INPUTS) or k == "SOURCE_DATE_EPOCH"
    )
    parts.append(json.dumps(environment).encode())
    parts += [b"config", config_file.read_bytes()]
    for name in PROJECT_INPUTS:
        for path in _files(root / name):
            parts += [path.relative_to(root).as_posix().encode(), cast(bytes, _read(path, "sha256", _sha256))]
    for path in _files(docs_dir):
        parts += [
            b"docs/" + path.relative_to(docs_dir).as_posix().encode(),
            cast(bytes, _read(path, "shape", _shape) if path.suffix == ".md" else _read(path, "sha256", _sha256)),
        ]
    return _digest(*parts)


def language_key(key: str, docs_dir: Path, lang: str, source_lang: str, languages: list[str]) -> str:
    """The inputs of everything a language's folder holds (pages, search index, sitemap, PDFs): the
    site key `key`, and the bytes of every file under docs/ but the other languages' folders (a
    page's output depends on its own source and its English source; see the module's docstring)."""
    others = {language for language in languages if language not in (lang, source_lang)}
    parts = [key.encode(), lang.encode()]
    for path in _files(docs_dir):
        relative = path.relative_to(docs_dir).as_posix()
        if relative.split("/", 1)[0] not in others:
            parts += [relative.encode(), cast(bytes, _read(path, "sha256", _sha256))]
    return _digest(*parts)


class Pages:
    """The page cache of one build process."""

    def __init__(self, folder: Path, key: str, source_lang: str) -> None:
        self.entries = cache.Entries(folder)
        self.key = key
        self.source_lang = source_lang
        self.hits = self.misses = 0
        self.warnings = _WarningCounter()

    def page_key(self, page, config) -> str:
        file = page.file
        english = getattr(file, "alternates", {}).get(self.source_lang)
        english_bytes = english.content_bytes if english is not None and english is not file else b""
        lang = config.plugins["i18n"].current_language
        return _digest(
            self.key.encode(),
            lang.encode(),
            file.src_uri.encode(),
            file.dest_uri.encode(),
            file.content_bytes,
            english_bytes,
        )

    def populate(self, original, page, config, files, dirty):
        key = self.page_key(page, config)
        payload = self.entries.read(key)
        if payload is not None:
            head, _, html = payload.partition(b"\n")
            try:
                stored = json.loads(head)
            except ValueError:
                stored = None
            if isinstance(stored, dict):
                page.read_source(config)  # front matter: the page's title in other pages' navigation
                page.present_anchor_ids = set(stored["anchors"])  # links to it are checked
                page.links_to_anchors = None  # its own links were checked when it was stored
                page._kb_cached = (stored, html)
                self.entries.used(key)
                self.hits += 1
                return None
        self.misses += 1
        page._kb_key = key
        before = self.warnings.count
        result = original(page, config, files, dirty)
        page._kb_warned = self.warnings.count != before
        return result

    def build(self, original, page, config, doc_files, nav, env, dirty, excluded):
        cached = getattr(page, "_kb_cached", None)
        if cached is not None:
            stored, html = cached
            from mkdocs import utils

            for name, added in stored["added"].items():
                RECORDERS[name].replay(added, page, config)
            utils.write_file(html, page.file.abs_dest_path)
            return None
        marks = {name: r.before(page, config) for name, r in RECORDERS.items()}
        before = self.warnings.count
        result = original(page, config, doc_files, nav, env, dirty, excluded)
        key = getattr(page, "_kb_key", None)
        if key is None or page._kb_warned or self.warnings.count != before or excluded:
            return result
        added = {name: r.after(marks[name], page, config) for name, r in RECORDERS.items()}
        try:
            html = Path(page.file.abs_dest_path).read_bytes()
        except OSError:  # MkDocs skips pages with empty output
            return result
        head = json.dumps(
            {"anchors": sorted(page.present_anchor_ids or ()), "added": added},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self.entries.write(key, head.encode("utf-8") + b"\n" + html)
        return result


class _WarningCounter(logging.Handler):
    """Warnings and errors MkDocs and the hooks log (the strict build counts them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


ACTIVE: dict[str, Pages | None] = {"pages": None}


def start(site, serving: bool, site_url: str) -> Pages:
    """The build cache for this build run (once per process and run): MkDocs' page steps, the
    per-page checks and the search analyzer go through it."""
    from kb import internals

    began = time.perf_counter()
    folder = cache.directory(site.root)
    key = site_key(site.root, site.config_file, site.docs_dir, serving, site_url)
    pages = Pages(folder / "pages", key, site.source_lang)
    site.findings_cache = Findings(folder / "findings", key)
    site.index_cache = Indexes(folder / "indexes", key)
    site.analyzer.memo = Terms(folder / "terms", site.analyzer.assets)
    previous = ACTIVE["pages"]
    if previous is not None:
        logging.getLogger("mkdocs").removeHandler(previous.warnings)
    logging.getLogger("mkdocs").addHandler(pages.warnings)
    ACTIVE["pages"] = pages
    internals.page_steps(
        lambda *a: cast(Pages, ACTIVE["pages"]).populate(*a), lambda *a: cast(Pages, ACTIVE["pages"]).build(*a)
    )
    log.debug("page cache: site key %s in %.2f s", pages.key[:12], time.perf_counter() - began)
    return pages


class Findings:
    """Findings of the per-page checks (kb.checks), by group and page: a page's findings depend on
    the site's inputs, its own bytes and its English source's, like its output. One entry per
    group holds every page's findings, and only the last run's."""

    def __init__(self, folder: Path, key: str) -> None:
        self.entries = cache.Entries(folder)
        self.key = key

    def each(self, group: str, pages: list, source_of: Callable, check: Callable) -> list:
        from kb.core.findings import Finding

        entry = f"{self.key}:{group}"
        try:
            known = json.loads(self.entries.read(entry) or b"{}")
        except ValueError:
            known = {}
        kept, found, missed = {}, [], False
        for page in pages:
            source = source_of(page)
            key = _digest(
                page.path.encode(),
                page.text.encode("utf-8", "surrogatepass"),
                source.text.encode("utf-8", "surrogatepass") if source is not None else b"",
            )
            stored = known.get(key)
            try:
                findings = [Finding(path, line, rule, message) for path, line, rule, message in stored]
            except (TypeError, ValueError):  # not stored, or not findings: checked now
                findings, missed = check(page), True
            kept[key] = [[f.path, f.line, f.rule, f.message] for f in findings]
            found += findings
        if missed or len(kept) != len(known):
            self.entries.write(entry, json.dumps(kept, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        else:
            self.entries.used(entry)
        return found


class Terms:
    """Search terms of texts (kb.search.index.Analyzer), by language and use, kept from one build to
    the next: one entry per language and use, mapping each text's SHA-256 to its terms, holding the
    texts of the last build only. The analyzer's files are part of the key."""

    def __init__(self, folder: Path, assets: Path) -> None:
        self.entries = cache.Entries(folder)
        self.assets = _digest(*[path.read_bytes() for path in _files(assets)])

    def terms(self, analyze: Callable, lang: str, use: str, texts: list[str]) -> list[list[str]]:
        key = f"{self.assets}:{lang}:{use}"
        try:
            known = json.loads(self.entries.read(key) or b"{}")
        except ValueError:
            known = {}
        digests = [hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() for text in texts]
        missing = sorted({d: t for d, t in zip(digests, texts, strict=True) if d not in known}.items())
        if missing:
            known.update(zip([d for d, _ in missing], analyze(lang, [t for _, t in missing]), strict=True))
        kept = {d: known[d] for d in digests}
        if missing or len(kept) != len(known):
            self.entries.write(key, json.dumps(kept, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return [kept[d] for d in digests]


def build_inputs(site) -> str:
    """The digest of everything a build reads: the site's inputs, every file under docs/, and the
    system's font and text-layout packages (the manuals' PDFs; kb.output.pdf)."""
    from kb.output.pdf import system_packages

    parts = [site_key(site.root, site.config_file, site.docs_dir, serving=False).encode(), system_packages().encode()]
    for path in _files(site.docs_dir):
        parts += [path.relative_to(site.docs_dir).as_posix().encode(), path.read_bytes()]
    return _digest(*parts)


def _listing(folder: Path) -> dict[str, list[int]]:
    found = {}
    for path in _files(folder):
        stat = path.lstat()
        found[path.relative_to(folder).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return found


class Record:
    """What the last successful `kb build` into a site folder was built from, and the files it
    wrote (size and modification time): when neither changed, that site is the build's output."""

    def __init__(self, root: Path, target: Path, what: str) -> None:
        name = hashlib.sha256(f"{target}\0{what}".encode()).hexdigest()
        self.path = cache.directory(root) / "sites" / f"{name}.json"

    def up_to_date(self, inputs: str, site: Path) -> bool:
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            return (
                record["inputs"] == inputs
                and record["site"] == str(site.resolve())
                and record["files"] == _listing(site)
            )
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def remember(self, inputs: str, site: Path) -> None:
        data = {"inputs": inputs, "site": str(site.resolve()), "files": _listing(site)}
        try:
            cache.write_atomically(self.path, json.dumps(data).encode("utf-8"))
        except OSError:
            pass  # the next build rebuilds: nothing is lost


def prune(root: Path, since: float) -> int:
    """After a full build: remove the pages, findings and search indexes no build has used since `since`."""
    removed = 0
    for name in ("pages", "findings", "indexes"):
        folder = cache.directory(root) / name
        if not folder.is_dir():
            continue
        for entry in folder.glob("*.entry"):
            try:
                if entry.stat().st_mtime < since:
                    entry.unlink()
                    removed += 1
            except OSError:
                pass
    return removed


class Indexes:
    """Each language's search index (kb.search.index), by the articles it indexes: a language whose
    articles, descriptions and headings did not change keeps the index files of the last build."""

    def __init__(self, folder: Path, key: str) -> None:
        self.entries = cache.Entries(folder)
        self.key = key

    def get(self, lang: str, articles: list, extra: dict, compute: Callable):
        import dataclasses

        from kb.search.index import Index

        key = _digest(
            self.key.encode(),
            lang.encode(),
            json.dumps(
                [[dataclasses.asdict(article) for article in articles], extra], ensure_ascii=False, sort_keys=True
            ).encode(),
        )
        payload = self.entries.read(key)
        if payload is not None:
            try:
                stored = json.loads(payload)
                self.entries.used(key)
                return Index(
                    lang, {name: data.encode("utf-8") for name, data in stored["files"].items()}, stored["manifest"]
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # not an index: made again below
        index = compute()
        stored = {
            "files": {name: data.decode("utf-8") for name, data in index.files.items()},
            "manifest": index.manifest,
        }
        self.entries.write(key, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        return index
