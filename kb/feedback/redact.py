"""Personal data removed from what readers type (search queries, problem descriptions)
before it is stored: e-mail addresses, payment card, phone and Kestrel serial numbers, in
any script. The text is first brought to NFKC (full-width letters, digits and @ become their
ASCII forms) and every decimal digit of any numbering system (Arabic-Indic, Devanagari...)
becomes 0-9, so "ｋｅｓ＠ｅｘａｍｐｌｅ．ｃｏｍ" and "٠٥٥١٢٣٤٥٦٧" are found like their ASCII
forms. The stored text is that normalized form, capped in length. Chinese numerals (〇 零 一
二 ... 九) are words as well (一个, 第一, 一二月) and stay as written: a run of seven or more of
them is a phone number and is replaced like one written in digits.

- [email]: an address of RFC 6531's shape, with letters, marks and digits of any script in
  its local part and domain (josé@example.com, 张伟@例子.中国, محمد@مثال.مصر), or spelled out
  in the site's languages (name [at] host [dot] com, juan arroba host punto com,
  name艾特qq点com, name(アットマーク)host.jp, and # or ★ in place of @). Chinese and Japanese
  are written without spaces, so nothing marks where a local part in their characters
  starts: it takes all of them that touch the @, the words before it as well.
- [card]: 13 to 19 digits, in one piece or in groups split by a space or a dash, that pass
  the Luhn check; digits after it (an expiry date, a security code) stay. A number of that
  length that fails the check is not a card: up to 15 digits (E.164's longest) it is a
  phone number, beyond it stays (an order or tracking number).
- [serial]: a Kestrel serial number.
- [phone]: 7 to 15 digits, separated by up to three characters ("555 - 123 - 4567",
  "〇九〇の一二三四の五六七八"). Dates and prices with their currency stay."""

from __future__ import annotations

import re
import unicodedata

EMAIL_MARK, CARD_MARK, PHONE_MARK, SERIAL_MARK = "[email]", "[card]", "[phone]", "[serial]"

