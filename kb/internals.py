"""Every place the build reaches into MkDocs, Material, static-i18n, Jinja or the development
server instead of a public interface, in one module.

Each patch names the code it replaces and is guarded: before patching, the guard compares the
SHA-256 of that code's source with the one it was written for, and stops with the versions
installed and the versions it expects when they differ, instead of patching code it does not
know. `kb internals` (tests/unit/test_internals.py) runs every guard against the pinned
versions. When a pin moves: read the new code, adapt the patch, then record the new digest
(`python -m kb.internals` prints them)."""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast


class InternalsChanged(RuntimeError):
    """Code a patch reaches into is not the code it was written for."""


@dataclass(frozen=True)
class Guard:
    module: str
    name: str  # attribute path in the module, e.g. "Theme.get_env"
    package: str  # the distribution that ships it
    written_for: str  # the version the patch was written for
    digest: str  # first 16 hex digits of the SHA-256 of inspect.getsource(target)

    def target(self):
        obj: Any = importlib.import_module(self.module)
        for part in self.name.split("."):
            obj = getattr(obj, part)
        return inspect.unwrap(obj)

    def source(self) -> str:
        return inspect.getsource(self.target())

    def actual(self, source: str | None = None) -> str:
        text = self.source() if source is None else source
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def check(self, source: str | None = None) -> None:
        if self.actual(source) != self.digest:
            installed = importlib.metadata.version(self.package)
            raise InternalsChanged(
                f"{self.module}.{self.name} ({self.package} {installed}) is not the code kb/internals.py "
                f"patches (written for {self.package} {self.written_for}); review the patch for this version, "
                f"then record its digest (python -m kb.internals)"
            )


@dataclass(frozen=True)
class TemplateGuard(Guard):
    """A theme template, or one block of it: `name` is 'templates/<file>' or 'templates/<file>#<block>'."""

    def source(self) -> str:
        file, _, block = self.name.partition("#")
        package = cast(str, importlib.import_module(self.module).__file__)  # a package on disk has a __file__
        text = (Path(package).parent / file).read_text(encoding="utf-8")
        if not block:
            return text
        opening = r"\{%-? *block " + re.escape(block) + r" *-?%\}"
        match = re.search(opening + r".*?\{%-? *endblock *-?%\}", text, re.S)
        return match.group(0) if match else ""


