"""The build cache: work a build can reuse from the last one, keyed by content hash.

It lives in `.cache/kb/` beside mkdocs.yml (KB_CACHE_DIR moves it); deleting it
only makes the next build slower. Nothing in it can change the output:

- templates/<python>-<jinja>/: compiled Jinja templates, one folder per Python and
  Jinja version (the compiled form changes between versions); Jinja checks each
  against its source's checksum.

Every entry starts with a header line naming the entry format, the versions and the
SHA-256 of the rest of the file, checked before the entry is used. An entry that
cannot be read or fails any check is deleted and made again, with one line in the
build's log; a build never stops or changes its output because of the cache."""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import re
import shutil
import sysconfig
import tempfile
import types
from pathlib import Path

import jinja2

CACHE_DIR = "KB_CACHE_DIR"
FORMAT = "kb-cache/1"  # the header's first word; a new layout of entries gets a new number
# What compiled templates depend on besides their source: marshal's format and Jinja's code generator.
VERSIONS = f"{platform.python_implementation().lower()}-{platform.python_version()}-jinja2-{jinja2.__version__}"
# The header: format, versions, hex SHA-256 of the payload that follows the newline.
HEADER = re.compile(rb"(?P<format>\S+) (?P<versions>\S+) sha256:(?P<digest>[0-9a-f]{64})\n")
LONGEST_HEADER = 256  # bytes; a first line longer than this is no header of ours

log = logging.getLogger("mkdocs.hooks.cache")


def directory(root: Path) -> Path:
    return Path(os.environ.get(CACHE_DIR) or root / ".cache" / "kb")


def refusal(folder: Path, root: Path, docs_dir: Path) -> str | None:
    """Why the build cache must not live in `folder` (judged where symbolic links lead), or None:
    the cache writes and deletes its entries, so never in the docs, nor as or around the repository."""
    folder, root, docs_dir = folder.resolve(), root.resolve(), docs_dir.resolve()
    if folder == docs_dir or docs_dir in folder.parents:
        return f"it is inside the docs folder ({docs_dir})"
    if folder == root or folder in root.parents:
        return f"it holds the repository ({root})"
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Readers (other build processes) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def seal(payload: bytes, versions: str = VERSIONS) -> bytes:
    """An entry: the header line, then the payload."""
    return f"{FORMAT} {versions} sha256:{hashlib.sha256(payload).hexdigest()}\n".encode() + payload


def unseal(entry: bytes, versions: str = VERSIONS) -> tuple[bytes | None, str]:
    """(payload, "") for a sound entry of this format and these versions, else (None, what is wrong)."""
    header = HEADER.match(entry[:LONGEST_HEADER])
    if header is None:
        return None, "no valid header" if entry else "empty"
    if header["format"].decode() != FORMAT:
        return None, f"entry format {header['format'].decode()!r}, expected {FORMAT!r}"
    if header["versions"].decode() != versions:
        return None, f"made by {header['versions'].decode()}, this build runs {versions}"
    payload = entry[header.end() :]
    if hashlib.sha256(payload).hexdigest() != header["digest"].decode():
        return None, "its contents do not match their SHA-256 (truncated or corrupt)"
    return payload, ""


class Entries:
    """Sealed files in one folder of the cache, by key. A bad entry is deleted, so it is made again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()}.entry"

    def read(self, key: str) -> bytes | None:
        path = self.path(key)
        try:
            with open(path, "rb") as file:
                opened = os.fstat(file.fileno())
                entry = file.read()
        except FileNotFoundError:
            return None
        except OSError as error:  # a folder in its place, no permission, an I/O error
            self.drop(path, None, f"unreadable ({error.strerror or error})")
            return None
        payload, problem = unseal(entry)
        if payload is None:
            self.drop(path, opened, problem)
        return payload

    def used(self, key: str) -> None:
        """Mark an entry as used now (kb.build.incremental.prune keeps the entries the last build used)."""
        try:
            os.utime(self.path(key))
        except OSError:
            pass

    def write(self, key: str, payload: bytes) -> None:
        path = self.path(key)
        if path.is_dir() and not path.is_symlink():
            self.drop(path, None, "a folder where an entry belongs")
        try:
            write_atomically(path, seal(payload))
        except OSError as error:  # a full disk or a read-only cache: the build goes on without it
            log.info(
                "build cache: could not write %s (%s); this build goes on without it", path, error.strerror or error
            )

    def drop(self, path: Path, opened: os.stat_result | None, problem: str) -> None:
        """Delete a bad entry: the one that was read, not a sound one another process wrote since."""
        log.info("build cache: %s: %s; deleted, to be made again", path, problem)
        try:
            now = os.lstat(path)
            if opened is not None and (now.st_ino, now.st_dev) != (opened.st_ino, opened.st_dev):
                return
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            pass  # gone already, or not ours to delete: the next write replaces it


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory for the next language's build in this process, and on disk
    (sealed entries, see above) for the next run."""

    def __init__(self) -> None:
        self.memory: dict[str, bytes] = {}
        self.files: Entries | None = None

    def use_directory(self, folder: Path) -> None:
        """Entries go to `folder`/<versions>/; compiled templates Jinja's own file cache left in
        `folder` (named __jinja2_*.cache, unchecked) are deleted."""
        folder = folder / VERSIONS
        if self.files is None or self.files.folder != folder:
            folder.mkdir(parents=True, exist_ok=True)
            for unchecked in folder.parent.glob("__jinja2_*.cache"):
                if unchecked.is_file() and not unchecked.is_symlink():
                    unchecked.unlink(missing_ok=True)
            self.files = Entries(folder)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.memory:
            bucket.bytecode_from_string(self.memory[bucket.key])
            return
        if self.files is None or (payload := self.files.read(bucket.key)) is None:
            return
        try:
            bucket.bytecode_from_string(payload)  # Jinja resets the bucket when the source changed
            if bucket.code is not None and not isinstance(bucket.code, types.CodeType):
                raise TypeError(f"holds a {type(bucket.code).__name__}, not compiled code")
        except Exception as error:  # a sound seal around something that is not a compiled template
            bucket.reset()
            self.files.drop(self.files.path(bucket.key), None, f"not a compiled template ({error})")

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memory[bucket.key] = bucket.bytecode_to_string()
        if self.files is not None:
            self.files.write(bucket.key, self.memory[bucket.key])


def remember_installed_templates() -> None:
    """Every language's build (and every `mkdocs serve` rebuild) lists the theme's files, thousands
    of icons among them; an installed package's files do not change while the process runs, so each
    installed folder is listed once. Folders of the project (overrides/) are listed every time."""
    from kb import internals

    internals.list_templates_once(
        tuple(str(Path(sysconfig.get_paths()[key]).resolve()) for key in ("purelib", "platlib"))
    )
