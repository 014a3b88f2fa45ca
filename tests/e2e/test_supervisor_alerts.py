"""Supervisor alerts through the emulator: who gets them (scope), once, mute, quiet hours, multicast
batching, and delivery through LINE's faults."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot.worker import sweep
from emulator.faults import Fault
from models import AlertKind, DeliveryStatus, HelpRequest, OutboundMessage, Urgency, User
from models.vocabulary import Role
from nlp.formatting import BANGKOK
from tests.e2e.conftest import actions_in, all_text
from tests.e2e.supervisors import alert_cards, household, move_clock_to, raise_alert, rows


@pytest.fixture
def staff(chat):
    move_clock_to(chat, 10)
    return SimpleNamespace(
        district=chat.user("หัวหน้า อำเภอเมือง", Role.SUPERVISOR, "6501"),
        province=chat.user("หัวหน้า จังหวัด", Role.SUPERVISOR, "65"),
        officer=chat.user("เจ้าหน้าที่ ในเมือง", Role.OFFICER, "650101"),
        district_officer=chat.user("เจ้าหน้าที่ อำเภอ", Role.OFFICER, "6501"),
        other_district=chat.user("หัวหน้า นครไทย", Role.SUPERVISOR, "6502"),
        other_province=chat.user("หัวหน้า เชียงใหม่", Role.SUPERVISOR, "50"),
        other_officer=chat.user("เจ้าหน้าที่ วังน้ำคู้", Role.OFFICER, "650102"),
    )


def nothing_for(chat, *people) -> bool:
    return all(chat.messages_to(person.user_id) == [] for person in people)


def labels(messages) -> set[str]:
    return {action.get("label") for action in actions_in(messages)}


def test_a_critical_household_alerts_its_district_and_province_supervisors_only(chat, staff):
    raise_alert(chat, household(chat))
    for supervisor in (staff.district, staff.province):
        cards = alert_cards(chat, supervisor)
        assert len(cards) == 1 and "ครัวเรือนวิกฤต (ด่วน)" in all_text(cards)
        assert {"รับทราบ", "มอบหมาย", "นัดเยี่ยมซ้ำ"} <= labels(cards)
    assert nothing_for(
        chat,
        staff.officer,
        staff.district_officer,
        staff.other_district,
        staff.other_province,
        staff.other_officer,
    )


def test_a_help_request_also_reaches_the_officers_of_its_subdistrict_and_district(chat, staff):
    home = household(chat)
    with chat.rt.sessions.begin() as session:
        request = HelpRequest(
            reference="RQ-2569-000001", household_id=home, text="ไม่มีข้าวกิน", urgency=Urgency.SOON
        )
        session.add(request)
        session.flush()
        request_id = request.id
    raise_alert(
        chat, home, AlertKind.HELP_REQUEST, urgent=False, reason="ไม่มีข้าวกิน", help_request_id=request_id
    )
    for supervisor in (staff.district, staff.province):
        assert "มอบหมาย" in labels(alert_cards(chat, supervisor))
    for officer in (staff.officer, staff.district_officer):
        cards = alert_cards(chat, officer)
        assert len(cards) == 1 and "ประชาชนขอความช่วยเหลือ" in all_text(cards)
        assert "เยี่ยมบ้านนี้" in labels(cards) and "มอบหมาย" not in labels(cards)
    assert nothing_for(chat, staff.other_officer, staff.other_district, staff.other_province)


def test_a_changed_visit_report_goes_to_supervisors_with_its_own_title(chat, staff):
    raise_alert(chat, household(chat), AlertKind.VISIT_CHANGED, urgent=False, reason="แก้ไขระดับการพัฒนา")
    assert "รายงานการเยี่ยมถูกแก้ไข" in all_text(alert_cards(chat, staff.district))
    assert nothing_for(chat, staff.officer, staff.other_district)


def test_the_same_cause_alerts_once(chat, staff):
    home = household(chat)
    assert raise_alert(chat, home, key="critical:visit:1") is not None
    assert raise_alert(chat, home, key="critical:visit:1") is None
    assert len(alert_cards(chat, staff.district)) == 1


def test_muted_supervisors_get_only_urgent_alerts(chat, staff):
    staff.district.say("ปิดแจ้งเตือน")
    home = household(chat)
    raise_alert(chat, home, AlertKind.VISIT_CHANGED, urgent=False, key="changed")
    assert alert_cards(chat, staff.district) == [] and len(alert_cards(chat, staff.province)) == 1
    raise_alert(chat, home, key="critical")
    assert len(alert_cards(chat, staff.district)) == 1


def test_quiet_hours_hold_non_urgent_alerts_until_seven(chat, staff):
    move_clock_to(chat, 22)
    raise_alert(chat, household(chat), AlertKind.VISIT_CHANGED, urgent=False)
    assert alert_cards(chat, staff.district) == []
    (held,) = rows(chat)
    morning = held.next_attempt_at.astimezone(BANGKOK)
    assert held.status is DeliveryStatus.HELD and (morning.hour, morning.minute) == (7, 0)
    raise_alert(chat, household(chat, house_code="65010000002"), urgent=True)
    assert len(alert_cards(chat, staff.district)) == 1
    chat.clock.advance(hours=8, minutes=59)
    sweep.sweep(chat.rt)
    assert len(alert_cards(chat, staff.district)) == 1
    chat.clock.advance(minutes=2)
    sweep.sweep(chat.rt)
    sweep.sweep(chat.rt)
    cards = alert_cards(chat, staff.district)
    assert len(cards) == 2 and "รายงานการเยี่ยมถูกแก้ไข" in all_text(cards[1])


def test_one_card_to_many_goes_in_multicasts_of_at_most_500(chat):
    move_clock_to(chat, 10)
    people = [chat.platform.emulator.add_user(f"หัวหน้า {n}") for n in range(520)]
    with chat.rt.sessions.begin() as session:
        session.add_all(
            User(line_user_id=p.user_id, display_name=p.display_name, role=Role.SUPERVISOR, area_code="6501")
            for p in people
        )
    raise_alert(chat, household(chat))
    calls = chat.platform.emulator.state.requests(path="/v2/bot/message/multicast")
    assert sorted(len(call.body["to"]) for call in calls) == [20, 500]
    assert all(len(chat.messages_to(p.user_id)) == 1 for p in people)


def test_through_429_500_and_a_timeout_each_supervisor_gets_the_card_exactly_once(chat, staff):
    late = chat.rt.settings.line_read_timeout + 1
    for kind in ("429", "500", "timeout"):
        chat.platform.emulator.state.faults.add(
            Fault(kind=kind, path="/v2/bot/message/multicast", delay=late)
        )
    raise_alert(chat, household(chat))
    for _ in range(6):
        chat.clock.advance(minutes=10)
        sweep.sweep(chat.rt)
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert row.status is DeliveryStatus.DELIVERED and row.attempts == 4
    statuses = [
        call.status for call in chat.platform.emulator.state.requests(path="/v2/bot/message/multicast")
    ]
    assert statuses[:2] == [429, 500] and statuses[-1] == 409
    assert {call.headers["X-Line-Retry-Key"] for call in chat.platform.emulator.state.requests()} == {
        str(row.id)
    }
    for supervisor in (staff.district, staff.province):
        assert len(alert_cards(chat, supervisor)) == 1
