"""The build cache reuses work only when it is for the same content, and an entry that is
damaged in any way is deleted and made again, never used (kb/build/cache.py)."""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import pickle
import platform
import random
from pathlib import Path

import jinja2
import pytest

from kb.build import cache

SOURCE = "Hello {{ name }}"


def environment(templates: Path, compiled: cache.CompiledTemplates) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=compiled)


@pytest.fixture
def templates(tmp_path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text(SOURCE, encoding="utf-8")
    return folder


def render(templates: Path, folder: Path) -> str:
    """Render page.html as a new build process would: nothing in memory, the cache on disk."""
    compiled = cache.CompiledTemplates()
    compiled.use_directory(folder)
    return environment(templates, compiled).get_template("page.html").render(name="Kestrel")


def test_compiled_templates_are_reused_across_environments_and_follow_the_source(templates, tmp_path):
    compiled = cache.CompiledTemplates()
    compiled.use_directory(tmp_path / "cache")

    def render_here() -> str:
        return environment(templates, compiled).get_template("page.html").render(name="Kestrel")

    assert render_here() == "Hello Kestrel"
    assert len(list((tmp_path / "cache" / cache.VERSIONS).iterdir())) == 1  # on disk for the next run
    (templates / "page.html").write_text("Hi {{ name }}", encoding="utf-8")
    assert render_here() == "Hi Kestrel"  # a changed source is compiled again, not read from the cache


def test_entries_are_kept_apart_by_python_and_jinja_version(templates, tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "__jinja2_0123.cache").write_bytes(b"compiled without a seal")
    render(templates, tmp_path / "cache")
    assert cache.VERSIONS == (
        f"{platform.python_implementation().lower()}-{platform.python_version()}-jinja2-{jinja2.__version__}"
    )
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [cache.VERSIONS]  # unsealed entries deleted
    entry = next((tmp_path / "cache" / cache.VERSIONS).iterdir()).read_bytes()
    assert entry.startswith(f"{cache.FORMAT} {cache.VERSIONS} sha256:".encode())


def for_source(marshalled: bytes) -> bytes:
    """A payload in Jinja's format for SOURCE around `marshalled`."""
    return jinja2.bccache.bc_magic + pickle.dumps(hashlib.sha1(SOURCE.encode()).hexdigest(), 2) + marshalled


def compiled_elsewhere(source: str) -> bytes:
    """A payload Jinja accepts for SOURCE, holding the code of another template: what a lying entry
    would make the build publish."""
    return for_source(marshal.dumps(jinja2.Environment().compile(source, "page.html", "page.html")))


def flip_bytes(path: Path) -> None:
    """16 bytes of the payload (after the header line) inverted."""
    data = bytearray(path.read_bytes())
    start = data.index(b"\n") + 1
    for position in random.Random(16).sample(range(start, len(data)), 16):
        data[position] ^= 0xFF
    path.write_bytes(bytes(data))


def header_of_another_payload(path: Path) -> None:
    data = path.read_bytes()
    header = data[: data.index(b"\n") + 1]
    path.write_bytes(header + compiled_elsewhere("Goodbye {{ name }}"))


def folder_in_its_place(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


def unreadable(path: Path) -> None:
    path.chmod(0)


@pytest.mark.parametrize(
    "damage, problem",
    [
        (flip_bytes, "its contents do not match their SHA-256 (truncated or corrupt)"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "do not match their SHA-256"),
        (lambda p: p.write_bytes(p.read_bytes()[:40]), "no valid header"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(random.Random(7).randbytes(900)), "no valid header"),
        (header_of_another_payload, "do not match their SHA-256"),
        (
            lambda p: p.write_bytes(
                cache.seal(compiled_elsewhere("Goodbye {{ name }}"), "cpython-3.10.0-jinja2-3.0.0")
            ),
            "made by cpython-3.10.0-jinja2-3.0.0, this build runs " + cache.VERSIONS,
        ),
        (
            lambda p: p.write_bytes(cache.seal(compiled_elsewhere("Goodbye")).replace(b"kb-cache/1", b"kb-cache/0", 1)),
            "entry format 'kb-cache/0', expected 'kb-cache/1'",
        ),
        (lambda p: p.write_bytes(cache.seal(for_source(marshal.dumps(42)))), "not a compiled template"),
        (
            lambda p: p.write_bytes(cache.seal(jinja2.bccache.bc_magic + b"\xff\x00 no pickle")),
            "not a compiled template",
        ),
        (folder_in_its_place, "unreadable (Is a directory)"),
        pytest.param(
            unreadable,
            "unreadable (Permission denied)",
            marks=pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file without read permission"),
        ),
    ],
    ids=[
        "flipped bytes",
        "truncated",
        "truncated header",
        "empty",
        "random bytes",
        "header of another payload",
        "other versions",
        "other format",
        "sealed non-code",
        "sealed garbage",
        "folder",
        "no read permission",
    ],
)
def test_a_damaged_entry_is_deleted_and_made_again(templates, tmp_path, caplog, damage, problem):
    folder = tmp_path / "cache"
    assert render(templates, folder) == "Hello Kestrel"
    [entry] = (folder / cache.VERSIONS).iterdir()
    sound = entry.read_bytes()
    damage(entry)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.cache"):
        assert render(templates, folder) == "Hello Kestrel"
    assert f"build cache: {entry}: " in caplog.text and problem in caplog.text, caplog.text
    assert entry.is_file() and entry.read_bytes() == sound  # made again, as it was
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.cache"):
        assert render(templates, folder) == "Hello Kestrel"
    assert caplog.text == ""  # and used from then on


def test_an_unwritable_cache_is_a_log_line_not_a_failure(templates, tmp_path, caplog):
    folder = tmp_path / "cache"
    assert render(templates, folder) == "Hello Kestrel"
    [entry] = (folder / cache.VERSIONS).iterdir()
    entry.unlink()
    entry.mkdir()
    (entry / "inside").mkdir()  # a folder that is not deleted: (its own content is not an entry)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.cache"):
        compiled = cache.CompiledTemplates()
        compiled.use_directory(folder)
        compiled.files.drop = lambda path, opened, problem: None  # as if the folder could not be deleted
        assert environment(templates, compiled).get_template("page.html").render(name="Kestrel") == "Hello Kestrel"
    assert f"build cache: could not write {entry}" in caplog.text


@pytest.mark.parametrize(
    "where, refused",
    [
        ("docs", "inside the docs folder"),
        ("docs/en/.cache", "inside the docs folder"),
        ("link-to-docs/kb", "inside the docs folder"),
        (".", "holds the repository"),
        ("..", "holds the repository"),
        ("link-to-repo", "holds the repository"),
        (".cache/kb", None),
        ("elsewhere/cache", None),
    ],
)
def test_the_build_cache_is_never_the_docs_or_the_repository(tmp_path, where, refused):
    root = tmp_path / "repo"
    (root / "docs" / "en").mkdir(parents=True)
    (root / "link-to-docs").symlink_to(root / "docs")
    (root / "link-to-repo").symlink_to(root)
    why = cache.refusal(root / where, root, root / "docs")
    assert (why is None) if refused is None else (refused in why), why
