"""The visit report's conversation: commands at any step, bad input, resume, edit, scope, side trips."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Attachment, AttachmentStatus, DialogState, Household, Person, Visit
from models.vocabulary import HouseholdSource, ProblemStatus
from tests import factories
from tests.e2e.conftest import actions_in, all_text


def start_at_consent(officer) -> None:
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("วันนี้")


def draft_step(chat, officer) -> str | None:
    with chat.rt.sessions() as session:
        user = officer.row(session)
        state = session.get(DialogState, user.id)
        return state.step if state else None


def test_back_returns_to_the_previous_question_at_several_steps(chat, home, officer):
    start_at_consent(officer)
    assert draft_step(chat, officer) == "consent"
    officer.say("ย้อนกลับ")
    assert draft_step(chat, officer) == "visited_on" and "ไปเยี่ยมวันไหน" in all_text(officer.last)
    officer.choose("ย้อนกลับ")
    assert draft_step(chat, officer) == "confirm_household"
    officer.say("ย้อนกลับ")
    officer.say("ย้อนกลับ")
    assert "คำถามแรก" in all_text(officer.last)


def test_skip_only_where_a_step_is_optional(chat, home, officer):
    start_at_consent(officer)
    officer.say("ข้าม")
    assert "ข้ามไม่ได้" in all_text(officer.last) and draft_step(chat, officer) == "consent"
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    assert draft_step(chat, officer) == "problem_dimension"


def test_help_explains_the_step_and_asks_again(chat, home, officer):
    start_at_consent(officer)
    officer.say("วิธีใช้")
    text = all_text(officer.last)
    assert "ไม่ยินยอม" in text and "ยินยอมหรือไม่" in text


def test_cancel_asks_to_confirm_when_data_was_entered(chat, home, officer):
    start_at_consent(officer)
    officer.say("ยกเลิก")
    assert "ข้อมูลที่กรอกไว้จะหายไป" in all_text(officer.last)
    officer.choose("ไม่ใช่")
    assert draft_step(chat, officer) == "consent"
    officer.say("ยกเลิกค่ะ")
    officer.choose("ใช่")
    assert "ยกเลิกรายงานการเยี่ยมบ้านแล้ว" in all_text(officer.last)
    assert draft_step(chat, officer) is None


def test_cancel_at_the_first_question_needs_no_confirmation(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("ยกเลิก")
    assert "ยกเลิกรายงานการเยี่ยมบ้านแล้ว" in all_text(officer.last)


@pytest.mark.parametrize(
    ("steps", "bad", "expected"),
    [
        ([], "9999999999", "ไม่พบครัวเรือนนี้"),
        (["65010000001", "ใช่"], "พรุ่งนี้", "ต้องไม่เป็นวันในอนาคต"),
        (["65010000001", "ใช่"], "วันอะไรก็ได้", "อ่านวันที่ไม่ออก"),
        (["65010000001", "ใช่", "วันนี้"], "อาจจะนะ", "ยินยอม หรือ ไม่ยินยอม"),
    ],
)
def test_invalid_input_is_asked_again_with_an_example(chat, home, officer, steps, bad, expected):
    officer.say("เยี่ยมบ้าน")
    for answer in steps:
        officer.say(answer)
    before = draft_step(chat, officer)
    officer.say(bad)
    assert expected in all_text(officer.last)
    assert draft_step(chat, officer) == before


def test_invalid_amount_and_follow_up_date_are_asked_again(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    officer.choose("ไม่มีปัญหาใหม่")
    officer.choose("เงินสงเคราะห์")
    officer.say("อบต.ในเมือง")
    officer.say("เยอะมาก")
    assert "อ่านจำนวนเงินไม่ออก" in all_text(officer.last) and "ตัวอย่าง" in all_text(officer.last)
    officer.say("5 แสนบาท")
    assert "ยืนยันจำนวนเงิน 500,000 บาท" in all_text(officer.last)
    officer.choose("ใช่")
    officer.choose("วันเดียวกับวันเยี่ยม")
    officer.choose("ไม่มีแล้ว")
    officer.choose("อยู่รอด")
    officer.say("เมื่อวาน")
    assert "ต้องเป็นวันหลังจากวันนี้" in all_text(officer.last)


def test_a_visit_older_than_sixty_days_asks_for_confirmation(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.say("90 วันก่อน")
    assert "ผ่านมากว่า 60 วันแล้ว" in all_text(officer.last)
    officer.choose("ใช่")
    assert draft_step(chat, officer) == "consent"


def test_a_date_picker_answer_is_accepted(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("65010000001")
    officer.choose("ใช่")
    officer.choose("เลือกวันที่", date=chat.rt.now().date().isoformat())
    assert draft_step(chat, officer) == "consent"


def test_the_draft_survives_a_restart(chat, home, officer, app):
    from bot.web.app import create_app
    from tests.conftest import test_environ

    start_at_consent(officer)
    restarted = create_app(
        test_environ(
            app.extensions["logbook"].settings.database_url,
            app.extensions["logbook"].settings.redis_url,
            chat.platform.url,
        )
    )
    restarted.extensions["logbook"].clock = chat.clock
    try:
        chat.app, chat.rt, chat.client = restarted, restarted.extensions["logbook"], restarted.test_client()
        officer.choose("ยินยอม")
        assert "ป้าป่วยเบาหวาน" in all_text(officer.last)
    finally:
        restarted.extensions["logbook"].close()


def test_coming_back_after_two_days_offers_to_continue_or_discard(chat, home, officer):
    start_at_consent(officer)
    chat.clock.advance(days=2)
    officer.say("ยินยอม")
    assert "ยังทำไม่เสร็จ" in all_text(officer.last)
    officer.choose("ทำต่อ")
    assert "ยินยอมหรือไม่" in all_text(officer.last)
    officer.choose("ยินยอม")
    assert draft_step(chat, officer) == "followup"
    chat.clock.advance(days=2)
    officer.say("สวัสดี")
    officer.choose("ทิ้งร่าง")
    assert draft_step(chat, officer) is None


def test_a_side_trip_keeps_the_draft_and_offers_to_return(chat, home, officer):
    start_at_consent(officer)
    officer.say("สถานะครัวเรือน")
    assert "ค้นหาครัวเรือน" in all_text(officer.last)
    officer.say("65010000001")
    assert "ข้อมูลครัวเรือน" in all_text(officer.last) and "ค้างอยู่" in all_text(officer.last)
    officer.choose("ทำต่อ")
    assert "ยินยอมหรือไม่" in all_text(officer.last) and draft_step(chat, officer) == "consent"


def test_a_one_message_side_trip_keeps_the_draft_too(chat, home, officer):
    start_at_consent(officer)
    officer.say("วิธีใช้")
    officer.say("ร่างที่ค้าง")
    assert "ยังไม่เสร็จ" in all_text(officer.last)
    officer.choose("ทำต่อ")
    assert draft_step(chat, officer) == "consent"


def test_redelivered_event_mid_dialog_is_answered_once(chat, home, officer):
    start_at_consent(officer)
    event = chat.platform.emulator.event(officer.user_id, "text", text="ยินยอม")
    officer.deliver(event)
    assert draft_step(chat, officer) == "followup"
    officer.deliver({**event, "deliveryContext": {"isRedelivery": True}})
    assert officer.last == [] and draft_step(chat, officer) == "followup"


def edit_section(officer, section: str) -> None:
    """Taps the แก้ไข button of one section on the summary card."""
    button = next(a for a in actions_in(officer.last) if a.get("displayText") == f"แก้ไข{section}")
    officer.tap(button["data"])


def test_editing_from_the_summary_returns_to_the_summary(chat, home, officer):
    from tests.e2e.test_visit_report import walk_to_summary

    walk_to_summary(officer)
    edit_section(officer, "ระดับและวันนัด")
    assert "ประเมินระดับการพัฒนา" in all_text(officer.last)
    officer.choose("อยู่อย่างยั่งยืน")
    officer.choose("อีก 14 วัน")
    assert "สรุปรายงานการเยี่ยมบ้าน" in all_text(officer.last) and "อยู่อย่างยั่งยืน" in all_text(officer.last)
    edit_section(officer, "แจ้งด่วน")
    officer.choose("แจ้งด่วน")
    assert "แจ้งผู้บังคับบัญชาด่วน" in all_text(officer.last)
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        visit = session.scalar(select(Visit))
        assert visit.urgent and (visit.follow_up_on - visit.visited_on).days == 14


def test_a_household_outside_the_scope_is_never_shown(chat, officer):
    with chat.rt.sessions.begin() as session:
        outside = factories.household(
            session,
            chat.rt.protector,
            house_code="65020000009",
            subdistrict=factories.OTHER_DISTRICT_SUBDISTRICT,
            members=(("สมหญิง", "นอกเขต", "4909960308248"),),
        )
        outside_id = outside.id
    officer.say("เยี่ยมบ้าน")
    for query in ("65020000009", "4909960308248", "สมหญิง"):
        officer.say(query)
        assert "นอกเขต" not in all_text(officer.last) and "ไม่พบครัวเรือน" in all_text(officer.last)
    officer.tap(
        officer.last[0]["quickReply"]["items"][0]["action"]["data"].replace("new", f"hh:{outside_id}")
    )
    assert "ใช้ไม่ได้แล้ว" in all_text(officer.last) and "นอกเขต" not in all_text(officer.last)
    assert draft_step(chat, officer) == "household"


def test_a_citizen_asking_for_a_visit_is_politely_refused(chat):
    citizen = chat.user("ประชาชน มาลี")
    citizen.say("เยี่ยมบ้าน")
    assert "สำหรับเจ้าหน้าที่" in all_text(citizen.last)


def test_without_consent_only_the_visit_is_kept(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ไม่ยินยอม")
    assert draft_step(chat, officer) == "level"
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        visit = session.scalar(select(Visit))
        assert visit.consent is False and visit.notes == ""
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_missed_household_is_added_on_submit(chat, officer):
    with chat.rt.sessions.begin() as session:
        factories.village(session, moo=5, name="บ้านดอนทอง")
    officer.say("เยี่ยมบ้าน")
    officer.say("นางบุญมี ตกหล่น")
    officer.choose("เพิ่มครัวเรือนตกหล่น")
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.say("45/2")
    officer.say("หมู่ 5")
    officer.say("นางบุญมี ศรีสุข")
    officer.say("1-1661-31860-91-0")
    officer.choose("ไม่มีปัญหาใหม่")
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 30 วัน (แนะนำ)")
    for _ in range(3):
        officer.choose("ข้าม")
    assert "ครัวเรือนตกหล่น บ้านเลขที่ 45/2" in all_text(officer.last)
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        household = session.scalar(select(Household).where(Household.source == HouseholdSource.FIELD_ADDED))
        head = session.scalar(select(Person).where(Person.household_id == household.id))
        assert household.village_code == "65010105" and household.house_code is None
        assert head.first_name == "บุญมี" and head.title == "นาง" and head.national_id_cipher is not None


def test_an_existing_national_id_cannot_be_added_again(chat, home, officer):
    officer.say("เยี่ยมบ้าน")
    officer.say("ใครก็ไม่รู้")
    officer.choose("เพิ่มครัวเรือนตกหล่น")
    officer.choose("วันนี้")
    officer.choose("ยินยอม")
    officer.say("1")
    officer.say("หมู่ 3")
    officer.say("นายใหม่ เอี่ยม")
    officer.say("1166131860910")
    assert "มีอยู่ในระบบแล้ว" in all_text(officer.last)


def test_a_failed_photo_fetch_tells_the_officer_which_photo_to_resend(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    officer.choose("ไม่มีปัญหาใหม่")
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    officer.photo(b"not an image at all")
    with chat.rt.sessions() as session:
        assert session.scalar(select(Attachment.status)) is AttachmentStatus.FAILED
    pushed = all_text(chat.messages_to(officer.user_id)[-2:])
    assert "รูปที่ 1" in pushed and "ส่งรูปนี้ใหม่" in pushed


def test_a_location_far_from_the_household_asks_to_confirm(chat, officer):
    with chat.rt.sessions.begin() as session:
        factories.household(session, chat.rt.protector, lat=16.82, lng=100.26)
    start_at_consent(officer)
    officer.choose("ไม่ยินยอม")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    officer.location(16.90, 100.26)
    assert "ห่างจากที่อยู่ที่บันทึกไว้ 8.9 กม." in all_text(officer.last)
    officer.choose("ใช่")
    assert "สรุปรายงาน" in all_text(officer.last)


def test_a_follow_up_visit_updates_statuses(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.choose("ได้รับการช่วยแล้ว")
    officer.choose("ไม่มีปัญหาใหม่")
    officer.choose("ไม่มี")
    officer.choose("อยู่พอเพียง")
    officer.choose("ไม่ต้องนัด")
    for _ in range(3):
        officer.choose("ข้าม")
    officer.choose("ยืนยันส่งรายงาน")
    assert "ปัญหาที่ยังเปิดอยู่: ไม่มี" in all_text(officer.last)
    with chat.rt.sessions() as session:
        from models import Problem

        problem = session.scalar(select(Problem))
        assert problem.status is ProblemStatus.HELPED and problem.resolved_at is not None


def at_new_problems(officer) -> None:
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    assert "พบปัญหาใหม่ในการเยี่ยมครั้งนี้ไหมคะ" in all_text(officer.last)


def no_apology(officer) -> None:
    assert "ขออภัย" not in all_text(officer.last)


@pytest.mark.parametrize("answer", ["ไม่มี", "ไม่มีปัญหาใหม่", "ไม่มีค่ะ", "ไม่เจอปัญหาใหม่"])
def test_a_typed_no_ends_the_new_problems(chat, home, officer, answer):
    at_new_problems(officer)
    officer.say(answer)
    no_apology(officer)
    assert draft_step(chat, officer) == "assistance_type"
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    for _ in range(3):
        officer.choose("ข้าม")
    summary = all_text(officer.last)
    assert "ไม่มีปัญหาใหม่" in summary and "ใหม่ (" not in summary


def to_summary_after_one_problem(officer) -> None:
    """From a new problem's indicator question: no indicator, the whole household, no more problems, no
    assistance, อยู่รอด, in 7 days, no photo, place or note."""
    officer.choose("ไม่ระบุ")
    officer.choose("ทั้งครัวเรือน")
    officer.choose("ไม่มีแล้ว")
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    for _ in range(3):
        officer.choose("ข้าม")


@pytest.mark.parametrize(
    ("problem", "dimension"),
    [("ยายป่วยติดเตียง ไม่มีคนดูแล", "การเข้าถึงบริการรัฐ"), ("ไม่มีเงิน", "รายได้")],
)
def test_a_typed_problem_saying_no_one_or_nothing_is_a_problem(chat, home, officer, problem, dimension):
    at_new_problems(officer)
    officer.say(problem)
    no_apology(officer)
    if "น่าจะเป็นด้านใด" in all_text(officer.last):
        assert draft_step(chat, officer) == "problem_dimension"
        officer.choose(dimension)
    else:
        assert f"บันทึกเป็นปัญหาด้าน{dimension}ค่ะ" in all_text(officer.last)
    assert draft_step(chat, officer) == "problem_indicator"
    to_summary_after_one_problem(officer)
    summary = all_text(officer.last)
    assert f"ใหม่ ({dimension}): {problem}" in summary and "ใหม่ ()" not in summary


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("ได้รับแล้ว", ProblemStatus.HELPED),
        ("ช่วยแล้วค่ะ", ProblemStatus.HELPED),
        ("ยังไม่ได้", ProblemStatus.OPEN),
        ("แก้เองได้แล้ว", ProblemStatus.SELF_RESOLVED),
        ("ส่งต่อ รพ.สต. แล้ว", ProblemStatus.REFERRED),
        ("กำลังทำเรื่องอยู่", ProblemStatus.IN_PROGRESS),
        ("ช่วยไม่ได้แล้ว", ProblemStatus.UNRESOLVABLE),
    ],
)
def test_an_old_problem_status_can_be_typed(chat, home, officer, typed, status):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say(typed)
    no_apology(officer)
    assert draft_step(chat, officer) == "problem_dimension"
    officer.say("ไม่มี")
    officer.choose("ไม่มี")
    officer.choose("อยู่รอด")
    officer.choose("อีก 7 วัน")
    for _ in range(3):
        officer.choose("ข้าม")
    assert "อัปเดตสถานะปัญหาเดิม 1 ข้อ" in all_text(officer.last)
    officer.choose("ยืนยันส่งรายงาน")
    with chat.rt.sessions() as session:
        from models import Problem

        assert session.scalar(select(Problem.status)) is status


def test_an_unreadable_old_problem_status_is_asked_again(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("อืม")
    assert draft_step(chat, officer) == "followup" and "ได้รับแล้ว" in all_text(officer.last)


def test_no_after_a_typed_problem_keeps_the_problem_and_asks_its_dimension(chat, home, officer):
    at_new_problems(officer)
    officer.say("ยายป่วยติดเตียง ไม่มีคนดูแล")
    assert "น่าจะเป็นด้านใด" in all_text(officer.last)
    officer.say("ไม่มี")
    no_apology(officer)
    reply = all_text(officer.last)
    assert "ยายป่วยติดเตียง ไม่มีคนดูแล" in reply and draft_step(chat, officer) == "problem_dimension"
    officer.choose("การเข้าถึงบริการรัฐ")
    to_summary_after_one_problem(officer)
    assert "ใหม่ (การเข้าถึงบริการรัฐ): ยายป่วยติดเตียง ไม่มีคนดูแล" in all_text(officer.last)


def test_no_with_no_problem_pending_ends_the_new_problems_and_says_so(chat, home, officer):
    at_new_problems(officer)
    officer.say("ไม่มี")
    assert "ไม่มีปัญหาใหม่" in all_text(officer.last) and draft_step(chat, officer) == "assistance_type"
