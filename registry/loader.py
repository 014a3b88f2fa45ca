"""Bulk writes shared by the importer and the generator: villages, households with members, audit rows."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

import nlp
from models import Area, Assistance, Household, Indicator, Person, Problem, Village
from models.audit import AuditLog, Change, audit_rows
from models.database import bulk_insert, insert_new
from models.protection import DataProtector, seal_national_id
from models.reference_data import CURRENT_INDICATOR_VERSION
from models.row_ids import reserve_ids
from models.sealed import seal_text
from models.vocabulary import AreaLevel, Dimension, Relation
from registry.records import HouseholdFields, HouseholdRecord, PersonRecord, ProblemRecord

T = TypeVar("T")
AREA_CODES = ("province_code", "district_code", "subdistrict_code")
PERSON_FIELDS = ("title", "first_name", "last_name", "birth_date", "sex", "relation", "welfare_card",
                 "elderly", "disabled", "bedridden", "chronic_illness")


def indicator_catalogue(session: Session) -> dict[int, tuple[int, Dimension]]:
    """Indicator number -> (row id, dimension) in the current catalogue version."""
    rows = session.execute(select(Indicator.number, Indicator.id, Indicator.dimension)
                           .where(Indicator.version == CURRENT_INDICATOR_VERSION))
    return {number: (row_id, Dimension(dimension)) for number, row_id, dimension in rows}


def subdistrict_codes(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(Area.code).where(Area.level == AreaLevel.SUBDISTRICT)))


def ensure_villages(session: Session, villages: Mapping[str, str | None]) -> int:
    """Creates the villages that do not exist yet ("หมู่ 3" when the file gives no name)."""
    rows = [{"code": code, "subdistrict_code": code[:6], "moo": int(code[6:]),
             "name_th": name or f"หมู่ {int(code[6:])}"} for code, name in sorted(villages.items())]
    chunks = (rows[start:start + 500] for start in range(0, len(rows), 500))
    return sum(len(insert_new(session, Village, chunk, Village.code)) for chunk in chunks)


def household_values(fields: HouseholdFields) -> dict[str, Any]:
    """The Household columns a file or the generator sets (None = not given)."""
    code = fields.village_code
    return {"house_code": fields.house_code, "house_no": fields.house_no, "village_code": code,
            "subdistrict_code": code[:6], "district_code": code[:4], "province_code": code[:2],
            "source": fields.source, "source_year": fields.source_year, "lat": fields.lat, "lng": fields.lng}


def person_values(person: PersonRecord) -> dict[str, Any]:
    """The Person columns compared on re-import (no national ID: that is the key)."""
    return {name: getattr(person, name) for name in PERSON_FIELDS}


def ordered_uuid() -> uuid.UUID:
    """A version 7 UUID (RFC 9562): the time in milliseconds, then random bits. New persons' keys land
    at the end of the primary-key index instead of on random pages of it: a big load stays fast.

    The random bits come from the `random` module (reseeded in a forked child), not os.urandom: an id
    is no secret, and a system call per person would make the loading threads wait for each other."""
    value = (time.time_ns() // 1_000_000) << 80 | random.getrandbits(80)
    return uuid.UUID(int=value & ~(0xF << 76 | 0x3 << 62) | 0x7 << 76 | 0x2 << 62)


def person_row(protector: DataProtector, household_id: int, person: PersonRecord, now: datetime,
               area: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A new Person row; `area` (the household's three area codes) saves the database looking them up."""
    person_id = ordered_uuid()
    cipher, index = (seal_national_id(protector, person_id, person.national_id) if person.national_id
                     else (None, None))
    return {"id": person_id, "household_id": household_id, **person_values(person), **(area or {}),
            "name_key": nlp.name_key(person.full_name), "is_head": person.relation == Relation.HEAD,
            "national_id_cipher": cipher, "national_id_index": index, "created_at": now, "updated_at": now}


def insert_persons(session: Session, protector: DataProtector, members: Iterable[tuple[int, PersonRecord]],
                   now: datetime) -> list[dict[str, Any]]:
    rows = [person_row(protector, household_id, person, now) for household_id, person in members]
    bulk_insert(session, Person, rows)
    return rows


