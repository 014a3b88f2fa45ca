"""An answer that fills a later question is taken, and the choice that leads there follows from it
(issue 13 item 12): one engine rule, declared by the choices' `then`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

import nlp
from handlers.citizen import linking
from models import CitizenLink, DialogState, LinkMethod
from models.vocabulary import Role
from nlp.formatting import bangkok_date
from tests.e2e.citizens import SOMCHAI_BORN, SOMCHAI_ID, consenting, neighbour
from tests.e2e.conftest import all_text
from tests.e2e.test_citizen_linking import issue_code


def step_of(chat, user) -> str | None:
    with chat.rt.sessions() as session:
        state = session.get(DialogState, user.row(session).id)
        return state.step if state else None


def link_method(chat) -> LinkMethod | None:
    with chat.rt.sessions() as session:
        link = session.scalar(select(CitizenLink))
        return link.method if link else None


@pytest.mark.parametrize("typed", [SOMCHAI_ID, "1-1661-31860-91-0", "๑๑๖๖๑๓๑๘๖๐๙๑๐"])
def test_a_national_id_typed_at_the_method_question_goes_on_by_id(chat, home, typed):
    neighbour(chat)
    citizen = consenting(chat, "สมชาย")
    assert "วิธีไหน" in all_text(citizen.say("เชื่อมบัญชี"))
    reply = all_text(citizen.say(typed))
    assert linking.ASK_BIRTH in reply and "เลือกจากตัวเลือก" not in reply
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(citizen.say(SOMCHAI_BORN))
    assert link_method(chat) is LinkMethod.NATIONAL_ID


def test_a_link_code_typed_at_the_method_question_links_by_code(chat, home):
    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "6501")
    code = issue_code(chat, officer)
    citizen = consenting(chat, "สมชาย")
    citizen.say("เชื่อมบัญชี")
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(citizen.say(code))
    assert link_method(chat) is LinkMethod.CODE


def test_chatter_at_the_method_question_is_still_asked_again(chat, home):
    citizen = consenting(chat, "สมชาย")
    citizen.say("เชื่อมบัญชี")
    assert "เลือกจากตัวเลือก" in all_text(citizen.say("อะไรนะ"))
    assert step_of(chat, citizen) == "method"


@pytest.mark.parametrize("typed", ["65010000001", "๖๕๐๑๐๐๐๐๐๐๑"])
def test_a_house_code_typed_at_the_visits_first_question(chat, home, officer, typed):
    officer.say("เยี่ยมบ้าน")
    officer.say(typed)
    assert step_of(chat, officer) == "confirm_household" and "ใช่ครัวเรือนนี้ไหม" in all_text(officer.last)


def test_a_house_code_typed_at_the_household_confirmation_picks_that_household(chat, home, officer):
    other = neighbour(chat)
    officer.tap(f"officer|visit|{other}")
    assert step_of(chat, officer) == "confirm_household"
    officer.say("65010000001")
    assert step_of(chat, officer) == "confirm_household" and "สมชาย" in all_text(officer.last)
    officer.choose("ใช่")
    assert step_of(chat, officer) == "visited_on"
    with chat.rt.sessions() as session:
        state = session.get(DialogState, officer.row(session).id)
        data = chat.rt.protector.open_json(state.data, f"dialog:{state.user_id}".encode())
    assert data["answers"]["household"] == home


THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def day_month(day: date) -> str:
    """'2 ธ.ค.': the day as people type it, without the year."""
    return nlp.thai_date(day).rsplit(" ", 1)[0]


def slashed_in_thai_digits(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}".translate(THAI_DIGITS)


@pytest.mark.parametrize(
    "typed",
    [
        lambda today: "เมื่อวาน",
        lambda today: day_month(today - timedelta(days=1)),
        lambda today: day_month(today).translate(THAI_DIGITS),
        lambda today: slashed_in_thai_digits(today - timedelta(days=2)),
    ],
)
def test_a_thai_date_typed_where_date_buttons_were_offered(chat, home, officer, typed):
    typed = typed(bangkok_date(chat.rt.now()))
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.say(typed)
    assert step_of(chat, officer) == "consent"


@pytest.mark.parametrize(
    "typed",
    [lambda today: "อีก ๑๔ วัน", lambda today: day_month(today + timedelta(days=10)), lambda today: "สัปดาห์หน้า"],
)
def test_a_thai_date_typed_at_the_follow_up_question(chat, home, officer, typed):
    typed = typed(bangkok_date(chat.rt.now()))
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("วันนี้")
    officer.choose("ไม่ยินยอม")
    officer.choose("อยู่รอด")
    assert step_of(chat, officer) == "follow_up_on"
    officer.say(typed)
    assert step_of(chat, officer) not in ("follow_up_on", None)


def test_a_visit_report_answered_entirely_by_typing_thai_ends_with_a_receipt(chat, home, officer):
    typed = [
        "เยี่ยมบ้าน",
        "65010000001",
        "ใช่",
        "เมื่อวาน",
        "ยินยอม",
        "ข้าม",
        "ยายป่วยติดเตียง ไม่มีคนดูแล",
        "การเข้าถึงบริการรัฐ",
        "ไม่มี",
        "ทั้งครัวเรือน",
        "ไม่มี",
        "ไม่มี",
        "อยู่รอด",
        "อีก 30 วัน",
        "ข้าม",
        "ข้าม",
        "ข้าม",
        "ยืนยันส่งรายงาน",
    ]
    for message in typed:
        officer.say(message)
        assert "ขออภัย" not in all_text(officer.last), message
    receipt = all_text(officer.last)
    assert "บันทึกการเยี่ยมเรียบร้อยแล้ว" in receipt and "VR-" in receipt
    assert step_of(chat, officer) is None
