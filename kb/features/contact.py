"""The contact directory: one section per region, rendered from data/facts.yml in
the reader's language, so every region shows the same complete set of facts in
every language (region names, weekdays, times and time zones come from Babel)."""

from __future__ import annotations

import datetime
import html

from babel import Locale
from babel.dates import format_time, get_timezone_name

from kb.data.facts import DAYS, Fact, Facts, format_duration, render_fact


def region_name(country: str, lang: str) -> str:
    return Locale.parse(lang).territories.get(country, country)


def zone_name(timezone: str, lang: str) -> str:
    return get_timezone_name(timezone, width="long", zone_variant="generic", locale=lang)


def _time(text: str, lang: str) -> str:
    if text == "24:00":
        text = "23:59"
    hour, minute = map(int, text.split(":"))
    return format_time(datetime.time(hour, minute), format="short", locale=lang)


def _days(span: str, lang: str, strings: dict) -> str:
    names = Locale.parse(lang).days["format"]["wide"]
    first, _, last = span.partition("-")
    start = names[DAYS.index(first)]
    if not last:
        return start
    return str(strings["contact.day_range"]).format(start=start, end=names[DAYS.index(last)])


def format_hours(table: dict, lang: str, strings: dict) -> str:
    """'Monday–Friday 8:00 AM – 8:00 PM; Saturday 9:00 AM – 5:00 PM'."""
    parts = []
    for span, hours in table.items():
        opens, closes = hours.split("-")
        if (opens, closes) == ("00:00", "24:00"):
            times = str(strings["contact.open_all_day"])
        else:
            times = f"{_time(opens, lang)} – {_time(closes, lang)}"
        parts.append(f"{_days(span, lang, strings)}: {times}")
    return "<br> ".join(parts)  # the space: search reads the lines apart (its parser drops <br>)


def directory(facts: Facts, lang: str, strings: dict) -> str:
    """Markdown for every region: a heading with a stable anchor and a table of channels."""
    t = {key: html.escape(str(value)) if isinstance(value, str) else value for key, value in strings.items()}  # text
    sections = []
    for code, region in facts.data["regions"].items():
        targets = region["response_targets"]
        wait = format_duration(targets["chat_minutes"], "minute", lang, strings)
        email_reply = format_duration(targets["email_hours"], "hour", lang, strings)
        social_reply = format_duration(targets["social_hours"], "hour", lang, strings)
        phone = render_fact(Fact(f"regions.{code}.phone", "phone", region["phone"]), lang, strings)
        email = render_fact(Fact(f"regions.{code}.email", "email", region["email"]), lang, strings)
        social = str(t["contact.social_where"]).format(
            handle=f'<span dir="ltr">{html.escape(region["social"]["handle"])}</span>',
            network=html.escape(region["social"]["network"]),
        )
        rows = [
            (t["contact.phone"], phone, format_hours(region["phone_hours"], lang, t), "—"),
            (
                t["contact.chat"],
                t["contact.chat_where"],
                format_hours(region["chat_hours"], lang, t),
                str(t["contact.typical_wait"]).format(duration=wait),
            ),
            (t["contact.email"], email, "—", str(t["contact.reply_within"]).format(duration=email_reply)),
            (t["contact.social"], social, "—", str(t["contact.reply_within"]).format(duration=social_reply)),
        ]
        header = (
            t["contact.channel"],
            t["contact.how"],
            str(t["contact.hours"]).format(zone=zone_name(region["timezone"], lang)),
            t["contact.response"],
        )
        table = [f"| {' | '.join(map(str, header))} |", "|---|---|---|---|"]
        table += [f"| {' | '.join(map(str, row))} |" for row in rows]
        sections.append(
            f"## {html.escape(region_name(region['country'], lang))} {{#region-{code}}}\n\n" + "\n".join(table)
        )
    return "\n\n".join(sections) + "\n"
