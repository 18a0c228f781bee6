"""`kb feedback serve` and `kb feedback report` (kb.authoring.cli hands them over here).

  kb feedback serve [--host H] [--port N] [--db URL] [--allow-origin URL]... [--site-dir DIR]
                    [--rate-limit N] [--trust-proxy ADDR]...
  kb feedback report [--db URL] [--lang L] [--since DATE] [--until DATE] [--min-votes N]
                     [--json] [--html FILE] [--site-dir DIR]
  kb feedback suggest [--db URL] [--lang L] [--since DATE] [--until DATE] [--site-dir DIR]
                      [--write FILE]

The database: --db, else KB_FEEDBACK_DB, else sqlite:///.feedback/feedback.db in the
repository. The pages a beacon may name are those of the built site in --site-dir
(default site/, what `make build` publishes), read when the collector starts and again
when the build behind it changes. The proxies whose X-Forwarded-For names the client:
--trust-proxy, else KB_FEEDBACK_TRUST_PROXY, else none.

Nothing of the feedback is written where it would be published: a report's --html file and
the collector's SQLite database are refused inside the site (the `site` link, the folder it leads to,
the builds folder beside it) or the docs, judged on the path every symbolic link on the
way leads to, the file's own included."""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

import yaml

DEFAULT_DB = "sqlite:///.feedback/feedback.db"
DEFAULT_PORT = 8787
# Seconds the collector waits for open requests when told to stop, before it cancels them.
SHUTDOWN_GRACE = 3
# A day as --since and --until take it: YYYY-MM-DD, and nothing else ISO 8601 allows.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Problem(Exception):
    """A bad option or a missing prerequisite; the message says what to do."""


def add_parser(sub) -> None:
    feedback = sub.add_parser("feedback", help="collect readers' feedback from the site, and report it")
    actions = feedback.add_subparsers(dest="action", required=True)
    serve = actions.add_parser("serve", help="the collector the site's beacons are sent to (POST /feedback)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--db", help=f"sqlite:///FILE or postgresql://... (default: KB_FEEDBACK_DB or {DEFAULT_DB})")
    serve.add_argument(
        "--allow-origin",
        action="append",
        metavar="URL",
        help="an origin whose pages may send beacons (repeatable; default: the origin of site_url)",
    )
    serve.add_argument("--site-dir", default="site", help="the built site whose pages beacons may name")
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=60,
        metavar="N",
        help="beacons per minute one client address may send, in a burst or spread out (default 60)",
    )
    serve.add_argument(
        "--trust-proxy",
        action="append",
        metavar="ADDR",
        help="a proxy (an IP address or network; repeatable, or a comma list) whose X-Forwarded-For "
        "names the client (default: KB_FEEDBACK_TRUST_PROXY, else none: the peer is the client)",
    )
    report = actions.add_parser("report", help="what readers said, per language")
    report.add_argument("--db")
    report.add_argument("--lang")
    report.add_argument("--since", metavar="DATE", help="feedback received on DATE (YYYY-MM-DD, UTC) or later")
    report.add_argument("--until", metavar="DATE", help="feedback received on DATE (YYYY-MM-DD, UTC) or earlier")
    report.add_argument(
        "--min-votes",
        type=int,
        default=1,
        metavar="N",
        help="leave out articles with fewer than N votes in all (default 1: every article voted on)",
    )
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    report.add_argument(
        "--html", metavar="FILE", help="write the report as an HTML page instead of printing it (never inside the site)"
    )
    report.add_argument("--site-dir", default="site")
    suggest = actions.add_parser(
        "suggest", help="synonyms proposed from unanswered searches, as a diff of data/synonyms/<lang>.yml"
    )
    suggest.add_argument("--db")
    suggest.add_argument("--lang")
    suggest.add_argument("--since", metavar="DATE", help="feedback received on DATE (YYYY-MM-DD, UTC) or later")
    suggest.add_argument("--until", metavar="DATE", help="feedback received on DATE (YYYY-MM-DD, UTC) or earlier")
    suggest.add_argument("--site-dir", default="site", help="the built site whose search index ranks the queries")
    suggest.add_argument("--write", metavar="FILE", help="write the diff to FILE instead of printing it")


def database_url(root: Path, given: str | None):
    from kb.feedback.store import BadURL, parse_url

    url = given or os.environ.get("KB_FEEDBACK_DB") or DEFAULT_DB
    try:
        database = parse_url(url)
    except BadURL as error:
        raise Problem(str(error)) from None
    if database.kind == "sqlite" and not given and not os.environ.get("KB_FEEDBACK_DB"):
        database = type(database)("sqlite", str(root / database.target))
    return database


