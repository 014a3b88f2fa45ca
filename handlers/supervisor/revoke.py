"""ถอนสิทธิ์: a supervisor revokes an officer of their scope (the officers as buttons, then a
confirmation). `revoke` is also what `flask staff revoke` runs: the user becomes a guest at once,
their open draft is cancelled and the change is audited; the caller links the guest rich menu."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, postback_action, text
from handlers.supervisor.access import not_found, refusal, supervises
from models import DialogState, User
from models.audit import record
from models.vocabulary import Role

PREFIX = "revoke"
MAX_LISTED = 12
CHOOSE = "เลือกเจ้าหน้าที่ที่จะถอนสิทธิ์ค่ะ (เจ้าหน้าที่ภาคสนามในพื้นที่ของคุณ)"
NONE_IN_SCOPE = "ไม่มีเจ้าหน้าที่ภาคสนามในพื้นที่ของคุณค่ะ"
MORE = "\n(แสดง {shown} จาก {total} คน)"
CONFIRM = "ยืนยันถอนสิทธิ์เจ้าหน้าที่ของ {name} ใช่ไหมคะ เมื่อถอนแล้วจะใช้คำสั่งเจ้าหน้าที่ไม่ได้ทันที"
DONE = "ถอนสิทธิ์ {name} แล้วค่ะ ตอนนี้เป็นผู้ใช้ทั่วไป"
KEPT = "ไม่ถอนสิทธิ์ค่ะ"
YES, NO = "ยืนยันถอนสิทธิ์", "ยกเลิก"


def revoke(session: Session, user: User, actor: str) -> bool:
    """Makes a staff user a guest at once and cancels their open draft; False if not staff."""
    if not user.role.is_staff:
        return False
    before = (user.role.value, user.area_code)
    user.role, user.area_code = Role.GUEST, None
    draft = session.get(DialogState, user.id)
    if draft is not None:
        session.delete(draft)
    record(
        session,
        actor,
        "revoke",
        "user",
        user.id,
        {
            "role": [before[0], Role.GUEST.value],
            "area_code": [before[1], None],
            "draft_cancelled": draft is not None,
        },
    )
    return True


def start(ctx: Context, incoming: Incoming) -> list[Message]:
    """The officers of the supervisor's scope as buttons, by name."""
    if not supervises(ctx):
        return refusal(ctx)
    officers = list(
        ctx.session.scalars(
            select(User)
            .where(User.role == Role.OFFICER, User.area_code.startswith(ctx.user.area_code or "-"))
            .order_by(User.display_name, User.id)
        )
    )
    if not officers:
        return [text(NONE_IN_SCOPE)]
    shown = officers[:MAX_LISTED]
    body = CHOOSE + (MORE.format(shown=len(shown), total=len(officers)) if len(officers) > len(shown) else "")
    return [text(body, [postback_action(_name(o), f"{PREFIX}|ask|{o.id}", _name(o)) for o in shown])]


def on_button(ctx: Context, args: list[str]) -> list[Message]:
    """revoke|ask|<user id> asks to confirm; revoke|yes|<user id> revokes; revoke|no|… keeps."""
    step, user_id = [*args, "", ""][:2]
    if not supervises(ctx):
        return refusal(ctx)
    if step == "no":
        return [text(KEPT)]
    target = _officer_in_scope(ctx, user_id)
    if target is None:
        return not_found()
    if step == "ask":
        return [
            text(
                CONFIRM.format(name=_name(target)),
                [
                    postback_action(YES, f"{PREFIX}|yes|{target.id}", YES),
                    postback_action(NO, f"{PREFIX}|no|{target.id}", NO),
                ],
            )
        ]
    if step == "yes":
        revoke(ctx.session, target, f"user:{ctx.user.id}")
        ctx.request_job("link_menu", target.line_user_id, Role.GUEST.value)
        return [text(DONE.format(name=_name(target)))]
    return not_found()


def _officer_in_scope(ctx: Context, user_id: str) -> User | None:
    """An officer inside the supervisor's area; never a supervisor, an admin, or anyone outside it."""
    target = ctx.session.get(User, int(user_id)) if user_id.isdigit() else None
    scope = ctx.user.area_code or "-"
    if target is None or target.role is not Role.OFFICER or not (target.area_code or "").startswith(scope):
        return None
    return target


def _name(user: User) -> str:
    return user.display_name or f"เจ้าหน้าที่ #{user.id}"
