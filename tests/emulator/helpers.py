"""Helpers shared by the emulator tests."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from typing import Any

from linebot.v3.messaging.exceptions import ApiException
from PIL import Image

TIMEOUT = 5


def error_body(error: ApiException) -> dict[str, Any]:
    return json.loads(error.body)


def raw_call(
    url: str, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    """A request the SDK would never send (bad JSON, bad token): (status, JSON answer)."""
    request = urllib.request.Request(url + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def image_bytes(width: int, height: int, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (6, 199, 85)).save(buffer, format=kind)
    return buffer.getvalue()


def text(value: str, **fields: Any) -> dict[str, Any]:
    return {"type": "text", "text": value, **fields}


def quick_reply(count: int, label: str = "ใช่") -> dict[str, Any]:
    item = {"type": "action", "action": {"type": "message", "label": label, "text": label}}
    return {"items": [item] * count}


def postback_action(data: str, label: str = "เลือก") -> dict[str, Any]:
    return {"type": "postback", "label": label, "data": data, "displayText": label}
