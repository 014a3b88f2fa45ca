"""Loading generated households: batches of one transaction, skipping what is already present.

On PostgreSQL a second thread writes each batch while this one draws and encrypts the next, so the
database's work (COPY, index upkeep, commit) overlaps Python's. A batch is first written as it is,
inside a savepoint; only when that hits a household or national ID already in the database is it
checked row by row — a load into a database without them never pays for the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import psycopg
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import Household
from models.protection import DataProtector
from models.vocabulary import Dimension
from registry import reconcile
from registry.loader import NewRows, batched, ensure_villages, new_rows, write_new_rows
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

    def add(self, chunk: list[HouseholdRecord], fresh: list[HouseholdRecord]) -> None:
        self.households += len(fresh)
        self.persons += sum(len(r.members) for r in fresh)
        self.problems += sum(len(r.problems) for r in fresh)
        self.assistance += sum(len(r.assistance) for r in fresh)
        self.skipped += len(chunk) - len(fresh)


@dataclass
class _Loader:
    sessions: sessionmaker[Session]
    protector: DataProtector
    catalogue: Mapping[int, tuple[int, Dimension]]
    actor: str
    now: datetime

    def rows(self, session: Session, records: list[HouseholdRecord]) -> NewRows:
        return new_rows(session, self.protector, records, self.catalogue, self.actor, self.now)

    def write(self, chunk: list[HouseholdRecord], villages: dict[str, str | None],
              prepared: NewRows | None) -> list[HouseholdRecord]:
        """Writes one batch in one transaction; returns the households added."""
        with self.sessions.begin() as session:
            ensure_villages(session, villages)
            try:
                with session.begin_nested():
                    write_new_rows(session, prepared or self.rows(session, chunk))
                return chunk
            except (IntegrityError, psycopg.IntegrityError):
                pass  # some are there already: the savepoint is rolled back, check them one by one
            fresh = _not_present(session, self.protector, chunk)
            write_new_rows(session, self.rows(session, fresh))
            return fresh


def load_households(sessions: sessionmaker[Session], protector: DataProtector,
                    records: Iterable[HouseholdRecord], catalogue: Mapping[int, tuple[int, Dimension]],
                    actor: str, now: datetime, progress: Callable[[int], None] = lambda count: None,
                    batch: int = BATCH_HOUSEHOLDS) -> LoadSummary:
    """Adds new households with their members and cases; one audit row per household."""
    loader = _Loader(sessions, protector, catalogue, actor, now)
    overlap = sessions.kw["bind"].dialect.name == "postgresql"  # SQLite numbers rows as it writes them
    summary = LoadSummary()
    villages: set[str] = set()  # created or found by an earlier batch of this run
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-households") as writer:
        pending: tuple[list[HouseholdRecord], Future[list[HouseholdRecord]]] | None = None
        for chunk in batched(records, batch):
            new_villages = {r.fields.village_code: r.fields.village_name for r in chunk
                            if r.fields.village_code not in villages}
            villages.update(new_villages)
            if not overlap:
                summary.add(chunk, loader.write(chunk, new_villages, None))
                progress(len(chunk))
                continue
            with sessions() as session:  # ids from the sequences stay reserved whatever happens next
                prepared = loader.rows(session, chunk)
            if pending is not None:
                _finished(summary, progress, *pending)
            pending = chunk, writer.submit(loader.write, chunk, new_villages, prepared)
        if pending is not None:
            _finished(summary, progress, *pending)
    return summary


def _finished(summary: LoadSummary, progress: Callable[[int], None], chunk: list[HouseholdRecord],
              written: Future[list[HouseholdRecord]]) -> None:
    summary.add(chunk, written.result())
    progress(len(chunk))


def _not_present(session: Session, protector: DataProtector,
                 records: list[HouseholdRecord]) -> list[HouseholdRecord]:
    """Drops households whose house code, or a member's national ID, is already in the database."""
    taken = set(session.scalars(select(Household.house_code).where(
        reconcile.any_of(session, Household.house_code, [r.fields.house_code for r in records]))))
    known = reconcile.persons_by_index(session, protector, [m.national_id for r in records for m in r.members
                                                           if m.national_id])
    return [r for r in records if r.fields.house_code not in taken
            and not any(m.national_id in known for m in r.members)]
