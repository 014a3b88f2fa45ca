"""Drains one chat's inbox in timestamp order under a per-chat lock; one transaction per event."""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.exceptions import LockError
from sqlalchemy import select

from bot.chats import chat_id_of, chat_lock, queued_mark
from bot.services import Services
from bot.worker import photo_fetch, profiles, richmenu_sync
from bot.worker.counters import RedisCounters
from bot.worker.unit_of_work import unit_of_work
from handlers import router
from handlers.context import Context
from handlers.incoming import Incoming, Location
from models import InboxEvent, User

log = logging.getLogger(__name__)

LOCK_SECONDS = 60
LOCK_WAIT_SECONDS = 30
MAX_ATTEMPTS = 3
REPLY_TOKEN_SECONDS = 50
JOBS: dict[str, Callable[..., None]] = {
    "fetch_photo": photo_fetch.fetch,
    "remember_name": profiles.remember_name,
    "link_menu": richmenu_sync.link_for_role,
}
APOLOGY = "ขออภัยค่ะ ระบบขัดข้องชั่วคราว ข้อความนี้ยังไม่ได้บันทึก กรุณาส่งใหม่อีกครั้งในอีกสักครู่"


def process_chat(services: Services, chat_id: str, queued_by_webhook: bool = False) -> None:
    """Job: processes every unprocessed event of one chat, oldest first.

    The webhook queues a job for each request and marks the chat queued; the job that takes the mark
    drains the chat, and a later one that finds no mark ends at once: its events were stored before
    the mark was taken, so that drain reads them. Jobs from the sweep and retries always drain."""
    taken = services.redis.getdel(queued_mark(services, chat_id))
    if queued_by_webhook and taken is None:
        return
    lock = services.redis.lock(
        chat_lock(services, chat_id), timeout=LOCK_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS
    )
    if not lock.acquire():
        services.jobs.enqueue_in(5, process_chat, chat_id)
        return
    try:
        while (event_id := _next_pending(services, chat_id)) is not None:
            if not _process_event(services, event_id):
                break
            lock.reacquire()
    finally:
        try:
            lock.release()
        except LockError:
            log.warning("chat lock expired before release")


def _next_pending(services: Services, chat_id: str) -> str | None:
    with services.sessions() as session:
        return session.scalar(
            select(InboxEvent.webhook_event_id)
            .where(InboxEvent.chat_id == chat_id, InboxEvent.processed_at.is_(None))
            .order_by(InboxEvent.event_timestamp, InboxEvent.received_at)
            .limit(1)
        )


def _process_event(services: Services, event_id: str) -> bool:
    """Handles one event; False when it failed and will be retried later."""
    started = time.perf_counter()
    try:
        handled = _handle(services, event_id)
        chat_id, kind = handled.chat_id, handled.kind
        done, outcome = True, "handled"
    except Exception as error:
        (chat_id, done), kind, handled = _record_failure(services, event_id, error), "-", None
        outcome = "failed" if done else "retry"
    if handled and handled.new_role:
        services.jobs.enqueue(richmenu_sync.link_for_role, chat_id, handled.new_role)
    for name, args in handled.jobs if handled else ():
        services.jobs.enqueue(JOBS[name], *args)
    log.info(
        "event %s user=%s kind=%s outcome=%s ms=%.1f",
        event_id,
        services.protector.pseudonym(chat_id),
        kind,
        outcome,
        (time.perf_counter() - started) * 1000,
    )
    return done


@dataclass(frozen=True)
class Handled:
    chat_id: str
    kind: str
    new_role: str | None = None
    jobs: tuple[tuple[str, tuple[Any, ...]], ...] = ()


def _handle(services: Services, event_id: str) -> Handled:
    """Routes the event in one unit of work; its replies are delivered once it has committed."""
    with unit_of_work(services, inbox_event_id=event_id) as work:
        row = work.session.get(InboxEvent, event_id, with_for_update=True)
        if row is None or row.processed_at is not None or row.payload is None:
            return Handled("-", "duplicate")
        incoming = to_incoming(services.protector.open_json(row.payload, event_id.encode()))
        user = _user_for(work.session, incoming, work.now)
        role_before = user.role if user else None
        jobs: tuple[tuple[str, tuple[Any, ...]], ...] = ()
        if user is None:
            replies = router.route_group(incoming)
        else:
            ctx = Context(
                session=work.session,
                now=work.now,
                user=user,
                protector=services.protector,
                counters=RedisCounters(services.redis, services.key("counter")),
                outbox=work.outbox,
                public_url=services.settings.public_base_url,
                dashboard_url=services.settings.dashboard_url,
            )
            replies, jobs = router.route(ctx, incoming), tuple(ctx.jobs)
        if replies and incoming.reply_token:
            work.outbox.reply(incoming.chat_id, incoming.reply_token, _reply_until(incoming), replies)
        row.processed_at, row.outcome, row.payload = work.now, "handled", None
        row.attempts += 1
        new_role = user.role.value if user and user.role != role_before else None
        return Handled(row.chat_id, incoming.kind, new_role, jobs)