GUARDS = {
    "populate_page": Guard("mkdocs.commands.build", "_populate_page", "mkdocs", "1.6.1", "31a70ea4caef1e12"),
    "build_page": Guard("mkdocs.commands.build", "_build_page", "mkdocs", "1.6.1", "adcdbd14b2361126"),
    "anchor_links": Guard(
        "mkdocs.structure.pages", "Page.validate_anchor_links", "mkdocs", "1.6.1", "874bc52fc630d5e8"
    ),
    "theme_env": Guard("mkdocs.theme", "Theme.get_env", "mkdocs", "1.6.1", "9c26120fb96f9204"),
    "livereload": Guard("mkdocs.livereload", "LiveReloadServer.__init__", "mkdocs", "1.6.1", "e79efeb939bfe4b4"),
    "livereload_watch": Guard("mkdocs.livereload", "LiveReloadServer.watch", "mkdocs", "1.6.1", "5db077e3a3e7f8e3"),
    # every HTML page it sends goes through _inject_js_into_html; the root address leads to the mount path
    "livereload_request": Guard(
        "mkdocs.livereload", "LiveReloadServer._serve_request", "mkdocs", "1.6.1", "3b1515c96f563d17"
    ),
    # 'Serving on {self.url}'
    "livereload_serve": Guard("mkdocs.livereload", "LiveReloadServer.serve", "mkdocs", "1.6.1", "e1d492bd6096889e"),
    "i18n_languages": Guard(
        "mkdocs_static_i18n.plugin", "I18n.on_post_build", "mkdocs-static-i18n", "1.3.1", "e70db1f72973bb70"
    ),
    "i18n_file": Guard(
        "mkdocs_static_i18n.folder", "create_i18n_file", "mkdocs-static-i18n", "1.3.1", "852c8266e379b14f"
    ),
    "i18n_config": Guard(
        "mkdocs_static_i18n.plugin", "I18n.on_config", "mkdocs-static-i18n", "1.3.1", "62242a25c3aa688f"
    ),
    "i18n_search": Guard(
        "mkdocs_static_i18n.plugin", "I18n.reconfigure_search_index", "mkdocs-static-i18n", "1.3.1", "099e6f4a0ff3367b"
    ),
    "list_templates": Guard("jinja2", "FileSystemLoader.list_templates", "jinja2", "3.1.6", "320387ffb0e553d2"),
    "search_config": Guard(
        "material.plugins.search.plugin", "SearchPlugin.on_config", "mkdocs-material", "9.8.2", "ca198aee63840c7b"
    ),
    # overrides/main.html writes Material's configuration block with our search worker and base
    "config_block": TemplateGuard(
        "material", "templates/base.html#config", "mkdocs-material", "9.8.2", "b84001acaa9dc379"
    ),
    # the page markup that material_page_markup() finds in built pages: root, sidebars and article,
    # header, footer
    "markup_page": TemplateGuard("material", "templates/base.html", "mkdocs-material", "9.8.2", "a919e32d2225e09e"),
    "markup_header": TemplateGuard(
        "material", "templates/partials/header.html", "mkdocs-material", "9.8.2", "8cf3fb15bcf969ff"
    ),
    "markup_footer": TemplateGuard(
        "material", "templates/partials/footer.html", "mkdocs-material", "9.8.2", "50c2a75f013b7b03"
    ),
}


@dataclass(frozen=True)
class PageMarkup:
    """Opening tags that Material's templates write into every page, for kb.features.ui to mark
    with a language: no public option sets `lang` on them."""

    root: re.Pattern  # the root element's language: <html lang="...">
    chrome: re.Pattern  # the header, the footer and both sidebars
    article: re.Pattern  # the article


MATERIAL_MARKUP = PageMarkup(
    root=re.compile(r'<html lang="[^"]*"'),
    chrome=re.compile(
        r'<(header|footer) class="md-(header|footer)|<div class="md-sidebar md-sidebar--(primary|secondary)"'
    ),
    article=re.compile(r'<article class="md-content__inner'),
)


@functools.cache
def material_page_markup() -> PageMarkup:
    """Material's page markup, once the templates that write it are the ones it was taken from."""
    for name in ("markup_page", "markup_header", "markup_footer"):
        GUARDS[name].check()
    return MATERIAL_MARKUP


def check_all() -> list[str]:
    """One line per guard that fails; empty when every patched piece of code is the expected one."""
    problems = []
    for guard in GUARDS.values():
        try:
            guard.check()
        except (InternalsChanged, ImportError, AttributeError, OSError, TypeError) as error:
            problems.append(f"{guard.module}.{guard.name}: {error}")
    return problems


def _patched(guard: str, owner, name: str, replacement: Callable) -> None:
    """Set owner.name = replacement once, after the guard passed; marked, so patching twice is a no-op."""
    if getattr(getattr(owner, name), "kb_patched", False):
        return
    GUARDS[guard].check()
    replacement.kb_patched = True  # type: ignore[attr-defined]
    setattr(owner, name, replacement)


# --- static-i18n ------------------------------------------------------------------------------


def i18n_build_only(wanted: Callable[[str], bool]) -> None:
    """static-i18n builds the other languages from its on_post_build, calling the `build` it imported
    from MkDocs once per language: build only the languages for which `wanted(language)` is true
    (kb.build.parallel's claims, kb serve --lang, kb build --lang)."""
    import mkdocs_static_i18n.plugin as i18n_plugin

    GUARDS["i18n_languages"].check()
    original = getattr(i18n_plugin.build, "kb_original", i18n_plugin.build)

    def build(config, *, dirty=False):
        if wanted(config.plugins["i18n"].current_language):
            original(config, dirty=dirty)

    build.kb_original = original  # type: ignore[attr-defined]
    i18n_plugin.build = build


