"""LINE's rules for rich menu objects and rich menu images."""

from __future__ import annotations

import struct
from typing import Any

from emulator.validation.actions import action_violations
from emulator.validation.violation import Violation, join_path

REQUIRED = ("size", "selected", "name", "chatBarText", "areas")
MAX_AREAS = 20
MAX_IMAGE_BYTES = 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def rich_menu_limits(body: Any) -> list[Violation]:
    if not isinstance(body, dict):
        return []
    found = [Violation(key, "Must be specified") for key in REQUIRED if key not in body]
    size = given if isinstance(given := body.get("size"), dict) else {}
    found += _size_violations(size)
    areas = given if isinstance(given := body.get("areas"), list) else []
    if len(areas) > MAX_AREAS:
        found.append(Violation("areas", f"Size must be between 0 and {MAX_AREAS}"))
    for index, area in enumerate(areas):
        if isinstance(area, dict):
            found += _bounds_violations(area.get("bounds"), size, join_path("areas", index, "bounds"))
            found += action_violations(area.get("action"), join_path("areas", index, "action"), "richMenu")
    return found


def _size_violations(size: dict[str, Any]) -> list[Violation]:
    width, height = size.get("width"), size.get("height")
    if not isinstance(width, int) or not isinstance(height, int):
        return []
    found = [] if 800 <= width <= 2500 else [Violation("size.width", "Must be between 800 and 2500")]
    if height < 250:
        found.append(Violation("size.height", "Must be at least 250"))
    elif width / height < 1.45:
        found.append(Violation("size", "The aspect ratio (width / height) must be at least 1.45"))
    return found


def _bounds_violations(bounds: Any, size: dict[str, Any], prop: str) -> list[Violation]:
    if not isinstance(bounds, dict) or not all(isinstance(size.get(key), int) for key in ("width", "height")):
        return []
    try:
        inside = (
            bounds["x"] + bounds["width"] <= size["width"]
            and bounds["y"] + bounds["height"] <= size["height"]
        )
    except (KeyError, TypeError):
        return [Violation(prop, "x, y, width and height must be numbers")]
    return [] if inside else [Violation(prop, "The area must lie inside the rich menu")]


def image_problem(data: bytes, content_type: str, menu_size: dict[str, Any]) -> tuple[int, str] | None:
    """Why LINE would refuse this rich menu image, as (HTTP status, message), or None."""
    if content_type not in IMAGE_TYPES:
        return 415, f"The content type, {content_type}, is not supported"
    if len(data) > MAX_IMAGE_BYTES:
        return 413, "The image must be 1 MB or smaller"
    dimensions = image_dimensions(data)
    if dimensions is None:
        return 400, "The image is not a valid PNG or JPEG"
    expected = (menu_size.get("width"), menu_size.get("height"))
    if dimensions != expected:
        return (
            400,
            f"The image is {dimensions[0]}x{dimensions[1]}; the rich menu is {expected[0]}x{expected[1]}",
        )
    return None


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) read from a PNG or JPEG header."""
    if data.startswith(_PNG_SIGNATURE) and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_dimensions(data)
    return None


def _jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    offset = 2
    while offset + 9 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[offset + 5 : offset + 9])
            return width, height
        offset += 2 + struct.unpack(">H", data[offset + 2 : offset + 4])[0]
    return None
