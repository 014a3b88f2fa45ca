"""POST /callback: verify, parse, store each event once in the inbox, enqueue, answer 200 at once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from functools import partial
from typing import Any, TypeGuard

from flask import Blueprint, Response, current_app, jsonify, request
from linebot.v3.webhooks import Event
from pydantic.v1 import ValidationError

from bot.chats import chat_id_of
from bot.services import Services, services_of
from bot.web.chat_queue import EXTENSION as CHAT_QUEUE
from models import InboxEvent
from models.database import insert_new, one_statement_transactions

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)

MAX_BODY_BYTES = 1024 * 1024


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
    current_app.extensions[CHAT_QUEUE].enqueue(services, store_events(services, events))
    return jsonify(status="ok"), 200


def parse_events(body: bytes) -> list[Any]:
    """The events list of a webhook body; each event is judged on its own when it is stored."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadWebhook("body is not valid JSON") from error
    except RecursionError as error:
        raise BadWebhook("body nests too deeply to be read") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise BadWebhook("body has no events list")
    return list(payload["events"])


def store_events(services: Services, events: list[Any]) -> set[str]:
    """Inserts the events not seen before; returns the chats that have new events. An event that is
    odd (see `_inbox_row`) is stored all the same, marked with why, and never rejects its batch."""
    if not events:
        return set()
    rows = list({row["webhook_event_id"]: row for row in map(partial(_inbox_row, services), events)}.values())
    with one_statement_transactions(services.engine) as connection:
        inserted = set(insert_new(connection, InboxEvent, rows, InboxEvent.webhook_event_id))
    for row in rows:
        if row["oddity"] and row["webhook_event_id"] in inserted:
            log.warning("odd webhook event %s stored: %s", row["webhook_event_id"], row["oddity"])
    return {row["chat_id"] for row in rows if row["webhook_event_id"] in inserted}


def _inbox_row(services: Services, event: Any) -> dict[str, Any]:
    """The inbox row of one event, whatever its shape. Oddities noted, best effort kept:
    - a webhookEventId that is missing, not a string, over 64 characters or not printable ASCII is
      replaced by a derived one, "h-" + 62 hex digits of the event's SHA-256 (a redelivery dedupes);
    - a timestamp that is missing or outside 0 … 2^63-1 is stored as the time of receipt;
    - a source that is not an object counts as no source; a NUL or lone surrogate in its ids is dropped;
    - a shape line-bot-sdk's models reject, or a type they do not know, is noted; the event is still
      handled from its raw fields (a text without quoteToken is a text)."""
    oddities: list[str] = []
    if not isinstance(event, dict):
        oddities.append("not an object")
    fields: dict[str, Any] = event if isinstance(event, dict) else {}
    kind = fields.get("type")
    if not isinstance(kind, str) or not kind:
        oddities.append("no type")
        kind = "unknown"
    event_id = fields.get("webhookEventId")
    if not _usable_id(event_id):
        oddities.append("webhookEventId unusable, derived")
        event_id = "h-" + hashlib.sha256(_canonical(event)).hexdigest()[:62]
    timestamp = fields.get("timestamp")
    if isinstance(timestamp, bool) or not isinstance(timestamp, int) or not 0 <= timestamp < 2**63:
        oddities.append("timestamp unusable")
        timestamp = int(services.now().timestamp() * 1000)
    source = fields.get("source")
    if not isinstance(source, dict):
        if source is not None:
            oddities.append("source not an object")
        source = {}
    if isinstance(event, dict) and not oddities:
        oddities.extend(_sdk_oddity(event))
    sender = source.get("userId")
    if not all(str(v).isprintable() for v in (chat_id_of(source), sender or "", source.get("type", ""))):
        oddities.append("source id not printable")
    payload, lossy = _sealed(services, event, event_id)
    if lossy:
        oddities.append("lone surrogate replaced")
    return {
        "webhook_event_id": event_id,
        "chat_id": _printable(chat_id_of(source))[:64],
        "sender_id": _printable(sender)[:64] if isinstance(sender, str) else None,
        "source_type": _printable(str(source.get("type", "none")))[:16],
        "event_type": _printable(kind)[:32],
        "event_timestamp": timestamp,
        "is_redelivery": isinstance(context := fields.get("deliveryContext"), dict)
        and bool(context.get("isRedelivery")),
        "payload": payload,
        "received_at": services.now(),
        "oddity": "; ".join(oddities)[:120] or None,
    }


def _usable_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and 0 < len(value) <= 64 and value.isascii() and value.isprintable()


def _printable(value: str) -> str:
    """Text a database column takes: no NUL, no lone surrogate (PostgreSQL refuses both)."""
    return "".join(c for c in value if c.isprintable()) or "-"


def _canonical(event: Any) -> bytes:
    """The event's bytes for a derived id; ASCII escapes keep lone surrogates and NULs encodable."""
    try:
        return json.dumps(event, sort_keys=True, ensure_ascii=True).encode()
    except (RecursionError, TypeError, ValueError):
        return repr(event).encode("utf-8", "backslashreplace")


def _sealed(services: Services, event: Any, event_id: str) -> tuple[bytes, bool]:
    """The encrypted event, and whether a lone surrogate (which UTF-8 cannot hold) became "?"."""
    try:
        return services.protector.seal_json(event, event_id.encode()), False
    except UnicodeEncodeError:
        return services.protector.seal_json(_without_surrogates(event), event_id.encode()), True


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _sdk_oddity(event: dict[str, Any]) -> list[str]:
    """What line-bot-sdk's models say about an event's shape: nothing when they accept it."""
    try:
        Event.from_dict(event)
    except ValidationError as error:
        field = ".".join(str(part) for part in error.errors()[0]["loc"])
        return [f"sdk rejects {error.model.__name__}.{field}"]
    except ValueError:
        return ["type unknown to the sdk"]
    except Exception as error:  # any shape the models choke on is only an oddity
        return [f"sdk fails ({type(error).__name__})"]
    return []
