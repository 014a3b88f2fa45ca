"""A visit report answered entirely by typing Thai, as an officer on a cheap phone does: no button is
tapped, and it ends with a receipt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.worker.inbox import APOLOGY
from models import Assistance, Problem, Visit
from models.vocabulary import DevelopmentLevel, Dimension, ProblemStatus
from nlp.formatting import BANGKOK
from tests import factories
from tests.e2e.conftest import all_text

NEW_PROBLEM = "ยายป่วยติดเตียง ไม่มีคนดูแล"
RECEIPT = "บันทึกการเยี่ยมเรียบร้อย"


@pytest.fixture
def quiet_home(chat) -> int:
    """A household of one, with no open problem (house code 65010000002)."""
    with chat.rt.sessions.begin() as session:
        return factories.household(
            session, chat.rt.protector, house_code="65010000002", members=(("บุญมา", "ดีใจ", None),)
        ).id


def typed(officer, answers: list[str]) -> str:
    """Types each answer in turn, each answered in words (never the apology); the last answer's text."""
    for answer in answers:
        shown = all_text(officer.say(answer))
        assert shown and APOLOGY not in shown, (answer, shown)
    return shown


def the_visit(chat) -> Visit:
    with chat.rt.sessions() as session:
        return session.scalar(select(Visit))


def test_a_visit_typed_from_start_to_end_ends_with_a_receipt(chat, quiet_home, officer):
    receipt = typed(
        officer,
        [
            "เยี่ยมบ้าน", "65010000002", "ใช่", "เมื่อวาน", "ยินยอม", NEW_PROBLEM, "การเข้าถึงบริการรัฐ", "ไม่ระบุ",
            "ไม่มี", "ไม่มี", "อยู่รอด", "อีก 30 วัน", "ข้าม", "ข้าม", "ข้าม", "ยืนยันส่งรายงาน",
        ],
    )
    assert RECEIPT in receipt and "VR-" in receipt
    visit = the_visit(chat)
    yesterday = chat.rt.now().astimezone(BANGKOK).date() - timedelta(days=1)
    assert visit.household_id == quiet_home and visit.consent and visit.visited_on == yesterday
    assert visit.level_assessed is DevelopmentLevel.SURVIVE
    assert visit.follow_up_on == yesterday + timedelta(days=30)
    with chat.rt.sessions() as session:
        problem = session.scalar(select(Problem).where(Problem.visit_id == visit.id))
        assert problem.detail == NEW_PROBLEM and problem.dimension is Dimension.PUBLIC_SERVICES


def test_a_follow_up_visit_typed_with_old_problem_and_assistance_ends_with_a_receipt(chat, home, officer):
    receipt = typed(
        officer,
        [
            "เยี่ยมบ้าน", "6501-000000-1", "ใช่ค่ะ", "วันนี้", "ยินยอม", "ยังไม่ได้", "ไม่มีเงิน", "ไม่ระบุ",
            "ทั้งครัวเรือน", "ไม่มีแล้ว", "เงินสงเคราะห์", "พมจ.", "สามพันห้าบาท", "วันเดียวกับวันเยี่ยม", "ไม่มีแล้ว",
            "อยู่พอเพียง", "อีก 14 วัน", "ข้าม", "ข้าม", "ครอบครัวให้ความร่วมมือดี", "ยืนยันส่งรายงาน",
        ],
    )
    assert RECEIPT in receipt
    with chat.rt.sessions() as session:
        problems = {problem.detail: problem for problem in session.scalars(select(Problem))}
        assert problems["ป้าป่วยเบาหวาน"].status is ProblemStatus.OPEN
        assert problems["ไม่มีเงิน"].dimension is Dimension.INCOME
        assert session.scalar(select(Assistance.amount)) == 3500
    assert the_visit(chat).notes == "ครอบครัวให้ความร่วมมือดี"


@pytest.mark.parametrize("early", ["ยืนยันส่งรายงาน", "ยืนยัน"])
def test_the_submit_words_typed_at_the_notes_question_are_not_its_note(chat, quiet_home, officer, early):
    shown = typed(
        officer,
        ["เยี่ยมบ้าน", "65010000002", "ใช่", "เมื่อวาน", "ยินยอม", "ไม่มี", "ไม่มี", "อยู่รอด", "อีก 30 วัน",
         "ข้าม", "ข้าม", early],
    )
    assert "สรุปรายงาน" in shown and early not in shown.split("บันทึกเพิ่มเติม")[-1].split("แจ้งด่วน")[0]
    assert RECEIPT in typed(officer, ["ยืนยันส่งรายงาน"])
    assert not the_visit(chat).notes


def test_resume_typed_at_a_free_text_question_asks_it_again(chat, quiet_home, officer):
    shown = typed(
        officer,
        ["เยี่ยมบ้าน", "65010000002", "ใช่", "เมื่อวาน", "ยินยอม", "ไม่มี", "ไม่มี", "อยู่รอด", "อีก 30 วัน",
         "ข้าม", "ข้าม", "ทำต่อ"],
    )
    assert "บันทึกเพิ่มเติม" in shown and "สรุปรายงาน" not in shown
    assert RECEIPT in typed(officer, ["ข้าม", "ยืนยันส่งรายงาน"])
    assert not the_visit(chat).notes
