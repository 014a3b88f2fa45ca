"""Visit report, part 2: when, consent, development level, next follow-up, photos, place, notes."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

import nlp
from handlers.engine.model import Answer, Choice, Confirm, Draft, Offer, Reask, Result, Step
from handlers.visit import photos
from models import Household
from models.vocabulary import DevelopmentLevel

OLD_VISIT_DAYS = 60
FAR_METRES = 1000
SUGGESTED_FOLLOW_UP_DAYS = 30

ASK_VISITED_ON = "ไปเยี่ยมวันไหนคะ (เช่น วันนี้ เมื่อวาน หรือ 12 พ.ย. 69)"
UNREADABLE_DATE = "อ่านวันที่ไม่ออกค่ะ"
DATE_EXAMPLE = "วันนี้ · เมื่อวาน · 12/11/2569 · 3 วันก่อน"
FUTURE_VISIT = "วันที่เยี่ยมต้องไม่เป็นวันในอนาคตค่ะ"
OLD_VISIT = "วันที่ {date} ผ่านมากว่า 60 วันแล้ว ยืนยันวันที่นี้ใช่ไหมคะ"
CONSENT = (
    "ก่อนบันทึกข้อมูลส่วนบุคคลและสุขภาพ ขอความยินยอมจากครัวเรือนค่ะ\n"
    "• ใช้เพื่อวางแผนช่วยเหลือตามโครงการขจัดความยากจน (TPMAP) เท่านั้น\n"
    "• เจ้าหน้าที่ในพื้นที่เห็นเฉพาะที่จำเป็น เลขบัตรประชาชนถูกเข้ารหัส\n"
    "• ครัวเรือนขอถอนความยินยอมได้ตลอดเวลา\n"
    "ครัวเรือนยินยอมหรือไม่คะ (ถ้าไม่ยินยอม จะบันทึกเฉพาะการเยี่ยม ไม่บันทึกรายละเอียดส่วนบุคคล)"
)
CONSENT_CHOICES = (Choice("yes", "ยินยอม", ("ยอม", "ได้")), Choice("no", "ไม่ยินยอม", ("ไม่ยอม", "ไม่ได้")))
ASK_LEVEL = "ประเมินระดับการพัฒนาของครัวเรือนตอนนี้คะ"
LEVEL_CHOICES = tuple(
    Choice(level.value, level.label_th, (level.label_th.removeprefix("อยู่"),)) for level in DevelopmentLevel
)
ASK_FOLLOW_UP = "นัดติดตามครั้งต่อไปวันไหนคะ (แนะนำ {date})"
FOLLOW_UP_CHOICES = (
    Choice("+7", "อีก 7 วัน"),
    Choice("+14", "อีก 14 วัน"),
    Choice("+30", "อีก 30 วัน (แนะนำ)"),
    Choice("none", "ไม่ต้องนัด"),
)
FOLLOW_UP_NOT_LATER = "วันนัดติดตามต้องเป็นวันหลังจากวันนี้ค่ะ"
ASK_PHOTOS = 'ส่งรูปถ่ายได้สูงสุด 5 รูปค่ะ (กด ถ่ายรูป หรือ เลือกรูป ด้านล่าง)\nส่งครบแล้วกด "เสร็จแล้ว" หรือกด "ข้าม" ถ้าไม่มีรูป'
PHOTO_CHOICES = (Choice("done", "เสร็จแล้ว", ("เสร็จ", "ครบแล้ว", "ส่งครบแล้ว")),)
ASK_LOCATION = "แชร์ตำแหน่งของบ้านค่ะ (กดปุ่ม ส่งตำแหน่ง ด้านล่าง) หรือกด ข้าม"
LOCATION_BY_BUTTON = 'กรุณากดปุ่ม "ส่งตำแหน่ง" ด้านล่าง หรือพิมพ์พิกัด เช่น 16.8211, 100.2659 ค่ะ'
FAR_LOCATION = "ตำแหน่งนี้ห่างจากที่อยู่ที่บันทึกไว้ {km:.1f} กม. ใช้ตำแหน่งนี้ใช่ไหมคะ"
ASK_NOTES = "บันทึกเพิ่มเติม (ถ้ามี) พิมพ์ได้เลยค่ะ หรือกด ข้าม"
ASK_URGENT = "ต้องแจ้งผู้บังคับบัญชาเป็นกรณีด่วนไหมคะ"
URGENT_CHOICES = (Choice("yes", "แจ้งด่วน"), Choice("no", "ไม่ด่วน"))
COORDINATES = re.compile(r"(-?\d{1,2}\.\d+)\s*[, ]\s*(-?\d{1,3}\.\d+)")


def optional_date(value: str | None) -> date | None:
    """An ISO date kept in a draft, or None."""
    return date.fromisoformat(value) if value else None


def visited_on(draft: Draft) -> date:
    return date.fromisoformat(draft.answers["visited_on"])


def visit_date(draft: Draft, answer: Answer) -> str | Result:
    today = draft.ctx.today
    picked = picked_date(answer, today)
    if isinstance(picked, Reask):
        return picked
    if picked > today:
        return Reask(FUTURE_VISIT, DATE_EXAMPLE)
    if (today - picked).days > OLD_VISIT_DAYS:
        return Confirm(OLD_VISIT.format(date=nlp.thai_date(picked, "long")), picked.isoformat())
    return picked.isoformat()


def picked_date(answer: Answer, today: date) -> date | Reask:
    shortcuts = {"today": today, "yesterday": today - timedelta(days=1)}
    picked = shortcuts.get(answer.choice or "") or answer.picked_date or nlp.parse_date(answer.text, today)
    if picked is None:
        return Reask(UNREADABLE_DATE, DATE_EXAMPLE)
    return picked


def today_picker(draft: Draft) -> dict[str, str]:
    return {"initial": draft.ctx.today.isoformat(), "maximum": draft.ctx.today.isoformat()}


def consent(draft: Draft, answer: Answer) -> bool | Result:
    given = {"yes": True, "no": False}.get(answer.choice or "")
    if given is None:
        given = nlp.parse_yes_no(answer.text)
    if given is None:
        return Reask("กรุณาเลือก ยินยอม หรือ ไม่ยินยอม ค่ะ")
    return given


def no_consent(draft: Draft) -> bool:
    return draft.answers.get("consent") is False


def ask_follow_up(draft: Draft) -> str:
    return ASK_FOLLOW_UP.format(date=nlp.thai_date(days_after_visit(draft, SUGGESTED_FOLLOW_UP_DAYS)))


def days_after_visit(draft: Draft, days: int) -> date:
    """So many days after the visit; for a visit so long ago that this day has passed, after today
    (a follow-up button must offer a day the step accepts)."""
    after_visit = visited_on(draft) + timedelta(days=days)
    return after_visit if after_visit > draft.ctx.today else draft.ctx.today + timedelta(days=days)


def follow_up_date(draft: Draft, answer: Answer) -> str | Result | None:
    if answer.choice == "none":
        return None
    if answer.choice and answer.choice.startswith("+"):
        picked = days_after_visit(draft, int(answer.choice[1:]))
    else:
        read = picked_date(answer, draft.ctx.today)
        if isinstance(read, Reask):
            return read
        picked = read
    if picked <= draft.ctx.today:
        return Reask(FOLLOW_UP_NOT_LATER, "อีก 30 วัน หรือ 15 ธ.ค. 69")
    return picked.isoformat()


def future_picker(draft: Draft) -> dict[str, str]:
    tomorrow = draft.ctx.today + timedelta(days=1)
    suggested = days_after_visit(draft, SUGGESTED_FOLLOW_UP_DAYS)
    return {"initial": suggested.isoformat(), "minimum": tomorrow.isoformat()}


def photo_or_done(draft: Draft, answer: Answer) -> list[int] | Result:
    if answer.kind == "image":
        return Offer(photos.receive(draft, answer))
    if answer.choice != "done":
        return Reask('ส่งรูปได้เลยค่ะ ส่งครบแล้วกด "เสร็จแล้ว"')
    return list(draft.answers.get("photos") or [])


def location(draft: Draft, answer: Answer) -> dict[str, float] | Result:
    if answer.location is not None:
        point = {"lat": answer.location.lat, "lng": answer.location.lng}
    elif match := COORDINATES.search(answer.text):
        point = {"lat": float(match.group(1)), "lng": float(match.group(2))}
    else:
        return Reask(LOCATION_BY_BUTTON)
    if not (-90 <= point["lat"] <= 90 and -180 <= point["lng"] <= 180):
        return Reask(LOCATION_BY_BUTTON)
    registered = _registered_position(draft)
    if registered and (metres := distance_m(registered, point)) > FAR_METRES:
        return Confirm(FAR_LOCATION.format(km=metres / 1000), point)
    return point


def _registered_position(draft: Draft) -> dict[str, float] | None:
    household_id = draft.answers.get("household")
    household = draft.ctx.session.get(Household, household_id) if isinstance(household_id, int) else None
    if household is None or household.lat is None or household.lng is None:
        return None
    return {"lat": household.lat, "lng": household.lng}


def distance_m(a: dict[str, float], b: dict[str, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lat2 = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlng = lat2 - lat1, math.radians(b["lng"] - a["lng"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def notes(draft: Draft, answer: Answer) -> str | Result:
    if len(answer.text) > 1000:
        return Reask("บันทึกยาวเกินไปค่ะ (ไม่เกิน 1,000 ตัวอักษร)")
    return answer.text.strip()


def urgent(draft: Draft, answer: Answer) -> bool:
    return answer.choice == "yes"


def only_when_edited(draft: Draft) -> bool:
    """The urgent flag is set from the summary card, never asked on the way."""
    return draft.cursor.return_to != "urgent"


STEPS_BEFORE_CASES = (
    Step(
        "visited_on",
        ASK_VISITED_ON,
        visit_date,
        choices=(Choice("today", "วันนี้"), Choice("yesterday", "เมื่อวาน")),
        date_picker=today_picker,
        example=DATE_EXAMPLE,
        section="visit",
        echo=lambda draft, value: f"วันที่เยี่ยม {nlp.thai_date(date.fromisoformat(value), 'long')} ค่ะ",
    ),
    Step(
        "consent",
        CONSENT,
        consent,
        choices=CONSENT_CHOICES,
        section="visit",
        help="ถ้าครัวเรือนไม่ยินยอม ระบบจะบันทึกเพียงวันที่และผลการเยี่ยม ไม่บันทึกปัญหา รูป หรือบันทึกเพิ่มเติม",
    ),
)

STEPS_AFTER_CASES = (
    Step("level", ASK_LEVEL, choices=LEVEL_CHOICES, section="level"),
    Step(
        "follow_up_on",
        ask_follow_up,
        follow_up_date,
        choices=FOLLOW_UP_CHOICES,
        date_picker=future_picker,
        section="level",
        example="อีก 30 วัน หรือ 15 ธ.ค. 69",
        echo=lambda draft, value: f"นัดติดตามวันที่ {nlp.thai_date(date.fromisoformat(value), 'long')} ค่ะ",
    ),
    Step(
        "photos",
        ASK_PHOTOS,
        photo_or_done,
        choices=PHOTO_CHOICES,
        optional=True,
        accepts=frozenset({"text", "choice", "image"}),
        skip_if=no_consent,
        section="evidence",
    ),
    Step(
        "location",
        ASK_LOCATION,
        location,
        optional=True,
        accepts=frozenset({"text", "location"}),
        section="evidence",
    ),
    Step("notes", ASK_NOTES, notes, optional=True, skip_if=no_consent, section="notes"),
    Step("urgent", ASK_URGENT, urgent, choices=URGENT_CHOICES, skip_if=only_when_edited, section="urgent"),
)
