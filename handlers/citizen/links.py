"""A citizen's one active link to a household member: found from the user only, never from what they send.

A person can have at most MAX_PER_PERSON linked LINE accounts. When another account links to a person
who already has one, the accounts already linked and the area's officers are told (pushes, Thai).
"""

from __future__ import annotations

from sqlalchemy import delete, select

import nlp
from handlers import alerts
from handlers.context import Context
from handlers.household_card import address
from handlers.incoming import Incoming
from handlers.messages import Message, postback_action, say, text
from models import AlertKind, CitizenLink, CitizenNotice, Household, LinkMethod, Person, User
from models.vocabulary import Role
from nlp.formatting import BANGKOK

MAX_PER_PERSON = 3
NOT_LINKED = (
    "บัญชี LINE นี้ยังไม่ได้เชื่อมกับครัวเรือนค่ะ เชื่อมได้ 2 วิธี\n"
    "1) เลขบัตรประชาชน 13 หลัก คู่กับวันเกิด\n"
    "2) รหัส 10 ตัวที่ขอได้จากเจ้าหน้าที่ในพื้นที่\n"
    'พิมพ์ "เชื่อมบัญชี" หรือกดปุ่มด้านล่างเพื่อเริ่มค่ะ'
)
ASK_UNLINK = "ยกเลิกการเชื่อมบัญชีกับครัวเรือนใช่ไหมคะ หลังยกเลิกจะดูสถานะและรับแจ้งเตือนไม่ได้จนกว่าจะเชื่อมใหม่"
UNLINKED = 'ยกเลิกการเชื่อมบัญชีแล้วค่ะ ถ้าต้องการเชื่อมใหม่ พิมพ์ "เชื่อมบัญชี" ได้ทุกเมื่อ'
KEPT = "ยังเชื่อมบัญชีไว้เหมือนเดิมค่ะ"
NOTHING_TO_UNLINK = "บัญชีนี้ยังไม่ได้เชื่อมกับครัวเรือนค่ะ"
FULL = (
    "ข้อมูลนี้เชื่อมกับบัญชี LINE ครบ {count} บัญชีแล้วค่ะ ถ้าจะใช้บัญชีนี้แทน ให้พิมพ์ ยกเลิกการเชื่อม "
    "ในบัญชีเดิมก่อน หรือติดต่อเจ้าหน้าที่ในพื้นที่ค่ะ"
)
TELL_LINKED = (
    "แจ้งเพื่อความปลอดภัยค่ะ มีบัญชี LINE อีกบัญชีหนึ่งเพิ่งเชื่อมกับข้อมูลของคุณ{name} ({when})\n"
    "ถ้าเป็นคนในครอบครัว ไม่ต้องทำอะไรค่ะ ถ้าไม่ใช่ กรุณาแจ้งเจ้าหน้าที่ในพื้นที่โดยเร็ว"
)
TELL_OFFICER = (
    "แจ้งเพื่อตรวจสอบ: มีบัญชี LINE ใหม่เชื่อมกับข้อมูลของ{name} {address} ({method}) "
    "ขณะที่มีบัญชีเชื่อมอยู่แล้ว {count} บัญชี กรุณาสอบถามครัวเรือนว่าเป็นคนในครอบครัวหรือไม่"
)
METHODS = {LinkMethod.NATIONAL_ID: "เลขบัตรประชาชนและวันเกิด", LinkMethod.CODE: "รหัสจากเจ้าหน้าที่"}


def active_link(ctx: Context) -> CitizenLink | None:
    return ctx.session.scalar(
        select(CitizenLink).where(CitizenLink.user_id == ctx.user.id, CitizenLink.unlinked_at.is_(None))
    )


def linked_household(ctx: Context) -> Household | None:
    """The household of the user's own active link: the only one a citizen's request can reach."""
    link = active_link(ctx)
    return ctx.session.get(Household, link.household_id) if link else None


def others_linked_to(ctx: Context, person: Person) -> list[User]:
    """The other LINE accounts with an active link to this person."""
    return list(ctx.session.scalars(
        select(User).join(CitizenLink, CitizenLink.user_id == User.id)
        .where(CitizenLink.person_id == person.id, CitizenLink.unlinked_at.is_(None), User.id != ctx.user.id)
    ))


def full(others: list[User]) -> list[Message] | None:
    """The polite refusal when the person already has MAX_PER_PERSON linked accounts."""
    return [text(FULL.format(count=MAX_PER_PERSON))] if len(others) >= MAX_PER_PERSON else None


def tell_about_new_link(ctx: Context, person: Person, others: list[User], method: LinkMethod) -> None:
    """The accounts already linked to the person, and the area's officers, hear of the new link."""
    if not others:
        return
    when = nlp.thai_datetime(ctx.now.astimezone(BANGKOK))
    linked = [u.line_user_id for u in others if u.following]
    if linked:
        ctx.outbox.multicast(linked, [text(TELL_LINKED.format(name=person.first_name, when=when))])
    household = person.household
    staff = alerts.recipients(ctx.session, household, AlertKind.HELP_REQUEST)
    officers = [u for u in staff if u.role is Role.OFFICER] or staff
    if officers:
        told = TELL_OFFICER.format(name=person.first_name, address=address(ctx.session, household),
                                   method=METHODS[method], count=len(others))
        ctx.outbox.multicast([u.line_user_id for u in officers], [text(told)])


def not_linked() -> list[Message]:
    return [say(NOT_LINKED, "เชื่อมบัญชี")]


def end_link(ctx: Context, reason: str) -> bool:
    """Closes the active link (if any): the role goes back to guest and pending notices are dropped."""
    link = active_link(ctx)
    if link is None:
        return False
    link.unlinked_at = ctx.now
    if ctx.user.role is Role.CITIZEN:
        ctx.user.role = Role.GUEST
    drop_pending_notices(ctx)
    ctx.audit("unlink", "citizen_link", str(link.id), {"reason": reason})
    return True


def drop_pending_notices(ctx: Context) -> None:
    ctx.session.execute(
        delete(CitizenNotice).where(CitizenNotice.user_id == ctx.user.id, CitizenNotice.sent_at.is_(None))
    )


def ask_unlink(ctx: Context, incoming: Incoming) -> list[Message]:
    """ยกเลิกการเชื่อม: asks first, since the user loses status and notifications."""
    if active_link(ctx) is None:
        return [text(NOTHING_TO_UNLINK)]
    buttons = [
        postback_action("ยืนยันยกเลิก", "citizen|unlink", "ยืนยันยกเลิกการเชื่อม"),
        postback_action("ไม่ยกเลิก", "citizen|keep", "ไม่ยกเลิก"),
    ]
    return [text(ASK_UNLINK, buttons)]


def unlink(ctx: Context, args: list[str]) -> list[Message]:
    return [text(UNLINKED if end_link(ctx, "citizen") else NOTHING_TO_UNLINK)]


def keep(ctx: Context, args: list[str]) -> list[Message]:
    return [text(KEPT if active_link(ctx) else NOTHING_TO_UNLINK)]
