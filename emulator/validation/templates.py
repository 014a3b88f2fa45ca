"""LINE's limits on template messages (buttons, confirm, carousel, image carousel)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator.validation.actions import action_violations
from emulator.validation.text import grapheme_len, too_long
from emulator.validation.violation import Violation, join_path

MAX_COLUMNS = 10


def template_violations(message: dict[str, Any], prop: str) -> list[Violation]:
    template = message.get("template")
    if not isinstance(template, dict):
        return []
    check = _BY_TYPE.get(template.get("type", ""))
    return check(template, join_path(prop, "template")) if check else []


def _buttons(template: dict[str, Any], prop: str) -> list[Violation]:
    return _card(template, prop, max_text=160, max_actions=4)


def _confirm(template: dict[str, Any], prop: str) -> list[Violation]:
    found = too_long(join_path(prop, "text"), template.get("text"), 240, grapheme_len)
    return found + _actions(template, prop, low=2, high=2)


def _carousel(template: dict[str, Any], prop: str) -> list[Violation]:
    columns = _columns(template)
    found = _column_count(columns, prop)
    for index, column in enumerate(columns):
        found += _card(column, join_path(prop, "columns", index), max_text=120, max_actions=3)
    if len({len(column.get("actions") or []) for column in columns}) > 1:
        found.append(
            Violation(join_path(prop, "columns"), "Every column must have the same number of actions")
        )
    return found


def _image_carousel(template: dict[str, Any], prop: str) -> list[Violation]:
    columns = _columns(template)
    found = _column_count(columns, prop)
    for index, column in enumerate(columns):
        found += action_violations(
            column.get("action"), join_path(prop, "columns", index, "action"), "imageCarousel"
        )
    return found


def _card(card: dict[str, Any], prop: str, max_text: int, max_actions: int) -> list[Violation]:
    """A buttons template or carousel column: text is shorter when there is a title or an image."""
    if card.get("title") or card.get("thumbnailImageUrl"):
        max_text = 60
    found = too_long(join_path(prop, "title"), card.get("title"), 40, grapheme_len)
    found += too_long(join_path(prop, "text"), card.get("text"), max_text, grapheme_len)
    found += action_violations(card.get("defaultAction"), join_path(prop, "defaultAction"), "templateDefault")
    return found + _actions(card, prop, low=1, high=max_actions)


def _actions(card: dict[str, Any], prop: str, low: int, high: int) -> list[Violation]:
    actions = given if isinstance(given := card.get("actions"), list) else []
    found = [] if low <= len(actions) <= high else [Violation(join_path(prop, "actions"), _size(low, high))]
    for index, action in enumerate(actions):
        found += action_violations(action, join_path(prop, "actions", index), "template")
    return found


def _columns(template: dict[str, Any]) -> list[dict[str, Any]]:
    columns = template.get("columns")
    return [column for column in columns if isinstance(column, dict)] if isinstance(columns, list) else []


def _column_count(columns: list[dict[str, Any]], prop: str) -> list[Violation]:
    return (
        []
        if 1 <= len(columns) <= MAX_COLUMNS
        else [Violation(join_path(prop, "columns"), _size(1, MAX_COLUMNS))]
    )


def _size(low: int, high: int) -> str:
    return f"Size must be between {low} and {high}"


_BY_TYPE: dict[str, Callable[[dict[str, Any], str], list[Violation]]] = {
    "buttons": _buttons,
    "confirm": _confirm,
    "carousel": _carousel,
    "image_carousel": _image_carousel,
}
