"""Dates as officers and villagers write them: relative words, d/m/y in BE or CE, Thai month names, ISO."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from nlp.numbers import WORD_NUMBER, word_number
from nlp.text import normalize

MONTHS = (
    ("มกราคม", "มกรา", "ม.ค.", "jan", "january"),
    ("กุมภาพันธ์", "กุมภา", "ก.พ.", "feb", "february"),
    ("มีนาคม", "มีนา", "มี.ค.", "mar", "march"),
    ("เมษายน", "เมษา", "เม.ย.", "apr", "april"),
    ("พฤษภาคม", "พฤษภา", "พ.ค.", "may"),
    ("มิถุนายน", "มิถุนา", "มิ.ย.", "jun", "june"),
    ("กรกฎาคม", "กรกฎา", "ก.ค.", "jul", "july"),
    ("สิงหาคม", "สิงหา", "ส.ค.", "aug", "august"),
    ("กันยายน", "กันยา", "ก.ย.", "sep", "sept", "september"),
    ("ตุลาคม", "ตุลา", "ต.ค.", "oct", "october"),
    ("พฤศจิกายน", "พฤศจิกา", "พ.ย.", "nov", "november"),
    ("ธันวาคม", "ธันวา", "ธ.ค.", "dec", "december"),
)
_WEEKDAY_OF = {"จันทร์": 0, "อังคาร": 1, "พุธ": 2, "พฤหัสบดี": 3, "พฤหัส": 3, "ศุกร์": 4, "เสาร์": 5, "อาทิตย์": 6}


def _month_pattern(name: str) -> str:
    """An abbreviation matches with or without its dots ("พ.ย.", "พย", "พ.ย")."""
    if "." not in name:
        return re.escape(name)
    return r"\.?\s?".join(re.escape(part) for part in name.split(".") if part) + r"\.?"


_MONTH_OF = {name.replace(".", ""): number for number, names in enumerate(MONTHS, 1) for name in names}
_MONTH_NAMES = sorted({name for names in MONTHS for name in names}, key=len, reverse=True)
_MONTH = "|".join(map(_month_pattern, _MONTH_NAMES))
_YEAR_MARK = r"(?:ปี\s*)?(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?"
# A written date, one of: ISO (year first), day + month name [+ year], d/m[/y] with one kind of separator.
_WRITTEN = re.compile(
    r"(?<![0-9.])(?:(?P<iso_year>[0-9]{4})\s*[-/.]\s*(?P<iso_month>[0-9]{1,2})\s*[-/.]\s*(?P<iso_day>[0-9]{1,2})"
    r"(?![0-9])"
    rf"|(?P<day>[0-9]{{1,2}})\s*[-/,]?\s*(?P<month_name>{_MONTH})(?![ก-ฮ])"
    rf"(?:\s*[-/,]?\s*{_YEAR_MARK}\s*(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?"
    r"|(?P<d>[0-9]{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>[0-9]{1,2})(?:\s*(?P=sep)\s*(?P<y>[0-9]{4}|[0-9]{2}))?(?![0-9/]))")
_DAY_ONLY = re.compile(r"วันที่\s*(\d{1,2})(?![\d/.\-])")
_DIGIT = re.compile("[0-9]")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}\.\d{2}\s*น\.")
_NUMBER = rf"(\d+|{WORD_NUMBER.pattern})"
_UNIT = r"(วัน|สัปดาห์|อาทิตย์|อาทิด|เดือน|ปี)"
_AHEAD = re.compile(
    rf"อีก\s*{_NUMBER}?\s*{_UNIT}|ใน\s*{_NUMBER}\s*{_UNIT}|{_NUMBER}\s*{_UNIT}\s*(?:ข้างหน้า|ถัดไป|หลังจากนี้|ต่อจากนี้)")
_AHEAD_CUES = ("อีก", "ใน", "ข้างหน้า", "ถัดไป", "หลังจากนี้", "ต่อจากนี้")
_AGO_CUES = ("ก่อน", "ที่แล้ว", "ที่ผ่านมา", "มาแล้ว")
_AGO = re.compile(rf"{_NUMBER}?\s*{_UNIT}\s*(?:ก่อน|ที่แล้ว|ที่ผ่านมา|มาแล้ว)")
_NEXT_OR_LAST = re.compile(r"(สัปดาห์|อาทิตย์|อาทิด|เดือน|ปี)\s*(หน้า|ถัดไป|ที่แล้ว|ก่อน|ที่ผ่านมา)")
_WEEKDAY = re.compile(  # without วัน, อาทิตย์ means "week"
    rf"(?:(?:วัน\s*)?({'|'.join(name for name in _WEEKDAY_OF if name != 'อาทิตย์')})|วัน\s*(อาทิตย์))"
    r"\s*(หน้า|ถัดไป|นี้|ที่แล้ว|ก่อน|ที่ผ่านมา)?")
# Relative words, longest first; tone marks may be missing or wrong (พรุ่งนี้ is often typed พรุงนี).
_RELATIVE = {"เมือวานซืน": -2, "วานซืน": -2, "เมือวาน": -1, "วานนี": -1, "เมือคืน": -1, "มะรืน": 2, "พรุงนี": 1,
             "พุงนี": 1, "วันนี": 0, "เมือเช้า": 0, "ตอนนี": 0, "คืนนี": 0}
_RELATIVE_WORD = re.compile("|".join("[\u0e48-\u0e4b]*".join(word) for word in _RELATIVE))
_CE_NEAR = 2
_BE_AHEAD = 20
_MAX_COUNT = 10_000  # "อีก 99999 วัน" is not a date
_TONES = str.maketrans("", "", "\u0e48\u0e49\u0e4a\u0e4b")


def add_months(day: date, months: int) -> date:
    """Same day of month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(today: date, count: int, unit: str) -> date:
    if unit == "เดือน":
        return add_months(today, count)
    if unit == "ปี":
        return add_months(today, 12 * count)
    return today + timedelta(days=count * (1 if unit == "วัน" else 7))


