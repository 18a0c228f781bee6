"""What readers type is stored without e-mail addresses, card, phone or serial numbers,
whatever the script: full-width forms, Arabic-Indic and Chinese numerals, words touching the
data, addresses in any script or spelled out; dates, prices, model numbers and ordinary words
made of numerals are kept."""

from __future__ import annotations

import pytest

from kb.feedback.redact import redact

CASES = [
    # English
    pytest.param("mail me at jo.doe+kb@example.co.uk please", "mail me at [email] please", id="en-email"),
    pytest.param("call +1 (555) 010-1234 after 5", "call [phone] after 5", id="en-phone"),
    pytest.param("serial KA1B2C3D4E5F won't charge", "serial [serial] won't charge", id="en-serial"),
    pytest.param("my serial is KA1B-2C3D 4E5F", "my serial is [serial]", id="en-serial-split"),
    pytest.param("my serial is ka1b2c3d4e5f", "my serial is [serial]", id="en-serial-lowercase"),
    pytest.param("Kill test 4 132 and kettle 12345", "Kill test 4 132 and kettle 12345", id="en-serial-words"),
    pytest.param(
        "the Kestrelphone and KESTRELPRO24 apps", "the Kestrelphone and KESTRELPRO24 apps", id="en-serial-shaped-words"
    ),
    pytest.param("serial KAB1CD2EF3GH", "serial [serial]", id="en-serial-three-digits"),
    pytest.param("Kestrel Phone won't turn on", "Kestrel Phone won't turn on", id="en-no-data"),
    pytest.param(
        "update 17.2 failed on 2024-05-31, order 12345",
        "update 17.2 failed on 2024-05-31, order 12345",
        id="en-version-date-order",
    ),
    # Chinese: no spaces around the data, full-width digits and @
    pytest.param("电话13812345678谢谢", "电话[phone]谢谢", id="zh-phone"),
    pytest.param("邮箱jo@example.com谢谢", "邮箱[email]谢谢", id="zh-email"),
    pytest.param("我的邮箱是ｌｉ＠ｅｘａｍｐｌｅ．ｃｎ", "我的邮箱是[email]", id="zh-email-full-width"),
    pytest.param("序列号K12345678901坏了", "序列号[serial]坏了", id="zh-serial"),
    pytest.param("屏幕碎了", "屏幕碎了", id="zh-no-data"),
    # Spanish
    pytest.param("llámame al 612 34 56 78", "llámame al [phone]", id="es-phone"),
    pytest.param("mi número es +34 912 345 678.", "mi número es [phone].", id="es-phone-international"),
    pytest.param("correo: ana.garcía@correo.es", "correo: [email]", id="es-email-accents"),
    pytest.param("número de serie KX9Y8Z7W6V5U", "número de serie [serial]", id="es-serial"),
    # Japanese: full-width digits and dashes, the prolonged sound mark as a dash
    pytest.param("０９０−１２３４−５６７８に電話してください", "[phone]に電話してください", id="ja-phone-full-width"),
    pytest.param("03ー1234ー5678まで", "[phone]まで", id="ja-phone-prolonged-mark"),
    pytest.param("シリアル番号はＫＡ１Ｂ２Ｃ３Ｄ４Ｅ５Ｆです", "シリアル番号は[serial]です", id="ja-serial"),
    pytest.param("画面が割れた", "画面が割れた", id="ja-no-data"),
    # Arabic: Arabic-Indic digits, right-to-left text around Latin data
    pytest.param("رقمي ٠٥٠١٢٣٤٥٦٧ شكرا", "رقمي [phone] شكرا", id="ar-phone"),
    pytest.param("بريدي omar@example.ae من فضلك", "بريدي [email] من فضلك", id="ar-email-latin"),
    pytest.param("الرقم التسلسلي K١٢٣٤٥٦٧٨٩٠١", "الرقم التسلسلي [serial]", id="ar-serial"),
    pytest.param("الشاشة مكسورة", "الشاشة مكسورة", id="ar-no-data"),
]

