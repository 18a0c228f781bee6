"""Figures in every grammatical case: the typed-figure check reads the case forms CLDR gives
each duration unit ("innerhalb von 30 Tagen") and num2words' numerals in each case, and a
placeholder renders in the case or width a writer asks for (`{{ return_window_days |
case('dative') }}`), checked per language against CLDR's cases."""

import pytest

from kb import checks
from kb.checks import contradictions, durations, translations
from kb.core.pages import make_page
from kb.data import facts, unit_cases
from tests.unit.test_figures import new_language_topics
from tools import cldr_unit_cases

GERMAN_DAYS = {"one": "{n} Werktag", "other": "{n} Werktage", "dative.other": "{n} Werktagen"}


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        # German: CLDR's dative and genitive plurals, number words (invariant) and the genitive article
        ("de", "innerhalb von 30 Tagen", [("30 Tagen", 30, "day")]),
        ("de", "innerhalb von dreißig Tagen", [("dreißig Tagen", 30, "day")]),
        ("de", "nach 30 Tage", [("30 Tage", 30, "day")]),
        ("de", "binnen eines Jahres, nach zwei Monaten", [("eines Jahres", 12, "month"), ("zwei Monaten", 2, "month")]),
        ("de", "seit 3 Jahren und eines Monats", [("3 Jahren", 36, "month"), ("eines Monats", 1, "month")]),
        # French: no cases in CLDR; the plain forms still read
        ("fr", "dans les trente jours, sous 2 ans", [("trente jours", 30, "day"), ("2 ans", 24, "month")]),
        # Russian: unit forms per case from CLDR, numerals per case from num2words
        ("ru", "в 30 днях", [("30 днях", 30, "day")]),
        ("ru", "по истечении двадцати двух дней", [("двадцати двух дней", 22, "day")]),
        ("ru", "с тридцатью днями", [("тридцатью днями", 30, "day")]),
        ("ru", "к тридцати дням", [("тридцати дням", 30, "day")]),
        ("ru", "о двух месяцах", [("двух месяцах", 2, "month")]),
        # Polish: the locative and instrumental of CLDR's units; numerals in each case from CLDR's spell-out
        # rules (num2words writes Polish numerals in the nominative only)
        ("pl", "w ciągu 30 dni", [("30 dni", 30, "day")]),
        ("pl", "po 2 miesiącach, z 1 rokiem", [("2 miesiącach", 2, "month"), ("1 rokiem", 12, "month")]),
        ("pl", "w ciągu trzydziestu dni", [("trzydziestu dni", 30, "day")]),
        ("pl", "w ciągu dwóch miesięcy", [("dwóch miesięcy", 2, "month")]),
        ("pl", "po dwudziestu dwóch dniach", [("dwudziestu dwóch dniach", 22, "day")]),
        ("ru", "за тремястами шестьюдесятью пятью днями", [("тремястами шестьюдесятью пятью днями", 365, "day")]),
        ("lt", "per trisdešimt dienų", [("trisdešimt dienų", 30, "day")]),
        # Arabic: CLDR lists its cases but gives its units no case forms; the oblique numeral reads
        ("ar", "خلال ثلاثين يومًا", [("ثلاثين يومًا", 30, "day")]),
        ("ar", "خلال ١٤ يومًا", [("١٤ يومًا", 14, "day")]),
        # Ukrainian and Finnish: cases CLDR lists and num2words writes
        ("uk", "протягом тридцяти днів", [("тридцяти днів", 30, "day")]),
        ("fi", "kolmenkymmenen päivän kuluessa", [("kolmenkymmenen päivän", 30, "day")]),
    ],
)
def test_durations_in_every_case(lang, text, expected):
    assert [(d.text, d.value, d.dimension) for d in durations.find(text, lang)] == expected


def test_business_days_in_a_case_the_strings_table_gives():
    found = durations.find("innerhalb von 10 Werktagen", "de", GERMAN_DAYS)
    assert [(d.text, d.value, d.dimension) for d in found] == [("10 Werktagen", 10, "business_day")]
    dual = {"other": "{n} يوم عمل", "genitive.two": "يومي عمل"}
    assert [(d.text, d.value) for d in durations.find("خلال يومي عمل", "ar", dual)] == [("يومي عمل", 2)]


