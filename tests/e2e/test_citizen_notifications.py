"""Citizens, notifications: an officer's visit changes the household; the linked citizen hears once."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.worker.citizen_digests import send_citizen_digests
from handlers.citizen import notify
from models import Assistance, CitizenNotice, OutboundMessage
from models.vocabulary import AssistanceType, ProblemStatus
from nlp.formatting import BANGKOK
from tests.e2e.citizens import NEIGHBOUR_ID, linked, neighbour, officer_records
from tests.e2e.conftest import all_text
from tests.e2e.test_visit_report import walk_to_summary

HEALTH_NEWS = "ปัญหาด้านสุขภาพ: อยู่ระหว่างดำเนินการ"
CASH_NEWS = "ได้รับเงินสงเคราะห์ 3,500 บาท · พมจ."


@pytest.fixture
def homes(chat, home):
    """At noon in Bangkok, so that no test straddles midnight; household 12 has a health problem."""
    now = chat.rt.now().astimezone(BANGKOK)
    noon = datetime.combine(now.date(), time(12), tzinfo=BANGKOK)
    chat.clock.advance(seconds=(noon - now).total_seconds())
    return (home, neighbour(chat))


def visit(officer, urgent: bool = False) -> None:
    """The officer's visit: the health problem is now in progress, and 3,500 baht cash was given."""
    walk_to_summary(officer)
    if urgent:
        officer.choose("แก้ไข")
        officer.choose("แจ้งด่วน")
    officer.choose("ยืนยันส่งรายงาน")
    assert "บันทึกการเยี่ยมเรียบร้อย" in all_text(officer.last)


def news_for(chat, citizen) -> list[str]:
    return [m["text"] for m in chat.messages_to(citizen.user_id) if notify.SEE_STATUS in m.get("text", "")]


def news_pushes(chat, citizen) -> list:
    """Requests that pushed news to the citizen, whether or not the emulator showed them (blocked users)."""
    return [
        r
        for r in chat.platform.emulator.state.requests(path="/v2/bot/message/push")
        if r.body.get("to") == citizen.user_id and notify.SEE_STATUS in all_text(r.body["messages"])
    ]


def test_changes_wait_for_one_daily_digest_sent_once_with_a_retry_key(chat, homes, officer):
    citizen = linked(chat)
    visit(officer)
    assert news_for(chat, citizen) == []
    assert send_citizen_digests(chat.rt) == 1
    [digest] = news_for(chat, citizen)
    assert notify.DIGEST in digest and HEALTH_NEWS in digest and CASH_NEWS in digest
    assert send_citizen_digests(chat.rt) == 0
    assert len(news_for(chat, citizen)) == 1
    [push] = news_pushes(chat, citizen)
    with chat.rt.sessions() as session:
        row = session.get(OutboundMessage, uuid.UUID(push.headers.get("X-Line-Retry-Key")))
    assert row.recipient == citizen.user_id and row.urgent is False


def test_an_urgent_visit_is_pushed_at_once_and_not_again_in_the_digest(chat, homes, officer):
    citizen = linked(chat)
    visit(officer, urgent=True)
    [news] = news_for(chat, citizen)
    assert notify.NEWS in news and HEALTH_NEWS in news and CASH_NEWS in news
    assert send_citizen_digests(chat.rt) == 0
    assert len(news_for(chat, citizen)) == 1


def test_at_most_one_digest_a_day(chat, homes, officer):
    citizen = linked(chat)
    officer_records(chat, homes[0], urgent=False)
    assert send_citizen_digests(chat.rt) == 1
    with chat.rt.sessions.begin() as session:
        given = Assistance(
            household_id=homes[0], type=AssistanceType.GOODS, agency="อบต.", given_on=date(2026, 1, 2)
        )
        session.add(given)
        session.flush()
        user_id = citizen.row(session).id
        session.add(CitizenNotice(user_id=user_id, household_id=homes[0], assistance_id=given.id))
    assert send_citizen_digests(chat.rt) == 0
    chat.clock.advance(days=1)
    assert send_citizen_digests(chat.rt) == 1
    latest = news_for(chat, citizen)[-1]
    assert "ได้รับสิ่งของ/ถุงยังชีพ · อบต." in latest and HEALTH_NEWS not in latest


def test_a_problems_latest_status_is_the_one_in_the_digest(chat, homes, officer):
    citizen = linked(chat)
    officer_records(chat, homes[0], urgent=False)
    with chat.rt.sessions.begin() as session:
        notice = session.scalar(select(CitizenNotice).where(CitizenNotice.problem_id.is_not(None)))
        session.add(
            CitizenNotice(
                user_id=notice.user_id,
                household_id=homes[0],
                problem_id=notice.problem_id,
                status=ProblemStatus.HELPED,
                created_at=chat.rt.now() + timedelta(hours=1),
            )
        )
    send_citizen_digests(chat.rt)
    [digest] = news_for(chat, citizen)
    assert "ปัญหาด้านสุขภาพ: ได้รับความช่วยเหลือแล้ว" in digest and HEALTH_NEWS not in digest


@pytest.mark.parametrize("urgent", [True, False])
def test_nothing_is_sent_to_a_citizen_who_opted_out(chat, homes, officer, urgent):
    citizen = linked(chat, notify=False)
    officer_records(chat, homes[0], urgent=urgent)
    assert send_citizen_digests(chat.rt) == 0
    assert news_pushes(chat, citizen) == []


def test_opting_out_after_a_change_drops_what_was_waiting(chat, homes, officer):
    citizen = linked(chat)
    officer_records(chat, homes[0], urgent=False)
    citizen.say("ความเป็นส่วนตัว")
    citizen.choose("หยุดแจ้งเตือน")
    assert send_citizen_digests(chat.rt) == 0
    assert news_for(chat, citizen) == []
    with chat.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CitizenNotice)) == 0


def outbox_rows_to(chat, citizen) -> int:
    with chat.rt.sessions() as session:
        rows = session.scalars(select(OutboundMessage)).all()
        return sum(citizen.user_id in (row.recipient, *(row.recipients or [])) for row in rows)


@pytest.mark.parametrize("urgent", [True, False])
def test_nothing_is_sent_to_a_citizen_who_blocked_the_bot(chat, homes, officer, urgent):
    citizen = linked(chat)
    citizen.send("unfollow")
    before = outbox_rows_to(chat, citizen)
    officer_records(chat, homes[0], urgent=urgent)
    assert send_citizen_digests(chat.rt) == 0
    assert news_pushes(chat, citizen) == [] and outbox_rows_to(chat, citizen) == before


def test_blocking_after_a_change_means_no_digest(chat, homes, officer):
    citizen = linked(chat)
    officer_records(chat, homes[0], urgent=False)
    citizen.send("unfollow")
    assert send_citizen_digests(chat.rt) == 0
    assert news_pushes(chat, citizen) == []


def test_only_citizens_linked_to_that_household_hear(chat, homes, officer):
    citizen = linked(chat)
    next_door = linked(chat, "วันดี", national_id=NEIGHBOUR_ID)
    officer_records(chat, homes[0], urgent=True)
    officer_records(chat, homes[0], urgent=False)
    send_citizen_digests(chat.rt)
    assert len(news_for(chat, citizen)) == 2 and news_for(chat, next_door) == []
