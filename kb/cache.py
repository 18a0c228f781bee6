"""The build cache: work a build can reuse from the last one, keyed by content hash.

It lives in `.cache/kb/` beside mkdocs.yml (KB_CACHE_DIR moves it); deleting it
only makes the next build slower. Nothing in it can change the output:

- templates/: compiled Jinja templates; Jinja checks each against its source's checksum."""

from __future__ import annotations

import os
import sysconfig
import tempfile
from pathlib import Path

import jinja2

CACHE_DIR = "KB_CACHE_DIR"


def directory(root: Path) -> Path:
    return Path(os.environ.get(CACHE_DIR) or root / ".cache" / "kb")


def write_atomically(path: Path, data: bytes) -> None:
    """Readers (other build processes) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory for the next language's build in this process, and on disk
    for the next run (Jinja's own file cache, which writes atomically)."""

    def __init__(self) -> None:
        self.memory: dict[str, bytes] = {}
        self.files: jinja2.FileSystemBytecodeCache | None = None

    def use_directory(self, folder: Path) -> None:
        if self.files is None or Path(self.files.directory) != folder:
            folder.mkdir(parents=True, exist_ok=True)
            self.files = jinja2.FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.memory:
            bucket.bytecode_from_string(self.memory[bucket.key])
        elif self.files is not None:
            self.files.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memory[bucket.key] = bucket.bytecode_to_string()
        if self.files is not None:
            self.files.dump_bytecode(bucket)


def remember_installed_templates() -> None:
    """Every language's build (and every `mkdocs serve` rebuild) lists the theme's files, thousands
    of icons among them; an installed package's files do not change while the process runs, so each
    installed folder is listed once. Folders of the project (overrides/) are listed every time."""
    if getattr(jinja2.FileSystemLoader.list_templates, "remembers_installed", False):
        return
    list_templates = jinja2.FileSystemLoader.list_templates
    installed = tuple(str(Path(sysconfig.get_paths()[key]).resolve()) for key in ("purelib", "platlib"))
    listed: dict[str, list[str]] = {}

    def listing(loader: jinja2.FileSystemLoader) -> list[str]:
        found: set[str] = set()
        for folder in loader.searchpath:
            if folder not in listed:
                names = list_templates(jinja2.FileSystemLoader(folder))
                if not str(Path(folder).resolve()).startswith(installed):
                    found.update(names)
                    continue
                listed[folder] = names
            found.update(listed[folder])
        return sorted(found)

    listing.remembers_installed = True  # type: ignore[attr-defined]
    jinja2.FileSystemLoader.list_templates = listing  # type: ignore[method-assign]
