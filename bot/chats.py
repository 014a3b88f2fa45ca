"""What the web and the worker agree on about a chat: its id, its drain job and its queued mark."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services import Services

QUEUED_MARK_SECONDS = 300
PROCESS_CHAT = "bot.worker.inbox.process_chat"
"""The drain job, named so the web process enqueues it without importing the worker."""


def chat_id_of(source: dict[str, Any]) -> str:
    """The conversation an event belongs to: the user, group or room id."""
    return str(source.get("groupId") or source.get("roomId") or source.get("userId") or "-")


def queued_mark(services: Services, chat_id: str) -> str:
    """The Redis key that is set while a drain job for this chat waits: its next events need no new job."""
    return services.key("chat-queued", chat_id)


def chat_lock(services: Services, chat_id: str) -> str:
    """The Redis key of the lock a worker holds while it drains this chat."""
    return services.key("chat-lock", chat_id)
