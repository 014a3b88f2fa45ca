"""Issue 13, forged and odd input: postbacks nobody offered, colliding drafts, odd text, repeated alarms."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.worker.inbox import APOLOGY
from handlers.citizen import help_request
from handlers.engine import store
from models import Alert, DialogState, HelpRequest, Household, Person, Problem, Visit
from models.vocabulary import Role
from tests import factories
from tests.e2e.citizens import linked
from tests.e2e.conftest import all_text
from tests.e2e.test_visit_dialog import draft_step, start_at_consent

STALE = "ใช้ไม่ได้แล้ว"


def draft_key(chat, user) -> str:
    """The key engine buttons of the user's draft carry."""
    return stored_draft(chat, user)["cursor"]["key"]


def draft_data(chat, user) -> dict[str, Any]:
    """The user's answers in their stored draft."""
    return stored_draft(chat, user)["answers"]


def stored_draft(chat, user) -> dict[str, Any]:
    with chat.rt.sessions() as session:
        row = user.row(session)
        state = session.get(DialogState, row.id)
        return chat.rt.protector.open_json(state.data, f"dialog:{row.id}".encode())


def tamper(chat, user, **changes: Any) -> None:
    """Rewrites the user's sealed draft, as a forged earlier answer would have left it."""
    with chat.rt.sessions.begin() as session:
        row = user.row(session)
        state = session.get(DialogState, row.id)
        data = chat.rt.protector.open_json(state.data, f"dialog:{row.id}".encode())
        data["answers"].update(changes)
        state.data = chat.rt.protector.seal_json(data, f"dialog:{row.id}".encode())


def other_district_village(chat) -> str:
    with chat.rt.sessions.begin() as session:
        return factories.village(session, factories.OTHER_DISTRICT_SUBDISTRICT, moo=5, name="บ้านนอกเขต").code


def to_new_village_step(officer) -> None:
    officer.say("เยี่ยมบ้าน")
    officer.say("ใครก็ไม่รู้")
    officer.choose("เพิ่มครัวเรือนตกหล่น")
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.say("1")


def households_in(chat, village_code: str) -> int:
    with chat.rt.sessions() as session:
        counted = select(func.count()).select_from(Household).where(Household.village_code == village_code)
        return session.scalar(counted)


def test_a_village_postback_outside_the_offered_villages_is_refused(chat, home, officer):
    outside = other_district_village(chat)
    to_new_village_step(officer)
    assert draft_step(chat, officer) == "new_village"
    officer.tap(f"dlg|ans|visit|{draft_key(chat, officer)}|new_village|{outside}")
    assert STALE in all_text(officer.last) and draft_step(chat, officer) == "new_village"
    assert "new_village" not in draft_data(chat, officer)


def test_submit_checks_the_new_households_scope_before_writing(chat, home, officer):
    outside = other_district_village(chat)
    to_new_village_step(officer)
    officer.say("หมู่ 3")
    officer.say("นายใหม่ เอี่ยม")
    officer.choose("ข้าม")
    officer.choose("ไม่มีปัญหาใหม่")
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    for _ in range(3):
        officer.choose("ข้าม")
    tamper(chat, officer, new_village=outside)
    officer.choose("ยืนยันส่งรายงาน")
    assert "นอกพื้นที่" in all_text(officer.last)
    assert households_in(chat, outside) == 0
    with chat.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Person).where(Person.first_name == "ใหม่")) == 0


def outsider_person(chat) -> str:
    with chat.rt.sessions.begin() as session:
        outside = factories.household(
            session,
            chat.rt.protector,
            house_code="65020000009",
            subdistrict=factories.OTHER_DISTRICT_SUBDISTRICT,
            members=(("สมหญิง", "นอกเขต", "4909960308248"),),
        )
        session.flush()
        return str(outside.members[0].id)


def to_member_step(officer) -> None:
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.choose("ข้าม")
    officer.say("หลังคารั่ว บ้านทรุดโทรม ฝนตกน้ำเข้า")
    if "ตัวชี้วัด" not in all_text(officer.last):
        officer.choose("ความเป็นอยู่")
    officer.choose("ข้อ 8")


def test_a_problem_cannot_point_at_a_person_outside_the_household(chat, home, officer):
    stranger = outsider_person(chat)
    to_member_step(officer)
    assert draft_step(chat, officer) == "problem_member"
    officer.tap(f"dlg|ans|visit|{draft_key(chat, officer)}|problem_member|{stranger}")
    assert STALE in all_text(officer.last) and draft_step(chat, officer) == "problem_member"
    assert stranger not in str(draft_data(chat, officer))


def test_submit_drops_a_member_who_is_not_of_the_household(chat, home, officer):
    stranger = outsider_person(chat)
    to_member_step(officer)
    officer.choose("ทั้งครัวเรือน")
    data = draft_data(chat, officer)
    data["problem"][0]["problem_member"] = stranger
    tamper(chat, officer, problem=data["problem"])
    officer.choose("ไม่มีแล้ว")
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    for _ in range(3):
        officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        problem = session.scalar(select(Problem).where(Problem.visit_id.is_not(None)))
        assert problem is not None and problem.person_id is None


