"""Files the build reads, checked before anything parses them.

- `symlink`: a symbolic link under docs/ or data/ that leads outside the repository
  (MkDocs would publish its target as a page asset); such files are never read.
- `file-size`: an article over 512 KB or a data file over 1 MB; never parsed."""

from __future__ import annotations

import os
from pathlib import Path

from kb.core.findings import Finding

ARTICLE_LIMIT = 512 * 1024
DATA_LIMIT = 1024 * 1024
# The checkout that holds this code: fixture and benchmark sites link its data and docs.
CHECKOUT = Path(__file__).resolve().parents[2]


def repository(path: Path) -> Path | None:
    """The folder holding mkdocs.yml among `path`'s parents, as written (links not followed)."""
    for folder in Path(os.path.abspath(path)).parents:
        if (folder / "mkdocs.yml").is_file():
            return folder
    return None


def outside(path: Path, root: Path | None) -> bool:
    """Whether `path`, links followed, leads outside the repository `root` (and this checkout)."""
    if root is None:  # not part of a site: nothing to keep it inside
        return False
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop of links
        return True
    roots = {CHECKOUT, root.resolve()}
    return not any(target == folder or folder in target.parents for folder in roots)


def links_leading_outside(folder: Path, root: Path | None) -> list[str]:
    """The symbolic links under `folder` (files and folders, as a walk that follows links lists
    them) that lead outside `root`: every path under one of them leads outside too. Cheaper than
    `outside` on every file: only links are resolved."""
    found: list[str] = []
    seen: set[str] = set()
    for base, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(base)
        if real in seen:  # a loop of links: walked once
            dirs[:] = []
            continue
        seen.add(real)
        for name in dirs + names:
            path = os.path.join(base, name)
            if os.path.islink(path) and outside(Path(path), root):
                found.append(path)
        dirs[:] = [d for d in dirs if os.path.join(base, d) not in found]
    return found


def size_finding(path: Path, display: str, limit: int, what: str) -> Finding | None:
    size = path.stat().st_size
    if size <= limit:
        return None
    return Finding(
        display,
        1,
        "file-size",
        f"{size // 1024} KB is over the {limit // 1024} KB limit for {what}; split it into smaller files",
    )


def refusal(path: Path, display: str, limit: int, what: str) -> Finding | None:
    """Why `path` must not be read (a link leading outside, or too large), or None."""
    if outside(path, repository(path)):
        return Finding(
            display,
            1,
            "symlink",
            f"leads outside the repository ({os.path.realpath(path)}); "
            f"replace the link with the file itself, inside the repository",
        )
    if not path.is_file():
        return None
    return size_finding(path, display, limit, what)


def check(root: Path, folder: Path, prefix: str, limit: int, what: str, pattern: str = "*") -> list[Finding]:
    """Links leading outside and oversized files under `folder`, shown as `prefix`/<path inside it>;
    links to folders are reported, not followed."""
    findings = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            path = Path(parent) / name
            display = f"{prefix}/{path.relative_to(folder).as_posix()}"
            if path.is_symlink() and outside(path, root):
                findings.append(refusal(path, display, limit, what))
            elif name in files and path.match(pattern) and path.is_file():
                finding = size_finding(path, display, limit, what)
                if finding:
                    findings.append(finding)
    return [finding for finding in findings if finding]