def i18n_first_language(language: str) -> None:
    """Make static-i18n build `language` first (it builds the default language first otherwise):
    its on_config keeps a language set before its first build."""
    import mkdocs_static_i18n.plugin as i18n_plugin

    plugin_class = i18n_plugin.I18n
    configure = getattr(plugin_class.on_config, "kb_original", plugin_class.on_config)
    GUARDS["i18n_config"].check()

    def on_config(self, config):
        if self.current_language is None:  # a new plugin instance for every rebuild
            self.current_language = language
        return configure(self, config)

    # static-i18n runs its on_config last
    on_config.mkdocs_priority = configure.mkdocs_priority  # type: ignore[attr-defined]
    on_config.kb_original = configure  # type: ignore[attr-defined]
    plugin_class.on_config = on_config


def i18n_no_merged_search_index(i18n) -> None:
    """static-i18n merges every language's search entries into one index; each language has its own."""
    GUARDS["i18n_search"].check()
    i18n.reconfigure_search_index = lambda config: None


# A relative POSIX path with no empty, "." or ".." part: the paths the fast path below handles.
_SIMPLE = re.compile(r"(?!\.\.?(?:/|$))[^/\\]+(?:/(?!\.\.?(?:/|$))[^/\\]+)*")


def i18n_untranslated_file(file, source_lang: str) -> None:
    """Mark a file made in memory as static-i18n marks the files it maps (create_i18n_file): a page of
    the source language with no translations, so its language switcher and alternates work."""
    from mkdocs_static_i18n import folder

    original = getattr(folder.create_i18n_file, "kb_original", folder.create_i18n_file)  # i18n_fast_files keeps it
    GUARDS["i18n_file"].check(inspect.getsource(original))
    file.locale = file.locale_alternate_of = source_lang
    file.localization, file.norm_src_uri, file.alternates = None, file.src_uri, {source_lang: file}


def _under(path: str, folder: str) -> bool:
    """PurePath(path).is_relative_to(folder), for a simple path and a one-part folder."""
    return path == folder or path.startswith(folder + "/")


def i18n_fast_files() -> None:
    """static-i18n maps every file of every language for each language it builds (`create_i18n_file`,
    three times per file): with pathlib, that is most of a build whose pages come from the cache.
    The same mapping with string operations, for simple relative paths; any other path goes to
    static-i18n's own function. tests/unit/test_internals.py compares both on every kind of path."""
    import os

    import mkdocs_static_i18n.folder as folder
    from mkdocs.structure.files import File
    from mkdocs_static_i18n.config import RE_LOCALE

    original = getattr(folder.create_i18n_file, "kb_original", folder.create_i18n_file)
    GUARDS["i18n_file"].check(inspect.getsource(original))

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        src, dest = file.src_uri, file.dest_uri
        if (
            not (_SIMPLE.fullmatch(src) and _SIMPLE.fullmatch(dest))
            or "/" in current_language
            or any("/" in language or not language for language in all_languages)
        ):
            return original(file, current_language, default_language, all_languages, config)
        new = File(
            file.src_path,
            config.docs_dir,
            file.dest_path,
            config.use_directory_urls,
            dest_uri=file.dest_uri,
            inclusion=file.inclusion,
        )
        file_dest, locale, localization = new.dest_uri, default_language, None
        for language in all_languages:  # as static-i18n's loop: the first part is a locale, or the default
            if _under(src, language):
                locale = localization = language
                break
            first = src.split("/", 1)[0]
            if RE_LOCALE.match(first):
                locale = localization = first
                break
        head, _, name = file_dest.rpartition("/")
        if name.endswith("README.html"):
            file_dest = f"{head}/index.html" if head else "index.html"
        if file_dest == locale:  # a file named like its folder: static-i18n's own path arithmetic
            return original(file, current_language, default_language, all_languages, config)
        if locale != current_language:
            if _under(file_dest, locale):
                new.dest_path = f"{current_language}/{file_dest[len(locale) + 1 :]}"
            elif current_language != default_language:
                new.dest_path = f"{current_language}/{file_dest}"
        elif locale == default_language:
            if _under(file_dest, locale):
                new.dest_path = file_dest[len(locale) + 1 :]
            elif current_language != default_language:
                new.dest_path = f"{current_language}/{file_dest}"
        new.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, new.dest_path))
        if new.name == "README":
            new.name = "index"
        new.url = new._get_url(config.use_directory_urls)
        new.alternates = {current_language: new}  # type: ignore[attr-defined]  # static-i18n's attribute
        new.locale = locale  # type: ignore[attr-defined]  # static-i18n's attribute
        new.locale_alternate_of = current_language  # type: ignore[attr-defined]  # static-i18n's attribute
        new.localization = localization  # type: ignore[attr-defined]  # static-i18n's attribute
        new.norm_src_uri = new.src_uri  # type: ignore[attr-defined]  # static-i18n's attribute
        if localization:
            if new.src_uri == localization:
                return original(file, current_language, default_language, all_languages, config)
            new.norm_src_uri = new.src_uri[len(localization) + 1 :]  # type: ignore[attr-defined]  # as above
        return new

    create_i18n_file.kb_original = original  # type: ignore[attr-defined]
    folder.create_i18n_file = create_i18n_file


