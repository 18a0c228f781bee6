"""`kb serve`: MkDocs' development server, optionally for one language.

With a language, each rebuild builds only that language (as static-i18n builds it,
with every check), so an edited article is back in the browser in well under a
second; its pages are under /<lang>/ (English at /). Run as `kb serve --lang zh`
or `make serve LANG=zh`.

With every language, a rebuild builds again only the languages whose inputs changed since the
site it serves (an edited article's language, or every language after an English article, a
title, a template or a data file changed); the folders of the others are hard-linked from the
served build. The checks of the whole site run in every rebuild either way.

The address (`--dev-addr HOST:PORT`, `make serve PORT=8001`) is checked before the
first build: a busy or invalid one is refused in one line, not after the build.

The server is MkDocs' (its live reload, its plugins' events), around builds of our own: each
build goes into a folder of its own and is served only once it succeeded. A rebuild that
fails leaves the last good site served and puts its problems (`file:line: rule: message`,
as text) in a banner at the top of every page, which the open page shows as it reloads; the
next good build takes the banner away. With one language, the server's root address leads
to that language's home page, and its "Serving on" line names it."""

from __future__ import annotations

import errno
import html
import ipaddress
import logging
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

# --dev-addr as MkDocs reads it: HOST (an IP address, IPv6 optionally in brackets, or localhost),
# then the last colon, then PORT in ASCII digits.
ADDRESS = re.compile(r"^(?P<host>.+):(?P<port>[0-9]{1,5})$")
# How many ports above a busy one are tried for a free one to suggest.
NEARBY_PORTS = 20


def only(language: str) -> None:
    """Make static-i18n build `language` first and no other language."""
    from kb import internals

    internals.i18n_first_language(language)
    internals.i18n_build_only(lambda lang: False)


class Unchanged:
    """With every language: a language whose inputs did not change since the build served now
    (kb.build.incremental.language_key) is not built again; the new build's folder gets that
    build's folder of the language as hard links (a build writes new files, never into old ones).
    The checks of the whole site still run in every build, and a language folder that still waits
    for a manual's PDF is built again (its PDFs are made again)."""

    def __init__(self, config_file: Path, languages: list[str]) -> None:
        self.config_file = config_file
        self.languages = languages
        self.served: dict[str, str] = {}  # language -> its key, in the folder served now
        self.building: dict[str, str] = {}  # language -> its key, for the build under way
        self.source: Path | None = None  # the folder served now
        self.target: Path | None = None  # the folder being built
        self.reused: list[str] = []

    def begin(self, docs_dir: Path, source: Path | None, target: Path) -> None:
        """Before a build into `target` (`source` served now, if any): the inputs of each language now."""
        from kb.build import incremental

        root = self.config_file.parent
        key = incremental.site_key(root, self.config_file, docs_dir, serving=True)
        first = self.languages[0]
        self.building = {
            lang: incremental.language_key(key, docs_dir, lang, first, self.languages) for lang in self.languages[1:]
        }
        self.source, self.target, self.reused = source, target, []

    def wanted(self, lang: str) -> bool:
        """Whether static-i18n builds `lang`; when not, its folder is linked from the served build."""
        if self.source is None or self.target is None or lang not in self.building:
            return True
        previous = self.source / lang
        if self.served.get(lang) != self.building[lang] or not previous.is_dir() or waits_for_pdf(previous):
            return True
        shutil.copytree(previous, self.target / lang, symlinks=True, copy_function=os.link)
        self.reused.append(lang)
        return False

    def published(self) -> None:
        """The build succeeded and is served now: its languages' keys are the served ones."""
        self.served = dict(self.building)


def waits_for_pdf(folder: Path) -> bool:
    """Whether a page under `folder` still waits for its manual's PDF (kb.output.pdf's size mark)."""
    from kb.output.pdf import SIZE_MARK

    mark = SIZE_MARK.encode()
    return any(mark in page.read_bytes() for page in folder.rglob("*.html"))


# MkDocs' server looks for changed files every 0.5 s. kb serve is told of them by the kernel
# where it can (kb.build.watch); elsewhere it looks every 0.1 s, which costs a few milliseconds
# (a few hundred files) and takes most of the wait out of each edit.
POLL_SECONDS = 0.1


