"""Citizens, status: the linked household's card in plain Thai, and only that household's."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

import nlp
from handlers.citizen import links, status
from models import Area, Assistance, Household
from models.vocabulary import AssistanceType, DevelopmentLevel, Dimension, ProblemStatus, Role
from nlp.formatting import BANGKOK
from tests import factories
from tests.e2e.citizens import linked, neighbour
from tests.e2e.conftest import all_text, find_action


@pytest.fixture
def homes(chat, home):
    """Household 12 with a follow-up date, a level, a referred problem and cash received; the district
    office's phone (areas are reference data kept between tests, so the phone is removed afterwards)."""
    next_door = neighbour(chat)
    with chat.rt.sessions.begin() as session:
        household = session.get(Household, home)
        household.level = DevelopmentLevel.SURVIVE
        household.next_follow_up_on = date(2027, 1, 15)
        factories.problem(session, home, Dimension.LIVING, "หลังคารั่ว", ProblemStatus.REFERRED)
        factories.problem(session, home, Dimension.INCOME, "หนี้นอกระบบ", ProblemStatus.HELPED)
        session.add(
            Assistance(
                household_id=home,
                type=AssistanceType.CASH,
                agency="พมจ.",
                amount=Decimal("3500"),
                given_on=date(2026, 11, 2),
            )
        )
        session.get(Area, "6501").office_phone = "055241234"
        session.add(
            Assistance(
                household_id=next_door, type=AssistanceType.HOUSING, agency="อบต.", given_on=date(2026, 1, 5)
            )
        )
    yield home, next_door
    with chat.rt.sessions.begin() as session:
        session.get(Area, "6501").office_phone = None


def test_a_linked_citizen_sees_their_household_in_plain_thai(chat, homes):
    citizen = linked(chat)
    card = all_text(citizen.say("สถานะ"))
    assert status.TITLE in card and "บ้านเลขที่ 12" in card
    assert "สุขภาพ: ยังไม่ได้รับความช่วยเหลือ" in card and "ความเป็นอยู่: ส่งต่อหน่วยงาน" in card
    assert "รายได้" not in card.split("ความช่วยเหลือที่ได้รับ")[0]
    assert "เงินสงเคราะห์ 3,500 บาท · พมจ. · 2 พ.ย. 2569" in card
    assert "15 ม.ค. 2570" in card and "อยู่รอด" in card
    assert "ทีมปฏิบัติการ ตำบลในเมือง" in card and "055241234" in card
    assert f"ข้อมูลล่าสุดเมื่อ {nlp.thai_date(datetime.now(BANGKOK).date())}" in card


def test_the_card_shows_no_problem_details_other_members_or_other_households(chat, homes):
    citizen = linked(chat)
    card = all_text(citizen.say("สถานะ"))
    for private in ("ป้าป่วยเบาหวาน", "หลังคารั่ว", "สมศรี", "บ้านเลขที่ 99", "วันดี", "ตกงาน", "ซ่อม/สร้างบ้าน", "อบต."):
        assert private not in card


def test_the_menu_word_status_also_works_and_a_phone_button_calls_the_office(chat, homes):
    citizen = linked(chat)
    replies = citizen.say("สถานะครัวเรือน")
    assert status.TITLE in all_text(replies)
    assert find_action(replies, "โทรหาเจ้าหน้าที่")["uri"] == "tel:055241234"


def test_anyone_not_linked_gets_the_linking_instructions(chat, homes):
    guest = chat.user("ผู้ใช้")
    assert links.NOT_LINKED in all_text(guest.say("สถานะ"))
    assert "สมชาย" not in all_text(guest.last)


def test_staff_asking_for_status_get_their_household_lookup(chat, homes):
    officer = chat.user("เจ้าหน้าที่", Role.OFFICER, "6501")
    assert "ค้นหาครัวเรือน" in all_text(officer.say("สถานะ"))