# Addresses of RFC 6531's shape: letters and marks of any script in the local part and the domain.
# In Chinese and Japanese text the local part takes every character of theirs touching the @.
INTERNATIONAL_EMAILS = [
    pytest.param("my email is josé@example.com, reply there", "my email is [email], reply there", id="en-local-accent"),
    pytest.param("write to info@müller.de for the invoice", "write to [email] for the invoice", id="en-domain-umlaut"),
    pytest.param("ask राम@उदाहरण.भारत", "ask [email]", id="en-devanagari-marks"),
    pytest.param("mi correo es josé.garcía@correo.es, gracias", "mi correo es [email], gracias", id="es-local-accents"),
    pytest.param("escribe a nuñez@correo.españa ya", "escribe a [email] ya", id="es-domain-tld-accent"),
    pytest.param("我的邮箱是张伟@例子.中国谢谢", "[email]谢谢", id="zh-words-before-taken"),
    pytest.param("联系我：王芳@公司.中国，谢谢", "联系我:[email],谢谢", id="zh-after-colon"),
    pytest.param("邮箱张伟88@例子.公司", "[email]", id="zh-local-digits"),
    pytest.param("邮件发到李@例子.网站就行", "[email]", id="zh-unknown-tld-taken-whole"),
    pytest.param("メール：やまだ@例え.jpまで", "メール:[email]まで", id="ja-kana-ascii-tld"),
    pytest.param("連絡はinfo@例え.jpです", "連絡は[email]です", id="ja-latin-local"),
    pytest.param("بريدي محمد@مثال.مصر من فضلك", "بريدي [email] من فضلك", id="ar-arabic"),
    pytest.param("راسلني على info@مثال.السعودية", "راسلني على [email]", id="ar-arabic-domain"),
]

# "at" and "dot" spelled out, in brackets or bare, in the site's five languages.
SPELLED_EMAILS = [
    pytest.param("reach me at sam at example dot com", "reach me at [email]", id="en-bare"),
    pytest.param(
        "email me at john dot smith at gmail dot com thanks",
        "email me at [email] thanks",
        id="en-bare-dots-in-local-part",
    ),
    pytest.param("Sam AT Example DOT Org", "[email]", id="en-capitals"),
    pytest.param("sam [at] example [dot] com", "[email]", id="en-square-brackets"),
    pytest.param("sam (at) example (dot) co (dot) uk thanks", "[email] thanks", id="en-parentheses"),
    pytest.param("sam{at}example.com", "[email]", id="en-curly-written-dot"),
    pytest.param("sam <at> example <dot> io", "[email]", id="en-angle"),
    pytest.param("escríbeme a juan arroba gmail punto com", "escríbeme a [email]", id="es-arroba-punto"),
    pytest.param("juan punto pérez arroba correo.es", "[email]", id="es-arroba-written-dot"),
    pytest.param("juan(arroba)correo(punto)es", "[email]", id="es-brackets"),
    pytest.param("邮箱zhangwei艾特qq点com谢谢", "邮箱[email]谢谢", id="zh-aite-dian"),
    pytest.param("邮箱zhangwei#qq.com(#换成@)", "邮箱[email](#换成@)", id="zh-hash"),
    pytest.param("邮箱zhangwei【at】qq.com", "邮箱[email]", id="zh-lenticular-brackets"),
    pytest.param("yamada(アットマーク)example.co.jpまで", "[email]まで", id="ja-atmark"),
    pytest.param("yamadaアットマークexampleドットjpです", "[email]です", id="ja-atmark-dotto"),
    pytest.param("メールはyamada★example.jpまで", "メールは[email]まで", id="ja-star"),
    pytest.param("ahmed آت gmail دوت كوم شكرا", "[email] شكرا", id="ar-at-dot-com"),
    pytest.param("ahmed آت hotmail نقطة com", "[email]", id="ar-nuqta"),
    pytest.param("ahmed (at) gmail (dot) com من فضلك", "[email] من فضلك", id="ar-latin-brackets"),
]

