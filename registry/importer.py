"""Import of household lists: validate every row, upsert the good ones in batches, report the bad ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

import nlp
from models import Household, Person, Problem
from models.audit import Change, record_many
from models.database import bulk_insert
from models.protection import DataProtector
from models.row_ids import reserve_ids
from models.vocabulary import Dimension, Relation
from registry import loader, reconcile
from registry.loader import batched
from registry.records import HouseholdRecord, ProblemRecord
from registry.report import ImportSummary
from registry.validation import ImportRow, RowError, Validator

BATCH_ROWS = 2000


@dataclass
class Importer:
    sessions: sessionmaker[Session]
    protector: DataProtector
    validator: Validator
    catalogue: Mapping[int, tuple[int, Dimension]]
    actor: str
    now: datetime
    dry_run: bool = False
    summary: ImportSummary = field(default_factory=ImportSummary)
    houses: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    persons: dict[Any, int] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)

    def run(self, rows: Iterable[tuple[int, list[str]]],
            progress: Callable[[int], None] = lambda count: None) -> ImportSummary:
        """Validates each batch while a second thread writes the one before (the database's share of
        the work overlaps Python's); checks never touch the database, so they need not wait for it."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-households") as writer:
            pending: tuple[int, Future[None]] | None = None
            for chunk in batched(rows, BATCH_ROWS):
                good = [row for row in (self.check(line, cells) for line, cells in chunk) if row is not None]
                if pending is not None:
                    pending[1].result()
                    progress(pending[0])
                pending = len(chunk), writer.submit(self._write, good)
            if pending is not None:
                pending[1].result()
                progress(pending[0])
        return self.summary

    def _write(self, rows: list[ImportRow]) -> None:
        if rows and not self.dry_run:
            with self.sessions.begin() as session:
                _Batch(self, session).apply(rows)

    def check(self, line: int, cells: list[str]) -> ImportRow | None:
        """Validates one row, then checks it against earlier rows of the same file."""
        self.summary.rows += 1
        result = self.validator.check(line, cells)
        if isinstance(result, ImportRow):
            result = self._against_earlier_rows(result)
        if isinstance(result, list):
            self.summary.rejected += 1
            self.summary.errors.extend(result)
            return None
        return result

    def _against_earlier_rows(self, row: ImportRow) -> ImportRow | list[RowError]:
        household, person = row.household, row.person
        place = (household.house_no, household.village_code)
        first = self.houses.setdefault(household.house_code, (row.line, *place))
        if first[1:] != place:
            return [RowError(row.line, "", f"บ้านเลขที่หรือหมู่บ้านไม่ตรงกับบรรทัดที่ {first[0]} "
                                           "ซึ่งมีรหัสประจำบ้านเดียวกัน")]
        key = person.national_id or (household.house_code, nlp.name_key(person.full_name), person.birth_date)
        earlier = self.persons.setdefault(key, row.line)
        if earlier != row.line:
            what = "เลขประจำตัวประชาชน" if person.national_id else "ชื่อและวันเกิด"
            return [RowError(row.line, "", f"{what}ซ้ำกับบรรทัดที่ {earlier}")]
        return row


@dataclass
class _Batch:
    """One transaction: the households, persons and problems of up to BATCH_ROWS rows."""

    job: Importer
    session: Session
    changes: list[Change] = field(default_factory=list)

    def apply(self, rows: list[ImportRow]) -> None:
        job = self.job
        job.summary.villages_added += loader.ensure_villages(
            self.session, {r.household.village_code: r.household.village_name for r in rows})
        houses: dict[str, list[ImportRow]] = {}
        for row in rows:
            houses.setdefault(row.household.house_code, []).append(row)
        by_id = reconcile.persons_by_index(self.session, job.protector,
                                          [r.person.national_id for r in rows if r.person.national_id])
        existing = reconcile.existing_households(self.session, houses)
        ids = {code: found.id for code, found in existing.items()}
        ids |= self._create_households([houses[c] for c in houses if c not in existing], by_id)
        for code, found in existing.items():
            self._update_household(found, houses[code][0])
        self._upsert_persons([r for c, group in houses.items() for r in group
                              if c in existing or r.person.national_id in by_id],
                             ids, by_id, [found.id for found in existing.values()])
        self._add_problems({ids[code]: houses[code] for code in existing})
        job.done.update(houses)
        record_many(self.session, job.actor, self.changes, job.now)

    def _create_households(self, groups: list[list[ImportRow]], by_id: Mapping[str, Any]) -> dict[str, int]:
        records = [HouseholdRecord(group[0].household,
                                   members=[r.person for r in group if r.person.national_id not in by_id],
                                   problems=_problems(group)) for group in groups]
        ids = loader.insert_households(self.session, self.job.protector, records, self.job.catalogue,
                                       self.job.actor, self.job.now)
        summary = self.job.summary
        summary.households.added += len(records)
        summary.persons.added += sum(len(record.members) for record in records)
        summary.problems_added += sum(len(record.problems) for record in records)
        return {record.fields.house_code: new_id for record, new_id in zip(records, ids, strict=True)}

    def _update_household(self, found: Any, first: ImportRow) -> None:
        if first.household.house_code in self.job.done:
            return
        changes = reconcile.household_changes(found, first.household)
        tally = self.job.summary.households
        if not changes:
            tally.unchanged += 1
            return
        tally.updated += 1
        values = {name: new for name, (_old, new) in changes.items()}
        if "village_code" in values:
            area = loader.household_values(first.household)
            values |= {name: value for name, value in area.items() if name.endswith("_code")}
        self.session.execute(update(Household), [{"id": found.id, **values, "updated_at": self.job.now}])
        self.changes.append(Change("update", "household", found.id, changes))

    def _upsert_persons(self, rows: list[ImportRow], ids: Mapping[str, int], by_id: Mapping[str, Any],
                        existing_ids: list[int]) -> None:
        """Updates the persons found (by national ID, else by name and birth date) and adds the others."""
        without_id = reconcile.persons_without_id(self.session, existing_ids)
        new: list[tuple[int, Any]] = []
        for row in rows:
            household_id, person = ids[row.household.house_code], row.person
            found = by_id.get(person.national_id) if person.national_id else without_id.get(
                reconcile.person_key(household_id, person))
            if found is None:
                new.append((household_id, person))
            else:
                self._update_person(found, household_id, person)
        created = loader.insert_persons(self.session, self.job.protector, new, self.job.now)
        self.job.summary.persons.added += len(created)
        fields = ("household_id", *loader.PERSON_FIELDS)
        self.changes += [Change("create", "person", row["id"], {name: row[name] for name in fields})
                         for row in created]

    def _update_person(self, found: reconcile.ExistingPerson, household_id: int, person: Any) -> None:
        changes = reconcile.person_changes(found, household_id, person)
        tally = self.job.summary.persons
        if not changes:
            tally.unchanged += 1
            return
        tally.updated += 1
        values = {name: new for name, (_old, new) in changes.items()}
        values |= {"name_key": nlp.name_key(person.full_name), "is_head": person.relation == Relation.HEAD}
        self.session.execute(update(Person), [{"id": found.id, **values, "updated_at": self.job.now}])
        self.changes.append(Change("update", "person", found.id, changes))

    def _add_problems(self, groups: Mapping[int, list[ImportRow]]) -> None:
        catalogue = self.job.catalogue
        known = reconcile.existing_problems(self.session, groups)
        wanted = [(household_id, problem) for household_id, group in groups.items()
                  for problem in _problems(group)
                  if reconcile.problem_key(household_id, problem, catalogue) not in known]
        if not wanted:
            return
        problem_ids = reserve_ids(self.session, Problem, len(wanted))
        rows = [{"id": pid, **loader.problem_row(hid, problem, catalogue, self.job.now)}
                for pid, (hid, problem) in zip(problem_ids, wanted, strict=True)]
        bulk_insert(self.session, Problem, rows)
        self.job.summary.problems_added += len(rows)
        self.changes += [Change("create", "problem", row["id"], {"household_id": row["household_id"],
                                                                 "dimension": row["dimension"],
                                                                 "indicator_id": row["indicator_id"]})
                         for row in rows]


def _problems(group: list[ImportRow]) -> list[ProblemRecord]:
    """The household's problems named on any of its rows, each once."""
    return list(dict.fromkeys(problem for row in group for problem in row.problems))
