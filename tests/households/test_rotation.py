"""keys rotate: national IDs re-encrypted under the new LOGBOOK_DATA_KEY, lookups keep working throughout."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select

from models import Alert, Assistance, AuditLog, HelpRequest, Person, Problem, Visit
from models.lookups import find_by_national_id
from models.protection import DataProtector, UnreadableData, open_national_id
from registry.rotation import rotate_national_ids
from tests.conftest import TEST_DATA_KEY
from tests.conftest import test_environ as environ_for
from tests.households.helpers import ENGLISH_HEADER, english_row, national_id, run, write_csv

HEAD, SPOUSE, FAR = (national_id(body) for body in ("110170020345", "310050123456", "350010987654"))
NEW_KEY = base64.b64encode(b"a-brand-new-key-of-32-bytes-long").decode()
NEW_ONLY, OLD_ONLY = DataProtector(base64.b64decode(NEW_KEY)), DataProtector(base64.b64decode(TEST_DATA_KEY))


@pytest.fixture
def app_with_keys(database_url, redis_url, redis_namespace):
    """Builds a second app on the same database with other keys (it becomes the CLI's runtime)."""
    from bot.web.app import create_app

    made = []

    def make(**keys: str):
        made.append(create_app(environ_for(database_url, redis_url, LOGBOOK_REDIS_NAMESPACE=redis_namespace,
                                           **keys)))
        return made[-1]

    yield make
    for app in made:
        app.extensions["logbook"].close()


def _import(app, tmp_path):
    rows = [ENGLISH_HEADER, english_row("65010012345", "สมชาย", HEAD, relation_to_head="head"),
            english_row("65010012345", "สมศรี", SPOUSE), english_row("65010012345", "ก้อง"),
            english_row("65020012345", "มานะ", FAR, village="65020101")]
    result = run(app, "households", "import", str(write_csv(tmp_path / "list.csv", rows)))
    assert "accepted: 4; rejected: 0" in result.stdout, result.output
    return tmp_path / "list.csv"


def _ciphers(rt) -> dict:
    with rt.sessions() as session:
        return dict(session.execute(select(Person.id, Person.national_id_cipher)
                                    .where(Person.national_id_cipher.is_not(None))).all())


def test_rotation_reencrypts_every_id_under_the_new_key(app, rt, tmp_path, app_with_keys):
    source = _import(app, tmp_path)
    before = _ciphers(rt)
    rotating = app_with_keys(LOGBOOK_DATA_KEY=NEW_KEY, LOGBOOK_OLD_DATA_KEY=TEST_DATA_KEY)
    result = run(rotating, "keys", "rotate", "--actor", "cli:admin")
    assert "national IDs re-encrypted: 3; already under the current key: 0" in result.stdout

    after = _ciphers(rt)
    assert after.keys() == before.keys() and all(after[key] != before[key] for key in after)
    numbers = {open_national_id(NEW_ONLY, person_id, cipher) for person_id, cipher in after.items()}
    assert numbers == {HEAD, SPOUSE, FAR}
    for person_id, cipher in after.items():
        with pytest.raises(UnreadableData):
            open_national_id(OLD_ONLY, person_id, cipher)
    with rt.sessions() as session:
        indexes = set(session.scalars(select(Person.national_id_index)
                                      .where(Person.national_id_index.is_not(None))))
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "rotate_key")).all()
    assert indexes == {NEW_ONLY.blind_index(number) for number in numbers}
    assert [(a.actor, a.object_type, a.changes["persons"]) for a in audit] == [("cli:admin", "person", 3)]
    assert not any(number in str(a.changes) for a in audit for number in numbers)

    again = run(rotating, "keys", "rotate")
    assert "national IDs re-encrypted: 0; already under the current key: 3" in again.stdout

    retired = app_with_keys(LOGBOOK_DATA_KEY=NEW_KEY)
    reimport = run(retired, "households", "import", str(source))
    assert "persons: 0 added, 0 updated, 4 unchanged" in reimport.stdout
    exported = run(retired, "export", "households", "--area", "65", "--with-ids",
                   "--output", str(tmp_path / "x.csv"))
    assert exported.exit_code == 0
    assert {HEAD, SPOUSE, FAR} <= set((tmp_path / "x.csv").read_text(encoding="utf-8-sig").split(","))