# Phone numbers in Chinese numerals (〇 and 零 for 0, の between groups in Japanese) and with
# separators wider than one character; the numerals of the rest of the text stay as written.
PHONES = [
    pytest.param("call me on 555 - 123 - 4567 tonight", "call me on [phone] tonight", id="en-spaced-dashes"),
    pytest.param("my number is (555) 123 - 4567", "my number is [phone]", id="en-parentheses-spaced-dash"),
    pytest.param("or 555 . 123 . 4567 after six", "or [phone] after six", id="en-spaced-dots"),
    pytest.param("llámame al 612 - 345 - 678", "llámame al [phone]", id="es-spaced-dashes"),
    pytest.param("电话一三八一二三四五六七八谢谢", "电话[phone]谢谢", id="zh-numerals"),
    pytest.param("手机号一三九 零零一二 三四五六,第一次买", "手机号[phone],第一次买", id="zh-numerals-ling"),
    pytest.param("〇九〇の一二三四の五六七八に電話してください", "[phone]に電話してください", id="ja-numerals-no"),
    pytest.param("電話は０９０の１２３４の５６７８です", "電話は[phone]です", id="ja-full-width-no"),
    pytest.param("〇三ー一二三四ー五六七八まで", "[phone]まで", id="ja-numerals-prolonged-mark"),
    pytest.param("call +49 151 - 2345 - 678901", "call [phone]", id="en-fifteen-digits"),
    pytest.param("一二三四五六七", "[phone]", id="zh-seven-numerals"),
    pytest.param("电话13812345678一定回我", "电话[phone]一定回我", id="zh-digits-then-numeral-word"),
    pytest.param("رقمي ٠٥٠ - ١٢٣ - ٤٥٦٧", "رقمي [phone]", id="ar-spaced-dashes"),
    pytest.param("اتصل على ۰۹۱ - ۲۳۴ - ۵۶۷۸", "اتصل على [phone]", id="ar-eastern-digits-spaced-dashes"),
]

# Payment card numbers: 13 to 19 digits passing the Luhn check, in one piece or in groups split
# by spaces or dashes; what follows (expiry, security code) stays. Other long numbers are not cards.
CARDS = [
    pytest.param("I was charged twice on 4111 1111 1111 1111", "I was charged twice on [card]", id="en-visa-spaces"),
    pytest.param("card 5555-5555-5555-4444 exp 12/27", "card [card] exp 12/27", id="en-dashes-expiry"),
    pytest.param("card 4111 1111 1111 1111 12/27", "card [card] 12/27", id="en-expiry-touching"),
    pytest.param("card 4111111111111111 cvv 123", "card [card] cvv 123", id="en-one-piece"),
    pytest.param("card 4111111111111111 123", "card [card] 123", id="en-security-code-after"),
    pytest.param("amex 3782 822463 10005", "amex [card]", id="en-amex-15"),
    pytest.param("old visa 4222222222222", "old visa [card]", id="en-13-digits"),
    pytest.param("card 4111 1111 1111 1111 110", "card [card]", id="en-19-digits"),
    pytest.param(
        "me cobraron dos veces en la tarjeta 4111-1111-1111-1111",
        "me cobraron dos veces en la tarjeta [card]",
        id="es-dashes",
    ),
    pytest.param("银行卡号6250 9410 0652 8599被扣款两次", "银行卡号[card]被扣款两次", id="zh-unionpay"),
    pytest.param("カード番号3530 1113 3330 0000で二重請求", "カード番号[card]で二重請求", id="ja-jcb"),
    pytest.param("بطاقتي ٤١١١ ١١١١ ١١١١ ١١١١", "بطاقتي [card]", id="ar-arabic-indic"),
    pytest.param(
        "order 1234 5678 9012 3456 never arrived",
        "order 1234 5678 9012 3456 never arrived",
        id="en-16-digits-not-luhn-kept",
    ),
    pytest.param("pedido 1234567890123 no llegó", "pedido [phone] no llegó", id="es-13-digits-not-luhn-phone"),
    pytest.param("ref 123456789015", "ref [phone]", id="en-12-digits-luhn-phone"),
    pytest.param("llama al 0123456789015, gracias", "llama al [phone], gracias", id="es-leading-zero-phone"),
    pytest.param("id 41111111111111111115", "id 41111111111111111115", id="en-20-digits-luhn-kept"),
]

