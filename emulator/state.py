"""Thread-safe in-memory state of the emulated LINE Platform."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from emulator import ids
from emulator.changes import Changes
from emulator.faults import FaultQueue
from emulator.records import (
    AcceptedRetryKey,
    Content,
    ConversationEntry,
    ReplyToken,
    RequestRecord,
    User,
)
from emulator.richmenus import RichMenuStore

RETRY_KEY_TTL = 24 * 3600.0


class EmulatorState:
    """Users, chats, tokens, retry keys, contents, rich menus, recorded calls and pending faults."""

    def __init__(self, webhook_url: str | None = None, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.RLock()
        self._clock = clock
        self._initial_webhook_url = webhook_url
        self.changes = Changes()
        self.reset()

    def reset(self) -> None:
        """Forget everything except the clock and the configured webhook URL."""
        with self._lock:
            self.webhook_url = self._initial_webhook_url
            self.latency_ms = 0
            self.rich_menus = RichMenuStore(self._lock)
            self.faults = FaultQueue()
            self._users: dict[str, User] = {}
            self._chats: dict[str, list[ConversationEntry]] = {}
            self._reply_tokens: dict[str, ReplyToken] = {}
            self._retry_keys: dict[str, AcceptedRetryKey] = {}
            self._contents: dict[str, Content] = {}
            self._requests: list[RequestRecord] = []
            self._request_seq = 0
            self._entry_seq = 0
        self.changes.new_epoch()

    def now(self) -> float:
        return self._clock()

    # Users and chats

    def add_user(self, display_name: str, user_id: str | None = None, **profile: Any) -> User:
        """Create a user, or update the profile of an existing one."""
        with self._lock:
            user = self._users.get(user_id or "")
            if user is None:
                user = User(user_id or ids.user_id(), display_name, **profile)
                self._users[user.user_id] = user
                self._chats.setdefault(user.user_id, [])
            else:
                user.display_name = display_name
                for key, value in profile.items():
                    setattr(user, key, value)
        self.changes.bump()
        return user

    def user(self, user_id: str) -> User | None:
        with self._lock:
            return self._users.get(user_id)

    def users(self) -> list[User]:
        with self._lock:
            return list(self._users.values())

    def set_followed(self, user_id: str, followed: bool) -> None:
        with self._lock:
            self._users[user_id].followed = followed
        self.changes.bump()

    def set_loading(self, user_id: str, seconds: float) -> None:
        with self._lock:
            self._users[user_id].loading_until = self.now() + seconds
        self.changes.bump()

    def note_chat(self, chat_id: str) -> None:
        """Remember a group or room the bot is in, so it can be pushed to."""
        with self._lock:
            self._chats.setdefault(chat_id, [])

    def is_known_chat(self, chat_id: str) -> bool:
        with self._lock:
            return chat_id in self._chats

    def is_reachable(self, chat_id: str) -> bool:
        """False for a user who has blocked the bot: LINE accepts such pushes but shows nothing."""
        with self._lock:
            user = self._users.get(chat_id)
            return user is None or user.followed

    # Rich menu links

    def link_rich_menu(self, user_id: str, rich_menu_id: str | None) -> None:
        with self._lock:
            self._users[user_id].rich_menu_id = rich_menu_id
        self.changes.bump()

    def delete_rich_menu(self, rich_menu_id: str) -> bool:
        """Delete a menu and unlink it from every user."""
        with self._lock:
            for user in self._users.values():
                if user.rich_menu_id == rich_menu_id:
                    user.rich_menu_id = None
            removed = self.rich_menus.remove(rich_menu_id)
        self.changes.bump()
        return removed

    def effective_rich_menu_id(self, user_id: str) -> str | None:
        """The menu the user sees: their own link, else the default."""
        with self._lock:
            user = self._users.get(user_id)
            return (user.rich_menu_id if user else None) or self.rich_menus.default_id

    # Reply tokens and retry keys

    def issue_reply_token(self, chat_id: str, token: str | None = None) -> str:
        with self._lock:
            reply = ReplyToken(token or ids.reply_token(), chat_id, self.now())
            self._reply_tokens[reply.token] = reply
            return reply.token

    def use_reply_token(self, token: str, ttl: float) -> str | None:
        """Spend a token: its chat id, or None when it is unknown, used or older than ttl seconds."""
        with self._lock:
            reply = self._reply_tokens.get(token)
            if reply is None or reply.used or self.now() - reply.issued_at > ttl:
                return None
            reply.used = True
            return reply.chat_id

    def accept_retry_key(self, key: str, request_id: str) -> AcceptedRetryKey | None:
        """Accept a retry key for this request; if it was accepted in the last 24 h, return that."""
        with self._lock:
            earlier = self._retry_keys.get(key)
            if earlier is not None and self.now() - earlier.accepted_at < RETRY_KEY_TTL:
                return earlier
            self._retry_keys[key] = AcceptedRetryKey(key, request_id, self.now())
            return None

    def complete_retry_key(self, key: str, sent_messages: list[dict[str, str]]) -> None:
        with self._lock:
            self._retry_keys[key].sent_messages = sent_messages

    # Message contents

    def put_content(self, message_id: str, data: bytes, content_type: str) -> None:
        with self._lock:
            self._contents[message_id] = Content(data, content_type)

    def content(self, message_id: str) -> Content | None:
        with self._lock:
            return self._contents.get(message_id)

    # Conversations

    def add_entry(self, chat_id: str, sender: str, source: str, **fields: Any) -> ConversationEntry:
        with self._lock:
            self._entry_seq += 1
            entry = ConversationEntry(self._entry_seq, self.now(), chat_id, sender, source, **fields)  # type: ignore[arg-type]
            self._chats.setdefault(chat_id, []).append(entry)
        self.changes.bump()
        return entry

    def deliver(
        self, chat_id: str, messages: list[dict[str, Any]], source: str, request_seq: int | None
    ) -> list[ConversationEntry]:
        """Append the bot's messages to a chat in one step, marked undelivered if the user blocked the bot."""
        with self._lock:
            delivered = self.is_reachable(chat_id)
            return [
                self.add_entry(
                    chat_id,
                    "bot",
                    source,
                    message=message,
                    message_id=ids.message_id(),
                    request_seq=request_seq,
                    delivered=delivered,
                )
                for message in messages
            ]

    def conversation(self, chat_id: str, since: int = 0) -> list[ConversationEntry]:
        with self._lock:
            return [entry for entry in self._chats.get(chat_id, []) if entry.seq > since]

    def entries(self, since: int = 0) -> list[ConversationEntry]:
        """Every chat's entries after seq `since`, in the order they happened."""
        with self._lock:
            found = [entry for chat in self._chats.values() for entry in chat if entry.seq > since]
        return sorted(found, key=lambda entry: entry.seq)

    # Recorded API calls

    def next_request_seq(self) -> int:
        with self._lock:
            self._request_seq += 1
            return self._request_seq

    def record_request(self, record: RequestRecord) -> None:
        with self._lock:
            self._requests.append(record)
        self.changes.bump()

    def requests(self, since: int = 0, path: str | None = None) -> list[RequestRecord]:
        """Recorded calls after seq `since`, optionally only those whose path starts with `path`."""
        with self._lock:
            found = [r for r in self._requests if r.seq > since and (path is None or r.path.startswith(path))]
        return sorted(found, key=lambda record: record.seq)

    def recorded(self, count: int = 0) -> list[RequestRecord]:
        """The recorded calls after the first `count`, in the order they finished (a reader's cursor)."""
        with self._lock:
            return self._requests[count:]
