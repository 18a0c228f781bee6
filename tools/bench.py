"""Benchmark: the stock build a new user would set up against ours, on one corpus.

  python tools/bench.py [--articles 2000] [--out .bench]

Generates a synthetic corpus outside docs/ (N articles x 5 languages in categories
and sub-sections of 25, with the real front matter, facts placeholders, links,
anchors and numbered steps; translations marked current), or with --real uses the
real docs/, then times:
  (a) stock: Material + static-i18n + search, none of our hooks, --strict; Material
      renders the whole page tree into every page;
  (a') the same with navigation.prune, as our mkdocs.yml has it;
  (b) ours: `kb build` with the real mkdocs.yml, every hook and check, strict,
      languages in parallel processes (--jobs, default one per CPU), first with an
      empty build cache, then again with the cache the first left (kb.build.cache);
and prints pages, seconds, ms per page, peak memory, search index bytes per
language, the ratios b/a and b/a', and whether our two builds are byte-identical.
Also (b'') a cold build whose manuals' PDFs are in the cache, everything else empty: the
pages alone, so the PDFs' share of a cold build is the difference. With --repeat N,
the whole sequence runs N times and each row shows its median (and the load average)."""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.checks import translations  # noqa: E402
from kb.core.pages import make_page  # noqa: E402
from tests.support import link_project  # noqa: E402

LANGUAGES = ["en", "zh", "es", "ja", "ar"]
SECTIONS = ["warranty", "returns", "troubleshooting", "contact", "account", "manuals"]
# A few sentences per language, in its own script, to give each index realistic text.
PROSE = {
    "en": [
        "Check the cable and the adapter before you contact us.",
        "Your device keeps its data during a repair.",
        "Hold the power button until the logo appears.",
        "Sign in to your Kestrel account to see your requests.",
    ],
    "zh": [
        "联系我们之前，请先检查数据线和电源适配器。",
        "维修期间，您设备上的数据会被保留。",
        "按住电源键，直到屏幕上出现标志。",
        "登录 Kestrel 账户即可查看您的服务请求。",
    ],
    "es": [
        "Revisa el cable y el adaptador antes de contactarnos.",
        "Tu dispositivo conserva sus datos durante la reparación.",
        "Mantén pulsado el botón de encendido hasta que aparezca el logotipo.",
        "Inicia sesión en tu cuenta Kestrel para ver tus solicitudes.",
    ],
    "ja": [
        "お問い合わせの前に、ケーブルと電源アダプターを確認してください。",
        "修理中もデバイスのデータは保持されます。",
        "ロゴが表示されるまで電源ボタンを長押ししてください。",
        "Kestrel アカウントにサインインすると、リクエストを確認できます。",
    ],
    "ar": [
        "تحقّق من الكابل والمحوّل قبل التواصل معنا.",
        "يحتفظ جهازك ببياناته أثناء الإصلاح.",
        "اضغط مطولًا على زر التشغيل حتى يظهر الشعار.",
        "سجّل الدخول إلى حساب Kestrel لعرض طلباتك.",
    ],
}
TITLES = {"en": "Article", "zh": "文章", "es": "Artículo", "ja": "記事", "ar": "مقالة"}
# Articles per sub-section: a help center this size groups a category's articles, as customers browse them.
GROUP = 25
PLACEHOLDERS = [
    "{{ return_window_days }}",
    "{{ warranty_months.book }}",
    "{{ refund_business_days }}",
    "{{ regions.uk.phone }}",
]


def location(index: int) -> str:
    """Where article `index` lives under docs/<lang>/: category, then sub-section of GROUP articles."""
    return f"{SECTIONS[index % len(SECTIONS)]}/g{index // len(SECTIONS) // GROUP}/a{index}.md"


