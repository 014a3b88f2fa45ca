"""Rich menus: drawn by the project (Sarabun, a Thai font), created and linked through the gateway."""

from __future__ import annotations

import hashlib
import io
import logging
from functools import cache

import fontpkg_sarabun
from PIL import Image, ImageDraw, ImageFont

from bot.services import Services
from bot.worker.line_gateway import GatewayError
from handlers.menus import CITIZEN, MENUS, Menu, MenuArea, menu_for
from models.vocabulary import Role

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 2500, 1686
GAP = 12
NAME_PREFIX = "logbook-"
FONT_DIR = fontpkg_sarabun.ROOT / "files"


@cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONT_DIR / f"Sarabun-{weight}.ttf"), size, layout_engine=ImageFont.Layout.RAQM
    )


def _fitted(
    draw: ImageDraw.ImageDraw, words: str, weight: str, size: int, room: float
) -> ImageFont.FreeTypeFont:
    """The largest font up to size whose rendering of words fits in room pixels."""
    while size > 24 and draw.textlength(words, font=_font(weight, size)) > room:
        size -= 6
    return _font(weight, size)


def cells(menu: Menu) -> list[tuple[MenuArea, tuple[int, int, int, int]]]:
    """Each area with its pixel bounds (x, y, width, height): rows split the height evenly."""
    placed = []
    row_height = HEIGHT // len(menu.rows)
    for row_index, row in enumerate(menu.rows):
        width = WIDTH // len(row)
        for column, area in enumerate(row):
            placed.append((area, (column * width, row_index * row_height, width, row_height)))
    return placed


@cache
def render(menu: Menu) -> bytes:
    """The menu image: a coloured tile per area with its Thai label and a one-line hint; drawn once."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    for area, (x, y, w, h) in cells(menu):
        draw.rounded_rectangle((x + GAP, y + GAP, x + w - GAP, y + h - GAP), radius=40, fill=area.color)
        centre, room = x + w / 2, w - 6 * GAP
        draw.text(
            (centre, y + h / 2 - 40),
            area.label,
            font=_fitted(draw, area.label, "Bold", 130, room),
            fill="#FFFFFF",
            anchor="mm",
        )
        draw.text(
            (centre, y + h / 2 + 100),
            area.hint,
            font=_fitted(draw, area.hint, "Regular", 64, room),
            fill="#FFFFFF",
            anchor="mm",
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def definition(menu: Menu, name: str, dashboard_url: str = "") -> dict[str, object]:
    """The rich menu object of the Messaging API: a message action per area, a LIFF URL for the dashboard."""
    return {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": False,
        "name": name,
        "chatBarText": menu.chat_bar,
        "areas": [
            {
                "bounds": {"x": x, "y": y, "width": w, "height": h},
                "action": _action(area, dashboard_url),
            }
            for area, (x, y, w, h) in cells(menu)
        ],
    }


def _action(area: MenuArea, dashboard_url: str) -> dict[str, str]:
    if area.opens == "dashboard" and dashboard_url:
        return {"type": "uri", "label": area.label[:20], "uri": dashboard_url}
    return {"type": "message", "label": area.label[:20], "text": area.command}


def versioned_name(menu: Menu, png: bytes, dashboard_url: str = "") -> str:
    """The name changes when the picture or the areas change, so sync knows what to replace."""
    digest = hashlib.sha256(png + repr(definition(menu, "", dashboard_url)).encode()).hexdigest()[:10]
    return f"{NAME_PREFIX}{menu.name}-{digest}"


def sync(services: Services) -> dict[str, str]:
    """Creates missing or changed menus, deletes outdated ones, sets the default; returns name → id."""
    gateway = services.gateway
    existing = {m["name"]: m["richMenuId"] for m in gateway.rich_menus()}
    current: dict[str, str] = {}
    for menu in MENUS:
        png = render(menu)
        dashboard_url = services.settings.dashboard_url
        name = versioned_name(menu, png, dashboard_url)
        menu_id = existing.get(name)
        if menu_id is None:
            menu_id = gateway.create_rich_menu(definition(menu, name, dashboard_url))
            gateway.upload_rich_menu_image(menu_id, png)
        current[menu.name] = menu_id
        services.redis.set(services.key("richmenu", menu.name), menu_id)
    for name, menu_id in existing.items():
        if name.startswith(NAME_PREFIX) and menu_id not in current.values():
            gateway.delete_rich_menu(menu_id)
    gateway.set_default_rich_menu(current[CITIZEN.name])
    return current


def link_for_role(services: Services, line_user_id: str, role: str) -> None:
    """Job: shows the user the menu of their (new) role; menus not synced yet are created first."""
    menu = menu_for(Role(role))
    menu_id = services.redis.get(services.key("richmenu", menu.name))
    try:
        resolved = menu_id.decode() if isinstance(menu_id, bytes) and menu_id else sync(services)[menu.name]
        services.gateway.link_rich_menu(line_user_id, resolved)
    except GatewayError as error:
        log.warning("rich menu not linked for %s: %s", services.protector.pseudonym(line_user_id), error)
