"""Hostile article HTML end to end: a fixture site whose article carries every hostile
form is refused with one file:line per form; the same forms written as code build, and
in Chromium no script runs and no request leaves the local server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import POLICY, make_fixture_site, run_build
from tests.support import serve

pytestmark = [pytest.mark.build, pytest.mark.browser]

RUN = "window.__kbRan=1;alert(1)"
# One hostile form per entry: (Markdown, the rule it breaks); entries are separated by a blank line.
FORMS = [
    (f"[a](&#106;avascript:{RUN})", "unsafe-url"),
    (f"[b](java&#9;script:{RUN})", "unsafe-url"),
    (f'<a href="&#x6A;AVASCRIPT&colon;{RUN}">c</a>', "unsafe-url"),
    (f"<svg/onload={RUN}>", "unsafe-html"),
    (f'<img\nsrc=x\nonerror="{RUN}">', "unsafe-html"),
    (f'<svg><animate attributeName="href" values="javascript:{RUN}"/></svg>', "unsafe-html"),
    (f'<svg><set attributeName="href" to="javascript:{RUN}"/></svg>', "unsafe-url"),
    (f"See [help][e].\n\n[e]: javascript:{RUN}", "unsafe-url"),
    (f'Paragraph\n{{: onclick="{RUN}" }}', "unsafe-html"),
    (f"    ```\n<script>{RUN}</script>", "unsafe-html"),
    ('<img src="https://cdn.example/x.png">', "external-url"),
    ("![i](https://cdn.example/y.png)", "external-url"),
    ("<style>@import url(https://cdn.example/x.css)</style>", "unsafe-html"),
    ('<p style="background:url(//cdn.example/z.png)">z</p>', "external-url"),
    ('<img src="a.png" srcset="https://cdn.example/b.png 2x">', "external-url"),
    ('<base href="https://cdn.example/">', "unsafe-html"),
    ('<meta http-equiv="refresh" content="0;url=https://cdn.example/">', "unsafe-html"),
    ('<object data="https://cdn.example/x.swf"></object>', "unsafe-html"),
    ('<iframe src="https://cdn.example/"></iframe>', "unsafe-html"),
    (f'<math><maction actiontype="statusline" xlink:href="javascript:{RUN}">m</maction></math>', "unsafe-url"),
    ("[out](https://other.example/)", "external-url"),
    (":smile:", "external-url"),
]
HEAD = POLICY[: POLICY.index("# Return policy")] + "# Hostile forms\n\n"


def hostile() -> tuple[str, list[tuple[int, str]]]:
    """The article, and (file line, rule) of each form: the last line of the form's text."""
    text, expected = HEAD, []
    for form, rule in FORMS:
        text += form + "\n\n"
        expected.append((text.count("\n") - 1, rule))
    return text, expected


def as_code() -> str:
    """The same forms, legal: shown as code, in a fenced block and inline."""
    blocks = "\n\n".join(form for form, _ in FORMS)
    inline = "\n\n".join(f"``{form.replace(chr(10), ' ')} ``" for form, _ in FORMS)
    return f"{HEAD}```text\n{blocks}\n```\n\n{inline}\n"


def test_every_hostile_form_is_refused_at_its_line(tmp_path):
    text, expected = hostile()
    config = make_fixture_site(
        tmp_path, {"en/index.md": POLICY.replace("Return policy", "Home"), "en/returns/policy.md": text}
    )
    (tmp_path / "docs" / "en" / "hostname.txt").symlink_to("/etc/hostname")
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 1
    errors = [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR")]
    for line, rule in expected:
        assert any(error.startswith(f"docs/en/returns/policy.md:{line}: {rule}: ") for error in errors), (
            line,
            rule,
            errors,
        )
    assert "docs/en/hostname.txt:1: symlink: leads outside the repository (/etc/hostname)" in " ".join(errors)
    assert not (tmp_path / "site").exists()


def test_the_same_forms_as_code_build_and_run_nothing_in_chromium(tmp_path, page):
    config = make_fixture_site(
        tmp_path, {"en/index.md": POLICY.replace("Return policy", "Home"), "en/returns/policy.md": as_code()}
    )
    result = run_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    dialogs, outside = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None
        ),
    )
    server, base = serve(tmp_path / "site")
    try:
        page.goto(f"{base}/returns/policy/")
        assert page.locator("article pre code").first.inner_text().startswith("[a](&#106;avascript:")
        for link in page.locator("article a[href]").all():
            assert not link.get_attribute("href").lower().startswith("javascript")
        page.mouse.move(200, 300)  # returns once the page has handled the move
        # what the loaded page scheduled (timers, animations, a refresh) has had two frames to happen
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert page.evaluate("window.__kbRan") is None
    finally:
        server.shutdown()
    assert dialogs == [] and outside == []
