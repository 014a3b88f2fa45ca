"""Layer 3 for messages: LINE limits that neither the spec nor the SDK models check."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from emulator.validation.actions import action_violations, uri_violations
from emulator.validation.templates import template_violations
from emulator.validation.text import too_long
from emulator.validation.violation import Violation, join_path

MAX_TEXT = 5000
MAX_ALT_TEXT = 1500
MAX_BUBBLES = 12
MAX_BUBBLE_BYTES = 30 * 1024
MAX_CAROUSEL_BYTES = 50 * 1024
# Media URLs that LINE fetches and so must be HTTPS.
HTTPS_FIELDS: dict[str, tuple[str, ...]] = {
    "image": ("originalContentUrl", "previewImageUrl"),
    "video": ("originalContentUrl", "previewImageUrl"),
    "audio": ("originalContentUrl",),
    "imagemap": ("baseUrl",),
}


def message_limits(body: Any) -> list[Violation]:
    """Violations of every message in a reply, push, multicast or validate body."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list):
        return []
    return [
        violation
        for index, message in enumerate(messages)
        if isinstance(message, dict)
        for violation in message_violations(message, join_path("messages", index))
    ]


def message_violations(message: dict[str, Any], prop: str) -> list[Violation]:
    kind = message.get("type", "")
    found = _quick_reply(message.get("quickReply"), join_path(prop, "quickReply"))
    found += too_long(join_path(prop, "altText"), message.get("altText"), MAX_ALT_TEXT)
    for key in HTTPS_FIELDS.get(kind, ()):
        found += _https(message.get(key), join_path(prop, key))
    check = _BY_TYPE.get(kind)
    return found + (check(message, prop) if check else [])


def _text(message: dict[str, Any], prop: str) -> list[Violation]:
    return too_long(join_path(prop, "text"), message.get("text"), MAX_TEXT)


def _quick_reply(quick_reply: Any, prop: str) -> list[Violation]:
    items = quick_reply.get("items") if isinstance(quick_reply, dict) else None
    found: list[Violation] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            item_prop = join_path(prop, "items", index)
            found += action_violations(item.get("action"), join_path(item_prop, "action"), "quickReply")
            if "imageUrl" in item:
                found += _https(item["imageUrl"], join_path(item_prop, "imageUrl"))
    return found


def _flex(message: dict[str, Any], prop: str) -> list[Violation]:
    contents = message.get("contents")
    if not isinstance(contents, dict):
        return []
    prop = join_path(prop, "contents")
    if contents.get("type") != "carousel":
        return _json_size(contents, prop, MAX_BUBBLE_BYTES) + list(_flex_actions(contents, prop))
    bubbles = given if isinstance(given := contents.get("contents"), list) else []
    found = _json_size(contents, prop, MAX_CAROUSEL_BYTES)
    if not 1 <= len(bubbles) <= MAX_BUBBLES:
        found.append(Violation(join_path(prop, "contents"), f"Size must be between 1 and {MAX_BUBBLES}"))
    for index, bubble in enumerate(bubbles):
        found += _json_size(bubble, join_path(prop, "contents", index), MAX_BUBBLE_BYTES)
    return found + list(_flex_actions(contents, prop))


def _flex_actions(node: Any, prop: str) -> Iterator[Violation]:
    """Actions anywhere in a Flex container; a button must label its action."""
    if isinstance(node, list):
        for index, child in enumerate(node):
            yield from _flex_actions(child, join_path(prop, index))
    elif isinstance(node, dict):
        for key, child in node.items():
            if key == "action":
                context = "flexButton" if node.get("type") == "button" else "flex"
                yield from action_violations(child, join_path(prop, key), context)
            else:
                yield from _flex_actions(child, join_path(prop, key))


def _json_size(value: Any, prop: str, limit: int) -> list[Violation]:
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return [] if size <= limit else [Violation(prop, f"JSON is {size} bytes; the limit is {limit}")]


def _imagemap(message: dict[str, Any], prop: str) -> list[Violation]:
    actions = given if isinstance(given := message.get("actions"), list) else []
    return [
        violation
        for index, action in enumerate(actions)
        if isinstance(action, dict) and action.get("type") == "uri"
        for violation in uri_violations(action.get("linkUri"), join_path(prop, "actions", index, "linkUri"))
    ]


def _https(value: Any, prop: str) -> list[Violation]:
    if isinstance(value, str) and urlsplit(value).scheme.lower() != "https":
        return [Violation(prop, "Must be an HTTPS URL")]
    return too_long(prop, value, 2000)


_BY_TYPE: dict[str, Callable[[dict[str, Any], str], list[Violation]]] = {
    "text": _text,
    "textV2": _text,
    "flex": _flex,
    "template": template_violations,
    "imagemap": _imagemap,
}
