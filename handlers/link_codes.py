"""One-time 6-digit codes an officer issues so a household member can link their LINE account."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

import nlp
from handlers.context import Context
from handlers.messages import Message, postback_action, text
from models import Household, LinkCode, Person
from models.scope import covers
from nlp.formatting import bangkok_date

VALID_DAYS = 7
PICK_MEMBER = "ออกรหัสเชื่อมบัญชีให้สมาชิกคนไหนคะ"
ISSUED = (
    "รหัสเชื่อมบัญชีของ {name}: {code}\nใช้ได้ครั้งเดียว ภายใน 7 วัน (ถึง {until})\n"
    'ให้ประชาชนเพิ่มเพื่อน LINE นี้ กด ยินยอม แล้วพิมพ์ "เชื่อมบัญชี" และใส่รหัสนี้'
)
NOT_ALLOWED = "ออกรหัสได้เฉพาะครัวเรือนในพื้นที่ของคุณค่ะ"
NO_MEMBERS = "ครัวเรือนนี้ยังไม่มีรายชื่อสมาชิก จึงออกรหัสไม่ได้ค่ะ"


def issue(ctx: Context, household_id: int, person_id: str | None = None) -> list[Message]:
    """Asks which member when there are several; then a fresh code for that member."""
    household = ctx.session.get(Household, household_id)
    if household is None or not ctx.user.role.is_staff or not covers(ctx.user.area_code or "", household):
        return [text(NOT_ALLOWED)]
    members = household.members
    if not members:
        return [text(NO_MEMBERS)]
    chosen = next((m for m in members if str(m.id) == person_id), members[0] if len(members) == 1 else None)
    if chosen is None:
        options = [
            postback_action(m.first_name, f"officer|linkcode|{household.id}|{m.id}", m.first_name)
            for m in members[:13]
        ]
        return [text(PICK_MEMBER, options)]
    return [text(_issue_for(ctx, chosen))]


def _issue_for(ctx: Context, person: Person) -> str:
    code = _unused_code(ctx)
    until = ctx.now + timedelta(days=VALID_DAYS)
    ctx.session.add(
        LinkCode(
            code=code, person_id=person.id, issued_by_id=ctx.user.id, created_at=ctx.now, expires_at=until
        )
    )
    ctx.audit("issue_link_code", "person", str(person.id), {})
    return ISSUED.format(
        name=person.first_name, code=code, until=nlp.thai_date(bangkok_date(until))
    )


def _unused_code(ctx: Context) -> str:
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        taken = ctx.session.scalar(
            select(LinkCode.id).where(LinkCode.code == code, LinkCode.used_at.is_(None))
        )
        if taken is None:
            return code
