"""The interface around articles: palette labels from the strings tables, the palette
finding, and the root element's direction."""

from __future__ import annotations

import pytest

from kb import ui

PALETTE = [{"scheme": "default", "toggle": {"icon": "material/weather-night"}},
           {"scheme": "slate", "toggle": {"icon": "material/weather-sunny"}}]
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


@pytest.mark.parametrize("options, expected", [
    (PALETTE, []),
    ([{"scheme": "sepia"}], []),  # no toggle, no label needed
    ([PALETTE[0], {"scheme": "sepia", "toggle": {"icon": "x"}}],
     ["mkdocs.yml:6: ui-palette: theme.palette[1] has a toggle on scheme 'sepia', whose label has no strings key; "
      "use default or slate"]),
])
def test_palette_finding_names_the_scheme_line(options, expected):
    assert [str(f) for f in ui.palette_findings(options, "mkdocs.yml", MKDOCS_YML)] == expected


@pytest.mark.parametrize("html, lang, expected", [
    ('<!doctype html>\n<html lang="ar" class="no-js">\n<head>', "ar", '<html lang="ar" class="no-js" dir="rtl">'),
    ('<html lang="zh" class="no-js">', "zh", '<html lang="zh" class="no-js" dir="ltr">'),
    ('<html lang="en" dir="ltr">', "ar", '<html lang="en" dir="rtl">'),  # a fallback page: English text, Arabic chrome
    ('<html>', "ja", '<html dir="ltr">'),
])
def test_html_element_declares_the_direction_of_the_language(html, lang, expected):
    assert expected in ui.with_direction(html, lang)
    assert ui.with_direction(html, lang).count("dir=") == 1
