"""Staff registration: single-use, expiring invite codes that give a LINE user a role and an area."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from handlers.context import Context
from handlers.messages import Message, text
from handlers.places import area_title_of
from models import InviteCode, User
from models.audit import record
from models.vocabulary import Role

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_PATTERN = re.compile(r"(?<![A-Z0-9])([A-HJ-NP-Z2-9]{4})[- ]?([A-HJ-NP-Z2-9]{4})(?![A-Z0-9])")
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60
LOCKOUT = 60 * 60

ASK_CODE = "กรุณาพิมพ์รหัสเชิญ 8 ตัวที่ได้รับจากผู้ดูแล (เช่น K7QX-M2PA) ค่ะ"
UNKNOWN = "รหัสเชิญไม่ถูกต้องค่ะ กรุณาตรวจสอบแล้วพิมพ์ใหม่ (เช่น K7QX-M2PA)"
USED = "รหัสเชิญนี้ถูกใช้ไปแล้วค่ะ กรุณาขอรหัสใหม่จากผู้ดูแล"
EXPIRED = "รหัสเชิญนี้หมดอายุแล้วค่ะ กรุณาขอรหัสใหม่จากผู้ดูแล"
LOCKED = "ใส่รหัสผิดหลายครั้ง กรุณารอประมาณ {minutes} นาทีแล้วลองใหม่ค่ะ"
WELCOME = 'ลงทะเบียนสำเร็จ คุณเป็น{role} {area} แล้วค่ะ\nเมนูด้านล่างเปลี่ยนเป็นเมนูของคุณแล้ว พิมพ์ "วิธีใช้" เพื่อดูคำสั่งทั้งหมด'


def find_code(message: str) -> str | None:
    """An invite code anywhere in a message, in any case, with or without its dash."""
    match = CODE_PATTERN.search(message.upper())
    return match.group(1) + match.group(2) if match else None


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def create_invites(
    session: Session,
    role: Role,
    area_code: str,
    count: int,
    days: int,
    now: datetime,
    created_by: User | None = None,
) -> list[str]:
    """New single-use codes for a staff role in an area (the caller checks the area exists)."""
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(8)) for _ in range(count)]
    for code in codes:
        session.add(
            InviteCode(
                code=code,
                role=role,
                area_code=area_code,
                created_at=now,
                expires_at=now + timedelta(days=days),
                created_by_id=created_by.id if created_by else None,
            )
        )
    actor = f"user:{created_by.id}" if created_by else "cli"
    record(session, actor, "create", "invite_code", area_code, {"role": role.value, "count": count})
    return codes


def redeem(ctx: Context, code: str) -> list[Message]:
    """Makes the user staff when the code is valid; failures are counted and locked out."""
    limit_key = f"invite-fail:{ctx.user.line_user_id}"
    if (seconds := ctx.counters.locked_for(limit_key)) > 0:
        return [text(LOCKED.format(minutes=max(1, seconds // 60)))]
    invite = ctx.session.get(InviteCode, code, with_for_update=True)
    problem = _problem(invite, ctx.now)
    if problem or invite is None:
        if ctx.counters.hit(limit_key, FAILURE_WINDOW) >= MAX_FAILURES:
            ctx.counters.lock_out(limit_key, LOCKOUT)
        ctx.audit("invite_failed", "user", str(ctx.user.id), {})
        return [text(problem or UNKNOWN)]
    before = {"role": ctx.user.role.value, "area_code": ctx.user.area_code}
    ctx.user.role, ctx.user.area_code = invite.role, invite.area_code
    invite.used_at, invite.used_by_id = ctx.now, ctx.user.id
    ctx.audit("register",
        "user",
        str(ctx.user.id),
        {"before": before, "after": {"role": invite.role.value, "area_code": invite.area_code}},
    )
    ctx.request_job("remember_name", ctx.user.id)
    area = area_title_of(ctx.session, invite.area_code)
    return [text(WELCOME.format(role=invite.role.label_th, area=area))]


def _problem(invite: InviteCode | None, now: datetime) -> str | None:
    if invite is None:
        return UNKNOWN
    if invite.used_at is not None:
        return USED
    if invite.expires_at <= now:
        return EXPIRED
    return None
