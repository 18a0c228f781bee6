"""What `kb serve` reuses from one rebuild to the next in its process (kb.build.incremental): a file is
read again only when it changed, and the keys are those a cold process computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.build import incremental
from tests.unit.test_build_cache import CHANGES, key, project


@pytest.fixture
def reads(monkeypatch):
    """The files read, in order; every file's times count as settled (no waiting in the test)."""
    monkeypatch.setattr(incremental, "SETTLED_NS", -(10**18))
    monkeypatch.setattr(incremental, "_READ", {})
    read: list[str] = []
    original = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return read


def cold(root: Path, monkeypatch) -> str:
    """The key a new process computes: nothing remembered."""
    with monkeypatch.context() as fresh:
        fresh.setattr(incremental, "_READ", {})
        return key(root)


def test_a_rebuild_reads_only_the_configuration_and_the_files_that_changed(tmp_path, reads):
    root = project(tmp_path)
    key(root)
    assert sorted(reads) == sorted(["mkdocs.yml", "facts.yml", "main.html", "start.md", "logo.svg"])
    reads.clear()
    key(root)
    assert reads == ["mkdocs.yml"]
    reads.clear()
    (root / "docs/en/start.md").write_text("# Start\n", encoding="utf-8")
    key(root)
    assert reads == ["mkdocs.yml", "start.md"]


@pytest.mark.parametrize("change", [case[1] for case in CHANGES], ids=[case[0] for case in CHANGES])
def test_a_rebuild_computes_the_key_a_new_process_computes(tmp_path, reads, monkeypatch, change):
    root = project(tmp_path)
    key(root)
    change(root)
    assert key(root) == cold(root, monkeypatch)


def test_a_file_saved_just_before_it_is_read_is_read_again(tmp_path, monkeypatch):
    """File times are coarse: a file saved again in the same tick with the same size keeps its times,
    so a file saved less than SETTLED_NS before it was read is not remembered."""
    monkeypatch.setattr(incremental, "_READ", {})
    root = project(tmp_path)
    key(root)
    assert not any(path.endswith("facts.yml") for path, _ in incremental._READ)


def test_installed_packages_are_listed_again_when_a_folder_python_imports_from_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "_VERSIONS", {})
    monkeypatch.syspath_prepend(str(tmp_path))
    before = incremental.versions()
    (tmp_path / "kbtestpackage-1.0.dist-info").mkdir()
    (tmp_path / "kbtestpackage-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kbtestpackage\nVersion: 1.0\n", encoding="utf-8"
    )
    after = incremental.versions()
    assert "kbtestpackage==1.0" not in before
    assert "kbtestpackage==1.0" in after
