"""Languages built in parallel processes, with output identical to one sequential build.

static-i18n builds the source language, then every other language in turn, in one
process. Here each worker process starts with one language, then goes through
static-i18n's own loop and builds each language no other worker has claimed yet
(a claim is a file created exclusively in a shared folder), so a worker that
finishes early takes the next language:

- the primary worker starts with the source language; it runs every check once,
  writes the site root (assets, root 404, sitemap index, robots.txt, the English
  search index) and the folders of the languages it claims;
- each secondary worker builds only language folders (`<lang>/`), with their own
  sitemaps and search index, and skips the checks (KB_CHECKED_ELSEWHERE).

The parent then moves the language folders the secondary workers built into the
primary's output. Run as `python -m kb.build.parallel <config> <site_dir> <first language> <claims folder> <worker>`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kb.build.config import load_site
from kb.core.site import CHECKED_ELSEWHERE


def claim(claims: Path, lang: str, worker: int) -> bool:
    """True if `worker` is the first to claim `lang` (an exclusive create, atomic across processes)."""
    try:
        descriptor = os.open(claims / lang, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.write(descriptor, str(worker).encode())
    os.close(descriptor)
    return True


def worker(config_file: str, site_dir: str, first: str, claims: Path, number: int) -> None:
    """Build `first`, then, in static-i18n's order, every language this worker claims."""
    from mkdocs.commands import build as build_command
    from mkdocs.config import load_config

    from kb import internals

    config = load_config(config_file, site_dir=site_dir, strict=True)
    i18n = config.plugins["i18n"]
    # static-i18n keeps a language set before its first build
    i18n.current_language = first  # type: ignore[attr-defined]  # static-i18n's plugin, typed as BasePlugin
    internals.i18n_build_only(lambda lang: claim(claims, lang, number))

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build_command.build(config)
    finally:
        config.plugins.on_shutdown()


NOBODY = -1  # the claim on a language no worker of this build builds (kb build --lang)


def build(config_file: Path, site_dir: Path, jobs: int, env: dict, only: str | None = None) -> bool:
    """Build into `site_dir` (which must not exist) with `jobs` processes; True on success.
    With `only`, that language alone, in one process, with every check (kb.output.parts)."""
    languages = load_site(config_file.parent).languages  # the source language first
    if only is not None:
        languages, jobs = [only], 1
    count = max(1, min(jobs, len(languages)))
    folders = [site_dir] + [site_dir.with_name(f"{site_dir.name}.part{n}") for n in range(1, count)]
    claims = site_dir.with_name(f"{site_dir.name}.claims")
    shutil.rmtree(claims, ignore_errors=True)
    claims.mkdir()
    for lang in load_site(config_file.parent).languages if only is not None else []:
        if lang != only:
            claim(claims, lang, NOBODY)
    processes = []
    for n, folder in enumerate(folders):
        claim(claims, languages[n], n)
        worker_env = dict(env)
        if n:
            worker_env[CHECKED_ELSEWHERE] = "1"
        log = folder.with_name(f"{folder.name}.log")
        command = [
            sys.executable,
            "-m",
            "kb.build.parallel",
            str(config_file),
            str(folder),
            languages[n],
            str(claims),
            str(n),
        ]
        with open(log, "w", encoding="utf-8") if n else open(os.devnull, "w") as secondary_log:
            processes.append(
                subprocess.Popen(
                    command,
                    cwd=config_file.parent,
                    env=worker_env,
                    stdout=secondary_log if n else None,
                    stderr=secondary_log if n else None,
                )
            )
    results = [processes[0].wait()]
    if results[0] != 0:  # the docs have problems (reported by the primary): the other languages can stop
        for process in processes[1:]:
            process.terminate()
    results += [process.wait() for process in processes[1:]]
    ok = all(code == 0 for code in results)
    for n, folder in enumerate(folders[1:], start=1):
        log = folder.with_name(f"{folder.name}.log")
        if results[0] == 0 and results[n] != 0:  # the primary reports the docs' problems; this is something else
            sys.stderr.write(log.read_text(encoding="utf-8"))
        log.unlink(missing_ok=True)
    built_by = {path.name: int(path.read_text()) for path in claims.iterdir()}
    for lang, n in sorted(built_by.items()):
        if ok and n > 0:
            shutil.rmtree(site_dir / lang, ignore_errors=True)
            (folders[n] / lang).rename(site_dir / lang)
    for folder in folders[1:]:
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(claims, ignore_errors=True)
    return ok


if __name__ == "__main__":
    import logging

    config_file, site_dir, first, claims, number = sys.argv[1:6]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    try:
        worker(config_file, site_dir, first, Path(claims), int(number))
    except Exception as error:  # MkDocs' own command prints the same way
        from mkdocs.exceptions import Abort, MkDocsException

        if isinstance(error, Abort):  # the problems are logged above; say how it ended, as `mkdocs build` does
            print(error.format_message(), file=sys.stderr)
            sys.exit(1)
        if isinstance(error, MkDocsException):
            print(f"ERROR   -  {error}", file=sys.stderr)
            sys.exit(1)
        raise
