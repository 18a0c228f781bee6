"""The typed-figure check in any language Babel knows: durations read from CLDR unit
names, any digits and num2words' number words; topic words from data (data/topics.yml),
checked at load; and the rule that holds a language without topic words to every
policy figure."""

import pytest

from kb.checks import contradictions, durations
from kb.core.pages import make_page
from kb.data import topics
from tests.conftest import FIXTURES

NEW_LANGUAGES = FIXTURES / "topics" / "new_languages.yml"
# unit.business_days as each language's strings table would give it.
BUSINESS_DAYS = {
    "fr": {"one": "{n} jour ouvré", "other": "{n} jours ouvrés"},
    "de": {"one": "{n} Werktag", "other": "{n} Werktage"},
    "ru": {
        "one": "{n} рабочий день",
        "few": "{n} рабочих дня",
        "many": "{n} рабочих дней",
        "other": "{n} рабочего дня",
    },
}


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        (
            "en",
            "a thirty-day window, then 2 yrs and 24h",
            [("thirty-day", 30, "day"), ("2 yrs", 24, "month"), ("24h", 24, "hour")],
        ),
        ("en", "and any day now", []),
        ("es", "de 5 a 7 días hábiles, una semana", [("7 días hábiles", 7, "business_day"), ("una semana", 7, "day")]),
        ("es", "cuarenta y ocho horas o dias", [("cuarenta y ocho horas", 48, "hour")]),
        (
            "zh",
            "三十天、两年、10个工作日，2026年5月3日",
            [("三十天", 30, "day"), ("两年", 24, "month"), ("10个工作日", 10, "business_day")],
        ),
        ("ja", "３０日間、２週間、３か月", [("３０日間", 30, "day"), ("２週間", 14, "day"), ("３か月", 3, "month")]),
        (
            "ar",
            "خلال ثلاثين يوماً أو أربعة عشرَ يومًا أو سنتين",
            [("ثلاثين يوماً", 30, "day"), ("أربعة عشرَ يومًا", 14, "day"), ("سنتين", 24, "month")],
        ),
        (
            "fr",
            "trente jours, un mois, 2 ans, 3 sem.",
            [("trente jours", 30, "day"), ("un mois", 1, "month"), ("2 ans", 24, "month"), ("3 sem.", 21, "day")],
        ),
        (
            "de",
            "dreißig Tage, einen Monat, 24 Std.",
            [("dreißig Tage", 30, "day"), ("einen Monat", 1, "month"), ("24 Std.", 24, "hour")],
        ),
        ("ru", "в течение тридцати дней, два года", [("тридцати дней", 30, "day"), ("два года", 24, "month")]),
        ("hi", "३० दिन", [("३० दिन", 30, "day")]),
        # combining marks other than Arabic vowels are part of the name: Devanagari signs, Thai vowels
        ("hi", "3 महीने, 24 घंटे", [("3 महीने", 3, "month"), ("24 घंटे", 24, "hour")]),
        ("th", "ภายใน 30 วัน", [("30 วัน", 30, "day")]),
        # Arabic vowel marks are optional after Arabic letters only
        ("en", "30 da\u064bys", []),
        # names without their accents, a run of spaces inside a name
        ("es", "30 dias, 10 dias  habiles", [("30 dias", 30, "day"), ("10 dias  habiles", 10, "business_day")]),
        # weeks are 7 days and years 12 months, in CLDR's names and in the hand lists
        ("en", "2 weeks and 1 year", [("2 weeks", 14, "day"), ("1 year", 12, "month")]),
        ("zh", "3个星期", [("3个星期", 21, "day")]),
        ("ja", "２年間", [("２年間", 24, "month")]),
        (
            "en",
            "2 hrs, 5 mins, 10 working days",
            [("2 hrs", 2, "hour"), ("5 mins", 5, "minute"), ("10 working days", 10, "business_day")],
        ),
        # "per day" is a rate, not a duration
        ("en", "charge 3 per day", []),
        # Arabic: duals (CLDR's and the hand list's), و joined to the next word, feminine forms without ta marbuta
        ("ar", "أسبوعين، خلال عامين", [("أسبوعين", 14, "day"), ("عامين", 24, "month")]),
        ("ar", "أربعة وعشرون ساعة، ثلاث سنوات", [("أربعة وعشرون ساعة", 24, "hour"), ("ثلاث سنوات", 36, "month")]),
        # a year from 1000 on is a date; reading goes on after it
        ("zh", "999年和1000年，2026年5月，3年", [("999年", 11988, "month"), ("3年", 36, "month")]),
        # a regional code reads with its language's names; a code Babel does not know, with English's
        ("pt-BR", "30 dias", [("30 dias", 30, "day")]),
        ("xx", "30 days", [("30 days", 30, "day")]),
    ],
)
def test_durations_in_any_language(lang, text, expected):
    assert [(d.text, d.value, d.dimension) for d in durations.find(text, lang)] == expected


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("fr", "sous 10 jours ouvrés", [("10 jours ouvrés", 10, "business_day")]),
        ("de", "innerhalb von 10 Werktagen", []),  # a case form the strings table does not list
        ("de", "innerhalb von 10 Werktage", [("10 Werktage", 10, "business_day")]),
        ("ru", "за 10 рабочих дней", [("10 рабочих дней", 10, "business_day")]),
        ("ar", "خلال يوما عمل", [("يوما عمل", 2, "business_day")]),
    ],
)
def test_business_days_come_from_the_strings_table(lang, text, expected):
    forms = BUSINESS_DAYS.get(lang) or {"two": "يوما عمل", "other": "{n} يوم عمل"}
    assert [(d.text, d.value, d.dimension) for d in durations.find(text, lang, forms)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("十", 10),
        ("十四", 14),
        ("二十四", 24),
        ("两", 2),
        ("〇", 0),
        ("", 0),
        ("百", 100),
        ("一百", 100),
        ("二百", 200),
        ("三百二十", 320),
        ("一百零五", 105),
        ("十x", None),
    ],
)
def test_chinese_numerals(text, expected):
    assert durations.cjk_to_int(text) == expected


