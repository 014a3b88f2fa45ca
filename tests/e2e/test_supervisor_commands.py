"""Supervisor commands in the chat: สรุป, ค้าง, alert settings, invite codes — each only in the user's area."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.officer import STAFF_ONLY
from handlers.registration import CODE_PATTERN
from handlers.supervisor.access import SUPERVISORS_ONLY
from handlers.supervisor.invites import OUTSIDE
from models import HelpRequest, InviteCode, Urgency
from models.vocabulary import Dimension, Role
from tests.e2e.conftest import actions_in, all_text
from tests.e2e.supervisors import activity, days_ago, household, move_clock_to, today

WEDNESDAY = 2


@pytest.fixture
def district(chat):
    move_clock_to(chat, 10, weekday=WEDNESDAY)
    return chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")


def test_summary_counts_today_and_this_week_in_the_supervisors_area_only(chat, district):
    home = household(chat, next_follow_up_on=days_ago(chat, 40))
    elsewhere = household(chat, house_code="65020000001", subdistrict="650201")
    activity(chat, home, today(chat), visits=2, problems=(Dimension.HEALTH, Dimension.INCOME), baht=3500)
    activity(chat, home, days_ago(chat, 2), problems=(Dimension.LIVING,))
    activity(chat, elsewhere, today(chat), visits=5, problems=(Dimension.EDUCATION,))
    with chat.rt.sessions.begin() as session:
        session.add(
            HelpRequest(reference="RQ-2569-000001", household_id=home, text="-", urgency=Urgency.NORMAL)
        )
    card = all_text(district.say("สรุป"))
    assert "สรุป อำเภอเมืองพิษณุโลก" in card
    assert "2 ครั้ง (1 ครัวเรือน)" in card and "สุขภาพ 1 · รายได้ 1" in card and "1 รายการ · 3,500 บาท" in card
    assert "3 ครั้ง (1 ครัวเรือน)" in card and "สุขภาพ 1 · ความเป็นอยู่ 1 · รายได้ 1" in card
    assert "1 ครัวเรือน" in card and "1 เรื่องที่ยังไม่ปิด" in card
    assert "การศึกษา" not in card
    province = all_text(chat.user("หัวหน้า จังหวัด", Role.SUPERVISOR, "65").say("สรุป"))
    assert "7 ครั้ง (2 ครัวเรือน)" in province and "การศึกษา 1" in province


def test_overdue_list_pages_ten_at_a_time_most_overdue_first_inside_the_area(chat, district):
    for n in range(12):
        household(chat, house_code=f"650100000{n + 10}", next_follow_up_on=days_ago(chat, n + 1))
    household(chat, house_code="65010000099", next_follow_up_on=today(chat))
    household(chat, house_code="65020000001", subdistrict="650201", next_follow_up_on=days_ago(chat, 90))
    first = district.say("ค้าง")
    assert "12 ครัวเรือน (หน้า 1/2)" in first[0]["text"]
    bubbles = first[1]["contents"]["contents"]
    assert len(bubbles) == 10 and "รหัสบ้าน 65010000021" in all_text(bubbles[0])
    assert "เลยกำหนด" in all_text(bubbles[0]) and "12 วัน" in all_text(bubbles[0])
    district.choose("ถัดไป")
    assert "หน้า 2/2" in all_text(district.last) and len(district.last[1]["contents"]["contents"]) == 2
    assert "ก่อนหน้า" in {a["label"] for a in actions_in(district.last)}
    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "650101")
    mine = officer.say("ค้าง")
    assert "12 ครัวเรือน" in mine[0]["text"]
    assert "เยี่ยมบ้านนี้" in {a["label"] for a in actions_in(mine)}
    other = chat.user("หัวหน้า นครไทย", Role.SUPERVISOR, "6502").say("ค้าง")
    assert "1 ครัวเรือน" in other[0]["text"] and "65020000001" in all_text(other)


def test_nothing_overdue_is_said_plainly(chat, district):
    assert "ไม่มีครัวเรือนที่เลยกำหนดติดตาม" in all_text(district.say("ค้าง"))


def test_alert_settings_mute_and_unmute_the_alerts_that_are_not_urgent(chat, district):
    assert "เปิดอยู่" in all_text(district.say("ตั้งค่าแจ้งเตือน"))
    district.choose("ปิดแจ้งเตือน")
    with chat.rt.sessions() as session:
        assert district.row(session).alerts_muted
    assert "ปิดอยู่" in all_text(district.say("ตั้งค่าแจ้งเตือน"))
    district.choose("เปิดแจ้งเตือน")
    with chat.rt.sessions() as session:
        assert not district.row(session).alerts_muted


def test_invite_codes_for_officers_only_inside_the_supervisors_area(chat, district):
    answer = all_text(district.say("ออกรหัสเชิญ 3 650101"))
    codes = ["".join(m) for m in CODE_PATTERN.findall(answer)]
    assert len(codes) == 3 and "ตำบลในเมือง" in answer
    with chat.rt.sessions() as session:
        invites = session.scalars(select(InviteCode)).all()
        supervisor_id = district.row(session).id
    assert {(i.role, i.area_code, i.created_by_id) for i in invites} == {
        (Role.OFFICER, "650101", supervisor_id)
    }
    assert OUTSIDE.format(code="650201") in all_text(district.say("ออกรหัสเชิญ 2 650201"))
    newcomer = chat.user("สมหญิง ขยันดี")
    assert "ลงทะเบียนสำเร็จ" in all_text(newcomer.say(codes[0]))
    with chat.rt.sessions() as session:
        registered = newcomer.row(session)
        assert (registered.role, registered.area_code, registered.display_name) == (
            Role.OFFICER,
            "650101",
            "สมหญิง ขยันดี",
        )


@pytest.mark.parametrize(
    ("role", "area", "command", "answer"),
    [
        (None, None, "สรุป", STAFF_ONLY),
        (Role.CITIZEN, None, "ค้าง", STAFF_ONLY),
        (None, None, "ปิดแจ้งเตือน", STAFF_ONLY),
        (Role.OFFICER, "650101", "ออกรหัสเชิญ 2", SUPERVISORS_ONLY),
    ],
)
def test_commands_refuse_politely_who_may_not_use_them(chat, role, area, command, answer):
    assert all_text(chat.user("ผู้ใช้", role, area).say(command)) == answer


def test_a_typed_number_is_never_taken_for_a_command(chat, district):
    district.say("5")
    with chat.rt.sessions() as session:
        assert not district.row(session).alerts_muted
