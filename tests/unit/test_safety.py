"""Article safety on the HTML readers' browsers receive (kb.checks.safety, kb.core.render) and the
files the build reads (kb.core.inputs): one finding per hostile form, at its source line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import checks
from kb.checks import safety
from kb.core import inputs, render
from kb.core.findings import FindingsError
from kb.core.pages import load_pages, make_page
from kb.core.site import make_site
from kb.core.yamlfiles import read_data_file
from kb.data.strings import load_table
from tests.conftest import ROOT, fixture_page


def RENDER(text: str) -> str:  # noqa: N802 - stands for the site's renderer
    return render.for_config(ROOT / "mkdocs.yml")(text)


HEAD = "---\ntitle: T\ndescription: A page.\ncategory: faq\ntopics: [faq]\n---\n# Title {#title}\n\n"
FIRST = HEAD.count("\n") + 1  # the body's first line in the file

SCRIPT = "unsafe-html: tag <script> can load or run code"
HANDLER = "unsafe-html: event handler attribute {}= runs script"
SCHEME = "unsafe-url: {} {!r} uses the URL scheme {}:"
LOADS = "external-url: {} makes every reader's browser request {} from {}"
LEADS = "external-url: {} leads to {} on {}"


@pytest.fixture(autouse=True)
def fresh():
    """Each test renders and checks anew: nothing comes from an earlier test's cached results."""
    safety._check.cache_clear()
    render._renderer.cache_clear()


def found(markdown: str, hosts=()) -> list[str]:
    page = make_page("docs/en/p.md", "en", "p.md", HEAD + markdown)
    return [str(finding) for finding in safety.check(page, RENDER, hosts)]


def expect(line: int, text: str) -> str:
    return f"docs/en/p.md:{FIRST + line - 1}: {text}"