def _record_failure(services: Services, event_id: str, error: Exception) -> tuple[str, bool]:
    """Counts a failed attempt; after the last one the user gets an apology instead of silence."""
    log.error("event %s failed: %s", event_id, type(error).__name__, exc_info=error)
    with unit_of_work(services, inbox_event_id=event_id) as work:
        row = work.session.get(InboxEvent, event_id, with_for_update=True)
        if row is None or row.processed_at is not None:
            return "-", True
        row.attempts += 1
        if row.attempts < MAX_ATTEMPTS:
            services.jobs.enqueue_in(2**row.attempts, process_chat, row.chat_id)
            return row.chat_id, False
        event = services.protector.open_json(row.payload, event_id.encode()) if row.payload else {}
        if event.get("replyToken") and row.source_type == "user":
            work.outbox.reply(
                row.chat_id,
                event["replyToken"],
                _reply_until(to_incoming(event)),
                [{"type": "text", "text": APOLOGY}],
            )
        row.processed_at, row.outcome, row.payload = work.now, "failed", None
        return row.chat_id, True


def _reply_until(incoming: Incoming) -> datetime:
    return incoming.at + timedelta(seconds=REPLY_TOKEN_SECONDS)


def _user_for(session: Any, incoming: Incoming, now: datetime) -> User | None:
    """The User row of a 1:1 chat, created on first contact; None for groups and rooms."""
    if not incoming.is_private or not incoming.line_user_id:
        return None
    user = session.scalar(select(User).where(User.line_user_id == incoming.line_user_id))
    if user is None:
        user = User(line_user_id=incoming.line_user_id, created_at=now)
        session.add(user)
        session.flush()
    user.last_seen_at = now
    return user


def to_incoming(event: Any) -> Incoming:
    """Reads a raw webhook event into the shape handlers use; an odd event (a field of the wrong
    type, a timestamp out of range) is read as far as it goes."""
    event = _object(event)
    source, message, postback = _object(event.get("source")), _object(event.get("message")), _object(
        event.get("postback")
    )
    kind = message.get("type", "") if event.get("type") == "message" else event.get("type", "")
    kind = kind if isinstance(kind, str) else ""
    text = message.get("text", "") if kind == "text" else ""
    data = postback.get("data", "")
    return Incoming(
        event_id=str(event.get("webhookEventId", "")),
        kind=kind or "unknown",
        chat_type=str(source.get("type", "none")),
        chat_id=chat_id_of(source) if chat_id_of(source).isprintable() else "-",
        line_user_id=_text_or_none(source.get("userId")),
        at=_at(event.get("timestamp")),
        reply_token=_text_or_none(event.get("replyToken")),
        text=clean_text(text),
        data=data if isinstance(data, str) else "",
        params=_object(postback.get("params")),
        message_id=_text_or_none(message.get("id")),
        location=_location(message) if kind == "location" else None,
        image_set=_image_set(message),
        redelivered=bool(_object(event.get("deliveryContext")).get("isRedelivery")),
    )


def clean_text(value: Any) -> str:
    """Typed text without NUL and other control characters (newlines kept, tabs become spaces): the
    one place every message's text passes before a handler or the database sees it."""
    if not isinstance(value, str):
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(char for char in value if char == "\n" or unicodedata.category(char) != "Cc")


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text_or_none(value: Any) -> str | None:
    """An id or token as sent; None for one no LINE id can be (a NUL, a lone surrogate)."""
    return value if isinstance(value, str) and value and value.isprintable() else None


def _at(timestamp: Any) -> datetime:
    """The event's time; one LINE could not have sent (not a number, past year 9999) reads as now."""
    try:
        return datetime.fromtimestamp(timestamp / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def _image_set(message: dict[str, Any]) -> tuple[str, int, int] | None:
    """LINE numbers the photos sent together: (set id, index, total)."""
    image_set = _object(message.get("imageSet"))
    if not image_set.get("id"):
        return None
    try:
        return str(image_set["id"]), int(image_set.get("index", 1)), int(image_set.get("total", 1))
    except (TypeError, ValueError):
        return None


def _location(message: dict[str, Any]) -> Location | None:
    try:
        return Location(
            float(message["latitude"]),
            float(message["longitude"]),
            message.get("title") or "",
            message.get("address") or "",
        )
    except (KeyError, TypeError, ValueError):
        return None
