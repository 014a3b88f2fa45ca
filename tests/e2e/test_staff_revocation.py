"""Issue 14: revoking staff, from the CLI and by a supervisor in chat. The revoked user becomes a guest
at once, loses the staff rich menu, their open draft is cancelled, and the change is audited."""

from __future__ import annotations

from sqlalchemy import select

from handlers.menus import CITIZEN
from handlers.officer import STAFF_ONLY
from models import AuditLog, DialogState
from models.vocabulary import Role
from tests.e2e.conftest import all_text


def menu_name(chat, user) -> str:
    state = chat.platform.emulator.state
    return state.rich_menus.get(state.effective_rich_menu_id(user.user_id)).body["name"]


def assert_revoked(chat, user, actor_prefix: str) -> None:
    with chat.rt.sessions() as session:
        row = user.row(session)
        assert row.role is Role.GUEST and row.area_code is None
        assert session.get(DialogState, row.id) is None
        audit = session.scalar(select(AuditLog).where(AuditLog.action == "revoke"))
        assert audit.object_id == str(row.id) and audit.actor.startswith(actor_prefix)
        assert audit.changes["role"] == ["officer", "guest"]
    assert menu_name(chat, user).startswith(f"logbook-{CITIZEN.name}-")
    assert STAFF_ONLY in all_text(user.say("สรุป"))


def open_draft(chat, officer) -> None:
    officer.say("เยี่ยมบ้าน")
    with chat.rt.sessions() as session:
        assert session.get(DialogState, officer.row(session).id) is not None


def test_cli_revokes_by_line_user_id_or_user_id(chat, officer, home):
    open_draft(chat, officer)
    runner = chat.app.test_cli_runner()
    done = runner.invoke(args=["staff", "revoke", officer.user_id])
    assert done.exit_code == 0, done.output
    chat.run_jobs()
    assert_revoked(chat, officer, "cli:")
    with chat.rt.sessions() as session:
        user_id = officer.row(session).id
    again = runner.invoke(args=["staff", "revoke", str(user_id)])
    assert again.exit_code != 0 and "not staff" in again.output
    assert runner.invoke(args=["staff", "revoke", "U" + "f" * 32]).exit_code != 0


def test_supervisor_revokes_an_officer_of_their_scope_after_confirming(chat, officer, home):
    boss = chat.user("หัวหน้า สมชาย", Role.SUPERVISOR, "6501")
    open_draft(chat, officer)
    listed = boss.say("ถอนสิทธิ์")
    assert officer.name in [a["label"] for a in find_actions(listed)]
    asked = boss.choose(officer.name)
    assert "ยืนยันถอนสิทธิ์" in all_text(asked)
    with chat.rt.sessions() as session:
        assert officer.row(session).role is Role.OFFICER  # nothing happens before the confirmation
    boss.choose("ยืนยันถอนสิทธิ์")
    assert "ถอนสิทธิ์" in all_text(boss.last) and "แล้ว" in all_text(boss.last)
    with chat.rt.sessions() as session:
        boss_id = boss.row(session).id
    assert_revoked(chat, officer, f"user:{boss_id}")


def test_cancelling_keeps_the_officer(chat, officer):
    boss = chat.user("หัวหน้า สมชาย", Role.SUPERVISOR, "6501")
    boss.say("ถอนสิทธิ์")
    boss.choose(officer.name)
    boss.choose("ยกเลิก")
    with chat.rt.sessions() as session:
        assert officer.row(session).role is Role.OFFICER


def test_supervisor_cannot_revoke_outside_their_scope_or_another_supervisor(chat, officer):
    boss = chat.user("หัวหน้า อำเภออื่น", Role.SUPERVISOR, "6502")
    peer = chat.user("หัวหน้า อีกคน", Role.SUPERVISOR, "6502")
    listed = boss.say("ถอนสิทธิ์")
    labels = [a["label"] for a in find_actions(listed)]
    assert officer.name not in labels and peer.name not in labels
    with chat.rt.sessions() as session:
        officer_id, peer_id = officer.row(session).id, peer.row(session).id
    for target in (officer_id, peer_id):
        for step in ("ask", "yes"):
            assert "ไม่พบรายการนี้" in all_text(boss.tap(f"revoke|{step}|{target}"))
    with chat.rt.sessions() as session:
        assert officer.row(session).role is Role.OFFICER and peer.row(session).role is Role.SUPERVISOR


def test_an_officer_cannot_revoke(chat, officer):
    other = chat.user("เจ้าหน้าที่ อีกคน", Role.OFFICER, "6501")
    officer.say("ถอนสิทธิ์")
    with chat.rt.sessions() as session:
        other_id = other.row(session).id
    officer.tap(f"revoke|yes|{other_id}")
    with chat.rt.sessions() as session:
        assert other.row(session).role is Role.OFFICER


def find_actions(messages):
    from tests.e2e.conftest import actions_in

    return list(actions_in(messages))