def proxies(given: list[str] | None) -> tuple:
    """The trusted proxies, as networks: each --trust-proxy (a comma list too), else those of
    KB_FEEDBACK_TRUST_PROXY, else none."""
    source = "--trust-proxy" if given else "KB_FEEDBACK_TRUST_PROXY"
    values = (
        given if given else [part for part in os.environ.get("KB_FEEDBACK_TRUST_PROXY", "").split(",") if part.strip()]
    )
    found = []
    for value in values:
        for part in value.split(","):
            try:
                found.append(ipaddress.ip_network(part.strip()))
            except ValueError:
                raise Problem(
                    f"{source} {part.strip()!r} is not an IP address or network such as 10.0.0.1, ::1 or 10.0.0.0/24"
                ) from None
    return tuple(found)


def published(root: Path, site_dir: str, docs_dir: Path, path: str) -> str | None:
    """The folder a file at `path` would be published from (the site, its builds folder or the
    docs), judged where every symbolic link on the way leads, the file's own too; or None."""
    from kb.output.sitedir import builds_folder

    target = Path(os.path.realpath(path))
    link = Path(os.path.abspath(root / site_dir))
    for place in (link, builds_folder(link), Path(os.path.abspath(docs_dir))):
        for form in {place, Path(os.path.realpath(place))}:
            if target == form or form in target.parents:
                return place.name
    return None


def sqlite_outside(root: Path, site_dir: str, docs_dir: Path, database, option: str) -> None:
    """Problem when the collector's SQLite database would lie inside the published site or the docs."""
    if database.kind == "sqlite" and (place := published(root, site_dir, docs_dir, database.target)):
        raise Problem(f"{option}: the database would be inside {place}/, which is published; keep it elsewhere")


def site_url(root: Path) -> str | None:
    """mkdocs.yml's site_url, read as the build reads it (its !ENV [KB_SITE_URL, default] resolved)."""
    from kb.build.config import read

    return read(root).get("site_url")


def origins(root: Path, given: list[str] | None) -> frozenset[str]:
    """The allowed origins: each --allow-origin, which must be an origin and no more, else the
    origin of site_url (whatever path the site lives under)."""
    from urllib.parse import urlsplit

    from kb.output.csp import origin

    if not given:
        if (value := origin(site_url(root))) is None:
            raise Problem("mkdocs.yml's site_url is not an http(s) URL; give --allow-origin https://HOST")
        return frozenset({value.lower()})
    found = set()
    for url in given:
        parts = urlsplit(url)
        if origin(url) is None or parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
            raise Problem(
                f"--allow-origin {url!r} is not an origin such as https://help.example.com "
                "(http or https, a host, an optional port, no path)"
            )
        found.add(cast(str, origin(url)).lower())  # checked above; browsers send scheme and host in lower case
    return frozenset(found)


def site_dir(root: Path, given: str) -> Path:
    folder = Path(os.path.abspath(root / given))
    if not (folder / "index.html").is_file():
        raise Problem(f"--site-dir {given}: no built site there (no index.html); run make build first")
    return folder


def known(site, folder: Path):
    from kb.feedback.beacons import Known, reasons, site_pages

    codes = reasons(source_strings(site))

    class Pages:
        """The built site's pages, read again when the build behind --site-dir changes (a new
        build switches the `site` link to a new folder)."""

        seen: tuple = (None, None)

        def __call__(self) -> Known:
            target = folder.resolve()
            if self.seen[0] != target:
                self.seen = (target, Known(site_pages(target, site.languages, site.source_lang), codes))
            return self.seen[1]

    return Pages()


def source_strings(site) -> dict:
    return yaml.safe_load((site.paths["strings"] / f"{site.source_lang}.yml").read_text(encoding="utf-8"))


def serve(root: Path, arguments) -> int:
    import logging

    import uvicorn

    from kb.build.config import load_site
    from kb.build.serve import bind_error
    from kb.feedback.collector import Settings, make_app

    if not 0 < arguments.port < 65536:
        raise Problem(f"--port {arguments.port}: a port from 1 to 65535")
    if arguments.rate_limit < 1:
        raise Problem(f"--rate-limit {arguments.rate_limit}: at least 1 beacon per minute")
    site = load_site(root)
    database = database_url(root, arguments.db)
    sqlite_outside(root, arguments.site_dir, site.docs_dir, database, f"--db {arguments.db or database.target}")
    allowed = origins(root, arguments.allow_origin)
    trusted = proxies(arguments.trust_proxy)
    folder = site_dir(root, arguments.site_dir)
    if error := bind_error(
        socket.AF_INET6 if ":" in arguments.host else socket.AF_INET, arguments.host, arguments.port
    ):
        raise Problem(f"cannot listen on {arguments.host}:{arguments.port}: {error.strerror or error}")
    app = make_app(Settings(database, known(site, folder), allowed, per_minute=arguments.rate_limit, proxies=trusted))
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    logging.getLogger("kb.feedback").info(
        "kb feedback: http://%s:%d/feedback -> %s; pages of %s; origins %s; proxies trusted: %s",
        arguments.host,
        arguments.port,
        database.display(),
        folder,
        ", ".join(sorted(allowed)),
        ", ".join(str(network) for network in trusted) or "none",
    )
    # No access log: it would write every reader's address. No proxy headers from uvicorn: it would
    # believe any X-Forwarded-For from 127.0.0.1; the collector reads it from trusted proxies only.
    # On SIGTERM, requests still open after SHUTDOWN_GRACE seconds are cancelled, then the writer
    # stores what it was given.
    uvicorn.run(
        app,
        host=arguments.host,
        port=arguments.port,
        access_log=False,
        log_level="warning",
        server_header=False,
        date_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )
    return 0


