"""Loading generated households: batches of one transaction, skipping what is already present."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import Household
from models.protection import DataProtector
from models.vocabulary import Dimension
from registry import matching
from registry.loader import batched, ensure_villages, insert_households
from registry.records import HouseholdRecord

BATCH_HOUSEHOLDS = 2000


@dataclass
class LoadSummary:
    households: int = 0
    persons: int = 0
    problems: int = 0
    assistance: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (f"households added: {self.households}; persons: {self.persons}; problems: {self.problems}; "
                f"assistance: {self.assistance}; skipped (house code or a national ID already present): "
                f"{self.skipped}")


def load_households(sessions: sessionmaker[Session], protector: DataProtector,
                    records: Iterable[HouseholdRecord], catalogue: Mapping[int, tuple[int, Dimension]],
                    actor: str, now: datetime, progress: Callable[[int], None] = lambda count: None,
                    batch: int = BATCH_HOUSEHOLDS) -> LoadSummary:
    """Adds new households with their members and cases; one audit row per household."""
    summary = LoadSummary()
    for chunk in batched(records, batch):
        with sessions.begin() as session:
            ensure_villages(session, {r.fields.village_code: r.fields.village_name for r in chunk})
            fresh = _not_present(session, protector, chunk)
            insert_households(session, protector, fresh, catalogue, actor, now)
        summary.households += len(fresh)
        summary.persons += sum(len(r.members) for r in fresh)
        summary.problems += sum(len(r.problems) for r in fresh)
        summary.assistance += sum(len(r.assistance) for r in fresh)
        summary.skipped += len(chunk) - len(fresh)
        progress(len(chunk))
    return summary


def _not_present(session: Session, protector: DataProtector,
                 records: list[HouseholdRecord]) -> list[HouseholdRecord]:
    """Drops households whose house code, or a member's national ID, is already in the database."""
    taken = set(session.scalars(select(Household.house_code).where(
        Household.house_code.in_([r.fields.house_code for r in records]))))
    known = matching.persons_by_index(session, protector, [m.national_id for r in records for m in r.members
                                                           if m.national_id])
    return [r for r in records if r.fields.house_code not in taken
            and not any(m.national_id in known for m in r.members)]
