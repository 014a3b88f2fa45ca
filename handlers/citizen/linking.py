"""Linking a LINE account to a household member, declared as data for the dialog engine.

```mermaid
flowchart TD
    S[เชื่อมบัญชี] -->|staff · no consent · locked| X[polite refusal]
    S --> M{method}
    M -->|เลขบัตรประชาชน, or an ID typed here| ID[national ID] --> B[birth date] --> C{check}
    M -->|รหัสจากเจ้าหน้าที่, or a code typed here| K[10-character code] --> C
    C -->|match| N{person has 3 linked accounts?}
    N -->|no| L[link · role citizen · accounts already linked and officers told]
    N -->|yes| FULL[polite refusal]
    C -->|anything wrong| F[one failure reply · counted per account, person and code]
```
The ID is never kept: the draft holds only its blind indexes. The failure reply is the same whatever
was wrong, so it never tells whether an ID, a birth date or a code exists. Every attempt is audited.
Limits and the alarm on unusual failure rates: link_watch.py; codes: handlers/link_codes.py.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

import nlp
from handlers import engine, link_codes
from handlers.citizen import consent, link_watch, links
from handlers.context import Context
from handlers.engine import register
from handlers.engine.model import Answer, Choice, Confirm, Dialog, Draft, Reask, Result, Step
from handlers.household_card import address
from handlers.incoming import Incoming
from handlers.messages import Message, message_action, text
from models import CitizenLink, LinkCode, LinkMethod, Person
from models.vocabulary import Role

OLDEST_BIRTH_YEAR = 1900

ASK_METHOD = "เชื่อมบัญชีด้วยวิธีไหนคะ\n• เลขบัตรประชาชน คู่กับวันเกิด\n• รหัส 10 ตัวที่ได้จากเจ้าหน้าที่"
METHODS = (
    Choice("id", "เลขบัตรประชาชน", ("บัตรประชาชน", "เลขบัตร", "บัตร"), then="national_id"),
    Choice("code", "รหัสจากเจ้าหน้าที่", ("รหัส", "รหัสเชื่อมบัญชี", "โค้ด"), then="code"),
)
ASK_ID = "พิมพ์เลขบัตรประชาชน 13 หลักของคุณค่ะ"
ID_EXAMPLE = "1-2345-67890-12-3"
BAD_ID = "เลขบัตรประชาชนต้องมี 13 หลัก และถูกต้องตามรูปแบบค่ะ"
ASK_BIRTH = "วันเดือนปีเกิดของเจ้าของบัตรคะ"
BIRTH_EXAMPLE = "17 พ.ค. 2503 หรือ 17/05/2503"
BAD_BIRTH = "อ่านวันเกิดไม่ออกค่ะ กรุณาพิมพ์วัน เดือน และปี พ.ศ. ให้ครบ"
CHECK_BIRTH = "วันเกิด {date} ใช่ไหมคะ"
ASK_CODE = "พิมพ์รหัส 10 ตัวที่ได้จากเจ้าหน้าที่ค่ะ (ตัวพิมพ์เล็กหรือใหญ่ก็ได้ ไม่ต้องใส่ขีด)"
BAD_CODE = "รหัสเชื่อมบัญชีมี 10 ตัว เป็นตัวอักษรอังกฤษและตัวเลข 2-9 ตามที่เจ้าหน้าที่ให้ไว้ค่ะ"
ALREADY_LINKED = "บัญชีนี้เชื่อมกับครัวเรือนอยู่แล้ว ถ้าเชื่อมใหม่ จะใช้แทนการเชื่อมเดิมค่ะ"
FAILED = "เชื่อมบัญชีไม่สำเร็จค่ะ ข้อมูลไม่ตรงกับที่มีในระบบ กรุณาตรวจสอบแล้วลองใหม่ หรือขอรหัสเชื่อมบัญชีจากเจ้าหน้าที่ในพื้นที่"
LOCKED = "ใส่ข้อมูลไม่ตรงหลายครั้ง ระบบจึงพักการเชื่อมบัญชีของคุณไว้ชั่วคราว กรุณาลองใหม่ในอีกประมาณ {minutes} นาทีค่ะ"
STAFF = "บัญชีนี้ลงทะเบียนเป็นเจ้าหน้าที่แล้ว จึงเชื่อมกับครัวเรือนไม่ได้ค่ะ"
LINKED = 'เชื่อมบัญชีเรียบร้อยแล้วค่ะ คุณ{name}\n{address}\nพิมพ์ "สถานะ" เพื่อดูความช่วยเหลือของครัวเรือน'


def start(ctx: Context, incoming: Incoming) -> list[Message]:
    """เชื่อมบัญชี: after the checks that need no answer, the dialog."""
    if (refused := _refusal(ctx)) is not None:
        return refused
    note = [text(ALREADY_LINKED)] if links.active_link(ctx) else []
    return note + engine.start(ctx, LINKING)


def _refusal(ctx: Context) -> list[Message] | None:
    """Staff, no consent, or this LINE account locked out (failures from others never refuse it)."""
    if ctx.user.role.is_staff:
        return [text(STAFF)]
    if (asked := consent.needs_consent(ctx)) is not None:
        return asked
    if (seconds := link_watch.user_locked_for(ctx)) > 0:
        _audit_attempt(ctx, None, "locked")
        return [text(LOCKED.format(minutes=max(1, seconds // 60)))]
    return None


def read_national_id(draft: Draft, answer: Answer) -> list[str] | Result:
    """Only the blind indexes of the ID are kept in the draft, never the number."""
    number = nlp.parse_national_id(answer.text)
    if number is None:
        return Reask(BAD_ID, ID_EXAMPLE)
    return _id_indexes(draft.ctx, number)


def _id_indexes(ctx: Context, number: str) -> list[str]:
    return [index.hex() for index in ctx.protector.blind_indexes(number)]


def typed_id(ctx: Context, incoming: Incoming) -> list[Message] | None:
    """A national ID typed outside any dialog by a citizen not yet linked: linking by ID starts with
    it (the birth date is asked next); None for anything else."""
    if incoming.kind != "text" or ctx.user.role.is_staff or links.active_link(ctx):
        return None
    number = nlp.parse_national_id(incoming.text)
    if number is None:
        return None
    if (refused := _refusal(ctx)) is not None:
        return refused
    answers = {"method": "id", "national_id": _id_indexes(ctx, number)}
    return engine.start(ctx, LINKING, answers, at_step="birth_date")


def read_birth_date(draft: Draft, answer: Answer) -> str | Result:
    """BE or CE, Thai month names or numbers; a year not written in full is confirmed first."""
    born = nlp.parse_date(answer.text, draft.ctx.today)
    if born is None or born >= draft.ctx.today or born.year < OLDEST_BIRTH_YEAR:
        return Reask(BAD_BIRTH, BIRTH_EXAMPLE)
    if not re.search(r"\d{4}", nlp.normalize(answer.text)):
        return Confirm(CHECK_BIRTH.format(date=nlp.thai_date(born, "long")), born.isoformat())
    return born.isoformat()


def read_code(draft: Draft, answer: Answer) -> str | Result:
    """Any case, spaces, dashes, Thai digits; a malformed code is asked again and not counted."""
    code = link_codes.parse_code(answer.text)
    if code is None:
        return Reask(BAD_CODE, link_codes.EXAMPLE)
    return code


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
        issued = link_codes.find(ctx, draft.answers["code"])
        if issued is None:
            return _failed(ctx, method)
        return _link(ctx, ctx.session.get_one(Person, issued.person_id), method, issued)
    person = ctx.session.scalar(select(Person).where(
        Person.national_id_index.in_([bytes.fromhex(index) for index in draft.answers["national_id"]])))
    if person is None or link_watch.person_locked(ctx, person.id):
        return _failed(ctx, method)
    if person.birth_date != date.fromisoformat(draft.answers["birth_date"]):
        return _failed(ctx, method, person)
    return _link(ctx, person, method)


def _failed(ctx: Context, method: LinkMethod, person: Person | None = None) -> list[Message]:
    """One reply whatever was wrong; counted against this account and, when known, the person."""
    _audit_attempt(ctx, method, "failed")
    if link_watch.failed(ctx, person.id if person else None):
        return [text(FAILED), text(LOCKED.format(minutes=link_watch.USER_LOCKOUT // 60))]
    return [text(FAILED, [message_action("ลองอีกครั้ง", "เชื่อมบัญชี")])]


def _link(ctx: Context, person: Person, method: LinkMethod, code: LinkCode | None = None) -> list[Message]:
    """Links unless the person has the most linked accounts allowed; a code is spent only on a link."""
    others = links.others_linked_to(ctx, person)
    if (refused := links.full(others)) is not None:
        _audit_attempt(ctx, method, "full")
        return refused
    if code is not None:
        code.used_at = ctx.now
    links.tell_about_new_link(ctx, person, others, method)
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
    link_watch.succeeded(ctx)
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
            Step("code", ASK_CODE, read_code, example=link_codes.EXAMPLE, skip_if=by_id),
        ),
        submit=finish,
    )
)
