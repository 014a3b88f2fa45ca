"""National IDs at rest: AES-GCM bound to the person's row id, a blind index, masking, no plaintext stored."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

import nlp
from models import Person
from models.protection import (
    DataProtector,
    UnreadableData,
    mask_national_id,
    open_national_id,
    seal_national_id,
)
from tests.conftest import on_postgres
from tests.households.helpers import (
    ENGLISH_HEADER,
    english_row,
    every_stored_value,
    national_id,
    run,
    write_csv,
    wrong_check_digit,
)

HEAD, SPOUSE, CHILD = (national_id(body) for body in ("110170020345", "310050123456", "155001123456"))
KEY, OTHER_KEY = b"k" * 32, b"o" * 32


def _dashed(number: str) -> str:
    return f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"


def _import(app, tmp_path: Path, bad: str = ""):
    rows = [ENGLISH_HEADER, english_row("65010012345", "สมชาย", _dashed(HEAD), relation_to_head="head"),
            english_row("65010012345", "สมศรี", SPOUSE), english_row("65010012346", "ก้อง", CHILD)]
    if bad:
        rows.append(english_row("65010012347", "มานะ", bad))
    return run(app, "households", "import", "--actor", "test", str(write_csv(tmp_path / "list.csv", rows)))


def test_a_sealed_id_opens_with_its_key_and_row_id_only():
    protector, person = DataProtector(KEY), uuid.uuid4()
    cipher, index = seal_national_id(protector, person, HEAD)
    assert open_national_id(protector, person, cipher) == HEAD
    assert HEAD.encode() not in cipher
    assert seal_national_id(protector, person, HEAD)[0] != cipher, "a fresh nonce for every seal"
    assert index == protector.blind_index(HEAD) and len(index) == 32
    assert index != DataProtector(OTHER_KEY).blind_index(HEAD) != protector.blind_index(SPOUSE)
    tampered = cipher[:-1] + bytes([cipher[-1] ^ 1])
    for who, token, opener in ((uuid.uuid4(), cipher, protector), (person, tampered, protector),
                               (person, cipher, DataProtector(OTHER_KEY))):
        with pytest.raises(UnreadableData):
            open_national_id(opener, who, token)


def test_a_protector_with_the_old_key_opens_old_data_and_seals_with_the_new():
    person = uuid.uuid4()
    old_cipher, _ = seal_national_id(DataProtector(OTHER_KEY), person, HEAD)
    both = DataProtector(KEY, old_key=OTHER_KEY)
    assert open_national_id(both, person, old_cipher) == HEAD
    assert not both.is_current(old_cipher)
    assert both.is_current(seal_national_id(both, person, HEAD)[0])
    assert both.blind_indexes(HEAD) == [DataProtector(KEY).blind_index(HEAD),
                                        DataProtector(OTHER_KEY).blind_index(HEAD)]


@pytest.mark.parametrize(("number", "masked"), [
    ("1166131860910", "x-xxxx-xxxxx-91-0"),
    (HEAD, f"x-xxxx-xxxxx-{HEAD[10:12]}-{HEAD[12]}"),
])
def test_masking_shows_only_the_last_three_digits(number, masked):
    assert nlp.parse_national_id(number) == number
    assert mask_national_id(number) == masked


def test_swapping_ciphertexts_between_rows_makes_both_unreadable(app, rt, tmp_path):
    _import(app, tmp_path)
    with rt.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, national_id_cipher FROM persons"
                                       " WHERE national_id_cipher IS NOT NULL ORDER BY id")).all()
    (first_id, first_cipher), (second_id, second_cipher) = rows[:2]
    with rt.engine.begin() as connection:
        swap = text("UPDATE persons SET national_id_cipher = :cipher WHERE id = :id")
        connection.execute(swap, [{"id": first_id, "cipher": second_cipher},
                                  {"id": second_id, "cipher": first_cipher}])
    with rt.sessions() as session:
        people = session.scalars(select(Person).where(Person.national_id_cipher.is_not(None))).all()
        swapped = [p for p in people if p.national_id_cipher in (bytes(first_cipher), bytes(second_cipher))]
        untouched = [p for p in people if p not in swapped]
    assert len(swapped) == 2 and len(untouched) == 1
    intact = untouched[0]
    assert open_national_id(rt.protector, intact.id, intact.national_id_cipher) in (HEAD, SPOUSE, CHILD)
    for person in swapped:
        with pytest.raises(UnreadableData):
            open_national_id(rt.protector, person.id, person.national_id_cipher)


def test_no_plaintext_national_id_anywhere_in_the_database(app, rt, database_url, tmp_path):
    bad = wrong_check_digit(national_id("350010987654"))
    imported = _import(app, tmp_path, bad)
    generated = run(app, "households", "generate", "--households", "40", "--area", "6501", "--seed", "3")
    assert "households added: 40" in generated.stdout
    with rt.sessions() as session:
        people = session.execute(select(Person.id, Person.national_id_cipher)
                                 .where(Person.national_id_cipher.is_not(None))).all()
    numbers = {open_national_id(rt.protector, person_id, cipher) for person_id, cipher in people}
    assert {HEAD, SPOUSE, CHILD} <= numbers and len(numbers) == len(people) > 40
    secrets = numbers | {bad}

    values = every_stored_value(rt.engine)
    blobs = b"\n".join(bytes(v) for v in values if isinstance(v, bytes | memoryview))
    texts = "\n".join(str(v) for v in values if not isinstance(v, bytes | memoryview))
    assert "สมศรี" in texts and len(blobs) > 28 * len(people), "the scan reads names and ciphertexts"
    for number in secrets:
        for written in (number, _dashed(number)):
            assert written not in texts and written.encode() not in blobs
            assert written not in imported.output
    assert bad not in (tmp_path / "list.errors.csv").read_text(encoding="utf-8-sig")

    if not on_postgres:
        path = Path(database_url.removeprefix("sqlite:///"))
        stored = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        assert "สมศรี".encode() in stored, "the file scan sees the rows"
        for number in secrets:
            assert number.encode() not in stored and _dashed(number).encode() not in stored
