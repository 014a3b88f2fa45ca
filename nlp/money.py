"""Amounts of baht: "3,000 บาท", "๕,๐๐๐", "2.5 หมื่น", "สามพันห้า", "หนึ่งหมื่นสองพันห้าร้อยบาท"."""

from __future__ import annotations

import re
from decimal import Decimal

from nlp.numbers import Span, is_counted, spans
from nlp.text import normalize

_BAHT = re.compile(r"(?:บาท|บ\.|บ(?![ก-ฮ])|thb|baht|\.?-(?![0-9]))")
_SATANG = ("สตางค์", "สต.", "ส.ต.")
# A number right after one of these words is an age, a village number, a house number or a list item.
_NOT_MONEY_BEFORE = ("อายุ", "หมู่", "ม.", "ที่", "ข้อ", "ปี", "พ.ศ.", "เบอร์", "โทร")
# Formal wording (bahttext) reads every digit literally: สามพันห้าบาทถ้วน = 3,005.
_FORMAL_MARKS = ("ถ้วน", "สตางค์")


def _is_baht(span: Span) -> bool:
    return _BAHT.match(span.after) is not None or span.before.endswith("฿")


def _is_count(span: Span) -> bool:
    return is_counted(span) or span.before.endswith(_NOT_MONEY_BEFORE)


def parse_money(text: str, *, colloquial: bool = True) -> Decimal | None:
    """The amount of baht in a message; colloquial=False reads "สามพันห้า" as 3,005 instead of 3,500."""
    norm = normalize(text)
    found = spans(norm, colloquial and not any(mark in norm for mark in _FORMAL_MARKS))
    for index, span in enumerate(found):
        if _is_baht(span):
            following = found[index + 1] if index + 1 < len(found) else None
            if following is not None and following.after.startswith(_SATANG) and following.value < 100:
                return span.value + following.value / 100
            return span.value
    amounts = [span.value for span in found if not _is_count(span)]
    return amounts[0] if amounts else None