# --- Material ---------------------------------------------------------------------------------


def material_search_for_language(search_plugin, config, separator: str | None) -> None:
    """Material's search settings (language, pipeline, separator: what highlights the words found on
    a page) for the language static-i18n builds now, as Material derives them from the theme's."""
    GUARDS["search_config"].check()
    search_plugin.config.lang = None
    search_plugin.config.pipeline = None
    search_plugin.config.separator = separator
    search_plugin.on_config(config)


# --- Material ---------------------------------------------------------------------------------

# Material's language switcher fetches sitemap.xml next to every <link rel=alternate>;
# with per-page alternates that is one 404 per language per page view. The switcher in
# the header already links each page to its translation, so that fetch is turned off.
BUNDLE_SELECTOR = 'M("link[rel=alternate]")'
BUNDLE_REPLACEMENT = 'M("link[rel=alternate][data-md-sitemap]")'


def material_bundle_no_sitemap_fetch(source: str) -> str:
    """Turn off the per-alternate sitemap fetch; fail loudly if Material's code changed."""
    count = source.count(BUNDLE_SELECTOR)
    if count != 1 and BUNDLE_REPLACEMENT not in source:
        installed = importlib.metadata.version("mkdocs-material")
        raise InternalsChanged(
            f"Material's bundle (mkdocs-material {installed}) has {count} '{BUNDLE_SELECTOR}' selectors, "
            f"expected 1 (written for mkdocs-material 9.8.2): review kb/internals.py for this version"
        )
    return source.replace(BUNDLE_SELECTOR, BUNDLE_REPLACEMENT)


# --- MkDocs -----------------------------------------------------------------------------------


def theme_env_shares(bytecode_cache) -> None:
    """Every Jinja environment of the theme (the pages', and the ones Material makes for its
    translations) uses `bytecode_cache`."""
    from mkdocs.theme import Theme

    get_env = Theme.get_env

    def get_env_sharing(theme):
        env = get_env(theme)
        env.bytecode_cache = bytecode_cache
        return env

    _patched("theme_env", Theme, "get_env", get_env_sharing)


