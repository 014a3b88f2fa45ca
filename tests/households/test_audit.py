"""The audit log of household data: actor, action, object, changed fields and time; never personal values."""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import AuditLog, Household, Indicator, Person
from models.audit import record, redact_changes
from models.protection import open_national_id
from models.vocabulary import DevelopmentLevel, Dimension
from registry.loader import PERSON_FIELDS
from tests.households.helpers import ENGLISH_HEADER, english_row, national_id, run, write_csv

HEAD, SPOUSE, CHILD = (national_id(body) for body in ("110170020345", "310050123456", "155001123456"))
CODE = "65010012345"


def _import(app, tmp_path, actor: str, *rows: str):
    result = run(app, "households", "import", "--actor", actor,
                 str(write_csv(tmp_path / "list.csv", [ENGLISH_HEADER, *rows])))
    assert "rejected: 0" in result.stdout, result.output
    return result


def _entries(rt, **where):
    with rt.sessions() as session:
        query = select(AuditLog).filter_by(**where).order_by(AuditLog.id)
        return session.scalars(query).all()


FIRST = (english_row(CODE, "สมชาย", HEAD, relation_to_head="head", birth_date="1960-03-04", indicators="22"),
         english_row(CODE, "สมศรี", SPOUSE, birth_date="1962-07-08"))


def test_an_import_records_who_created_which_household(app, rt, tmp_path):
    _import(app, tmp_path, "cli:somchai", *FIRST)
    with rt.sessions() as session:
        household_id = session.scalar(select(Household.id))
    [entry] = _entries(rt)
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        "cli:somchai", "create", "household", str(household_id))
    assert entry.changes == {"house_code": "<changed>", "house_no": "<changed>", "village_code": "65010101",
                             "subdistrict_code": "650101", "district_code": "6501", "province_code": "65",
                             "source": "bmn", "source_year": 2566, "members": 2, "problems": 1}
    assert entry.at.tzinfo is not None and abs(entry.at - rt.now()) < timedelta(minutes=5)


def test_updates_name_the_changed_fields_but_not_their_personal_values(app, rt, tmp_path):
    _import(app, tmp_path, "cli:first", *FIRST)
    _import(app, tmp_path, "cli:second",
            english_row(CODE, "สมชาย", HEAD, relation_to_head="head", birth_date="1960-03-04", indicators="8",
                        house_no="12/1", source_year="2567"),
            english_row(CODE, "สมศรี", SPOUSE, birth_date="1962-07-08", last_name="ใจงาม", sex="หญิง",
                        relation_to_head="ภรรยา", house_no="12/1"),
            english_row(CODE, "ก้อง", CHILD, birth_date="2012-01-02", house_no="12/1"))
    with rt.sessions() as session:
        household_id = session.scalar(select(Household.id))
        people = {p.first_name: p for p in session.scalars(select(Person))}
        living = session.scalar(select(Indicator.id).where(Indicator.number == 8))
    entries = _entries(rt, actor="cli:second")
    found = {(e.action, e.object_type, e.object_id): e.changes for e in entries}
    assert found.pop(("update", "household", str(household_id))) == {
        "house_no": "<changed>", "source_year": [2566, 2567]}
    assert found.pop(("update", "person", str(people["สมศรี"].id))) == {
        "last_name": "<changed>", "sex": "<changed>", "relation": "<changed>"}
    created = found.pop(("create", "person", str(people["ก้อง"].id)))
    assert created == {"household_id": household_id, **dict.fromkeys(PERSON_FIELDS, "<changed>")}
    [(key, problem)] = found.items()
    assert key[:2] == ("create", "problem")
    assert problem == {"household_id": household_id, "dimension": "living", "indicator_id": living}


def test_no_audit_entry_holds_a_personal_value(app, rt, tmp_path):
    _import(app, tmp_path, "cli:first", *FIRST)
    changed = english_row(CODE, "สมศรี", SPOUSE, birth_date="1962-07-09", last_name="ใจงาม", disabled="1",
                          lat="16.8", lng="100.2")
    _import(app, tmp_path, "cli:second", changed)
    run(app, "households", "generate", "--households", "20", "--area", "6501", "--seed", "4")
    run(app, "export", "households", "--area", "65", "--with-ids", "--output", str(tmp_path / "x.csv"))
    with rt.sessions() as session:
        people = session.scalars(select(Person)).all()
        codes = session.scalars(select(Household.house_code)).all()
        assert session.scalar(select(func.count()).select_from(AuditLog)) >= 24
    personal = {value for p in people
                for value in (p.first_name, p.last_name, str(p.birth_date),
                              open_national_id(rt.protector, p.id, p.national_id_cipher))}
    personal |= set(codes) | {"16.8", "100.2", "1962-07-09"}
    for entry in _entries(rt):
        stored = json.dumps([entry.object_id, entry.changes], ensure_ascii=False)
        assert not [value for value in personal if value in stored], entry.action


def test_redaction_keeps_field_names_and_plain_values_only():
    changes = {"first_name": ["สมศรี", "สมใจ"], "national_id": HEAD, "birth_date": date(1962, 7, 8),
               "sex": ["unknown", "female"], "notes": "ยายเป็นเบาหวาน", "detail": "ลูกสาวพิการ",
               "level": [DevelopmentLevel.SURVIVE, DevelopmentLevel.SUFFICIENT],
               "next_follow_up_on": date(2026, 11, 2), "amount": Decimal("1500.50"),
               "dimension": Dimension.HEALTH, "members": 3}
    assert redact_changes(changes) == {
        "first_name": "<changed>", "national_id": "<changed>", "birth_date": "<changed>", "sex": "<changed>",
        "notes": "<changed>", "detail": "<changed>", "level": ["survive", "sufficient"],
        "next_follow_up_on": "2026-11-02", "amount": "1500.50", "dimension": "health", "members": 3}


def test_an_audit_row_belongs_to_the_transaction_of_its_change(rt):
    with pytest.raises(RuntimeError), rt.sessions.begin() as session:
        record(session, "user:7", "update", "household", 41, {"level": ["survive", "sufficient"]})
        raise RuntimeError("the change fails")
    assert _entries(rt) == []
    with rt.sessions.begin() as session:
        record(session, "user:7", "update", "household", 41, {"level": ["survive", "sufficient"]})
    [entry] = _entries(rt)
    assert (entry.actor, entry.action, entry.object_type, entry.object_id, entry.changes) == (
        "user:7", "update", "household", "41", {"level": ["survive", "sufficient"]})
    assert entry.at.tzinfo == UTC
