"""Linking that cannot be guessed or jammed (issue 14 items 7b and 8): long forgiving codes stored only as
keyed hashes, limits per code and per person, owners and officers told of a second account, a cap."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers import link_codes
from handlers.citizen import link_watch, linking, links
from models import CitizenLink, LinkCode
from models.vocabulary import Role
from tests.e2e.citizens import SOMCHAI_BORN, SOMCHAI_ID, audit_actions, consenting, link_by_id
from tests.e2e.conftest import all_text
from tests.e2e.test_citizen_linking import issue_code, link_by_code
from tests.households.helpers import every_stored_value


@pytest.fixture
def officer(chat, home):
    return chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "650101")


def linked_users(chat) -> list[int]:
    with chat.rt.sessions() as session:
        return list(session.scalars(select(CitizenLink.user_id).where(CitizenLink.unlinked_at.is_(None))))


def test_codes_are_long_unambiguous_grouped_and_stored_only_as_keyed_hashes(chat, officer):
    code = issue_code(chat, officer)
    assert len(code) == 11 and code[5] == "-" and not set(code) & set("01OIL")
    plain = code.replace("-", "")
    assert link_codes.parse_code(plain) == plain
    stored = " ".join(str(value) for value in every_stored_value(chat.rt.engine))
    assert plain not in stored and code not in stored and plain.encode().hex() not in stored


@pytest.mark.parametrize("typed", [
    lambda c: c.lower(), lambda c: c.replace("-", " "), lambda c: " ".join(c.replace("-", "")),
    lambda c: c.replace("-", "").translate(str.maketrans("23456789", "๒๓๔๕๖๗๘๙")),
])
def test_a_code_is_typed_forgivingly(chat, officer, typed):
    code = issue_code(chat, officer)
    assert "เชื่อมบัญชีเรียบร้อย" in link_by_code(consenting(chat, "สมชาย"), typed(code))


def test_a_malformed_code_is_asked_again_and_not_counted(chat, officer):
    citizen = consenting(chat, "ผู้ใช้")
    assert linking.BAD_CODE in link_by_code(citizen, "123456")
    assert linking.BAD_CODE in all_text(citizen.say("ABCDE-FGHI0"))
    assert audit_actions(chat, "link_attempt") == []


def test_wrong_guesses_at_one_code_spend_it_whoever_makes_them(chat, officer):
    code = issue_code(chat, officer).replace("-", "")
    wrong = code[:4] + ("2" if code[4:] != "2" * 6 else "3") * 6
    for n in range(link_codes.MAX_FAILURES):
        assert linking.FAILED in link_by_code(consenting(chat, f"คนที่ {n}"), wrong)
    assert linking.FAILED in link_by_code(consenting(chat, "สมชาย"), code)
    assert linked_users(chat) == []
    assert len(audit_actions(chat, "spend_link_code")) == 1


def test_wrong_birth_dates_from_many_accounts_lock_that_person_not_the_code_path(chat, officer):
    for n in range(link_watch.PERSON_FAILURES):
        link_by_id(consenting(chat, f"คนแปลกหน้า {n}"), SOMCHAI_ID, "1 ม.ค. 2500")
    owner = consenting(chat, "สมชาย")
    assert linking.FAILED in all_text(link_by_id(owner, SOMCHAI_ID, SOMCHAI_BORN))
    assert "เชื่อมบัญชีเรียบร้อย" in link_by_code(owner, issue_code(chat, officer))


def test_a_second_account_is_told_to_the_first_and_to_the_officer(chat, officer):
    first = consenting(chat, "สมชาย")
    link_by_id(first)
    second = consenting(chat, "ลูกสาว")
    assert "เชื่อมบัญชีเรียบร้อย" in all_text(link_by_id(second))
    told = all_text(chat.messages_to(first.user_id)[-1:])
    assert "อีกบัญชีหนึ่งเพิ่งเชื่อมกับข้อมูลของคุณสมชาย" in told
    to_officer = all_text(chat.messages_to(officer.user_id)[-1:])
    assert "มีบัญชี LINE ใหม่เชื่อมกับข้อมูลของสมชาย" in to_officer and "1 บัญชี" in to_officer
    assert SOMCHAI_ID not in to_officer


def test_active_links_per_person_are_capped_politely_and_the_code_is_kept(chat, officer):
    for n in range(links.MAX_PER_PERSON):
        link_by_id(consenting(chat, f"ญาติ {n}"))
    code = issue_code(chat, officer)
    fourth = consenting(chat, "อีกคน")
    assert "ครบ 3 บัญชีแล้ว" in link_by_code(fourth, code)
    assert len(linked_users(chat)) == links.MAX_PER_PERSON
    with chat.rt.sessions() as session:
        assert session.scalar(select(LinkCode.used_at)) is None
    assert "ครบ 3 บัญชีแล้ว" in all_text(link_by_id(fourth))
