"""`kb serve`: MkDocs' development server, optionally for one language.

With a language, each rebuild builds only that language (as static-i18n builds it,
with every check), so an edited article is back in the browser in well under a
second; its pages are under /<lang>/ (English at /). Run as `kb serve --lang zh`
or `make serve LANG=zh`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def only(language: str) -> None:
    """Make static-i18n build `language` first and no other language."""
    import mkdocs_static_i18n.plugin as i18n_plugin

    plugin_class = i18n_plugin.I18n
    configure = plugin_class.on_config

    def on_config(self, config):
        if self.current_language is None:  # a new plugin instance for every rebuild
            self.current_language = language
        return configure(self, config)

    on_config.mkdocs_priority = configure.mkdocs_priority  # static-i18n runs its on_config last
    plugin_class.on_config = on_config
    i18n_plugin.build = lambda config, *, dirty=False: None  # static-i18n's loop over the other languages


# MkDocs' server looks for changed files every 0.5 s; every 0.1 s costs a few milliseconds
# (a few hundred files) and takes most of the wait out of each edit.
POLL_SECONDS = 0.1


def poll_often() -> None:
    from mkdocs.livereload import LiveReloadServer

    start = LiveReloadServer.__init__

    def init(self, *args, polling_interval: float = POLL_SECONDS, **kwargs):
        start(self, *args, polling_interval=polling_interval, **kwargs)

    LiveReloadServer.__init__ = init


def serve(config_file: Path, dev_addr: str, language: str | None, languages: list[str]) -> int:
    from mkdocs.commands import serve as serve_command

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    poll_often()
    path = "/"
    if language:
        only(language)
        path = "/" if language == languages[0] else f"/{language}/"
    logging.getLogger("mkdocs").info("Kestrel help center%s: http://%s%s",
                                     f" ({language} only)" if language else "", dev_addr, path)
    from mkdocs.exceptions import Abort

    try:
        serve_command.serve(config_file=str(config_file), dev_addr=dev_addr)
    except Abort as error:  # the first build failed: the problems are logged above
        print(error.format_message(), file=sys.stderr)
        return 1
    return 0