def watch_changes() -> None:
    from kb import internals

    internals.livereload_watches(POLL_SECONDS)


def bind_error(family: socket.AddressFamily, host: str, port: int) -> OSError | None:
    """Why the server could not bind (host, port) now, or None; binds as MkDocs' server does."""
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error
    return None


def address_problem(dev_addr: str) -> str | None:
    """One line saying why the development server cannot listen on `dev_addr`, or None when it can."""
    match = ADDRESS.match(dev_addr)
    if match is None or not 0 < int(match["port"]) < 65536:
        return f"--dev-addr {dev_addr!r} is not HOST:PORT with a port from 1 to 65535 (for example 127.0.0.1:8000)"
    host, port = match["host"], int(match["port"])
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        version = 4 if host == "localhost" else ipaddress.ip_address(host).version
    except ValueError:
        return f"--dev-addr {dev_addr!r}: {host!r} is not an IP address or localhost"
    family = socket.AF_INET6 if version == 6 else socket.AF_INET
    error = bind_error(family, host, port)
    if error is None:
        return None
    if error.errno != errno.EADDRINUSE:
        return f"cannot listen on {dev_addr}: {error.strerror or error}"
    free = next(
        (
            other
            for other in range(port + 1, min(port + NEARBY_PORTS, 65536))
            if bind_error(family, host, other) is None
        ),
        None,
    )
    if free is None:
        return f"{dev_addr} is in use, and so are the next ports; choose another port: make serve PORT=N"
    return (
        f"{dev_addr} is in use; choose another port: make serve PORT={free} "
        f"(or kb serve --dev-addr {match['host']}:{free})"
    )


class Sites:
    """The development server's site folders: the server serves `current`, a link to the last good
    build; each build goes into the other folder and the link moves to it only when the build succeeds."""

    def __init__(self, folder: Path) -> None:
        self.current = folder / "current"
        self.folders = (folder / "a", folder / "b")

    def next(self) -> Path:
        """The folder the next build goes into: the one not served now."""
        served = self.current.resolve() if self.current.is_symlink() else None
        return self.folders[1] if served == self.folders[0].resolve() else self.folders[0]

    def publish(self, built: Path) -> None:
        """Serve `built` from now on, in one step (a new link renamed over the old one)."""
        link = self.current.with_name("current.new")
        link.unlink(missing_ok=True)
        link.symlink_to(built.name)
        os.replace(link, self.current)


