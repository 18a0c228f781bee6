"""Search relevance: customers' queries typed into the built site's search box.

  python tools/search_eval.py [--langs en,zh] [--stock]

The queries are tests/search/queries/<lang>.yml, each with the articles that
answer it. Each is typed key by key into the header search box of the language's
home page in headless Chromium (tests/support.py, which the tests share), and the
rank of the first answering article among the results on screen gives hit@1, hit@3
and the mean reciprocal rank (MRR) per language, over all the queries and, apart, over
those marked `split: held-out` (written after the ranking was last tuned). It builds the real site (ours,
`kb build`) and, with --stock, the stock Material + static-i18n build of the same
docs, and prints both as one table.
`make bench` runs it; tests/test_search.py holds ours to its hit@1 and hit@3 floors."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import ARGS, CHROMIUM, Quiet, languages, load_queries, metrics, ranks, serve  # noqa: E402
from tools.bench import prepare_real, stock_config  # noqa: E402

HELD_OUT = "held-out"  # `split: held-out` in a queries file: questions the ranking was never tuned on


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
    subprocess.run(
        [sys.executable, "-m", "kb", "build", "--site-dir", str(sites["ours"])],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    if stock:
        (out / "mkdocs.stock.yml").write_text(stock_config(prune=True, page_tree=True), encoding="utf-8")
        sites["stock"] = out / "site-stock"
        shutil.rmtree(sites["stock"], ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--quiet",
                "-f",
                "mkdocs.stock.yml",
                "-d",
                str(sites["stock"]),
            ],
            cwd=out,
            env=env,
            check=True,
            capture_output=True,
        )
    return sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default=",".join(languages()))
    parser.add_argument("--stock", action="store_true", help="also the stock Material build of the same docs")
    parser.add_argument("--out", type=Path, default=ROOT / ".bench" / "search-eval")
    parser.add_argument("--site", type=Path, help="a site already built (ours), instead of building one")
    parser.add_argument("--misses", action="store_true", help="list the queries whose answer is not first")
    args = parser.parse_args()
    langs = args.langs.split(",")
    sites = {"ours": args.site} if args.site else build(args.out, args.stock)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = {name: evaluate(site, langs, browser) for name, site in sites.items()}
        browser.close()
    print("| build | language | queries | hit@1 | hit@3 | MRR | held out: queries | hit@1 | hit@3 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for lang in langs:
        for name in sites:
            m = metrics(results[name][lang])
            held = metrics([r for r in results[name][lang] if r["split"] == HELD_OUT])
            print(
                f"| {name} | {lang} | {m['queries']} | {m['hit@1']:.0%} | {m['hit@3']:.0%} | {m['mrr']:.2f} "
                f"| {held['queries']} | {held['hit@1']:.0%} | {held['hit@3']:.0%} |"
            )
    if args.misses:
        for lang in langs:
            for r in results["ours"][lang]:
                if r["rank"] != 1:
                    kind = "miss" if not 0 < r["rank"] <= 3 else "second" if r["rank"] == 2 else "third"
                    print(f"{kind} {lang}: {r['q']!r} ({r['kind']}) rank {r['rank']}, shown {r['shown']}")


if __name__ == "__main__":
    main()
