"""ยินยอม in the middle of ขอความช่วยเหลือ or เชื่อมบัญชี: consent is recorded, its one question is asked,
and then the request comes back where it was (issue 13 item 11)."""

from __future__ import annotations

import pytest

from handlers.citizen import help_request, linking
from models import User
from tests.e2e.citizens import consenting, linked, neighbour
from tests.e2e.conftest import all_text

RESUME = 'กด "ทำต่อ"'


@pytest.fixture
def homes(chat, home):
    return (home, neighbour(chat))


def consent_time(chat, user):
    with chat.rt.sessions() as session:
        row: User = user.row(session)
        return row.consent_at


@pytest.mark.parametrize("how", ["tap", "type"])
def test_consent_in_the_middle_of_a_help_request_resumes_it(chat, homes, how):
    citizen = linked(chat)
    citizen.say("ขอความช่วยเหลือ")
    citizen.say("หลังคารั่ว ฝนตกน้ำเข้าบ้าน")
    before = consent_time(chat, citizen)
    chat.clock.advance(minutes=1)
    replies = citizen.tap("citizen|consent|yes") if how == "tap" else citizen.say("ยินยอม")
    assert "ขอบคุณที่ให้ความยินยอม" in all_text(replies) and consent_time(chat, citizen) > before
    assert "quickReply" in replies[-1] and RESUME not in all_text(replies)
    assert RESUME in all_text(citizen.choose("รับแจ้งเตือน"))
    assert help_request.ASK_URGENCY in all_text(citizen.choose("ทำต่อ"))


def test_consent_in_the_middle_of_linking_resumes_it(chat, homes):
    citizen = consenting(chat, "สมชาย")
    citizen.say("เชื่อมบัญชี")
    citizen.choose("เลขบัตรประชาชน")
    citizen.tap("citizen|consent|yes")
    assert RESUME in all_text(citizen.choose("ไม่รับแจ้งเตือน"))
    assert linking.ASK_ID in all_text(citizen.choose("ทำต่อ"))


def test_yinyom_is_still_the_answer_where_the_question_offers_it(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("วันนี้")
    officer.say("ยินยอม")
    assert "พบปัญหาใหม่" in all_text(officer.last) or "ปัญหาเดิม" in all_text(officer.last)
