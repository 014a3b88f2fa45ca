"""The periodic sweep: re-enqueues stranded inbox events and delivers outbox rows that are due."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from redis.exceptions import RedisError
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import SQLAlchemyError

from bot.chats import QUEUED_MARK_SECONDS, chat_lock, queued_mark
from bot.services import Services
from bot.worker import delivery, inbox
from models import DeliveryStatus, InboxEvent, OutboundMessage

log = logging.getLogger(__name__)

STRANDED_AFTER_SECONDS = 3
SWEEP_SECONDS = 2.0
BATCH = 500


def sweep_forever(services: Services, stop: threading.Event | None = None) -> None:
    """A worker's sweep thread: every SWEEP_SECONDS one worker of all (whichever takes the turn in
    Redis) sweeps, so stored events and due messages move on even when the clock is down or the
    queue is long; an outage of Redis or the database is logged and tried again."""
    stop = stop or threading.Event()
    while not stop.wait(SWEEP_SECONDS):
        try:
            if services.redis.set(services.key("sweep-turn"), 1, nx=True, px=int(SWEEP_SECONDS * 900)):
                sweep(services)
        except (RedisError, SQLAlchemyError) as error:
            log.warning("sweep skipped: %s", type(error).__name__)


def sweep(services: Services) -> dict[str, int]:
    """Job (every few seconds, and at worker start-up)."""
    chats = requeue_stranded_events(services)
    released = release_held_messages(services)
    delivered = deliver_due_messages(services)
    if chats or released or delivered:
        log.info(
            "sweep: %d chats re-enqueued, %d held messages released, %d messages retried",
            chats,
            released,
            delivered,
        )
    return {"chats": chats, "released": released, "messages": delivered}


def requeue_stranded_events(services: Services) -> int:
    """Chats with events waiting longer than STRANDED_AFTER_SECONDS get a drain job, unless one is
    queued (its mark is set) or draining (its lock is held): after a Redis outage, a lost job or a
    killed worker. The sweep marks the chat as the webhook does, so only one job drains it."""
    cutoff = services.now() - timedelta(seconds=STRANDED_AFTER_SECONDS)
    with services.sessions() as session:
        chats = list(
            session.scalars(
                select(InboxEvent.chat_id)
                .where(InboxEvent.processed_at.is_(None), InboxEvent.received_at <= cutoff)
                .group_by(InboxEvent.chat_id)
                .limit(BATCH)
            )
        )
    if not chats:
        return 0
    with services.redis.pipeline(transaction=False) as pipeline:
        for chat_id in chats:
            pipeline.exists(chat_lock(services, chat_id))
        locked = pipeline.execute()
    idle = [chat_id for chat_id, held in zip(chats, locked, strict=True) if not held]
    with services.redis.pipeline(transaction=False) as pipeline:
        for chat_id in idle:
            pipeline.set(queued_mark(services, chat_id), 1, nx=True, ex=QUEUED_MARK_SECONDS)
        marked = [chat_id for chat_id, newly in zip(idle, pipeline.execute(), strict=True) if newly]
    if marked:
        services.jobs.enqueue_together(
            services.redis.pipeline(transaction=False), inbox.process_chat, [(c, True) for c in marked]
        )
    return len(marked)


def release_held_messages(services: Services) -> int:
    """Quiet hours are over for these rows: they become ordinary pending deliveries."""
    with services.sessions.begin() as session:
        released = session.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.status == DeliveryStatus.HELD,
                OutboundMessage.next_attempt_at <= services.now(),
            )
            .values(status=DeliveryStatus.PENDING)
        )
        assert isinstance(released, CursorResult)  # an UPDATE without RETURNING
        return released.rowcount


def deliver_due_messages(services: Services) -> int:
    with services.sessions() as session:
        due = list(
            session.scalars(
                select(OutboundMessage.id)
                .where(
                    OutboundMessage.status == DeliveryStatus.PENDING,
                    OutboundMessage.next_attempt_at <= services.now(),
                )
                .order_by(OutboundMessage.created_at)
                .limit(BATCH)
            )
        )
    delivery.deliver_many(services, due)
    return len(due)
