"""Names, search keys, Thai dates and baht amounts."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from nlp import (
    baht,
    name_key,
    province_names,
    split_thai_name,
    thai_date,
    thai_datetime,
    thai_first_names,
    thai_last_names,
)

NAMES = [
    ("นายสมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
    ("นาย สมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
    ("น.ส.สมศรี มีสุข", ("นางสาว", "สมศรี", "มีสุข")),
    ("นส สมศรี มีสุข", ("นางสาว", "สมศรี", "มีสุข")),
    ("นางสาวมาลี  ศรีสุข", ("นางสาว", "มาลี", "ศรีสุข")),
    ("นางบุญมี ทองดี", ("นาง", "บุญมี", "ทองดี")),
    ("ด.ช.ก้อง ภพ", ("เด็กชาย", "ก้อง", "ภพ")),
    ("เด็กหญิงมะลิ", ("เด็กหญิง", "มะลิ", "")),
    ("ด.ญ. ใบเตย หอมจัง", ("เด็กหญิง", "ใบเตย", "หอมจัง")),
    ("ว่าที่ ร.ต.สมหมาย ขยัน", ("ว่าที่ ร.ต.", "สมหมาย", "ขยัน")),
    ("จ.ส.ต.ประยุทธ์ มั่นคง", ("จ.ส.ต.", "ประยุทธ์", "มั่นคง")),
    ("ดร.สุรินทร์ พิศสุวรรณ", ("ดร.", "สุรินทร์", "พิศสุวรรณ")),
    ("ผู้ใหญ่บ้านสมชาย ดีมาก", (None, "ผู้ใหญ่บ้านสมชาย", "ดีมาก")),
    ("สมชาย ณ อยุธยา", (None, "สมชาย", "ณ อยุธยา")),
    ("นายิกา ดีใจ", (None, "นายิกา", "ดีใจ")),
    ("คุณากร ศรีสุข", (None, "คุณากร", "ศรีสุข")),
    ("Mr. John Smith", ("Mr.", "John", "Smith")),
    ("สมศรี", (None, "สมศรี", "")),
    ("", (None, "", "")),
]


@pytest.mark.parametrize(("text", "parts"), NAMES)
def test_split_thai_name(text: str, parts: tuple[str | None, str, str]) -> None:
    assert split_thai_name(text) == parts


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        ("นายสมศักดิ์ ใจดี", "สมศักดิ์ ใจดี"),
        ("สมศักดิ ใจดี", "นาย สมศักดิ์  ใจดี"),
        ("ส้มศักดิ์ ไจดี", "สมศักดิ์ ใจดี"),
        ("น.ส.ณัฐธิดา ภูมิใจ", "นางสาวนัฐทิดา พูมิใจ"),
        ("สม\u200bศักดิ์ ใจดี", "สมศักดิ์ใจดี"),
    ],
)
def test_name_key_forgives_titles_marks_and_sound_alikes(typed: str, registered: str) -> None:
    assert name_key(typed) == name_key(registered)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("สมศักดิ์ ใจดี") != name_key("สมศรี ใจดี")


def test_thai_dates() -> None:
    assert thai_date(date(2026, 11, 12)) == "12 พ.ย. 2569"
    assert thai_date(date(2026, 11, 12), "long") == "12 พฤศจิกายน 2569"
    assert thai_date(date(2027, 1, 1), "short") == "1 ม.ค. 2570"
    assert thai_date(None) == ""  # type: ignore[arg-type]


def test_thai_datetime_is_shown_in_bangkok_time() -> None:
    assert thai_datetime(datetime(2026, 11, 12, 7, 5, tzinfo=UTC)) == "12 พ.ย. 2569 14:05 น."
    assert thai_datetime(datetime(2026, 11, 12, 20, 30, tzinfo=UTC)) == "13 พ.ย. 2569 03:30 น."
    tokyo = timezone(timedelta(hours=9))
    assert thai_datetime(datetime(2026, 11, 12, 16, 5, tzinfo=tokyo)) == "12 พ.ย. 2569 14:05 น."
    assert thai_datetime(datetime(2026, 11, 12, 7, 5)) == "12 พ.ย. 2569 14:05 น."


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("2000"), "2,000 บาท"),
        (Decimal("2000.50"), "2,000.50 บาท"),
        (Decimal("2000.5"), "2,000.50 บาท"),
        (Decimal("0"), "0 บาท"),
        (Decimal("1234567.891"), "1,234,567.89 บาท"),
        (Decimal("25000.00"), "25,000 บาท"),
        (Decimal("-500"), "-500 บาท"),
        (1500, "1,500 บาท"),
    ],
)
def test_baht(amount: Decimal, text: str) -> None:
    assert baht(amount) == text


def test_baht_of_something_else_is_empty() -> None:
    assert baht(None) == ""  # type: ignore[arg-type]


def test_bundled_name_lists() -> None:
    male, female = thai_first_names("male"), thai_first_names("หญิง")
    assert len(male) > 1000 and len(female) > 1000
    assert set(thai_first_names("other")) == set(male) | set(female)
    assert len(thai_last_names()) > 1000
    provinces = province_names()
    assert len(provinces) == 77
    assert provinces["กรุงเทพมหานคร"] == "Bangkok"
