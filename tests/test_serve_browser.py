"""kb serve in Chromium while a writer saves: a save that breaks the build reloads the open page
with the build's problems at its top, over the last good page, under the page's own
Content-Security-Policy; the next good save takes them away."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import kb_serve, make_fixture_site
from tests.support import wait_for
from tests.test_kb_command import SOURCE, TRANSLATION, add_home_pages, edit

pytestmark = [pytest.mark.browser, pytest.mark.build]


@pytest.fixture
def served(tmp_path):
    """A fixture site served by `kb serve --lang es` on a free port: (its folder, base URL)."""
    make_fixture_site(tmp_path, {"en/returns/policy.md": SOURCE, "es/returns/policy.md": TRANSLATION})
    add_home_pages(tmp_path)
    with kb_serve(tmp_path, "es") as base:
        wait_for(f"{base}/es/returns/policy/", "Busca tu comprobante de compra.", 90)
        yield tmp_path, base


# (what the save breaks, the text it saves, a line the banner shows as text)
BREAKS = [
    (
        "an article's HTML",
        "Busca <script>alert(1)</script> tu recibo.",
        "docs/es/returns/policy.md:14: unsafe-html: tag <script> can load or run code",
    ),
    (
        "a link's anchor",
        "Busca tu recibo ([antes](#before-you-starts)).",
        "docs/es/returns/policy.md:14: link-anchor: link '#before-you-starts': returns/policy.md has no anchor "
        "'#before-you-starts'; did you mean '#before-you-start'?",
    ),
]


@pytest.mark.parametrize("text, shown", [case[1:] for case in BREAKS], ids=[case[0] for case in BREAKS])
def test_the_open_page_shows_a_failed_builds_problems_until_the_next_good_build(served, page, text, shown):
    folder, base = served
    spanish: Path = folder / "docs/es/returns/policy.md"
    refused, dialogs = [], []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else 0)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/es/returns/policy/")
    assert page.locator("#kb-build-failed").count() == 0

    edit(spanish, "Busca tu comprobante de compra.", text)
    banner = page.locator("#kb-build-failed")
    banner.wait_for(state="visible", timeout=60000)  # the page reloaded itself
    assert shown in banner.inner_text()
    assert page.get_by_text("Busca tu comprobante de compra.").is_visible()  # the last good page, under it
    assert banner.bounding_box()["y"] == 0

    edit(spanish, text, "Busca tu recibo.")
    banner.wait_for(state="detached", timeout=60000)
    page.get_by_text("Busca tu recibo.").wait_for()
    assert (refused, dialogs) == ([], [])
