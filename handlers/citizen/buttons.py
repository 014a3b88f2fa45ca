"""The citizen's buttons, citizen|<action>: each acts on the account that taps it and carries no ids,
so replayed or altered data reaches nothing but the tapper's own settings."""

from __future__ import annotations

from collections.abc import Callable

from handlers import basics
from handlers.citizen import consent, links
from handlers.context import Context
from handlers.messages import Message

BUTTONS: dict[str, Callable[[Context, list[str]], list[Message]]] = {
    "consent": consent.answer_consent,
    "notify": consent.set_notify,
    "withdraw": consent.withdraw,
    "stay": consent.stay,
    "unlink": links.unlink,
    "keep": links.keep,
}


def on_button(ctx: Context, args: list[str]) -> list[Message]:
    action, *rest = args or [""]
    handler = BUTTONS.get(action)
    return handler(ctx, rest) if handler else basics.expired_button()
