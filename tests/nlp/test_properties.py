"""Properties over generated input: totality, checksums, Thai number words, formatted dates."""

import re
from datetime import date, datetime
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pythainlp.util import bahttext, num_to_thaiword, thai_strftime

import nlp

TODAY = date(2026, 11, 20)
# Pieces that reach deep into the parsers when glued together at random.
FRAGMENTS = [
    "สาม",
    "พัน",
    "ห้า",
    "ร้อย",
    "ล้าน",
    "ยี่",
    "สิบ",
    "เอ็ด",
    "นึง",
    "ครึ่ง",
    "บาท",
    "ถ้วน",
    "สตางค์",
    "พ.ย.",
    "ธันวาคม",
    "อีก",
    "วัน",
    "ก่อน",
    "ที่แล้ว",
    "หน้า",
    "วันที่",
    "จันทร์",
    "ครับ",
    "ค่ะ",
    "ไม่",
    "ใช่",
    "ยกเลิก",
    "เยี่ยมบ้าน",
    "ป่วย",
    "หนี้",
    "นาย",
    "น.ส.",
    " ",
    "/",
    "-",
    ".",
    ",",
    "+66",
    "0",
    "1",
    "9",
    "12",
    "2569",
    "๕",
    "\u200b",
    "่",
    "ั",
    "ำ",
    "เเ",
    "k",
    "฿",
    "ๆ",
]
texts = st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join))
PARSERS = [
    nlp.normalize,
    nlp.detect_intent,
    nlp.classify_dimensions,
    nlp.score_dimensions,
    nlp.parse_money,
    nlp.parse_national_id,
    nlp.parse_house_code,
    nlp.parse_yes_no,
    nlp.parse_phone,
    nlp.parse_quantity,
    nlp.split_thai_name,
    nlp.name_key,
    lambda text: nlp.parse_date(text, TODAY),
    lambda text: nlp.match_choice(text, {"male": ["ชาย"], "female": ["หญิง", "f"]}),
]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_no_parser_raises(text: str) -> None:
    for parse in PARSERS:
        parse(text)


def _check_digit(first12: str) -> str:
    return str((11 - sum(int(digit) * (13 - i) for i, digit in enumerate(first12)) % 11) % 10)


def _valid(digits: str) -> bool:
    return digits[0] in "12345678" and _check_digit(digits[:12]) == digits[12]


@settings(max_examples=300)
@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_national_id_accepts_exactly_the_valid_checksums(digits: str) -> None:
    assert nlp.parse_national_id(digits) == (digits if _valid(digits) else None)


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12), st.sampled_from(["-", " ", ""]), st.booleans()
)
def test_valid_national_id_is_read_however_it_is_typed(
    first12: str, separator: str, thai_digits: bool
) -> None:
    digits = first12 + _check_digit(first12)
    typed = separator.join([digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12]])
    if thai_digits:
        typed = typed.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert nlp.parse_national_id(f"เลขบัตร {typed} ค่ะ") == (digits if digits[0] in "12345678" else None)


_COLLOQUIAL_TAIL = re.compile("(ร้อย|พัน|หมื่น|แสน|ล้าน)(สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า)$")
_UNIT = {"ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=10_000_000))
def test_money_reads_thai_number_words(n: int) -> None:
    """Formal reading gives n back; by default "สามพันห้า" is the colloquial 3,500, not 3,005."""
    words = num_to_thaiword(n)
    assert nlp.parse_money(words + "บาท", colloquial=False) == n
    tail = _COLLOQUIAL_TAIL.search(words)
    expected = n if tail is None else n + (n % 10) * (_UNIT[tail[1]] // 10 - 1)
    assert nlp.parse_money(words + "บาท") == expected


@given(st.decimals(min_value=0, max_value=10_000_000, places=2))
def test_money_reads_bahttext(amount: Decimal) -> None:
    assert nlp.parse_money(bahttext(float(amount))) == amount


FORMATS_4_DIGIT_YEAR = [
    "%-d %B %Y",
    "%d %b %Y",
    "%A %d %B %Y",
    "%A ที่ %-d %B พ.ศ. %Y",
    "%x",
    "%d/%m/%Y",
    "%F",
    "%v",
    "%c",
    "%+",
    "%-d/%-m/%Y",
]


@settings(max_examples=300)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2300, 12, 31)), st.sampled_from(FORMATS_4_DIGIT_YEAR)
)
def test_parse_date_reads_thai_strftime(day: date, form: str) -> None:
    assert nlp.parse_date(thai_strftime(datetime.combine(day, datetime.min.time()), form), TODAY) == day


@given(
    st.dates(min_value=date(TODAY.year - 79, 1, 1), max_value=date(TODAY.year + 20, 12, 31)),
    st.sampled_from(["%d %b %y", "%a %d %b %y", "%-d %B %y", "%d/%m/%y"]),
)
def test_parse_date_reads_two_digit_be_years(day: date, form: str) -> None:
    """A 2-digit year is BE unless it is a CE year within 2 years of today: BE 2524–2528 read as 2024–2028."""
    assume(not 1981 <= day.year <= 1985)
    assert nlp.parse_date(thai_strftime(datetime.combine(day, datetime.min.time()), form), TODAY) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2300, 12, 31)), st.sampled_from(["short", "long"]))
def test_thai_date_reads_back(day: date, style: str) -> None:
    assert nlp.parse_date(nlp.thai_date(day, style), TODAY) == day
