"""Issue 14: a message line-bot-sdk refuses to build is dead at once, with its reason; operators list
dead rows and re-drive them with `flask outbox dead | retry ID` (`alerts` is the same group)."""

from __future__ import annotations

from sqlalchemy import select

from bot.worker import sweep
from models import DeliveryStatus, OutboundMessage


def test_a_payload_the_sdk_refuses_is_dead_at_once_and_can_be_retried(chat, monkeypatch):
    from handlers import router

    guest = chat.user("ผู้ใช้")
    monkeypatch.setattr(router, "route", lambda ctx, incoming: [{"type": "flex", "altText": "x"}])
    guest.say("วิธีใช้")
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert row.status is DeliveryStatus.DEAD and row.attempts == 1
    assert row.last_error.startswith("invalid message") and "FlexMessage.contents" in row.last_error
    for _ in range(3):
        chat.clock.advance(minutes=10)
        sweep.sweep(chat.rt)
    with chat.rt.sessions() as session:
        assert session.get(OutboundMessage, row.id).attempts == 1
    assert chat.platform.emulator.state.requests(path="/v2/bot/message/reply") == []

    runner = chat.app.test_cli_runner()
    listed = runner.invoke(args=["outbox", "dead"])
    assert listed.exit_code == 0, listed.output
    assert f"{row.id}\tmessage\t1\t1\t" in listed.output and "invalid message" in listed.output
    assert guest.user_id not in listed.output
    assert runner.invoke(args=["alerts", "dead"]).output == listed.output

    retried = runner.invoke(args=["outbox", "retry", str(row.id)])
    assert retried.exit_code == 0, retried.output
    chat.run_jobs()
    with chat.rt.sessions() as session:
        again = session.get(OutboundMessage, row.id)
    assert again.status is DeliveryStatus.DEAD and again.attempts == 1  # still invalid: dead again, once
    assert runner.invoke(args=["outbox", "retry", "00000000-0000-0000-0000-000000000000"]).exit_code != 0


def test_the_reason_a_message_is_dead_never_quotes_what_it_says(chat, monkeypatch):
    from handlers import router

    guest = chat.user("ผู้ใช้")
    monkeypatch.setattr(router, "route", lambda ctx, incoming: [{"type": "ซึมเศร้า", "text": "ซึมเศร้า"}])
    guest.say("วิธีใช้")
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert row.status is DeliveryStatus.DEAD and row.last_error.startswith("invalid message")
    assert "ซึมเศร้า" not in row.last_error  # last_error is kept in plain text
