"""kb merge refuses any set of parts that cannot make one site, in one line (kb.output.parts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.output import parts

LANGUAGES = ["en", "zh", "es"]


def part(root: Path, name: str, lang: str, inputs: str = "abc", manifest: str | None = None) -> Path:
    folder = root / name
    (folder / lang).mkdir(parents=True)
    (folder / lang / "index.html").write_text(f"<p>{lang}</p>", encoding="utf-8")
    if lang == "en":
        (folder / "index.html").write_text("<p>root</p>", encoding="utf-8")
    text = (
        manifest if manifest is not None else json.dumps({"language": lang, "source": lang == "en", "inputs": inputs})
    )
    (folder / parts.MANIFEST).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda r: [part(r, "a", "en"), part(r, "b", "zh")], "no part for es: build it with kb build --lang es"),
        (
            lambda r: [part(r, "a", "en"), part(r, "b", "zh"), part(r, "c", "zh"), part(r, "d", "es")],
            "language 'zh' is already in",
        ),
        (
            lambda r: [part(r, "a", "en"), part(r, "b", "zh", inputs="other"), part(r, "c", "es")],
            "built from different sources",
        ),
        (
            lambda r: [part(r, "a", "en"), part(r, "b", "fr"), part(r, "c", "zh"), part(r, "d", "es")],
            "language 'fr' is not one of the site's (en, zh, es)",
        ),
        (lambda r: [part(r, "a", "en"), part(r, "b", "zh", manifest="{not json"), part(r, "c", "es")], "unreadable"),
        (
            lambda r: [part(r, "a", "en"), part(r, "b", "zh", manifest='{"language": "zh"}'), part(r, "c", "es")],
            "not a part manifest",
        ),
        (
            lambda r: [part(r, "a", "en"), (r / "empty").mkdir() or r / "empty", part(r, "c", "es")],
            "not a part (no .kb-part.json)",
        ),
    ],
)
def test_parts_that_cannot_make_one_site_are_refused_in_one_line(tmp_path, build, message):
    with pytest.raises(parts.PartError) as raised:
        parts.plan(build(tmp_path), LANGUAGES)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_parts_merge_in_the_source_language_first_whatever_their_order(tmp_path):
    folders = [part(tmp_path, "c", "es"), part(tmp_path, "a", "en"), part(tmp_path, "b", "zh")]
    planned = parts.plan(folders, LANGUAGES)
    assert [manifest["language"] for _, manifest in planned] == LANGUAGES
    parts.merge(planned, tmp_path / "site")
    found = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert found == ["en/index.html", "es/index.html", "index.html", "zh/index.html"]


def test_a_part_of_another_language_keeps_only_its_folder(tmp_path):
    folder = tmp_path / "zh-part"
    for name in ("zh/index.html", "index.html", "assets/app.js", "sitemap.xml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    parts.finish(folder, "zh", "en", "abc")
    assert sorted(p.name for p in folder.iterdir()) == [parts.MANIFEST, "zh"]
    assert parts.read(folder) == {"language": "zh", "source": False, "inputs": "abc"}