# (markdown, the body line of the finding, the start of its "rule: message")
HOSTILE = [
    # javascript: in Markdown links, as the browser decodes it
    ("[a](javascript:alert(1))", 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ("[a](JavaScript:alert(1))", 1, SCHEME.format("<a href>", "JavaScript:alert(1)", "javascript")),
    ("[a](&#106;avascript:alert(1))", 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ("[a](&#x6A;avascript:alert(1))", 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ("[a](&#X6a;avascript&colon;alert(1))", 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ('<a href="&#106avascript:alert(1)">a</a>', 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ('<a href="&#0000106avascript:alert(1)">a</a>', 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ("[a](java&#9;script:alert(1))", 1, SCHEME.format("<a href>", "java\tscript:alert(1)", "javascript")),
    ('<a href="java&Tab;script:alert(1)">a</a>', 1, SCHEME.format("<a href>", "java\tscript:alert(1)", "javascript")),
    (
        '<a href="java&NewLine;script:alert(1)">a</a>',
        1,
        SCHEME.format("<a href>", "java\nscript:alert(1)", "javascript"),
    ),
    ('<a href="java\nscript:alert(1)">a</a>', 2, SCHEME.format("<a href>", "java\nscript:alert(1)", "javascript")),
    ('<a href=" &#1;javascript:alert(1)">a</a>', 1, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    ("[a](vbscript:msgbox)", 1, SCHEME.format("<a href>", "vbscript:msgbox", "vbscript")),
    (
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        1,
        SCHEME.format("<a href>", "data:text/html;base64,PHNjcmlwdD4=", "data"),
    ),
    (
        "[a](file:///etc/passwd)",
        1,
        "unsafe-url: <a href> 'file:///etc/passwd' uses the URL scheme file:, which is not allowed",
    ),
    ("<javascript:alert(1)>", 1, "unsafe-html: tag <javascript:alert(1)> is not formatting HTML"),
    # reference-style links: at the definition
    ("See [help][e].\n\n[e]: javascript:alert(1)", 3, SCHEME.format("<a href>", "javascript:alert(1)", "javascript")),
    (
        "See [help].\n\n[help]: <&#106;avascript:alert(1)>",
        3,
        SCHEME.format("<a href>", "javascript:alert(1)", "javascript"),
    ),
    ("![x][i]\n\n[i]: javascript:alert(1)", 3, SCHEME.format("<img src>", "javascript:alert(1)", "javascript")),
    # raw tags, also split over lines
    ("<script>alert(1)</script>", 1, SCRIPT),
    ("<SCRIPT SRC=x.js></SCRIPT>", 1, SCRIPT),
    ("Text\n<script\n>alert(1)</script>", 3, SCRIPT),
    ("<svg/onload=alert(1)>", 1, HANDLER.format("onload")),
    ("<svg\n/onload=alert(1)>", 2, HANDLER.format("onload")),
    ("<img\nsrc=x\nonerror=alert(1)>", 3, HANDLER.format("onerror")),
    ('<div><p ONCLICK="alert(1)">x</p></div>', 1, HANDLER.format("onclick")),
    ("<details ontoggle=alert(1) open>x</details>", 1, HANDLER.format("ontoggle")),
    # SVG and MathML
    (
        '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
        1,
        "unsafe-html: tag <animate> can load or run code",
    ),
    (
        '<svg><animate attributeName="href" values="x;javascript:alert(1)"/></svg>',
        1,
        SCHEME.format("<animate values>", "javascript:alert(1)", "javascript"),
    ),
    (
        '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
        1,
        SCHEME.format("<set to>", "javascript:alert(1)", "javascript"),
    ),
    (
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        1,
        SCHEME.format("<a xlink:href>", "javascript:alert(1)", "javascript"),
    ),
    ("<svg><script>alert(1)</script></svg>", 1, SCRIPT),
    ("<svg><foreignObject><p>x</p></foreignObject></svg>", 1, "unsafe-html: tag <foreignobject> can load or run code"),
    (
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
        1,
        SCHEME.format("<maction xlink:href>", "javascript:alert(1)", "javascript"),
    ),
    ("<math><mi>x</mi></math>", 1, "unsafe-html: tag <math> can load or run code"),
    # attribute lists
    ('Paragraph\n{: onclick="alert(1)" }', 2, HANDLER.format("onclick")),
    ("## Heading {#heading onmouseover=alert(1)}", 1, HANDLER.format("onmouseover")),
    (
        '[link](page.md){: href="javascript:alert(1)" }',
        1,
        SCHEME.format("<a href>", "javascript:alert(1)", "javascript"),
    ),
    ('Text\n{: data-kb="router" }', 2, "unsafe-html: attribute data-kb= is not allowed on <p>"),
    (
        'Text\n{: style="background:url(//evil.example/x.png)" }',
        2,
        LOADS.format("<p style> url()", "//evil.example/x.png", "evil.example"),
    ),
    # fences that are not fences for Markdown
    ("    ```\n<script>alert(1)</script>", 2, SCRIPT),
    ("- item\n\n    ```\n<script>alert(1)</script>", 4, SCRIPT),
    ("~~~~\n```\n<script>alert(1)</script>", 3, SCRIPT),
    # elements that load or run code, or are not formatting
    ('<iframe src="page.html"></iframe>', 1, "unsafe-html: tag <iframe> can load or run code"),
    ('<object data="x.swf"></object>', 1, "unsafe-html: tag <object> can load or run code"),
    ('<embed src="x.swf">', 1, "unsafe-html: tag <embed> can load or run code"),
    ('<base href="/x/">', 1, "unsafe-html: tag <base> can load or run code"),
    (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        1,
        "unsafe-html: tag <meta> can load or run code",
    ),
    ('<link rel="stylesheet" href="x.css">', 1, "unsafe-html: tag <link> can load or run code"),
    ('<form action="x"><button>Go</button></form>', 1, "unsafe-html: tag <form> can load or run code"),
    ("<style>@import url(https://evil.example/x.css)</style>", 1, "unsafe-html: tag <style> can load or run code"),
    ("<template><script>alert(1)</script></template>", 1, SCRIPT),
    ("<marquee>x</marquee>", 1, "unsafe-html: tag <marquee> is not formatting HTML"),
    ('<input type="image" src="x.png">', 1, 'unsafe-html: <input type="image"> is not allowed'),
    ('<a href="page.md" target="_blank">x</a>', 1, "unsafe-html: attribute target= is not allowed on <a>"),
    # style attributes
    ('<p style="width:expression(alert(1))">x</p>', 1, "unsafe-html: <p style> uses expression()"),
    ('<p style="width:exp/**/ression(alert(1))">x</p>', 1, "unsafe-html: <p style> uses expression()"),
    (
        '<p style="background:url(javascript:alert(1))">x</p>',
        1,
        SCHEME.format("<p style> url()", "javascript:alert(1", "javascript"),
    ),
    (
        '<p style="background:\\75rl(https://evil.example/x.png)">x</p>',
        1,
        LOADS.format("<p style> url()", "https://evil.example/x.png", "evil.example"),
    ),
    (
        "<p style=\"background-image:image-set('https://evil.example/x.png' 1x)\">x</p>",
        1,
        LOADS.format("<p style> url()", "https://evil.example/x.png", "evil.example"),
    ),
    # other hosts: resources that load, and links
    ('<img src="https://cdn.example/x.png">', 1, LOADS.format("<img src>", "https://cdn.example/x.png", "cdn.example")),
    ("![x](https://cdn.example/x.png)", 1, LOADS.format("<img src>", "https://cdn.example/x.png", "cdn.example")),
    ("![x](HTTP://CDN.example/x.png)", 1, LOADS.format("<img src>", "HTTP://CDN.example/x.png", "cdn.example")),
    ('<img src="//cdn.example/x.png">', 1, LOADS.format("<img src>", "//cdn.example/x.png", "cdn.example")),
    ('<img src="\\\\cdn.example/x.png">', 1, LOADS.format("<img src>", "\\\\cdn.example/x.png", "cdn.example")),
    (
        '<img src="https://help.kestrel.example@cdn.example/x.png">',
        1,
        LOADS.format("<img src>", "https://help.kestrel.example@cdn.example/x.png", "cdn.example"),
    ),
    (
        '<img src="a.png" srcset="a.png 1x, https://cdn.example/b.png 2x">',
        1,
        LOADS.format("<img srcset>", "https://cdn.example/b.png", "cdn.example"),
    ),
    (
        '<picture><source srcset="https://cdn.example/b.webp"><img src="a.png"></picture>',
        1,
        LOADS.format("<source srcset>", "https://cdn.example/b.webp", "cdn.example"),
    ),
    (
        '<video src="v.mp4" poster="https://cdn.example/p.png"></video>',
        1,
        LOADS.format("<video poster>", "https://cdn.example/p.png", "cdn.example"),
    ),
    (
        '<audio src="https://cdn.example/a.mp3"></audio>',
        1,
        LOADS.format("<audio src>", "https://cdn.example/a.mp3", "cdn.example"),
    ),
    ("[x](https://other.example/page)", 1, LEADS.format("<a href>", "https://other.example/page", "other.example")),
    ("<https://other.example/page>", 1, LEADS.format("<a href>", "https://other.example/page", "other.example")),
    ('<a href="//other.example/">x</a>', 1, LEADS.format("<a href>", "//other.example/", "other.example")),
    ('<a href="https:other.example">x</a>', 1, LEADS.format("<a href>", "https:other.example", "other.example")),
    (
        '<a href="https://other.example:8443/x">x</a>',
        1,
        LEADS.format("<a href>", "https://other.example:8443/x", "other.example"),
    ),
    (
        ":smile:",
        1,
        "external-url: emoji :smile: loads its image from cdn.jsdelivr.net, another host; type the emoji "
        "character itself (😄) instead",
    ),
]


@pytest.mark.parametrize("markdown, line, start", HOSTILE, ids=[case[0][:60] for case in HOSTILE])
def test_hostile_form_is_refused_at_its_source_line(markdown, line, start):
    assert any(finding.startswith(expect(line, start)) for finding in found(markdown)), found(markdown)


SAFE = [
    "Write `<script>alert(1)</script>` and `[a](javascript:alert(1))` as code.",
    "```html\n<script>alert(1)</script>\n<svg/onload=alert(1)>\n```",
    "    <script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt; and javascript:alert(1) as text",
    "[Return policy](../returns/policy.md#before-you-start) and [top](#title) and [x](?q=1)",
    "[Call us](tel:+442079460958) or [write](mailto:help@kestrel.example)",
    '![Battery](../assets/battery.png) <img src="x.png" srcset="x.png 1x, x@2x.png 2x" alt="x" width="10">',
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    '!!! note "Note"\n    Text\n\n??? tip "Tip"\n    Text',
    '=== "Phone"\n    One\n\n=== "Book"\n    Two',
    "Term\n:   Definition\n\nText[^1]\n\n[^1]: Note\n\n*[HTML]: Hyper Text\n\nHTML",
    ":material-check: :octicons-alert-16:",
    '<div markdown>**bold**</div>\n\nText\n{: .note #note-id lang="fr" dir="ltr" title="x" }',
    '<details open><summary>More</summary><p style="color: red; text-align: center">x</p></details>',
    '<kbd>Ctrl</kbd> <mark>x</mark> <sub>2</sub> <sup>3</sup> <abbr title="x">X</abbr> <br> <hr>',
    '<figure><img src="a.png" alt="a"><figcaption>A</figcaption></figure>',
    '<svg viewBox="0 0 1 1"><path d="M0 0" fill="red"/><use href="#a"/></svg>',
    '<a href="page.md" rel="nofollow" aria-label="x">x</a> <input type="checkbox" disabled checked>',
    "{{ router }} {{ return_window_days }}",
]


@pytest.mark.parametrize("markdown", SAFE, ids=[case[:60] for case in SAFE])
def test_formatting_passes(markdown):
    assert found(markdown) == []


def test_allowed_hosts_let_links_and_images_through():
    markdown = "[x](https://docs.kestrel.example/a) ![y](https://cdn.kestrel.example/b.png) :smile:"
    assert found(markdown, {"docs.kestrel.example", "cdn.kestrel.example", "cdn.jsdelivr.net"}) == []
    assert found("[x](https://docs.kestrel.example.evil.example/a)", {"docs.kestrel.example"}) != []


def test_each_occurrence_at_its_own_line_and_inline_code_first_is_not_blamed():
    markdown = "`<script>` is code.\n\n<script>a()</script>\n\nText\n\n<script>b()</script>"
    assert found(markdown) == [
        expect(3, SCRIPT + "; articles may use only formatting HTML; to show it, write it as `inline code`"),
        expect(7, SCRIPT + "; articles may use only formatting HTML; to show it, write it as `inline code`"),
    ]


def test_the_old_fixture_is_still_refused_with_exact_messages():
    found_ = [str(f) for f in safety.check(fixture_page("safety_script.md"), RENDER)]
    assert found_ == [
        "docs/en/safety_script.md:9: unsafe-html: tag <script> can load or run code; articles may use only "
        "formatting HTML; to show it, write it as `inline code`",
        "docs/en/safety_script.md:11: unsafe-html: event handler attribute onclick= runs script; remove it",
        "docs/en/safety_script.md:13: unsafe-url: <a href> 'javascript:alert(1)' uses the URL scheme javascript:, "
        "which runs code; link to a page of the help center with a relative link instead",
        "docs/en/safety_script.md:15: unsafe-html: tag <iframe> can load or run code; articles may use only "
        "formatting HTML; to show it, write it as `inline code`",
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("javascript:x", ("javascript", None)),
        (" \x01JaVa\tScRiPt:x", ("javascript", None)),
        ("https://Help.Example./x", ("https", "help.example")),
        ("//a.example:80/x", (None, "a.example")),
        ("https://u:p@a.example/", ("https", "a.example")),
        ("https://[::1]:8000/", ("https", "[::1]")),
        ("/\\a.example/x", (None, "a.example")),
        ("page.md#x", (None, None)),
        ("mailto:a@b.example", ("mailto", None)),
        ("", (None, None)),
    ],
)
def test_url_parts_as_a_browser_reads_them(value, expected):
    assert safety.url_parts(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("a.png", ["a.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        (" a.png  100w ,b.png", ["a.png", "b.png"]),
        ("", []),
        (",", []),
    ],
)
def test_srcset_candidates(value, expected):
    assert list(safety.srcset_urls(value)) == expected


@pytest.mark.parametrize(
    "config, line",
    [
        ("site_name: Kestrel Support\nextra:\n  kb:\n    allowed_hosts: x\n", 4),
        ("site_name: Kestrel Support\n", 1),
    ],
)
def test_allowed_hosts_finding_at_its_line(config, line):
    assert safety.allowed_hosts("x", "mkdocs.yml", config)[1][0].line == line


@pytest.mark.parametrize(
    "markdown, builtin, configured",
    [
        (
            "```\n<b>\n```",
            "<pre><code>&lt;b&gt;\n</code></pre>",
            '<div class="highlight"><pre><span></span><code>&lt;b&gt;\n',
        ),
        ("| a |\n|---|\n| 1 |", "<table>", "<table>"),
        ("Text\n{: .x }", "<p>Text\n{: .x }</p>", '<p class="x">Text</p>'),
        (":material-check:", "<p>:material-check:</p>", '<p><span class="twemoji"><svg'),
    ],
)
def test_renderer_follows_mkdocs_yml(markdown, builtin, configured):
    assert builtin in render.for_config(None)(markdown)
    assert configured in render.for_config(ROOT / "mkdocs.yml")(markdown)
    assert (
        render.Renderer(*render.extensions("markdown_extensions: [attr_list]\n"))("A\n{: .y }") == '<p class="y">A</p>'
    )
    assert render.extensions("site_name: x\n") == (render.BUILTIN, {})


@pytest.mark.parametrize(
    "value, problem",
    [
        (None, False),
        ([], False),
        (["docs.kestrel.example"], False),
        ("docs.kestrel.example", True),
        (["https://docs.kestrel.example"], True),
        (["docs.kestrel.example/x"], True),
        ([3], True),
        ({"a": 1}, True),
    ],
)
def test_allowed_hosts_must_be_host_names(value, problem):
    config = "extra:\n  kb:\n    allowed_hosts: x\n"
    hosts, findings = safety.allowed_hosts(value, "mkdocs.yml", config)
    assert [
        str(f).startswith("mkdocs.yml:3: allowed-hosts: extra.kb.allowed_hosts must be a list of host names")
        for f in findings
    ] == ([True] if problem else [])
    assert hosts == (frozenset({"docs.kestrel.example"}) if value == ["docs.kestrel.example"] else frozenset())


def test_kb_reads_the_extensions_mkdocs_uses():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    names, settings = render.extensions((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert names == config["markdown_extensions"]
    assert {name: sorted(options) for name, options in settings.items()} == {
        name: sorted(options) for name, options in config["mdx_configs"].items()
    }
    assert settings["pymdownx.emoji"]["emoji_generator"] is config["mdx_configs"]["pymdownx.emoji"]["emoji_generator"]
    assert settings["toc"]["slugify"]("Ab Cd", "-") == config["mdx_configs"]["toc"]["slugify"]("Ab Cd", "-")


# Files the build reads: links that lead outside, sizes.


def make_repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs" / "en").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("---\ntitle: secret\n---\n# Secret\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "link, target, expected",
    [
        ("docs/en/passwd.png", "../../../secret.md", "docs/en/passwd.png:1: symlink: leads outside the repository"),
        ("docs/en/secret.md", "../../../secret.md", "docs/en/secret.md:1: symlink: leads outside the repository"),
        ("docs/en/outside", "../../..", "docs/en/outside:1: symlink: leads outside the repository"),
        ("docs/en/abs.txt", "/etc/hostname", "docs/en/abs.txt:1: symlink: leads outside the repository"),
        ("docs/en/loop", "loop", "docs/en/loop:1: symlink: leads outside the repository"),
        ("data/facts.yml", "../../secret.md", "data/facts.yml:1: symlink: leads outside the repository"),
        ("docs/en/inside.md", "../../mkdocs.yml", None),
    ],
)
def test_links_outside_the_repository_are_refused_and_never_read(tmp_path, link, target, expected):
    root = make_repository(tmp_path)
    (root / link).symlink_to(target)
    site = make_site(root, root / "docs", ["en"], "en")
    found_ = [str(f) for f in checks.input_findings(site, [])]
    assert [f[: len(expected)] for f in found_] == ([expected] if expected else [])
    assert all(page.rel != "secret.md" for page in load_pages(root / "docs", ["en"]))


def test_a_data_file_that_leads_outside_is_not_read(tmp_path):
    root = make_repository(tmp_path)
    (root / "data" / "facts.yml").symlink_to(tmp_path / "secret.md")
    data, node, findings = read_data_file(root / "data" / "facts.yml", "data/facts.yml", "facts-yaml")
    assert data is None and [f.rule for f in findings] == ["symlink"]
    (root / "data" / "strings").mkdir()
    (root / "data" / "strings" / "en.yml").symlink_to(tmp_path / "secret.md")
    with pytest.raises(FindingsError) as error:
        load_table(root / "data" / "strings" / "en.yml", "data/strings/en.yml")
    assert [f.rule for f in error.value.findings] == ["symlink"]


@pytest.mark.parametrize(
    "path, size, expected",
    [
        (
            "docs/en/big.md",
            inputs.ARTICLE_LIMIT + 1,
            "docs/en/big.md:1: file-size: 512 KB is over the 512 KB limit for an article",
        ),
        ("docs/en/ok.md", inputs.ARTICLE_LIMIT, None),
        ("docs/en/big.png", inputs.ARTICLE_LIMIT + 1, None),
        (
            "data/facts.yml",
            inputs.DATA_LIMIT + 1,
            "data/facts.yml:1: file-size: 1024 KB is over the 1024 KB limit for a data file",
        ),
        ("data/strings/en.yml", 3 * inputs.DATA_LIMIT, "data/strings/en.yml:1: file-size: 3072 KB is over the 1024 KB"),
        ("data/glossary.yml", inputs.DATA_LIMIT, None),
    ],
)
def test_files_over_the_size_limits_are_refused_before_parsing(tmp_path, path, size, expected):
    root = make_repository(tmp_path)
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("---\ntitle: x\n---\n" + "x" * (size - 18) + "\n", encoding="utf-8")
    assert file.stat().st_size == size
    site = make_site(root, root / "docs", ["en"], "en")
    found_ = [str(f) for f in checks.input_findings(site, [])]
    assert [f[: len(expected)] for f in found_] == ([expected] if expected else [])
    if path.endswith(".md"):
        assert [page.rel for page in load_pages(root / "docs", ["en"])] == ([] if expected else [Path(path).name])
    else:
        data, _, findings = read_data_file(file, path, "x-yaml")
        assert [f.rule for f in findings] == (["file-size"] if expected else ["x-yaml"] if data is None else [])


def test_a_loop_of_links_is_outside():
    assert inputs.outside(Path("/nonexistent/loop"), None) is False
