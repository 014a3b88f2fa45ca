"""Who may use which supervisor command; the polite answers for everyone else."""

from __future__ import annotations

from handlers.context import Context
from handlers.messages import Message, text
from handlers.officer import STAFF_ONLY, is_staff
from models.vocabulary import Role

SUPERVISORS_ONLY = "คำสั่งนี้สำหรับผู้บังคับบัญชา (ศจพ.อ./ศจพ.จ.) ที่ลงทะเบียนแล้วค่ะ"
NOT_FOUND = "ไม่พบรายการนี้ในพื้นที่ของคุณค่ะ"


def supervises(ctx: Context) -> bool:
    return ctx.user.role in (Role.SUPERVISOR, Role.ADMIN) and bool(ctx.user.area_code)


def refusal(ctx: Context) -> list[Message]:
    """Guests and citizens are told the command is for staff; officers, that it is for supervisors."""
    return [text(SUPERVISORS_ONLY if is_staff(ctx) else STAFF_ONLY)]


def not_found() -> list[Message]:
    """The same answer for a missing record and one outside the user's scope: nothing leaks."""
    return [text(NOT_FOUND)]
