"""Limits on linking attempts, and the alarm when they fail unusually often.

Failures count per LINE account (5 in 15 minutes lock that account out for an hour) and per target
person (5 wrong birth dates for one national ID in a day lock linking to that person by ID for a day;
an officer's code still works). Failures from everyone are counted too, but they never pause linking
for everyone: the hour they pass UNUSUAL_PER_HOUR, operators (admins) and supervisors get one message.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select

from handlers.context import Context
from handlers.messages import text
from models import User
from models.vocabulary import Role

log = logging.getLogger(__name__)

USER_FAILURES, USER_WINDOW, USER_LOCKOUT = 5, 15 * 60, 60 * 60
PERSON_FAILURES, PERSON_WINDOW, PERSON_LOCKOUT = 5, 24 * 60 * 60, 24 * 60 * 60
UNUSUAL_PER_HOUR = 300
EVERYONE, HOUR = "link-fail:all", 60 * 60
UNUSUAL = (
    "แจ้งผู้ดูแลระบบ: ชั่วโมงนี้มีการเชื่อมบัญชีประชาชนไม่สำเร็จแล้ว {count} ครั้ง ซึ่งสูงผิดปกติ "
    "อาจมีผู้พยายามเดารหัสหรือข้อมูลบัตรประชาชน ระบบยังเปิดให้เชื่อมบัญชีตามปกติ "
    "และจำกัดการลองต่อบัญชี LINE ต่อรหัส และต่อบุคคลอยู่แล้ว กรุณาตรวจสอบบันทึกการใช้งาน (link_attempt)"
)


def user_key(ctx: Context) -> str:
    return f"link-fail:{ctx.user.line_user_id}"


def person_key(person_id: uuid.UUID) -> str:
    return f"link-fail:person:{person_id}"


def user_locked_for(ctx: Context) -> int:
    """Seconds this LINE account stays locked out of linking (0: not locked)."""
    return ctx.counters.locked_for(user_key(ctx))


def person_locked(ctx: Context, person_id: uuid.UUID) -> bool:
    return ctx.counters.locked_for(person_key(person_id)) > 0


def failed(ctx: Context, person_id: uuid.UUID | None = None) -> bool:
    """Counts one failure (against the person when known); True when this account is now locked out."""
    if ctx.counters.hit(EVERYONE, HOUR) == UNUSUAL_PER_HOUR:
        _warn_operators(ctx)
    if person_id is not None and ctx.counters.hit(person_key(person_id), PERSON_WINDOW) >= PERSON_FAILURES:
        ctx.counters.lock_out(person_key(person_id), PERSON_LOCKOUT)
    if ctx.counters.hit(user_key(ctx), USER_WINDOW) >= USER_FAILURES:
        ctx.counters.lock_out(user_key(ctx), USER_LOCKOUT)
        return True
    return False


def succeeded(ctx: Context) -> None:
    ctx.counters.clear(user_key(ctx))


def _warn_operators(ctx: Context) -> None:
    """One message to admins and supervisors, once per hour (when the count reaches the threshold)."""
    log.warning("linking failures reached %d this hour", UNUSUAL_PER_HOUR)
    staff = (User.role.in_([Role.ADMIN, Role.SUPERVISOR]), User.following.is_(True))
    people = ctx.session.scalars(select(User.line_user_id).where(*staff)).all()
    if people:
        ctx.outbox.multicast(list(people), [text(UNUSUAL.format(count=UNUSUAL_PER_HOUR))])
    ctx.audit("link_failures_unusual", "linking", "all", {"per_hour": UNUSUAL_PER_HOUR})
