"""The emulated platform seen from Python: users, events to the bot, messages from it."""

from __future__ import annotations

import copy
from typing import Any

from emulator import events, ids, saved_users
from emulator.config import EmulatorConfig
from emulator.dispatch import Delivery, post_webhook
from emulator.login_state import LoginState
from emulator.records import ConversationEntry, User
from emulator.state import EmulatorState

# Sent message types that LINE gives a quote token.
QUOTABLE = frozenset({"text", "textV2", "sticker", "image", "video"})


class Emulator:
    def __init__(self, config: EmulatorConfig, state: EmulatorState | None = None) -> None:
        self.config = config
        self.state = state or EmulatorState(webhook_url=config.webhook_url)
        self.login = LoginState(config.liff_apps)
        if config.users_file is not None:
            for saved in saved_users.load(config.users_file):
                self.state.add_user(**saved)

    def reset(self) -> None:
        self.state.reset()
        self.login.reset()

    def add_user(self, display_name: str, user_id: str | None = None, **profile: Any) -> User:
        """Adds (or updates) a user; with a users file, the list is saved for the next start."""
        user = self.state.add_user(display_name, user_id, **profile)
        if self.config.users_file is not None:
            saved_users.save(self.config.users_file, self.state.users())
        return user

    def event(
        self,
        user_id: str | None,
        kind: str,
        *,
        group_id: str | None = None,
        room_id: str | None = None,
        **fields: Any,
    ) -> events.Event:
        """Build an event from a user (in a group or room if given) and register what it creates.

        `kind` is a key of `events.BUILDERS`; `fields` are that builder's arguments. A replyable
        event gets a reply token bound to its chat; an image needs `content` (bytes) and may give
        `content_type`; follow and unfollow update the user's followed flag. `display_text` is what
        the user's chat shows for a postback (the action's displayText); it is not part of the event.
        """
        source = self._source(user_id, kind, group_id, room_id)
        chat_id = events.chat_id_of(source)
        content = fields.pop("content", None)
        content_type = fields.pop("content_type", "image/jpeg")
        display_text = fields.pop("display_text", None)
        if kind == "image" and not isinstance(content, bytes):
            raise ValueError("an image event needs its content as bytes")
        if events.event_type(kind) in events.REPLYABLE:
            fields["reply_token"] = self.state.issue_reply_token(chat_id, fields.get("reply_token"))
        event = events.BUILDERS[kind](source, **fields)
        self._register(event, chat_id, content, content_type, display_text)
        return event

    def _source(
        self, user_id: str | None, kind: str, group_id: str | None, room_id: str | None
    ) -> dict[str, str]:
        if kind not in events.BUILDERS:
            raise ValueError(f"unknown event kind {kind!r}; expected one of {sorted(events.BUILDERS)}")
        if user_id is not None and self.state.user(user_id) is None:
            raise LookupError(f"unknown user {user_id}")
        if group_id:
            return events.group_source(group_id, user_id)
        if room_id:
            return events.room_source(room_id, user_id)
        if user_id is None:
            raise ValueError("an event needs a user, a group or a room")
        return events.user_source(user_id)

    def _register(
        self,
        event: events.Event,
        chat_id: str,
        content: bytes | None,
        content_type: str,
        display_text: str | None,
    ) -> None:
        """Remember what the event changes: the chat, an image's bytes, the follow flag, the conversation."""
        self.state.note_chat(chat_id)
        message_id = event.get("message", {}).get("id")
        if content is not None:
            self.state.put_content(message_id, content, content_type)
        user_id = event["source"].get("userId")
        if event["type"] in ("follow", "unfollow") and user_id:
            self.state.set_followed(user_id, event["type"] == "follow")
        self.state.add_entry(
            chat_id, "user", event["type"], event=event, message_id=message_id, display_text=display_text
        )

    def send(self, user_id: str | None, kind: str, **fields: Any) -> dict[str, Any]:
        """Build an event, sign it and post it to the bot: {"event": …, "status": …, …}."""
        event = self.event(user_id, kind, **fields)
        return {"event": event, **self.deliver([event]).to_dict()}

    def redeliver(self, event: events.Event) -> Delivery:
        """Post the same event again, marked as a redelivery."""
        again = copy.deepcopy(event)
        again["deliveryContext"] = {"isRedelivery": True}
        return self.deliver([again])

    def deliver(self, batch: list[events.Event]) -> Delivery:
        """Post one webhook body holding these events (an empty list is the console's Verify)."""
        url = self.state.webhook_url
        if not url:
            return Delivery(None, "", 0.0, "no webhook URL is set")
        body = events.webhook_body(self.config.bot_user_id, batch)
        return post_webhook(url, self.config.channel_secret, body, self.config.webhook_timeout)

    def deliver_messages(
        self, chat_id: str, messages: list[dict[str, Any]], source: str, request_seq: int | None = None
    ) -> list[dict[str, str]]:
        """Put the bot's messages in the chat (unseen if the user blocked the bot): the sentMessages."""
        entries = self.state.deliver(chat_id, messages, source, request_seq)
        return [_sent_message(entry) for entry in entries]

    def conversation(self, chat_id: str, since: int = 0) -> list[ConversationEntry]:
        return self.state.conversation(chat_id, since)

    def messages_to(self, chat_id: str, since: int = 0) -> list[dict[str, Any]]:
        """The message objects the bot delivered to a chat (and the user can see), in order."""
        return [
            entry.message
            for entry in self.state.conversation(chat_id, since)
            if entry.sender == "bot" and entry.delivered and entry.message is not None
        ]


def _sent_message(entry: ConversationEntry) -> dict[str, str]:
    quotable = entry.message is not None and entry.message.get("type") in QUOTABLE
    return {"id": str(entry.message_id), **({"quoteToken": ids.quote_token()} if quotable else {})}