@pytest.mark.parametrize(
    "value, dimension, expected",
    [
        (1, "day", "1 day"),
        (14, "day", "14 days"),
        (24, "day", "24 days"),
        (1, "hour", "1 hour"),
        (24, "hour", "24 hours"),
        (1, "minute", "1 minute"),
        (2, "minute", "2 minutes"),
        (10, "business_day", "10 business days"),
        (1, "month", "1 month"),
        (18, "month", "18 months"),
        (12, "month", "12 months (1 year)"),
        (24, "month", "24 months (2 years)"),
    ],
)
def test_durations_described_in_messages(value, dimension, expected):
    assert durations.describe(value, dimension) == expected


def test_patterns_are_compiled_once_per_language():
    durations.find("30 jours", "fr")
    before = durations.reader.cache_info().hits
    durations.find("trente jours", "fr")
    assert durations.reader.cache_info().hits == before + 1


def new_language_topics():
    loaded, findings = topics.load(NEW_LANGUAGES, "data/topics.yml")
    assert findings == []
    return loaded


def messages(site, lang, sentence, words):
    page = make_page(f"docs/{lang}/returns/policy.md", lang, "returns/policy.md", sentence)
    strings = {"unit.business_days": BUSINESS_DAYS[lang]}
    return [str(f) for f in contradictions.check(page, site.facts, words, strings)]


RETURN_FACT = "fact return_window_days is 14 days: use the fact's placeholder instead of a typed figure"
WARRANTY_FACT = (
    "fact warranty_months is phone 12 months (1 year), book 24 months (2 years), buds 12 months (1 year), "
    "watch 12 months (1 year): use the fact's placeholder instead of a typed figure"
)
REFUND_FACT = "fact refund_business_days is 10 business days: use the fact's placeholder instead of a typed figure"


