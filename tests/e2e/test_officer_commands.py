"""Officers' other commands: look up a household, drafts, link codes, amending a sent report."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Alert, AlertKind, AuditLog, LinkCode, OutboundMessage, Visit
from models.vocabulary import DevelopmentLevel, Dimension, Role
from tests import factories
from tests.e2e.conftest import all_text
from tests.e2e.test_visit_dialog import edit_section
from tests.e2e.test_visit_report import walk_to_summary


def test_lookup_by_name_shows_the_card_with_actions(chat, home, officer):
    officer.say("ค้นหาครัวเรือน")
    officer.say("สมชาย")
    text = all_text(officer.last)
    assert "สมชาย ใจดี" in text and "เยี่ยมบ้านนี้" in text and "ออกรหัสเชื่อมบัญชี" in text


def test_visit_this_household_starts_at_the_confirmation(chat, home, officer):
    officer.say("ค้นหาครัวเรือน")
    officer.say("65010000001")
    officer.choose("เยี่ยมบ้านนี้")
    assert "ใช่ครัวเรือนนี้ไหม" in all_text(officer.last)


def test_a_link_code_is_issued_for_the_chosen_member(chat, home, officer):
    officer.say("ค้นหาครัวเรือน")
    officer.say("65010000001")
    officer.choose("ออกรหัสเชื่อมบัญชี")
    officer.choose("สมศรี")
    shown = re.search(r"\b([2-9A-HJKMNP-Z]{5})-([2-9A-HJKMNP-Z]{5})\b", all_text(officer.last))
    with chat.rt.sessions() as session:
        code = session.scalar(select(LinkCode))
    assert shown and "ใช้ได้ครั้งเดียว" in all_text(officer.last)
    assert code.code_index == chat.rt.protector.blind_index(f"link-code:{shown.group(1)}{shown.group(2)}")
    assert (code.expires_at - code.created_at).days == 7


def test_drafts_offers_the_waiting_report_or_says_there_is_none(chat, home, officer):
    officer.say("ร่างที่ค้าง")
    assert "ไม่มีรายงานที่ค้างอยู่" in all_text(officer.last)
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.say("ร่างที่ค้าง")
    assert "ยังไม่เสร็จ" in all_text(officer.last)
    officer.choose("ทำต่อ")
    assert "ใช่ครัวเรือนนี้ไหม" in all_text(officer.last)
    officer.say("เยี่ยมบ้าน")
    officer.choose("ทิ้งแล้วเริ่มใหม่")
    assert "เยี่ยมครัวเรือนไหน" in all_text(officer.last)


def test_amending_a_sent_report_makes_a_new_revision_and_tells_the_supervisor(chat, home, officer):
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    with chat.rt.sessions.begin() as session:
        factories.problem(session, home, Dimension.HEALTH, "ป่วย")
    walk_to_summary(officer)
    officer.choose("ยืนยันส่งรายงาน")
    officer.choose("แก้ไขรายงานนี้")
    assert "สรุปการแก้ไขรายงาน" in all_text(officer.last)
    edit_section(officer, "ระดับและวันนัด")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    officer.choose("ยืนยันส่งรายงาน")
    assert "ฉบับที่ 2" in all_text(officer.last)
    with chat.rt.sessions() as session:
        visit = session.scalar(select(Visit))
        alert = session.scalar(select(Alert).where(Alert.kind == AlertKind.VISIT_CHANGED))
        audit = session.scalar(
            select(AuditLog).where(AuditLog.object_type == "visit", AuditLog.action == "update")
        )
    assert visit.revision == 2 and visit.level_assessed is DevelopmentLevel.SURVIVE
    assert alert is not None and "ระดับการพัฒนา" in alert.reason and audit.changes["revision"] == 2
    assert alert.urgent is False
    with chat.rt.sessions() as session:
        card = session.scalar(select(OutboundMessage).where(OutboundMessage.alert_id == alert.id))
    assert card.recipient == supervisor.user_id


def test_amending_is_refused_after_a_week(chat, home, officer):
    walk_to_summary(officer)
    officer.choose("ยืนยันส่งรายงาน")
    receipt = officer.last
    chat.clock.advance(days=8)
    officer.last = receipt
    officer.choose("แก้ไขรายงานนี้")
    assert "ภายใน 7 วัน" in all_text(officer.last)


@pytest.mark.parametrize("typed", ["ค้นหา สมชาย", "ค้นหาครัวเรือน 65010000001", "ค้นหาบ้าน 65010000001"])
def test_search_typed_with_what_to_find_shows_the_household_at_once(chat, home, officer, typed):
    text = all_text(officer.say(typed))
    assert "สมชาย ใจดี" in text and "เยี่ยมบ้านนี้" in text


def test_search_typed_with_nothing_found_asks_again_in_the_search(chat, home, officer):
    officer.say("ค้นหา ไม่มีชื่อนี้แน่นอน")
    assert "ไม่พบ" in all_text(officer.last)
    officer.say("สมชาย")
    assert "สมชาย ใจดี" in all_text(officer.last)
