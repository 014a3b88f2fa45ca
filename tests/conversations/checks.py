"""What must hold after every turn, seen from outside: the webhook's answer, the inbox row, the
emulator's record of every call, the database's rows, and the words people read."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.worker.inbox import APOLOGY
from models import Base, CitizenLink, Household, InboxEvent, User
from models.scope import covers
from tests.conversations.world import Actor, World
from tests.e2e.conftest import all_text

WATCHED = (
    "households", "persons", "problems", "assistance", "visits", "alerts", "help_requests",
    "citizen_links", "citizen_notices", "link_codes", "attachments",
)
Snapshot = dict[int, int]


class Failures(logging.Handler):
    """Collects the errors the bot logs (a handler that raised logs its traceback here)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(logging.Formatter().format(record) for record in self.records)


@contextmanager
def logged_failures() -> Iterator[Failures]:
    handler = Failures()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def snapshot(session: Session) -> Snapshot:
    """A fingerprint of every household's rows (its own, its people's, its visits', its cases')."""
    person_home = dict(session.execute(select(Base.metadata.tables["persons"].c["id", "household_id"])).all())
    visit_home = dict(session.execute(select(Base.metadata.tables["visits"].c["id", "household_id"])).all())
    rows: dict[int, list[str]] = {}
    for name in WATCHED:
        table = Base.metadata.tables[name]
        for row in session.execute(select(table)).mappings():
            rows.setdefault(_owner(name, row, person_home, visit_home), []).append(repr(sorted(row.items())))
    return {owner: hash(tuple(sorted(found))) for owner, found in rows.items()}


def _owner(name: str, row: Any, person_home: dict[Any, int], visit_home: dict[int, int]) -> int:
    """The household a row belongs to; 0 for a row of none yet (a photo before its visit is sent)."""
    if name == "households":
        return int(row["id"])
    if "household_id" in row and row["household_id"] is not None:
        return int(row["household_id"])
    if row.get("person_id") is not None:
        return person_home[row["person_id"]]
    if row.get("visit_id") is not None:
        return visit_home[row["visit_id"]]
    return 0


def changed(before: Snapshot, after: Snapshot) -> set[int]:
    return {owner for owner in before.keys() | after.keys() if before.get(owner) != after.get(owner)} - {0}


@dataclass(frozen=True)
class Observed:
    """The database as the rules see it: every household's fingerprint, who may reach which household."""

    rows: Snapshot
    reach: dict[str, set[int]]


def observe(world: World) -> Observed:
    with world.chat.rt.sessions() as session:
        return Observed(snapshot(session), reachable(session))


def reachable(session: Session) -> dict[str, set[int]]:
    """Per LINE user, the households they may see and change: their area's (staff) and their link's (a
    villager may also be an officer)."""
    homes = list(session.scalars(select(Household)))
    active = select(CitizenLink.user_id, CitizenLink.household_id).where(CitizenLink.unlinked_at.is_(None))
    linked: dict[int, set[int]] = {}
    for user_id, household_id in session.execute(active):
        linked.setdefault(user_id, set()).add(household_id)
    reach = {}
    for user in session.scalars(select(User)):
        staff = user.role.is_staff and user.area_code
        area = {h.id for h in homes if covers(user.area_code or "", h)} if staff else set()
        reach[user.line_user_id] = area | linked.get(user.id, set())
    return reach


class Turn:
    """One event's effects, checked: call `check` after the event was delivered and its jobs ran."""

    def __init__(self, world: World, actor: Actor, before: Observed) -> None:
        self.world, self.actor, self.before = world, actor, before
        self.state = world.chat.platform.emulator.state
        self.calls_seen = len(self.state.recorded())
        self.entry_seq = world.entry_seq

    def check(self, event: dict[str, Any], failures: Failures) -> tuple[list[str], Observed]:
        """Every broken rule, in words (none when the turn was fine), and the database as it is now."""
        problems = self._inbox(event, failures)
        problems += self._requests()
        after = observe(self.world)
        reach = {who: self.before.reach.get(who, set()) | found for who, found in after.reach.items()}
        outside = changed(self.before.rows, after.rows) - reach.get(self.actor.user.user_id, set())
        if outside:
            problems.append(f"{self.actor.name} changed households outside their scope: {sorted(outside)}")
        problems += self._shown(reach)
        return problems, after

    def _inbox(self, event: dict[str, Any], failures: Failures) -> list[str]:
        with self.world.chat.rt.sessions() as session:
            row = session.scalar(
                select(InboxEvent).where(InboxEvent.webhook_event_id == event["webhookEventId"])
            )
        if row is None or row.processed_at is None or row.outcome != "handled":
            outcome = "not stored" if row is None else f"outcome={row.outcome} attempts={row.attempts}"
            return [f"the event was not handled ({outcome}):\n{failures.text()}"]
        return []

    def _requests(self) -> list[str]:
        return [
            f"invalid request to {record.path}: {record.violations}"
            for record in self.state.recorded(self.calls_seen)
            if record.violations
        ]

    def _shown(self, reach: dict[str, set[int]]) -> list[str]:
        """No apology, and nobody reads a household they may not see. Words someone typed (a house code
        tried, an ID) may come back in what they wrote, so a marker counts once nobody typed it; names
        and problems of the households are never typed (see world.build)."""
        problems = []
        for entry in self.state.entries(since=self.entry_seq):
            self.world.entry_seq = max(self.world.entry_seq, entry.seq)
            if entry.sender != "bot" or entry.message is None:
                continue
            shown = all_text([entry.message])
            if APOLOGY in shown:
                problems.append(f"the internal-error apology went to {entry.chat_id}")
            reader = next((a for a in self.world.actors if a.user.user_id == entry.chat_id), None)
            typed = "\n".join(t for a in self.world.actors for t in a.typed)
            for household, words in self.world.markers.items():
                if household in reach.get(entry.chat_id, set()):
                    continue
                leaked = [w for w in words if w in shown and w not in typed]
                if leaked:
                    who = reader.name if reader else entry.chat_id
                    problems.append(f"{who} was shown household {household}'s {leaked}: {shown[:300]!r}")
        return problems

