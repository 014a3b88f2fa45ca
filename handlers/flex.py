"""Small builders of Flex components: bubbles, rows of label and value, buttons, carousels."""

from __future__ import annotations

from typing import Any

Component = dict[str, Any]

GREEN = "#06C755"
GREY = "#8C8C8C"
RED = "#D93025"
AMBER = "#E37400"
MAX_CAROUSEL = 12


def label(
    content: str,
    *,
    size: str = "sm",
    color: str | None = None,
    bold: bool = False,
    wrap: bool = True,
    flex: int | None = None,
    align: str | None = None,
) -> Component:
    component: Component = {"type": "text", "text": content or "-", "size": size, "wrap": wrap}
    if color:
        component["color"] = color
    if bold:
        component["weight"] = "bold"
    if flex is not None:
        component["flex"] = flex
    if align:
        component["align"] = align
    return component


def field(name: str, value: str, color: str | None = None) -> Component:
    """A row: a grey name on the left, its value on the right."""
    return {
        "type": "box",
        "layout": "baseline",
        "spacing": "sm",
        "contents": [
            label(name, color=GREY, flex=3),
            label(value, flex=5, color=color),
        ],
    }


def column(*contents: Component, spacing: str = "sm", margin: str | None = None) -> Component:
    box: Component = {"type": "box", "layout": "vertical", "spacing": spacing, "contents": list(contents)}
    if margin:
        box["margin"] = margin
    return box


def separator() -> Component:
    return {"type": "separator", "margin": "md"}


def button(action: dict[str, Any], *, primary: bool = False, color: str | None = None) -> Component:
    component: Component = {
        "type": "button",
        "action": action,
        "height": "sm",
        "style": "primary" if primary else "secondary",
    }
    if color:
        component["color"] = color
    return component


def link_button(action: dict[str, Any]) -> Component:
    return {"type": "button", "action": action, "height": "sm", "style": "link"}


def bubble(
    title: str,
    body: list[Component],
    footer: list[Component] | None = None,
    *,
    subtitle: str = "",
    accent: str = GREEN,
    size: str = "mega",
) -> Component:
    header = [label(title, size="md", bold=True, color="#FFFFFF")]
    if subtitle:
        header.append(label(subtitle, size="xs", color="#FFFFFF"))
    card: Component = {
        "type": "bubble",
        "size": size,
        "header": {"type": "box", "layout": "vertical", "backgroundColor": accent, "contents": header},
        "body": column(*body, spacing="md"),
    }
    if footer:
        card["footer"] = column(*footer)
    return card


def carousel(bubbles: list[Component]) -> Component:
    return {"type": "carousel", "contents": bubbles[:MAX_CAROUSEL]}
