"""Security of what readers' browsers run: every page carries a Content-Security-Policy
(kb/csp.py) computed from its final HTML, so only the site's own scripts and the inline
scripts it was built with run.

- on_startup: whether this is the development server, whose live-reload script is inline
  and changes with every response (there, inline scripts may run; never in a build).
- on_post_page (every page of every language), on_post_template (the 404 page): last of
  all, once nothing else changes the HTML, add the policy."""

from __future__ import annotations

from mkdocs.plugins import event_priority

from kb import csp


_SERVING = {"on": False}


def on_startup(*, command, dirty) -> None:
    _SERVING["on"] = command == "serve"


def _endpoint(config) -> str | None:
    return (config["extra"].get("kb") or {}).get("feedback_endpoint")


@event_priority(-1000)  # after every other hook and plugin has written the page
def on_post_page(output: str, *, page, config) -> str:
    return csp.with_policy(output, _endpoint(config), _SERVING["on"])


@event_priority(-1000)
def on_post_template(output_content: str, *, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return csp.with_policy(output_content, _endpoint(config), _SERVING["on"])
