"""kb: the writers' and translators' command.

  kb build [--site-dir DIR]        strict build into a folder of its own, switched to only on success
  kb serve [--lang L] [--dev-addr HOST:PORT]
                                   the development server, rebuilding on every save (one language with --lang),
                                   on HOST:PORT (default 127.0.0.1:8000), refused at once if busy or invalid
  kb check [FILE ...]              the consistency checks, without a build (all pages when no file)
  kb status [--lang L] [--json] [--db URL]
                                   translation state of every article: current, outdated or missing, the
                                   home page, section indexes and (with a feedback database) the most read first
  kb mark LANG PATH                record the current English source hash in a translation
  kb diff LANG PATH                what changed in the English source since the translated version
  kb new SECTION/SLUG --title T    a new English article, added to the navigation
  kb add-language CODE             a new language: its mkdocs.yml block and strings table
  kb feedback serve [--port N] [--db URL] [--allow-origin URL]...
                                   the collector of readers' feedback the site sends (kb.feedback)
  kb feedback report [--lang L] [--since D] [--until D] [--min-votes N] [--json] [--html FILE]
                                   what readers said, articles ranked by how surely readers found them
                                   unhelpful, each with its languages under it
  kb feedback suggest [--lang L] [--db URL] [--write FILE]
                                   synonyms proposed from unanswered searches, as a diff to review

Exit status: 0 clean, 1 findings or a failed build, 2 a usage error."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from kb.build.config import load_site
from kb.core import site as kb_site
from kb.core.findings import FindingsError
from kb.core.pages import make_page

USAGE_ERROR = 2


class UsageError(Exception):
    """A bad argument: the message says what was expected."""


def find_root(start: Path) -> Path:
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").exists():
            return folder
    raise UsageError("no mkdocs.yml here or in any parent folder; run kb inside the help center repository")


def known_language(site: kb_site.Site, lang: str | None) -> None:
    if lang is not None and lang not in site.languages:
        raise UsageError(f"unknown language '{lang}'; languages: {', '.join(site.languages)}")


def resolve_page(site: kb_site.Site, lang: str, path: str) -> tuple[Path, str]:
    """(file, path under docs/<lang>/) for a page given as returns/policy.md or docs/zh/returns/policy.md."""
    known_language(site, lang)
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = (Path.cwd() / candidate) if (Path.cwd() / candidate).exists() else site.docs_dir / lang / path
    candidate = candidate.resolve()
    root = (site.docs_dir / lang).resolve()
    if root not in candidate.parents:
        raise UsageError(f"'{path}' is not inside {site.display(root)}/")
    if not candidate.is_file():
        raise UsageError(f"no such file: {site.display(candidate)}")
    return candidate, candidate.relative_to(root).as_posix()


# ---------------------------------------------------------------------------


def cmd_check(site: kb_site.Site, files: list[str]) -> int:
    from kb import checks  # not needed by `kb build`, which starts fast

    try:
        _ = site.facts, site.strings  # loaded here, so that their findings are reported
    except FindingsError as error:
        print("\n".join(map(str, error.findings)))
        return 1
    pages = site.pages
    if files:
        wanted = set()
        for name in files:
            path = Path(name).resolve()
            if not path.exists():
                raise UsageError(f"no such file: {name}")
            wanted.add(path)
        data_dir = (site.root / "data").resolve()
        if any(data_dir in path.parents for path in wanted):
            pages = site.pages  # facts, strings or glossary changed: every page may be affected
        else:
            pages = [page for page in site.pages if (site.root / page.path).resolve() in wanted]
    findings = checks.run_all(site, pages)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} problem{'s' if len(findings) != 1 else ''}", file=sys.stderr)
    return 1 if findings else 0


def feedback_traffic(db: str | None):
    """Beacons per (language, page) in the feedback database --db (else KB_FEEDBACK_DB) names; None
    when neither names one."""
    from kb.authoring import priorities
    from kb.feedback import store

    url = db or os.environ.get("KB_FEEDBACK_DB")
    if not url:
        return None
    option = "--db" if db else "KB_FEEDBACK_DB"
    try:
        database = store.parse_url(url)
    except store.BadURL as error:
        raise UsageError(f"{option}: {error}") from None
    if database.kind == "sqlite" and not Path(database.target).is_file():
        raise UsageError(
            f"{option}: no feedback database at {database.target}; give the collector's (kb feedback serve --db)"
        )
    try:
        connection = store.Connection(database)
    except store.errors() as error:
        raise UsageError(f"{option}: cannot read {database.display()}: {str(error).splitlines()[0]}") from None
    try:
        return priorities.traffic(connection.rows())
    finally:
        connection.close()


def cmd_status(site: kb_site.Site, lang: str | None, as_json: bool, db: str | None = None) -> int:
    from kb import checks  # not needed by `kb build`, which starts fast
    from kb.authoring import priorities

    known_language(site, lang)
    counts = feedback_traffic(db)
    # what readers meet first comes first: the home page, section indexes, then the most read
    states = priorities.ordered([s for s in checks.status(site) if lang is None or s.lang == lang], counts)
    if as_json:
        print(
            json.dumps(
                [{"path": s.rel, "lang": s.lang, "state": s.state} for s in states], ensure_ascii=False, indent=2
            )
        )
        return 0
    from kb.authoring import languages

    for s in states:
        print(f"{s.lang}  {s.state:<8}  {s.rel}")
    print()
    gaps = languages.gaps(site)
    for code in [code for code in site.languages if code != site.source_lang and (lang is None or code == lang)]:
        mine = [s for s in states if s.lang == code]
        current = sum(s.state == "current" for s in mine)
        counts = {state: sum(s.state == state for s in mine) for state in ("current", "outdated", "missing")}
        percent = 100 * current // len(mine) if mine else 100
        print(
            f"{code}: {percent}% current ({counts['current']} current, {counts['outdated']} outdated, "
            f"{counts['missing']} missing)"
        )
        for gap in gaps[code]:
            print(f"  {gap.where}: {gap.what}: {gap.detail}")
    return 0


# A source_hash as kb mark writes it: 12 lowercase hexadecimal digits.
SOURCE_HASH = re.compile(r"[0-9a-f]{12}")
# The source_hash line in front matter, if present.
HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


def cmd_mark(site: kb_site.Site, lang: str, path: str) -> int:
    from kb.checks import translations  # not needed by `kb build`, which starts fast

    if lang == site.source_lang:
        raise UsageError(
            f"'{lang}' is the source language; mark a translation (one of "
            f"{', '.join(code for code in site.languages if code != site.source_lang)})"
        )
    file, rel = resolve_page(site, lang, path)
    source = site.page(site.source_lang, rel)
    if source is None:
        raise UsageError(f"{site.display(file)} has no English source {site.docs_prefix}/{site.source_lang}/{rel}")
    digest = translations.source_hash(source)
    text = file.read_text(encoding="utf-8")
    page = make_page(site.display(file), lang, rel, text)
    if page.yaml is None:
        raise UsageError(f"{site.display(file)} has no front matter to record the hash in")
    keep_marked_source(site, digest, source.text)
    line = f'source_hash: "{digest}"'
    end = text.index("\n") + 1 + len(page.yaml)
    front = page.yaml
    front = HASH_LINE.sub(line, front) if HASH_LINE.search(front) else front + line + "\n"
    file.write_text(text[: text.index("\n") + 1] + front + text[end:], encoding="utf-8")
    print(f"{site.display(file)}: source_hash {digest} (from {source.path})")
    return 0


def marked_sources(site: kb_site.Site) -> Path:
    """Where kb mark keeps each English version it marked a translation against, by its source_hash
    (in the build cache, outside Git): kb diff finds a version there that was never committed."""
    from kb.build import cache

    return cache.directory(site.root) / "marked"


def keep_marked_source(site: kb_site.Site, digest: str, text: str) -> None:
    """Keep the English text a translation is marked against; a folder that cannot be written only
    means kb diff will need that version in a commit."""
    folder = marked_sources(site)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{digest}.md").write_text(text, encoding="utf-8")
    except OSError:
        pass


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def cmd_diff(site: kb_site.Site, lang: str, path: str) -> int:
    """Unified diff of the English source, from the committed version the translation was made from to now."""
    from kb import checks
    from kb.checks import translations  # not needed by `kb build`, which starts fast

    file, rel = resolve_page(site, lang, path)
    source = site.page(site.source_lang, rel)
    if source is None:
        raise UsageError(f"{site.display(file)} has no English source")
    meta = checks.metadata(site, make_page(site.display(file), lang, rel, file.read_text(encoding="utf-8")))[0] or {}
    recorded = str(meta.get("source_hash") or "")
    if not recorded:
        raise UsageError(f"{site.display(file)} has no source_hash; nothing to compare with")
    current = translations.source_hash(source)
    if recorded == current:
        print(f"{site.display(file)} is current: the English source has not changed since it was translated")
        return 0
    for label, old_text in english_versions(site, source.path, recorded):
        if translations.source_hash(make_page(source.path, site.source_lang, rel, old_text)) == recorded:
            sys.stdout.writelines(
                difflib.unified_diff(
                    old_text.splitlines(keepends=True),
                    source.text.splitlines(keepends=True),
                    fromfile=f"{source.path} (translated version, {label})",
                    tofile=f"{source.path} (now)",
                )
            )
            return 0
    print(
        f"kb diff: {site.display(file)} was translated from a version of {source.path} (source_hash {recorded}) "
        f"that is in no commit and was not marked with kb mark in this checkout, so there is nothing to compare "
        f"with; compare the translation with the whole English page, then run kb mark {lang} {rel}. "
        f"Commit the English page when you mark its translations, and kb diff finds that version from then on",
        file=sys.stderr,
    )
    return 1


def english_versions(site: kb_site.Site, path: str, recorded: str):
    """(label, text) of each earlier version of the English page at `path` that kb diff can compare:
    its commits, newest first (none outside a Git repository), then the copy kb mark kept of the
    version whose source_hash is `recorded`, if it kept one."""
    try:
        commits = git(site.root, "log", "--format=%H", "--follow", "--", path).split()
    except (UsageError, OSError):  # not a Git repository, or no git: the copy kb mark kept remains
        commits = []
    for commit in commits:
        try:
            text = git(site.root, "show", f"{commit}:{path}")
        except UsageError:
            continue
        yield git(site.root, "log", "-1", "--format=%cs %h", commit).strip(), text
    if not SOURCE_HASH.fullmatch(recorded):  # a name of the folder, never a path out of it
        return
    kept = marked_sources(site) / f"{recorded}.md"
    try:
        yield "not committed, kept by kb mark", kept.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return


# A nav entry line of mkdocs.yml: indentation, '- ', a path under docs/<lang>/.
NAV_ENTRY = re.compile(r"^(?P<indent>\s*)- (?:[^:\n]+: )?(?P<path>[\w/-]+\.md)\s*$")


def cmd_new(site: kb_site.Site, target: str, title: str, description: str | None) -> int:
    """Create docs/en/<section>/<slug>.md with valid front matter and add it to the nav after its section's pages."""
    match = re.fullmatch(r"(?P<section>[a-z0-9-]+)/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md)?", target)
    if not match:
        raise UsageError(f"'{target}' must be <section>/<slug> in lowercase kebab-case, e.g. returns/gift-returns")
    section, slug = match.group("section"), match.group("slug")
    categories = site.schema["properties"]["category"]["enum"]
    if section not in categories:
        raise UsageError(f"unknown section '{section}'; sections: {', '.join(c for c in categories if c != 'meta')}")
    rel = f"{section}/{slug}.md"
    file = site.docs_dir / site.source_lang / rel
    if file.exists():
        raise UsageError(f"{site.display(file)} already exists")
    if not 2 <= len(title) <= 70:
        raise UsageError("--title must be 2 to 70 characters")
    from kb.checks.frontmatter import NEW_DESCRIPTION

    description = description or NEW_DESCRIPTION
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n"
        f"category: {section}\ntopics: [{section}]\n---\n# {title}\n",
        encoding="utf-8",
    )
    config = site.root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    positions = [
        i for i, line in enumerate(lines) if (m := NAV_ENTRY.match(line)) and m.group("path").startswith(f"{section}/")
    ]
    if positions:
        last = NAV_ENTRY.match(lines[positions[-1]])
        assert last is not None  # positions holds matching lines only
        lines.insert(positions[-1] + 1, f"{last.group('indent')}- {rel}\n")
        config.write_text("".join(lines), encoding="utf-8")
        placed = f"added to the navigation after {last.group('path')}"
    else:
        placed = "not added to the navigation (its section has no pages yet): add it under nav in mkdocs.yml"
    print(
        f"created {site.display(file)}; {placed}\n"
        + (
            "next: replace the description (kb check refuses it until you do), "
            if description == NEW_DESCRIPTION
            else "next: "
        )
        + f"write the answer in the first sentence, give every ## heading an {{#anchor}}, use facts "
        f"placeholders for figures, then run: kb check {site.display(file)}\n"
        f"until translated it appears in every language in English with a notice (kb status shows it as missing)"
    )
    return 0


