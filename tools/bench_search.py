"""Search at scale, as a reader meets it: in headless Chromium, on an article page of each
language, the bytes downloaded for search and the time from typing a query to the first
result shown, on the stock build and on ours.

  python tools/bench_search.py [--out .bench] [--langs en,zh,es,ja,ar]

Reads the sites `tools/bench.py` built (site-stock, site-ours in --out). With --pagefind
it also evaluates a chunked static index: Pagefind (requirements-bench.txt) indexes our
site's articles and the same queries go through its JavaScript API on the same pages.
Two timings:
- first search: typed as soon as the page has loaded, so it includes downloading the
  index and building it in the search worker, as a reader who searches at once sees it;
- next search: a second query once the first has answered (the index is ready)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import ARGS, CHROMIUM, serve  # noqa: E402
from tools.bench import location  # noqa: E402

# Words in every synthetic article's language (tools/bench.py PROSE); a second one for the next search.
QUERIES = {
    "en": ("adapter", "logo"),
    "zh": ("数据线", "标志"),
    "es": ("adaptador", "logotipo"),
    "ja": ("ケーブル", "ロゴ"),
    "ar": ("الكابل", "الشعار"),
}
# The real site (--real, the sites `tools/bench.py --real` built): customers' words, on the return policy.
REAL_QUERIES = {
    "en": ("refund", "battery"),
    "zh": ("退款", "电池"),
    "es": ("reembolso", "batería"),
    "ja": ("返金", "バッテリー"),
    "ar": ("استرداد", "البطارية"),
}
REAL_PAGE = "returns/policy/"
# A first result appears in the result list: record when, in the page's own clock.
WATCH = """() => {
  window.__kbFirst = null;
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver((changes, observer) => {
    if (list.querySelector(".md-search-result__item")) { window.__kbFirst = performance.now(); observer.disconnect(); }
  }).observe(list, {childList: true, subtree: true});
  window.__kbStart = performance.now();
}"""


def timed_query(page, query: str, timeout_ms: int) -> float:
    """Milliseconds from the first key of `query` to the first result in the list."""
    page.evaluate(WATCH)
    field = page.locator(".md-search__input")
    field.fill("")
    field.press_sequentially(query)
    field.press("End")  # CJK text arrives as text input; Material listens for key events
    page.wait_for_function("() => window.__kbFirst !== null", timeout=timeout_ms)
    return page.evaluate("() => window.__kbFirst - window.__kbStart")


PAGEFIND_QUERY = """async (query) => {
  const start = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  const first = search.results.length ? await search.results[0].data() : null;
  return {ms: performance.now() - start, url: first && first.url};
}"""


def pagefind_index(site: Path) -> float:
    """Index the articles of `site` with Pagefind (one index per language, from <html lang>); seconds taken."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", "article", "--quiet"], check=True
    )
    return time.perf_counter() - start


def measure_pagefind(browser, base: str, lang: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on(
        "response", lambda response: sizes.__setitem__(response.url, int(response.headers.get("content-length", 0)))
    )
    page.goto(f"{base}/{'' if lang == 'en' else lang + '/'}{location(0)[:-3]}/", wait_until="load")
    first = page.evaluate(PAGEFIND_QUERY, QUERIES[lang][0])
    first_bytes = sum(size for address, size in sizes.items() if "/pagefind/" in address)
    following = page.evaluate(PAGEFIND_QUERY, QUERIES[lang][1])
    if not first["url"] or not following["url"]:
        raise SystemExit(f"Pagefind found nothing for {QUERIES[lang]} in {lang}")
    search_bytes = sum(size for address, size in sizes.items() if "/pagefind/" in address)
    context.close()
    return {
        "first_bytes": first_bytes,
        "search_bytes": search_bytes,
        "first_ms": first["ms"],
        "next_ms": following["ms"],
    }


def measure(browser, base: str, lang: str, timeout_ms: int, real: bool = False) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on(
        "response", lambda response: sizes.__setitem__(response.url, int(response.headers.get("content-length", 0)))
    )
    queries, path = (REAL_QUERIES, REAL_PAGE) if real else (QUERIES, f"{location(0)[:-3]}/")
    page.goto(f"{base}/{'' if lang == 'en' else lang + '/'}{path}", wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    first = timed_query(page, queries[lang][0], timeout_ms)
    page.wait_for_timeout(300)  # what the first query still fetches after its first result
    first_bytes = sum(size for address, size in sizes.items() if "search" in address or "/lunr/" in address)
    following = timed_query(page, queries[lang][1], timeout_ms)
    search_bytes = sum(size for address, size in sizes.items() if "search" in address or "/lunr/" in address)
    context.close()
    return {"first_bytes": first_bytes, "search_bytes": search_bytes, "first_ms": first, "next_ms": following}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".bench")
    parser.add_argument("--langs", default="en,zh,es,ja,ar")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a first result")
    parser.add_argument("--pagefind", action="store_true", help="also evaluate Pagefind on our site")
    parser.add_argument("--builds", default="stock,ours", help="which of the sites in --out to measure")
    parser.add_argument(
        "--real", action="store_true", help="the real site (built by tools/bench.py --real in --out/real)"
    )
    args = parser.parse_args()
    langs = args.langs.split(",")
    if args.real:
        args.out = args.out / "real"
    indexing = pagefind_index(args.out / "site-ours") if args.pagefind else None
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, dict]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name in args.builds.split(","):
            server, base = serve(args.out / f"site-{name}")
            results[name] = {lang: measure(browser, base, lang, int(args.timeout * 1000), args.real) for lang in langs}
            if name == "ours" and args.pagefind:
                results["Pagefind on ours"] = {lang: measure_pagefind(browser, base, lang) for lang in langs}
            server.shutdown()
        browser.close()
    print(
        "| build | language | search data, first query (KB) | both queries (KB) "
        "| first search (ms) | next search (ms) |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for name, by_lang in results.items():
        for lang, r in by_lang.items():
            first = r.get("first_bytes", r["search_bytes"])
            print(
                f"| {name} | {lang} | {first / 1024:.0f} | {r['search_bytes'] / 1024:.0f} "
                f"| {r['first_ms']:.0f} | {r['next_ms']:.0f} |"
            )
    for name in [name for name in results if name != "stock" and "stock" in results]:
        for lang in langs:
            stock, mine = results["stock"][lang], results[name][lang]
            print(
                f"{name}, {lang}: first search {mine['first_ms'] / stock['first_ms']:.2f} of stock's time, "
                f"{mine['search_bytes'] / stock['search_bytes']:.3f} of its bytes"
            )
    if "ours" in results:  # the targets: a first result within 500 ms of typing, at most 300 KB downloaded
        for lang, r in results["ours"].items():
            met = r["first_ms"] <= 500 and r["first_bytes"] <= 300 * 1024
            print(
                f"ours, {lang}: first search {r['first_ms']:.0f} ms, {r['first_bytes'] / 1024:.0f} KB: "
                f"{'meets' if met else 'MISSES'} the target (500 ms, 300 KB)"
            )
    if indexing is not None:
        print(f"Pagefind indexing our site: {indexing:.1f} s")
    (args.out / "search-results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
