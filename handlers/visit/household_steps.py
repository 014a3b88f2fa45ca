"""Visit report, part 1: which household — found by house code, national ID or name, or added."""

from __future__ import annotations

from sqlalchemy import select

import nlp
from handlers import flex, household_card, household_search
from handlers.engine.model import Answer, Back, Choice, Draft, Offer, Reask, Result, Step, Value
from handlers.engine.postbacks import AnswerButton
from handlers.incoming import as_id
from handlers.messages import Message, flex_message, postback_action, text
from models import Household, Person
from models.lookups import HouseholdCard
from models.scope import covers

NEW = "new"
YES_NO = (Choice("yes", "ใช่", ("ใช่ครัวเรือนนี้",)), Choice("no", "ไม่ใช่", ("ค้นหาใหม่",), then="household"))

ASK_HOUSEHOLD = (
    'เยี่ยมครัวเรือนไหนคะ พิมพ์รหัสบ้าน 11 หลัก เลขบัตรประชาชน 13 หลัก หรือชื่อหัวหน้าครัวเรือน (ใส่หมู่ได้ เช่น "สมชาย หมู่ 3")'
)
HOUSEHOLD_EXAMPLE = "79244026856 หรือ 1-1661-31860-91-0 หรือ สมศรี หมู่ 4"
FOUND_MANY = "พบ {count} ครัวเรือนที่ใกล้เคียง เลือกครัวเรือนที่จะเยี่ยมค่ะ"
NOT_FOUND = "ไม่พบครัวเรือนนี้ในพื้นที่ของคุณค่ะ ลองพิมพ์ใหม่ (รหัสบ้าน เลขบัตร หรือชื่อ) หรือเพิ่มเป็นครัวเรือนตกหล่น"
NOT_FOUND_ONLY = "ไม่พบครัวเรือนนี้ในพื้นที่ของคุณค่ะ ลองพิมพ์ใหม่ (รหัสบ้าน เลขบัตร หรือชื่อ)"
ADD_MISSED = "เพิ่มครัวเรือนตกหล่น"
OUT_OF_SCOPE = "ครัวเรือนนี้อยู่นอกพื้นที่ของคุณค่ะ"
CONFIRM_HOUSEHOLD = "ใช่ครัวเรือนนี้ไหมคะ"
ASK_HOUSE_NO = 'ครัวเรือนตกหล่น: บ้านเลขที่เท่าไรคะ (ถ้าไม่มีเลขที่ พิมพ์ "ไม่มี")'
ASK_VILLAGE = "อยู่หมู่ไหนคะ พิมพ์เลขหมู่ ชื่อหมู่บ้าน หรือรหัสหมู่บ้าน 8 หลัก"
VILLAGE_UNKNOWN = "ไม่พบหมู่บ้านนี้ในพื้นที่ของคุณค่ะ"
PICK_VILLAGE = "มีหลายหมู่บ้านที่ตรงกัน เลือกหมู่บ้านค่ะ"
ASK_HEAD_NAME = "ชื่อ-นามสกุลหัวหน้าครัวเรือนคะ"
ASK_HEAD_ID = "เลขบัตรประชาชน 13 หลักของหัวหน้าครัวเรือนคะ (ถ้าไม่ทราบ กด ข้าม)"
ID_INVALID = "เลขบัตรประชาชนไม่ถูกต้องค่ะ (ต้องมี 13 หลักและเลขตรวจสอบถูกต้อง)"
ID_EXISTS = "เลขบัตรนี้มีอยู่ในระบบแล้วค่ะ กรุณาค้นหาครัวเรือนเดิมแทนการเพิ่มใหม่"


def find_household(draft: Draft, answer: Answer) -> Result | str:
    """A household in the officer's scope, or NEW to add a missed one."""
    if answer.choice == NEW:
        return NEW
    return find_existing(draft, answer, missed_option=True)


def find_existing(draft: Draft, answer: Answer, missed_option: bool = False) -> Result:
    """One household in scope: a tapped result, or the single match of what was typed; else the
    matches (or a not-found note) are offered and the question stays open."""
    ctx = draft.ctx
    if answer.choice and answer.choice.startswith("hh:"):
        household_id = as_id(answer.choice.removeprefix("hh:"))
        household = ctx.session.get(Household, household_id) if household_id is not None else None
        if household is None or not covers(ctx.user.area_code or "", household):
            return Reask(OUT_OF_SCOPE)
        changed = household.id != draft.answers.get("household")
        return Value(household.id, {"followup": {}} if changed else {})
    matches = household_search.search(ctx, answer.text)
    if len(matches) == 1:
        return find_existing(draft, Answer("choice", choice=f"hh:{matches[0].household_id}"))
    if matches:
        return Offer([text(FOUND_MANY.format(count=len(matches))), _carousel(draft, matches)])
    add = postback_action(ADD_MISSED, AnswerButton(draft.step, NEW).pack(draft), ADD_MISSED)
    return Offer([text(NOT_FOUND if missed_option else NOT_FOUND_ONLY, [add] if missed_option else None)])


