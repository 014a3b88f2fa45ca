"""One-time link codes an officer issues so a household member can link their LINE account.

A code has ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in two groups of
five (`K7QMX-3PA9D`) and read forgivingly: any case, spaces, dashes, Thai digits. Only keyed hashes are
stored (HMAC with the blind-index key): of the whole code, and of its first four characters (the
locator). A wrong code whose locator matches an unused code counts against that code; after
MAX_FAILURES the code is spent and a new one must be issued.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

import nlp
from handlers.context import Context
from handlers.messages import Message, postback_action, text
from models import Household, LinkCode, Person
from models.protection import DataProtector
from models.scope import covers
from nlp.formatting import bangkok_date

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
LOCATOR = 4
MAX_FAILURES = 5
VALID_DAYS = 7
EXAMPLE = "K7QMX-3PA9D"
PICK_MEMBER = "ออกรหัสเชื่อมบัญชีให้สมาชิกคนไหนคะ"
ISSUED = (
    "รหัสเชื่อมบัญชีของ {name}: {code}\nใช้ได้ครั้งเดียว ภายใน 7 วัน (ถึง {until})\n"
    'ให้ประชาชนเพิ่มเพื่อน LINE นี้ กด ยินยอม แล้วพิมพ์ "เชื่อมบัญชี" และใส่รหัสนี้ '
    "(ตัวพิมพ์เล็กหรือใหญ่ก็ได้ ไม่ต้องใส่ขีด)"
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


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """Grouped for typing: K7QMX-3PA9D."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def parse_code(typed: str) -> str | None:
    """The code in what was typed (any case, spaces, dashes, dots, Thai digits), or None."""
    cleaned = "".join(char for char in nlp.normalize(typed).upper() if char not in " -._/")
    if len(cleaned) != LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def code_indexes(protector: DataProtector, code: str) -> list[bytes]:
    """The code's keyed hash under every configured key (codes keep working during a key rotation)."""
    return protector.blind_indexes(f"link-code:{code}")


def locator_indexes(protector: DataProtector, code: str) -> list[bytes]:
    return protector.blind_indexes(f"link-locator:{code[:LOCATOR]}")


def find(ctx: Context, code: str) -> LinkCode | None:
    """The unused, unexpired code (locked until the turn commits; the caller spends it by setting
    used_at); a wrong code counts one failure against each unused code it was aimed at (same locator)."""
    usable = (LinkCode.used_at.is_(None), LinkCode.expires_at > ctx.now)
    issued = ctx.session.scalar(
        select(LinkCode).where(LinkCode.code_index.in_(code_indexes(ctx.protector, code)), *usable)
        .with_for_update()
    )
    if issued is None:
        _count_failure(ctx, code)
    return issued


def _count_failure(ctx: Context, code: str) -> None:
    aimed_at = ctx.session.scalars(
        select(LinkCode).where(LinkCode.locator_index.in_(locator_indexes(ctx.protector, code)),
                               LinkCode.used_at.is_(None), LinkCode.expires_at > ctx.now).with_for_update()
    )
    for target in aimed_at:
        target.failures += 1
        if target.failures >= MAX_FAILURES:
            target.used_at = ctx.now
            ctx.audit("spend_link_code", "link_code", target.id, {"reason": "too_many_failures"})


def _issue_for(ctx: Context, person: Person) -> str:
    code = _unused_code(ctx)
    until = ctx.now + timedelta(days=VALID_DAYS)
    ctx.session.add(
        LinkCode(
            code_index=code_indexes(ctx.protector, code)[0],
            locator_index=locator_indexes(ctx.protector, code)[0],
            person_id=person.id,
            issued_by_id=ctx.user.id,
            created_at=ctx.now,
            expires_at=until,
        )
    )
    ctx.audit("issue_link_code", "person", str(person.id), {})
    return ISSUED.format(
        name=person.first_name, code=shown(code), until=nlp.thai_date(bangkok_date(until))
    )


def _unused_code(ctx: Context) -> str:
    """A code whose locator no unused code has, so a wrong guess is never counted against two codes."""
    while True:
        code = new_code()
        taken = ctx.session.scalar(
            select(LinkCode.id).where(LinkCode.locator_index.in_(locator_indexes(ctx.protector, code)),
                                      LinkCode.used_at.is_(None))
        )
        if taken is None:
            return code
