"""The interface around articles: palette labels from the strings tables, the palette
finding, the root element's direction, and the widgets' headings and first paint."""

from __future__ import annotations

import re
from html import escape

import pytest

from kb import internals
from kb.features import troubleshooter, ui, widgets
from tests.conftest import ROOT

PALETTE = [
    {"scheme": "default", "toggle": {"icon": "material/weather-night"}},
    {"scheme": "slate", "toggle": {"icon": "material/weather-sunny"}},
]
STRINGS = {"palette.to_dark": "切换到深色模式", "palette.to_light": "切换到浅色模式"}
MKDOCS_YML = """theme:
  palette:
    - scheme: default
      toggle:
        icon: material/weather-night
    - scheme: sepia
      toggle:
        icon: material/weather-sunny
"""


def test_palette_toggles_take_their_labels_from_the_table_and_leave_the_configuration_as_it_was():
    labelled = ui.palette(PALETTE, STRINGS)
    assert [option["toggle"]["name"] for option in labelled] == ["切换到深色模式", "切换到浅色模式"]
    assert "name" not in PALETTE[0]["toggle"]


@pytest.mark.parametrize(
    "options, expected",
    [
        (PALETTE, []),
        ([{"scheme": "sepia"}], []),  # no toggle, no label needed
        (
            [PALETTE[0], {"scheme": "sepia", "toggle": {"icon": "x"}}],
            [
                "mkdocs.yml:6: ui-palette: theme.palette[1] has a toggle on scheme 'sepia', whose label has no strings key; "
                "use default or slate"
            ],
        ),
    ],
)
def test_palette_finding_names_the_scheme_line(options, expected):
    assert [str(f) for f in ui.palette_findings(options, "mkdocs.yml", MKDOCS_YML)] == expected


@pytest.mark.parametrize(
    "html, lang, expected",
    [
        ('<!doctype html>\n<html lang="ar" class="no-js">\n<head>', "ar", '<html lang="ar" class="no-js" dir="rtl">'),
        ('<html lang="zh" class="no-js">', "zh", '<html lang="zh" class="no-js" dir="ltr">'),
        (
            '<html lang="en" dir="ltr">',
            "ar",
            '<html lang="en" dir="rtl">',
        ),  # a fallback page: English text, Arabic chrome
        ("<html>", "ja", '<html dir="ltr">'),
    ],
)
def test_html_element_declares_the_direction_of_the_language(html, lang, expected):
    assert expected in ui.with_direction(html, lang)
    assert ui.with_direction(html, lang).count("dir=") == 1


# Widgets: each opens with a heading in the reader's language, one level below the section it stands in,
# and is drawn whole by the build (no `hidden`), so the page does not move when the script runs.


@pytest.mark.parametrize(
    "markdown, level",
    [
        ("# Return policy\n\nText.\n\n{{ return_checker }}\n\n## The window {#window}\n", 2),
        ("# Contact\n\n## Which channel {#which}\n\n{{ router }}\n", 3),
        ("# A\n\n## B {#b}\n\n### C {#c}\n\n{{ router }}\n", 4),
        ("{{ router }}\n", 2),
        ("# A\n\n```\n## not a heading\n```\n\n{{ router }}\n", 2),
    ],
)
def test_widget_heading_is_one_level_below_its_section(markdown, level):
    assert widgets.heading_level(markdown, "router" if "router" in markdown else "return_checker") == level


PARTIALS = widgets.Partials([str(ROOT / "overrides")])


def rendered(site, lang: str) -> dict[str, str]:
    strings = site.strings[lang]
    trees = site.troubleshooters[0]
    routes = site.router[0].types
    return {
        **{name: render(PARTIALS, 1, site.facts, lang, strings, 3) for name, render in widgets.BLOCKS.items()},
        "router": widgets.router(
            PARTIALS, 1, site.facts, lang, strings, routes, {name: "x/" for name in routes}, "i.json", 3
        ),
        "troubleshooter": troubleshooter.render(
            PARTIALS, 1, trees["troubleshooting/wont-turn-on.md"], lang, strings, "c/", 3
        ),
    }


TITLES = {
    "return_checker": "return_checker.title",
    "coverage_checker": "coverage_checker.title",
    "contact_status": "contact_status.title",
    "router": "router.title",
    "troubleshooter": "troubleshooter.title",
}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(TITLES))
def test_every_widget_opens_with_a_heading_and_is_drawn_whole(site, lang, name):
    html = rendered(site, lang)[name]
    root = re.match(r"<(form|section)\b[^>]*>", html).group(0)
    heading = re.search(r'<h3 class="kb-widget__title"[^>]* id="([\w-]+)"[^>]*>([^<]+)</h3>', html)
    assert heading and heading.group(2) == escape(str(site.strings[lang][TITLES[name]]))
    assert f'aria-labelledby="{heading.group(1)}"' in root
    assert not re.search(r"\shidden[\s>]", root)


def test_troubleshooter_first_step_is_drawn_by_the_build(site):
    tree = site.troubleshooters[0]["troubleshooting/wont-turn-on.md"]
    html = troubleshooter.render(PARTIALS, 1, tree, "zh", site.strings["zh"], "c/")
    stage = re.search(r'<div class="kb-tree__stage" aria-live="polite" data-kb-node="([\w-]+)">(.*?)</div></div>', html)
    assert stage and stage.group(1) == tree.start
    assert escape(tree.nodes[tree.start]["question"]["zh"]) in stage.group(2)
    assert re.findall(r'data-kb-answer="(\w+)">([^<]+)</button>', stage.group(2)) == [
        ("yes", site.strings["zh"]["troubleshooter.yes"]),
        ("no", site.strings["zh"]["troubleshooter.no"]),
    ]


FALLBACK_PAGE = (
    '<html lang="ar" dir="rtl"><head></head><body><div class="md-banner kb-notice">n</div>'
    '<header class="md-header">h</header><div class="md-sidebar md-sidebar--primary">p</div>'
    '<div class="md-sidebar md-sidebar--secondary">s</div><main><article class="md-content__inner md-typeset">'
    '<p>English text</p></article></main><footer class="md-footer">f</footer></body></html>'
)


@pytest.mark.parametrize(
    "ui_lang, text_lang, direction",
    [("ar", "en", "ltr"), ("zh", "en", "ltr"), ("en", "ar", "rtl")],
)
def test_a_fallback_page_is_in_the_text_language_and_its_frame_in_the_readers(ui_lang, text_lang, direction):
    page = FALLBACK_PAGE.replace('lang="ar"', f'lang="{ui_lang}"', 1)
    html = ui.fallback_languages(page, ui_lang, text_lang, internals.material_page_markup())
    assert html.startswith(f'<html lang="{text_lang}"')
    for opening in (
        '<header lang="{}" class="md-header"',
        '<footer lang="{}" class="md-footer"',
        '<div lang="{}" class="md-sidebar md-sidebar--primary"',
        '<div lang="{}" class="md-sidebar md-sidebar--secondary"',
        '<div lang="{}" class="md-banner kb-notice"',
    ):
        assert opening.format(ui_lang) in html, opening
    assert f'<article dir="{direction}" lang="{text_lang}" class="md-content__inner md-typeset">' in html
    assert html.count("lang=") == 7