# What looks like data and is not: dates, times, prices, model numbers, durations, words made of
# numerals, "at" and "dot" in sentences.
KEPT = [
    pytest.param("it froze at 2024-05-31 10:30", "it froze at 2024-05-31 10:30", id="en-date-time"),
    pytest.param("paid $1,299.00 on 05/31/2024", "paid $1,299.00 on 05/31/2024", id="en-price-us-date"),
    pytest.param(
        "the KP-310 case fits, returned within 14 days",
        "the KP-310 case fits, returned within 14 days",
        id="en-model-duration",
    ),
    pytest.param("look at the screen dot by dot", "look at the screen dot by dot", id="en-at-dot-sentence"),
    pytest.param("it froze at startup dot dot dot", "it froze at startup dot dot dot", id="en-at-dot-no-tld"),
    pytest.param("I looked at kestrel.com first", "I looked at kestrel.com first", id="en-at-written-dot"),
    pytest.param("the C#.NET app and ★★★★☆ rating", "the C#.NET app and ★★★★☆ rating", id="en-hash-star"),
    pytest.param(
        "lo compré el 31/05/2024 por 1.299.000 pesos",
        "lo compré el 31/05/2024 por 1.299.000 pesos",
        id="es-date-price-pesos",
    ),
    pytest.param("pagué $1.099.990 el 31.05.2024", "pagué $1.099.990 el 31.05.2024", id="es-price-sign-dotted-date"),
    pytest.param(
        "a las 5 en punto, la arroba no funciona", "a las 5 en punto, la arroba no funciona", id="es-punto-arroba-words"
    ),
    pytest.param("el KP-310 tiene 14 días de garantía", "el KP-310 tiene 14 días de garantía", id="es-model-duration"),
    pytest.param("买了一个月,十四天内退货,第一次用", "买了一个月,十四天内退货,第一次用", id="zh-numeral-words"),
    pytest.param("一二月份的订单,一九九八年的账号", "一二月份的订单,一九九八年的账号", id="zh-month-year"),
    pytest.param(
        "型号KP-310,价格¥2,999,我在商店点了一个", "型号KP-310,价格¥2,999,我在商店点了一个", id="zh-model-price-dian"
    ),
    pytest.param("2024年5月31日买的,14天无理由退货", "2024年5月31日买的,14天无理由退货", id="zh-date-duration"),
    pytest.param(
        "画面にドット抜けがあります、アットマークが入力できない",
        "画面にドット抜けがあります、アットマークが入力できない",
        id="ja-dotto-atmark-words",
    ),
    pytest.param("2024/5/31に購入、価格は129,800円", "2024/5/31に購入、価格は129,800円", id="ja-date-price"),
    pytest.param("1.299.000 円でした", "1.299.000 円でした", id="ja-price-yen-after"),
    pytest.param("第一世代のKP-310、14日間", "第一世代のKP-310、14日間", id="ja-numeral-words"),
    pytest.param("التحديث آت قريبا", "التحديث آت قريبا", id="ar-at-word"),
    pytest.param(
        "اشتريته في ٣١/٠٥/٢٠٢٤ والضمان ١٤ يومًا", "اشتريته في 31/05/2024 والضمان 14 يومًا", id="ar-date-duration"
    ),
    pytest.param("السعر ١٬٢٩٩ درهم أو 1.299.000 درهم", "السعر 1٬299 درهم أو 1.299.000 درهم", id="ar-price"),
]


@pytest.mark.parametrize(("text", "stored"), CASES)
def test_personal_data_is_removed_in_every_script(text, stored):
    assert redact(text, 1000) == stored


@pytest.mark.parametrize(("text", "stored"), INTERNATIONAL_EMAILS)
def test_an_address_in_any_script_is_removed(text, stored):
    assert redact(text, 1000) == stored


@pytest.mark.parametrize(("text", "stored"), SPELLED_EMAILS)
def test_an_address_spelled_out_is_removed(text, stored):
    assert redact(text, 1000) == stored


@pytest.mark.parametrize(("text", "stored"), PHONES)
def test_a_phone_number_in_numerals_or_with_wide_separators_is_removed(text, stored):
    assert redact(text, 1000) == stored


@pytest.mark.parametrize(("text", "stored"), CARDS)
def test_a_card_number_is_removed_and_only_a_card_number_is_called_one(text, stored):
    assert redact(text, 1000) == stored


@pytest.mark.parametrize(("text", "stored"), KEPT)
def test_what_only_looks_like_personal_data_is_kept(text, stored):
    assert redact(text, 1000) == stored


@pytest.mark.parametrize(
    ("text", "limit", "stored"),
    [
        pytest.param("a" * 300, 200, "a" * 200, id="capped"),
        pytest.param("  many   spaces\n\tand lines  ", 200, "many spaces and lines", id="white-space"),
        pytest.param("zero\u200bwidth\u0007bell", 200, "zerowidthbell", id="controls"),
        pytest.param("carriage\rreturn\x0cform feed", 200, "carriage return form feed", id="white-space-controls"),
    ],
)
def test_text_is_normalized_and_capped(text, limit, stored):
    assert redact(text, limit) == stored
