"""Every built page speaks its reader's language: outside the article, no text or
user-visible attribute is another language's interface string, and `<html>` carries
the page's language and direction.

The interface strings are derived, never listed: our strings tables (data/strings/),
Material's translation tables for the site's languages, and the interface strings
mkdocs.yml itself holds (site names, copyright, palette toggles, the heading links'
title). A string of another language is forbidden on a page unless the page's own
language uses the same words."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from html import unescape
from pathlib import Path

import lxml.html
import material
import pytest
import yaml
from babel import Locale
from markdown.extensions.toc import TocExtension
from mkdocs.utils.yaml import get_yaml_loader

from kb.data import strings as kb_strings
from tests.conftest import LANGUAGES, ROOT, SOURCE

MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
# One entry of Material's generated translation tables: "key": "value".
MATERIAL_ENTRY = re.compile(r'^\s*"(?P<key>[\w.]+)": (?P<value>".*?")(?:,)?$', re.M)
# Material's entries that are codes and settings, not words a reader sees.
MATERIAL_SETTING = re.compile(r"^(language|direction|search\.config\..*)$")
# A {placeholder} in one of our strings.
FIELD = re.compile(r"\\\{\w+\\\}")
# A word long enough to tell a sentence with {placeholders} from any text ("{start} a {end}" is not).
WORD = re.compile(r"\w{3,}")
# Attributes a reader sees or hears.
VISIBLE_ATTRIBUTES = ("title", "aria-label", "aria-description", "placeholder", "alt", "label")
# Elements whose value attribute is the label a reader sees.
BUTTON_TYPES = {"button", "submit", "reset"}


def _flat(table: dict) -> dict[str, str]:
    """A strings table with plural forms as key.form entries."""
    flat = {}
    for key, value in table.items():
        for form, text in value.items() if isinstance(value, dict) else [("", value)]:
            flat[f"{key}.{form}" if form else key] = str(text)
    return flat


def _material(lang: str) -> dict[str, str]:
    """Material's words for a language, English where its table has no entry (as Material does)."""

    def read(code: str) -> dict[str, str]:
        path = MATERIAL_LANGUAGES / f"{code}.html"
        if not path.is_file():  # a language Material does not translate: it shows English
            return {}
        return {
            m["key"]: json.loads(m["value"])
            for m in MATERIAL_ENTRY.finditer(path.read_text(encoding="utf-8"))
            if not MATERIAL_SETTING.match(m["key"])
        }

    return {f"Material {key}": value for key, value in {**read("en"), **read(lang)}.items()}


