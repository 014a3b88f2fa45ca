"""Follow greeting, the privacy notice and consent, the notification opt-in, and withdrawal.

Nothing personal is asked before consent: linking and help requests call `needs_consent` first.
"""

from __future__ import annotations

import nlp
from handlers import engine, flex
from handlers.citizen import links, notice
from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, flex_message, message_action, postback_action, say, text, uri_action
from nlp.formatting import bangkok_date

GREETING = "สวัสดีค่ะ ยินดีต้อนรับสู่สมุดบันทึกคนไทย (TPMAP Logbook) บน LINE"
WELCOME_BACK = 'ยินดีต้อนรับกลับค่ะ พิมพ์ "วิธีใช้" เพื่อดูสิ่งที่ทำได้'
CONSENT_FIRST = "ก่อนเริ่ม ขอความยินยอมเรื่องข้อมูลส่วนบุคคลก่อนนะคะ"
CONSENT_AWAITED = (
    'ก่อนเชื่อมบัญชีหรือขอความช่วยเหลือ ต้องขอความยินยอมเรื่องข้อมูลส่วนบุคคลก่อนค่ะ กด "ยินยอม" หรือ "ไม่ยินยอม" '
    '(พิมพ์ก็ได้) ถ้ายังไม่แน่ใจ กด "อ่านนโยบาย" ค่ะ'
)
ASK_CONSENT = "ถ้ายินยอม กด ยินยอม ค่ะ"
THANKS = "ขอบคุณที่ให้ความยินยอมค่ะ"
ASK_NOTIFY = "รับการแจ้งเตือนเมื่อมีความช่วยเหลือใหม่ไหมคะ (สรุปไม่เกินวันละครั้ง เรื่องด่วนแจ้งทันที)"
NOTIFY_ON = "ตั้งค่าแล้วค่ะ จะแจ้งเตือนเมื่อมีความช่วยเหลือใหม่หรือสถานะปัญหาเปลี่ยน"
NOTIFY_OFF = 'ตั้งค่าแล้วค่ะ จะไม่ส่งการแจ้งเตือน ดูสถานะเองได้ทุกเมื่อโดยพิมพ์ "สถานะ"'
REFUSED = (
    "ไม่เป็นไรค่ะ ระบบจะไม่เก็บข้อมูลส่วนบุคคลของคุณ จึงเชื่อมบัญชีและขอความช่วยเหลือผ่าน LINE ไม่ได้ "
    'ติดต่อเจ้าหน้าที่ในพื้นที่ได้โดยตรง หรือถ้าเปลี่ยนใจ พิมพ์ "ความเป็นส่วนตัว" ได้ทุกเมื่อ'
)
ASK_WITHDRAW = "ถอนความยินยอมใช่ไหมคะ ระบบจะยกเลิกการเชื่อมบัญชี หยุดการแจ้งเตือน และไม่ส่งข้อความถึงคุณอีก"
WITHDRAWN = 'ถอนความยินยอมแล้วค่ะ ยกเลิกการเชื่อมบัญชีและหยุดการแจ้งเตือนเรียบร้อย ถ้าเปลี่ยนใจ พิมพ์ "ความเป็นส่วนตัว"'
NOT_WITHDRAWN = "ยังคงความยินยอมไว้เหมือนเดิมค่ะ"
NO_CONSENT_YET = "คุณยังไม่ได้ให้ความยินยอมค่ะ ระบบจึงไม่มีข้อมูลส่วนบุคคลของคุณ"
STAFF_WITHDRAW = "บัญชีเจ้าหน้าที่ยกเลิกการลงทะเบียนได้ที่ผู้ดูแลระบบค่ะ"
YOUR_PRIVACY = "ความเป็นส่วนตัวของคุณ"
OLD_WITHDRAW_BUTTON = (
    'ปุ่มนี้มาจากคำถามที่ตอบไปแล้วค่ะ ความยินยอมยังอยู่เหมือนเดิม ถ้าต้องการถอน พิมพ์ "ถอนความยินยอม" อีกครั้งนะคะ'
)
WITHDRAW_ASKED_SECONDS = 30 * 60