def test_numerals_in_each_case_num2words_writes():
    assert {"gender": "m", "case": "dative"} in durations._number_options("ru", "ru")
    assert {"gender": "m", "case": "vocative"} not in durations._number_options("ru", "ru")  # num2words lacks it
    assert durations._number_options("pl", "pl") == [{}]  # CLDR's cases, none of which num2words writes
    assert durations._number_options("fr", "fr") == [{}]  # no cases


def test_number_words_per_case_come_from_cldr():
    polish = unit_cases.numbers("pl")
    assert (polish["trzydziestu"], polish["dwoma"], polish["trzystu sześćdziesięciu pięciu"]) == (30, 2, 365)
    assert unit_cases.numbers("pl-PL") == polish
    assert unit_cases.numbers("fi")["kolmenkymmenen"] == 30  # no soft hyphens between the parts
    assert unit_cases.numbers("fr") == {}


RULES = {
    "%spellout-cardinal": [
        ["-x", "minus →→;"],
        ["0", "zero;"],
        ["1", "one;"],
        ["2", "two;"],
        ["3", "three;"],
        ["20", "twenty[-→→];"],
        ["30", "thirty[-→→];"],
        ["100", "←← hundred[ →%%and→];"],
        ["1000", "←← $(cardinal,one{thousand}other{thousands})$[ →→];"],
    ],
    "%%and": [["0", "and =%spellout-cardinal=;"]],
}


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "zero"),
        (2, "two"),
        (20, "twenty"),
        (23, "twenty-three"),
        (31, "thirty-one"),
        (100, "one hundred"),
        (302, "three hundred and two"),
        (1000, "one thousand"),
        (2003, "two thousands three"),
    ],
)
def test_cldr_spell_out_rules(value, expected):
    assert cldr_unit_cases.spell(RULES, "%spellout-cardinal", value, "en") == expected


def check_messages(site, lang, sentence, words):
    page = make_page(f"docs/{lang}/returns/policy.md", lang, "returns/policy.md", sentence)
    return [str(f) for f in contradictions.check(page, site.facts, words, {"unit.business_days": GERMAN_DAYS})]


RETURN_FACT = "fact return_window_days is 14 days: use the fact's placeholder instead of a typed figure"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Sie können das Produkt innerhalb von 30 Tagen zurückgeben.", "30 Tagen"),
        ("Sie können das Produkt innerhalb von dreißig Tagen zurückgeben.", "dreißig Tagen"),
        ("Sie haben 30 Tage Zeit, das Produkt zurückzugeben.", "30 Tage"),
        ("Sie können das Produkt binnen eines Monats zurückgeben.", "eines Monats"),
        ("Sie können das Produkt innerhalb von 14 Tagen zurückgeben.", None),
        ("Sie können das Produkt innerhalb von vierzehn Tagen zurückgeben.", None),
    ],
)
def test_german_figures_in_any_case_are_held_to_the_facts(site, sentence, expected):
    found = check_messages(site, "de", sentence, new_language_topics())
    word = "zurückzugeben" if "zurückzugeben" in sentence else "zurückgeben"
    prefix = "docs/de/returns/policy.md:1: fact-contradiction: "
    assert found == ([f"{prefix}states {expected} next to '{word}'; {RETURN_FACT}"] if expected else [])


@pytest.mark.parametrize(
    "lang, sentence, expected",
    [
        ("de", "Das dauert bis zu 30 Tagen.", "states 30 Tagen"),
        ("de", "Das dauert bis zu dreißig Tagen.", "states dreißig Tagen"),
        ("de", "Das dauert bis zu 60 Tagen.", None),
        ("fr", "Cela prend jusqu'à trente jours.", "states trente jours"),
    ],
)
def test_languages_without_topic_words_read_every_case(site, lang, sentence, expected):
    found = check_messages(site, lang, sentence, site.topics[0])
    assert [message.split(",")[0] for message in found] == (
        [f"docs/{lang}/returns/policy.md:1: fact-contradiction: {expected}"] if expected else []
    )


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Правило о тридцати днях на возврат товара больше не действует.", "тридцати днях"),
        ("На возврат товара у вас есть 30 дней, а не две недели.", "30 дней"),
        ("Правило о 14 днях на возврат товара действует для всех заказов.", None),
    ],
)
def test_russian_figures_in_any_case_are_held_to_the_facts(site, sentence, expected):
    found = check_messages(site, "ru", sentence, new_language_topics())
    prefix = "docs/ru/returns/policy.md:1: fact-contradiction: "
    assert found == ([f"{prefix}states {expected} next to 'возврат'; {RETURN_FACT}"] if expected else [])


