"""Acting on an alert card from the chat: รับทราบ, มอบหมาย, นัดเยี่ยมซ้ำ — recorded, shown, and scoped."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

import nlp
from handlers.supervisor.access import NOT_FOUND, SUPERVISORS_ONLY
from handlers.supervisor.actions import BAD_DATE
from models import Alert, AlertKind, AlertState, AuditLog, Household
from models.vocabulary import Role
from tests.e2e.conftest import actions_in, all_text
from tests.e2e.supervisors import alert_cards, household, move_clock_to, raise_alert, today


@pytest.fixture
def world(chat):
    move_clock_to(chat, 10)
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "650101")
    home = household(chat)
    alert_id = raise_alert(chat, home)
    supervisor.last = alert_cards(chat, supervisor)
    return SimpleNamespace(supervisor=supervisor, officer=officer, home=home, alert_id=alert_id)


def alert(chat, alert_id: int) -> Alert:
    with chat.rt.sessions() as session:
        return session.get(Alert, alert_id)


def user_id(chat, person) -> int:
    with chat.rt.sessions() as session:
        return person.row(session).id


def test_acknowledging_is_recorded_and_the_card_shows_who_acted_first(chat, world):
    world.supervisor.choose("รับทราบ")
    assert "รับทราบแล้ว โดย หัวหน้า วิชัย" in all_text(world.supervisor.last)
    acted = alert(chat, world.alert_id)
    assert acted.state is AlertState.ACKNOWLEDGED and acted.acted_by_id == user_id(chat, world.supervisor)
    province = chat.user("หัวหน้า จังหวัด", Role.SUPERVISOR, "65")
    province.tap(f"alert|ack|{world.alert_id}")
    assert "รับทราบแล้ว โดย หัวหน้า วิชัย" in all_text(province.last)
    with chat.rt.sessions() as session:
        audited = session.scalars(select(AuditLog.action).where(AuditLog.object_type == "alert")).all()
    assert audited == ["acknowledged"]


def test_assigning_picks_an_officer_in_scope_who_gets_the_household_and_can_start_the_visit(chat, world):
    chat.user("เจ้าหน้าที่ นครไทย", Role.OFFICER, "650201")
    chat.user("เจ้าหน้าที่ อำเภอ", Role.OFFICER, "6501")
    world.supervisor.choose("มอบหมาย")
    offered = [a["label"] for a in actions_in(world.supervisor.last)]
    assert offered == ["เจ้าหน้าที่ สมใจ", "เจ้าหน้าที่ อำเภอ"]
    world.supervisor.choose("เจ้าหน้าที่ สมใจ")
    assert "มอบหมายให้ เจ้าหน้าที่ สมใจ โดย หัวหน้า วิชัย" in all_text(world.supervisor.last)
    acted = alert(chat, world.alert_id)
    assert acted.state is AlertState.ASSIGNED and acted.assigned_to_id == user_id(chat, world.officer)
    world.officer.last = chat.messages_to(world.officer.user_id)
    assert "มอบหมายให้คุณ" in all_text(world.officer.last) and "บ้านเลขที่ 12" in all_text(world.officer.last)
    world.officer.choose("เริ่มรายงานการเยี่ยม")
    assert "ใช่ครัวเรือนนี้ไหม" in all_text(world.officer.last)


def test_asking_for_a_revisit_sets_the_date_and_tells_the_assigned_officer(chat, world):
    world.supervisor.tap(f"alert|assign|{world.alert_id}|{user_id(chat, world.officer)}")
    world.supervisor.last = alert_cards(chat, world.supervisor)[:1]
    world.supervisor.choose("นัดเยี่ยมซ้ำ")
    assert {"ภายใน 3 วัน", "ภายใน 7 วัน", "เลือกวันที่"} <= {a["label"] for a in actions_in(world.supervisor.last)}
    world.supervisor.choose("เลือกวันที่", date=(today(chat) - timedelta(days=1)).isoformat())
    assert BAD_DATE in all_text(world.supervisor.last)
    day = today(chat) + timedelta(days=10)
    world.supervisor.choose("เลือกวันที่", date=day.isoformat())
    assert f"นัดเยี่ยมซ้ำภายใน {nlp.thai_date(day)} โดย หัวหน้า วิชัย" in all_text(world.supervisor.last)
    acted = alert(chat, world.alert_id)
    assert acted.state is AlertState.REVISIT_REQUESTED and acted.revisit_by == day
    with chat.rt.sessions() as session:
        assert session.get(Household, world.home).next_follow_up_on == day
    assert f"ขอให้เยี่ยมครัวเรือนนี้ซ้ำภายใน {nlp.thai_date(day)}" in all_text(
        chat.messages_to(world.officer.user_id)
    )


def test_buttons_replayed_or_tampered_by_anyone_outside_the_household_area_change_nothing(chat, world):
    officer_id = user_id(chat, world.officer)
    outsiders = [
        chat.user("หัวหน้า นครไทย", Role.SUPERVISOR, "6502"),
        chat.user("หัวหน้า เชียงใหม่", Role.SUPERVISOR, "50"),
        chat.user("ผู้ใช้ทั่วไป"),
    ]
    for outsider in outsiders:
        for data in (
            f"alert|ack|{world.alert_id}",
            f"alert|assign|{world.alert_id}|{officer_id}",
            f"alert|revisit|{world.alert_id}|{(today(chat) + timedelta(days=3)).isoformat()}",
        ):
            assert [m["text"] for m in outsider.tap(data)] == [NOT_FOUND]
    foreign = chat.user("เจ้าหน้าที่ นครไทย", Role.OFFICER, "650201")
    world.supervisor.tap(f"alert|assign|{world.alert_id}|{user_id(chat, foreign)}")
    assert "มอบหมายให้เจ้าหน้าที่คนไหน" in all_text(world.supervisor.last)
    assert alert(chat, world.alert_id).state is AlertState.NEW
    assert chat.messages_to(world.officer.user_id) == [] and chat.messages_to(foreign.user_id) == []
    with chat.rt.sessions() as session:
        assert (
            session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.object_type == "alert"))
            == 0
        )


def test_officers_may_acknowledge_a_help_request_but_not_assign_it(chat, world):
    alert_id = raise_alert(chat, world.home, AlertKind.HELP_REQUEST, urgent=False, reason="ขอถุงยังชีพ")
    assert [m["text"] for m in world.officer.tap(f"alert|assign|{alert_id}")] == [SUPERVISORS_ONLY]
    world.officer.tap(f"alert|ack|{alert_id}")
    assert "รับทราบแล้ว โดย เจ้าหน้าที่ สมใจ" in all_text(world.officer.last)
    assert "มอบหมาย" not in {a["label"] for a in actions_in(world.officer.last)}
