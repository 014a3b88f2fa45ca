"""The feature registry: what each feature offers — its commands (by intent), its buttons (by postback
prefix) and its dialogs. The router's tables are built from it; adding a feature is one entry here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from handlers import basics, officer
from handlers.citizen import buttons, consent, help_request, linking, links
from handlers.citizen import status as citizen_status
from handlers.context import Context
from handlers.engine.model import Dialog
from handlers.incoming import Incoming
from handlers.messages import Message
from handlers.supervisor import actions, invites, overdue, revoke, settings, summary
from handlers.visit import VISIT_REPORT, amend

Handler = Callable[[Context, Incoming], list[Message]]
ButtonHandler = Callable[[Context, list[str]], list[Message]]


@dataclass(frozen=True)
class Feature:
    name: str
    commands: Mapping[str, Handler] = field(default_factory=dict)
    """intent (see handlers.commands for its words) → use case"""
    buttons: Mapping[str, ButtonHandler] = field(default_factory=dict)
    """postback prefix (`prefix|…`) → use case"""
    dialogs: tuple[Dialog, ...] = ()


def by_role(staff: Handler, others: Handler) -> Handler:
    """One command, two use cases: staff of an area get the first, everyone else the second."""

    def chosen(ctx: Context, incoming: Incoming) -> list[Message]:
        return (staff if officer.is_staff(ctx) else others)(ctx, incoming)

    return chosen


STATUS = by_role(officer.lookup, citizen_status.show)

FEATURES = (
    Feature(
        "visit_report",
        {"visit": officer.start_visit, "drafts": officer.drafts},
        {"officer": officer.on_button},
        (VISIT_REPORT, amend.AMEND),
    ),
    Feature(
        "household_search",
        {"search": officer.lookup, "status": STATUS, "household_status": STATUS},
        dialogs=(officer.LOOKUP,),
    ),
    Feature("linking", {"link": linking.start, "unlink": links.ask_unlink}, dialogs=(linking.LINKING,)),
    Feature("help_request", {"request_help": help_request.start}, dialogs=(help_request.HELP_REQUEST,)),
    Feature(
        "consent",
        {
            "privacy": consent.privacy,
            "withdraw": consent.ask_withdraw,
            "consent": consent.typed_yes,
            "refuse": consent.typed_no,
        },
        {"citizen": buttons.on_button},
    ),
    Feature("registration", {"register": basics.register, "invites": invites.issue}),
    Feature(
        "supervisor_actions",
        {
            "summary": summary.show,
            "overdue": overdue.show,
            "mute": settings.mute,
            "unmute": settings.unmute,
            "alert_settings": settings.show,
            "revoke": revoke.start,
        },
        {"alert": actions.on_button, "overdue": overdue.on_page, "revoke": revoke.on_button},
    ),
    Feature(
        "help",
        {
            "help": basics.help_for_role,
            **{word: basics.nothing_to_cancel for word in ("cancel", "back", "skip", "confirm", "edit")},
        },
    ),
)


def commands() -> dict[str, Handler]:
    """Every feature's commands, by intent; an intent claimed twice is a mistake caught here."""
    table: dict[str, Handler] = {}
    for feature in FEATURES:
        for intent, handler in feature.commands.items():
            assert intent not in table, f"command {intent} claimed twice"
            table[intent] = handler
    return table


def buttons_table() -> dict[str, ButtonHandler]:
    table: dict[str, ButtonHandler] = {}
    for feature in FEATURES:
        for prefix, handler in feature.buttons.items():
            assert prefix not in table, f"postback prefix {prefix} claimed twice"
            table[prefix] = handler
    return table
