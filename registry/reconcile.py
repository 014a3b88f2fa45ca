"""What the database already holds for a batch of import rows, and what differs from the file."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Row, any_, bindparam, select
from sqlalchemy.orm import Session

import nlp
from models import Household, Person, Problem
from models.protection import DataProtector
from registry.loader import PERSON_FIELDS, household_values, person_values
from registry.records import HouseholdFields, PersonRecord, ProblemRecord

HOUSEHOLD_FIELDS = ("house_no", "village_code", "source", "source_year", "lat", "lng")


@dataclass(frozen=True)
class ExistingPerson:
    id: uuid.UUID
    household_id: int
    values: dict[str, Any]


def any_of(session: Session, column: Any, values: list[Any]) -> ColumnElement[bool]:
    """`column IN values`, sent as one array parameter on PostgreSQL: a batch's list of thousands of
    values costs far more to render, send and parse as separate parameters."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def existing_households(session: Session, codes: Iterable[str]) -> dict[str, Row[Any]]:
    columns = [getattr(Household, name) for name in ("id", "house_code", *HOUSEHOLD_FIELDS)]
    rows = session.execute(select(*columns).where(any_of(session, Household.house_code, list(codes))))
    return {row.house_code: row for row in rows}


def household_changes(existing: Row[Any], fields: HouseholdFields) -> dict[str, list[Any]]:
    """Fields the file sets to a new value: {field: [old, new]}; empty cells leave a value alone."""
    wanted = household_values(fields)
    return {name: [getattr(existing, name), wanted[name]] for name in HOUSEHOLD_FIELDS
            if wanted[name] is not None and wanted[name] != getattr(existing, name)}


def _person_columns() -> list[Any]:
    return [Person.id, Person.household_id, Person.national_id_index, Person.name_key,
            *(getattr(Person, name) for name in PERSON_FIELDS)]


def _existing(row: Row[Any]) -> ExistingPerson:
    return ExistingPerson(row.id, row.household_id, {name: getattr(row, name) for name in PERSON_FIELDS})


def persons_by_index(session: Session, protector: DataProtector,
                     national_ids: Iterable[str]) -> dict[str, ExistingPerson]:
    """Persons whose blind index (under the current or the old key) matches a national ID."""
    wanted = {index: national_id for national_id in national_ids
              for index in protector.blind_indexes(national_id)}
    if not wanted:
        return {}
    rows = session.execute(select(*_person_columns()).where(
        any_of(session, Person.national_id_index, list(wanted))))
    return {wanted[row.national_id_index]: _existing(row) for row in rows}


def persons_without_id(session: Session, household_ids: Iterable[int]) -> dict[tuple[int, str, date | None],
                                                                             ExistingPerson]:
    """Members without a national ID, keyed by (household, name key, birth date)."""
    rows = session.execute(select(*_person_columns()).where(
        any_of(session, Person.household_id, list(household_ids)), Person.national_id_index.is_(None)))
    return {(row.household_id, row.name_key, row.birth_date): _existing(row) for row in rows}


def person_key(household_id: int, person: PersonRecord) -> tuple[int, str, date | None]:
    return household_id, nlp.name_key(person.full_name), person.birth_date


def person_changes(existing: ExistingPerson, household_id: int, person: PersonRecord) -> dict[str, list[Any]]:
    changes = {name: [existing.values[name], value] for name, value in person_values(person).items()
               if existing.values[name] != value}
    if existing.household_id != household_id:
        changes["household_id"] = [existing.household_id, household_id]
    return changes


def existing_problems(session: Session, household_ids: Iterable[int]) -> set[tuple[int, str, int | None]]:
    """(household, dimension, indicator id) of every problem already recorded, whatever its status."""
    rows = session.execute(select(Problem.household_id, Problem.dimension, Problem.indicator_id)
                           .where(any_of(session, Problem.household_id, list(household_ids))))
    return {(household_id, str(dimension), indicator_id) for household_id, dimension, indicator_id in rows}


def problem_key(household_id: int, problem: ProblemRecord,
                catalogue: Mapping[int, tuple[int, Any]]) -> tuple[int, str, int | None]:
    indicator = problem.indicator
    return household_id, str(problem.dimension), catalogue[indicator][0] if indicator is not None else None
