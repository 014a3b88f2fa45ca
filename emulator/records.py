"""The things the emulator remembers, as plain dataclasses."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def camel_dict(record: DataclassInstance) -> dict[str, Any]:
    """A dataclass as a dict with camelCase keys, the style of LINE's JSON."""
    return {
        re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key): value for key, value in asdict(record).items()
    }


@dataclass
class User:
    user_id: str
    display_name: str
    picture_url: str | None = None
    language: str = "th"
    followed: bool = True
    rich_menu_id: str | None = None
    loading_until: float | None = None

    def profile(self) -> dict[str, str]:
        """The body LINE returns from GET /v2/bot/profile/{userId}."""
        profile = {"userId": self.user_id, "displayName": self.display_name, "language": self.language}
        if self.picture_url:
            profile["pictureUrl"] = self.picture_url
        return profile


@dataclass
class ReplyToken:
    token: str
    chat_id: str
    issued_at: float
    used: bool = False


@dataclass
class AcceptedRetryKey:
    key: str
    request_id: str
    accepted_at: float
    sent_messages: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Content:
    data: bytes
    content_type: str


@dataclass
class RichMenu:
    rich_menu_id: str
    body: dict[str, Any]
    image: Content | None = None

    def to_dict(self) -> dict[str, Any]:
        """The rich menu response object: the request body plus its id."""
        return {"richMenuId": self.rich_menu_id, **self.body}


@dataclass
class RequestRecord:
    """One Messaging API call: what the bot sent and what the emulator answered."""

    seq: int
    time: float
    request_id: str
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int
    response: Any
    violations: list[str] = field(default_factory=list)


@dataclass
class ConversationEntry:
    """One line of a chat: a message the bot sent, or an event the user caused."""

    seq: int
    time: float
    chat_id: str
    sender: Literal["bot", "user"]
    source: str
    message: dict[str, Any] | None = None
    event: dict[str, Any] | None = None
    message_id: str | None = None
    request_seq: int | None = None
    delivered: bool = True
    display_text: str | None = None  # what a postback action showed as the user's message
