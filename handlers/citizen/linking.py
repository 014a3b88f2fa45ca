"""Linking a LINE account to a household member, declared as data for the dialog engine.

```mermaid
flowchart TD
    S[เชื่อมบัญชี] -->|staff · no consent · locked · busy| X[polite refusal]
    S --> M{method}
    M -->|เลขบัตรประชาชน, or an ID typed here| ID[national ID] --> B[birth date] --> C{check}
    M -->|รหัสจากเจ้าหน้าที่, or a code typed here| K[6-digit code] --> C
    C -->|match| L[link · role citizen]
    C -->|anything wrong| F[one failure reply · counted · 5 in 15 min → locked 1 h]
```
The ID is never kept: the draft holds only its blind indexes. The failure reply is the same whatever
was wrong, so it never tells whether an ID, a birth date or a code exists. Every attempt is audited.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

import nlp
from handlers import engine
from handlers.citizen import consent, links
from handlers.context import Context
from handlers.engine import register
from handlers.engine.model import Answer, Choice, Confirm, Dialog, Draft, Reask, Result, Step
from handlers.household_card import address
from handlers.incoming import Incoming
from handlers.messages import Message, message_action, text
from models import CitizenLink, LinkCode, LinkMethod, Person
from models.vocabulary import Role

MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60
LOCKOUT = 60 * 60
GLOBAL_FAILURES_PER_HOUR = 300
GLOBAL_KEY = "link-fail:all"
GLOBAL_WINDOW = 60 * 60
OLDEST_BIRTH_YEAR = 1900

ASK_METHOD = "เชื่อมบัญชีด้วยวิธีไหนคะ\n• เลขบัตรประชาชน คู่กับวันเกิด\n• รหัส 6 หลักที่ได้จากเจ้าหน้าที่"
METHODS = (
    Choice("id", "เลขบัตรประชาชน", ("บัตรประชาชน", "เลขบัตร", "บัตร"), then="national_id"),
    Choice("code", "รหัสจากเจ้าหน้าที่", ("รหัส", "รหัส 6 หลัก", "โค้ด"), then="code"),
)
ASK_ID = "พิมพ์เลขบัตรประชาชน 13 หลักของคุณค่ะ"
ID_EXAMPLE = "1-2345-67890-12-3"
BAD_ID = "เลขบัตรประชาชนต้องมี 13 หลัก และถูกต้องตามรูปแบบค่ะ"
ASK_BIRTH = "วันเดือนปีเกิดของเจ้าของบัตรคะ"
BIRTH_EXAMPLE = "17 พ.ค. 2503 หรือ 17/05/2503"
BAD_BIRTH = "อ่านวันเกิดไม่ออกค่ะ กรุณาพิมพ์วัน เดือน และปี พ.ศ. ให้ครบ"
CHECK_BIRTH = "วันเกิด {date} ใช่ไหมคะ"
ASK_CODE = "พิมพ์รหัส 6 หลักที่ได้จากเจ้าหน้าที่ค่ะ"
BAD_CODE = "รหัสเชื่อมบัญชีเป็นตัวเลข 6 หลักค่ะ"
ALREADY_LINKED = "บัญชีนี้เชื่อมกับครัวเรือนอยู่แล้ว ถ้าเชื่อมใหม่ จะใช้แทนการเชื่อมเดิมค่ะ"
FAILED = "เชื่อมบัญชีไม่สำเร็จค่ะ ข้อมูลไม่ตรงกับที่มีในระบบ กรุณาตรวจสอบแล้วลองใหม่ หรือขอรหัสเชื่อมบัญชีจากเจ้าหน้าที่ในพื้นที่"
LOCKED = "ใส่ข้อมูลไม่ตรงหลายครั้ง ระบบจึงพักการเชื่อมบัญชีของคุณไว้ชั่วคราว กรุณาลองใหม่ในอีกประมาณ {minutes} นาทีค่ะ"
BUSY = "ขณะนี้ระบบพักการเชื่อมบัญชีชั่วคราว กรุณาลองใหม่ในอีกสักชั่วโมงค่ะ"
STAFF = "บัญชีนี้ลงทะเบียนเป็นเจ้าหน้าที่แล้ว จึงเชื่อมกับครัวเรือนไม่ได้ค่ะ"
LINKED = 'เชื่อมบัญชีเรียบร้อยแล้วค่ะ คุณ{name}\n{address}\nพิมพ์ "สถานะ" เพื่อดูความช่วยเหลือของครัวเรือน'


def start(ctx: Context, incoming: Incoming) -> list[Message]:
    """เชื่อมบัญชี: after the checks that need no answer, the dialog."""
    if (refused := _refusal(ctx)) is not None:
        return refused
    note = [text(ALREADY_LINKED)] if links.active_link(ctx) else []
    return note + engine.start(ctx, LINKING)


def _refusal(ctx: Context) -> list[Message] | None:
    """Staff, no consent, this user locked out, or too many failures from everyone this hour."""
    if ctx.user.role.is_staff:
        return [text(STAFF)]
    if (asked := consent.needs_consent(ctx)) is not None:
        return asked
    if (seconds := ctx.counters.locked_for(_user_key(ctx))) > 0:
        _audit_attempt(ctx, None, "locked")
        return [text(LOCKED.format(minutes=max(1, seconds // 60)))]
    if ctx.counters.count(GLOBAL_KEY) >= GLOBAL_FAILURES_PER_HOUR:
        _audit_attempt(ctx, None, "busy")
        return [text(BUSY)]
    return None


def _user_key(ctx: Context) -> str:
    return f"link-fail:{ctx.user.line_user_id}"


def read_national_id(draft: Draft, answer: Answer) -> list[str] | Result:
    """Only the blind indexes of the ID are kept in the draft, never the number."""
    number = nlp.parse_national_id(answer.text)
    if number is None:
        return Reask(BAD_ID, ID_EXAMPLE)
    return [index.hex() for index in draft.ctx.protector.blind_indexes(number)]


def read_birth_date(draft: Draft, answer: Answer) -> str | Result:
    """BE or CE, Thai month names or numbers; a year not written in full is confirmed first."""
    born = nlp.parse_date(answer.text, draft.ctx.today)
    if born is None or born >= draft.ctx.today or born.year < OLDEST_BIRTH_YEAR:
        return Reask(BAD_BIRTH, BIRTH_EXAMPLE)
    if not re.search(r"\d{4}", nlp.normalize(answer.text)):
        return Confirm(CHECK_BIRTH.format(date=nlp.thai_date(born, "long")), born.isoformat())
    return born.isoformat()


def read_code(draft: Draft, answer: Answer) -> str | Result:
    digits = "".join(char for char in nlp.normalize(answer.text) if char.isdigit())
    if len(digits) != 6:
        return Reask(BAD_CODE, "482913")
    return digits


def by_code(draft: Draft) -> bool:
    return draft.answers.get("method") == "code"


def by_id(draft: Draft) -> bool:
    return not by_code(draft)


def finish(draft: Draft) -> list[Message]:
    """Checks the answers against the database; one reply for every kind of mismatch."""
    ctx = draft.ctx
    method = LinkMethod.CODE if by_code(draft) else LinkMethod.NATIONAL_ID
    if (refused := _refusal(ctx)) is not None:
        return refused
    if method is LinkMethod.CODE:
        person = _person_by_code(ctx, draft.answers["code"])
    else:
        person = _person_by_id(ctx, draft.answers["national_id"], draft.answers["birth_date"])
    return _link(ctx, person, method) if person is not None else _failed(ctx, method)


def _person_by_id(ctx: Context, indexes: list[str], birth_date: str) -> Person | None:
    return ctx.session.scalar(
        select(Person).where(
            Person.national_id_index.in_([bytes.fromhex(index) for index in indexes]),
            Person.birth_date == date.fromisoformat(birth_date),
        )
    )


def _person_by_code(ctx: Context, code: str) -> Person | None:
    """An unused, unexpired code is spent here, in the same transaction as the link."""
    issued = ctx.session.scalar(
        select(LinkCode)
        .where(LinkCode.code == code, LinkCode.used_at.is_(None), LinkCode.expires_at > ctx.now)
        .with_for_update()
    )
    if issued is None:
        return None
    issued.used_at = ctx.now
    return ctx.session.get(Person, issued.person_id)


def _failed(ctx: Context, method: LinkMethod) -> list[Message]:
    _audit_attempt(ctx, method, "failed")
    ctx.counters.hit(GLOBAL_KEY, GLOBAL_WINDOW)
    retry = message_action("ลองอีกครั้ง", "เชื่อมบัญชี")
    if ctx.counters.hit(_user_key(ctx), FAILURE_WINDOW) >= MAX_FAILURES:
        ctx.counters.lock_out(_user_key(ctx), LOCKOUT)
        return [text(FAILED), text(LOCKED.format(minutes=LOCKOUT // 60))]
    return [text(FAILED, [retry])]


def _link(ctx: Context, person: Person, method: LinkMethod) -> list[Message]:
    links.end_link(ctx, "relinked")
    ctx.session.flush()
    link = CitizenLink(
        user_id=ctx.user.id,
        person_id=person.id,
        household_id=person.household_id,
        method=method,
        linked_at=ctx.now,
    )
    ctx.session.add(link)
    ctx.session.flush()
    ctx.user.role = Role.CITIZEN
    ctx.counters.clear(_user_key(ctx))
    _audit_attempt(ctx, method, "linked")
    ctx.audit("create",
        "citizen_link",
        str(link.id),
        {"method": method.value, "household_id": person.household_id},
    )
    where = address(ctx.session, person.household)
    return [text(LINKED.format(name=person.first_name, address=where), [message_action("สถานะ")])]


def _audit_attempt(ctx: Context, method: LinkMethod | None, result: str) -> None:
    changes = {"method": method.value if method else None, "result": result}
    ctx.audit("link_attempt", "user", str(ctx.user.id), changes)


LINKING = register(
    Dialog(
        name="link",
        title="การเชื่อมบัญชี",
        steps=(
            Step("method", ASK_METHOD, choices=METHODS),
            Step("national_id", ASK_ID, read_national_id, example=ID_EXAMPLE, skip_if=by_code),
            Step("birth_date", ASK_BIRTH, read_birth_date, example=BIRTH_EXAMPLE, skip_if=by_code),
            Step("code", ASK_CODE, read_code, example="482913", skip_if=by_id),
        ),
        submit=finish,
    )
)
