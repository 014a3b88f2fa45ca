"""What the conversation walk found, each pinned by the shortest conversation that shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

import nlp
from bot.worker.inbox import APOLOGY
from models import Attachment, Visit
from nlp.formatting import BANGKOK
from tests.e2e.conftest import actions_in, all_text
from tests.e2e.test_visit_dialog import start_at_consent

MORE_ASSISTANCE = "มีความช่วยเหลืออื่นอีกไหมคะ"


def at_more_assistance(officer) -> None:
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    officer.choose("ไม่มีปัญหาใหม่")
    officer.choose("เงินสงเคราะห์")
    officer.say("อบต.ในเมือง")
    officer.say("3500")
    officer.choose("วันเดียวกับวันเยี่ยม")
    assert MORE_ASSISTANCE in all_text(officer.last)


def test_an_unclear_answer_to_any_more_asks_again(chat, home, officer):
    at_more_assistance(officer)
    officer.say("ไม่รู้")
    assert MORE_ASSISTANCE in all_text(officer.last) and APOLOGY not in all_text(officer.last)
    officer.choose("ไม่มีแล้ว")
    assert "ประเมินระดับการพัฒนา" in all_text(officer.last)


@pytest.mark.parametrize(("said", "expected"), [("วิธีใช้", "มีอีก"), ("ข้าม", "ข้ามไม่ได้")])
def test_help_and_skip_at_any_more_are_answered(chat, home, officer, said, expected):
    at_more_assistance(officer)
    officer.say(said)
    assert expected in all_text(officer.last) and MORE_ASSISTANCE in all_text(officer.last)
    officer.choose("ไม่มีแล้ว")
    assert "ประเมินระดับการพัฒนา" in all_text(officer.last)


def test_an_old_button_at_any_more_asks_again(chat, home, officer):
    at_more_assistance(officer)
    asked = officer.last
    old = next(a for a in actions_in(chat.messages_to(officer.user_id)) if a.get("label") == "ยินยอม")
    officer.tap(old["data"])
    assert "ใช้ไม่ได้แล้ว" in all_text(officer.last) and MORE_ASSISTANCE in all_text(officer.last)
    officer.last = asked
    officer.choose("ไม่มีแล้ว")
    assert "ประเมินระดับการพัฒนา" in all_text(officer.last)


def at_indicator(officer) -> None:
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    officer.say("ยายป่วยติดเตียง ไม่มีคนดูแล")
    if "น่าจะเป็นด้านใด" in all_text(officer.last):
        officer.choose("การเข้าถึงบริการรัฐ")
    assert "ตรงกับตัวชี้วัด" in all_text(officer.last)


def test_typing_a_buttons_label_that_is_also_a_command_chooses_the_button(chat, home, officer):
    at_indicator(officer)
    officer.say("ไม่ระบุ")
    assert "ข้ามไม่ได้" not in all_text(officer.last) and "ตรงกับตัวชี้วัด" not in all_text(officer.last)
    assert "ปัญหานี้เป็นของใคร" in all_text(officer.last) or "ทั้งครัวเรือน" in all_text(officer.last)


def test_skip_is_still_refused_where_the_question_must_be_answered(chat, home, officer):
    at_indicator(officer)
    officer.say("ข้าม")
    assert "ข้ามไม่ได้" in all_text(officer.last)


def test_a_follow_up_button_of_a_long_past_visit_offers_a_day_that_is_accepted(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.say("90 วันก่อน")
    officer.choose("ใช่")
    officer.choose("ไม่ยินยอม")
    officer.choose("อยู่รอด")
    assert "นัดติดตามครั้งต่อไปวันไหนคะ" in all_text(officer.last)
    today = chat.rt.now().astimezone(BANGKOK).date()
    assert nlp.thai_date(today + timedelta(days=30)) in all_text(officer.last)
    officer.choose("อีก 30 วัน (แนะนำ)")
    assert "หลังจากวันนี้" not in all_text(officer.last)
    officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        assert session.scalar(select(Visit.follow_up_on)) == today + timedelta(days=30)


def at_photos(officer, consent: str) -> None:
    start_at_consent(officer)
    officer.choose(consent)
    if consent == "ยินยอม":
        officer.say("ข้าม")
        officer.choose("ไม่มีปัญหาใหม่")
        officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")


def test_a_photo_sent_after_the_photos_were_skipped_is_kept(chat, home, officer):
    at_photos(officer, "ยินยอม")
    assert "ส่งรูปถ่าย" in all_text(officer.last)
    officer.choose("ข้าม")
    officer.photo()
    assert "ได้รับรูปแล้ว 1 รูป" in all_text(officer.last) and APOLOGY not in all_text(officer.last)
    officer.location(16.8205, 100.2605)
    officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        visit = session.scalar(select(Visit))
        assert session.scalar(select(Attachment.visit_id)) == visit.id


def test_without_consent_no_photo_is_kept_whenever_it_is_sent(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.photo()
    at_photos(officer, "ไม่ยินยอม")
    officer.photo()
    assert "ไม่เก็บรูป" in all_text(officer.last)
    officer.say("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        assert session.scalar(select(Visit.consent)) is False
        attached = select(func.count()).select_from(Attachment).where(Attachment.visit_id.is_not(None))
        assert session.scalar(attached) == 0