@pytest.mark.parametrize(
    "lang, sentence, expected",
    [
        ("fr", "Vous avez 30 jours pour retourner le produit.", f"states 30 jours next to 'retour'; {RETURN_FACT}"),
        (
            "fr",
            "Vous avez trente jours pour retourner le produit.",
            f"states trente jours next to 'retour'; {RETURN_FACT}",
        ),
        ("fr", "Vous pouvez retourner le produit pendant un mois.", f"states un mois next to 'retour'; {RETURN_FACT}"),
        ("fr", "Le retour est possible pendant 2 ans.", f"states 2 ans next to 'retour'; {RETURN_FACT}"),
        ("fr", "La garantie dure 3 ans.", f"states 3 ans next to 'garantie'; {WARRANTY_FACT}"),
        (
            "fr",
            "Le remboursement arrive sous 7 jours ouvrés.",
            f"states 7 jours ouvrés next to 'rembours'; {REFUND_FACT}",
        ),
        ("fr", "Vous avez 14 jours pour retourner le produit.", None),
        ("fr", "Vous avez quatorze jours pour retourner le produit.", None),
        ("fr", "La garantie du Kestrel Book dure 2 ans.", None),
        ("fr", "Le remboursement arrive sous 10 jours ouvrés.", None),
        ("fr", "Rechargez pendant 30 minutes, puis attendez 30 jours.", None),
        (
            "de",
            "Sie haben 30 Tage Zeit, das Produkt zurückzugeben.",
            f"states 30 Tage next to 'zurückzugeben'; {RETURN_FACT}",
        ),
        ("de", "Die Rückgabe ist einen Monat lang möglich.", f"states einen Monat next to 'Rückgabe'; {RETURN_FACT}"),
        ("de", "Die Garantie gilt drei Jahre.", f"states drei Jahre next to 'Garantie'; {WARRANTY_FACT}"),
        ("de", "Die Garantie gilt ein Jahr.", None),
        ("de", "Laden Sie das Gerät 30 Tage lang nicht.", None),
        ("ru", "Вернуть товар можно в течение 30 дней.", f"states 30 дней next to 'Вернуть'; {RETURN_FACT}"),
        (
            "ru",
            "Вернуть товар можно в течение тридцати дней.",
            f"states тридцати дней next to 'Вернуть'; {RETURN_FACT}",
        ),
        ("ru", "Гарантия действует 5 лет.", f"states 5 лет next to 'Гаранти'; {WARRANTY_FACT}"),
        ("ru", "Гарантия действует два года.", None),
    ],
)
def test_new_languages_with_topic_words(site, lang, sentence, expected):
    prefix = f"docs/{lang}/returns/policy.md:1: fact-contradiction: "
    assert messages(site, lang, sentence, new_language_topics()) == ([prefix + expected] if expected else [])


def without_words(lang):
    return (
        f"and {lang} has no topic words in data/topics.yml, so a typed duration in days, months or business days "
        "must be a policy figure (14 or 60 days, 12, 24, 36 or 48 months, 10 business days): use the fact's "
        f"placeholder, or add {lang}'s words to data/topics.yml"
    )


@pytest.mark.parametrize(
    "lang, sentence, expected",
    [
        ("fr", "Vous avez 30 jours pour retourner le produit.", "states 30 jours"),
        ("fr", "Un appareil neuf se recharge en un mois.", "states un mois"),
        ("de", "Sie haben dreißig Tage Zeit.", "states dreißig Tage"),
        ("ru", "Ответ придёт через 7 рабочих дней.", "states 7 рабочих дней"),
        ("fr", "Vous avez 14 jours pour retourner le produit.", None),
        ("fr", "La garantie dure 2 ans.", None),
        ("fr", "Le remboursement arrive sous 10 jours ouvrés.", None),
        ("fr", "Rechargez pendant 30 minutes ; une réponse arrive sous 24 heures.", None),
    ],
)
def test_languages_without_topic_words_keep_their_protection(site, lang, sentence, expected):
    prefix = f"docs/{lang}/returns/policy.md:1: fact-contradiction: "
    found = messages(site, lang, sentence, site.topics[0])
    assert found == ([f"{prefix}{expected}, {without_words(lang)}"] if expected else [])


def test_languages_that_lack_topic_words(site):
    assert topics.lacking(site.topics[0], ["en", "zh", "es", "ja", "ar", "fr", "de"]) == ["fr", "de"]
    assert topics.lacking(new_language_topics(), ["fr", "en", "de", "ru"]) == ["en"]


