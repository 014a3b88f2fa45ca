"""Fault drills, PostgreSQL and LINE (issue 14 item 12): backends killed under the bot, and LINE
answering 429, 500, timeouts and invalid reply tokens; nothing is lost and nothing is sent twice."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from bot.worker import sweep
from emulator.faults import Fault
from models import DeliveryStatus, InboxEvent, OutboundMessage
from tests.conftest import PG_URL, on_postgres
from tests.e2e.conftest import all_text

needs_postgres = pytest.mark.skipif(not on_postgres, reason="PostgreSQL backends exist only on PostgreSQL")


def _terminate_the_apps_backends(chat) -> int:
    """Kills every server process the app's pool holds: only this test's, never another run's."""
    connections = [chat.rt.engine.connect() for _ in range(3)]
    pids = [c.execute(text("SELECT pg_backend_pid()")).scalar_one() for c in connections]
    for connection in connections:
        connection.close()
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        killed = connection.execute(
            text("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM unnest(:pids) pid) t"),
            {"pids": pids},
        ).scalar_one()
    admin.dispose()
    return int(killed)


def _retry(chat) -> None:
    chat.clock.advance(seconds=sweep.STRANDED_AFTER_SECONDS + 5)
    sweep.sweep(chat.rt)
    chat.run_jobs()


@needs_postgres
def test_backends_killed_between_requests_cost_nothing(chat):
    guest = chat.user("ผู้ใช้")
    assert "วิธีใช้" in all_text(guest.say("วิธีใช้"))
    assert _terminate_the_apps_backends(chat) == 3
    assert "วิธีใช้" in all_text(guest.say("วิธีใช้"))


@needs_postgres
def test_a_backend_killed_mid_turn_is_retried_and_answered_once(chat, monkeypatch):
    from handlers import router

    guest = chat.user("ผู้ใช้")
    real_route, calls = router.route, []

    def route_dying_once(ctx, incoming):
        calls.append(1)
        if len(calls) == 1:
            ctx.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return real_route(ctx, incoming)

    monkeypatch.setattr(router, "route", route_dying_once)
    assert guest.say("วิธีใช้") == []
    _retry(chat)
    assert len(chat.messages_to(guest.user_id)) == 1
    with chat.rt.sessions() as session:
        assert session.scalar(select(InboxEvent.outcome)) == "handled"


def test_line_answering_429_waits_its_retry_after_and_delivers_once(chat):
    guest = chat.user("ผู้ใช้")
    chat.platform.emulator.state.faults.add(Fault(kind="429", path="/v2/bot/message/reply", retry_after=3))
    assert guest.say("วิธีใช้") == []
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert (row.next_attempt_at - row.created_at).total_seconds() >= 3
    _retry(chat)
    assert len(chat.messages_to(guest.user_id)) == 1
    with chat.rt.sessions() as session:
        assert session.scalar(select(OutboundMessage.status)) is DeliveryStatus.DELIVERED