def render(site, body, lang, strings=None):
    return facts.render(body, 1, f"docs/{lang}/x.md", lang, site.facts, strings or site.strings["en"], {})


@pytest.mark.parametrize(
    "placeholder, lang, expected",
    [
        ("return_window_days | case('dative')", "de", "14 Tagen"),
        ('return_window_days | case("dative")', "de", "14 Tagen"),
        ("return_window_days|case('dative')", "de", "14 Tagen"),
        ("return_window_days | case('nominative')", "de", "14 Tage"),
        ("return_window_days", "de", "14 Tage"),
        ("warranty_months.book | case('dative')", "de", "2 Jahren"),
        ("warranty_months.phone | case('genitive')", "de", "1 Jahres"),
        ("care_purchase_window_days | case('dative')", "de_AT", "60 Tagen"),  # a region reads its language's
        ("return_window_days | case('genitive')", "ru", "14 дней"),
        ("return_window_days | case('prepositional')", "ru", "14 днях"),
        ("warranty_months.book | case('instrumental')", "ru", "2 годами"),
        ("return_window_days | case('locative')", "pl", "14 dniach"),
        ("warranty_months.phone | case('instrumental')", "pl", "1 rokiem"),
        ("return_window_days | case('genitive')", "ar", "14 يومًا"),  # no case forms in CLDR: the plain one
        ("return_window_days | width('short')", "de", "14 Tg."),
        ("return_window_days | width('narrow')", "fr", "14j"),
        ("return_window_days | width('long')", "fr", "14\xa0jours"),
        ("return_window_days | case('dative') | width('short')", "de", "14 Tg."),  # case forms are long
        ("regions.us.response_targets.chat_minutes | case('dative')", "de", "2 Minuten"),
        ("return_window_days | case('dative') | width('long')", "de", "14 Tagen"),
        # measures: short unless asked, the long form of a case where CLDR has one
        ("models.kp300.charging.wired_watts | case('instrumental')", "ru", "30 ваттами"),
        ("models.kp300.weight_grams | case('genitive')", "pl", "172 gramów"),
        ("models.kp300.charging.wired_watts | case('instrumental') | width('short')", "ru", "30 Вт"),
        ("models.kp300.charging.wired_watts | width('long')", "de", "30 Watt"),
        ("models.kp300.battery.capacity_mah | case('genitive')", "pl", "4\xa0500 mAh"),  # the strings table's unit
    ],
)
def test_placeholders_in_a_case_or_width(site, placeholder, lang, expected):
    assert render(site, f"{{{{ {placeholder} }}}}", lang) == (expected, [])


def test_business_days_in_a_case_come_from_the_strings_table(site):
    strings = {"unit.business_days": GERMAN_DAYS}
    body = "innerhalb von {{ refund_business_days | case('dative') }}, {{ refund_business_days | case('genitive') }}"
    assert render(site, body, "de", strings) == ("innerhalb von 10 Werktagen, 10 Werktage", [])


CASE_PAGE = """---
title: Rückgabe
---

Innerhalb von {{ return_window_days | case('dative') }}.
Innerhalb von {{ return_window_days | case('dativ') }}.
Rufen Sie {{ regions.uk.phone | case('dative') }} an.
{{ router | case('dative') }}
Innerhalb von {{ return_window_days | width('wide') }}.
Innerhalb von {{ refund_business_days | width('short') }}.
Innerhalb von {{ return_window_days | plural('other') }}.
Innerhalb von {{ return_window_days | case(dative) }}.
Innerhalb von {{ return_window_days | case('dative') | case('genitive') }}.
Innerhalb von {{ return_window | case('dative') }}.
Innerhalb von {{ return_window_days | case('') }}.
`{{ return_window_days | case('dativ') }}` zeigt den Platzhalter.
"""


