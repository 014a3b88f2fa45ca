"""The one table from (chat, event kind, dialog, command) to a use case.

Order: follow/unfollow → the user's dialog (which also answers its own buttons; only withdrawing consent
goes past it) → buttons of other use cases → an invite code → a command → a polite fallback. A command
typed in the middle of a dialog is a side trip: it is answered, and the draft is offered again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import basics, engine, officer, registration
from handlers.citizen import buttons, consent, help_request, linking, links
from handlers.citizen import status as citizen_status
from handlers.commands import command_in, command_of
from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message
from handlers.supervisor import actions, invites, overdue, revoke, settings, summary

Handler = Callable[[Context, Incoming], list[Message]]

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


def by_role(staff: Handler, others: Handler) -> Handler:
    """One command, two use cases: staff of an area get the first, everyone else the second."""

    def chosen(ctx: Context, incoming: Incoming) -> list[Message]:
        return (staff if officer.is_staff(ctx) else others)(ctx, incoming)

    return chosen


STATUS = by_role(officer.lookup, citizen_status.show)

COMMANDS: dict[str, Handler] = {
    "visit": officer.start_visit,
    "status": STATUS,
    "household_status": STATUS,
    "link": linking.start,
    "unlink": links.ask_unlink,
    "request_help": help_request.start,
    "privacy": consent.privacy,
    "withdraw": consent.ask_withdraw,
    "consent": consent.typed_yes,
    "refuse": consent.typed_no,
    "search": officer.lookup,
    "drafts": officer.drafts,
    "register": basics.register,
    "summary": summary.show,
    "overdue": overdue.show,
    "mute": settings.mute,
    "unmute": settings.unmute,
    "alert_settings": settings.show,
    "invites": invites.issue,
    "revoke": revoke.start,
    "help": basics.help_for_role,
    "cancel": basics.nothing_to_cancel,
    "back": basics.nothing_to_cancel,
    "skip": basics.nothing_to_cancel,
    "confirm": basics.nothing_to_cancel,
    "edit": basics.nothing_to_cancel,
}

POSTBACKS: dict[str, Callable[[Context, list[str]], list[Message]]] = {
    "officer": officer.on_button,
    "alert": actions.on_button,
    "overdue": overdue.on_page,
    "citizen": buttons.on_button,
    "revoke": revoke.on_button,
}


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
