"""The periodic sweep: re-enqueues stranded inbox events and delivers outbox rows that are due."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import CursorResult, select, update

from bot.services import Services
from bot.worker import delivery, inbox
from models import DeliveryStatus, InboxEvent, OutboundMessage

log = logging.getLogger(__name__)

STRANDED_AFTER_SECONDS = 20
BATCH = 500


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
    for chat_id in chats:
        services.jobs.enqueue(inbox.process_chat, chat_id)
    return len(chats)


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
