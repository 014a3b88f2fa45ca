"""What people see (issue 13): every tap leaves words in the chat, labels read whole, help fits the step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

import nlp
from models import Assistance, Indicator
from models.vocabulary import Dimension, Role
from nlp.formatting import bangkok_date
from tests import factories
from tests.e2e.citizens import consenting, link_by_id
from tests.e2e.conftest import Chat, actions_in, all_text
from tests.e2e.supervisors import alert_cards, move_clock_to
from tests.e2e.test_visit_dialog import edit_section
from tests.e2e.test_visit_report import walk_to_summary


def every_message(chat: Chat, *people: Any) -> list[dict[str, Any]]:
    return [m for person in people for m in chat.messages_to(person.user_id)]


def test_every_postback_button_leaves_thai_words_in_the_chat(chat, home, officer):
    move_clock_to(chat, 10)
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    walk_to_summary(officer)
    officer.choose("ยืนยันส่งรายงาน")
    officer.say("วิธีใช้")
    citizen = consenting(chat, "สมชาย")
    link_by_id(citizen)
    citizen.say("ขอความช่วยเหลือ")
    citizen.say("หลังคารั่ว ฝนตกน้ำเข้าบ้าน")
    citizen.choose("ด่วนมาก")
    citizen.choose("ข้าม")
    citizen.choose("ส่งคำขอ")
    supervisor.last = alert_cards(chat, supervisor)
    supervisor.choose("นัดเยี่ยมซ้ำ")
    seen = every_message(chat, officer, citizen, supervisor)
    postbacks = [a for a in actions_in(seen) if a["type"] == "postback"]
    assert len(postbacks) > 30
    silent = [a for a in postbacks if not a.get("displayText")]
    assert silent == [], [(a["label"], a["data"]) for a in silent]


def test_quick_reply_labels_are_whole_words_within_twenty_characters(chat, home, officer):
    walk_to_summary(officer)
    officer.choose("ยืนยันส่งรายงาน")
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    officer.say("ข้าม")
    officer.say("ไม่มีใครดูแลผู้สูงอายุ ไม่มีเงินซื้อข้าว")
    labels = [a["label"] for a in actions_in(every_message(chat, officer)) if "label" in a]
    assert any(label.startswith("ทั้ง") for label in labels)
    assert [label for label in labels if label.endswith("…") or len(label) > 20] == []


def test_a_picked_date_is_said_back_as_the_picker_leaves_nothing_in_the_chat(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    day = chat.rt.now().date()
    officer.choose("เลือกวันที่", date=day.isoformat())
    assert f"เลือกวันที่ {nlp.thai_date(day)}" in all_text(officer.last)


@pytest.mark.parametrize("command", ["ร่างที่ค้าง", "เยี่ยมบ้าน"])
def test_a_waiting_draft_is_offered_once_and_its_buttons_match_its_words(chat, home, officer, command):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    replies = officer.say(command)
    assert len(replies) == 1
    [offer] = replies
    labels = [a["label"] for a in actions_in(offer)]
    assert "ทำต่อหรือเริ่มใหม่" in offer["text"] and labels == ["ทำต่อ", "ทิ้งแล้วเริ่มใหม่"]


def test_the_household_card_shows_the_day_of_the_last_visit_not_when_it_was_sent(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.say("3 วันก่อน")
    officer.choose("ไม่ยินยอม")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    visited = nlp.thai_date(bangkok_date(chat.rt.now()) - timedelta(days=3))
    officer.say("สถานะครัวเรือน")
    assert visited in all_text(officer.say("65010000001"))
    officer.say("ค้นหา")
    assert visited in all_text(officer.say("สมชาย"))


def test_an_old_problem_known_only_by_its_indicator_says_what_is_lacking(chat, home, officer):
    with chat.rt.sessions.begin() as session:
        income = session.scalar(select(Indicator).where(Indicator.number == 22))
        old = factories.problem(session, home, Dimension.INCOME, "")
        old.indicator_id = income.id
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.choose("ข้าม")
    asked = all_text(officer.last)
    assert "รายได้เฉลี่ยต่ำกว่าเกณฑ์" in asked and "ไม่ต่ำกว่าเกณฑ์" not in asked


def help_text(officer) -> str:
    officer.say("วิธีใช้")
    return officer.last[0]["text"]


def test_help_inside_a_question_is_about_that_question(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    at_date = help_text(officer)
    assert "วันนี้" in at_date and "เลือกวันที่" in at_date
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.choose("ข้าม")
    officer.choose("สุขภาพ")
    officer.choose("ไม่ระบุ")
    at_detail = help_text(officer)
    assert "ตัวอย่าง: หลังคารั่ว" in at_detail and "ย้อนกลับ" in at_detail and "ยกเลิก" in at_detail
    assert "ปัญหา" in all_text(officer.last[1:])


def test_editing_the_assistance_from_the_summary_keeps_what_was_entered_and_can_add(chat, home, officer):
    walk_to_summary(officer)
    edit_section(officer, "ความช่วยเหลือ")
    assert "ยังอยู่ 1 รายการ" in all_text(officer.last)
    officer.choose("มีอีก")
    officer.choose("สิ่งของ/ถุงยังชีพ")
    officer.choose("พมจ.")
    officer.choose("ข้าม")
    officer.say("2 ถุง")
    officer.choose("วันเดียวกับวันเยี่ยม")
    officer.choose("ไม่มีแล้ว")
    summary = all_text(officer.last)
    assert "สรุปรายงานการเยี่ยมบ้าน" in summary and "เงินสงเคราะห์" in summary and "สิ่งของ" in summary
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Assistance)) == 2


def test_editing_the_assistance_from_the_summary_can_replace_it(chat, home, officer):
    walk_to_summary(officer)
    edit_section(officer, "ความช่วยเหลือ")
    officer.choose("กรอกใหม่ทั้งหมด")
    officer.choose("ไม่มี")
    assert "เงินสงเคราะห์" not in all_text(officer.last)


def test_back_to_a_typed_answer_shows_it_and_offers_to_keep_it(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.choose("ข้าม")
    officer.choose("สุขภาพ")
    officer.choose("ไม่ระบุ")
    officer.say("ปวดหลังเรื้อรัง ทำงานไม่ได้")
    assert "เป็นของใคร" in all_text(officer.last)
    officer.say("ย้อนกลับ")
    assert "คำตอบเดิม: ปวดหลังเรื้อรัง ทำงานไม่ได้" in all_text(officer.last)
    officer.choose("ใช้คำตอบเดิม")
    assert "เป็นของใคร" in all_text(officer.last)


def test_a_photo_from_a_villager_is_answered_in_plain_words(chat):
    villager = chat.user("ชาวบ้าน มาลี")
    reply = all_text(villager.photo())
    assert "รายงานการเยี่ยมบ้าน" not in reply and "ขอความช่วยเหลือ" in reply


@pytest.mark.parametrize(("amount", "quantity"), [("ข้าม", "8" * 40), ("1" * 30, None)])
def test_an_absurd_amount_or_quantity_is_asked_again(chat, home, officer, amount, quantity):
    walk_to_summary(officer)
    edit_section(officer, "ความช่วยเหลือ")
    officer.choose("มีอีก")
    officer.choose("สิ่งของ/ถุงยังชีพ")
    officer.choose("พมจ.")
    officer.say(amount)
    if quantity is not None:
        officer.say(quantity)
    assert "มากเกิน" in all_text(officer.last) and "ขออภัย" not in all_text(officer.last)
    officer.choose("ข้าม")
    if quantity is None:
        officer.choose("ข้าม")
    officer.choose("วันเดียวกับวันเยี่ยม")
    officer.choose("ไม่มีแล้ว")
    assert "บันทึกการเยี่ยมเรียบร้อย" in all_text(officer.choose("ยืนยันส่งรายงาน"))