@dataclass
class NewRows:
    """Every row of a batch of new households, ready to be written (see write_new_rows)."""

    households: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    assistance: list[dict[str, Any]]
    audit: list[dict[str, Any]]


def new_rows(session: Session, protector: DataProtector, records: list[HouseholdRecord],
             catalogue: Mapping[int, tuple[int, Dimension]], actor: str, now: datetime) -> NewRows:
    """The rows of new households, their members, problems and assistance, and one audit row per
    household; ids come from the sequences through `session` (on SQLite: the transaction that writes)."""
    ids = reserve_ids(session, Household, len(records))
    households = [{"id": household_id, **household_values(record.fields), "level": record.level,
                   "created_at": now, "updated_at": now}
                  for household_id, record in zip(ids, records, strict=True)]
    persons = [person_row(protector, row["id"], member, now, {name: row[name] for name in AREA_CODES})
               for row, record in zip(households, records, strict=True) for member in record.members]
    problems, assistance = _case_rows(session, protector, ids, records, catalogue, now)
    audit = audit_rows(actor, (
        Change("create", "household", household_id, {**_given(household_values(record.fields)),
                                                     "members": len(record.members),
                                                     "problems": len(record.problems)})
        for household_id, record in zip(ids, records, strict=True)), now)
    return NewRows(households, persons, problems, assistance, audit)


def write_new_rows(session: Session, rows: NewRows) -> None:
    for model, table_rows in ((Household, rows.households), (Person, rows.persons), (Problem, rows.problems),
                              (Assistance, rows.assistance), (AuditLog, rows.audit)):
        bulk_insert(session, model, table_rows)


def insert_households(session: Session, protector: DataProtector, records: list[HouseholdRecord],
                      catalogue: Mapping[int, tuple[int, Dimension]], actor: str, now: datetime) -> list[int]:
    """Writes new households, their members, problems and assistance; one audit row per household."""
    rows = new_rows(session, protector, records, catalogue, actor, now)
    write_new_rows(session, rows)
    return [row["id"] for row in rows.households]


def batched(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items (itertools.batched arrives only in Python 3.12)."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _given(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def problem_row(household_id: int, problem: ProblemRecord, catalogue: Mapping[int, tuple[int, Dimension]],
                now: datetime) -> dict[str, Any]:
    indicator_id = catalogue[problem.indicator][0] if problem.indicator is not None else None
    return {"household_id": household_id, "dimension": problem.dimension, "indicator_id": indicator_id,
            "status": problem.status, "identified_at": problem.identified_at or now,
            "resolved_at": problem.resolved_at, "updated_at": now}


def _case_rows(session: Session, protector: DataProtector, ids: list[int], records: list[HouseholdRecord],
               catalogue: Mapping[int, tuple[int, Dimension]],
               now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Problem and assistance rows with their ids reserved, so each assistance detail is sealed to its row."""
    problems = [(hid, p) for hid, r in zip(ids, records, strict=True) for p in r.problems]
    problem_ids = iter(reserve_ids(session, Problem, len(problems)) if problems else [])
    given = sum(len(r.assistance) for r in records)
    assistance_ids = iter(reserve_ids(session, Assistance, given) if given else [])
    problem_rows, assistance_rows = [], []
    for household_id, record in zip(ids, records, strict=True):
        own_ids = [next(problem_ids) for _ in record.problems]
        problem_rows += [{"id": pid, **problem_row(household_id, p, catalogue, now)}
                         for pid, p in zip(own_ids, record.problems, strict=True)]
        assistance_rows += [
            {"id": aid, "household_id": household_id, "problem_id": own_ids[a.problem], "type": a.type,
             "agency": a.agency, "detail_cipher": seal_text(protector, "assistance", "detail", aid, a.detail),
             "amount": a.amount, "quantity": a.quantity, "given_on": a.given_on, "recorded_at": now}
            for a, aid in zip(record.assistance, [next(assistance_ids) for _ in record.assistance],
                              strict=True)]
    return problem_rows, assistance_rows
