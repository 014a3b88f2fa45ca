"""LINE's rules for action objects, which depend on where the action sits."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from emulator.validation.text import grapheme_len, too_long
from emulator.validation.violation import Violation, join_path

# Where an action sits → (label required, max grapheme clusters), per LINE's label specifications.
LABELS: dict[str, tuple[bool, int]] = {
    "quickReply": (True, 20),
    "template": (True, 20),
    "templateDefault": (False, 20),
    "imageCarousel": (False, 12),
    "richMenu": (False, 20),
    "flexButton": (True, 40),
    "flex": (False, 40),
}
# Action types LINE accepts only in some places.
ONLY_IN: dict[str, frozenset[str]] = {
    "richmenuswitch": frozenset({"richMenu"}),
    "camera": frozenset({"quickReply"}),
    "cameraRoll": frozenset({"quickReply"}),
    "location": frozenset({"quickReply"}),
}
URI_SCHEMES = frozenset({"http", "https", "line", "tel"})
MAX_URI = 1000


def action_violations(action: Any, prop: str, context: str) -> list[Violation]:
    """Violations of one action object found at prop, in the given context (a key of LABELS)."""
    if not isinstance(action, dict):
        return []
    kind = action.get("type", "")
    found = _label(action.get("label"), join_path(prop, "label"), context)
    if kind in ONLY_IN and context not in ONLY_IN[kind]:
        found.append(Violation(join_path(prop, "type"), f"A {kind} action is not allowed here"))
    check = _FIELD_CHECKS.get(kind)
    return found + (check(action, prop) if check else [])


def uri_violations(value: Any, prop: str) -> list[Violation]:
    """A URI LINE will open: http, https, line or tel, at most 1,000 characters."""
    if not isinstance(value, str) or not value:
        return [Violation(prop, "Must be specified")]
    if urlsplit(value).scheme.lower() not in URI_SCHEMES:
        return [Violation(prop, "The URI scheme must be http, https, line or tel")]
    return too_long(prop, value, MAX_URI)


def _label(label: Any, prop: str, context: str) -> list[Violation]:
    required, limit = LABELS[context]
    if required and not label:
        return [Violation(prop, "Must be specified")]
    return too_long(prop, label, limit, grapheme_len)


def _uri(action: dict[str, Any], prop: str) -> list[Violation]:
    found = uri_violations(action.get("uri"), join_path(prop, "uri"))
    desktop = (action.get("altUri") or {}).get("desktop")
    if desktop is not None:
        found += uri_violations(desktop, join_path(prop, "altUri", "desktop"))
    return found


def _message(action: dict[str, Any], prop: str) -> list[Violation]:
    text = action.get("text")
    if not text:
        return [Violation(join_path(prop, "text"), "Must be specified")]
    return too_long(join_path(prop, "text"), text, 300, grapheme_len)


def _postback(action: dict[str, Any], prop: str) -> list[Violation]:
    found = [
        v
        for key in ("displayText", "text")
        for v in too_long(join_path(prop, key), action.get(key), 300, grapheme_len)
    ]
    if action.get("displayText") and action.get("text"):
        found.append(Violation(join_path(prop, "text"), "displayText and text cannot both be used"))
    return found


def _rich_menu_switch(action: dict[str, Any], prop: str) -> list[Violation]:
    return [
        Violation(join_path(prop, key), "Must be specified")
        for key in ("richMenuAliasId", "data")
        if not action.get(key)
    ]


_FIELD_CHECKS = {"uri": _uri, "message": _message, "postback": _postback, "richmenuswitch": _rich_menu_switch}