def on_follow(ctx: Context) -> list[Message]:
    """Added as a friend (or unblocked): a greeting, and the notice with consent buttons if not given yet."""
    ctx.user.following = True
    if has_consent(ctx) or ctx.user.role.is_staff:
        return [text(WELCOME_BACK)]
    return [text(GREETING), consent_card(ctx)]


def has_consent(ctx: Context) -> bool:
    return ctx.user.consent_at is not None and ctx.user.consent_version == notice.VERSION


def needs_consent(ctx: Context) -> list[Message] | None:
    """The consent request when the user has not consented to the current notice, else None."""
    return None if has_consent(ctx) else [text(CONSENT_FIRST), consent_card(ctx)]


def consent_card(ctx: Context) -> Message:
    body = [flex.field(heading, line) for heading, line in notice.SHORT]
    footer = [
        flex.button(postback_action("ยินยอม", "citizen|consent|yes", "ยินยอม"), primary=True),
        flex.button(postback_action("ไม่ยินยอม", "citizen|consent|no", "ไม่ยินยอม")),
        flex.link_button(uri_action("อ่านฉบับเต็ม", f"{ctx.public_url}/privacy")),
    ]
    bubble = flex.bubble(notice.TITLE, body, footer, subtitle=ASK_CONSENT)
    return flex_message(f"{notice.TITLE}: กรุณากด ยินยอม หรือ ไม่ยินยอม", bubble)


def answer_consent(ctx: Context, args: list[str]) -> list[Message]:
    """citizen|consent|yes or |no; a "no" from someone who had consented (to any version) is a withdrawal,
    asked first."""
    if args[:1] == ["yes"]:
        ctx.user.consent_at, ctx.user.consent_version = ctx.now, notice.VERSION
        _audit(ctx, "consent", {"version": notice.VERSION})
        choices = [
            postback_action("รับแจ้งเตือน", "citizen|notify|on", "รับแจ้งเตือน"),
            postback_action("ไม่รับแจ้งเตือน", "citizen|notify|off", "ไม่รับแจ้งเตือน"),
        ]
        return [text(THANKS), text(ASK_NOTIFY, choices)]
    if ctx.user.consent_at is not None:
        return ask_withdraw(ctx, None)
    _audit(ctx, "refuse_consent", {"version": notice.VERSION})
    return [text(REFUSED)]


def typed_yes(ctx: Context, incoming: Incoming) -> list[Message]:
    """ยินยอม typed instead of tapped: the same as the button."""
    return answer_consent(ctx, ["yes"])


def typed_no(ctx: Context, incoming: Incoming) -> list[Message]:
    return answer_consent(ctx, ["no"])


def typed_notify_on(ctx: Context, incoming: Incoming) -> list[Message]:
    """รับแจ้งเตือน typed instead of tapped: the same as the button."""
    return set_notify(ctx, ["on"])


def typed_notify_off(ctx: Context, incoming: Incoming) -> list[Message]:
    return set_notify(ctx, ["off"])


def awaited(ctx: Context) -> list[Message] | None:
    """What to say to words the bot does not understand from someone it still awaits consent from:
    where the consent buttons are, with the same choices (typing them works too); None otherwise."""
    if has_consent(ctx) or ctx.user.role.is_staff:
        return None
    return [say(CONSENT_AWAITED, "ยินยอม", "ไม่ยินยอม", "อ่านนโยบาย")]


