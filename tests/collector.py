"""The feedback collector as tests run it: `kb feedback serve` in a process of its own on a
free port, and beacons posted to it over HTTP as a browser would."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "http://127.0.0.1:8000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Collector:
    port: int
    process: subprocess.Popen
    arguments: list[str]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/feedback"


def start(site_dir: Path, db: str, origins=(ORIGIN,), rate_limit: int = 100_000, port: int | None = None,
          trust_proxy=(), env: dict | None = None) -> Collector:
    """`kb feedback serve` listening on `port` (a free one by default); `env` adds to the environment."""
    port = port or free_port()
    arguments = [sys.executable, "-m", "kb.cli", "feedback", "serve", "--port", str(port), "--db", db,
                 "--site-dir", str(site_dir), "--rate-limit", str(rate_limit)]
    for origin in origins:
        arguments += ["--allow-origin", origin]
    for proxy in trust_proxy:
        arguments += ["--trust-proxy", proxy]
    process = subprocess.Popen(arguments, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **(env or {})})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kb feedback serve exited {process.returncode}: {process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return Collector(port, process, arguments)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("kb feedback serve did not start listening within 30 s")


def stop(collector: Collector) -> None:
    if collector.process.poll() is None:
        collector.process.terminate()
        try:
            collector.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            collector.process.kill()
            collector.process.wait()


@contextmanager
def running(site_dir: Path, db: str, **options):
    collector = start(site_dir, db, **options)
    try:
        yield collector
    finally:
        stop(collector)


def post(port: int, body: bytes | str | dict, origin: str | None = ORIGIN, content_type: str | None = "text/plain",
         method: str = "POST", headers: dict | None = None, timeout: float = 10) -> tuple[int, dict, str]:
    """(status, headers, text) of one request to /feedback."""
    if isinstance(body, dict):
        body = json.dumps(body, ensure_ascii=False)
    if isinstance(body, str):
        body = body.encode("utf-8")
    sent = dict(headers or {})
    if origin is not None:
        sent["Origin"] = origin
    if content_type is not None:
        sent["Content-Type"] = content_type
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, "/feedback", body=body, headers=sent)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
    finally:
        connection.close()


class Client:
    """One keep-alive connection to a collector, as a browser keeps one, opened again when the
    collector closes it; every request has a timeout, so a collector that never answers fails
    the test instead of hanging it."""

    def __init__(self, port: int, timeout: float = 5):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def post(self, body: bytes, content_type: str = "text/plain") -> tuple[int, str]:
        """(status, text) of one POST /feedback with `body` as it is."""
        headers = {"Origin": ORIGIN, "Content-Type": content_type}
        for attempt in range(2):
            try:
                self.connection.request("POST", "/feedback", body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read().decode("utf-8", "replace")
            except ConnectionError:  # closed by the collector between two requests: once more, anew
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def fake_site(folder: Path, languages: list[str], source: str, pages: list[str]) -> Path:
    """A built site's shape: each page's index.html in every language (the source at the root)."""
    for lang in languages:
        for page in pages:
            html = "index.html" if page == "index.md" else page[:-3] + "/index.html"
            path = folder / ("" if lang == source else lang) / html
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("<!doctype html>", encoding="utf-8")
    return folder