# A complete file for one language; each case below changes it to hold one fault.
TOPICS_FILE = """return:
  fr: 'retour'
refund:
  fr: 'rembours'
warranty:
  fr: 'garantie'
care:
  '*': 'Kestrel Care'
chat:
  fr: 'chat'
email:
  fr: 'courriel'
"""


@pytest.mark.parametrize(
    "fault, old, new, expected",
    [
        (
            "regex_invalid",
            "fr: 'retour'",
            "fr: 'retour(ner'",
            [
                "data/topics.yml:2: topics-regex: return.fr: 'retour(ner' is not a valid regular expression: "
                "missing ), unterminated subpattern at position 6"
            ],
        ),
        (
            "regex_matches_empty",
            "fr: 'retour'",
            "fr: 'retour|'",
            [
                "data/topics.yml:2: topics-regex: return.fr: 'retour|' matches empty text, so every sentence would be about return"
            ],
        ),
        (
            "topic_unknown",
            "return:",
            "retours:",
            [
                "data/topics.yml:1: topics-unknown: 'retours' is not a policy topic; the topics are return, refund, warranty, "
                "care, chat, email",
                "data/topics.yml:1: topics-missing: topic 'return' is missing; add its words per language",
            ],
        ),
        (
            "language_unknown",
            "fr: 'retour'",
            "fr: 'retour'\n  xx: 'x'",
            [
                "data/topics.yml:3: topics-language: return: 'xx' is not a language code Babel knows (e.g. fr, pt_BR), nor *"
            ],
        ),
        (
            "language_partial",
            "fr: 'retour'",
            "fr: 'retour'\n  de: 'rückgabe'",
            [
                f"data/topics.yml:{line}: topics-missing: {topic}: no words for de; a language has words for every topic or for none"
                for line, topic in [(4, "refund"), (6, "warranty"), (10, "chat"), (12, "email")]
            ],
        ),
        (
            "language_twice",
            "fr: 'retour'",
            "fr: 'retour'\n  fr: 'renvoi'",
            ["data/topics.yml:3: topics-shape: return: 'fr' is already listed at line 2; merge the two"],
        ),
        (
            "topic_not_mapping",
            "return:\n  fr: 'retour'",
            "return: retour",
            [
                "data/topics.yml:1: topics-shape: return: expected words per language, like `en: '\\brefund'`",
                "data/topics.yml:1: topics-missing: topic 'return' is missing; add its words per language",
            ],
        ),
        (
            "words_not_text",
            "fr: 'retour'",
            "fr: {a: b}",
            ["data/topics.yml:2: topics-shape: return.fr: expected a regular expression or a list of them"],
        ),
        (
            "file_not_mapping",
            TOPICS_FILE,
            "- return\n",
            [
                "data/topics.yml:1: topics-shape: expected one entry per topic (return, refund, warranty, care, chat, email), "
                "each mapping languages to words"
            ],
        ),
        (
            "yaml_invalid",
            "fr: 'retour'",
            "fr: [retour",
            ["data/topics.yml:3: topics-yaml: not valid YAML: expected ',' or ']', but got ':'"],
        ),
        (
            "topic_twice",
            TOPICS_FILE,
            TOPICS_FILE + "return:\n  fr: 'renvoi'\n",
            ["data/topics.yml:13: topics-shape: 'return' is already listed at line 1; merge the two"],
        ),
        (
            "words_empty_list",
            "fr: 'retour'",
            "fr: []",
            ["data/topics.yml:2: topics-shape: return.fr: expected a regular expression or a list of them"],
        ),
        (
            "words_blank_in_list",
            "fr: 'retour'",
            "fr: [retour, ' ']",
            ["data/topics.yml:2: topics-shape: return.fr: expected a regular expression or a list of them"],
        ),
        ("regex_of_one_character_or_more", "fr: 'retour'", "fr: '\\w+'", []),
        (
            "language_with_region",
            "fr: 'retour'",
            "fr: 'retour'\n  pt-BR: 'devolu'",
            [
                f"data/topics.yml:{line}: topics-missing: {topic}: no words for pt-BR; a language has words for every topic or "
                "for none"
                for line, topic in [(4, "refund"), (6, "warranty"), (10, "chat"), (12, "email")]
            ],
        ),
        # every entry of a topic is checked, whatever came before it; a code listed with bad words still counts
        (
            "faults_in_one_topic",
            "fr: 'retour'",
            "fr: 'retour'\n  fr: 'renvoi'\n  xx: 'x'\n  de: []\n  es: 'devol('\n  it: 'reso|'\n  pt: 'devolu'",
            [
                "data/topics.yml:3: topics-shape: return: 'fr' is already listed at line 2; merge the two",
                "data/topics.yml:4: topics-language: return: 'xx' is not a language code Babel knows (e.g. fr, pt_BR), nor *",
                "data/topics.yml:5: topics-shape: return.de: expected a regular expression or a list of them",
                "data/topics.yml:6: topics-regex: return.es: 'devol(' is not a valid regular expression: "
                "missing ), unterminated subpattern at position 5",
                "data/topics.yml:7: topics-regex: return.it: 'reso|' matches empty text, so every sentence would be about return",
            ]
            + [
                f"data/topics.yml:{line}: topics-missing: {topic}: no words for de, es, it, pt; a language has words for "
                "every topic or for none"
                for line, topic in [(9, "refund"), (11, "warranty"), (15, "chat"), (17, "email")]
            ],
        ),
        (
            "file_empty",
            TOPICS_FILE,
            "",
            [
                "data/topics.yml:1: topics-shape: expected one entry per topic (return, refund, warranty, care, chat, email), "
                "each mapping languages to words"
            ],
        ),
        (
            "file_not_mapping_after_a_comment",
            TOPICS_FILE,
            "# topics\n- return\n",
            [
                "data/topics.yml:2: topics-shape: expected one entry per topic (return, refund, warranty, care, chat, email), "
                "each mapping languages to words"
            ],
        ),
        (
            "yaml_alias",
            "fr: 'rembours'",
            "fr: *x",
            [
                "data/topics.yml:4: topics-yaml: an alias (*x) repeats another value; YAML aliases are not allowed here: "
                "write the value out"
            ],
        ),
    ],
)
def test_topics_file_faults(tmp_path, fault, old, new, expected):
    path = tmp_path / f"{fault}.yml"
    path.write_text(TOPICS_FILE.replace(old, new, 1), encoding="utf-8")
    loaded, findings = topics.load(path, "data/topics.yml")
    assert [str(f) for f in findings] == expected
    assert loaded.path == "data/topics.yml"