def set_notify(ctx: Context, args: list[str]) -> list[Message]:
    """citizen|notify|on or |off: only with consent; turning it off also drops what is waiting."""
    if (asked := needs_consent(ctx)) is not None:
        return asked
    ctx.user.notify = args[:1] == ["on"]
    if not ctx.user.notify:
        links.drop_pending_notices(ctx)
    _audit(ctx, "notify", {"notify": ctx.user.notify})
    done = text(NOTIFY_ON if ctx.user.notify else NOTIFY_OFF)
    linkable = not ctx.user.role.is_staff and links.active_link(ctx) is None and not engine.exists(ctx)
    return [done, *links.not_linked()] if linkable else [done]


def privacy(ctx: Context, incoming: Incoming | None) -> list[Message]:
    """ความเป็นส่วนตัว: the consent request, or what the user agreed to with buttons to change it."""
    if (asked := needs_consent(ctx)) is not None:
        return asked[1:]
    given = ctx.user.consent_at or ctx.now
    body = [
        flex.field("ความยินยอม", f"ให้แล้ว เมื่อ {nlp.thai_date(bangkok_date(given))}"),
        flex.field("การแจ้งเตือน", "รับ" if ctx.user.notify else "ไม่รับ"),
        flex.field("เชื่อมบัญชี", "เชื่อมแล้ว" if links.active_link(ctx) else "ยังไม่เชื่อม"),
    ]
    toggle = ("หยุดแจ้งเตือน", "off") if ctx.user.notify else ("รับแจ้งเตือน", "on")
    footer = [
        flex.button(postback_action(toggle[0], f"citizen|notify|{toggle[1]}", toggle[0])),
        flex.button(message_action("ถอนความยินยอม")),
        flex.link_button(uri_action("อ่านนโยบายฉบับเต็ม", f"{ctx.public_url}/privacy")),
    ]
    return [flex_message(YOUR_PRIVACY, flex.bubble(YOUR_PRIVACY, body, footer))]


def ask_withdraw(ctx: Context, incoming: Incoming | None) -> list[Message]:
    """ถอนความยินยอม: asks first; staff deregister through an administrator instead."""
    if ctx.user.role.is_staff:
        return [text(STAFF_WITHDRAW)]
    if ctx.user.consent_at is None:
        return [say(NO_CONSENT_YET, "ความเป็นส่วนตัว")]
    buttons = [
        postback_action("ยืนยันถอนความยินยอม", "citizen|withdraw", "ยืนยันถอนความยินยอม"),
        postback_action("ไม่ถอน", "citizen|stay", "ไม่ถอน"),
    ]
    ctx.counters.lock_out(_withdraw_asked(ctx), WITHDRAW_ASKED_SECONDS)
    return [text(ASK_WITHDRAW, buttons)]


def _withdraw_asked(ctx: Context) -> str:
    """The mark that the withdrawal question is open: its buttons work once, and only while it is."""
    return f"withdraw-asked:{ctx.user.id}"


def withdraw(ctx: Context, args: list[str]) -> list[Message]:
    """Consent, notifications, the link and any half-typed citizen draft all go; nothing is pushed again."""
    if ctx.user.role.is_staff:
        return [text(STAFF_WITHDRAW)]
    if ctx.user.consent_at is None:
        return [text(NO_CONSENT_YET)]
    if ctx.counters.locked_for(_withdraw_asked(ctx)) <= 0:
        return [say(OLD_WITHDRAW_BUTTON, "ความเป็นส่วนตัว")]
    ctx.counters.clear(_withdraw_asked(ctx))
    ctx.user.consent_at, ctx.user.consent_version, ctx.user.notify = None, None, False
    links.end_link(ctx, "consent_withdrawn")
    engine.delete(ctx)
    _audit(ctx, "withdraw_consent", {})
    return [text(WITHDRAWN)]


def stay(ctx: Context, args: list[str]) -> list[Message]:
    ctx.counters.clear(_withdraw_asked(ctx))
    return [text(NOT_WITHDRAWN)]


def _audit(ctx: Context, action: str, changes: dict[str, object]) -> None:
    ctx.audit(action, "user", str(ctx.user.id), changes)
