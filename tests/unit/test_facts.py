"""Facts: the data file is validated line by line, placeholders render in each
language with Babel, and hand-written figures that contradict a fact fail."""

import json

import pytest

from kb import checks
from kb.checks import contradictions
from kb.core.findings import FindingsError
from kb.core.yamlfiles import read_data_file
from kb.data import facts
from tests.conftest import FIXTURES, ROOT, fixture_page

SCHEMA = ROOT / "data" / "schema" / "facts.schema.json"


def load_fixture(name):
    return facts.load(FIXTURES / "facts" / name, SCHEMA, display=f"data/{name}")


def fixture_errors(name):
    with pytest.raises(FindingsError) as raised:
        load_fixture(name)
    return [str(f) for f in raised.value.findings]


def test_real_facts_load(site):
    assert site.facts.values["return_window_days"].value == 14
    assert site.facts.values["warranty_months.book"].unit == "month"


def test_invalid_phone_number():
    assert fixture_errors("phone_invalid.yml") == [
        "data/phone_invalid.yml:53: facts-phone: regions.cn.phone: '+8610555' is not a valid E.164 phone number"
    ]


def test_unknown_time_zone():
    assert fixture_errors("timezone_unknown.yml") == [
        "data/timezone_unknown.yml:70: facts-timezone: regions.jp.timezone: 'Asia/Kyoto' is not an IANA time zone"
    ]


def test_hours_that_close_before_they_open():
    assert fixture_errors("hours_backwards.yml") == [
        "data/hours_backwards.yml:65: facts-hours: regions.es.phone_hours.mon-fri: closing time 09:00 is not "
        "after opening time 19:00"
    ]


def test_value_of_the_wrong_type():
    assert fixture_errors("value_not_number.yml") == [
        "data/value_not_number.yml:26: facts-schema: return_window_days: '14' is not of type 'integer'"
    ]


@pytest.mark.parametrize(
    "lang, expected", [("en", "14 days"), ("zh", "14天"), ("es", "14 días"), ("ja", "14 日"), ("ar", "14 يومًا")]
)
def test_return_window_renders_in_each_language(site, lang, expected):
    fact = site.facts.values["return_window_days"]
    assert facts.render_fact(fact, lang, site.strings[lang]) == expected


@pytest.mark.parametrize(
    "key, lang, expected",
    [
        ("warranty_months.book", "en", "2 years"),
        ("warranty_months.phone", "es", "1 año"),
        ("warranty_months.book", "ar", "سنتان"),
        ("refund_business_days", "en", "10 business days"),
        ("refund_business_days", "ar", "10 أيام عمل"),
        ("refund_business_days", "ja", "10 営業日"),
        ("regions.us.response_targets.chat_minutes", "zh", "2分钟"),
    ],
)
def test_durations_use_the_natural_unit(site, key, lang, expected):
    assert facts.render_fact(site.facts.values[key], lang, site.strings[lang]) == expected


def test_phone_renders_as_an_international_tel_link(site):
    rendered = facts.render_fact(site.facts.values["regions.uk.phone"], "ar", site.strings["ar"])
    assert rendered == '<a class="kb-tel" href="tel:+442079460958" dir="ltr">+44 20 7946 0958</a>'


def test_render_replaces_placeholders(site):
    body, findings = facts.render(
        "Within {{ return_window_days }}.", 1, "x.md", "es", site.facts, site.strings["es"], {}
    )
    assert (body, findings) == ("Within 14 días.", [])


def test_unknown_and_malformed_keys(site):
    found = [
        str(f) for f in checks.placeholder_findings(fixture_page("facts_unknown_key.md"), site.facts, site.renderer)
    ]
    assert found == [
        "docs/en/facts_unknown_key.md:9: fact-unknown: unknown fact key 'return_window'; "
        "did you mean 'return_window_days'?",
        "docs/en/facts_unknown_key.md:11: fact-unknown: malformed placeholder '{{ Regions US phone }}'; "
        "expected {{ key }} with a dotted lowercase key",
    ]


def contradiction_messages(site, name, lang):
    return [str(f) for f in contradictions.check(fixture_page(name, lang), site.facts, site.topics[0])]


def test_contradiction_in_english(site):
    assert contradiction_messages(site, "facts_contradiction_en.md", "en") == [
        "docs/en/facts_contradiction_en.md:11: fact-contradiction: states 30 days next to 'returns'; "
        "fact return_window_days is 14 days: use the fact's placeholder instead of a typed figure"
    ]


def test_contradiction_in_chinese_numerals(site):
    assert contradiction_messages(site, "facts_contradiction_zh.md", "zh") == [
        "docs/zh/facts_contradiction_zh.md:12: fact-contradiction: states 三十天 next to '退货'; "
        "fact return_window_days is 14 days: use the fact's placeholder instead of a typed figure"
    ]


