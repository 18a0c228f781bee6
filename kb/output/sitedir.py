"""Where a build may write, and how a new site replaces the last one.

A build marks every site it makes with the file MARK. `--site-dir site` is a symbolic
link, `site -> .site.builds/<id>`, to the folder of the last good build, beside it in
`.site.builds/`. A build writes its new site into `.site.builds/<its id>` and, only
when it succeeded, switches the link in one step (a new link renamed over the old one):
a reader of `site/` sees the old site or the new one, never neither. The folder of the
previous build is removed after the switch.

The id of a build is the time it started and its process id. Everything a build leaves
in `.site.builds/` is named after its id (`<id>`, `<id>.part1`, `<id>.claims`,
`<id>.lock`...), and a running build holds a lock on `<id>.lock`, so the next build
knows what killed builds left: names of that form, of a build that started earlier,
whose lock nobody holds, other than the current site. It removes them, and nothing else.

Refused: the repository, the docs folder, anything inside the docs or holding either,
any folder with a `.git`, a folder without MARK that is not empty, a symbolic link
another tool made, and a `.site.builds` that is not a folder. A real folder with MARK
(made by builds before `site` became a link) is replaced by the link in one step too."""

from __future__ import annotations

import ctypes
import fcntl
import os
import re
import shutil
import time
from pathlib import Path

MARK = ".kb-site"  # written into every site a build makes
MARK_TEXT = "This folder is a site built by `kb build`, which replaces it whole at the next build.\n"
# A build's id: when it started (UTC, to the microsecond), then its process id.
ID = r"\d{8}T\d{12}-\d+"
# What a build names after its id: its site; its workers' folders and logs, their language claims
# (kb.build.parallel), its lock, the new link before the switch; a site folder retired by the switch.
ENTRY = re.compile(rf"(?P<id>{ID})(?:\.part\d+|\.part\d+\.log|\.claims|\.lock|\.link|\.retired)?")
# Left beside the site by builds before it was a link: staging folders (tempfile's 8 characters)
# with their workers' folders, logs and claims, and the site retired by the switch.
LEGACY = r"\.{name}\.building-[a-z0-9_]{{8}}(?:\.part\d+|\.part\d+\.log|\.claims)?|\.{name}\.previous"


def builds_folder(link: Path) -> Path:
    return link.with_name(f".{link.name}.builds")


def current(link: Path) -> str | None:
    """The id of the build `link` points to, or None when it is not a link a build made."""
    if not link.is_symlink():
        return None
    match = re.fullmatch(rf"\.{re.escape(link.name)}\.builds/({ID})", os.readlink(link))
    return match and match.group(1)


def refusal(target: Path, root: Path, docs_dir: Path) -> str | None:
    """Why a build must not replace `target`, or None when it may."""
    link, target, root, docs_dir = target, target.resolve(), root.resolve(), docs_dir.resolve()
    for protected, name in ((root, "the repository"), (docs_dir, "the docs folder")):
        if target == protected:
            return f"it is {name}"
        if protected.is_relative_to(target):
            return f"it holds {name}"
    if target.is_relative_to(docs_dir):
        return "it is inside the docs folder"
    if link.is_symlink() and current(link) is None:
        return (
            f"it is a symbolic link to {os.readlink(link)} that kb build did not make; "
            f"remove the link or choose another --site-dir"
        )
    builds = builds_folder(link)
    if builds.is_symlink() or (builds.exists() and not builds.is_dir()):
        return f"{builds.name} beside it, where builds go, is not a folder a build made; move it away"
    if not target.exists():
        return None
    if not target.is_dir():
        return "it is a file"
    if (target / ".git").exists():
        return "it holds a .git folder"
    if (target / MARK).is_file() or not any(target.iterdir()):
        return None
    return f"it is not a site a build made (no {MARK} file in it); move it away or choose another --site-dir"


def remove(path: Path) -> None:
    """Delete a file, a link (not what it points to) or a folder (links inside it are not followed)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def locked(lock: Path) -> bool:
    """True while a running build holds `lock`."""
    try:
        with open(lock, "rb") as file:
            fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


def exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0


class Build:
    """One build's folder in `.site.builds/` and the switch of the link to it. As a context: the
    lock is held and the leftovers of killed builds are removed on entry; on exit whatever this
    build left, but the site it published, is removed."""

    def __init__(self, link: Path) -> None:
        self.link, self.folder = link, builds_folder(link)
        started = time.time()
        self.started = started
        self.id = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started)) + f"{int(started % 1 * 1e6):06d}-{os.getpid()}"
        self.site = self.folder / self.id  # where the new site is built
        self.published = False

    def __enter__(self) -> Build:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = open(self.folder / f"{self.id}.lock", "wb")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        for leftover in self.leftovers():
            remove(leftover)
        return self

    def __exit__(self, *exception) -> None:
        for entry in self.folder.iterdir():
            match = ENTRY.fullmatch(entry.name)
            if (
                match
                and match["id"] == self.id
                and not (self.published and entry == self.site)
                and entry.name != f"{self.id}.lock"
            ):
                remove(entry)
        (self.folder / f"{self.id}.lock").unlink(missing_ok=True)
        self.lock.close()

    def leftovers(self) -> list[Path]:
        """What killed builds left: in `.site.builds/`, names of the form above of a build older
        than this one, not running, and not the current site; beside the link, what builds left
        before the site was a link."""
        keep = current(self.link)
        found = []
        for entry in sorted(self.folder.iterdir()):
            match = ENTRY.fullmatch(entry.name)
            if (
                match
                and match["id"] < self.id
                and entry.name != keep
                and not locked(self.folder / f"{match['id']}.lock")
            ):
                found.append(entry)
        legacy = re.compile(LEGACY.format(name=re.escape(self.link.name)))
        for entry in sorted(self.link.parent.iterdir()):
            if (
                legacy.fullmatch(entry.name)
                and entry.lstat().st_mtime < self.started
                and (not entry.name.endswith(".previous") or (entry / MARK).is_file())
            ):
                found.append(entry)
        return found

    def publish(self) -> None:
        """Mark the new site, point the link at it in one step, and remove the previous build's folder."""
        (self.site / MARK).write_text(MARK_TEXT, encoding="utf-8")
        previous = current(self.link)
        new_link = self.folder / f"{self.id}.link"
        os.symlink(f"{self.folder.name}/{self.id}", new_link)
        if self.link.is_dir() and not self.link.is_symlink():  # a site folder from before the link
            if not exchange(new_link, self.link):
                os.rename(self.link, self.folder / f"{self.id}.retired")
                os.replace(new_link, self.link)
        else:
            os.replace(new_link, self.link)
        self.published = True
        if previous and previous != self.id:
            remove(self.folder / previous)
