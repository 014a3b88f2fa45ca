"""Staff registration with invite codes, the CLI that makes them, and the role's rich menu."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.exc import IntegrityError

from bot.cli.staff import create as invite_create
from bot.cli.staff import sync as richmenu_sync_command
from bot.worker import richmenu_sync
from handlers import registration
from handlers.menus import MENUS, OFFICER
from models import InviteCode, User
from models.vocabulary import Role
from tests.e2e.conftest import all_text


def invite(chat, role: str = "officer", area: str = "6501", days: int = 7) -> str:
    result = chat.app.test_cli_runner().invoke(
        invite_create, ["--role", role, "--area", area, "--days", str(days)]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_invite_create_prints_only_the_codes(chat):
    result = chat.app.test_cli_runner().invoke(
        invite_create, ["--role", "supervisor", "--area", "65", "--count", "3"]
    )
    codes = result.stdout.split()
    assert len(codes) == 3 and all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code) for code in codes)
    assert "supervisor" in result.stderr


def test_invite_create_refuses_an_unknown_area(chat):
    result = chat.app.test_cli_runner().invoke(invite_create, ["--role", "officer", "--area", "9999"])
    assert result.exit_code != 0 and result.stdout == ""


def test_a_valid_code_makes_the_user_staff_with_the_role_menu(chat):
    code = invite(chat)
    guest = chat.user("สมใจ")
    guest.say(f"รหัสของฉันคือ {code.lower()} ค่ะ")
    assert "ลงทะเบียนสำเร็จ" in all_text(guest.last) and "อำเภอเมืองพิษณุโลก" in all_text(guest.last)
    chat.run_jobs()
    with chat.rt.sessions() as session:
        user = guest.row(session)
        assert user.role is Role.OFFICER and user.area_code == "6501"
        assert session.get(InviteCode, code.replace("-", "")).used_by_id == user.id
    linked = chat.platform.emulator.state.effective_rich_menu_id(guest.user_id)
    menu = chat.platform.emulator.state.rich_menus.get(linked)
    assert menu.body["name"].startswith(f"logbook-{OFFICER.name}-")


def test_a_used_code_and_an_expired_code_get_clear_replies(chat):
    code = invite(chat)
    chat.user("คนแรก").say(code)
    second = chat.user("คนที่สอง")
    second.say(code)
    assert "ถูกใช้ไปแล้ว" in all_text(second.last)
    expired = invite(chat, days=1)
    chat.clock.advance(days=2)
    second.say(expired)
    assert "หมดอายุแล้ว" in all_text(second.last)
    with chat.rt.sessions() as session:
        assert second.row(session).role is Role.GUEST


def test_repeated_wrong_codes_are_locked_out_for_an_hour(chat):
    guest = chat.user("ลองสุ่ม")
    for attempt in range(registration.MAX_FAILURES):
        guest.say(f"AAAA-AAA{'23456789'[attempt]}")
        assert "ไม่ถูกต้อง" in all_text(guest.last)
    real = invite(chat)
    guest.say(real)
    assert "กรุณารอประมาณ" in all_text(guest.last)
    with chat.rt.sessions() as session:
        assert guest.row(session).role is Role.GUEST


def test_richmenu_sync_creates_each_menu_once_and_sets_the_default(chat):
    runner = chat.app.test_cli_runner()
    first = runner.invoke(richmenu_sync_command)
    second = runner.invoke(richmenu_sync_command)
    assert first.exit_code == 0 and first.stdout == second.stdout
    state = chat.platform.emulator.state
    menus = state.rich_menus.all()
    assert len(menus) == len(MENUS)
    assert state.rich_menus.default_id in first.stdout
    assert all(menu.image and menu.image.data.startswith(b"\x89PNG") for menu in menus)


def test_menu_image_changes_only_when_the_menu_changes():
    png = richmenu_sync.render(OFFICER)
    assert richmenu_sync.versioned_name(OFFICER, png) == richmenu_sync.versioned_name(
        OFFICER, richmenu_sync.render(OFFICER)
    )
    assert len(png) < 1024 * 1024


def test_staff_scope_is_required_by_the_database(chat):
    with pytest.raises(IntegrityError), chat.rt.sessions.begin() as session:
        session.add(User(line_user_id="U" + "f" * 32, role=Role.OFFICER, area_code=None))


def test_register_explains_both_ways_to_a_guest_and_names_the_role_of_staff(chat, officer):
    guest = chat.user("ผู้ใช้ใหม่")
    guest.say("ลงทะเบียน")
    assert "เชื่อมบัญชี" in all_text(guest.last) and "รหัสเชิญ" in all_text(guest.last)
    officer.say("ลงทะเบียน")
    assert "เจ้าหน้าที่ภาคสนาม อำเภอเมืองพิษณุโลก แล้ว" in all_text(officer.last)