def test_topics_file_not_utf8(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes(TOPICS_FILE.replace("'retour'", "'r\xe9tour'").encode("latin-1"))
    assert [str(f) for f in topics.load(path, "data/topics.yml")[1]] == [
        "data/topics.yml:2: topics-yaml: not valid UTF-8 (byte 0xe9 at column 9); save the file as UTF-8"
    ]


def test_a_list_of_words_and_words_for_every_language(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text(TOPICS_FILE.replace("fr: 'retour'", "fr: [retour, renvoi]"), encoding="utf-8")
    loaded, findings = topics.load(path, "data/topics.yml")
    patterns = loaded.patterns("fr")
    assert findings == [] and patterns["return"].search("un RENVOI") and patterns["care"].search("Kestrel Care")


def test_the_real_topic_words_load_without_findings(site):
    loaded, findings = site.topics
    assert findings == []
    # the languages the site is written in have words; a language added later gets the stricter rule until it has them
    assert topics.lacking(loaded, [lang for lang in ("en", "zh", "es", "ja", "ar") if lang in site.languages]) == []


CARE_FACTS = "facts care_extra_years is 2 years and care_purchase_window_days is 60 days"
CHAT_FACT = "fact regions.*.response_targets.chat_minutes is 2/3 minutes"
EMAIL_FACT = "fact regions.*.response_targets.email_hours is 24/48 hours"
TYPED = ": use the fact's placeholder instead of a typed figure"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Kestrel Care adds 5 years of cover.", [f"states 5 years next to 'Kestrel Care'; {CARE_FACTS}"]),
        ("Buy Kestrel Care within 30 days.", [f"states 30 days next to 'Kestrel Care'; {CARE_FACTS}"]),
        ("Buy Kestrel Care within 60 days.", []),
        ("Kestrel Care adds 24 months.", []),
        ("With Kestrel Care, a Kestrel Book is covered for 48 months.", []),  # its warranty, then Kestrel Care
        (
            "The warranty lasts 30 days.",
            [
                "states 30 days next to 'warrant'; fact warranty_months is phone 12 months (1 year), book 24 months (2 years), "
                "buds 12 months (1 year), watch 12 months (1 year)"
            ],
        ),
        ("A chat agent answers within 5 minutes.", [f"states 5 minutes next to 'chat'; {CHAT_FACT}"]),
        ("A chat agent answers within 3 minutes.", []),
        ("Chat with us any day for 30 days.", []),  # chat constrains minutes only
        ("An email gets an answer within 72 hours.", [f"states 72 hours next to 'email'; {EMAIL_FACT}"]),
        ("An e-mail gets an answer within 48 hours.", []),
        # a sentence under two topics names the words and facts of both
        (
            "Returns and refunds take 30 days.",
            [
                "states 30 days next to 'Returns', 'refund'; fact return_window_days is 14 days; "
                "fact refund_business_days is 10 business days"
            ],
        ),
        # markup and placeholders become spaces, not nothing: the words on either side stay apart
        (
            "Items can be returned within 30<br>days.",
            ["states 30 days next to 'returned'; fact return_window_days is 14 days"],
        ),
        (
            "Items can be returned within 30{{ x }}days.",
            ["states 30 days next to 'returned'; fact return_window_days is 14 days"],
        ),
        # each sentence of a line is checked; a sentence without topic words is not
        (
            "Returns take 30 days. Charging takes 2 days. Refunds take 7 business days.",
            [
                "states 30 days next to 'Returns'; fact return_window_days is 14 days",
                "states 7 business days next to 'Refund'; fact refund_business_days is 10 business days",
            ],
        ),
    ],
)
def test_each_topic_holds_its_figures(site, sentence, expected):
    page = make_page("docs/en/returns/policy.md", "en", "returns/policy.md", sentence)
    found = [str(f) for f in contradictions.check(page, site.facts, site.topics[0], site.strings["en"])]
    assert found == [f"docs/en/returns/policy.md:1: fact-contradiction: {message}{TYPED}" for message in expected]


