"""The feedback collector's throughput: beacons per second that `kb feedback serve` accepts
and stores in SQLite, sustained, with none of the acknowledged ones missing afterwards.

  python tools/bench_feedback.py [--seconds 30] [--connections 32]

Starts the collector on a free port with a database in .bench/feedback/ and a built site's
shape (every language's pages, from docs/) beside it, then keeps `--connections` keep-alive
connections busy for `--seconds`, each posting one beacon after another (votes, empty
searches and router descriptions in every language) from one client process on the same
machine. Counts the 204s, then stops the collector and counts the rows: the target is 1,000
beacons per second on SQLite, every acknowledged one stored."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.build.config import load_site  # noqa: E402
from tests.support import ORIGIN, fake_site, start, stop  # noqa: E402

TARGET = 1000


def beacons(languages: list[str], pages: list[str]) -> list[bytes]:
    """A rotation of valid beacons of every kind, in every language, as HTTP requests."""
    bodies = []
    for lang in languages:
        for page in pages:
            bodies += [
                {"kind": "vote", "lang": lang, "page": page, "vote": "no", "reason": "unclear"},
                {"kind": "vote", "lang": lang, "page": page, "vote": "yes", "reason": None},
                {"kind": "search", "lang": lang, "page": page, "text": "warp drive 090-1234-5678"},
                {"kind": "router", "lang": lang, "page": page, "text": "my watch sings at night, help"},
            ]
    requests = []
    for body in bodies:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        requests.append(
            b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
            + ORIGIN.encode()
            + b"\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: "
            + str(len(data)).encode()
            + b"\r\n\r\n"
            + data
        )
    return requests


async def connection(port: int, requests: list[bytes], offset: int, deadline: float, counts: dict) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = offset
    while time.monotonic() < deadline:
        writer.write(requests[index % len(requests)])
        index += 1
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        if length:
            await reader.readexactly(length)
        counts[status] = counts.get(status, 0) + 1
    writer.close()


async def load(port: int, requests: list[bytes], seconds: float, connections: int) -> dict:
    counts: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(connection(port, requests, n * 7, deadline, counts) for n in range(connections)))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    site = load_site(ROOT)
    pages = sorted({page.rel for page in site.pages})
    work = ROOT / ".bench" / "feedback"
    shutil.rmtree(work, ignore_errors=True)
    built = fake_site(work / "site", site.languages, site.source_lang, pages)
    db = work / "feedback.db"
    collector = start(built, f"sqlite:///{db}")
    try:
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        started = time.monotonic()
        counts = asyncio.run(load(collector.port, beacons(site.languages, pages), args.seconds, args.connections))
        elapsed = time.monotonic() - started
    finally:
        stop(collector)
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
    accepted = counts.get(204, 0)
    rate = accepted / elapsed
    others = ", ".join(f"{count} x {status}" for status, count in sorted(counts.items()) if status != 204) or "none"
    print("| collector | seconds | connections | acknowledged (204) | other answers | rows stored | beacons/s |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| SQLite (WAL, synchronous=FULL) | {elapsed:.1f} | {args.connections} | {accepted} | {others} | {rows} "
        f"| {rate:,.0f} |"
    )
    lost = accepted - rows
    verdict = "none lost" if lost <= 0 else f"{lost} acknowledged beacons LOST"
    print(
        f"\n{rate:,.0f} beacons/s accepted and stored ({verdict}); target {TARGET:,}/s: "
        f"{'met' if rate >= TARGET and lost <= 0 else 'NOT met'}"
    )
    return 0 if lost <= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
