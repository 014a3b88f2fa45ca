"""The one table from (chat, event kind, dialog, command) to a use case.

Order: follow/unfollow → the user's dialog (which also answers its own buttons; only withdrawing consent
goes past it) → buttons of other use cases → an invite code → a command → a polite fallback. A command
typed in the middle of a dialog is a side trip: it is answered, and the draft is offered again afterwards.
"""

from __future__ import annotations

from handlers import basics, engine, features, registration
from handlers.citizen import consent
from handlers.commands import command_in, command_of
from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message

IGNORED_KINDS = frozenset(
    {
        "unsend",
        "videoPlayComplete",
        "beacon",
        "accountLink",
        "membership",
        "module",
        "activated",
        "deactivated",
        "botSuspended",
        "botResumed",
        "delivery",
        "messageEdited",
        "memberJoined",
        "memberLeft",
        "join",
        "leave",
        "unknown",
    }
)


COMMANDS = features.commands()
POSTBACKS = features.buttons_table()


def route(ctx: Context, incoming: Incoming) -> list[Message]:
    """A 1:1 chat event from a LINE user."""
    if incoming.kind == "follow":
        return consent.on_follow(ctx)
    if incoming.kind == "unfollow":
        return basics.on_unfollow(ctx)
    if incoming.kind in IGNORED_KINDS:
        return []
    if incoming.kind == "text" and len(incoming.text) > basics.MAX_TEXT:
        return basics.too_long() + engine.resume_hint(ctx)
    waiting = engine.current(ctx)
    answered = None if _withdrawal(ctx, incoming) else engine.handle(ctx, incoming)
    if answered is not None:
        return answered
    out = _outside_dialog(ctx, incoming)
    still = engine.current(ctx)
    if waiting and still and still.key == waiting.key and not _offers_resume(out):
        return out + engine.resume_hint(ctx)
    return out


def _offers_resume(out: list[Message]) -> bool:
    """The answer already offers the waiting draft (ร่างที่ค้าง, เยี่ยมบ้าน), or ends with a question of
    its own (LINE shows only the last message's quick replies): the reminder comes after that answer."""
    return bool(out) and "quickReply" in out[-1]


def _withdrawal(ctx: Context, incoming: Incoming) -> bool:
    """ถอนความยินยอม works in the middle of any dialog, even one that takes free text."""
    return command_in(ctx, incoming) == "withdraw"


def _outside_dialog(ctx: Context, incoming: Incoming) -> list[Message]:
    if incoming.kind == "postback":
        prefix, *args = incoming.data.split("|")
        handler = POSTBACKS.get(prefix)
        picked = [str(value) for value in incoming.params.values()]  # a date picker's answer
        return handler(ctx, args + picked) if handler else basics.expired_button()
    if incoming.kind != "text":
        return basics.not_now(ctx, incoming.kind)
    if code := registration.find_code(incoming.text):
        return registration.redeem(ctx, code)
    command = command_in(ctx, incoming)
    command_handler = COMMANDS.get(command) if command else None
    return command_handler(ctx, incoming) if command_handler else basics.fallback(ctx, incoming)


def route_group(incoming: Incoming) -> list[Message]:
    """Group and room chats: one line saying the bot serves 1:1 chats only; nothing personal."""
    if incoming.kind == "join" or (incoming.kind == "text" and command_of(incoming.text)):
        return basics.group_notice()
    return []