def _year(text: str | None, today: date) -> int:
    """4-digit years of 2400 and up are Buddhist Era (BE). A 2-digit year is BE ("69" = 2569 = 2026), in the
    century that puts it at most 20 years ahead, unless it is a Common Era year within 2 years of today
    ("26" = 2026, not 1983): write 4 digits for birth years of 1981–1985."""
    if text is None:
        return today.year
    value = int(text)
    if len(text) == 4:
        return value - 543 if value >= 2400 else value
    if abs(2000 + value - today.year) <= _CE_NEAR:
        return 2000 + value
    year = 2500 + value - 543
    return year if year <= today.year + _BE_AHEAD else year - 100


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit(text: str, today: date) -> tuple[bool, date | None]:
    """A written date: (found, value); found with None means the date is impossible."""
    if not _DIGIT.search(text):
        return False, None
    for match in _WRITTEN.finditer(text):
        if match["iso_year"]:
            year = _year(match["iso_year"], today)
            return True, _make(year, int(match["iso_month"]), int(match["iso_day"]))
        if match["month_name"]:
            month = _MONTH_OF[re.sub(r"[.\s]", "", match["month_name"])]
            return True, _make(_year(match["year"], today), month, int(match["day"]))
        if match["sep"] != "." or match["y"]:  # "2.5" is a number, not 2 May
            return True, _make(_year(match["y"], today), int(match["m"]), int(match["d"]))
    if day_only := _DAY_ONLY.search(text):
        return True, _make(today.year, today.month, int(day_only[1]))
    return False, None


def _count(text: str | None) -> int | None:
    if text is None:
        return 1
    value = word_number(text)
    if value is None or value != value.to_integral_value() or value >= _MAX_COUNT:
        return None
    return int(value)


def _relative(text: str, today: date) -> date | None:
    if any(name in text for name in _WEEKDAY_OF) and (match := _WEEKDAY.search(text)):
        return _weekday(today, _WEEKDAY_OF[match[1] or match[2]], match[3])
    for pattern, sign, cues in ((_AHEAD, 1, _AHEAD_CUES), (_AGO, -1, _AGO_CUES)):
        if any(cue in text for cue in cues) and (match := pattern.search(text)):
            number, unit = next((match[i], match[i + 1]) for i in range(1, pattern.groups, 2) if match[i + 1])
            count = _count(number)
            return None if count is None else _shift(today, sign * count, unit.replace("อาทิด", "สัปดาห์"))
    if match := _NEXT_OR_LAST.search(text):
        return _shift(today, 1 if match[2] in ("หน้า", "ถัดไป") else -1, match[1])
    if match := _RELATIVE_WORD.search(text):
        return today + timedelta(days=_RELATIVE[match[0].translate(_TONES)])
    return None


def _weekday(today: date, weekday: int, which: str | None) -> date:
    """หน้า: in next week; ที่แล้ว: in last week; นี้: the coming one; bare: the nearest one."""
    monday = today - timedelta(days=today.weekday())
    if which in ("หน้า", "ถัดไป"):
        return monday + timedelta(days=7 + weekday)
    if which in ("ที่แล้ว", "ก่อน", "ที่ผ่านมา"):
        return monday + timedelta(days=weekday - 7)
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead if which == "นี้" or ahead <= 3 else ahead - 7)


def parse_date(text: str, today: date) -> date | None:
    """The date a message names, relative to today; None when there is none or it cannot exist."""
    if not isinstance(today, date):
        return None
    norm = normalize(text)
    if ":" in norm or "น." in norm:
        norm = _TIME.sub(" ", norm)
    found, value = _explicit(norm, today)
    if found:
        return value
    try:
        return _relative(norm, today)
    except (ValueError, OverflowError):
        return None
