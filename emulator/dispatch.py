"""Posting signed webhook bodies to the bot, as the LINE Platform does."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from emulator.events import sign


@dataclass
class Delivery:
    """What the bot answered to one webhook POST."""

    status: int | None
    body: str
    elapsed_ms: float
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "body": self.body, "elapsedMs": self.elapsed_ms, "error": self.error}


def post_webhook(url: str, secret: str, body: bytes, timeout: float) -> Delivery:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "LineBotWebhook/2.0",
            "X-Line-Signature": sign(secret, body),
        },
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Delivery(response.status, _text(response.read()), _since(started))
    except urllib.error.HTTPError as error:
        return Delivery(error.code, _text(error.read()), _since(started))
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = "request_timeout" if isinstance(error, TimeoutError) else f"could_not_connect: {error}"
        return Delivery(None, "", _since(started), reason)


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")[:2000]
