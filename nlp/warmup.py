"""Build every table once at start-up so that no user's first message pays for it."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

_SAMPLE = "ขอดูสถานะหน่อยครับ ยายป่วยติดเตียง ได้เงิน 2,000 บาท เมื่อวาน โทร 081-234-5678 ใช่"


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Build the segmentation dictionary, lexicons and alias tables; safe to call more than once."""
    from nlp import (
        classify_dimensions,
        detect_intent,
        match_choice,
        parse_date,
        parse_money,
        parse_phone,
        parse_quantity,
        parse_yes_no,
        split_thai_name,
    )

    detect_intent(_SAMPLE)
    detect_intent("ยกเลิก")
    classify_dimensions(_SAMPLE)
    parse_money(_SAMPLE)
    parse_quantity(_SAMPLE)
    parse_date(_SAMPLE, date.today())
    parse_phone(_SAMPLE)
    parse_yes_no(_SAMPLE)
    match_choice("ชาย", {"male": ["ชาย"], "female": ["หญิง"]})
    split_thai_name("นายสมชาย ใจดี")