def cmd_add_language(site: kb_site.Site, code: str) -> int:
    """The language's block in mkdocs.yml and its strings table; everything else falls back to English."""
    from kb.authoring import languages

    try:
        written = languages.add(site.root, code, site.paths["strings"], lambda path: site.display(path))
    except languages.LanguageError as error:
        raise UsageError(str(error)) from None
    print("\n".join(written))
    print(
        f"next: translate the marked values, then add translations under {site.docs_prefix}/{code}/ (kb mark "
        f"{code} PATH for each); until then every page shows in English with a notice.\n"
        f"kb status --lang {code} lists what is still in English."
    )
    return 0


def site_target(root: Path, site: kb_site.Site, site_dir: str) -> Path:
    """The folder `--site-dir` names, where a build may write (kb.output.sitedir), or UsageError."""
    from kb.output import sitedir

    given = Path(os.path.abspath(root / site_dir))
    target = given.parent.resolve() / given.name
    if reason := sitedir.refusal(target, root, site.docs_dir):
        raise UsageError(f"--site-dir {site_dir}: refused, because the build replaces that folder whole and {reason}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def cmd_build(root: Path, site_dir: str, jobs: int, lang: str | None = None) -> int:
    """Strict build into a folder of its own beside the target; the target, a link, is switched to it
    only when it succeeds (kb.output.sitedir). With jobs > 1 the languages are built in parallel processes
    (kb.build.parallel), same output. Pages, checks and search terms whose inputs did not change come from
    the build cache (kb.build.incremental); when nothing the build reads changed since the last build into
    the same folder, and that site is as the build left it, that site is the output. With `lang`,
    one part of the site (kb.output.parts)."""
    from kb.build import incremental, parallel
    from kb.output import parts, sitedir

    site = load_site(root)
    known_language(site, lang)
    target = site_target(root, site, site_dir)
    inputs = incremental.build_inputs(site)
    record = incremental.Record(root, target, f"part:{lang}" if lang else "site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with sitedir.Build(target) as build:  # entering removes what killed builds left, even when nothing changed
        if record.up_to_date(inputs, target):
            print(f"kb build: nothing changed since the last build; {site_dir}/ is up to date", file=sys.stderr)
            return 0
        if jobs > 1 or lang:
            ok = parallel.build(root / "mkdocs.yml", build.site, jobs, env, only=lang)
        else:
            command = [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--config-file",
                str(root / "mkdocs.yml"),
                "--site-dir",
                str(build.site),
            ]
            ok = subprocess.run(command, cwd=root, env=env).returncode == 0
        if not ok:
            kept = f"; the last good site in {site_dir}/ is unchanged" if target.exists() else ""
            print(f"kb build: the build failed{kept}", file=sys.stderr)
            return 1
        if lang:
            parts.finish(build.site, lang, site.source_lang, inputs)
        build.publish()
    record.remember(inputs, target)
    if not lang:
        incremental.prune(root, build.started)
    return 0


def cmd_merge(root: Path, folders: list[str], site_dir: str) -> int:
    """One site from parts built with kb build --lang (kb.output.parts), switched in as kb build does."""
    from kb.output import parts, sitedir

    site = load_site(root)
    target = site_target(root, site, site_dir)
    try:
        planned = parts.plan([Path(os.path.abspath(folder)) for folder in folders], site.languages)
    except parts.PartError as error:
        raise UsageError(str(error)) from None
    with sitedir.Build(target) as build:
        parts.merge(planned, build.site)
        build.publish()
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="kb", description="The Kestrel help center's writing and translation tool.")
    sub = main.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="strict build, swapped in only on success")
    build.add_argument("--site-dir", default="site")
    build.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=min(os.cpu_count() or 1, 5),
        help="languages built in parallel processes (default: one per CPU; 1 = sequential)",
    )
    build.add_argument("--lang", help="build one language only, as a part for kb merge (one job per language)")
    merge = sub.add_parser("merge", help="one site from the parts kb build --lang made")
    merge.add_argument("parts", nargs="+", metavar="PART", help="part folders, one per language")
    merge.add_argument("--site-dir", default="site")
    serve = sub.add_parser("serve", help="development server; rebuilds and reloads the page on every save")
    serve.add_argument("--lang", help="build only this language, for the fastest rebuilds")
    serve.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="address to serve on (default 127.0.0.1:8000); checked before the first build",
    )
    check = sub.add_parser("check", help="consistency checks without a build")
    check.add_argument("files", nargs="*")
    status = sub.add_parser("status", help="translation state of every article")
    status.add_argument("--lang")
    status.add_argument("--json", action="store_true")
    status.add_argument(
        "--db", help="the feedback database (sqlite:///FILE or postgresql://...): the most read articles first"
    )
    mark = sub.add_parser("mark", help="record the current English source hash in a translation")
    mark.add_argument("lang")
    mark.add_argument("path")
    diff = sub.add_parser("diff", help="what changed in the English source since the translated version")
    diff.add_argument("lang")
    diff.add_argument("path")
    new = sub.add_parser("new", help="create an English article and add it to the navigation")
    new.add_argument("target", metavar="SECTION/SLUG")
    new.add_argument("--title", required=True)
    new.add_argument("--description")
    add_language = sub.add_parser("add-language", help="add a language: its mkdocs.yml block and strings table")
    add_language.add_argument("code", help="an ISO 639 language code CLDR knows, such as fr or de")
    from kb.feedback import cli as feedback_cli

    feedback_cli.add_parser(sub)
    return main


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        root = find_root(Path.cwd())
        if arguments.command == "build":
            return cmd_build(root, arguments.site_dir, arguments.jobs, arguments.lang)
        if arguments.command == "merge":
            return cmd_merge(root, arguments.parts, arguments.site_dir)
        if arguments.command == "feedback":
            from kb.feedback import cli as feedback_cli

            try:
                return feedback_cli.main(root, arguments)
            except feedback_cli.Problem as error:
                raise UsageError(str(error)) from None
        site = load_site(root)
        if arguments.command == "serve":
            from kb.build import serve

            known_language(site, arguments.lang)
            if problem := serve.address_problem(arguments.dev_addr):
                raise UsageError(problem)
            return serve.serve(root / "mkdocs.yml", arguments.dev_addr, arguments.lang, site.languages)
        if arguments.command == "check":
            return cmd_check(site, arguments.files)
        if arguments.command == "status":
            return cmd_status(site, arguments.lang, arguments.json, arguments.db)
        if arguments.command == "diff":
            return cmd_diff(site, arguments.lang, arguments.path)
        if arguments.command == "new":
            return cmd_new(site, arguments.target, arguments.title, arguments.description)
        if arguments.command == "add-language":
            return cmd_add_language(site, arguments.code)
        return cmd_mark(site, arguments.lang, arguments.path)
    except UsageError as error:
        print(f"kb {arguments.command}: {error}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
