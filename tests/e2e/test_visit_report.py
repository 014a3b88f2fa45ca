"""The visit report, end to end: an officer at a household's door, through the emulator."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from models import Alert, Assistance, Attachment, AttachmentStatus, Household, Problem, Visit
from models.vocabulary import DevelopmentLevel, Dimension, ProblemStatus, Role
from tests import factories
from tests.e2e.conftest import all_text

JPEG = b"\xff\xd8\xff\xe0" + b"photo" * 50


def walk_to_summary(officer) -> None:
    officer.say("เยี่ยมบ้าน")
    assert "รหัสบ้าน" in all_text(officer.last)
    officer.say("6501-000000-1")
    assert "ใช่ครัวเรือนนี้ไหม" in all_text(officer.last)
    officer.choose("ใช่")
    officer.choose("วันนี้")
    assert "ยินยอม" in all_text(officer.last)
    officer.choose("ยินยอม")
    while "ปัญหาเดิม" in all_text(officer.last):
        officer.choose("กำลังดำเนินการ")
    assert "ปัญหาใหม่" in all_text(officer.last)
    officer.say("หลังคารั่ว บ้านทรุดโทรม ฝนตกน้ำเข้า")
    if "ตัวชี้วัด" not in all_text(officer.last):
        officer.choose("ความเป็นอยู่")
    officer.choose("ข้อ 8")
    officer.choose("ทั้งครัวเรือน")
    officer.choose("ไม่มีแล้ว")
    officer.choose("เงินสงเคราะห์")
    officer.choose("พมจ.")
    officer.say("สามพันห้าบาท")
    officer.choose("วันเดียวกับวันเยี่ยม")
    officer.choose("ไม่มีแล้ว")
    officer.choose("อยู่พอเพียง")
    officer.choose("อีก 30 วัน (แนะนำ)")
    assert "รูป" in all_text(officer.last)
    officer.photo(JPEG)
    assert "ได้รับรูปแล้ว 1 รูป" in all_text(officer.last)
    officer.choose("เสร็จแล้ว")
    officer.location(16.8205, 100.2605)
    officer.say("ครอบครัวให้ความร่วมมือดี")


def test_a_full_first_visit_is_recorded_once(chat, home, officer):
    walk_to_summary(officer)
    assert "สรุปรายงานการเยี่ยมบ้าน" in all_text(officer.last)
    officer.choose("ยืนยันส่งรายงาน")
    receipt = all_text(officer.last)
    assert "VR-2569-000001" in receipt and "บันทึกการเยี่ยมเรียบร้อย" in receipt
    with chat.rt.sessions() as session:
        visit = session.scalar(select(Visit))
        assert (
            visit.household_id == home
            and visit.consent
            and visit.level_assessed is DevelopmentLevel.SUFFICIENT
        )
        statuses = {p.detail: p.status for p in session.scalars(select(Problem))}
        assert statuses["ป้าป่วยเบาหวาน"] is ProblemStatus.IN_PROGRESS
        new = session.scalar(select(Problem).where(Problem.visit_id == visit.id))
        assert new.dimension is Dimension.LIVING and "หลังคารั่ว" in new.detail
        assert session.scalar(select(Assistance.amount)) == Decimal("3500.00")
        household = session.get(Household, home)
        assert household.next_follow_up_on == visit.follow_up_on and household.level is visit.level_assessed
        photo = session.scalar(select(Attachment))
        assert photo.visit_id == visit.id and photo.status is AttachmentStatus.STORED


def test_double_submit_is_recorded_once_and_answered_with_the_same_receipt(chat, home, officer):
    walk_to_summary(officer)
    summary = officer.last
    officer.choose("ยืนยันส่งรายงาน")
    first = all_text(officer.last)
    officer.last = summary
    officer.choose("ยืนยันส่งรายงาน")
    assert all_text(officer.last) == first
    with chat.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1


def test_critical_household_alerts_the_district_supervisor(chat, home, officer):
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    with chat.rt.sessions.begin() as session:
        factories.problem(session, home, Dimension.INCOME, "ตกงาน")
    walk_to_summary(officer)
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        alert = session.scalar(select(Alert))
    assert alert is not None and "3 ด้าน" in alert.reason
    assert "ครัวเรือนวิกฤต" in all_text(chat.messages_to(supervisor.user_id))
