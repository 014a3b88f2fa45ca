"""Builders of LINE message dicts (the Messaging API JSON shape) that respect LINE's limits."""

from __future__ import annotations

from typing import Any

Message = dict[str, Any]

MAX_MESSAGES_PER_REQUEST = 5
MAX_TEXT_UNITS = 5000
MAX_QUICK_REPLIES = 13
MAX_QUICK_LABEL = 20
MAX_ACTION_LABEL = 40
MAX_ALT_TEXT = 1500
MAX_POSTBACK_DATA = 300
MAX_DISPLAY_TEXT = 300


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """At most limit characters, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(body: str, quick: list[dict[str, Any]] | None = None) -> Message:
    return with_quick_replies({"type": "text", "text": body}, quick)


def with_quick_replies(message: Message, quick: list[dict[str, Any]] | None) -> Message:
    """Attaches up to 13 quick-reply actions (LINE shows them under the last message only)."""
    if quick:
        items = [{"type": "action", "action": action} for action in quick[:MAX_QUICK_REPLIES]]
        message["quickReply"] = {"items": items}
    return message


def say(body: str, *choices: str) -> Message:
    """A text with quick replies that send each choice back as text."""
    return text(body, [message_action(choice) for choice in choices])


def message_action(label: str, reply: str | None = None) -> dict[str, Any]:
    return {"type": "message", "label": clip(label, MAX_QUICK_LABEL), "text": reply or label}


def postback_action(
    label: str, data: str, display: str | None = None, limit: int = MAX_QUICK_LABEL
) -> dict[str, Any]:
    """A button whose tap shows display (else the whole label) as the user's words in the chat: a
    postback without displayText leaves nothing there on a phone."""
    if len(data) > MAX_POSTBACK_DATA:
        raise ValueError("postback data over 300 characters")
    shown = clip(display or label, MAX_DISPLAY_TEXT)
    return {"type": "postback", "label": clip(label, limit), "data": data, "displayText": shown}


def date_action(
    label: str, data: str, initial: str | None = None, minimum: str | None = None, maximum: str | None = None
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "datetimepicker",
        "label": clip(label, MAX_QUICK_LABEL),
        "data": data,
        "mode": "date",
    }
    for key, value in (("initial", initial), ("min", minimum), ("max", maximum)):
        if value:
            action[key] = value
    return action


def location_action(label: str = "ส่งตำแหน่ง") -> dict[str, Any]:
    return {"type": "location", "label": clip(label, MAX_QUICK_LABEL)}


def camera_action(label: str = "ถ่ายรูป") -> dict[str, Any]:
    return {"type": "camera", "label": clip(label, MAX_QUICK_LABEL)}


def camera_roll_action(label: str = "เลือกรูป") -> dict[str, Any]:
    return {"type": "cameraRoll", "label": clip(label, MAX_QUICK_LABEL)}


def uri_action(label: str, uri: str) -> dict[str, Any]:
    return {"type": "uri", "label": clip(label, MAX_ACTION_LABEL), "uri": uri}


def flex_message(
    alt_text: str, contents: dict[str, Any], quick: list[dict[str, Any]] | None = None
) -> Message:
    return with_quick_replies(
        {"type": "flex", "altText": clip(alt_text, MAX_ALT_TEXT), "contents": contents}, quick
    )


def image(url: str, preview_url: str | None = None) -> Message:
    """An image LINE fetches from an HTTPS URL (the preview should stay under 1 MB)."""
    return {"type": "image", "originalContentUrl": url, "previewImageUrl": preview_url or url}


def split_text(body: str, limit: int = MAX_TEXT_UNITS) -> list[str]:
    """Splits a long text at line breaks (or anywhere, as a last resort) into LINE-sized pieces."""
    if utf16_units(body) <= limit:
        return [body]
    pieces: list[str] = []
    current = ""
    for line in body.splitlines(keepends=True):
        while utf16_units(line) > limit:
            head, line = _cut(line, limit)
            pieces.extend(p for p in (current, head) if p)
            current = ""
        if utf16_units(current + line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current:
        pieces.append(current)
    return [piece.strip("\n") or piece for piece in pieces]


def _cut(line: str, limit: int) -> tuple[str, str]:
    units = 0
    for index, char in enumerate(line):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return line[:index], line[index:]
    return line, ""


def fit_for_delivery(messages: list[Message]) -> list[Message]:
    """Long texts split into several messages; the quick reply stays on the last piece."""
    fitted: list[Message] = []
    for message in messages:
        if message.get("type") != "text" or utf16_units(message["text"]) <= MAX_TEXT_UNITS:
            fitted.append(message)
            continue
        pieces = split_text(message["text"])
        fitted.extend({"type": "text", "text": piece} for piece in pieces[:-1])
        fitted.append({**message, "text": pieces[-1]})
    return fitted


def batches(messages: list[Message]) -> list[list[Message]]:
    """Groups of at most five messages, one group per LINE request."""
    fitted = fit_for_delivery(messages)
    return [fitted[i : i + MAX_MESSAGES_PER_REQUEST] for i in range(0, len(fitted), MAX_MESSAGES_PER_REQUEST)]