# Chinese and Japanese characters: 々 〆 〇, Hangzhou numerals, kana with their marks and ー (not
# the ・ between words), the Han blocks and their compatibility forms.
CJK = (
    "\u3005-\u3007\u3021-\u3029\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
# Every combining mark (vowel signs, harakat...): \w holds letters and digits but not marks. The
# first two planes hold all of them but the variation selectors of plane 14.
MARKS = "".join(chr(c) for c in range(0x20000) if unicodedata.category(chr(c))[0] == "M")
# A letter, mark or digit of any script but Chinese and Japanese.
OTHER = rf"(?:(?![{CJK}])[\w{MARKS}])"
# The characters RFC 5322 allows in a local part besides letters and digits (_ is in \w).
ATEXT = r"!#$%&'*+/=?^`{|}~.-"
# A local part in the letters of any script but Chinese and Japanese, which ends at the first
# Chinese or Japanese character before it; nothing of its own kind may precede it, so a long
# word is tried once, not from each of its letters.
LOCAL_OTHER = rf"(?<!{OTHER})(?<![{ATEXT}])(?:{OTHER}|[{ATEXT}])+"
# A local part in Chinese or Japanese characters, with digits and ATEXT: nothing marks where it
# starts, so it takes all of them that touch the @, the words before it as well.
LOCAL_CJK = rf"(?<![{CJK}0-9_{ATEXT}])[{CJK}0-9_{ATEXT}]+"
# A domain label: letters, marks and digits of any script, and hyphens.
LABEL = rf"[\w{MARKS}-]+"
# A top-level domain in letters, which ends where the script changes (example.comです).
TLD = rf"(?:(?!\d){OTHER})+"
# The top-level domains in Chinese script, which the next words touch (例子.中国谢谢); after the last
# dot, another run of Chinese or Japanese characters is taken whole.
CJK_TLD = "中国|中國|香港|台湾|台灣|澳门|澳門|新加坡|公司|网络"
# An e-mail address of RFC 6531's shape: a local part, @, labels each followed by a dot, a TLD.
EMAIL = re.compile(rf"(?:{LOCAL_CJK}|{LOCAL_OTHER})@(?:{LABEL}\.)+(?:{CJK_TLD}|[{CJK}]+|{TLD})")
# An opening and a closing bracket of any kind (round, square, curly, angle, 【】) around a word.
OPEN, CLOSE = r"\s?[(\[{<【]\s?", r"\s?[)\]}>】]\s?"
# "at" and "dot" as readers spell them: English, Spanish (arroba, punto), Chinese (艾特, 点),
# Japanese (アットマーク, ドット) and Arabic (آت, دوت, نقطة).
AT_WORD = r"at|arroba|艾特|アットマーク|あっとまーく|آت"
DOT_WORD = r"dot|punto|点|點|ドット|どっと|دوت|نقطة"
# A dot spelled: in brackets, or bare between spaces (Latin and Arabic words) or touching
# (Chinese and Japanese, written without spaces).
SPELLED_DOT = rf"(?:{OPEN}(?:{DOT_WORD}){CLOSE}|\s(?:dot|punto|دوت|نقطة)\s|\s?(?:点|點|ドット|どっと)\s?)"
# An @ that cannot be read otherwise: an at word in brackets, arroba, 艾特, アットマーク, or the #
# (Chinese) and ★ ☆ (Japanese) that pages print in place of @.
STRONG_AT = rf"(?:{OPEN}(?:{AT_WORD}){CLOSE}|\sarroba\s|\s?(?:艾特|アットマーク|あっとまーく)\s?|[#★☆])"
# After a bare "at" or آت (also Arabic for "coming"), only these top-level domains count.
COMMON_TLD = r"com|net|org|edu|gov|info|biz|io|co|me|es|mx|ar|cl|pe|cn|hk|tw|jp|ae|sa|eg|uk|us|كوم"
# An address spelled out: a local part with up to three of its dots spelled, then either a strong
# at and a domain with its dots written or spelled, or a bare at and a domain with every dot
# spelled and a common TLD, so that "look at the screen dot by dot" stays.
SPELLED_EMAIL = re.compile(
    rf"{LOCAL_OTHER}(?:{SPELLED_DOT}(?:{OTHER}|[{ATEXT}])+){{0,3}}"
    rf"(?:{STRONG_AT}(?:(?:{OTHER}|-)+(?:\.|{SPELLED_DOT}))+{TLD}"
    rf"|\s(?:at|آت)\s(?:(?:{OTHER}|-)+{SPELLED_DOT})+(?:{COMMON_TLD})(?!\w))",
    re.IGNORECASE,
)
# A Kestrel serial number (warranty/check-coverage.md: 12 letters and digits, starting with K),
# in any case when written in one piece, in capitals when spaces or dashes split it (so a
# sentence such as "kill test 4 132" is not one); no letter or digit may touch it on either
# side, and it must hold at least three digits (checked in _serial), so words never count.
SERIAL = re.compile(r"(?<![A-Za-z0-9])(?:[Kk][A-Za-z0-9]{11}|K(?:[\s-]?[A-Z0-9]){11})(?![A-Za-z0-9])")
# Groups of digits split by one space or dash, that may hold a card number (checked in _card); it
# starts at the first digit of a number (not after +, not after a digit and a separator).
CARD = re.compile(r"(?<![0-9+])(?<![0-9][ -])[0-9]+(?:[ -][0-9]+)*(?![0-9])")
DIGITS = re.compile(r"[0-9]+")
# The lengths of card numbers (ISO/IEC 7812); no issuer number starts with 0, many phone numbers do.
CARD_LENGTHS = range(13, 20)
# Up to three characters between two digits of a phone number: spaces, dots, slashes,
# parentheses, any dash (Japanese writers use ー and −) and the Japanese の (〇九〇の一二三四).
SEP = r"[\s./()\-\u2010-\u2015\u2212\u30fc\u306e]{0,3}"
# A date: year, month and day, or day and month in either order before the year.
DAY, MONTH = r"(?:0?[1-9]|[12][0-9]|3[01])", r"(?:0?[1-9]|1[0-2])"
DATE = rf"(?<![0-9])(?:(?:19|20)[0-9]{{2}}[-/.]{MONTH}[-/.]{DAY}|{DAY}[-/.]{DAY}[-/.](?:19|20)[0-9]{{2}})(?![0-9])"
# A price: thousands split by dots, commas or spaces, after a currency sign or before a currency.
THOUSANDS = r"[0-9]{1,3}(?:[., ][0-9]{3})+(?:[.,][0-9]{1,2})?(?![0-9])"
PRICE = rf"[$€£¥]\s?{THOUSANDS}|{THOUSANDS}\s?(?:[$€£¥円元]|pesos|euros|dólares|COP|CLP|MXN|ARS|درهم|ريال|جنيه)"
# A phone number: an optional + or (, then digits split by SEP, seven to fifteen digits in all
# (the most is checked in _phone). Letters may touch it: Chinese and Japanese have no spaces
# between words. Dates and prices are matched first, as "kept", and stay.
PHONE = re.compile(rf"(?P<kept>{DATE}|{PRICE})|(?<![0-9+])(?:\+|\(\+?)?[0-9](?:{SEP}[0-9]){{6,}}(?![0-9])")
# The same in Chinese numerals, apart from 0-9, so that a word touching a number in digits
# (13812345678一定) is not read as one more digit of it.
HAN_DIGITS = "〇零一二三四五六七八九"
PHONE_HAN = re.compile(rf"(?<![{HAN_DIGITS}])[{HAN_DIGITS}](?:{SEP}[{HAN_DIGITS}]){{6,}}(?![{HAN_DIGITS}])")
WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, every decimal digit as ASCII, controls but white space dropped, runs of white space as one space."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c.isspace())
    return WHITESPACE.sub(" ", text).strip()


def _serial(match: re.Match) -> str:
    return SERIAL_MARK if sum(c.isdigit() for c in match[0]) >= 3 else match[0]


def _luhn(number: str) -> bool:
    """The check digit of payment cards: every second digit from the right doubled, digits summed."""
    return sum(sum(divmod(int(d) * (1 + i % 2), 10)) for i, d in enumerate(reversed(number))) % 10 == 0


def _card(match: re.Match) -> str:
    """The longest run of whole groups from the start that is a card number, as [card] (a card has
    at most 19 groups: one digit each)."""
    ends = [digits.end() for digits in DIGITS.finditer(match[0])][: max(CARD_LENGTHS)]
    for end in reversed(ends):
        number = "".join(DIGITS.findall(match[0][:end]))
        if len(number) in CARD_LENGTHS and number[0] != "0" and _luhn(number):
            return CARD_MARK + match[0][end:]
    return match[0]


def _phone(match: re.Match) -> str:
    """[phone] for a number of at most 15 digits; a date or a price as it is."""
    digits = sum(c.isdigit() or c in HAN_DIGITS for c in match[0])
    return PHONE_MARK if digits <= 15 and match.lastgroup != "kept" else match[0]


def redact(text: str, limit: int) -> str:
    """`text` normalized, without e-mail addresses, card, phone or serial numbers, at most `limit` characters."""
    text = EMAIL.sub(EMAIL_MARK, normalize(text))
    text = SPELLED_EMAIL.sub(EMAIL_MARK, text)
    text = SERIAL.sub(_serial, text)
    text = CARD.sub(_card, text)
    text = PHONE.sub(_phone, text)
    text = PHONE_HAN.sub(_phone, text)
    return text[:limit].strip()
