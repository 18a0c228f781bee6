"""Languages built in parallel processes, with output identical to one sequential build.

static-i18n builds the source language, then every other language in turn, in one
process. Here each worker process builds a group of languages the same way (the
first of its group, then the rest, through static-i18n's own loop) into its own
folder:

- the primary worker's group starts with the source language; it runs every check
  once, writes the site root (assets, root 404, sitemap index, robots.txt, the
  English search index) and its languages' folders;
- each secondary worker builds only its languages' folders (`<lang>/`), with its
  own sitemaps and search index, and skips the checks (KB_CHECKED_ELSEWHERE).

The parent then moves the secondary workers' language folders into the primary's
output. Run as `python -m kb.parallel <config> <site_dir> <lang,lang...>`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kb.cli import load_site
from kb.site import CHECKED_ELSEWHERE


def groups(languages: list[str], jobs: int) -> list[list[str]]:
    """Languages dealt round-robin into at most `jobs` groups; the source language (first) leads the first."""
    jobs = max(1, min(jobs, len(languages)))
    return [languages[start::jobs] for start in range(jobs)]


def worker(config_file: str, site_dir: str, languages: list[str]) -> None:
    """Build `languages` (in this order) as static-i18n does, and nothing else."""
    from mkdocs.commands import build as build_command
    from mkdocs.config import load_config
    import mkdocs_static_i18n.plugin as i18n_plugin

    config = load_config(config_file, site_dir=site_dir, strict=True)
    i18n = config.plugins["i18n"]
    i18n.current_language = languages[0]  # static-i18n keeps a language set before its first build
    pending = set(languages[1:])
    original = i18n_plugin.build

    def build_wanted(config, *, dirty=False):  # static-i18n's loop over the other languages
        if i18n.current_language in pending:
            pending.discard(i18n.current_language)
            original(config, dirty=dirty)

    i18n_plugin.build = build_wanted
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build_command.build(config)
    finally:
        config.plugins.on_shutdown()


def build(config_file: Path, site_dir: Path, jobs: int, env: dict) -> bool:
    """Build into `site_dir` (which must not exist) with `jobs` processes; True on success."""
    languages = load_site(config_file.parent).languages  # the source language first
    parts = groups(languages, jobs)
    folders = [site_dir] + [site_dir.with_name(f"{site_dir.name}.part{n}") for n in range(1, len(parts))]
    processes = []
    for n, (group, folder) in enumerate(zip(parts, folders)):
        worker_env = dict(env)
        if n:
            worker_env[CHECKED_ELSEWHERE] = "1"
        log = folder.with_name(f"{folder.name}.log")
        command = [sys.executable, "-m", "kb.parallel", str(config_file), str(folder), ",".join(group)]
        with open(log, "w", encoding="utf-8") if n else open(os.devnull, "w") as secondary_log:
            processes.append(subprocess.Popen(command, cwd=config_file.parent, env=worker_env,
                                              stdout=secondary_log if n else None, stderr=secondary_log if n else None))
    results = [process.wait() for process in processes]
    ok = all(code == 0 for code in results)
    for n, folder in enumerate(folders[1:], start=1):
        log = folder.with_name(f"{folder.name}.log")
        if results[0] == 0 and results[n] != 0:  # the primary reports the docs' problems; this is something else
            sys.stderr.write(log.read_text(encoding="utf-8"))
        log.unlink(missing_ok=True)
    for group, folder in zip(parts[1:], folders[1:]):
        if ok:
            for lang in group:
                shutil.rmtree(site_dir / lang, ignore_errors=True)
                (folder / lang).rename(site_dir / lang)
        shutil.rmtree(folder, ignore_errors=True)
    return ok


if __name__ == "__main__":
    import logging

    config_file, site_dir, languages = sys.argv[1:4]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    try:
        worker(config_file, site_dir, languages.split(","))
    except Exception as error:  # MkDocs' own command prints the same way
        from mkdocs.exceptions import Abort, MkDocsException

        if isinstance(error, Abort):  # the problems are logged above; say how it ended, as `mkdocs build` does
            print(error.format_message(), file=sys.stderr)
            sys.exit(1)
        if isinstance(error, MkDocsException):
            print(f"ERROR   -  {error}", file=sys.stderr)
            sys.exit(1)
        raise
