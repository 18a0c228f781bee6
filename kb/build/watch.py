"""Told of changes instead of looking for them: a watchdog observer on Linux's inotify for
`kb serve`, which MkDocs' server otherwise polls for (a walk of every watched file every
interval, in a thread that competes with the build for the interpreter).

What it reports is what a poll would have found: files written, created, deleted or moved,
never files read (the build reads every page); and a folder created, moved or deleted whole
reports as a file event of its path, since MkDocs' server rebuilds on file events only.
(watchdog watches a single file, mkdocs.yml, through its folder, so a rename-on-save keeps it
watched.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchdog import events
from watchdog.observers.api import ObservedWatch

# What a poll's snapshots would show as a change; opening and reading are not.
CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent,
    events.FileModifiedEvent,
    events.FileDeletedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,  # closed after writing
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]


class AsFiles(events.FileSystemEventHandler):
    """Passes on file events, and a folder created, deleted or moved as a file event of its path."""

    def __init__(self, handler: events.FileSystemEventHandler):
        self.handler = handler

    def dispatch(self, event: events.FileSystemEvent) -> None:
        if event.is_directory:
            event = events.FileDeletedEvent(event.src_path)  # what MkDocs rebuilds on
        self.handler.dispatch(event)


def told() -> Any | None:
    """An inotify observer that schedules as MkDocs' polling one does; None where there is no
    inotify or the kernel refuses another instance (the caller keeps polling)."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):  # not Linux
        return None

    class Told(InotifyObserver):
        def schedule(
            self,
            event_handler: events.FileSystemEventHandler,
            path: str | Path,
            *,
            recursive: bool = False,
            event_filter: list[type[events.FileSystemEvent]] | None = None,
            follow_symlink: bool = False,
        ) -> ObservedWatch:
            return super().schedule(
                AsFiles(event_handler),
                path,
                recursive=recursive,
                event_filter=event_filter or CHANGES,
                follow_symlink=follow_symlink,
            )

    try:
        return Told()
    except OSError:  # too many inotify instances, or none allowed
        return None
