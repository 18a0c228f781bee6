"""kb serve's failed-build banner (kb/build/serve.py): the problems as text right after <body>, nothing
after a good build; and the two site folders, of which the link serves the last good one."""

from __future__ import annotations

import pytest

from kb.build import serve

PROBLEMS = ["docs/en/a.md:3: unsafe-html: tag <script> can load or run code", "1 problem in 1 file"]


@pytest.mark.parametrize(
    "page, expected",
    [
        (
            b'<html><body dir="rtl" class="x"><p>Hi</p></body></html>',
            b'<html><body dir="rtl" class="x">{banner}<p>Hi</p>',
        ),
        (b"<HTML><BODY><p>Hi</p>", b"<HTML><BODY>{banner}<p>Hi</p>"),
        (b"<p>no body</p>", b"{banner}<p>no body</p>"),  # a fragment: the banner first
    ],
)
def test_the_banner_goes_right_after_the_opening_body_tag(page, expected):
    marked = serve.banner(PROBLEMS)
    assert serve.with_banner(page, marked).startswith(expected.replace(b"{banner}", marked))


def test_the_banners_lines_are_text():
    marked = serve.banner(['<img src=x onerror="alert(1)">', "a & b"]).decode("utf-8")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;\na &amp; b</pre>" in marked
    assert "<img" not in marked and "<script" not in marked


def test_after_a_good_build_pages_are_sent_as_they_are():
    failure = serve.Failure()
    page = b"<html><body><p>Hi</p></body></html>"
    assert failure.mark(page) == page
    failure.marked = serve.banner(PROBLEMS)
    assert failure.mark(page) != page and b"kb-build-failed" in failure.mark(page)


def test_each_build_goes_into_the_folder_not_served_and_is_served_once_published(tmp_path):
    sites = serve.Sites(tmp_path)
    first = sites.next()
    assert not sites.current.exists() and sites.next() == first  # nothing served: every build tries the first
    first.mkdir()
    sites.publish(first)
    assert sites.current.resolve() == first.resolve()
    second = sites.next()
    assert second != first  # a failed build there leaves the first served
    assert sites.next() == second
    second.mkdir()
    sites.publish(second)
    assert sites.current.resolve() == second.resolve() and sites.next() == first


def logs_then(*steps):
    """A build that logs (level, message) steps and then raises the exception among them, if any."""

    def build():
        import logging

        for step in steps:
            if isinstance(step, BaseException):
                raise step
            logging.getLogger("mkdocs.hooks.build").log(*step)

    return build


def strict(message):
    from mkdocs.exceptions import Abort

    return Abort(message)


@pytest.mark.parametrize(
    "build, expected",
    [
        # a good build, warnings and all: no banner
        (logs_then((30, "a warning"), (20, "done")), None),
        # findings, then MkDocs' own words for a stopped build, which add nothing
        (
            logs_then(
                (40, "docs/en/a.md:3: link-anchor: ..."),
                (40, "1 problem in 1 file"),
                strict("Aborted with a BuildError!"),
            ),
            ["docs/en/a.md:3: link-anchor: ...", "1 problem in 1 file"],
        ),
        # strict mode's warnings, then how many
        (
            logs_then(
                (20, "not a problem"),
                (30, "Doc file 'a.md' contains a link"),
                strict("Aborted with 1 warnings in strict mode!"),
            ),
            ["Doc file 'a.md' contains a link", "Aborted with 1 warnings in strict mode!"],
        ),
        # a bug in a hook: its type and message (the traceback goes to the terminal)
        (logs_then(KeyError("title")), ["KeyError: 'title'"]),
    ],
)
def test_a_failed_build_is_the_lines_it_logged_and_why_it_stopped(build, expected):
    assert serve.build_problems(build) == expected


def test_what_other_threads_log_during_a_build_is_not_the_builds():
    import logging
    import threading

    def build():
        request = threading.Thread(
            target=lambda: logging.getLogger("mkdocs.livereload").warning('"GET / HTTP/1.1" 302')
        )
        request.start()
        request.join()
        logging.getLogger("mkdocs.hooks.build").error("docs/en/a.md:3: unsafe-html: ...")
        raise strict("Aborted with a BuildError!")

    assert serve.build_problems(build) == ["docs/en/a.md:3: unsafe-html: ..."]