def livereload_watches(seconds: float) -> None:
    """MkDocs' development server polls the folders it watches every 0.5 s, walking every file
    each time, in a thread that takes the interpreter from the build it waits for. Where the
    kernel tells of changes (inotify, on Linux) it is told instead (kb.build.watch); elsewhere,
    or when the kernel refuses another watcher, it polls every `seconds`."""
    from mkdocs.livereload import LiveReloadServer

    from kb.build import watch

    GUARDS["livereload_watch"].check()  # watch(): observer.schedule(handler, path, recursive=...)
    start = LiveReloadServer.__init__

    def init(self, *args, polling_interval: float = seconds, **kwargs):
        start(self, *args, polling_interval=polling_interval, **kwargs)  # type: ignore[misc]  # MkDocs passes keywords
        told = watch.told()
        if told is not None:
            self.observer = told

    _patched("livereload", LiveReloadServer, "__init__", init)


def livereload_pages(server, banner: Callable[[bytes], bytes], home: str) -> None:
    """What one development server (kb serve) sends: each HTML page passes through `banner` after
    MkDocs has added its live-reload script (kb.build.serve puts a failed rebuild's problems at the
    top of the page); when `home` is not the server's root (kb serve --lang), the root address
    leads to it and the server's 'Serving on' line names it."""
    GUARDS["livereload_request"].check()
    GUARDS["livereload_serve"].check()
    inject = server._inject_js_into_html

    def inject_and_mark(content: bytes, epoch: int) -> bytes:
        return banner(inject(content, epoch))

    server._inject_js_into_html = inject_and_mark
    if home == server.mount_path:
        return
    application = server.serve_request

    def home_first(environ, start_response):
        if environ.get("PATH_INFO", "/") in ("", "/"):
            start_response("302 Found", [("Location", home)])
            return []
        return application(environ, start_response)

    server.set_app(home_first)
    server.url = server.url[: -len(server.mount_path)] + home


def page_steps(populate: Callable, build: Callable) -> None:
    """MkDocs renders each page in two steps, `_populate_page` (read, Markdown to HTML) and
    `_build_page` (template, write); both are replaced by wrappers that receive the original
    function first (kb.build.incremental: pages whose inputs did not change come from the cache)."""
    import mkdocs.commands.build as build_command

    GUARDS["anchor_links"].check()  # cached pages restore what validate_anchor_links reads
    populate_original = getattr(build_command._populate_page, "kb_original", build_command._populate_page)
    build_original = getattr(build_command._build_page, "kb_original", build_command._build_page)
    GUARDS["populate_page"].check(inspect.getsource(populate_original))
    GUARDS["build_page"].check(inspect.getsource(build_original))

    def populate_page(page, config, files, dirty=False):
        return populate(populate_original, page, config, files, dirty)

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        return build(build_original, page, config, doc_files, nav, env, dirty, excluded)

    populate_page.kb_original, build_page.kb_original = populate_original, build_original  # type: ignore[attr-defined]
    build_command._populate_page, build_command._build_page = populate_page, build_page


# --- Jinja ------------------------------------------------------------------------------------


def _hidden(name: str) -> bool:
    return name.startswith(".") or "/." in name


def list_templates_once(installed: tuple[str, ...]) -> None:
    """Every language's build lists the theme's files, thousands of icons among them: folders of
    installed packages (under `installed`) are listed once per process, the project's every time.
    Hidden files and folders of installed packages (Material's .icons/, some 14,000 files) are left
    out of the listing: MkDocs copies no hidden file of a theme (`Files.add_files_from_theme`
    filters them out, one by one, in every language's build), and icons are read by their path."""
    from pathlib import Path

    import jinja2

    list_templates = jinja2.FileSystemLoader.list_templates
    listed: dict[str, list[str]] = {}

    def listing(loader):
        found: set[str] = set()
        for folder in loader.searchpath:
            if folder not in listed:
                names = list_templates(jinja2.FileSystemLoader(folder))
                if not str(Path(folder).resolve()).startswith(installed):
                    found.update(names)
                    continue
                listed[folder] = [name for name in names if not _hidden(name)]
            found.update(listed[folder])
        return sorted(found)

    _patched("list_templates", jinja2.FileSystemLoader, "list_templates", listing)


if __name__ == "__main__":
    for key, guard in GUARDS.items():
        print(f"{key}: {guard.module}.{guard.name} {guard.actual()} (recorded {guard.digest})")
