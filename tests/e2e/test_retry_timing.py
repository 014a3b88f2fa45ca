"""Issue 14 item 4: a retry job never runs before its row is due, and one that comes early anyway
puts the row back on the queue instead of leaving it to the sweep."""

from __future__ import annotations

import time
from datetime import UTC

import fakeredis
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from bot.jobs import RQJobRunner
from bot.worker import delivery
from emulator.faults import Fault
from models import DeliveryStatus, OutboundMessage


def test_rq_schedules_a_delayed_job_no_earlier_than_asked():
    runner = RQJobRunner(fakeredis.FakeRedis(), "timing", str)
    for delay in (0.3, 1.5, 2.7):
        asked = time.time() + delay
        runner.enqueue_in(delay, "bot.worker.sweep.sweep")
        registry = ScheduledJobRegistry(queue=runner.queue)
        latest = max(score for _, score in registry.connection.zrange(registry.key, 0, -1, withscores=True))
        assert latest >= asked


def test_a_retry_job_that_comes_early_requeues_its_rows_for_their_time(chat):
    guest = chat.user("ผู้ใช้")
    chat.clock.advance(minutes=2)
    chat.platform.emulator.state.faults.add(Fault(kind="500", path="/v2/bot/message/push"))
    scheduled: list[tuple[float, object, tuple]] = []
    chat.rt.jobs.enqueue_in = lambda seconds, func, *args: scheduled.append((seconds, func, args))
    guest.say("วิธีใช้")
    with chat.rt.sessions() as session:
        row = session.scalar(select(OutboundMessage))
    assert row.status is DeliveryStatus.PENDING and len(scheduled) == 1
    due_in = (row.next_attempt_at.replace(tzinfo=UTC) - chat.rt.now()).total_seconds()
    chat.clock.advance(seconds=due_in - 1)
    delivery.deliver_batch(chat.rt, [str(row.id)])
    assert len(scheduled) == 2
    seconds, func, args = scheduled[-1]
    assert func is delivery.deliver_batch and args == ([str(row.id)],) and 0.9 <= seconds <= 1.1
    chat.clock.advance(seconds=1)
    delivery.deliver_batch(chat.rt, [str(row.id)])
    assert len(chat.messages_to(guest.user_id)) == 1