def _mkdocs_yml() -> dict[str, dict[str, str]]:
    """mkdocs.yml's own interface strings, per language: site names, and the English-only
    copyright, palette toggle names and heading-link title when they are set there."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    english = {"mkdocs.yml site_name": config["site_name"]}
    if config.get("copyright"):
        english["mkdocs.yml copyright"] = unescape(config["copyright"])
    for number, option in enumerate(config["theme"].get("palette") or []):
        if (option.get("toggle") or {}).get("name"):
            english[f"mkdocs.yml theme.palette[{number}].toggle.name"] = option["toggle"]["name"]
    toc = next((ext["toc"] for ext in config["markdown_extensions"] if isinstance(ext, dict) and "toc" in ext), {})
    english["toc permalink_title"] = toc.get("permalink_title") or TocExtension().getConfig("permalink_title")
    found = {"en": english}
    for block in next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]:
        if block.get("site_name"):
            found.setdefault(block["locale"], {})["mkdocs.yml site_name"] = block["site_name"]
    return found


@cache
def interface_words() -> dict[str, dict[str, str]]:
    """Per language: where-it-comes-from -> the words shown."""
    tables = kb_strings.load_all(ROOT / "data" / "strings", LANGUAGES)
    from_config = _mkdocs_yml()
    return {
        lang: {
            **{f"data/strings/{lang}.yml {key}": text for key, text in _flat(tables[lang]).items()},
            **_material(lang),
            **from_config.get(lang, {}),
        }
        for lang in LANGUAGES
    }


def _key(origin: str) -> str:
    return origin.split(" ", 1)[1] if origin.startswith("data/strings/") else origin


@cache
def forbidden(lang: str) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    """Other languages' words for `lang`'s pages: exact texts, and patterns for strings with {placeholders}."""
    words = interface_words()
    own = {_key(origin): " ".join(text.split()) for origin, text in words[lang].items()}
    own_texts = set(own.values())
    exact, patterns = {}, []
    for other in LANGUAGES:
        if other == lang:
            continue
        for origin, text in words[other].items():
            text = " ".join(text.split())
            if not text or text == own.get(_key(origin)) or text in own_texts:
                continue
            pattern = FIELD.sub(".+?", re.escape(text))
            if pattern == re.escape(text):
                exact.setdefault(text, origin)
            elif WORD.search(FIELD.sub(" ", re.escape(text)).replace("\\", "")):
                patterns.append((re.compile(pattern), origin))
    return exact, patterns


def _is_interface_part(element) -> bool:
    """Interface inside the article: our widgets and notices, and the heading links."""
    return (
        any(name == "data-kb" or name == "data-kb-notice" for name in element.attrib)
        or "headerlink" in (element.get("class") or "").split()
    )


def _json_texts(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_texts(item)


def _attribute_texts(element):
    for name in VISIBLE_ATTRIBUTES:
        if element.get(name):
            yield f"@{name}", element.get(name)
    if element.get("value") and (element.tag == "button" or element.get("type") in BUTTON_TYPES):
        yield "@value", element.get("value")
    for name, value in element.attrib.items():
        if name.startswith("data-kb-"):
            try:
                texts = list(_json_texts(json.loads(value)))
            except ValueError:
                texts = [value]
            for text in texts:
                yield f"@{name}", text


def interface_texts(document, lang: str):
    """(where, text) for every text node and visible attribute a reader of `lang` meets, except
    the article's own text: its interface parts count, and so does all of it outside the article."""

    def walk(element, in_article: bool, in_interface: bool, foreign: bool):
        if not isinstance(element.tag, str):  # comments, processing instructions
            return
        in_interface = in_interface or _is_interface_part(element)
        in_article = in_article or "md-content__inner" in (element.get("class") or "").split()
        if in_article and element.get("lang"):  # a fallback page's English article is content; its notice is not
            foreign = element.get("lang") != lang
        if element.tag == "script":
            if element.get("id") == "__config":
                for key, text in json.loads(element.text)["translations"].items():
                    yield f"__config translations.{key}", text
            return
        if element.tag != "style" and not foreign and (in_interface or not in_article):
            yield from _attribute_texts(element)
            for text in [element.text] + [child.tail for child in element]:
                if text and text.strip():
                    yield f"<{element.tag}>", text
        for child in element:
            yield from walk(child, in_article, in_interface, foreign)

    yield from walk(document, False, False, False)


def leaks(html: str, lang: str) -> list[str]:
    """One line per other-language interface text found on a page of `lang`, with its count."""
    exact, patterns = forbidden(lang)
    found = Counter()
    for where, text in interface_texts(lxml.html.document_fromstring(html), lang):
        text = " ".join(text.split())
        origin = exact.get(text) or next((origin for pattern, origin in patterns if pattern.fullmatch(text)), None)
        if origin:
            found[f"{where} {text!r} ({origin})"] += 1
    return [f"{line} x{count}" if count > 1 else line for line, count in sorted(found.items())]


def page_language(site: Path, page: Path) -> str:
    first = page.relative_to(site).parts[0]
    return first if first in LANGUAGES else SOURCE