def test_case_and_width_findings_name_file_and_line(site):
    page = make_page("docs/de/returns/policy.md", "de", "returns/policy.md", CASE_PAGE)
    prefix = "docs/de/returns/policy.md"
    assert [str(f) for f in checks.placeholder_findings(page, site.facts, site.renderer)] == [
        f"{prefix}:6: fact-case: unknown case 'dativ' for de in '{{{{ return_window_days | case('dativ') }}}}'; "
        "CLDR's cases for de are nominative, genitive, dative, accusative",
        f"{prefix}:7: fact-case: case('dative') on 'regions.uk.phone', which is not a quantity: "
        "only durations and measures take a case",
        f"{prefix}:8: fact-case: case('dative') on 'router', which is not a quantity: "
        "only durations and measures take a case",
        f"{prefix}:9: fact-width: unknown width 'wide' in '{{{{ return_window_days | width('wide') }}}}'; "
        "the widths are long, short, narrow",
        f"{prefix}:10: fact-width: width('short') on 'refund_business_days', whose forms come from the strings "
        "table, which has one width",
        f"{prefix}:11: fact-filter: unknown filter 'plural' in '{{{{ return_window_days | plural('other') }}}}'; "
        "the filters are case and width",
        f"{prefix}:12: fact-filter: malformed filter '| case(dative)' in "
        "'{{ return_window_days | case(dative) }}'; write {{ return_window_days | case('dative') }} or "
        "{{ return_window_days | width('short') }}",
        f"{prefix}:13: fact-filter: filter 'case' twice in "
        "'{{ return_window_days | case('dative') | case('genitive') }}'",
        f"{prefix}:14: fact-unknown: unknown fact key 'return_window'; did you mean 'return_window_days'?",
        f"{prefix}:15: fact-case: unknown case '' for de in '{{{{ return_window_days | case('') }}}}'; "
        "CLDR's cases for de are nominative, genitive, dative, accusative",
    ]


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "en",
            "unknown case 'dative' for en in '{{ return_window_days | case('dative') }}'; CLDR lists no cases for en",
        ),
        (
            "ar",
            "unknown case 'dative' for ar in '{{ return_window_days | case('dative') }}'; CLDR's cases for ar are nominative, genitive, accusative",
        ),
        ("pl", None),
        ("ru", None),
    ],
)
def test_a_case_is_one_the_language_has(site, lang, expected):
    problems = facts.placeholder_problems("return_window_days | case('dative')", site.facts, lang)
    assert problems == ([("fact-case", expected)] if expected else [])


def test_a_placeholder_with_a_fault_stays_as_written(site):
    body = "{{ return_window_days | case('dativ') }} / {{ regions.uk.phone | case('dative') }}"
    rendered, findings = render(site, body, "de")
    assert rendered == body
    assert [f.rule for f in findings] == ["fact-case", "fact-case"]


def test_a_case_in_a_translation_keeps_parity_with_its_source():
    source = make_page("docs/en/a.md", "en", "a.md", "Within {{ return_window_days }}.\n")
    german = make_page("docs/de/a.md", "de", "a.md", "Innerhalb von {{ return_window_days | case('dative') }}.\n")
    other = make_page("docs/de/a.md", "de", "a.md", "Innerhalb von {{ refund_business_days | case('dative') }}.\n")
    assert translations.parity(source, german) == []
    assert [str(f) for f in translations.parity(source, other)] == [
        "docs/de/a.md:1: translation-parity: placeholder '{{return_window_days}}' of docs/en/a.md:1 is missing "
        "from the translation",
        "docs/de/a.md:1: translation-parity: placeholder '{{refund_business_days}}' is not in the source docs/en/a.md",
    ]


@pytest.mark.parametrize(
    "lang, unit, case, expected",
    [
        ("de", "duration-day", "dative", {"one": "{0} Tag", "other": "{0} Tagen"}),
        ("de_CH", "duration-day", "dative", {"one": "{0} Tag", "other": "{0} Tagen"}),
        ("sr-Latn-BA", "duration-day", "instrumental", {"one": "{0} danom", "few": "{0} dana", "other": "{0} dana"}),
        ("pt-BR", "duration-day", "dative", {}),  # a language CLDR gives no case forms
        ("ar", "duration-day", "genitive", {}),  # cases, but no case forms for units
        ("de", "duration-day", "locative", {}),  # a case German does not have
    ],
)
def test_cldr_case_patterns_of_the_nearest_locale(lang, unit, case, expected):
    assert unit_cases.patterns(lang, unit, case) == expected


def test_cldr_case_data_is_the_release_babel_is_made_from():
    import babel.core

    assert unit_cases._data()["cldr"].split(".")[0] == babel.core.get_cldr_version()
    assert unit_cases.cases("de-AT") == ("nominative", "genitive", "dative", "accusative")
    assert unit_cases.cases("fr") == ()
