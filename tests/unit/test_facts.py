"""Facts: the data file is validated line by line, placeholders render in each
language with Babel, and hand-written figures that contradict a fact fail."""

import shutil

import pytest

from kb import checks, contradictions, facts
from kb.findings import FindingsError
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
        "data/phone_invalid.yml:53: facts-phone: regions.cn.phone: '+8610555' is not a valid E.164 phone number"]


def test_unknown_time_zone():
    assert fixture_errors("timezone_unknown.yml") == [
        "data/timezone_unknown.yml:70: facts-timezone: regions.jp.timezone: 'Asia/Kyoto' is not an IANA time zone"]


def test_hours_that_close_before_they_open():
    assert fixture_errors("hours_backwards.yml") == [
        "data/hours_backwards.yml:65: facts-hours: regions.es.phone_hours.mon-fri: closing time 09:00 is not "
        "after opening time 19:00"]


def test_value_of_the_wrong_type():
    assert fixture_errors("value_not_number.yml") == [
        "data/value_not_number.yml:26: facts-schema: return_window_days: '14' is not of type 'integer'"]


@pytest.mark.parametrize("lang, expected", [
    ("en", "14 days"), ("zh", "14天"), ("es", "14 días"), ("ja", "14 日"), ("ar", "14 يومًا")])
def test_return_window_renders_in_each_language(site, lang, expected):
    fact = site.facts.values["return_window_days"]
    assert facts.render_fact(fact, lang, site.strings[lang]) == expected


@pytest.mark.parametrize("key, lang, expected", [
    ("warranty_months.book", "en", "2 years"), ("warranty_months.phone", "es", "1 año"),
    ("warranty_months.book", "ar", "سنتان"), ("refund_business_days", "en", "10 business days"),
    ("refund_business_days", "ar", "10 أيام عمل"), ("refund_business_days", "ja", "10 営業日"),
    ("regions.us.response_targets.chat_minutes", "zh", "2分钟")])
def test_durations_use_the_natural_unit(site, key, lang, expected):
    assert facts.render_fact(site.facts.values[key], lang, site.strings[lang]) == expected


def test_phone_renders_as_an_international_tel_link(site):
    rendered = facts.render_fact(site.facts.values["regions.uk.phone"], "ar", site.strings["ar"])
    assert rendered == '<a class="kb-tel" href="tel:+442079460958" dir="ltr">+44 20 7946 0958</a>'


def test_render_replaces_placeholders(site):
    body, findings = facts.render("Within {{ return_window_days }}.", 1, "x.md", "es", site.facts,
                                  site.strings["es"], {})
    assert (body, findings) == ("Within 14 días.", [])


def test_unknown_and_malformed_keys(site):
    found = [str(f) for f in checks.placeholder_findings(fixture_page("facts_unknown_key.md"), site.facts)]
    assert found == [
        "docs/en/facts_unknown_key.md:9: fact-unknown: unknown fact key 'return_window'; "
        "did you mean 'return_window_days'?",
        "docs/en/facts_unknown_key.md:11: fact-unknown: malformed placeholder '{{ Regions US phone }}'; "
        "expected {{ key }} with a dotted lowercase key"]


def contradiction_messages(site, name, lang):
    return [str(f) for f in contradictions.check(fixture_page(name, lang), site.facts, site.topics[0])]


def test_contradiction_in_english(site):
    assert contradiction_messages(site, "facts_contradiction_en.md", "en") == [
        "docs/en/facts_contradiction_en.md:11: fact-contradiction: states 30 days next to 'returns'; "
        "fact return_window_days is 14 days: use the fact's placeholder instead of a typed figure"]


def test_contradiction_in_chinese_numerals(site):
    assert contradiction_messages(site, "facts_contradiction_zh.md", "zh") == [
        "docs/zh/facts_contradiction_zh.md:12: fact-contradiction: states 三十天 next to '退货'; "
        "fact return_window_days is 14 days: use the fact's placeholder instead of a typed figure"]


def test_contradiction_in_spanish_years(site):
    [message] = contradiction_messages(site, "facts_contradiction_es.md", "es")
    assert message.startswith("docs/es/facts_contradiction_es.md:10: fact-contradiction: states 3 años next to "
                              "'garantía'; fact warranty_months is phone 12 months (1 year), book 24 months (2 years)")


def test_contradiction_in_full_width_digits(site):
    [message] = contradiction_messages(site, "facts_contradiction_ja.md", "ja")
    assert message.startswith("docs/ja/facts_contradiction_ja.md:10: fact-contradiction: states ３０日 next to '返金'; "
                              "fact refund_business_days is 10 business days")


def test_contradiction_in_arabic_digits_and_dual(site):
    found = [m.split(": use")[0] for m in contradiction_messages(site, "facts_contradiction_ar.md", "ar")]
    assert found == [
        "docs/ar/facts_contradiction_ar.md:10: fact-contradiction: states ٣٠ يومًا next to 'الإرجاع'; "
        "fact return_window_days is 14 days",
        "docs/ar/facts_contradiction_ar.md:12: fact-contradiction: states يومين next to 'المبلغ المسترد'; "
        "fact refund_business_days is 10 business days"]


def test_figures_that_agree_with_the_facts_pass(site):
    assert contradiction_messages(site, "facts_consistent_all_forms.md", "en") == []
