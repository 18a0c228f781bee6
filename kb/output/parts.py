"""A site built in parts, one language per machine, and merged into one.

`kb build --lang zh --site-dir parts/zh` builds one language, with every check, the way
the parallel build's workers do (kb.build.parallel): a part of the source language holds the site
root (assets, the English pages, /status/, the sitemap index, robots.txt, the root 404 page);
a part of another language holds only its folder, `zh/`. Everything a part shares with the
others (hreflang alternates, the sitemap index, the status page) comes from the docs tree,
never from another part's output, so the parts need nothing from each other.

Each part carries MANIFEST: its language, whether it is the source language, and the digest
of everything it was built from (kb.build.incremental.build_inputs). `kb merge parts/* --site-dir
site` refuses parts of different sources, a language twice, a language missing or a folder
that is not a part, each in one line; otherwise it copies the parts into one site, byte for
byte the site one `kb build` makes, and switches `site` to it as `kb build` does (kb.output.sitedir)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

MANIFEST = ".kb-part.json"


class PartError(Exception):
    """A set of parts that cannot make one site; the message says why, in one line."""


def finish(folder: Path, lang: str, source_lang: str, inputs: str) -> None:
    """Keep what belongs to `lang`'s part in a folder one build wrote, and label it."""
    if lang != source_lang:
        for entry in list(folder.iterdir()):
            if entry.name != lang:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    manifest = {"language": lang, "source": lang == source_lang, "inputs": inputs}
    (folder / MANIFEST).write_text(json.dumps(manifest, sort_keys=True) + "\n", encoding="utf-8")


def read(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PartError(
            f"{folder}: not a part (no {MANIFEST}); build one with kb build --lang CODE --site-dir {folder}"
        ) from None
    except (OSError, ValueError) as error:
        raise PartError(f"{folder}/{MANIFEST}: unreadable ({error})") from None
    if not isinstance(manifest, dict) or not {"language", "source", "inputs"} <= manifest.keys():
        raise PartError(f"{folder}/{MANIFEST}: not a part manifest (language, source, inputs)")
    return manifest


def plan(folders: list[Path], languages: list[str]) -> list[tuple[Path, dict]]:
    """The parts in merge order (the source language first), or PartError."""
    parts = [(folder, read(folder)) for folder in folders]
    seen: dict[str, Path] = {}
    for folder, manifest in parts:
        lang = manifest["language"]
        if lang not in languages:
            raise PartError(f"{folder}: language '{lang}' is not one of the site's ({', '.join(languages)})")
        if lang in seen:
            raise PartError(f"{folder}: language '{lang}' is already in {seen[lang]}")
        seen[lang] = folder
    sources = {manifest["inputs"] for _, manifest in parts}
    if len(sources) > 1:
        raise PartError("the parts were built from different sources: rebuild them all from one commit")
    missing = [lang for lang in languages if lang not in seen]
    if missing:
        raise PartError(
            f"no part for {', '.join(missing)}: build it with kb build --lang {missing[0]} --site-dir <folder>"
        )
    return sorted(parts, key=lambda part: languages.index(part[1]["language"]))


def merge(parts: list[tuple[Path, dict]], site: Path) -> None:
    """Copy the planned parts into `site`, which does not exist yet."""
    for folder, manifest in parts:
        if manifest["source"]:
            shutil.copytree(
                folder,
                site,
                symlinks=True,
                dirs_exist_ok=True,
                ignore=lambda where, names, top=folder: [MANIFEST] if Path(where) == top else [],
            )
        else:
            lang = manifest["language"]
            shutil.copytree(folder / lang, site / lang, symlinks=True)
