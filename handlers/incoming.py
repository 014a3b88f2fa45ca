"""What a handler sees of a webhook event: who, what kind, what content, when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Location:
    lat: float
    lng: float
    title: str = ""
    address: str = ""


@dataclass(frozen=True)
class Incoming:
    event_id: str
    kind: str
    chat_type: str
    chat_id: str
    line_user_id: str | None
    at: datetime
    reply_token: str | None = None
    text: str = ""
    data: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    message_id: str | None = None
    location: Location | None = None
    image_set: tuple[str, int, int] | None = None
    redelivered: bool = False

    @property
    def is_private(self) -> bool:
        """A 1:1 chat with the bot; group and room chats never receive personal data."""
        return self.chat_type == "user"


MAX_ID_DIGITS = 18


def as_id(value: str) -> int | None:
    """A row id carried in a postback ("12"), or None for anything else ("²", "abc", 5,000 digits)."""
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS):
        return None
    return int(value)
