"""Search relevance: customers' queries typed into the built site's search box.

  python tools/search_eval.py [--langs en,zh] [--stock]

The queries are tests/search/queries/<lang>.yml, each with the articles that
answer it. Each is typed key by key into the header search box of the language's
home page in headless Chromium, and the rank of the first answering article among
the results on screen gives hit@1, hit@3 and the mean reciprocal rank (MRR) per
language. It builds the real site (ours, `kb build`) and, with --stock, the stock
Material + static-i18n build of the same docs, and prints both as one table.
`make bench` runs it; tests/test_search.py holds ours to hit@3 >= 90 %."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.bench import prepare_real, stock_config  # noqa: E402
from tools.bench_search import ARGS, CHROMIUM, Quiet, serve  # noqa: E402

QUERIES = ROOT / "tests" / "search" / "queries"
SHOWN = 10  # results a customer sees without scrolling

# Our worker says which query each answer is for: done when the answer to the whole query has
# been drawn. Material's own worker does not say: then, done when the list has not changed for a
# moment after the last key.
LISTEN = """() => {
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
SETTLED = """([query, quiet]) => {
    const state = window.__kbSearch;
    if (state.answered !== null) return state.answered === query;
    const meta = document.querySelector('.md-search-result__meta');
    return state.changes > 0 && performance.now() - state.last > quiet && meta && meta.textContent.trim() !== '';
}"""


def load_queries(lang: str) -> list[dict]:
    return yaml.safe_load((QUERIES / f"{lang}.yml").read_text(encoding="utf-8")) or []


def languages() -> list[str]:
    return sorted(path.stem for path in QUERIES.glob("*.yml"))


def article_of(href: str, lang_root: str) -> str:
    """The page URL of a result link, relative to the language root: /zh/returns/policy/#x -> returns/policy/."""
    path = urlparse(href).path
    return path[len(lang_root):] if path.startswith(lang_root) else path.lstrip("/")


def url_of(doc: str) -> str:
    """The page URL of a docs path: returns/policy.md -> returns/policy/, faq/index.md -> faq/."""
    doc = doc[: -len(".md")]
    doc = doc[: -len("index")] if doc == "index" or doc.endswith("/index") else doc + "/"
    return doc


def type_query(page, query: str) -> list[str]:
    """Type a query as a person does; the result links shown, best first."""
    field = page.locator(".md-search__input")
    field.fill("")
    page.evaluate(WATCH)
    field.press_sequentially(query, delay=15)
    field.press("End")  # CJK text arrives as text input (as from an IME); Material listens for key events
    page.wait_for_function(SETTLED, arg=[query, 500], timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > .md-search-result__link:first-child",
                                 "links => links.map(a => a.href)")


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
        answers = {url_of(doc) for doc in query["answers"]}
        rank = next((i + 1 for i, path in enumerate(shown) if path in answers), 0)
        out.append({"q": query["q"], "kind": query.get("kind", ""), "rank": rank, "shown": shown[:3]})
    return out


def metrics(results: list[dict]) -> dict[str, float]:
    count = max(1, len(results))
    return {"queries": len(results),
            "hit@1": sum(1 for r in results if r["rank"] == 1) / count,
            "hit@3": sum(1 for r in results if 0 < r["rank"] <= 3) / count,
            "mrr": sum(1 / r["rank"] for r in results if r["rank"]) / count}


def evaluate(site: Path, langs: list[str], browser) -> dict[str, list[dict]]:
    server, base = serve(site, Quiet)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        results = {lang: ranks(page, base, lang, load_queries(lang)) for lang in langs}
        context.close()
        return results
    finally:
        server.shutdown()


def build(out: Path, stock: bool) -> dict[str, Path]:
    """Our build of the real docs and, if asked, the stock one, in `out`."""
    prepare_real(out)
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764000000"}
    import os

    env = dict(os.environ, **env)
    sites = {"ours": out / "site-ours"}
    shutil.rmtree(sites["ours"], ignore_errors=True)
    subprocess.run([sys.executable, "-m", "kb.cli", "build", "--site-dir", str(sites["ours"])],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    if stock:
        (out / "mkdocs.stock.yml").write_text(stock_config(prune=True, page_tree=True), encoding="utf-8")
        sites["stock"] = out / "site-stock"
        shutil.rmtree(sites["stock"], ignore_errors=True)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.stock.yml",
                        "-d", str(sites["stock"])], cwd=out, env=env, check=True, capture_output=True)
    return sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default=",".join(languages()))
    parser.add_argument("--stock", action="store_true", help="also the stock Material build of the same docs")
    parser.add_argument("--out", type=Path, default=ROOT / ".bench" / "search-eval")
    parser.add_argument("--site", type=Path, help="a site already built (ours), instead of building one")
    parser.add_argument("--misses", action="store_true", help="list the queries whose answer is not in the top 3")
    args = parser.parse_args()
    langs = args.langs.split(",")
    sites = {"ours": args.site} if args.site else build(args.out, args.stock)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = {name: evaluate(site, langs, browser) for name, site in sites.items()}
        browser.close()
    print("| build | language | queries | hit@1 | hit@3 | MRR |")
    print("|---|---|---:|---:|---:|---:|")
    for lang in langs:
        for name in sites:
            m = metrics(results[name][lang])
            print(f"| {name} | {lang} | {m['queries']} | {m['hit@1']:.0%} | {m['hit@3']:.0%} | {m['mrr']:.2f} |")
    if args.misses:
        for lang in langs:
            for r in results["ours"][lang]:
                if not 0 < r["rank"] <= 3:
                    print(f"miss {lang}: {r['q']!r} ({r['kind']}) rank {r['rank']}, shown {r['shown']}")


if __name__ == "__main__":
    main()
