"""Bulk writes shared by the importer and the generator: villages, households with members, audit rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

import nlp
from models import Area, Assistance, Household, Indicator, Person, Problem, Village
from models.audit import Change, record_many
from models.database import bulk_insert, insert_new, reserve_ids
from models.protection import DataProtector, seal_national_id
from models.reference_data import CURRENT_INDICATOR_VERSION
from models.vocabulary import AreaLevel, Dimension, Relation
from registry.records import HouseholdFields, HouseholdRecord, PersonRecord, ProblemRecord

T = TypeVar("T")
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


def person_row(protector: DataProtector, household_id: int, person: PersonRecord,
               now: datetime) -> dict[str, Any]:
    person_id = uuid.uuid4()
    cipher, index = (seal_national_id(protector, person_id, person.national_id) if person.national_id
                     else (None, None))
    return {"id": person_id, "household_id": household_id, **person_values(person),
            "name_key": nlp.name_key(person.full_name), "is_head": person.relation == Relation.HEAD,
            "national_id_cipher": cipher, "national_id_index": index, "created_at": now, "updated_at": now}


def insert_persons(session: Session, protector: DataProtector, members: Iterable[tuple[int, PersonRecord]],
                   now: datetime) -> list[dict[str, Any]]:
    rows = [person_row(protector, household_id, person, now) for household_id, person in members]
    bulk_insert(session, Person, rows)
    return rows


def insert_households(session: Session, protector: DataProtector, records: list[HouseholdRecord],
                      catalogue: Mapping[int, tuple[int, Dimension]], actor: str, now: datetime) -> list[int]:
    """Writes new households, their members, problems and assistance; one audit row per household."""
    ids = reserve_ids(session, Household, len(records))
    bulk_insert(session, Household, [
        {"id": household_id, **household_values(record.fields), "level": record.level,
         "created_at": now, "updated_at": now}
        for household_id, record in zip(ids, records, strict=True)])
    members = ((household_id, member) for household_id, record in zip(ids, records, strict=True)
               for member in record.members)
    insert_persons(session, protector, members, now)
    _insert_cases(session, ids, records, catalogue, now)
    record_many(session, actor, (
        Change("create", "household", household_id, {**_given(household_values(record.fields)),
                                                     "members": len(record.members),
                                                     "problems": len(record.problems)})
        for household_id, record in zip(ids, records, strict=True)), now)
    return ids


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
            "detail": "", "status": problem.status, "identified_at": problem.identified_at or now,
            "resolved_at": problem.resolved_at, "updated_at": now}


def _insert_cases(session: Session, ids: list[int], records: list[HouseholdRecord],
                  catalogue: Mapping[int, tuple[int, Dimension]], now: datetime) -> None:
    problems = [(hid, p) for hid, r in zip(ids, records, strict=True) for p in r.problems]
    problem_ids = iter(reserve_ids(session, Problem, len(problems)) if problems else [])
    problem_rows, assistance_rows = [], []
    for household_id, record in zip(ids, records, strict=True):
        own_ids = [next(problem_ids) for _ in record.problems]
        problem_rows += [{"id": pid, **problem_row(household_id, p, catalogue, now)}
                         for pid, p in zip(own_ids, record.problems, strict=True)]
        assistance_rows += [
            {"household_id": household_id, "problem_id": own_ids[a.problem], "type": a.type,
             "agency": a.agency, "detail": a.detail, "amount": a.amount, "quantity": a.quantity,
             "given_on": a.given_on, "recorded_at": now}
            for a in record.assistance]
    bulk_insert(session, Problem, problem_rows)
    bulk_insert(session, Assistance, assistance_rows)