class Problems(logging.Handler):
    """The warnings and errors logged while one build runs: the lines a failed build shows on the page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.thread = threading.get_ident()  # the build's; the server's threads log requests meanwhile

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.lines.append(record.getMessage())


# The opening <body> tag, after which the banner goes.
BODY = re.compile(rb"<body\b[^>]*>", re.I)
# The banner: text, inline styles and <details> (which folds without a script), so the page's
# Content-Security-Policy needs nothing for it. It sits above the page and scrolls away with it.
BANNER = (
    '<details id="kb-build-failed" role="alert" open style="position: relative; z-index: 10000; margin: 0; '
    "padding: 0.8rem 1rem; background: #fdecea; color: #5f2120; border-bottom: 3px solid #d32f2f; "
    'font: 0.8rem/1.4 system-ui, sans-serif;">'
    '<summary style="cursor: pointer; font-weight: bold;">The last build failed, so this is the last good '
    "build. Fix these problems and save: this banner goes with the next good build.</summary>"
    '<pre style="margin: 0.4rem 0 0; white-space: pre-wrap; font: 0.75rem/1.4 ui-monospace, monospace;">'
    "{lines}</pre></details>"
)


def banner(lines: list[str]) -> bytes:
    """The banner a failed build puts at the top of every page, its lines as text (escaped)."""
    return BANNER.format(lines=html.escape("\n".join(lines))).encode("utf-8")


def with_banner(page: bytes, marked: bytes) -> bytes:
    """`page` with `marked` right after its opening <body> tag (at its start without one); as it is when empty."""
    if not marked:
        return page
    body = BODY.search(page)
    at = body.end() if body else 0
    return page[:at] + marked + page[at:]


class Failure:
    """What the pages show about the last build: nothing after a good one, the banner after a failed one."""

    def __init__(self) -> None:
        self.marked = b""

    def mark(self, page: bytes) -> bytes:
        return with_banner(page, self.marked)


def build_problems(build: Callable[[], None]) -> list[str] | None:
    """Run `build`; None when it succeeded, else the lines it logged as warnings or errors and why it stopped."""
    from mkdocs.exceptions import MkDocsException

    problems = Problems()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(problems)
    try:
        build()
    except MkDocsException as error:  # strict warnings, a build error already logged, mkdocs.yml refused
        message = error.format_message()
        return problems.lines + ([] if message == "Aborted with a BuildError!" else [message])
    except (Exception, SystemExit) as error:  # a bug or a broken file the checks did not catch: in full on the terminal
        traceback.print_exc()
        return [*problems.lines, f"{type(error).__name__}: {error}"]
    finally:
        logger.removeHandler(problems)
    return None


def serve(config_file: Path, dev_addr: str, language: str | None, languages: list[str]) -> int:
    """MkDocs' development server (mkdocs serve, with its plugins' events), except that a failed rebuild
    leaves the last good site served with the problems at the top of every page until a build succeeds,
    and, with one language, the root address leads to that language's home page."""
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from kb import internals

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    log = logging.getLogger("mkdocs.kb.serve")
    watch_changes()
    unchanged = None if language else Unchanged(config_file, languages)
    if language:
        only(language)
    elif unchanged is not None:
        internals.i18n_build_only(unchanged.wanted)
    with tempfile.TemporaryDirectory(prefix="kb-serve-") as folder:
        sites, failure = Sites(Path(folder)), Failure()

        def get_config(site_dir: Path):
            return load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=dev_addr)

        config = get_config(sites.next())
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount = ("/" + urlsplit(config.site_url or "/").path.lstrip("/")).rstrip("/") + "/"
        home = mount if not language or language == languages[0] else f"{mount}{language}/"
        serve_url = config.site_url = f"http://{host}:{port}{mount}"

        def builder(config=None) -> None:
            log.info("Building documentation...")
            target = sites.next()

            def build_into_target() -> None:
                this = config
                if this is None:  # a rebuild: mkdocs.yml read again, as MkDocs' own server does
                    this = get_config(target)
                    this.site_url = serve_url
                if unchanged is not None:  # the inputs as they are before the build reads them
                    served = sites.current.resolve() if sites.current.is_symlink() else None
                    unchanged.begin(Path(this.docs_dir), served, target)
                build(this, serve_url=serve_url)

            problems = build_problems(build_into_target)
            if problems is None:
                sites.publish(target)
                failure.marked = b""
                if unchanged is not None:
                    unchanged.published()
                    if unchanged.reused:
                        log.info("Unchanged since the last build, linked from it: %s", ", ".join(unchanged.reused))
                return
            if not sites.current.exists():  # the first build: nothing good to serve
                raise BuildFailed(problems)
            failure.marked = banner(problems)
            log.error("The build failed: the last good site stays served, with these problems at the top of each page")

        server = LiveReloadServer(builder=builder, host=host, port=port, root=str(sites.current), mount_path=mount)

        def error_page(code: int) -> bytes | None:
            page = sites.current / f"{code}.html"
            return failure.mark(page.read_bytes()) if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        internals.livereload_pages(server, failure.mark, home)
        log.info("Kestrel help center%s: http://%s:%s%s", f" ({language} only)" if language else "", host, port, home)
        signal.signal(signal.SIGTERM, interrupt)  # stopped as by Ctrl-C: the site folders are removed
        try:
            builder(config)
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve()
            finally:
                server.shutdown()
        except BuildFailed:  # the problems are logged above
            print("Aborted: the first build failed; fix the problems above and run kb serve again", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            config.plugins.on_shutdown()
    return 0


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class BuildFailed(Exception):
    """The first build failed: there is no good site to serve."""