def test_contradiction_in_spanish_years(site):
    [message] = contradiction_messages(site, "facts_contradiction_es.md", "es")
    assert message.startswith(
        "docs/es/facts_contradiction_es.md:10: fact-contradiction: states 3 años next to "
        "'garantía'; fact warranty_months is phone 12 months (1 year), book 24 months (2 years)"
    )


def test_contradiction_in_full_width_digits(site):
    [message] = contradiction_messages(site, "facts_contradiction_ja.md", "ja")
    assert message.startswith(
        "docs/ja/facts_contradiction_ja.md:10: fact-contradiction: states ３０日 next to '返金'; "
        "fact refund_business_days is 10 business days"
    )


def test_contradiction_in_arabic_digits_and_dual(site):
    found = [m.split(": use")[0] for m in contradiction_messages(site, "facts_contradiction_ar.md", "ar")]
    assert found == [
        "docs/ar/facts_contradiction_ar.md:10: fact-contradiction: states ٣٠ يومًا next to 'الإرجاع'; "
        "fact return_window_days is 14 days",
        "docs/ar/facts_contradiction_ar.md:12: fact-contradiction: states يومين next to 'المبلغ المسترد'; "
        "fact refund_business_days is 10 business days",
    ]


def test_figures_that_agree_with_the_facts_pass(site):
    assert contradiction_messages(site, "facts_consistent_all_forms.md", "en") == []


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            {"return_window_days": 14, "refund_business_days": 10},
            [
                facts.Fact("return_window_days", "duration", 14, "day"),
                facts.Fact("refund_business_days", "duration", 10, "business_day"),
            ],
        ),
        # the unit comes from the nearest name with a unit suffix, or from a name that is the unit itself
        (
            {"warranty_months": {"book": 24}, "care_extra_years": 2, "delivery": {"days": 3}},
            [
                facts.Fact("warranty_months.book", "duration", 24, "month"),
                facts.Fact("care_extra_years", "duration", 2, "year"),
                facts.Fact("delivery.days", "duration", 3, "day"),
            ],
        ),
        (
            {"regions": {"us": {"response_targets": {"chat_minutes": 2, "email_hours": 24}}}},
            [
                facts.Fact("regions.us.response_targets.chat_minutes", "duration", 2, "minute"),
                facts.Fact("regions.us.response_targets.email_hours", "duration", 24, "hour"),
            ],
        ),
        (
            {"regions": {"us": {"country": "US", "phone": "+18005550199", "email": "help.us@kestrel.example"}}},
            [
                facts.Fact("regions.us.phone", "phone", "+18005550199"),
                facts.Fact("regions.us.email", "email", "help.us@kestrel.example"),
            ],
        ),
        # a product line named phone is a name, not a number
        (
            {"products": {"phone": "Kestrel Phone", "book": "Kestrel Book"}},
            [
                facts.Fact("products.phone", "text", "Kestrel Phone"),
                facts.Fact("products.book", "text", "Kestrel Book"),
            ],
        ),
        # numbers without a unit and yes/no values are not facts
        ({"limits": {"count": 3}, "holiday_days": True, "name": "Kestrel"}, []),
    ],
)
def test_facts_addressable_by_placeholders(data, expected):
    assert list(facts.flatten(data).items()) == [(fact.key, fact) for fact in expected]


def test_region_codes_in_file_order():
    assert load_fixture("good.yml").region_codes() == ["us", "uk", "cn", "es", "jp", "ae"]


def facts_file_errors(tmp_path, old, new, *, direct=False):
    """The findings of the valid fixture with `old` replaced by `new`, through load or validate."""
    path = tmp_path / "facts.yml"
    path.write_text(
        (FIXTURES / "facts" / "good.yml").read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8"
    )
    if direct:
        data, node, _ = read_data_file(path, "data/facts.yml", "facts-yaml")
        return [
            str(f) for f in facts.validate(data, node, json.loads(SCHEMA.read_text(encoding="utf-8")), "data/facts.yml")
        ]
    with pytest.raises(FindingsError) as raised:
        facts.load(path, SCHEMA, display="data/facts.yml")
    return [str(f) for f in raised.value.findings]


US_HOURS = 'mon-fri: "08:00-20:00", sat'


