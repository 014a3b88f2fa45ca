"""The demo's people in the chat: มาลี is not asked for consent again, and the ID the banner prints
links a new LINE user to a generated household through the real linking dialog."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from emulator import demo_data
from emulator.demo_banner import banner
from handlers.citizen import help_request
from models import CitizenLink, LinkMethod, User
from tests.e2e.citizens import consenting, link_by_id
from tests.e2e.conftest import LineUser, all_text

PRINTED = re.compile(r"Link citizen  (\d-\d{4}-\d{5}-\d\d-\d) born (\d{1,2} \S+ \d{4}) \(")


@pytest.fixture
def district(chat) -> None:
    """What `make demo` prepares: generated households of อ.เมืองพิษณุโลก, then the demo users."""
    result = chat.app.test_cli_runner().invoke(
        args=["households", "generate", "--households", "12", "--area", demo_data.AREA, "--seed", "1"]
    )
    assert result.exit_code == 0, result.output
    with chat.rt.sessions.begin() as session:
        demo_data.add_users(session, chat.rt.now())


def demo_user(chat, role_name: str) -> LineUser:
    (person,) = [p for p in demo_data.USERS if role_name in p.display_name]
    chat.platform.emulator.add_user(person.display_name, person.line_user_id)
    return LineUser(chat, person.line_user_id, person.display_name)


def printed_banner(chat) -> str:
    with chat.rt.sessions() as session:
        citizen = demo_data.linkable_citizen(session, chat.rt.protector)
    return banner("http://127.0.0.1:8090", "http://127.0.0.1:8000", "sqlite://", [], ["65010000001"], citizen)


def test_the_id_and_birth_date_the_banner_prints_link_through_the_dialog(chat, district):
    national_id, born = PRINTED.search(printed_banner(chat)).groups()
    newcomer = consenting(chat, "ผู้ใช้ใหม่ (guest)")
    replies = link_by_id(newcomer, national_id, born)
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(replies), all_text(replies)
    with chat.rt.sessions() as session:
        link = session.scalar(select(CitizenLink).where(CitizenLink.user_id == newcomer.row(session).id))
        assert link.method is LinkMethod.NATIONAL_ID


def test_the_demo_citizen_asks_for_help_without_being_asked_for_consent_again(chat, district):
    malee = demo_user(chat, "มาลี")
    assert help_request.ASK_PROBLEM in all_text(malee.say("ขอความช่วยเหลือ"))


def test_an_older_demo_database_is_brought_to_the_current_notice(chat, district):
    with chat.rt.sessions.begin() as session:
        for user in session.scalars(select(User)):
            user.consent_version = "demo-1"
    with chat.rt.sessions.begin() as session:
        demo_data.add_users(session, chat.rt.now())
    malee = demo_user(chat, "มาลี")
    assert help_request.ASK_PROBLEM in all_text(malee.say("ขอความช่วยเหลือ"))