def article(lang: str, index: int, total: int) -> str:
    section = SECTIONS[index % len(SECTIONS)]
    rng = random.Random(index)  # the same links in every language
    others = [rng.randrange(total) for _ in range(3)]
    sentences = PROSE[lang]
    body = [f"# {TITLES[lang]} {index}", "", f"{sentences[index % 4]} {PLACEHOLDERS[index % 4]}", ""]
    for part in range(3):
        body += [f"## {TITLES[lang]} {index}.{part} {{#part-{part}}}", ""]
        body += [f"{n}. {sentences[(index + n + part) % 4]}" for n in range(1, 4)] + [""]
        body += [" ".join(sentences[(index + k) % 4] for k in range(6)), ""]
    links = " ".join(f"[{TITLES[lang]} {o}](../../{location(o)}#part-1)" for o in others)
    body += [links, ""]
    front = [
        "---",
        f"title: {TITLES[lang]} {index}",
        f"description: {sentences[index % 4]} {sentences[(index + 1) % 4]}",
        f"category: {section}",
        f"topics: [{section}, topic-{index % 17}]",
    ]
    return "\n".join(front) + "\n---\n" + "\n".join(body)


def generate(out: Path, articles: int) -> Path:
    docs = out / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for index in range(articles):
        rel = location(index)
        english = article("en", index, articles)
        digest = translations.source_hash(make_page(f"docs/en/{rel}", "en", rel, english))
        for lang in LANGUAGES:
            text = english if lang == "en" else article(lang, index, articles)
            if lang != "en":
                text = text.replace("---\n#", f'source_hash: "{digest}"\n---\n#', 1)
            path = docs / lang / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    home = (
        "---\ntitle: Home\ndescription: The benchmark corpus home page for every language.\n"
        "category: home\ntopics: [home]\n---\n# Home\n\n"
        + "\n".join(f"- [{s}]({location(i)})" for i, s in enumerate(SECTIONS))
        + "\n"
    )
    for lang in LANGUAGES:
        text = (
            home
            if lang == "en"
            else home.replace(
                "---\n#",
                f'source_hash: "{translations.source_hash(make_page("docs/en/index.md", "en", "index.md", home))}"'
                "\n---\n#",
                1,
            )
        )
        (docs / lang / "index.md").write_text(text, encoding="utf-8")
    return docs