def submit_plain_visit(officer) -> None:
    start_at_consent(officer)
    officer.choose("ไม่ยินยอม")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")


def test_draft_keys_have_128_bits(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    assert len(draft_key(chat, officer)) == 32


def test_a_draft_key_collision_never_gives_one_officer_anothers_receipt(chat, home, officer, monkeypatch):
    monkeypatch.setattr(store.secrets, "token_hex", lambda nbytes=None: "ab" * (nbytes or 16))
    other = chat.user("เจ้าหน้าที่ สมหมาย", Role.OFFICER, "6501")
    submit_plain_visit(officer)
    first = all_text(officer.last)
    submit_plain_visit(other)
    second = all_text(other.last)
    with chat.rt.sessions() as session:
        visits = list(session.scalars(select(Visit).order_by(Visit.id)))
        assert len(visits) == 2 and visits[0].officer_id != visits[1].officer_id
        assert visits[0].reference in first and visits[1].reference in second


def assert_polite(user, *, expected: str = "") -> None:
    said = all_text(user.last)
    assert user.last and APOLOGY not in said and expected in said


@pytest.mark.parametrize("data", ["officer|visit|²", "officer|amend|٣x", "officer|linkcode|¹"])
def test_odd_officer_postbacks_answer_politely(chat, home, officer, data):
    officer.tap(data)
    assert_polite(officer)


def test_an_unparseable_engine_postback_is_a_stale_button(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    key = draft_key(chat, officer)
    officer.tap(f"dlg|ans|visit|{key}|household|hh:abc")
    assert_polite(officer, expected=STALE)
    officer.tap(f"dlg|ans|visit|{key}|household|hh:{'9' * 5000}")
    assert_polite(officer, expected=STALE)
    assert draft_step(chat, officer) == "household"


@pytest.mark.parametrize("picked", ["2026-13-45", "x"])
def test_a_bad_date_parameter_is_answered_politely(chat, home, officer, picked):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.tap(f"dlg|date|visit|{draft_key(chat, officer)}|visited_on", {"date": picked})
    assert_polite(officer)
    assert draft_step(chat, officer) == "visited_on"


def test_a_huge_number_at_a_choice_step_is_answered_politely(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.choose("ข้าม")
    officer.say("หลังคารั่ว บ้านทรุดโทรม ฝนตกน้ำเข้า")
    if "ตัวชี้วัด" not in all_text(officer.last):
        officer.choose("ความเป็นอยู่")
    officer.say("8" * 4300)
    assert_polite(officer)
    assert draft_step(chat, officer) == "problem_indicator"


def test_too_long_a_message_is_answered_politely(chat, home, officer):
    start_at_consent(officer)
    officer.say("ก" * 4999)
    assert_polite(officer, expected="ยาวเกินไป")
    assert draft_step(chat, officer) == "consent"


def test_control_characters_are_cleaned_from_free_text(chat, home):
    citizen = linked(chat)
    citizen.say("ขอความช่วยเหลือ")
    citizen.say("หลังคารั่ว\x00 ฝนตก\x07น้ำเข้าบ้าน\nช่วยด้วย")
    citizen.choose("ด่วนมาก")
    citizen.choose("ข้าม")
    citizen.choose("ส่งคำขอ")
    assert_polite(citizen)
    with chat.rt.sessions() as session:
        story = session.scalar(select(HelpRequest)).text
        assert "\x00" not in story and "\x07" not in story and "หลังคารั่ว ฝนตกน้ำเข้าบ้าน" in story


def ask_urgent_help(citizen, story: str) -> list[dict[str, Any]]:
    citizen.say("ขอความช่วยเหลือ")
    citizen.say(story)
    citizen.choose("ด่วนมาก")
    citizen.choose("ข้าม")
    return citizen.choose("ส่งคำขอ")


def test_repeated_urgent_requests_push_once_and_show_the_open_request(chat, home):
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    citizen = linked(chat)
    first = all_text(ask_urgent_help(citizen, "หลังคารั่ว ฝนตกน้ำเข้าบ้าน"))
    for _ in range(5):
        again = all_text(ask_urgent_help(citizen, "หลังคารั่ว ฝนตกน้ำเข้าบ้าน ช่วยด้วย"))
    with chat.rt.sessions() as session:
        reference = session.scalar(select(HelpRequest.reference).order_by(HelpRequest.id))
        assert session.scalar(select(func.count()).select_from(Alert).where(Alert.urgent.is_(True))) == 1
    assert reference in first and reference in again and help_request.STILL_OPEN.split("{")[0] in again
    assert len(chat.messages_to(supervisor.user_id)) == 1
