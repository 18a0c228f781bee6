"""Personal data removed from what readers type (search queries, problem descriptions)
before it is stored: e-mail addresses, phone numbers and Kestrel serial numbers, in any
script. The text is first brought to NFKC (full-width letters, digits and @ become their
ASCII forms) and every decimal digit of any numbering system (Arabic-Indic, Devanagari...)
becomes 0-9, so "ｋｅｓ＠ｅｘａｍｐｌｅ．ｃｏｍ" and "٠٥٥١٢٣٤٥٦٧" are found like their ASCII
forms. The stored text is that normalized form, capped in length."""

from __future__ import annotations

import re
import unicodedata

EMAIL_MARK, PHONE_MARK, SERIAL_MARK = "[email]", "[phone]", "[serial]"

# An e-mail address: a local part, @, and a domain with at least one dot (ASCII: in Chinese or
# Japanese text the words around an address touch it).
EMAIL = re.compile(r"[A-Za-z0-9_.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A Kestrel serial number (warranty/check-coverage.md: 12 letters and digits, starting with K),
# in any case when written in one piece, in capitals when spaces or dashes split it (so a
# sentence such as "kill test 4 132" is not one); no letter or digit may touch it on either
# side, and it must hold at least three digits (checked in _serial), so words never count.
SERIAL = re.compile(r"(?<![A-Za-z0-9])(?:[Kk][A-Za-z0-9]{11}|K(?:[\s-]?[A-Z0-9]){11})(?![A-Za-z0-9])")
# A phone number: an optional + or (, then digits in groups split by spaces, dots, slashes,
# parentheses or any dash (Japanese writers use ー and −); seven to fifteen digits in all
# (checked in _phone). Letters may touch it: Chinese and Japanese have no spaces between words.
PHONE = re.compile(r"(?<![0-9+])(?:\+|\(\+?)?[0-9](?:[\s./()\-\u2010-\u2015\u2212\u30fc]{0,2}[0-9]){6,}(?![0-9])")
# An ISO date (2024-05-31) is not a phone number.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, every decimal digit as ASCII, controls dropped, runs of white space as one space."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\n")
    return WHITESPACE.sub(" ", text).strip()


def _serial(match: re.Match) -> str:
    return SERIAL_MARK if sum(c.isdigit() for c in match[0]) >= 3 else match[0]


def _phone(match: re.Match) -> str:
    digits = sum(c.isdigit() for c in match[0])
    return PHONE_MARK if 7 <= digits <= 15 and not DATE.fullmatch(match[0]) else match[0]


def redact(text: str, limit: int) -> str:
    """`text` normalized, without e-mail addresses, phone or serial numbers, at most `limit` characters."""
    text = EMAIL.sub(EMAIL_MARK, normalize(text))
    text = SERIAL.sub(_serial, text)
    text = PHONE.sub(_phone, text)
    return text[:limit].strip()
