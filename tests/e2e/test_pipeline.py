"""Inbox → handler → outbox: once, in order, through faults, on both backends."""

from __future__ import annotations

import threading

import pytest
from redis import Redis
from sqlalchemy import func, select

from bot.jobs import RQJobRunner
from bot.web.chat_queue import EXTENSION as CHAT_QUEUE
from bot.worker import inbox, sweep
from emulator import events
from models import DeliveryStatus, InboxEvent, OutboundMessage
from tests.e2e.conftest import all_text


def replies(chat, user) -> list[dict]:
    return chat.messages_to(user.user_id)


def test_duplicate_and_redelivered_event_is_processed_once(chat):
    guest = chat.user("ผู้ใช้")
    event = chat.platform.emulator.event(guest.user_id, "text", text="วิธีใช้")
    guest.deliver(event)
    guest.deliver(event)
    guest.deliver({**event, "deliveryContext": {"isRedelivery": True}})
    assert len(replies(chat, guest)) == 1


def test_events_are_processed_in_timestamp_order(chat):
    guest = chat.user("ผู้ใช้")
    first = chat.platform.emulator.event(guest.user_id, "text", text="วิธีใช้")
    second = chat.platform.emulator.event(guest.user_id, "text", text="ไม่เข้าใจอะไรเลย")
    first["timestamp"], second["timestamp"] = 1_000, 2_000
    body = events.webhook_body(chat.platform.config.bot_user_id, [second, first])
    response = chat.client.post(
        "/callback",
        data=body,
        headers={"X-Line-Signature": events.sign(chat.platform.config.channel_secret, body)},
    )
    assert response.status_code == 200
    chat.run_jobs()
    texts = [m["text"] for m in replies(chat, guest)]
    assert "วิธีใช้" in texts[0] and "ยินยอม" in texts[1]  # a guest's words the bot cannot read: consent first


