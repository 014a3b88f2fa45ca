"""`make demo`'s pieces: ports, environment, demo users, the linked citizen, reusable invite codes."""

from __future__ import annotations

import socket

from sqlalchemy import select

from bot.config import load_settings
from bot.services import Services
from bot.worker import schedule
from emulator import demo, demo_data
from emulator.demo_banner import banner
from handlers.citizen import notice
from handlers.visit import visit_steps
from models import CitizenLink, Household, InviteCode, Person, User
from models.vocabulary import Role, Sex
from tests import factories


def test_a_port_in_use_is_replaced_by_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind((demo.HOST, 0))
        taken.listen()
        busy = taken.getsockname()[1]
        assert demo.free_port(busy) != busy
    assert demo.free_port(busy) == busy


def test_a_port_whose_last_connection_waits_in_time_wait_is_used_again() -> None:
    """A restarted demo keeps its ports: the old server closed its connections first (TIME_WAIT)."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((demo.HOST, 0))
        listener.listen()
        port = listener.getsockname()[1]
        with socket.create_connection((demo.HOST, port)) as client:
            accepted, _ = listener.accept()
            accepted.close()  # the server's side closes first and waits in TIME_WAIT
            client.recv(1)
    assert demo.free_port(port) == port


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


def test_the_demo_users_consent_under_the_current_notice_version(rt: Services) -> None:
    with rt.sessions.begin() as session:
        demo_data.add_users(session, rt.now())
        session.flush()
        for user in session.scalars(select(User)):
            user.consent_version = "demo-1"  # seeded by an earlier version of the demo
    with rt.sessions.begin() as session:
        demo_data.add_users(session, rt.now())
    with rt.sessions() as session:
        versions = set(session.scalars(select(User.consent_version)))
    assert versions == {notice.VERSION}


def test_the_location_presets_are_at_a_house_and_more_than_a_kilometre_from_it(rt: Services) -> None:
    with rt.sessions.begin() as session:
        factories.household(session, rt.protector, house_code="65010000001")  # no position yet
    with rt.sessions.begin() as session:
        assert demo_data.place_households(session) == 1
        at_house, far = demo_data.visit_locations(session)
        house = session.scalar(select(Household))
    assert (at_house["latitude"], at_house["longitude"]) == (house.lat, house.lng)
    far_point = {"lat": far["latitude"], "lng": far["longitude"]}
    metres = visit_steps.distance_m({"lat": house.lat, "lng": house.lng}, far_point)
    assert visit_steps.FAR_METRES < metres < 2 * visit_steps.FAR_METRES


def test_the_chat_page_can_start_each_scheduled_report(rt: Services, monkeypatch) -> None:
    started = []
    monkeypatch.setattr(rt.jobs, "enqueue", lambda func, *args: started.append(func))
    jobs = demo.host_jobs(rt)
    assert [job.name for job in jobs] == list(schedule.RUNNABLE)
    for job in jobs:
        job.run()
    assert started == [task.func for task in schedule.RUNNABLE.values()]


def test_the_printed_reports_command_starts_with_the_settings_it_names() -> None:
    """Found by trying the demo: the shell command the banner printed stopped at the production check."""
    printed = banner("http://127.0.0.1:8090", "http://127.0.0.1:8000", "sqlite://", [], [], None)
    command = next(line for line in printed.splitlines() if "jobs run" in line).split()
    environ = dict(word.split("=", 1) for word in command if "=" in word and not word.startswith("."))
    assert load_settings(environ).env == "development"
