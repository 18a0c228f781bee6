"""`kb serve`: MkDocs' development server, optionally for one language.

With a language, each rebuild builds only that language (as static-i18n builds it,
with every check), so an edited article is back in the browser in well under a
second; its pages are under /<lang>/ (English at /). Run as `kb serve --lang zh`
or `make serve LANG=zh`.

The address (`--dev-addr HOST:PORT`, `make serve PORT=8001`) is checked before the
first build: a busy or invalid one is refused in one line, not after the build."""

from __future__ import annotations

import errno
import ipaddress
import logging
import re
import socket
import sys
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


# MkDocs' server looks for changed files every 0.5 s; every 0.1 s costs a few milliseconds
# (a few hundred files) and takes most of the wait out of each edit.
POLL_SECONDS = 0.1


def poll_often() -> None:
    from kb import internals

    internals.livereload_polls_every(POLL_SECONDS)


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


def serve(config_file: Path, dev_addr: str, language: str | None, languages: list[str]) -> int:
    from mkdocs.commands import serve as serve_command

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    poll_often()
    path = "/"
    if language:
        only(language)
        path = "/" if language == languages[0] else f"/{language}/"
    logging.getLogger("mkdocs").info(
        "Kestrel help center%s: http://%s%s", f" ({language} only)" if language else "", dev_addr, path
    )
    from mkdocs.exceptions import Abort

    try:
        serve_command.serve(config_file=str(config_file), dev_addr=dev_addr)
    except Abort as error:  # the first build failed: the problems are logged above
        print(error.format_message(), file=sys.stderr)
        return 1
    return 0