def real_config(page_tree: bool = False) -> str:
    """mkdocs.yml; without its page tree for the synthetic corpus, whose tree MkDocs derives from the folders."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return text if page_tree else text[: text.index("# Page tree")]


def prepare_real(out: Path) -> None:
    """The real docs in `out` for both builds: linked for ours; copied to docs-stock/ for stock,
    which has no templates of ours (the home page's `template: home.html` goes)."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "docs-stock", ignore_errors=True)
    for source in (ROOT / "docs").rglob("*.md"):
        target = out / "docs-stock" / source.relative_to(ROOT / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(re.sub(r"(?m)^template: .*\n", "", source.read_text(encoding="utf-8")), encoding="utf-8")
    link_project(out, real=True)


PRUNE = "    - navigation.prune"


def stock_config(prune: bool, page_tree: bool = False) -> str:
    """What a new user sets up: the same theme, languages and search, no hooks, no overrides;
    Material renders the whole page tree into every page unless `prune` keeps our navigation.prune."""
    text = real_config(page_tree).replace("watch: [data, overrides, hooks, kb]", "")
    start, end = text.index("# Hooks"), text.index("# Customization")
    text = text[:start] + text[end:]
    text = text.replace("  custom_dir: overrides\n", "").replace("  favicon: assets/kb/favicon.svg\n", "")
    text = text.replace("  logo: assets/kb/logo.svg\n", "").replace("extra_css:\n  - assets/kb/kb.css\n", "")
    if page_tree:
        text = text.replace("docs_dir: docs\n", "docs_dir: docs-stock\n")
    if not prune:
        text = "\n".join(line for line in text.split("\n") if not line.startswith(PRUNE))
    return text


def timed_build(command: list[str], cwd: Path, site: Path, env: dict[str, str]) -> dict:
    """Wall time, pages and the peak memory of the build's largest process (os.wait4 reports
    this child and the processes it waited for, so each build is measured on its own)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1764000000", **env)
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            sys.exit(f"build failed: {' '.join(command)}:\n{log.read().decode()[-3000:]}")
    pages = sum(1 for _ in site.rglob("index.html"))
    return {
        "seconds": seconds,
        "pages": pages,
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
    }


def identical(first: Path, second: Path) -> bool:
    """The same files with the same bytes."""
    files = {path.relative_to(first) for path in first.rglob("*") if path.is_file()}
    if files != {path.relative_to(second) for path in second.rglob("*") if path.is_file()}:
        return False
    return all(filecmp.cmp(first / name, second / name, shallow=False) for name in files)


def index_sizes(site: Path) -> dict[str, int]:
    """Bytes of each language's search data: its search/ folder (our index is cut into files
    there, of which a query loads a few; stock's is one file)."""
    sizes = {}
    for lang in LANGUAGES:
        folder = site / ("" if lang == "en" else lang) / "search"
        sizes[lang] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
    return sizes


def remove(path: Path) -> None:
    """A site folder, or the link `kb build` makes and the builds folder beside it."""
    if path.is_symlink():
        path.unlink()
    shutil.rmtree(path, ignore_errors=True)
    shutil.rmtree(path.with_name(f".{path.name}.builds"), ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", 2000)))
    parser.add_argument("--out", type=Path, default=ROOT / ".bench")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for our build")
    parser.add_argument("--real", action="store_true", help="the real docs/ instead of a synthetic corpus")
    parser.add_argument("--ours-only", action="store_true", help="skip the stock builds (no ratios): while tuning ours")
    parser.add_argument("--repeat", type=int, default=1, help="run every build N times and show the medians")
    args = parser.parse_args()
    if args.real:
        args.out = args.out / "real"
        shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.real:
        prepare_real(args.out)
    else:
        generate(args.out, args.articles)
        link_project(args.out)
    # ours: the real configuration
    (args.out / "mkdocs.yml").write_text(real_config(args.real), encoding="utf-8")
    (args.out / "mkdocs.stock.yml").write_text(stock_config(prune=False, page_tree=args.real), encoding="utf-8")
    (args.out / "mkdocs.pruned.yml").write_text(stock_config(prune=True, page_tree=args.real), encoding="utf-8")
    stock = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    ours = [sys.executable, "-m", "kb", "build", "--jobs", str(args.jobs), "--site-dir"]
    cache, pages_only = args.out / ".cache-ours", args.out / ".cache-pages-only"
    edited = edit_one_article(args.out)
    cold, alone = "ours, cold (empty build cache)", "ours, cold, PDFs in the cache (the pages alone)"

    def keep_pdfs_only() -> None:  # the cold build's PDFs, and nothing else, in a cache of its own
        shutil.rmtree(pages_only, ignore_errors=True)
        if (cache / "pdf").is_dir():
            shutil.copytree(cache / "pdf", pages_only / "pdf")

    builds = {  # name -> (command, output folder, cache folder, before the build)
        "stock": (stock + ["-f", "mkdocs.stock.yml", "-d", "site-stock"], None, None),
        "stock + navigation.prune": (stock + ["-f", "mkdocs.pruned.yml", "-d", "site-pruned"], None, None),
        cold: (ours + ["site-ours"], cache, None),
        alone: (ours + ["site-ours-pages"], pages_only, keep_pdfs_only),
        "ours, nothing changed": (ours + ["site-ours"], cache, None),
        "ours, nothing changed, new site folder": (ours + ["site-ours-new"], cache, None),
        "ours, one article edited": (ours + ["site-ours"], cache, edited.apply),
        "ours, cold, after the edit": (ours + ["site-ours-cold"], args.out / ".cache-cold", None),
    }
    if args.ours_only:
        builds = {name: build for name, build in builds.items() if name.startswith("ours")}
    runs: dict[str, list[dict]] = {name: [] for name in builds}
    loads = [os.getloadavg()[0]]
    same = True
    for _ in range(max(1, args.repeat)):
        shutil.rmtree(cache, ignore_errors=True)  # our first build starts with an empty build cache
        for name in ("site-ours", "site-ours-new", "site-ours-cold", "site-ours-pages"):
            remove(args.out / name)
        for name, (command, cache_dir, before) in builds.items():
            site = args.out / command[-1]
            if cache_dir is None:
                remove(site)
            if cache_dir is not None and "cold" in name:
                shutil.rmtree(cache_dir, ignore_errors=True)
            if before:
                before()
            env = {"KB_CACHE_DIR": str(cache_dir)} if cache_dir else {}
            runs[name].append(timed_build(command, args.out, site, env) | {"index": index_sizes(site)})
        edited.revert()
        same = same and identical(args.out / "site-ours", args.out / "site-ours-cold")
        loads.append(os.getloadavg()[0])
    results = {
        name: dict(
            measured[0],
            seconds=statistics.median(r["seconds"] for r in measured),
            all_seconds=[r["seconds"] for r in measured],
        )
        for name, measured in runs.items()
    }
    corpus = "the real docs/" if args.real else f"{args.articles} synthetic articles"
    print(
        f"corpus: {corpus} x {len(LANGUAGES)} languages; machine: {os.cpu_count()} cores; edited: {edited.name}; "
        f"{args.repeat} run{'s' if args.repeat > 1 else ''} (median seconds); load average (1 min) "
        + ", ".join(f"{load:.1f}" for load in loads)
    )
    print(
        "| build | pages | seconds | ms/page | peak MB (largest process) | "
        + " | ".join(f"index {lang} (KB)" for lang in LANGUAGES)
        + " |"
    )
    print("|---|---:|---:|---:|---:|" + "---:|" * len(LANGUAGES))
    for name, r in results.items():
        print(
            f"| {name} | {r['pages']} | {r['seconds']:.1f} | {1000 * r['seconds'] / max(1, r['pages']):.1f} | "
            f"{r['peak_mb']:.0f} | " + " | ".join(f"{r['index'][lang] / 1024:.0f}" for lang in LANGUAGES) + " |"
        )
    for mine in [name for name in results if name.startswith("ours") and "stock" in results]:
        print(
            f"{mine}: "
            + ", ".join(
                f"{results[mine]['seconds'] / results[theirs]['seconds']:.2f} of {theirs}"
                for theirs in ["stock", "stock + navigation.prune"]
            )
        )
    shares = [1 - a["seconds"] / c["seconds"] for c, a in zip(runs[cold], runs[alone], strict=True)]
    print(
        f"the manuals' PDFs' share of a cold build: {100 * statistics.median(shares):.0f}% "
        f"({results[cold]['seconds'] - results[alone]['seconds']:.1f} s of {results[cold]['seconds']:.1f})"
    )
    print(f"the incremental build after the edit is byte-identical to a cold build: {'yes' if same else 'NO'}")
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


class Edit:
    """One sentence added to an English article's body, and taken out again."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path, self.name = path, path.relative_to(root).as_posix()
        self.text = path.read_text(encoding="utf-8")

    def apply(self) -> None:
        self.path.write_text(self.text + "\nIf the problem continues, contact us.\n", encoding="utf-8")

    def revert(self) -> None:
        self.path.write_text(self.text, encoding="utf-8")


def edit_one_article(out: Path) -> Edit:
    """The English article a writer edits: one in the middle of the corpus (a copy when docs/ is the real one)."""
    docs = out / "docs"
    pages = sorted(p for p in (docs / "en").rglob("*.md") if p.name != "index.md")
    chosen = pages[len(pages) // 2]
    if docs.is_symlink():  # the real docs: the benchmark edits a copy, never the sources
        copy = out / "docs-edit"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(docs.resolve(), copy)
        docs.unlink()
        docs.symlink_to(copy)
        chosen = copy / chosen.relative_to(docs)
    return Edit(chosen, out)


if __name__ == "__main__":
    main()
