"""Visit report, part 4: the assistance given today, as many kinds as were given."""

from __future__ import annotations

from decimal import Decimal

import nlp
from handlers.engine.model import Answer, Choice, Confirm, Draft, NoMore, Reask, Result, Step
from handlers.visit.visit_steps import no_consent, picked_date, visited_on
from models.vocabulary import AssistanceType

AGENCIES = ("อปท./เทศบาล", "พมจ.", "พัฒนาชุมชน", "รพ.สต.", "อำเภอ", "กศน.")
LARGE_AMOUNT = Decimal(100_000)
MOST_AMOUNT = Decimal(10_000_000)
MOST_QUANTITY = 100_000
TOO_MUCH = "จำนวนนี้มากเกินกว่าที่ให้ความช่วยเหลือครั้งหนึ่งได้ค่ะ กรุณาตรวจสอบอีกครั้ง"

ASK_ASSISTANCE = "วันนี้ได้ให้ความช่วยเหลืออะไรไหมคะ"
ASK_AGENCY = "หน่วยงานที่ให้ความช่วยเหลือคะ (เลือกหรือพิมพ์ชื่อหน่วยงาน)"
ASK_AMOUNT = "มูลค่าเป็นเงินกี่บาทคะ (เช่น 3,000 หรือ สามพันบาท) ถ้าไม่มีกด ข้าม"
BIG_AMOUNT = "ยืนยันจำนวนเงิน {amount} ใช่ไหมคะ"
ASK_QUANTITY = "จำนวนกี่ชิ้น/ถุง/ชุดคะ ถ้าไม่มีกด ข้าม"
ASK_GIVEN_ON = "ให้ความช่วยเหลือวันไหนคะ"
MORE_ASSISTANCE = "มีความช่วยเหลืออื่นอีกไหมคะ"


def echo_amount(draft: Draft, value: str) -> str:
    return f"มูลค่า {nlp.baht(Decimal(value))} ค่ะ"


def assistance_type(draft: Draft, answer: Answer) -> str | Result:
    if answer.choice is None:
        return Reask("กรุณาเลือกประเภทความช่วยเหลือจากปุ่มด้านล่าง หรือกด ไม่มี ค่ะ")
    return NoMore() if answer.choice == "none" else answer.choice


def agency(draft: Draft, answer: Answer) -> str | Result:
    name = (answer.choice or answer.text).strip()
    if not name or len(name) > 200:
        return Reask("กรุณาพิมพ์ชื่อหน่วยงานค่ะ", "อบต.วังทอง")
    return name


def amount(draft: Draft, answer: Answer) -> str | Result:
    value = nlp.parse_money(answer.text)
    if value is None or value < 0:
        return Reask("อ่านจำนวนเงินไม่ออกค่ะ", "3,000 หรือ สามพันบาท")
    if value > MOST_AMOUNT:
        return Reask(TOO_MUCH, "3,000 หรือ สามพันบาท")
    if value > LARGE_AMOUNT:
        return Confirm(BIG_AMOUNT.format(amount=nlp.baht(value)), str(value))
    return str(value)


def quantity(draft: Draft, answer: Answer) -> int | Result:
    value = nlp.parse_quantity(answer.text)
    if value is None or value <= 0:
        return Reask("อ่านจำนวนไม่ออกค่ะ", "2 ถุง")
    if value > MOST_QUANTITY:
        return Reask(TOO_MUCH, "2 ถุง")
    return value


def is_cash(draft: Draft) -> bool:
    return draft.get("assistance_type") == AssistanceType.CASH.value


def given_on(draft: Draft, answer: Answer) -> str | Result:
    picked = visited_on(draft) if answer.choice == "visit_day" else picked_date(answer, draft.ctx.today)
    if isinstance(picked, Reask):
        return picked
    if picked > draft.ctx.today:
        return Reask("วันที่ให้ความช่วยเหลือต้องไม่เป็นวันในอนาคตค่ะ")
    return picked.isoformat()


def past_picker(draft: Draft) -> dict[str, str]:
    return {"initial": visited_on(draft).isoformat(), "maximum": draft.ctx.today.isoformat()}


def assistance_choices(draft: Draft) -> list[Choice]:
    return [Choice(t.value, t.label_th) for t in AssistanceType] + [Choice("none", "ไม่มี")]


STEPS = (
    Step(
        "assistance_type",
        ASK_ASSISTANCE,
        assistance_type,
        choices=assistance_choices,
        skip_if=no_consent,
        group="assistance",
        section="assistance",
    ),
    Step(
        "assistance_agency",
        ASK_AGENCY,
        agency,
        choices=tuple(Choice(a, a) for a in AGENCIES),
        group="assistance",
        section="assistance",
    ),
    Step(
        "assistance_amount",
        ASK_AMOUNT,
        amount,
        optional=True,
        group="assistance",
        section="assistance",
        example="3,000",
        echo=echo_amount,
    ),
    Step(
        "assistance_quantity",
        ASK_QUANTITY,
        quantity,
        optional=True,
        skip_if=is_cash,
        group="assistance",
        section="assistance",
    ),
    Step(
        "assistance_on",
        ASK_GIVEN_ON,
        given_on,
        choices=(Choice("visit_day", "วันเดียวกับวันเยี่ยม"),),
        date_picker=past_picker,
        group="assistance",
        section="assistance",
    ),
)
