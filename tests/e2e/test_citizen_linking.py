"""Citizens, linking: ID + birth date, one-time codes, one failure reply, lock-out and expiry, unlinking."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from handlers.citizen import link_watch, linking, links
from models import CitizenLink, DialogState, LinkMethod
from models.vocabulary import Role
from tests.e2e.citizens import (
    NOT_IN_DATABASE_ID,
    SOMCHAI_BORN,
    SOMCHAI_ID,
    audit_actions,
    consenting,
    link_by_id,
    neighbour,
)
from tests.e2e.conftest import all_text


@pytest.fixture
def homes(chat, home):
    return (home, neighbour(chat))


def active_links(chat) -> list[CitizenLink]:
    with chat.rt.sessions() as session:
        return list(session.scalars(select(CitizenLink).where(CitizenLink.unlinked_at.is_(None))))


def pass_time_in_redis(chat, seconds: int) -> None:
    """What an hour does to the counters: keys that would have expired go, the others get shorter."""
    redis = chat.rt.redis
    for key in redis.scan_iter(chat.rt.key("counter", "*")):
        left = redis.ttl(key)
        if 0 <= left <= seconds:
            redis.delete(key)
        elif left > seconds:
            redis.expire(key, left - seconds)


BIRTH_DATES = [SOMCHAI_BORN, "17/05/2503", "17 พฤษภาคม 1960", "๑๗ พ.ค. ๒๕๐๓"]


@pytest.mark.parametrize("born", BIRTH_DATES)
def test_linking_by_national_id_and_birth_date_in_be_or_ce(chat, homes, born):
    citizen = consenting(chat, "สมชาย")
    replies = link_by_id(citizen, "1-1661-31860-91-0", born)
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(replies) and "คุณสมชาย" in all_text(replies)
    [link] = active_links(chat)
    assert link.household_id == homes[0] and link.method is LinkMethod.NATIONAL_ID
    with chat.rt.sessions() as session:
        assert citizen.row(session).role is Role.CITIZEN
    assert [a.changes["result"] for a in audit_actions(chat, "link_attempt")] == ["linked"]


def test_a_two_digit_year_is_confirmed_before_it_is_checked(chat, homes):
    citizen = consenting(chat, "สมชาย")
    citizen.say("เชื่อมบัญชี")
    citizen.choose("เลขบัตรประชาชน")
    citizen.say(SOMCHAI_ID)
    assert re.search(r"วันเกิด 17 พฤษภาคม 25\d\d ใช่ไหม", all_text(citizen.say("17 พ.ค. 03")))
    assert linking.ASK_BIRTH in all_text(citizen.choose("ไม่ใช่"))
    assert audit_actions(chat, "link_attempt") == []
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(citizen.say(SOMCHAI_BORN))


def test_the_national_id_is_never_kept_in_the_draft_the_audit_or_the_logs(chat, homes, caplog):
    citizen = consenting(chat, "สมชาย")
    citizen.say("เชื่อมบัญชี")
    citizen.choose("เลขบัตรประชาชน")
    with caplog.at_level("DEBUG"):
        citizen.say(SOMCHAI_ID)
    with chat.rt.sessions() as session:
        state = session.scalar(select(DialogState))
        draft = chat.rt.protector.open_json(state.data, f"dialog:{state.user_id}".encode())
    assert SOMCHAI_ID not in str(draft) and draft["answers"]["national_id"]
    citizen.say("17/05/2499")
    assert SOMCHAI_ID not in caplog.text
    assert all(SOMCHAI_ID not in str(a.changes) for a in audit_actions(chat, "link_attempt"))


def test_wrong_id_wrong_birth_date_and_wrong_code_get_the_same_reply(chat, homes):
    citizen = consenting(chat, "ผู้ใช้")
    wrong_id = link_by_id(citizen, NOT_IN_DATABASE_ID, SOMCHAI_BORN)
    wrong_birth = link_by_id(citizen, SOMCHAI_ID, "18 พ.ค. 2503")
    citizen.say("เชื่อมบัญชี")
    citizen.choose("รหัสจากเจ้าหน้าที่")
    wrong_code = citizen.say("ABCDE-FGHJK")
    assert all_text(wrong_id) == all_text(wrong_birth) == all_text(wrong_code)
    assert linking.FAILED in all_text(wrong_id)
    assert active_links(chat) == []
    results = [(a.changes["method"], a.changes["result"]) for a in audit_actions(chat, "link_attempt")]
    assert results == [
        ("national_id_birth_date", "failed"),
        ("national_id_birth_date", "failed"),
        ("one_time_code", "failed"),
    ]


def test_a_malformed_id_is_asked_again_and_is_not_counted(chat, homes):
    citizen = consenting(chat, "ผู้ใช้")
    citizen.say("เชื่อมบัญชี")
    citizen.choose("เลขบัตรประชาชน")
    assert linking.BAD_ID in all_text(citizen.say("1166131860911"))
    assert audit_actions(chat, "link_attempt") == []


def issue_code(chat, officer) -> str:
    """The officer finds household 12 and taps ออกรหัสเชื่อมบัญชี for its head."""
    officer.say("ค้นหาครัวเรือน")
    officer.say("65010000001")
    officer.choose("ออกรหัสเชื่อมบัญชี")
    officer.choose("สมชาย")
    return re.search(r"\b([2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})\b", all_text(officer.last)).group(1)


def link_by_code(user, code: str) -> str:
    user.say("เชื่อมบัญชี")
    user.choose("รหัสจากเจ้าหน้าที่")
    return all_text(user.say(code))


def test_linking_with_an_officers_one_time_code_works_once(chat, homes):
    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "6501")
    code = issue_code(chat, officer)
    citizen = consenting(chat, "สมชาย")
    assert "เชื่อมบัญชีเรียบร้อย" in link_by_code(citizen, code)
    [link] = active_links(chat)
    assert link.method is LinkMethod.CODE and link.household_id == homes[0]
    other = consenting(chat, "คนอื่น")
    assert linking.FAILED in link_by_code(other, code)
    assert len(active_links(chat)) == 1


def test_a_code_expires_after_seven_days(chat, homes):
    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "6501")
    code = issue_code(chat, officer)
    chat.clock.advance(days=7, minutes=1)
    citizen = consenting(chat, "สมชาย")
    assert linking.FAILED in link_by_code(citizen, code)
    assert active_links(chat) == []


def test_five_failures_lock_linking_for_an_hour_then_it_works_again(chat, homes):
    citizen = consenting(chat, "ผู้ใช้")
    for _ in range(4):
        link_by_id(citizen, NOT_IN_DATABASE_ID, "1 ม.ค. 2500")
    fifth = all_text(link_by_id(citizen, NOT_IN_DATABASE_ID, "1 ม.ค. 2500"))
    assert linking.FAILED in fifth and "60 นาที" in fifth
    assert "นาที" in all_text(citizen.say("เชื่อมบัญชี")) and "เลขบัตรประชาชน" not in all_text(citizen.last)
    locked_for = chat.rt.redis.ttl(chat.rt.key("counter", f"lock:link-fail:{citizen.user_id}"))
    assert 3500 < locked_for <= 3600
    owner = consenting(chat, "สมชาย")
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(link_by_id(owner)), "the lock is per LINE user"
    pass_time_in_redis(chat, 59 * 60)
    assert "นาที" in all_text(citizen.say("เชื่อมบัญชี"))
    pass_time_in_redis(chat, 2 * 60)
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(link_by_id(citizen))
    results = [a.changes["result"] for a in audit_actions(chat, "link_attempt")]
    assert results == ["failed"] * 5 + ["locked", "linked", "locked", "linked"]


def test_strangers_failing_never_pause_linking_for_everyone_they_alert_operators(chat, homes, monkeypatch):
    monkeypatch.setattr(link_watch, "UNUSUAL_PER_HOUR", 3)
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    for name in ("หนึ่ง", "สอง", "สาม", "สี่", "ห้า"):
        link_by_id(consenting(chat, name), NOT_IN_DATABASE_ID, SOMCHAI_BORN)
    owner = consenting(chat, "สมชาย")
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(link_by_id(owner))
    alarms = [m for m in chat.messages_to(supervisor.user_id) if "สูงผิดปกติ" in all_text([m])]
    assert len(alarms) == 1, "one alarm when the hour's failures reach the threshold, not one per failure"
    assert [a.changes for a in audit_actions(chat, "link_failures_unusual")] == [{"per_hour": 3}]


def test_staff_cannot_link_and_keep_their_role(chat, homes):
    officer = chat.user("เจ้าหน้าที่", Role.OFFICER, "6501")
    assert linking.STAFF in all_text(officer.say("เชื่อมบัญชี"))
    with chat.rt.sessions() as session:
        assert officer.row(session).role is Role.OFFICER
    assert active_links(chat) == []


def test_unlinking_asks_then_returns_the_user_to_guest(chat, homes):
    citizen = consenting(chat, "สมชาย")
    link_by_id(citizen)
    assert links.ASK_UNLINK in all_text(citizen.say("ยกเลิกการเชื่อม"))
    assert links.UNLINKED in all_text(citizen.choose("ยืนยันยกเลิก"))
    assert active_links(chat) == []
    with chat.rt.sessions() as session:
        assert citizen.row(session).role is Role.GUEST
    assert links.NOT_LINKED in all_text(citizen.say("สถานะ"))
    assert links.NOTHING_TO_UNLINK in all_text(citizen.say("ยกเลิกการเชื่อม"))


def test_the_rich_menu_follows_the_new_role(chat, homes):
    citizen = consenting(chat, "สมชาย")
    assert chat.platform.emulator.state.user(citizen.user_id).rich_menu_id is None
    link_by_id(citizen)
    menu_id = chat.platform.emulator.state.user(citizen.user_id).rich_menu_id
    assert menu_id is not None and menu_id == chat.rt.redis.get(chat.rt.key("richmenu", "citizen")).decode()


def test_an_id_typed_by_a_citizen_not_yet_linked_starts_linking_with_it(chat, homes):
    citizen = consenting(chat, "สมชาย")
    asked = all_text(citizen.say(SOMCHAI_ID))
    assert linking.ASK_BIRTH in asked and "ไม่เข้าใจ" not in asked
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(citizen.say(SOMCHAI_BORN))
    [link] = active_links(chat)
    assert link.household_id == homes[0] and link.method is LinkMethod.NATIONAL_ID
