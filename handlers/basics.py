"""Blocking, group chats, help for each role, and polite answers to the unexpected."""

from __future__ import annotations

from handlers.citizen import consent, linking
from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, say, text
from handlers.places import area_title_of
from handlers.registration import ASK_CODE

GROUP_NOTICE = "บัญชีนี้ให้บริการเฉพาะแชต 1:1 และจะไม่ส่งข้อมูลส่วนบุคคลในกลุ่มค่ะ กรุณาทักแชตส่วนตัว"
FALLBACK = 'ขออภัยค่ะ ไม่เข้าใจข้อความนี้ เลือกจากเมนูด้านล่าง หรือพิมพ์ "วิธีใช้" เพื่อดูสิ่งที่ทำได้'
NOTHING_TO_CANCEL = "ตอนนี้ไม่มีรายการที่กำลังทำอยู่ค่ะ"
REGISTER_WAYS = (f"ประชาชน: กด \"เชื่อมบัญชี\" เพื่อผูก LINE กับครัวเรือนของคุณค่ะ\n"
                 f"เจ้าหน้าที่: {ASK_CODE}")
ALREADY_STAFF = "คุณลงทะเบียนเป็น{role} {area} แล้วค่ะ ถ้ามีรหัสเชิญใหม่ พิมพ์รหัสนั้นได้เลย"
EXPIRED_BUTTON = "ปุ่มนี้ใช้ไม่ได้แล้วค่ะ"
MAX_TEXT = 2000
TOO_LONG = "ข้อความยาวเกินไปค่ะ กรุณาส่งสั้น ๆ ไม่เกิน 2,000 ตัวอักษร"
NOT_NOW = {
    "image": "ส่งรูปได้ระหว่างทำรายงานการเยี่ยมบ้านค่ะ",
    "location": "ส่งตำแหน่งได้ระหว่างทำรายงานการเยี่ยมบ้านค่ะ",
    "sticker": 'ขอบคุณสำหรับสติกเกอร์ค่ะ 😊 พิมพ์ "วิธีใช้" เพื่อดูสิ่งที่ทำได้',
}
TELL_IN_WORDS = 'ถ้าต้องการแจ้งปัญหา พิมพ์ "ขอความช่วยเหลือ" แล้วเล่าเป็นข้อความได้เลยค่ะ'
NOT_NOW_PEOPLE = {
    **NOT_NOW,
    "image": "ได้รับรูปแล้วค่ะ แต่ตอนนี้ยังไม่ได้เก็บรูปไว้ " + TELL_IN_WORDS,
    "location": "ได้รับตำแหน่งแล้วค่ะ แต่ตอนนี้ยังไม่ได้เก็บไว้ " + TELL_IN_WORDS,
}
def on_unfollow(ctx: Context) -> list[Message]:
    """Blocked: no push goes to this user any more."""
    ctx.user.following = False
    return []


def group_notice() -> list[Message]:
    return [text(GROUP_NOTICE)]


def register(ctx: Context, incoming: Incoming) -> list[Message]:
    """ลงทะเบียน means linking to a villager and registering to an officer: say both, or who they are."""
    if ctx.user.role.is_staff:
        area = area_title_of(ctx.session, ctx.user.area_code)
        return [text(ALREADY_STAFF.format(role=ctx.user.role.label_th, area=area))]
    return [say(REGISTER_WAYS, "เชื่อมบัญชี")]


def nothing_to_cancel(ctx: Context, incoming: Incoming) -> list[Message]:
    return [say(NOTHING_TO_CANCEL, "วิธีใช้")]


def expired_button() -> list[Message]:
    return [text(EXPIRED_BUTTON)]


def not_now(ctx: Context, kind: str) -> list[Message]:
    """A photo, place or sticker outside a dialog: staff hear where it belongs, others plain words."""
    said = NOT_NOW if ctx.user.role.is_staff else NOT_NOW_PEOPLE
    return [text(said.get(kind, FALLBACK))]


def fallback(ctx: Context, incoming: Incoming) -> list[Message]:
    return consent.awaited(ctx) or linking.typed_id(ctx, incoming) or [say(FALLBACK, "วิธีใช้")]


def too_long() -> list[Message]:
    """A message longer than any answer the bot asks for: nothing is read from it."""
    return [text(TOO_LONG)]
