"""What the tests and the tools in tools/ share, and the only module of tests/ a tool imports:
the project linked beside a fixture or benchmark corpus, a folder served over HTTP, Debian's
Chromium for Playwright, a page polled until it shows a text, customers' queries typed into
the site's search box (tests/search/queries), answered when the search worker says so, and
the feedback collector (`kb feedback serve` in a process of its own on a free port) with
beacons posted to it over HTTP as a browser would."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search" / "queries"

# --- the project beside a corpus -------------------------------------------------------------------


def run_coroutine(coroutine):
    """asyncio.run in a thread of its own: in a session with browser tests, Playwright's synchronous API
    keeps an event loop running in the main thread, where asyncio.run refuses to start another."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def link_project(out: Path, real: bool = False) -> None:
    """The real templates, hooks, checks and data beside the corpus, so mkdocs.yml's relative paths hold;
    no troubleshooter trees or synonyms (their articles and words are not in a synthetic corpus), unless
    `real` (the real docs)."""
    for name in ["overrides", "hooks", "kb"] + (["docs"] if real else []):
        if not (out / name).exists():
            (out / name).symlink_to(ROOT / name)
    if not real:
        (out / "data" / "troubleshooters").mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    for item in (ROOT / "data").iterdir():
        if item.name == "synonyms" and not real:
            continue  # the site's synonyms lead to the site's words, which another corpus does not have
        if not (out / "data" / item.name).exists():
            (out / "data" / item.name).symlink_to(item)


