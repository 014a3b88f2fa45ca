"""Constraints the database itself enforces, the same on SQLite and PostgreSQL (LOGBOOK_TEST_BACKEND).

Rows go in through raw SQL, so nothing in Python (enum types, validation) stands in for the database.
"""

from __future__ import annotations

import uuid
from itertools import count
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DataError, IntegrityError

from models import Person
from models.protection import seal_national_id
from tests.conftest import on_postgres
from tests.households.helpers import national_id

VILLAGE = "65010103"
AT = "2026-11-01 10:00:00"
_codes = count(1)


def _insert(rt, table: str, values: dict[str, Any]) -> Any:
    """INSERT through raw SQL in its own transaction; returns the new row's id."""
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    key = "code" if table == "villages" else "id"
    with rt.engine.begin() as connection:
        return connection.execute(
            text(f"INSERT INTO {table} ({columns}) VALUES ({params}) RETURNING {key}"), values).scalar()


def _count(rt, table: str) -> int:
    with rt.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _village(rt) -> None:
    with rt.engine.begin() as connection:
        if connection.execute(text("SELECT count(*) FROM villages WHERE code = :c"), {"c": VILLAGE}).scalar():
            return
    _insert(rt, "villages", {"code": VILLAGE, "subdistrict_code": "650101", "moo": 3, "name_th": "บ้านสวน"})


def _row(rt, table: str) -> dict[str, Any]:
    """A valid row for the table (parents created as needed), each call with fresh unique keys."""
    _village(rt)
    if table == "households":
        return {"house_code": f"6501{next(_codes):07d}", "house_no": "1", "village_code": VILLAGE,
                "subdistrict_code": "650101", "district_code": "6501", "province_code": "65",
                "source": "tpmap", "level": "survive", "closed": False, "created_at": AT, "updated_at": AT}
    household_id = _insert(rt, "households", _row(rt, "households"))
    if table == "persons":
        return {"id": uuid.uuid4().hex, "household_id": household_id, "first_name": "สมชาย",
                "last_name": "ใจดี", "name_key": "สมชายใจดี", "sex": "male", "relation": "head",
                "is_head": True, "welfare_card": False, "elderly": False, "disabled": False,
                "bedridden": False, "chronic_illness": False, "created_at": AT, "updated_at": AT}
    assert table == "problems"
    return {"household_id": household_id, "dimension": "income", "status": "open",
            "identified_at": AT, "updated_at": AT}


def test_the_suite_runs_on_the_backend_asked_for(rt):
    assert rt.engine.dialect.name == ("postgresql" if on_postgres else "sqlite")


@pytest.mark.parametrize(("table", "column", "bad"), [
    ("households", "source", "martian"),
    ("households", "level", "rich"),
    ("persons", "sex", "x"),
    ("persons", "relation", "neighbour"),
    ("problems", "dimension", "happiness"),
    ("problems", "status", "forgotten"),
])
def test_enumerations_are_enforced_by_the_database(rt, table, column, bad):
    _assert_refused(rt, table, column, bad)


@pytest.mark.parametrize("code", ["6501000001", "650100000012", "6501000001x", "6501 000001", ""])
def test_house_codes_are_eleven_digits(rt, code):
    assert _insert(rt, "households", _row(rt, "households")) is not None
    with pytest.raises((IntegrityError, DataError)):  # PostgreSQL's VARCHAR(11) refuses 12 with DataError
        _insert(rt, "households", {**_row(rt, "households"), "house_code": code})
    assert _count(rt, "households") == 1


def test_a_house_code_is_unique(rt):
    first = _row(rt, "households")
    _insert(rt, "households", first)
    with pytest.raises(IntegrityError):
        _insert(rt, "households", {**_row(rt, "households"), "house_code": first["house_code"]})


def test_the_national_id_blind_index_is_unique(rt):
    number = national_id("110170020345")
    household_id = _insert(rt, "households", _row(rt, "households"))
    people = []
    for first_name in ("สมชาย", "สมศรี"):
        person = Person(id=uuid.uuid4(), household_id=household_id, first_name=first_name, last_name="ใจดี",
                        name_key=first_name)
        cipher, index = seal_national_id(rt.protector, person.id, number)
        person.national_id_cipher, person.national_id_index = cipher, index
        people.append(person)
    with rt.sessions.begin() as session:
        session.add(people[0])
    with pytest.raises(IntegrityError), rt.sessions.begin() as session:
        session.add(people[1])
    with rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1


@pytest.mark.parametrize(("table", "column", "missing"), [
    ("households", "village_code", "65010199"),
    ("persons", "household_id", 987654),
    ("problems", "household_id", 987654),
    ("problems", "indicator_id", 987654),
])
def test_foreign_keys_are_enforced(rt, table, column, missing):
    _assert_refused(rt, table, column, missing)


def _assert_refused(rt, table: str, column: str, value: object) -> None:
    """A valid row goes in; the same row with `value` in `column` is refused and leaves nothing behind."""
    _insert(rt, table, _row(rt, table))
    before = _count(rt, table)
    with pytest.raises(IntegrityError):
        _insert(rt, table, {**_row(rt, table), column: value})
    assert _count(rt, table) == before


def test_a_village_must_lie_in_a_known_subdistrict(rt):
    with pytest.raises(IntegrityError):
        _insert(rt, "villages", {"code": "99999901", "subdistrict_code": "999999", "moo": 1, "name_th": "x"})


def test_deleting_a_household_deletes_its_members_and_problems(rt):
    person = _row(rt, "persons")
    _insert(rt, "persons", person)
    _insert(rt, "problems", {**_row(rt, "problems"), "household_id": person["household_id"]})
    owned = text("SELECT (SELECT count(*) FROM persons WHERE household_id = :h),"
                 " (SELECT count(*) FROM problems WHERE household_id = :h)")
    with rt.engine.begin() as connection:
        assert tuple(connection.execute(owned, {"h": person["household_id"]}).one()) == (1, 1)
        connection.execute(text("DELETE FROM households WHERE id = :h"), {"h": person["household_id"]})
        assert tuple(connection.execute(owned, {"h": person["household_id"]}).one()) == (0, 0)
