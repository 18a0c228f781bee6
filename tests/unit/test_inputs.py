"""Inputs a contributor can commit that must end in one `file:line: rule: message`, never a
traceback or a runaway build: YAML aliases in front matter and data files, and bytes that
are not UTF-8 (kb/checks/frontmatter.py, kb/core/pages.py)."""

from __future__ import annotations

import time

import pytest

from kb.core import yamlfiles
from kb.core.pages import load_pages

ALIAS = "an alias (*{name}) repeats another value; YAML aliases are not allowed here: write the value out"
# 370 bytes or so that expand to billions of list items when constructed.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
    f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
    for n in range(9)
)


@pytest.mark.parametrize(
    "yaml_text, line, name",
    [
        ("title: &t Return policy\ndescription: *t\n", 3, "t"),  # front matter starts on line 2
        ("title: x\ntopics: &s [a]\nextra: [*s]\n", 4, "s"),
        ("topics: {a: &k 1, b: *k}\n", 2, "k"),
        (BOMB + "topics: *j\n", 3, "a"),
    ],
)
def test_front_matter_aliases_are_refused_at_their_line(yaml_text, line, name):
    start = time.perf_counter()
    data, node, findings = yamlfiles.parse(yaml_text, "docs/en/x.md")
    assert time.perf_counter() - start < 1  # refused before anything is expanded
    assert data is None
    assert [str(f) for f in findings] == [
        f"docs/en/x.md:{line}: front-matter-yaml: front matter: {ALIAS.format(name=name)}"
    ]


def test_anchors_alone_and_invalid_yaml_keep_their_messages():
    assert yamlfiles.parse("title: &t Return policy\n", "x.md")[2] == []
    findings = yamlfiles.parse("title: a: b\n", "x.md")[2]
    assert [f.rule for f in findings] == ["front-matter-yaml"] and "not valid YAML: mapping values" in findings[
        0
    ].message


@pytest.mark.parametrize(
    "content, line, expected",
    [
        (b"types: &t {}\nmore: *t\n", 2, ALIAS.format(name="t")),
        (b"types:\n  warranty: \xff\n", 2, "not valid UTF-8 (byte 0xff at column 13); save the file as UTF-8"),
        (b"# caf\xc3\n", 1, "not valid UTF-8 (byte 0xc3 at column 6); save the file as UTF-8"),
    ],
)
def test_data_files(tmp_path, content, line, expected):
    path = tmp_path / "router.yml"
    path.write_bytes(content)
    data, node, findings = yamlfiles.read_data_file(path, "data/router.yml", "router-yaml")
    assert [str(f) for f in findings] == [f"data/router.yml:{line}: router-yaml: {expected}"]


def test_an_article_that_is_not_utf8_is_read_and_marked_at_its_line(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.md").write_bytes(b"---\ntitle: A\n---\n# A\n\nCaf\xe9 au lait.\n")
    (page,) = load_pages(tmp_path, ["en"])
    assert (
        str(page.undecodable)
        == "docs/en/a.md:6: encoding: not valid UTF-8 (byte 0xe9 at column 4); save the file as UTF-8"
    )
    assert "Caf\ufffd au lait." in page.body
