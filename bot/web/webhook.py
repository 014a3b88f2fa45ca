"""POST /callback: verify, parse, store each event once in the inbox, enqueue, answer 200 at once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from linebot.v3.webhooks import Event
from pydantic.v1 import ValidationError
from redis.exceptions import RedisError

from bot.chats import PROCESS_CHAT, chat_id_of, queued_mark
from bot.services import Services, services_of
from models import InboxEvent
from models.database import insert_new, one_statement_transactions

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)

MAX_BODY_BYTES = 1024 * 1024
QUEUED_MARK_SECONDS = 300


class BadWebhook(ValueError):
    """A signed body that is not a LINE webhook; the message is the short reason given back."""


def signature_is_valid(secret: str, body: bytes, signature: str) -> bool:
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode())


@blueprint.post("/callback")
def callback() -> tuple[Response, int]:
    services = services_of(current_app)
    body = request.get_data(cache=False)
    signature = request.headers.get("X-Line-Signature", "")
    if not signature or not signature_is_valid(services.settings.channel_secret, body, signature):
        log.warning("webhook rejected: %s signature", "missing" if not signature else "invalid")
        return jsonify(error="invalid signature"), 400
    try:
        events = parse_events(body)
    except BadWebhook as error:
        log.warning("webhook rejected: %s", error)
        return jsonify(error=str(error)), 400
    new_chats = store_events(services, events)
    for chat_id in new_chats:
        enqueue_chat(services, chat_id)
    return jsonify(status="ok"), 200


def parse_events(body: bytes) -> list[dict[str, Any]]:
    """The events of a webhook body, each checked with line-bot-sdk's models where LINE defines it."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadWebhook("body is not valid JSON") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise BadWebhook("body has no events list")
    return [_checked(event, index) for index, event in enumerate(payload["events"])]


def _checked(event: Any, index: int) -> dict[str, Any]:
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise BadWebhook(f"events[{index}] has no type")
    if not isinstance(event.get("webhookEventId"), str) or not isinstance(event.get("timestamp"), int):
        raise BadWebhook(f"events[{index}] has no webhookEventId or timestamp")
    try:
        Event.from_dict(event)
    except ValidationError as error:
        field = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise BadWebhook(f"events[{index}] ({event['type']}) is malformed at {field}") from error
    except ValueError:
        pass  # an event type this SDK does not know yet: stored and answered 200 like any other
    return event


def store_events(services: Services, events: list[dict[str, Any]]) -> set[str]:
    """Inserts the events not seen before; returns the chats that have new events."""
    if not events:
        return set()
    rows = [_inbox_row(services, event) for event in events]
    with one_statement_transactions(services.engine) as connection:
        inserted = set(insert_new(connection, InboxEvent, rows, InboxEvent.webhook_event_id))
    return {row["chat_id"] for row in rows if row["webhook_event_id"] in inserted}


def _inbox_row(services: Services, event: dict[str, Any]) -> dict[str, Any]:
    source = event.get("source") or {}
    event_id = event["webhookEventId"]
    return {
        "webhook_event_id": event_id,
        "chat_id": chat_id_of(source),
        "sender_id": source.get("userId"),
        "source_type": str(source.get("type", "none"))[:16],
        "event_type": event["type"][:32],
        "event_timestamp": event["timestamp"],
        "is_redelivery": bool((event.get("deliveryContext") or {}).get("isRedelivery")),
        "payload": services.protector.seal_json(event, event_id.encode()),
        "received_at": services.now(),
    }


def enqueue_chat(services: Services, chat_id: str) -> None:
    """Asks a worker to drain this chat, unless a job for it is already waiting; if Redis is down the
    sweep will pick the events up."""
    try:
        if services.redis.set(queued_mark(services, chat_id), 1, nx=True, ex=QUEUED_MARK_SECONDS):
            services.jobs.enqueue(PROCESS_CHAT, chat_id)
    except RedisError as error:
        log.warning(
            "could not enqueue chat %s (%s); the sweep will retry",
            services.protector.pseudonym(chat_id),
            type(error).__name__,
        )
