"""Identifiers in the shapes LINE uses."""

from __future__ import annotations

import re
import secrets
import time
import uuid

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_USER_ID = re.compile(r"U[0-9a-f]{32}")
_CHAT_ID = re.compile(r"[UCR][0-9a-f]{32}")


def user_id() -> str:
    return "U" + secrets.token_hex(16)


def group_id() -> str:
    return "C" + secrets.token_hex(16)


def room_id() -> str:
    return "R" + secrets.token_hex(16)


def message_id() -> str:
    """An 18-digit decimal string, like LINE's message ids."""
    return str(10**17 + secrets.randbelow(9 * 10**17))


def reply_token() -> str:
    return secrets.token_hex(16)


def quote_token() -> str:
    return secrets.token_urlsafe(48)


def request_id() -> str:
    return str(uuid.uuid4())


def rich_menu_id() -> str:
    return "richmenu-" + secrets.token_hex(16)


def webhook_event_id(now_ms: int | None = None) -> str:
    """A ULID: 48-bit millisecond time and 80 random bits in 26 Crockford base-32 characters."""
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    value = (millis << 80) | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def is_user_id(value: object) -> bool:
    return isinstance(value, str) and _USER_ID.fullmatch(value) is not None


def is_chat_id(value: object) -> bool:
    """A user, group (C…) or room (R…) id."""
    return isinstance(value, str) and _CHAT_ID.fullmatch(value) is not None


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36
