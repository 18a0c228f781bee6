"""Where a cold build of the real site spends its time: one `mkdocs build --strict` with an
empty build cache, in one process under cProfile, the manuals' PDFs made in that process
too (a build makes them in worker processes, which a profile of one process would miss).

  python tools/bench_profile.py [--out cold.prof] [--top 25]

Prints each concern's share of the profiled time (cumulative: a concern's callees count in
it; cProfile slows pure-Python code more than C, so WeasyPrint's share reads high), then the
functions with the most time of their own. `python -m pstats cold.prof` opens the profile."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from concurrent.futures import Future
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each concern of the build: (label, path the function's file ends with, function name); the
# concern's time is the function's cumulative time.
CONCERNS = [
    ("manuals' PDFs (WeasyPrint, kb.output.pdf.render)", "kb/output/pdf.py", "render"),
    ("  of which fonts subset and embedded", "weasyprint/pdf/fonts.py", "build_fonts_dictionary"),
    ("checks before the build (on_pre_build)", "mkdocs/plugins.py", "on_pre_build"),
    (
        "  of which the safety check (kb.checks.safety, renders each article again)",
        "kb/checks/__init__.py",
        "safety_findings",
    ),
    ("Markdown to HTML (MkDocs' pages and the safety check)", "markdown/core.py", "convert"),
    ("page templates (MkDocs' _build_page: Jinja, hooks on the output)", "mkdocs/commands/build.py", "_build_page"),
    ("search index (kb.search.index.build)", "kb/search/index.py", "build"),
    ("search analysis in V8 (mini-racer calls)", "py_mini_racer/_mini_racer.py", "call"),
    ("Material's search entries", "material/plugins/search/plugin.py", "on_page_context"),
    ("static-i18n's file mapping (on_files)", "mkdocs_static_i18n/plugin.py", "on_files"),
]


class InProcess:
    """An executor that runs each job at once, in this process."""

    def submit(self, function, *arguments) -> Future:
        future = Future()
        future.set_result(function(*arguments))
        return future

    def shutdown(self, *arguments, **options) -> None:
        pass


def profile(out: Path, site_dir: Path, cache_dir: Path) -> float:
    """Build once under cProfile into `out`; the wall time."""
    os.environ.update(NO_MKDOCS_2_WARNING="1", KB_CACHE_DIR=str(cache_dir))
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")
    from mkdocs.__main__ import cli

    from kb.output import pdf

    original = pdf.Printer.__init__

    def in_process(self, *arguments, **options):
        original(self, *arguments, **options)
        self.make_pool = InProcess

    pdf.Printer.__init__ = in_process
    os.chdir(ROOT)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    try:
        cli(["build", "--strict", "--quiet", "--site-dir", str(site_dir)], standalone_mode=False)
    finally:
        profiler.disable()
    seconds = time.perf_counter() - began
    profiler.dump_stats(out)
    return seconds


def report(out: Path, seconds: float, top: int) -> None:
    stats = pstats.Stats(str(out))
    total = max(ct for (_, _, _), (_, _, _, ct, _) in stats.stats.items())
    print(f"cold build of the real site, one process, PDFs in it: {seconds:.1f} s wall, {total:.1f} s profiled")
    print("| concern | seconds (profiled) | share |")
    print("|---|---:|---:|")
    for label, path, name in CONCERNS:
        spent = sum(
            ct
            for (file, _, function), (_, _, _, ct, _) in stats.stats.items()
            if function == name and file.replace(os.sep, "/").endswith(path)
        )
        print(f"| {label} | {spent:.1f} | {100 * spent / total:.0f}% |")
    print()
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "kb-cold.prof")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-profile-") as folder:
        seconds = profile(args.out.resolve(), Path(folder) / "site", Path(folder) / "cache")
    report(args.out, seconds, args.top)


if __name__ == "__main__":
    main()
