"""The authoring loop: from saving an article to the rebuilt page being served, with
`kb serve --lang zh` (one language) and `kb serve` (every language), on the real site; and
a newcomer's first `kb serve`, with an empty build cache, until the first page, a manual's
page and its PDF are served.

  python tools/bench_serve.py [--edits 5] [--lang zh] [--no-first-build]

Works on a copy of the project in a temporary folder (the repository's docs/ is never
touched): saves docs/<lang>/returns/policy.md with a new sentence, then polls the
served page until the sentence is there. The templates, hooks, kb package and data are
copied too, not linked: an edit to them in the checkout while the benchmark runs would
change every page's inputs, and each rebuild would render every page again. The load
average is printed with the figures (the machine's other work slows every rebuild)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import free_port, link_project, wait_for  # noqa: E402

ARTICLE = "returns/policy.md"
SENTENCE = {
    "en": "This sentence was added at {n}.",
    "zh": "这句话添加于第 {n} 次。",
    "es": "Esta frase se añadió en {n}.",
    "ja": "この文は {n} 回目に追加されました。",
    "ar": "أُضيفت هذه الجملة في المرة {n}.",
}


def loop(workspace: Path, lang: str | None, article_lang: str, edits: int) -> list[float]:
    port = free_port()
    command = [sys.executable, "-m", "kb", "serve", "--dev-addr", f"127.0.0.1:{port}"] + (
        ["--lang", lang] if lang else []
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(command, cwd=workspace, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    prefix = "" if article_lang == "en" else f"{article_lang}/"
    url = f"http://127.0.0.1:{port}/{prefix}{ARTICLE[:-3]}/"
    article = workspace / "docs" / article_lang / ARTICLE
    original = article.read_text(encoding="utf-8")
    try:
        wait_for(url, "</html>", 120)  # the first build
        times = []
        for n in range(1, edits + 1):
            sentence = SENTENCE[article_lang].format(n=n)
            time.sleep(0.5)  # an edit, not a burst of saves
            article.write_text(f"{original.rstrip()}\n\n{sentence}\n", encoding="utf-8")
            times.append(wait_for(url, sentence, 60))
        return times
    finally:
        article.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()


def status(url: str) -> int:
    """The HTTP status of `url` (a file of any kind); 0 while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


# The project's folders a build reads besides docs/ and mkdocs.yml, copied as they are when the benchmark starts.
PROJECT = ("overrides", "hooks", "kb", "data")
MANUAL = "manuals/kp-310/"  # a manual page, and its PDF beside it
MANUAL_PDF = "kestrel-kp-310-en.pdf"


def first_build(workspace: Path) -> dict[str, float]:
    """`kb serve` (every language) with an empty build cache, as a newcomer's first `make serve`:
    seconds until the home page is served, until a manual's page is, and until its PDF is."""
    port = free_port()
    command = [sys.executable, "-m", "kb", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with tempfile.TemporaryDirectory(prefix="kb-serve-cache-") as cache:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_CACHE_DIR=cache)
        start = time.perf_counter()
        server = subprocess.Popen(command, cwd=workspace, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}/"
            home = wait_for(base, "</html>", 300)
            manual = wait_for(base + MANUAL, "</html>", 60) + home
            while status(base + MANUAL + MANUAL_PDF) != 200:
                if time.perf_counter() - start > 300:
                    raise TimeoutError(f"{MANUAL}{MANUAL_PDF} was not served within 300 s")
                time.sleep(0.01)
            return {"home page": home, "manual page": manual, "its PDF": time.perf_counter() - start}
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--lang", default="zh")
    parser.add_argument(
        "--no-first-build", action="store_true", help="skip the newcomer's first kb serve (an empty build cache)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-serve-") as folder:
        workspace = Path(folder)
        shutil.copytree(ROOT / "docs", workspace / "docs")
        shutil.copy(ROOT / "mkdocs.yml", workspace / "mkdocs.yml")
        for name in PROJECT:
            shutil.copytree(ROOT / name, workspace / name, ignore=shutil.ignore_patterns("__pycache__"))
        link_project(workspace, real=True)
        first = {} if args.no_first_build else first_build(workspace)
        rows = [
            (f"kb serve --lang {args.lang}", loop(workspace, args.lang, args.lang, args.edits)),
            ("kb serve (every language)", loop(workspace, None, args.lang, args.edits)),
        ]
    if first:
        print("| kb serve, empty build cache: served after (s) | " + " | ".join(first) + " |")
        print("|---|" + "---:|" * len(first))
        print("| first build | " + " | ".join(f"{seconds:.1f}" for seconds in first.values()) + " |")
    print(f"| command | edits | median (s) | slowest (s) |  (saving docs/{args.lang}/{ARTICLE} to the page served)")
    print("|---|---:|---:|---:|")
    for name, times in rows:
        print(f"| {name} | {len(times)} | {statistics.median(times):.2f} | {max(times):.2f} |")
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
