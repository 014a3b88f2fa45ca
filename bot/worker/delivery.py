"""Delivers outbox rows: reply while the token is fresh, else push with X-Line-Retry-Key."""

from __future__ import annotations

import logging
import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.services import Services
from bot.worker.line_gateway import Outcome, SendResult
from models import DeliveryStatus, OutboundMessage, User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE_SECONDS = 30
MAX_BACKOFF_SECONDS = 300
DISPATCH_CHUNK = 50
EARLY_SECONDS = 5
"""A job that finds its row due within this long came early (its scheduler counts whole seconds,
hosts' clocks differ) and puts the row back on the queue for its time; a row due later is leased
by another worker, which will settle it."""
INVALID_REPLY_TOKEN = "Invalid reply token"
REPLY_UNANSWERED = "reply unanswered"
"""How last_error starts when a reply got no answer (LINE may have accepted it)."""


def deliver_batch(services: Services, message_ids: list[str]) -> None:
    """Job: delivers rows in order (a chunk of new rows, or rows due for a retry)."""
    deliver_many(services, [uuid.UUID(message_id) for message_id in message_ids])


def dispatch(services: Services, message_ids: list[uuid.UUID]) -> None:
    """Hands new rows to the workers in chunks, so several workers share a large batch."""
    for start in range(0, len(message_ids), DISPATCH_CHUNK):
        services.jobs.enqueue(deliver_batch, [str(i) for i in message_ids[start : start + DISPATCH_CHUNK]])


def deliver_many(services: Services, message_ids: list[uuid.UUID]) -> None:
    """Delivers rows in order; a recipient whose earlier row failed waits, so their order is kept:
    the failed row and the rows held behind it are retried together, in the same order."""
    waiting: dict[str, tuple[datetime, list[uuid.UUID]]] = {}
    early: list[uuid.UUID] = []
    for message_id in message_ids:
        row = _claim(services, message_id)
        if row is None:
            early.append(message_id)
            continue
        key = row.recipient or ",".join(row.recipients or [])
        if key in waiting:
            _postpone(services, message_id, waiting[key][0])
            waiting[key][1].append(message_id)
            continue
        retry_at = _send(services, row)
        if retry_at is not None:
            waiting[key] = (retry_at, [row.id])
    for retry_at, queue in waiting.values():
        delay = max(0.0, (retry_at - services.now()).total_seconds())
        services.jobs.enqueue_in(delay, deliver_batch, [str(message_id) for message_id in queue])
    if early:
        _requeue_early(services, early)


def _requeue_early(services: Services, message_ids: list[uuid.UUID]) -> None:
    """Rows not yet due go back on the queue for the time they are due (see EARLY_SECONDS)."""
    now = services.now()
    with services.sessions() as session:
        due = session.execute(
            select(OutboundMessage.id, OutboundMessage.next_attempt_at)
            .where(
                OutboundMessage.id.in_(message_ids),
                OutboundMessage.status == DeliveryStatus.PENDING,
                OutboundMessage.next_attempt_at <= now + timedelta(seconds=EARLY_SECONDS),
            )
            .order_by(OutboundMessage.created_at)
        ).all()
    if due:
        delay = max((when - now).total_seconds() for _, when in due)
        services.jobs.enqueue_in(max(0.0, delay), deliver_batch, [str(message_id) for message_id, _ in due])


