"""Migration 0007 seals the free text already stored in plain text, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from bot.web.app import create_app
from models import Alert, Assistance, HelpRequest, LinkCode, Problem, Visit
from tests import conftest
from tests.conftest import PG_URL, _schema, _schema_url, on_postgres
from tests.households.helpers import every_stored_value, run

NOW = "2026-11-01 10:00:00"
PLAIN = {
    "problems": ("detail", "ยายเป็นมะเร็งเต้านม"),
    "assistance": ("detail", "ส่งต่อจิตแพทย์ ซึมเศร้า"),
    "visits": ("notes", "พ่อติดเตียงมาสองปี"),
    "help_requests": ("text", "ต้องการรถพาไปฟอกไต"),
    "alerts": ("reason", "ขอความช่วยเหลือ โทร 0891112233"),
}
PHONE = "0812223344"
ROWS = [
    "INSERT INTO villages (code, subdistrict_code, moo, name_th)"
    " VALUES ('65010103', '650101', 3, 'บ้านหนองบัว')",
    "INSERT INTO households (id, house_no, village_code, subdistrict_code, district_code, province_code,"
    " source, closed, created_at, updated_at)"
    " VALUES (1, '12', '65010103', '650101', '6501', '65', 'tpmap', false, :now, :now)",
    "INSERT INTO problems (id, household_id, dimension, detail, status, identified_at, updated_at)"
    " VALUES (1, 1, 'health', :problems, 'open', :now, :now), (2, 1, 'income', '', 'open', :now, :now)",
    "INSERT INTO assistance (id, household_id, problem_id, type, agency, detail, given_on, recorded_at)"
    " VALUES (1, 1, 1, 'medical_referral', 'รพ.สต.', :assistance, '2026-11-01', :now)",
    "INSERT INTO visits (id, reference, submission_key, household_id, visited_on, submitted_at, consent,"
    " urgent, notes, revision)"
    " VALUES (1, 'VR-2569-000001', 'k', 1, '2026-11-01', :now, true, false, :visits, 1)",
    "INSERT INTO help_requests (id, reference, household_id, text, dimensions, urgency, phone, status,"
    " created_at) VALUES (1, 'RQ-2569-000001', 1, :help_requests, '[]', 'urgent', :phone, 'open', :now)",
    "INSERT INTO alerts (id, kind, dedupe_key, household_id, urgent, reason, state, created_at)"
    " VALUES (1, 'help_request', 'help:1', 1, true, :alerts, 'new', :now)",
]


@pytest.fixture
def empty_database(tmp_path: Path, worker_id: str) -> Iterator[str]:
    """A database with no schema at all: a new SQLite file, or a new PostgreSQL schema."""
    if not on_postgres:
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    schema = f"{_schema(worker_id)}_m"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield _schema_url(schema)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def test_upgrade_seals_rows_written_in_plain_text_before_it(empty_database):
    app = create_app(conftest.test_environ(empty_database, None))
    services = app.extensions["logbook"]
    try:
        assert run(app, "db", "upgrade", "0006").exit_code == 0
        values = {"now": NOW, "phone": PHONE, **{table: plain for table, (_column, plain) in PLAIN.items()}}
        with services.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(text(statement), values)
        assert run(app, "db", "upgrade").exit_code == 0

        columns = {table: {c["name"] for c in inspect(services.engine).get_columns(table)} for table in PLAIN}
        assert all(column not in columns[table] and f"{column}_cipher" in columns[table]
                   for table, (column, _plain) in PLAIN.items())
        secrets = [plain for _column, plain in PLAIN.values()] + [PHONE]
        stored = " ".join(str(value) for value in every_stored_value(services.engine))
        assert [secret for secret in secrets if secret in stored] == []
        if not on_postgres:
            path = Path(empty_database.removeprefix("sqlite:///"))
            raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
            assert [secret for secret in secrets if secret.encode() in raw] == []
        with services.sessions() as session:
            read = [session.scalar(select(Problem).where(Problem.id == 1)).detail,
                    session.scalar(select(Assistance)).detail, session.scalar(select(Visit)).notes,
                    session.scalar(select(HelpRequest)).text, session.scalar(select(Alert)).reason]
            assert read == [plain for _column, plain in PLAIN.values()]
            assert session.scalar(select(HelpRequest)).phone == PHONE
            assert session.scalar(select(Problem).where(Problem.id == 2)).detail == ""
    finally:
        services.close()


def test_upgrade_keeps_only_keyed_hashes_of_link_codes_and_expires_the_unused_ones(empty_database):
    app = create_app(conftest.test_environ(empty_database, None))
    services = app.extensions["logbook"]
    person = "0190a0a0-0000-7000-8000-000000000001" if on_postgres else "0190a0a0000070008000000000000001"
    try:
        assert run(app, "db", "upgrade", "0007").exit_code == 0
        with services.engine.begin() as connection:
            connection.execute(text(ROWS[0]))
            connection.execute(text(ROWS[1]), {"now": NOW})
            connection.execute(text(
                "INSERT INTO persons (id, household_id, first_name, last_name, name_key, sex, relation,"
                " is_head, welfare_card, elderly, disabled, bedridden, chronic_illness, created_at,"
                " updated_at) VALUES (:id, 1, 'สมชาย', 'ใจดี', 'สมชายใจดี', 'male', 'head', true, false,"
                " false, false, false, false, :now, :now)"), {"id": person, "now": NOW})
            connection.execute(text(
                "INSERT INTO link_codes (id, code, person_id, created_at, expires_at) VALUES"
                " (1, '482913', :person, :now, '2999-01-01 00:00:00')"),
                {"person": person, "now": NOW})
        assert run(app, "db", "upgrade").exit_code == 0
        assert "code" not in {c["name"] for c in inspect(services.engine).get_columns("link_codes")}
        assert "482913" not in " ".join(str(value) for value in every_stored_value(services.engine))
        with services.sessions() as session:
            code = session.scalar(select(LinkCode))
            assert code.code_index == services.protector.blind_index("link-code:482913")
            assert code.expires_at < services.now() and code.failures == 0
    finally:
        services.close()