def _carousel(draft: Draft, matches: list[HouseholdCard]) -> Message:
    bubbles = []
    for found in matches[:10]:
        choose = postback_action(
            "เลือกครัวเรือนนี้",
            AnswerButton(draft.step, f"hh:{found.household_id}").pack(draft),
            f"เลือกบ้านเลขที่ {found.house_no}",
            limit=40,
        )
        bubbles.append(household_card.result_bubble(found, [flex.button(choose, primary=True)]))
    return flex_message("ครัวเรือนที่ค้นพบ", flex.carousel(bubbles))


def chosen_household(draft: Draft) -> Household | None:
    """The household being visited, once one was chosen (None for a missed one being added)."""
    household_id = draft.answers.get("household")
    return draft.ctx.session.get(Household, household_id) if isinstance(household_id, int) else None


def is_new(draft: Draft) -> bool:
    return draft.answers.get("household") == NEW


def not_new(draft: Draft) -> bool:
    return not is_new(draft)


def no_personal_details(draft: Draft) -> bool:
    """A missed household's head is recorded only with the household's consent."""
    return not is_new(draft) or draft.answers.get("consent") is not True


def show_household(draft: Draft) -> list[Message]:
    household = draft.ctx.session.get(Household, draft.answers["household"])
    assert household is not None, "picked in an earlier step, and households are never deleted"
    contents = household_card.card(draft.ctx.session, household, draft.ctx.today)
    return [flex_message("ข้อมูลครัวเรือน", contents), text(CONFIRM_HOUSEHOLD)]


def confirm_household(draft: Draft, answer: Answer) -> bool | Back:
    return True if answer.choice == "yes" else Back()


def house_number(draft: Draft, answer: Answer) -> str | Result:
    value = answer.text.strip()
    if nlp.parse_yes_no(value) is False:
        return "-"
    if not value or len(value) > 20:
        return Reask("กรุณาพิมพ์บ้านเลขที่ไม่เกิน 20 ตัวอักษรค่ะ", "99/1")
    return value


def village(draft: Draft, answer: Answer) -> str | Result:
    """A village in the officer's scope: a tapped one (looked up again by its code) or what was typed."""
    found = household_search.villages(draft.ctx, answer.choice or answer.text)
    if len(found) == 1:
        return found[0].code
    if not found or answer.choice:
        return Reask(VILLAGE_UNKNOWN, "หมู่ 3 หรือ บ้านหนองบัว")
    options = [_village_button(draft, v.code, f"หมู่ {v.moo} {v.name_th}") for v in found[:13]]
    return Offer([text(PICK_VILLAGE, options)])


def _village_button(draft: Draft, code: str, label: str) -> dict[str, str]:
    return postback_action(label, AnswerButton("new_village", code).pack(draft), label)


def head_name(draft: Draft, answer: Answer) -> dict[str, str | None] | Result:
    title, first, last = nlp.split_thai_name(answer.text)
    if not first:
        return Reask("กรุณาพิมพ์ชื่อและนามสกุลค่ะ", "นางสมศรี ใจดี")
    return {"title": title, "first": first, "last": last}


def head_national_id(draft: Draft, answer: Answer) -> str | Result:
    national_id = nlp.parse_national_id(answer.text)
    if national_id is None:
        return Reask(ID_INVALID, "1-1661-31860-91-0")
    indexes = draft.ctx.protector.blind_indexes(national_id)
    if draft.ctx.session.scalar(select(Person.id).where(Person.national_id_index.in_(indexes))):
        return Reask(ID_EXISTS)
    return national_id


STEPS = (
    Step(
        "household",
        ASK_HOUSEHOLD,
        find_household,
        example=HOUSEHOLD_EXAMPLE,
        section="household",
        help="พิมพ์รหัสบ้าน เลขบัตรประชาชน หรือชื่อ ระบบจะค้นหาเฉพาะครัวเรือนในพื้นที่ของคุณ",
    ),
    Step(
        "confirm_household",
        show_household,
        confirm_household,
        choices=YES_NO,
        skip_if=is_new,
        section="household",
    ),
    Step("new_house_no", ASK_HOUSE_NO, house_number, skip_if=not_new, section="household"),
    Step("new_village", ASK_VILLAGE, village, skip_if=not_new, section="household"),
    Step("new_head_name", ASK_HEAD_NAME, head_name, skip_if=no_personal_details, section="household"),
    Step(
        "new_head_id",
        ASK_HEAD_ID,
        head_national_id,
        optional=True,
        skip_if=no_personal_details,
        section="household",
        example="1-1661-31860-91-0",
    ),
)