def revive(services: Services, message_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    """Dead rows (all, or one) become pending again with attempts reset; the id — the retry key —
    stays, so a row LINE did accept after all is answered 409 and not shown twice."""
    chosen = [OutboundMessage.status == DeliveryStatus.DEAD]
    if message_id is not None:
        chosen.append(OutboundMessage.id == message_id)
    with services.sessions.begin() as session:
        return list(
            session.scalars(
                update(OutboundMessage)
                .where(*chosen)
                .values(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=services.now())
                .returning(OutboundMessage.id)
            )
        )


def _claim(services: Services, message_id: uuid.UUID) -> OutboundMessage | None:
    """Takes a due row for LEASE_SECONDS, so no other worker sends it meanwhile."""
    now = services.now()
    with services.sessions.begin() as session:
        return session.scalar(
            update(OutboundMessage)
            .where(
                OutboundMessage.id == message_id,
                OutboundMessage.status == DeliveryStatus.PENDING,
                OutboundMessage.next_attempt_at <= now,
            )
            .values(
                attempts=OutboundMessage.attempts + 1, next_attempt_at=now + timedelta(seconds=LEASE_SECONDS)
            )
            .returning(OutboundMessage)
        )


def _send(services: Services, row: OutboundMessage) -> datetime | None:
    """One delivery attempt; returns when to retry, or None when the row is settled."""
    messages: list[dict[str, Any]] = services.protector.open_json(row.payload, row.id.bytes)
    if row.recipient and not row.reply_token and not _can_be_pushed(services, row.recipient):
        _settle(services, row, DeliveryStatus.FAILED, "recipient blocked the bot")
        return None
    via, result = _attempt(services, row, messages)
    if result.outcome is Outcome.SENT or result.outcome is Outcome.ALREADY_SENT:
        _settle(services, row, DeliveryStatus.DELIVERED, None, via)
        return None
    if result.outcome is Outcome.REJECTED:
        _settle(services, row, DeliveryStatus.FAILED, result.error)
        return None
    if result.outcome is Outcome.INVALID:  # the SDK will refuse it on every try: a dead letter at once
        _settle(services, row, DeliveryStatus.DEAD, result.error)
        return None
    if row.attempts >= MAX_ATTEMPTS:
        _settle(services, row, DeliveryStatus.DEAD, result.error)
        return None
    delay = min(MAX_BACKOFF_SECONDS, max(2**row.attempts, result.retry_after or 0)) * random.uniform(1, 1.25)
    retry_at = services.now() + timedelta(seconds=delay)
    error = f"{REPLY_UNANSWERED}: {result.error}" if via == "reply" and result.ambiguous else result.error
    _postpone(services, row.id, retry_at, error)
    return retry_at


def _attempt(
    services: Services, row: OutboundMessage, messages: list[dict[str, Any]]
) -> tuple[str, SendResult]:
    """Reply while the token is fresh, else push (or multicast) with the row id as the retry key.

    A reply token works once, and only we hold it. So "Invalid reply token" right after our own reply
    went unanswered (a timeout) means that reply got through: the row is sent, not pushed again.
    After any other failure (a 500, a 429) LINE did not take the reply, and the refused token has
    simply expired: the message goes as a push.

    Where it cannot be known — the reply went unanswered and the token's time ran out before the
    retry — the message is pushed: the code errs towards a duplicate rather than a loss, because a
    user left without the bot's question is stuck mid-conversation, while a repeated message is
    only noise."""
    gateway = services.gateway
    if row.reply_token and row.reply_until and services.now() < row.reply_until:
        result = gateway.reply(row.reply_token, messages)
        if not (result.outcome is Outcome.REJECTED and INVALID_REPLY_TOKEN in result.error):
            return "reply", result
        if (row.last_error or "").startswith(REPLY_UNANSWERED):
            return "reply", SendResult(Outcome.ALREADY_SENT, result.status, "token used by an unanswered try")
        _forget_reply_token(services, row)
    if row.recipients:
        return "multicast", gateway.multicast(row.recipients, messages, retry_key=str(row.id))
    return "push", gateway.push(row.recipient or "", messages, retry_key=str(row.id))


def _settle(
    services: Services,
    row: OutboundMessage,
    status: DeliveryStatus,
    error: str | None,
    via: str | None = None,
) -> None:
    with services.sessions.begin() as session:
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == row.id)
            .values(
                status=status,
                last_error=error,
                delivered_via=via,
                delivered_at=services.now() if status is DeliveryStatus.DELIVERED else None,
            )
        )
    if status is not DeliveryStatus.DELIVERED:
        log.warning("outbox %s %s after %d attempts: %s", row.id, status.value, row.attempts, error)


def _postpone(services: Services, message_id: uuid.UUID, when: datetime, error: str | None = None) -> None:
    values: dict[str, Any] = {"next_attempt_at": when}
    if error is not None:
        values["last_error"] = error
    with services.sessions.begin() as session:
        session.execute(update(OutboundMessage).where(OutboundMessage.id == message_id).values(**values))


def _forget_reply_token(services: Services, row: OutboundMessage) -> None:
    """The token was used or expired: from now on this row goes as a push."""
    row.reply_token = None
    with services.sessions.begin() as session:
        session.execute(update(OutboundMessage).where(OutboundMessage.id == row.id).values(reply_token=None))


def _can_be_pushed(services: Services, line_user_id: str) -> bool:
    """A recipient the bot has no record of (a group, a room) can be pushed to."""
    with services.sessions() as session:
        user = session.scalar(select(User).where(User.line_user_id == line_user_id))
        return user is None or user.can_be_pushed