def day(option: str, value: str | None) -> date | None:
    """A --since or --until date, or Problem saying what one looks like."""
    if value is None:
        return None
    try:
        if not DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(f"{option} {value!r} is not a date; give YYYY-MM-DD (UTC), such as 2026-12-01") from None


def period(arguments) -> tuple[str | None, str | None]:
    """(from, before): the times, as stored, that --since and --until (both days included) keep."""
    since, until = day("--since", arguments.since), day("--until", arguments.until)
    if since and until and since > until:
        raise Problem(f"--since {since} is after --until {until}; no feedback can be in between")
    return (since.isoformat() if since else None, (until + timedelta(days=1)).isoformat() if until else None)


def about(site, address: str | None):
    """What the report shows of a page: its title (from its front matter, the English page's
    where the translation is missing), its address on the site and its source file."""
    from kb.checks import metadata
    from kb.feedback.report import page_url

    def describe(lang: str, page: str) -> dict:
        shown = site.page(lang, page) or site.page(site.source_lang, page)
        meta = (metadata(site, shown)[0] or {}) if shown else {}
        return {
            "title": str(meta.get("title") or page),
            "url": page_url(address, lang, site.source_lang, page) if address else None,
            "file": shown.path if shown else None,
        }

    return describe


def report(root: Path, arguments) -> int:
    from kb import checks
    from kb.build.config import load_site
    from kb.feedback import report as reporting
    from kb.feedback.store import Connection, errors
    from kb.search.index import shared

    site = load_site(root)
    if arguments.lang is not None and arguments.lang not in site.languages:
        raise Problem(f"unknown language '{arguments.lang}'; languages: {', '.join(site.languages)}")
    if arguments.min_votes < 1:
        raise Problem(f"--min-votes {arguments.min_votes}: at least 1 vote")
    since, before = period(arguments)
    target = Path(os.path.realpath(arguments.html)) if arguments.html else None
    if arguments.html:
        assert target is not None
        if place := published(root, arguments.site_dir, site.docs_dir, arguments.html):
            raise Problem(
                f"--html {arguments.html}: inside {place}/; the public site never shows "
                "feedback: write the report elsewhere"
            )
        if target.is_dir():
            raise Problem(f"--html {arguments.html}: is a folder; give a file name")
    database = database_url(root, arguments.db)
    if database.kind == "sqlite" and not Path(database.target).is_file():
        raise Problem(f"no feedback database at {database.target}; start the collector (kb feedback serve) first")
    try:
        connection = Connection(database, create=False)  # read only: a role allowed SELECT alone may report
        rows = connection.rows(arguments.lang, since, before)
        connection.close()
    except errors() as error:
        raise Problem(f"cannot read {database.display()}: {str(error).splitlines()[0]}") from None
    labels = {
        key.split(".", 2)[2]: str(value)
        for key, value in source_strings(site).items()
        if key.startswith("helpful.reason.")
    }
    languages = [arguments.lang] if arguments.lang else site.languages
    data = reporting.build(
        rows,
        languages,
        checks.states(site),
        site.source_lang,
        shared().terms,
        about=about(site, site_url(root)),
        min_votes=arguments.min_votes,
        since=arguments.since,
        until=arguments.until,
    )
    if arguments.json:
        print(reporting.as_json(data))
    elif not arguments.html:
        print(reporting.text(data, labels))
    if arguments.html:
        assert target is not None
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        page = reporting.html(data, labels, generated, root=root)
        target.write_text(page, encoding="utf-8")  # the path judged above
        print(f"kb feedback report: written to {arguments.html}", file=sys.stderr)
    return 0


def main(root: Path, arguments) -> int:
    if arguments.action == "suggest":
        from kb.feedback.suggest import run

        return run(root, arguments)
    return serve(root, arguments) if arguments.action == "serve" else report(root, arguments)
