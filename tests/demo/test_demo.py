"""`make demo`'s pieces: ports, environment, demo users, the linked citizen, reusable invite codes."""

from __future__ import annotations

import socket

from sqlalchemy import select

from bot.services import Services
from emulator import demo, demo_data
from models import CitizenLink, InviteCode, Person, User
from models.vocabulary import Role, Sex
from tests import factories


def test_a_port_in_use_is_replaced_by_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind((demo.HOST, 0))
        taken.listen()
        busy = taken.getsockname()[1]
        assert demo.free_port(busy) != busy
    assert demo.free_port(busy) == busy


def test_the_demo_runs_embedded_against_the_emulator(monkeypatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    environ = demo.demo_environ("http://127.0.0.1:8000", "http://127.0.0.1:8090")
    assert "REDIS_URL" not in environ
    assert environ["LINE_API_BASE_URL"] == "http://127.0.0.1:8090"
    assert environ["LOGBOOK_ENV"] == "development"


def test_demo_users_are_created_once_and_the_citizen_is_linked(rt: Services) -> None:
    with rt.sessions.begin() as session:
        factories.household(session, rt.protector, house_code="65010000001")
        headed_by_a_woman = factories.household(session, rt.protector, house_code="65010000002",
                                                members=(("มาลี", "ดีใจ", None),))
        headed_by_a_woman.head.sex = Sex.FEMALE
    for _ in range(2):
        with rt.sessions.begin() as session:
            demo_data.add_users(session, rt.now())
    with rt.sessions() as session:
        roles = dict(session.execute(select(User.display_name, User.role)).all())
        link = session.scalar(select(CitizenLink))
        linked = session.get(Person, link.person_id)
        staff = demo_data.staff_roles(session)
    assert sorted(roles.values()) == sorted([Role.OFFICER, Role.SUPERVISOR, Role.CITIZEN])
    assert (linked.first_name, linked.is_head) == ("มาลี", True)
    assert set(staff.values()) == {Role.OFFICER, Role.SUPERVISOR}


def test_invite_codes_are_reused_until_redeemed(rt: Services) -> None:
    with rt.sessions.begin() as session:
        first = demo_data.invite_codes(session, rt.now())
    with rt.sessions.begin() as session:
        assert demo_data.invite_codes(session, rt.now()) == first
        session.get(InviteCode, first[0].replace("-", "")).used_at = rt.now()
    with rt.sessions.begin() as session:
        again = demo_data.invite_codes(session, rt.now())
    assert len(again) == demo_data.INVITES and again[:2] == first[1:] and again[2] not in first
