"""A citizen's one active link to a household member: found from the user only, never from what they send."""

from __future__ import annotations

from sqlalchemy import delete, select

from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, postback_action, say, text
from models import CitizenLink, CitizenNotice, Household
from models.vocabulary import Role

NOT_LINKED = (
    "บัญชี LINE นี้ยังไม่ได้เชื่อมกับครัวเรือนค่ะ เชื่อมได้ 2 วิธี\n"
    "1) เลขบัตรประชาชน 13 หลัก คู่กับวันเกิด\n"
    "2) รหัส 6 หลักที่ขอได้จากเจ้าหน้าที่ในพื้นที่\n"
    'พิมพ์ "เชื่อมบัญชี" หรือกดปุ่มด้านล่างเพื่อเริ่มค่ะ'
)
ASK_UNLINK = "ยกเลิกการเชื่อมบัญชีกับครัวเรือนใช่ไหมคะ หลังยกเลิกจะดูสถานะและรับแจ้งเตือนไม่ได้จนกว่าจะเชื่อมใหม่"
UNLINKED = 'ยกเลิกการเชื่อมบัญชีแล้วค่ะ ถ้าต้องการเชื่อมใหม่ พิมพ์ "เชื่อมบัญชี" ได้ทุกเมื่อ'
KEPT = "ยังเชื่อมบัญชีไว้เหมือนเดิมค่ะ"
NOTHING_TO_UNLINK = "บัญชีนี้ยังไม่ได้เชื่อมกับครัวเรือนค่ะ"


def active_link(ctx: Context) -> CitizenLink | None:
    return ctx.session.scalar(
        select(CitizenLink).where(CitizenLink.user_id == ctx.user.id, CitizenLink.unlinked_at.is_(None))
    )


def linked_household(ctx: Context) -> Household | None:
    """The household of the user's own active link: the only one a citizen's request can reach."""
    link = active_link(ctx)
    return ctx.session.get(Household, link.household_id) if link else None


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
