"""Messaging API endpoints: reply, push, multicast, loading animation, profile, content, webhook URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, request

from emulator import ids
from emulator.platform import LineError, call, emulator, json_body

bp = Blueprint("messaging_api", __name__)

Answer = dict[str, Any]


@bp.post("/v2/bot/message/reply")
def reply() -> Answer:
    body = json_body()
    emu = emulator()
    chat_id = emu.state.use_reply_token(body["replyToken"], emu.config.reply_token_ttl)
    if chat_id is None:
        raise LineError(400, "Invalid reply token")
    return {"sentMessages": emu.deliver_messages(chat_id, body["messages"], "reply", call().seq)}


@bp.post("/v2/bot/message/push")
def push() -> Answer:
    key = _retry_key()
    body = json_body()
    to = body["to"]
    if not ids.is_chat_id(to):
        raise LineError(400, "The property, 'to', in the request body is invalid (line: -, column: -)")
    if not emulator().state.is_known_chat(to):
        raise LineError(400, "Failed to send messages")
    return _once(
        key, lambda: {"sentMessages": emulator().deliver_messages(to, body["messages"], "push", call().seq)}
    )


@bp.post("/v2/bot/message/multicast")
def multicast() -> Answer:
    key = _retry_key()
    body = json_body()
    if not all(ids.is_user_id(user_id) for user_id in body["to"]):
        raise LineError(400, "The property, 'to', in the request body is invalid (line: -, column: -)")
    return _once(key, lambda: _multicast(body))


def _multicast(body: dict[str, Any]) -> Answer:
    """Deliver to each known user; LINE silently skips ids that are not friends."""
    emu = emulator()
    for user_id in dict.fromkeys(body["to"]):
        if emu.state.user(user_id) is not None:
            emu.deliver_messages(user_id, body["messages"], "multicast", call().seq)
    return {}


@bp.post("/v2/bot/message/validate/<kind>")
def validate_message_objects(kind: str) -> Answer:
    json_body()
    return {}


@bp.post("/v2/bot/chat/loading/start")
def start_loading() -> tuple[Answer, int]:
    body = json_body()
    state = emulator().state
    if state.user(body["chatId"]) is None:
        raise LineError(400, "The property, 'chatId', in the request body is invalid (line: -, column: -)")
    state.set_loading(body["chatId"], body.get("loadingSeconds", 20))
    return {}, 202


@bp.get("/v2/bot/profile/<user_id>")
def profile(user_id: str) -> Answer:
    user = emulator().state.user(user_id)
    if user is None or not user.followed:
        raise LineError(404, "Not found")
    return user.profile()


@bp.get("/v2/bot/message/<message_id>/content")
def content(message_id: str) -> Response:
    found = emulator().state.content(message_id)
    if found is None:
        raise LineError(404, "Not found")
    return Response(found.data, content_type=found.content_type)


@bp.get("/v2/bot/channel/webhook/endpoint")
def webhook_endpoint() -> Answer:
    url = emulator().state.webhook_url
    return {"endpoint": url or "", "active": bool(url)}


@bp.put("/v2/bot/channel/webhook/endpoint")
def set_webhook_endpoint() -> Answer:
    emulator().state.webhook_url = json_body()["endpoint"]
    return {}


def _retry_key() -> str | None:
    key = request.headers.get("X-Line-Retry-Key")
    if key is not None and not ids.is_uuid(key):
        raise LineError(400, "The value for the 'X-Line-Retry-Key' header is invalid")
    return key


def _once(key: str | None, send: Callable[[], Answer]) -> Answer:
    """Send unless this retry key was accepted in the last 24 h; then answer 409 as LINE does."""
    if key is None:
        return send()
    state = emulator().state
    earlier = state.accept_retry_key(key, call().request_id)
    if earlier is not None:
        sent = {"sentMessages": earlier.sent_messages} if earlier.sent_messages else {}
        headers = {"X-Line-Accepted-Request-Id": earlier.request_id}
        raise LineError(409, "The retry key is already accepted", headers=headers, **sent)
    answer = send()
    state.complete_retry_key(key, answer.get("sentMessages", []))
    return answer
