"""Pure builders of webhook events in LINE's JSON shape, and webhook signing.

Every builder takes the event's source first: a user id, or a dict from `group_source` /
`room_source`. Keyword options shared by all builders go to `envelope`: `reply_token`,
`timestamp` (ms), `redelivery`, `event_id`, `mode`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from emulator import ids

Event = dict[str, Any]
Source = str | dict[str, str]

# Event types that carry a reply token.
REPLYABLE = frozenset(
    {"message", "postback", "follow", "join", "memberJoined", "beacon", "accountLink", "videoPlayComplete"}
)
MESSAGE_KINDS = frozenset({"text", "image", "location", "sticker"})


def user_source(user_id: str) -> dict[str, str]:
    return {"type": "user", "userId": user_id}


def group_source(group_id: str, user_id: str | None = None) -> dict[str, str]:
    return {"type": "group", "groupId": group_id, **({"userId": user_id} if user_id else {})}


def room_source(room_id: str, user_id: str | None = None) -> dict[str, str]:
    return {"type": "room", "roomId": room_id, **({"userId": user_id} if user_id else {})}


def chat_id_of(source: dict[str, str]) -> str:
    """The id a reply or push to this source goes to."""
    return source.get("groupId") or source.get("roomId") or source["userId"]


def envelope(
    kind: str,
    source: Source,
    *,
    reply_token: str | None = None,
    timestamp: int | None = None,
    redelivery: bool = False,
    event_id: str | None = None,
    mode: str = "active",
    **body: Any,
) -> Event:
    """The fields every webhook event has, plus the event's own `body`."""
    millis = int(time.time() * 1000) if timestamp is None else timestamp
    event: Event = {
        "type": kind,
        "source": user_source(source) if isinstance(source, str) else source,
        "timestamp": millis,
        "mode": mode,
        "webhookEventId": event_id or ids.webhook_event_id(millis),
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply_token:
        event["replyToken"] = reply_token
    return {**event, **body}


def _message(source: Source, content: dict[str, Any], message_id: str | None, **options: Any) -> Event:
    return envelope("message", source, message={"id": message_id or ids.message_id(), **content}, **options)


def text(source: Source, text: str, *, message_id: str | None = None, **options: Any) -> Event:
    content = {"type": "text", "text": text, "quoteToken": ids.quote_token()}
    return _message(source, content, message_id, **options)


def image(source: Source, *, message_id: str | None = None, **options: Any) -> Event:
    """An image the user sent; its bytes are served by LINE (`contentProvider.type` "line")."""
    content = {"type": "image", "contentProvider": {"type": "line"}, "quoteToken": ids.quote_token()}
    return _message(source, content, message_id, **options)


def location(
    source: Source,
    latitude: float,
    longitude: float,
    title: str | None = None,
    address: str | None = None,
    *,
    message_id: str | None = None,
    **options: Any,
) -> Event:
    content: dict[str, Any] = {"type": "location", "latitude": latitude, "longitude": longitude}
    content.update({key: value for key, value in (("title", title), ("address", address)) if value})
    return _message(source, content, message_id, **options)


def sticker(
    source: Source,
    package_id: str,
    sticker_id: str,
    *,
    resource_type: str = "STATIC",
    message_id: str | None = None,
    **options: Any,
) -> Event:
    content = {
        "type": "sticker",
        "packageId": str(package_id),
        "stickerId": str(sticker_id),
        "stickerResourceType": resource_type,
        "quoteToken": ids.quote_token(),
    }
    return _message(source, content, message_id, **options)


def postback(source: Source, data: str, params: dict[str, str] | None = None, **options: Any) -> Event:
    """A postback; `params` holds a datetime picker's choice, e.g. {"date": "2026-11-20"}."""
    return envelope(
        "postback", source, postback={"data": data, **({"params": params} if params else {})}, **options
    )


def follow(source: Source, is_unblocked: bool = False, **options: Any) -> Event:
    return envelope("follow", source, follow={"isUnblocked": is_unblocked}, **options)


def unfollow(source: Source, **options: Any) -> Event:
    return envelope("unfollow", source, **options)


def unsend(source: Source, message_id: str, **options: Any) -> Event:
    return envelope("unsend", source, unsend={"messageId": message_id}, **options)


def join(source: Source, **options: Any) -> Event:
    return envelope("join", source, **options)


def leave(source: Source, **options: Any) -> Event:
    return envelope("leave", source, **options)


def member_joined(source: Source, user_ids: list[str], **options: Any) -> Event:
    return envelope("memberJoined", source, joined={"members": [user_source(u) for u in user_ids]}, **options)


def member_left(source: Source, user_ids: list[str], **options: Any) -> Event:
    return envelope("memberLeft", source, left={"members": [user_source(u) for u in user_ids]}, **options)


def video_play_complete(source: Source, tracking_id: str, **options: Any) -> Event:
    return envelope("videoPlayComplete", source, videoPlayComplete={"trackingId": tracking_id}, **options)


def beacon(
    source: Source, hwid: str, beacon_type: str = "enter", dm: str | None = None, **options: Any
) -> Event:
    content = {"hwid": hwid, "type": beacon_type, **({"dm": dm} if dm else {})}
    return envelope("beacon", source, beacon=content, **options)


def account_link(source: Source, nonce: str, result: str = "ok", **options: Any) -> Event:
    """An account link result; a failed link carries no reply token."""
    if result != "ok":
        options.pop("reply_token", None)
    return envelope("accountLink", source, link={"result": result, "nonce": nonce}, **options)


# Builders by the kind names used by the facade and the control API.
BUILDERS: dict[str, Callable[..., Event]] = {
    "text": text,
    "image": image,
    "location": location,
    "sticker": sticker,
    "postback": postback,
    "follow": follow,
    "unfollow": unfollow,
    "unsend": unsend,
    "join": join,
    "leave": leave,
    "memberJoined": member_joined,
    "memberLeft": member_left,
    "videoPlayComplete": video_play_complete,
    "beacon": beacon,
    "accountLink": account_link,
}


def event_type(kind: str) -> str:
    """The webhook `type` of a builder kind: "text" → "message", "postback" → "postback"."""
    return "message" if kind in MESSAGE_KINDS else kind


def webhook_body(destination: str, events: list[Event]) -> bytes:
    """The raw bytes LINE posts to the webhook URL."""
    return json.dumps({"destination": destination, "events": events}, ensure_ascii=False).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    """The X-Line-Signature of body: base64 of HMAC-SHA256 keyed with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")