def test_two_workers_racing_on_one_user_process_each_event_once_in_order(chat):
    guest = chat.user("ผู้ใช้")
    batch = [chat.platform.emulator.event(guest.user_id, "text", text=f"ข้อความที่ {n}") for n in range(8)]
    for n, event in enumerate(batch):
        event["timestamp"] = 10_000 + n
    chat.rt.jobs.enqueue = lambda *args: None  # the webhook only stores; the two workers below race
    body = events.webhook_body(chat.platform.config.bot_user_id, batch)
    chat.client.post(
        "/callback",
        data=body,
        headers={"X-Line-Signature": events.sign(chat.platform.config.channel_secret, body)},
    )
    workers = [threading.Thread(target=inbox.process_chat, args=(chat.rt, guest.user_id)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    with chat.rt.sessions() as session:
        rows = session.execute(
            select(InboxEvent.event_timestamp, InboxEvent.processed_at, InboxEvent.attempts).order_by(
                InboxEvent.event_timestamp
            )
        ).all()
    assert all(attempts == 1 for _, _, attempts in rows)
    processed = [at for _, at, _ in rows]
    assert processed == sorted(processed)
    assert len(replies(chat, guest)) == 8


def test_a_burst_from_one_chat_is_drained_by_one_job(chat, monkeypatch):
    guest, other = chat.user("ผู้ใช้"), chat.user("อีกคน")
    queued: list[tuple] = []

    def enqueue_together(pipeline, func, calls):
        pipeline.execute()
        queued.extend(calls)

    monkeypatch.setattr(chat.rt.jobs, "enqueue_together", enqueue_together)
    for user, text in ((guest, "วิธีใช้"), (guest, "สวัสดี"), (other, "วิธีใช้"), (guest, "ขอบคุณ")):
        user.deliver(chat.platform.emulator.event(user.user_id, "text", text=text))
    assert [chat_id for chat_id, _ in queued] == [guest.user_id, guest.user_id, other.user_id, guest.user_id]
    drains: list[str] = []
    monkeypatch.setattr(inbox, "_next_pending", lambda services, chat_id: drains.append(chat_id))
    for args in queued:
        inbox.process_chat(chat.rt, *args)
    assert drains == [guest.user_id, other.user_id]


def test_event_is_kept_when_redis_is_down_and_processed_after_it_returns(chat, monkeypatch):
    guest = chat.user("ผู้ใช้")
    down = Redis(port=1, socket_connect_timeout=0.2)
    monkeypatch.setattr(chat.rt, "jobs", RQJobRunner(down, "down", chat.rt.protector.pseudonym))
    monkeypatch.setattr(chat.app.extensions[CHAT_QUEUE], "redis", down)
    event = chat.platform.emulator.event(guest.user_id, "text", text="วิธีใช้")
    assert chat.post(event).status_code == 200
    assert replies(chat, guest) == []
    monkeypatch.undo()
    chat.clock.advance(seconds=sweep.STRANDED_AFTER_SECONDS + 1)
    assert sweep.sweep(chat.rt)["chats"] == 1
    chat.run_jobs()
    assert "วิธีใช้" in all_text(replies(chat, guest))


def fault(chat, kind: str, path: str, count: int = 1, delay: float = 0) -> None:
    from emulator.faults import Fault

    chat.platform.emulator.state.faults.add(Fault(kind=kind, path=path, delay=delay), count)


def test_line_answering_500_then_200_delivers_once(chat):
    guest = chat.user("ผู้ใช้")
    fault(chat, "500", "/v2/bot/message/reply")
    guest.say("วิธีใช้")
    assert replies(chat, guest) == []
    chat.clock.advance(seconds=5)
    sweep.sweep(chat.rt)
    assert len(replies(chat, guest)) == 1
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert row.status is DeliveryStatus.DELIVERED and row.attempts == 2 and row.delivered_via == "reply"


def test_expired_reply_token_falls_back_to_push_with_a_retry_key(chat):
    guest = chat.user("ผู้ใช้")
    chat.clock.advance(minutes=2)
    guest.say("วิธีใช้")
    assert len(replies(chat, guest)) == 1
    pushes = chat.platform.emulator.state.requests(path="/v2/bot/message/push")
    assert len(pushes) == 1
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert pushes[0].headers.get("X-Line-Retry-Key") == str(row.id)


def test_timed_out_push_retried_with_its_key_is_delivered_once(chat):
    guest = chat.user("ผู้ใช้")
    chat.clock.advance(minutes=2)
    fault(chat, "timeout", "/v2/bot/message/push", delay=4)
    guest.say("วิธีใช้")
    chat.clock.advance(seconds=5)
    sweep.sweep(chat.rt)
    assert len(replies(chat, guest)) == 1
    statuses = [r.status for r in chat.platform.emulator.state.requests(path="/v2/bot/message/push")]
    assert statuses == [200, 409]
    with chat.rt.sessions() as session:
        assert session.scalar(select(OutboundMessage.status)) is DeliveryStatus.DELIVERED


def test_retries_stop_at_the_limit_and_the_message_is_dead(chat):
    guest = chat.user("ผู้ใช้")
    chat.clock.advance(minutes=2)
    fault(chat, "500", "/v2/bot/message/push", count=20)
    guest.say("วิธีใช้")
    for _ in range(10):
        chat.clock.advance(minutes=10)
        sweep.sweep(chat.rt)
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert row.status is DeliveryStatus.DEAD and "500" in row.last_error
    assert replies(chat, guest) == []


def test_a_failing_handler_is_retried_then_the_user_gets_an_apology(chat, monkeypatch):
    from handlers import router

    guest = chat.user("ผู้ใช้")
    monkeypatch.setattr(router, "route", lambda ctx, incoming: 1 / 0)
    guest.say("วิธีใช้")
    for _ in range(inbox.MAX_ATTEMPTS):
        chat.clock.advance(seconds=sweep.STRANDED_AFTER_SECONDS + 1)
        sweep.sweep(chat.rt)
        chat.run_jobs()
    assert [m["text"] for m in replies(chat, guest)] == [inbox.APOLOGY]
    with chat.rt.sessions() as session:
        assert session.scalar(select(InboxEvent.outcome)) == "failed"


def test_group_chats_get_a_one_line_notice_and_nothing_personal(chat):
    guest = chat.user("ผู้ใช้")
    group = "C" + "3" * 32
    chat.post(chat.platform.emulator.event(guest.user_id, "join", group_id=group))
    chat.post(chat.platform.emulator.event(guest.user_id, "text", text="สถานะ", group_id=group))
    chat.post(chat.platform.emulator.event(guest.user_id, "text", text="กินข้าวยัง", group_id=group))
    chat.run_jobs()
    sent = chat.messages_to(group)
    assert len(sent) == 2 and all("1:1" in m["text"] for m in sent)


@pytest.mark.parametrize("kind", ["sticker", "location"])
def test_other_messages_outside_a_dialog_get_a_polite_reply(chat, kind):
    guest = chat.user("ผู้ใช้")
    fields = {
        "sticker": {"package_id": "446", "sticker_id": "1988"},
        "location": {"latitude": 16.8, "longitude": 100.2},
    }[kind]
    assert guest.send(kind, **fields)[0]["type"] == "text"


def test_every_event_leaves_one_log_line_without_the_user_id(chat, caplog):
    guest = chat.user("ผู้ใช้")
    with caplog.at_level("INFO", logger="bot.worker.inbox"):
        guest.say("วิธีใช้")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.worker.inbox"]
    assert len(lines) == 1 and "kind=text outcome=handled" in lines[0]
    assert guest.user_id not in lines[0]


def test_nothing_is_left_pending(chat):
    guest = chat.user("ผู้ใช้")
    guest.say("วิธีใช้")
    with chat.rt.sessions() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(InboxEvent).where(InboxEvent.processed_at.is_(None))
            )
            == 0
        )
        assert session.scalar(select(InboxEvent.payload)) is None


def test_old_traffic_is_purged_but_undelivered_messages_stay(chat):
    from bot.worker import retention

    guest = chat.user("ผู้ใช้")
    guest.say("วิธีใช้")
    chat.clock.advance(minutes=2)
    fault(chat, "500", "/v2/bot/message/push", count=20)
    guest.say("สวัสดี")
    chat.clock.advance(days=retention.KEEP_DAYS + 1)
    assert retention.purge(chat.rt) == {"events": 2, "messages": 1}
    with chat.rt.sessions() as session:
        assert session.scalar(select(OutboundMessage.status)) is DeliveryStatus.PENDING