@pytest.mark.parametrize(
    "fault, old, new, expected",
    [
        (
            "day_range_backwards",
            US_HOURS,
            'fri-mon: "08:00-20:00", sat',
            [
                "data/facts.yml:38: facts-hours: regions.us.phone_hours: day range 'fri-mon' must run forward, e.g. mon-fri"
            ],
        ),
        (
            "day_range_of_one_day",
            'phone_hours: {mon-fri: "08:00-20:00", sat: "09:00-17:00"}',
            'phone_hours:\n      sat: "09:00-17:00"\n      mon-mon: "08:00-20:00"',
            [
                "data/facts.yml:40: facts-hours: regions.us.phone_hours: day range 'mon-mon' must run forward, e.g. mon-fri"
            ],
        ),
        (
            "closes_when_it_opens",
            'phone_hours: {mon-fri: "08:00-20:00", sat: "09:00-17:00"}',
            'phone_hours:\n      mon-fri: "08:00-20:00"\n      sat: "09:00-09:00"',
            [
                "data/facts.yml:40: facts-hours: regions.us.phone_hours.sat: closing time 09:00 is not after opening time 09:00"
            ],
        ),
        (
            "phone_of_another_country",
            'phone: "+18005550199"',
            'phone: "+442079460958"',
            [
                "data/facts.yml:35: facts-phone: regions.us.phone: '+442079460958' is a GB number, but the region's country is US"
            ],
        ),
        (
            "phone_country_code_unknown",
            'phone: "+18005550199"',
            'phone: "+9991234567"',
            ["data/facts.yml:35: facts-phone: regions.us.phone: '+9991234567' is not a valid E.164 phone number"],
        ),
        (
            "required_key_missing",
            "return_window_days: 14 ",
            "",
            ["data/facts.yml:1: facts-schema: facts: 'return_window_days' is a required property"],
        ),
        (
            "unknown_key",
            "return_window_days: 14",
            "return_window_days: 14\nrestocking_fee: 5",
            [
                "data/facts.yml:1: facts-schema: facts: Additional properties are not allowed ('restocking_fee' was unexpected)"
            ],
        ),
        (
            "yaml_invalid",
            "return_window_days: 14",
            "return_window_days: [14",
            ["data/facts.yml:27: facts-yaml: not valid YAML: expected ',' or ']', but got '<scalar>'"],
        ),
    ],
)
def test_facts_file_faults(tmp_path, fault, old, new, expected):
    assert facts_file_errors(tmp_path, old, new) == expected


def test_schema_findings_in_the_order_of_their_keys(tmp_path):
    assert facts_file_errors(tmp_path, "  phone: 12\n  book: 24", '  phone: "12"\n  book: "24"', direct=True) == [
        "data/facts.yml:17: facts-schema: warranty_months.book: '24' is not of type 'integer'",
        "data/facts.yml:16: facts-schema: warranty_months.phone: '12' is not of type 'integer'",
    ]


def test_a_facts_file_is_named_by_its_path_without_a_display_name(tmp_path):
    path = tmp_path / "facts.yml"
    path.write_text("regions: [\n", encoding="utf-8")
    with pytest.raises(FindingsError) as raised:
        facts.load(path, SCHEMA)
    assert [f"{f.path}:{f.rule}" for f in raised.value.findings] == [f"{path}:facts-yaml"]


DAYS_FORMS = {"one": "{n} business day", "other": "{n} business days"}


@pytest.mark.parametrize(
    "value, unit, lang, forms, expected",
    [
        (24, "day", "en", {}, "24 days"),  # a multiple of 12 is years only for months
        (18, "month", "en", {}, "18 months"),
        (36, "month", "en", {}, "3 years"),
        (1, "business_day", "en", DAYS_FORMS, "1 business day"),
        (1, "business_day", "en", {"other": "{n} business days"}, "1 business days"),  # a form the table lacks
        (1000, "business_day", "de", {"other": "{n} Werktage"}, "1.000 Werktage"),  # the number in the language
        (2, "minute", "zh", {}, "2分钟"),  # no long form in CLDR: the short one
    ],
)
def test_format_duration(value, unit, lang, forms, expected):
    assert facts.format_duration(value, unit, lang, {"unit.business_days": forms}) == expected


def test_email_and_product_name_render(site):
    values = site.facts.values
    assert facts.render_fact(values["regions.uk.email"], "zh", site.strings["zh"]) == (
        '<a class="kb-email" href="mailto:help.uk@kestrel.example" dir="ltr">help.uk@kestrel.example</a>'
    )
    assert facts.render_fact(values["products.phone"], "zh", site.strings["zh"]) == "Kestrel Phone"


def test_render_reports_unknown_keys_at_their_line_and_leaves_them_as_written(site):
    body = "Write {{ zzz }}.\n{{ router }}\nWithin {{ refund_business_days }}."
    rendered, findings = facts.render(
        body, 7, "docs/en/x.md", "en", site.facts, site.strings["en"], {"router": "<div>router</div>"}
    )
    assert rendered == "Write {{ zzz }}.\n<div>router</div>\nWithin 10 business days."
    assert [str(f) for f in findings] == ["docs/en/x.md:7: fact-unknown: unknown fact key 'zzz'; see data/facts.yml"]
