"""The emulator's own JSON API under /_emulator/: users, events, recordings, faults, latency."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from flask import Blueprint, Response, request

from emulator.faults import Fault
from emulator.platform import LineError, emulator
from emulator.records import User, camel_dict
from emulator.richmenu_api import menu_or_404
from emulator.state import EmulatorState

bp = Blueprint("control_api", __name__, url_prefix="/_emulator")

Answer = dict[str, Any]


@bp.post("/reset")
def reset() -> Answer:
    emulator().reset()
    return {}


@bp.get("/users")
def users() -> Answer:
    return {"users": [_user(user) for user in emulator().state.users()]}


@bp.post("/users")
def add_user() -> tuple[Answer, int]:
    body = _body()
    if not body.get("displayName"):
        raise LineError(400, "displayName is required")
    profile = {
        key: body[camel]
        for key, camel in (("picture_url", "pictureUrl"), ("language", "language"))
        if camel in body
    }
    user = emulator().add_user(body["displayName"], body.get("userId"), **profile)
    return _user(user), 201


@bp.get("/users/<user_id>")
def user(user_id: str) -> Answer:
    return _user(_user_or_404(user_id))


@bp.post("/users/<user_id>/reply-tokens")
def issue_reply_tokens(user_id: str) -> Answer:
    """Reply tokens for events a load generator builds and signs itself (see bench/webhook.py)."""
    count = min(max(int(_body().get("count", 1)), 1), 200_000)
    chat_id = _user_or_404(user_id).user_id
    return {"replyTokens": [emulator().state.issue_reply_token(chat_id) for _ in range(count)]}


@bp.get("/users/<user_id>/messages")
def conversation(user_id: str) -> Answer:
    entries = emulator().conversation(user_id, request.args.get("since", 0, type=int))
    return {"messages": [camel_dict(entry) for entry in entries]}


@bp.post("/users/<user_id>/events")
def send_event(user_id: str) -> Answer:
    """Build an event from the user, sign it and post it to the bot's webhook."""
    fields = {_snake(key): value for key, value in _body().items()}
    kind = fields.pop("type", None)
    if "content_base64" in fields:
        fields["content"] = _decode(fields.pop("content_base64"))
    try:
        return emulator().send(_user_or_404(user_id).user_id, str(kind), **fields)
    except (ValueError, TypeError) as error:
        raise LineError(400, str(error)) from error


@bp.get("/users/<user_id>/richmenu")
def rich_menu(user_id: str) -> Answer:
    """The menu the user sees (own link, else the default) and where its image is."""
    rich_menu_id = emulator().state.effective_rich_menu_id(_user_or_404(user_id).user_id)
    if rich_menu_id is None:
        raise LineError(404, "the user has no richmenu")
    return {**menu_or_404(rich_menu_id).to_dict(), "imageUrl": f"/_emulator/richmenus/{rich_menu_id}/image"}


@bp.get("/richmenus/<rich_menu_id>/image")
def rich_menu_image(rich_menu_id: str) -> Response:
    image = menu_or_404(rich_menu_id).image
    if image is None:
        raise LineError(404, "Not found")
    return Response(image.data, content_type=image.content_type)


@bp.post("/verify")
def verify() -> Answer:
    """Post an empty event list, as the console's Verify button does."""
    return emulator().deliver([]).to_dict()


@bp.get("/webhook")
def webhook() -> Answer:
    return {"url": emulator().state.webhook_url}


@bp.put("/webhook")
def set_webhook() -> Answer:
    emulator().state.webhook_url = _body().get("url") or None
    return {"url": emulator().state.webhook_url}


@bp.get("/requests")
def requests() -> Answer:
    since = request.args.get("since", 0, type=int)
    records = emulator().state.requests(since, request.args.get("path"))
    return {"requests": [camel_dict(record) for record in records]}


@bp.get("/faults")
def faults() -> Answer:
    return {"faults": [camel_dict(fault) for fault in emulator().state.faults.pending()]}


@bp.post("/faults")
def add_faults() -> Answer:
    """Fail the next `count` Messaging API calls (under `path`) with kind 429, 500, timeout or drop."""
    body = _body()
    try:
        fault, count = Fault.from_json(body), int(body.get("count", 1))
    except (ValueError, TypeError) as error:
        raise LineError(400, str(error)) from error
    emulator().state.faults.add(fault, count)
    return faults()


@bp.delete("/faults")
def clear_faults() -> Answer:
    emulator().state.faults.clear()
    return {"faults": []}


@bp.get("/latency")
def latency() -> Answer:
    return {"ms": emulator().state.latency_ms}


@bp.post("/latency")
def set_latency() -> Answer:
    emulator().state.latency_ms = max(0, int(_body().get("ms", 0)))
    return latency()


def user_json(state: EmulatorState, user: User) -> Answer:
    """A user as the control API shows it: the profile, flags, own and effective rich menu."""
    return {**camel_dict(user), "effectiveRichMenuId": state.effective_rich_menu_id(user.user_id)}


def _user(user: User) -> Answer:
    return user_json(emulator().state, user)


def _user_or_404(user_id: str) -> User:
    found = emulator().state.user(user_id)
    if found is None:
        raise LineError(404, f"No user {user_id}")
    return found


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise LineError(400, "The request body must be a JSON object")
    return body


def _snake(key: str) -> str:
    return re.sub(r"[A-Z]", lambda match: "_" + match.group(0).lower(), key)


def _decode(text: Any) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except binascii.Error as error:
        raise LineError(400, "contentBase64 is not valid base64") from error