# --- a folder over HTTP, and pages polled ----------------------------------------------------------


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class SiteHandler(Quiet):
    """A built site as a host serves it: the site's own 404 page for a missing path."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that left mid-answer is no error
            super().handle_error(request, client_address)


def serve(folder: Path, handler: type = Quiet) -> tuple[http.server.ThreadingHTTPServer, str]:
    """`folder` over HTTP on 127.0.0.1 in a background thread; (server, base URL)."""
    server = Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """(HTTP status, body); status 0 while nothing answers yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` is served with `text` in it (polled every 10 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, body = fetch(url)
        if status == 200 and text in body:
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError(f"{text!r} did not appear at {url} within {timeout:.0f} s")


# --- Chromium and the site's search box ------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Run before the page's scripts (Page.add_init_script): our search worker says which query each
# answer is for; the query answered is recorded once that answer has been drawn (two frames later).
# Material's own worker does not say: then the result list's changes are counted (WATCH, SETTLED).
LISTEN = """() => {
    if (window.__kbSearch) return;
    const Native = window.Worker;
    window.__kbSearch = {answered: null, changes: 0, last: 0};
    window.Worker = function (url, options) {
        const worker = new Native(url, options);
        worker.addEventListener('message', (event) => {
            const data = event.data && event.data.data;
            if (event.data && event.data.type === 3 && data && typeof data.query === 'string') {
                requestAnimationFrame(() => requestAnimationFrame(() => { window.__kbSearch.answered = data.query; }));
            }
        });
        return worker;
    };
}"""
WATCH = """() => {
    const state = window.__kbSearch;
    state.changes = 0;
    state.last = performance.now();
    if (!state.observer) {
        state.observer = new MutationObserver(() => { state.changes += 1; state.last = performance.now(); });
        state.observer.observe(document.querySelector('.md-search-result'), {childList: true, subtree: true, characterData: true});
    }
}"""
# Done when the answer to the whole query has been drawn, or (Material's worker) when the list has
# not changed for `quiet` ms after a change.
SETTLED = """([query, quiet]) => {
    const state = window.__kbSearch;
    if (state.answered !== null) return state.answered === query;
    const meta = document.querySelector('.md-search-result__meta');
    return state.changes > 0 && performance.now() - state.last > quiet && meta && meta.textContent.trim() !== '';
}"""
SHOWN = 10  # results a customer sees without scrolling


def load_queries(lang: str) -> list[dict]:
    return yaml.safe_load((QUERIES / f"{lang}.yml").read_text(encoding="utf-8")) or []


def languages() -> list[str]:
    """The languages that have customers' queries."""
    return sorted(path.stem for path in QUERIES.glob("*.yml"))


def article_of(href: str, lang_root: str) -> str:
    """The page URL of a result link, relative to the language root: /zh/returns/policy/#x -> returns/policy/."""
    path = urlparse(href).path
    return path[len(lang_root) :] if path.startswith(lang_root) else path.lstrip("/")


def answer_url(doc: str) -> str:
    """The page URL of a docs path: returns/policy.md -> returns/policy/, faq/index.md -> faq/."""
    doc = doc[: -len(".md")]
    doc = doc[: -len("index")] if doc == "index" or doc.endswith("/index") else doc + "/"
    return doc


def type_query(page, query: str) -> list[str]:
    """A query in the search box, its last letter typed as a person types it (the search answers the
    whole text in the box, so the letters before are filled in at once); the result links shown, best
    first."""
    field = page.locator(".md-search__input")
    field.fill(query[:-1])
    page.evaluate(WATCH)
    field.press_sequentially(query[-1:])
    field.press("End")  # CJK text arrives as text input (as from an IME); Material listens for key events
    page.wait_for_function(SETTLED, arg=[query, 500], timeout=15000)
    return page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link:first-child", "links => links.map(a => a.href)"
    )


def ranks(page, base: str, lang: str, queries: list[dict]) -> list[dict]:
    """For each query, the 1-based rank of its first answering article among the shown results (0: none)."""
    lang_root = "/" if lang == "en" else f"/{lang}/"
    page.add_init_script(f"({LISTEN})()")
    page.goto(base + lang_root)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    out = []
    for query in queries:
        shown = [article_of(href, lang_root) for href in type_query(page, str(query["q"]))][:SHOWN]
        answers = {answer_url(doc) for doc in query["answers"]}
        rank = next((i + 1 for i, path in enumerate(shown) if path in answers), 0)
        out.append(
            {
                "q": query["q"],
                "kind": query.get("kind", ""),
                "split": query.get("split", ""),
                "rank": rank,
                "shown": shown[:3],
            }
        )
    return out


def metrics(results: list[dict]) -> dict[str, float]:
    count = max(1, len(results))
    return {
        "queries": len(results),
        "hit@1": sum(1 for r in results if r["rank"] == 1) / count,
        "hit@3": sum(1 for r in results if 0 < r["rank"] <= 3) / count,
        "mrr": sum(1 / r["rank"] for r in results if r["rank"]) / count,
    }


# --- the feedback collector -----------------------------------------------------------------------

ORIGIN = "http://127.0.0.1:8000"


@dataclass
class Collector:
    port: int
    process: subprocess.Popen
    arguments: list[str]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/feedback"


def start(
    site_dir: Path,
    db: str,
    origins=(ORIGIN,),
    rate_limit: int = 100_000,
    port: int | None = None,
    trust_proxy=(),
    env: dict | None = None,
) -> Collector:
    """`kb feedback serve` listening on `port` (a free one by default); `env` adds to the environment."""
    port = port or free_port()
    arguments = [
        sys.executable,
        "-m",
        "kb",
        "feedback",
        "serve",
        "--port",
        str(port),
        "--db",
        db,
        "--site-dir",
        str(site_dir),
        "--rate-limit",
        str(rate_limit),
    ]
    for origin in origins:
        arguments += ["--allow-origin", origin]
    for proxy in trust_proxy:
        arguments += ["--trust-proxy", proxy]
    process = subprocess.Popen(
        arguments,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
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


def post(
    port: int,
    body: bytes | str | dict,
    origin: str | None = ORIGIN,
    content_type: str | None = "text/plain",
    method: str = "POST",
    headers: dict | None = None,
    timeout: float = 10,
) -> tuple[int, dict, str]:
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