def test_lookups_by_national_id_work_before_during_and_after_a_rotation(app, rt, tmp_path, app_with_keys):
    _import(app, tmp_path)
    rotating = app_with_keys(LOGBOOK_DATA_KEY=NEW_KEY, LOGBOOK_OLD_DATA_KEY=TEST_DATA_KEY)
    both = rotating.extensions["logbook"].protector
    with rt.sessions() as session:
        assert find_by_national_id(session, both, "6501", HEAD).house_code == "65010012345"
        assert find_by_national_id(session, NEW_ONLY, "6501", HEAD) is None
    stopped = []

    def stop_after_first_batch(rows: int) -> None:
        stopped.append(rows)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotate_national_ids(rt.sessions, both, "cli:admin", rt.now(), stop_after_first_batch, batch=2)
    assert stopped == [2]
    half = _ciphers(rt)
    assert sorted(both.is_current(cipher) for cipher in half.values()) == [False, True, True]
    with rt.sessions() as session:
        for number, code, scope in ((HEAD, "65010012345", "6501"), (SPOUSE, "65010012345", "65"),
                                    (FAR, "65020012345", "6502")):
            assert find_by_national_id(session, both, scope, number).house_code == code

    resumed = run(rotating, "keys", "rotate")
    assert "national IDs re-encrypted: 1; already under the current key: 2" in resumed.stdout
    with rt.sessions() as session:
        for number, code, scope in ((HEAD, "65010012345", "650101"), (FAR, "65020012345", "65")):
            assert find_by_national_id(session, NEW_ONLY, scope, number).house_code == code
            assert find_by_national_id(session, OLD_ONLY, scope, number) is None


def test_rotation_needs_the_old_key(app, rt, tmp_path):
    _import(app, tmp_path)
    before = _ciphers(rt)
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 1 and "LOGBOOK_OLD_DATA_KEY is not set" in result.output
    assert _ciphers(rt) == before


def test_rotation_with_a_wrong_old_key_changes_nothing(app, rt, tmp_path, app_with_keys):
    _import(app, tmp_path)
    before = _ciphers(rt)
    wrong = app_with_keys(LOGBOOK_DATA_KEY=NEW_KEY, LOGBOOK_OLD_DATA_KEY=base64.b64encode(b"w" * 32).decode())
    result = wrong.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 1 and "neither LOGBOOK_DATA_KEY nor LOGBOOK_OLD_DATA_KEY" in result.output
    assert _ciphers(rt) == before


def test_rotation_reseals_every_sealed_text_under_the_new_key(app, rt, app_with_keys):
    from tests.households.test_sealed_text import SECRETS, _write_every_kind

    _write_every_kind(rt)
    rotating = app_with_keys(LOGBOOK_DATA_KEY=NEW_KEY, LOGBOOK_OLD_DATA_KEY=TEST_DATA_KEY)
    result = run(rotating, "keys", "rotate", "--actor", "cli:admin")
    assert "sealed texts re-encrypted: 5; already under the current key: 0" in result.stdout
    assert "sealed texts re-encrypted: 0; already under the current key: 5" in run(
        rotating, "keys", "rotate", "--actor", "cli:admin").stdout
    new_only = app_with_keys(LOGBOOK_DATA_KEY=NEW_KEY).extensions["logbook"]
    with new_only.sessions() as session:
        problem, request = session.scalar(select(Problem)), session.scalar(select(HelpRequest))
        read = [problem.detail, session.scalar(select(Visit)).notes, request.text, request.phone,
                session.scalar(select(Assistance)).detail, session.scalar(select(Alert)).reason]
    assert read == [SECRETS[name] for name in ("detail", "notes", "text", "phone", "given", "reason")]
    with rt.sessions() as session, pytest.raises(UnreadableData):
        assert session.scalar(select(Problem)).detail
