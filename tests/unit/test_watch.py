"""kb serve is told of changes by the kernel (kb.build.watch): every way an editor or Git changes
a watched file reaches MkDocs' handler as a file event, and reading a file does not."""

from __future__ import annotations

import os
import queue
import shutil
import sys
from pathlib import Path

import pytest
from watchdog import events

from kb.build import watch

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")


class Recorder(events.FileSystemEventHandler):
    """MkDocs' handler: it rebuilds on any event that is not a folder's."""

    def __init__(self):
        self.seen: queue.Queue = queue.Queue()

    def on_any_event(self, event):
        if not event.is_directory:
            self.seen.put(os.fsdecode(event.dest_path or event.src_path))


def write_in_place(folder: Path) -> Path:
    page = folder / "docs" / "en" / "returns.md"
    page.write_text("# Returns, edited\n", encoding="utf-8")
    return page


def save_by_rename(folder: Path) -> Path:  # how many editors save: a new file over the old
    page = folder / "docs" / "en" / "returns.md"
    (folder / "docs" / "en" / ".returns.md.swp").write_text("# Returns, saved\n", encoding="utf-8")
    os.replace(folder / "docs" / "en" / ".returns.md.swp", page)
    return page


def create(folder: Path) -> Path:
    page = folder / "docs" / "en" / "new.md"
    page.write_text("# New\n", encoding="utf-8")
    return page


def delete(folder: Path) -> Path:
    page = folder / "docs" / "en" / "returns.md"
    page.unlink()
    return page


def move_a_folder_out(folder: Path) -> Path:
    shutil.move(folder / "docs" / "en", folder / "elsewhere")
    return folder / "docs" / "en"


def create_a_folder_of_pages(folder: Path) -> Path:
    (folder / "staging" / "faq").mkdir(parents=True)
    (folder / "staging" / "faq" / "index.md").write_text("# FAQ\n", encoding="utf-8")
    os.rename(folder / "staging" / "faq", folder / "docs" / "en" / "faq")
    return folder / "docs" / "en" / "faq"


def edit_the_config_in_place(folder: Path) -> Path:
    config = folder / "mkdocs.yml"
    config.write_text("site_name: Kestrel, edited\n", encoding="utf-8")
    return config


def save_the_config_by_rename(folder: Path) -> Path:
    config = folder / "mkdocs.yml"
    (folder / "mkdocs.yml.new").write_text("site_name: Kestrel, saved\n", encoding="utf-8")
    os.replace(folder / "mkdocs.yml.new", config)
    return config


CHANGES = [
    write_in_place,
    save_by_rename,
    create,
    delete,
    move_a_folder_out,
    create_a_folder_of_pages,
    edit_the_config_in_place,
    save_the_config_by_rename,
]


@pytest.fixture
def watched(tmp_path):
    """A project's docs/ and mkdocs.yml watched as kb serve watches them; then the recorder."""
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "returns.md").write_text("# Returns\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Kestrel\n", encoding="utf-8")
    observer = watch.told()
    assert observer is not None, "no inotify observer on Linux"
    recorder = Recorder()
    observer.schedule(recorder, str(tmp_path / "docs"), recursive=True)
    observer.schedule(recorder, str(tmp_path / "mkdocs.yml"), recursive=True)
    observer.start()
    yield tmp_path, recorder
    observer.stop()
    observer.join()


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_every_change_reaches_the_handler_as_a_file_event(watched, change):
    folder, recorder = watched
    (folder / "docs" / "en" / "returns.md").read_text(encoding="utf-8")  # reading is no change
    (folder / "mkdocs.yml").read_text(encoding="utf-8")
    changed = change(folder)
    first = recorder.seen.get(timeout=10)
    assert Path(first).is_relative_to(changed) or Path(first).name.startswith(".returns.md"), first


def test_a_file_beside_the_watched_config_is_not_its_change(watched):
    folder, recorder = watched
    (folder / "notes.txt").write_text("not the site\n", encoding="utf-8")
    changed = edit_the_config_in_place(folder)
    assert recorder.seen.get(timeout=10) == str(changed)


def test_the_config_saved_by_rename_is_still_watched_at_the_next_save(watched):
    """A watch on the file itself would follow the replaced file and miss every later save."""
    folder, recorder = watched
    for _ in range(3):
        changed = save_the_config_by_rename(folder)
        assert recorder.seen.get(timeout=10) == str(changed)
        while not recorder.seen.empty():
            recorder.seen.get_nowait()
