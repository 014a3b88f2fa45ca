"""Citizens, help requests: a short dialog, a reference number, a request on the household, an alert."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.worker import sweep
from handlers.citizen import help_request, links
from handlers.visit.submit import buddhist_year
from models import Alert, AlertKind, HelpRequest, Urgency
from models.vocabulary import Role
from tests.e2e.citizens import consenting, linked, neighbour
from tests.e2e.conftest import all_text
from tests.e2e.supervisors import move_clock_to


@pytest.fixture
def homes(chat, home):
    return (home, neighbour(chat))


def reference(chat, number: int) -> str:
    return f"RQ-{buddhist_year(chat.rt.now().date())}-{number:06d}"


def test_a_help_request_is_saved_with_a_reference_and_alerts_the_area(chat, homes):
    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "650101")
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    elsewhere = chat.user("เจ้าหน้าที่ อำเภออื่น", Role.OFFICER, "650201")
    citizen = linked(chat)
    assert help_request.ASK_PROBLEM in all_text(citizen.say("ขอความช่วยเหลือ"))
    assert help_request.ASK_URGENCY in all_text(citizen.say("หลังคารั่ว ฝนตกน้ำเข้าบ้าน ช่วยด้วย"))
    assert help_request.ASK_PHONE in all_text(citizen.choose("ด่วนมาก"))
    summary = all_text(citizen.say("081-234-5678"))
    assert "ความเป็นอยู่" in summary and "0812345678" in summary and "ด่วนมาก" in summary
    receipt = all_text(citizen.choose("ส่งคำขอ"))
    assert reference(chat, 1) in receipt
    with chat.rt.sessions() as session:
        request = session.scalar(select(HelpRequest))
        assert (request.household_id, request.user_id) == (homes[0], citizen.row(session).id)
        assert request.urgency is Urgency.URGENT and request.phone == "0812345678"
        assert request.dimensions == ["living"] and "หลังคารั่ว" in request.text
        alert = session.scalar(select(Alert))
        assert alert.kind is AlertKind.HELP_REQUEST and alert.help_request_id == request.id and alert.urgent
    for staff in (officer, supervisor):
        card = all_text(chat.messages_to(staff.user_id))
        assert "ประชาชนขอความช่วยเหลือ" in card and reference(chat, 1) in card and "0812345678" in card
    assert chat.messages_to(elsewhere.user_id) == []


def test_an_unclear_story_asks_for_the_dimension_and_the_phone_can_be_skipped(chat, homes):
    citizen = linked(chat)
    citizen.say("ขอความช่วยเหลือ")
    assert help_request.ASK_DIMENSION in all_text(citizen.say("อยากให้เจ้าหน้าที่มาคุยที่บ้าน"))
    citizen.choose("การเข้าถึงบริการรัฐ")
    citizen.choose("ไม่เร่งด่วน")
    assert "ไม่ได้ให้ไว้" in all_text(citizen.choose("ข้าม"))
    citizen.choose("ส่งคำขอ")
    with chat.rt.sessions() as session:
        request = session.scalar(select(HelpRequest))
        assert request.dimensions == ["public_services"] and request.phone is None
        assert request.urgency is Urgency.NORMAL and session.scalar(select(Alert.urgent)) is False


def test_each_request_gets_the_next_reference_and_a_second_tap_sends_nothing(chat, homes):
    citizen = linked(chat)
    for number in (1, 2):
        citizen.say("ขอความช่วยเหลือ")
        citizen.say("ไม่มีเงินซื้อข้าว ตกงาน")
        citizen.choose("ภายในสัปดาห์นี้")
        summary = citizen.choose("ข้าม")
        assert reference(chat, number) in all_text(citizen.choose("ส่งคำขอ"))
    citizen.last = summary
    citizen.choose("ส่งคำขอ")
    with chat.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(HelpRequest)) == 2


def test_an_unlinked_citizen_is_asked_to_link_first(chat, homes):

    guest = consenting(chat, "ผู้ใช้")
    assert links.NOT_LINKED in all_text(guest.say("ขอความช่วยเหลือ"))


def test_staff_get_a_polite_note(chat, homes):
    officer = chat.user("เจ้าหน้าที่", Role.OFFICER, "6501")
    assert help_request.FOR_CITIZENS in all_text(officer.say("ขอความช่วยเหลือ"))



def taken_up_at(chat, hour: int):
    """A linked citizen asks for help at that Bangkok hour and a supervisor acknowledges twice; returns the
    citizen and what the citizen had been sent before the acknowledgement."""
    move_clock_to(chat, hour)
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    citizen = linked(chat)
    for step, words in ((citizen.say, "ขอความช่วยเหลือ"), (citizen.say, "หลังคารั่ว ฝนตกน้ำเข้าบ้าน"),
                        (citizen.choose, "ด่วนมาก"), (citizen.say, "ข้าม"), (citizen.choose, "ส่งคำขอ")):
        step(words)
    with chat.rt.sessions() as session:
        alert_id = session.scalar(select(Alert.id))
    before = len(chat.messages_to(citizen.user_id))
    supervisor.tap(f"alert|ack|{alert_id}")
    supervisor.tap(f"alert|ack|{alert_id}")
    return citizen, before


def told(chat, citizen, before: int) -> list[str]:
    return [m["text"] for m in chat.messages_to(citizen.user_id)[before:]]


def test_the_citizen_hears_once_when_staff_take_the_request_up(chat, homes):
    citizen, before = taken_up_at(chat, 10)
    assert told(chat, citizen, before) == [help_request.TAKEN_UP.format(reference=reference(chat, 1))]


def test_taken_up_at_night_the_citizen_hears_at_seven(chat, homes):
    citizen, before = taken_up_at(chat, 22)
    assert told(chat, citizen, before) == []
    move_clock_to(chat, 7, 1)
    sweep.sweep(chat.rt)
    assert told(chat, citizen, before) == [help_request.TAKEN_UP.format(reference=reference(chat, 1))]