def test_without_topic_words_every_sentence_of_every_line_is_checked(site):
    text = "Vous avez 30 jours. Puis 2 mois.\nLa garantie dure 14 jours.\nEnfin 5 jours."
    page = make_page("docs/fr/returns/policy.md", "fr", "returns/policy.md", text)
    found = [str(f) for f in contradictions.check(page, site.facts, site.topics[0])]
    assert found == [
        f"docs/fr/returns/policy.md:{line}: fact-contradiction: states {stated}, {without_words('fr')}"
        for line, stated in [(1, "30 jours"), (1, "2 mois"), (3, "5 jours")]
    ]


def test_a_file_that_cannot_be_read_gives_no_words(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("return: [", encoding="utf-8")
    assert topics.load(path, "data/topics.yml")[0] == topics.Topics("data/topics.yml", {})


def test_words_of_a_language_and_words_for_every_language_both_count():
    words = topics.Topics("data/topics.yml", {topic: {"fr": f"{topic}-fr"} for topic in topics.TOPICS})
    words.words["care"]["*"] = "Kestrel Care"
    care = words.patterns("fr")["care"]
    assert care.search("KESTREL CARE") and care.search("care-fr") and not care.search("Kestrel")


def test_a_language_lacks_words_when_a_topic_is_missing_altogether():
    words = topics.Topics("data/topics.yml", {topic: {"fr": topic} for topic in topics.TOPICS if topic != "chat"})
    assert (words.has_words("fr"), words.patterns("fr")) == (False, None)