# A page of each kind, as the build writes them, and what the check must say about it.
PAGE = """<!doctype html><html lang="{lang}"><head><title>t</title></head><body>
<header><label title="{header}">x</label></header>
<article class="md-content__inner md-typeset"{article_lang}>{notice}<h1>{heading}<a class="headerlink" href="#a" title="{permalink}">¶</a></h1>
<p>{text}</p><img src="a.png" alt="{alt}">
<form data-kb="return-checker" data-kb-messages='{{"missing": "{message}"}}'><button type="submit">{button}</button></form></article>
<footer><div class="md-copyright__highlight">{copyright}</div></footer>
<script id="__config" type="application/json">{{"translations": {{"search.result.none": "{none}"}}}}</script></body></html>"""
GOOD_ZH = dict(
    lang="zh",
    article_lang="",
    header="切换到深色模式",
    notice="",
    heading="退货政策",
    permalink="永久链接",
    text="退货政策",
    alt="收据",
    message="请先输入日期。",
    button="检查",
    copyright="版权所有 © Kestrel Electronics",
    none="没有找到符合条件的结果",
)


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, []),
        # English article text and image text are content, not interface
        ({"heading": "Return policy", "text": "Return policy", "alt": "Receipt"}, []),
        # a fallback page's article is English, widgets included; its notice is in the reader's language
        (
            {
                "article_lang": ' lang="en"',
                "heading": "Return policy",
                "message": "Enter the date first.",
                "button": "Check",
                "notice": '<aside lang="zh" data-kb-notice="fallback"><p>此页面尚未翻译成中文，因此以英文显示。</p></aside>',
            },
            [],
        ),
        (
            {
                "article_lang": ' lang="en"',
                "notice": '<aside lang="zh" data-kb-notice="fallback"><p>Not translated yet</p></aside>',
            },
            ["<p> 'Not translated yet'"],
        ),
        ({"header": "Switch to dark mode"}, ["@title 'Switch to dark mode'"]),
        ({"permalink": "Permanent link"}, ["@title 'Permanent link'"]),
        ({"copyright": "Copyright © Kestrel Electronics"}, ["<div> 'Copyright © Kestrel Electronics'"]),
        ({"button": "Check"}, ["<button> 'Check' (data/strings/en.yml widget.check)"]),
        (
            {"message": "Enter the date first."},
            ["@data-kb-messages 'Enter the date first.' (data/strings/en.yml return_checker.missing)"],
        ),
        (
            {"none": "No matching documents"},
            ["__config translations.search.result.none 'No matching documents' (Material search.result.none)"],
        ),
        (
            {
                "notice": '<aside data-kb-notice="fallback"><p>This page has not been translated into your language yet, '
                "so it is shown in English.</p></aside>"
            },
            ["<p> 'This page has not been translated"],
        ),
    ],
)
def test_leak_check_finds_interface_text_and_spares_article_text(change, expected):
    found = leaks(PAGE.format(**{**GOOD_ZH, **change}), "zh")
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), found


@pytest.mark.build
def test_no_page_shows_interface_text_of_another_language(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 24 * len(LANGUAGES)
    report = [
        f"{page.relative_to(built_site)}: {line}"
        for page in pages
        for line in leaks(page.read_text(encoding="utf-8"), page_language(built_site, page))
    ]
    assert report == [], f"{len(report)} leaks:\n" + "\n".join(report)


# The root element's opening tag, and the <body>'s.
HTML_TAG = re.compile(r"<html\b[^>]*>")
BODY_TAG = re.compile(r"<body\b[^>]*>")


@pytest.mark.build
def test_every_page_declares_its_language_and_direction_on_html(built_site):
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        lang = page_language(built_site, page)
        document = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
        article = document.find(".//article")
        # a page not translated yet is in English: the text's language is the document's, the chrome keeps the reader's
        fallback = document.find(".//*[@data-kb-notice='fallback']") is not None
        expected = {"lang": article.get("lang") if fallback else lang, "dir": Locale.parse(lang).text_direction}
        found = {"lang": document.get("lang"), "dir": document.get("dir")}
        body = document.find("body").get("dir")
        if found != expected or body != expected["dir"]:
            wrong.append(f"{page.relative_to(built_site)}: <html {found}> <body dir={body!r}>, expected {expected}")
    assert wrong == []
