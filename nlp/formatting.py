"""Dates, times and amounts written the Thai way: Buddhist Era years, Thai month names, baht."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from nlp.dates import MONTHS

BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")  # no daylight saving since 1920
BE_OFFSET = 543


def buddhist_year(day: date) -> int:
    """The Buddhist Era year Thai people write (2569 for 2026)."""
    return day.year + BE_OFFSET


def bangkok_date(moment: datetime) -> date:
    """The calendar day in Thailand at that moment (officers and citizens mean Thai days)."""
    return moment.astimezone(BANGKOK).date()


def thai_date(d: date | None, style: str = "short") -> str:
    """"12 พ.ย. 2569" (short) or "12 พฤศจิกายน 2569" (long); "" for anything that is not a date."""
    if not isinstance(d, date):
        return ""
    names = MONTHS[d.month - 1]
    return f"{d.day} {names[0] if style == 'long' else names[2]} {buddhist_year(d)}"


def thai_datetime(dt: datetime) -> str:
    """"12 พ.ย. 2569 14:05 น." in Asia/Bangkok time; a naive datetime is taken as UTC."""
    if not isinstance(dt, datetime):
        return ""
    local = (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(BANGKOK)
    return f"{thai_date(local)} {local:%H:%M} น."


def baht(amount: Decimal) -> str:
    """"2,000 บาท", "2,000.50 บาท": satang shown only when there are any; "" for what is not a number."""
    try:
        value = Decimal(str(amount))
        if value == value.to_integral_value():
            return f"{value:,.0f} บาท"
        return f"{value.quantize(Decimal('0.01')):,.2f} บาท"
    except (InvalidOperation, ValueError):
        return ""
