"""Citizens, consent: the notice on follow, consent and refusal, withdrawal, blocking, groups, /privacy."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.citizen import consent, notice
from models import CitizenLink, DialogState
from models.vocabulary import Role
from tests.e2e.citizens import audit_actions, linked, neighbour
from tests.e2e.conftest import actions_in, all_text


@pytest.fixture
def homes(chat, home):
    return (home, neighbour(chat))


def test_follow_greets_and_asks_for_consent_before_anything_personal(chat):
    guest = chat.user("ผู้ใช้ใหม่")
    replies = guest.send("follow")
    shown = all_text(replies)
    assert consent.GREETING in shown and notice.TITLE in shown
    assert all(heading in shown for heading, _ in notice.SHORT)
    assert "บัตรประชาชน" not in shown and "วันเกิด" not in shown
    uris = [a["uri"] for a in actions_in(replies) if a["type"] == "uri"]
    assert uris == [f"{chat.rt.settings.public_base_url}/privacy"]
    assert {a.get("label") for a in actions_in(replies)} >= {"ยินยอม", "ไม่ยินยอม"}


def test_consent_is_recorded_with_the_notification_choice(chat):
    guest = chat.user("ผู้ใช้")
    guest.send("follow")
    assert consent.ASK_NOTIFY in all_text(guest.choose("ยินยอม"))
    assert "เชื่อมบัญชี" in all_text(guest.choose("รับแจ้งเตือน"))
    with chat.rt.sessions() as session:
        user = guest.row(session)
        assert user.consent_at is not None and user.consent_version == notice.VERSION and user.notify
    assert [a.action for a in audit_actions(chat, "consent")] == ["consent"]


def test_refusal_keeps_nothing_and_linking_asks_for_consent_again(chat):
    guest = chat.user("ผู้ใช้")
    guest.send("follow")
    assert consent.REFUSED in all_text(guest.choose("ไม่ยินยอม"))
    with chat.rt.sessions() as session:
        assert guest.row(session).consent_at is None
    for command in ("เชื่อมบัญชี", "ขอความช่วยเหลือ"):
        shown = all_text(guest.say(command))
        assert consent.CONSENT_FIRST in shown and "เลขบัตรประชาชน" not in shown


def test_typed_consent_counts_like_the_button(chat):
    guest = chat.user("ผู้ใช้")
    guest.send("follow")
    assert consent.ASK_NOTIFY in all_text(guest.say("ยินยอมค่ะ"))


def test_withdrawal_removes_the_link_notifications_and_role(chat, homes):
    citizen = linked(chat)
    assert consent.ASK_WITHDRAW in all_text(citizen.say("ถอนความยินยอม"))
    assert consent.WITHDRAWN in all_text(citizen.choose("ยืนยันถอนความยินยอม"))
    with chat.rt.sessions() as session:
        user = citizen.row(session)
        assert (user.consent_at, user.notify, user.role) == (None, False, Role.GUEST)
        link = session.scalar(select(CitizenLink))
        assert link.unlinked_at is not None
    assert "ยังไม่ได้เชื่อม" in all_text(citizen.say("สถานะ"))


def test_an_old_refuse_button_after_consenting_asks_before_withdrawing(chat, homes):
    citizen = linked(chat)
    citizen.tap("citizen|consent|no")
    assert consent.ASK_WITHDRAW in all_text(citizen.last)
    assert consent.NOT_WITHDRAWN in all_text(citizen.choose("ไม่ถอน"))
    with chat.rt.sessions() as session:
        assert citizen.row(session).role is Role.CITIZEN


def test_privacy_command_shows_the_settings_and_turns_notifications_off(chat, homes):
    citizen = linked(chat)
    card = citizen.say("ความเป็นส่วนตัว")
    assert "เชื่อมแล้ว" in all_text(card) and "รับ" in all_text(card)
    assert consent.NOTIFY_OFF in all_text(citizen.choose("หยุดแจ้งเตือน"))
    with chat.rt.sessions() as session:
        assert citizen.row(session).notify is False


def test_blocking_marks_the_user_unreachable_and_unblocking_welcomes_back(chat, homes):
    citizen = linked(chat)
    citizen.send("unfollow")
    with chat.rt.sessions() as session:
        assert citizen.row(session).following is False
    back = citizen.send("follow", is_unblocked=True)
    assert consent.WELCOME_BACK in all_text(back) and notice.TITLE not in all_text(back)
    with chat.rt.sessions() as session:
        assert citizen.row(session).following is True


def test_staff_cannot_withdraw_their_registration_by_chat(chat):
    officer = chat.user("เจ้าหน้าที่", Role.OFFICER, "6501")
    assert consent.STAFF_WITHDRAW in all_text(officer.say("ถอนความยินยอม"))
    officer.tap("citizen|withdraw")
    with chat.rt.sessions() as session:
        user = officer.row(session)
        assert user.role is Role.OFFICER and user.consent_at is not None


def test_a_linked_citizen_in_a_group_gets_one_line_and_nothing_personal(chat, homes):
    citizen = linked(chat)
    group = "C" + "7" * 32
    chat.post(chat.platform.emulator.event(citizen.user_id, "text", text="สถานะ", group_id=group))
    chat.post(chat.platform.emulator.event(citizen.user_id, "text", text="ขอความช่วยเหลือ", group_id=group))
    chat.run_jobs()
    sent = chat.messages_to(group)
    assert len(sent) == 2 and all(m["type"] == "text" and "1:1" in m["text"] for m in sent)
    assert "สมชาย" not in all_text(sent) and "บ้านเลขที่" not in all_text(sent)


def test_the_full_notice_is_served_as_a_thai_page(app):
    response = app.test_client().get("/privacy")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert notice.TITLE in page and all(heading in page for heading, _ in notice.FULL)


def test_withdrawal_works_in_the_middle_of_a_help_request_and_drops_the_draft(chat, homes):
    citizen = linked(chat)
    citizen.say("ขอความช่วยเหลือ")
    assert consent.ASK_WITHDRAW in all_text(citizen.say("ถอนความยินยอม"))
    citizen.choose("ยืนยันถอนความยินยอม")
    with chat.rt.sessions() as session:
        assert session.scalar(select(DialogState)) is None and citizen.row(session).consent_at is None


def test_staff_who_follow_again_are_welcomed_without_the_citizens_notice(chat):
    officer = chat.user("เจ้าหน้าที่", Role.OFFICER, "6501")
    replies = officer.send("follow")
    assert consent.WELCOME_BACK in all_text(replies) and notice.TITLE not in all_text(replies)


@pytest.mark.parametrize("typed", ["1-2345-67890-12-1", "15 ต.ค. 2529", "ใช่", "น้ำท่วมบ้าน"])
def test_anything_typed_while_consent_is_awaited_points_back_to_it(chat, typed):
    guest = chat.user("ผู้ใช้ใหม่")
    guest.send("follow")
    guest.say("เชื่อมบัญชี")
    replies = guest.say(typed)
    assert "ยินยอม" in all_text(replies) and "ไม่เข้าใจ" not in all_text(replies)
    assert {a.get("label") for a in actions_in(replies)} >= {"ยินยอม", "ไม่ยินยอม"}
    assert consent.ASK_NOTIFY in all_text(guest.say("ยินยอม"))


@pytest.mark.parametrize(("typed", "wanted"), [("รับแจ้งเตือน", True), ("ไม่รับแจ้งเตือน", False)])
def test_the_notification_choice_typed_is_the_same_as_tapped(chat, typed, wanted):
    guest = chat.user("ผู้ใช้")
    guest.send("follow")
    asked = guest.choose("ยินยอม")
    assert typed in {a.get("label") for a in actions_in(asked)}
    assert "ไม่เข้าใจ" not in all_text(guest.say(typed))
    with chat.rt.sessions() as session:
        assert guest.row(session).notify is wanted


def test_an_old_withdraw_button_after_answering_withdraws_nothing(chat, homes):
    citizen = linked(chat)
    citizen.say("ถอนความยินยอม")
    citizen.choose("ไม่ถอน")
    replies = citizen.tap("citizen|withdraw")
    assert consent.OLD_WITHDRAW_BUTTON in all_text(replies)
    with chat.rt.sessions() as session:
        assert citizen.row(session).consent_at is not None and citizen.row(session).role is Role.CITIZEN
    citizen.say("ถอนความยินยอม")
    assert consent.WITHDRAWN in all_text(citizen.choose("ยืนยันถอนความยินยอม"))
