"""ปิดแจ้งเตือน / เปิดแจ้งเตือน / ตั้งค่าแจ้งเตือน: staff mute or unmute the alerts that are not urgent."""

from __future__ import annotations

from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, say
from handlers.officer import is_staff
from handlers.supervisor.access import refusal

MUTE, UNMUTE = "ปิดแจ้งเตือน", "เปิดแจ้งเตือน"
MUTED = "ปิดแจ้งเตือนที่ไม่ด่วนแล้วค่ะ แจ้งเตือนด่วน (เช่น ครัวเรือนวิกฤต) ยังส่งถึงคุณตามปกติ"
UNMUTED = "เปิดแจ้งเตือนทั้งหมดแล้วค่ะ"
STATE = {True: "ปิดอยู่", False: "เปิดอยู่"}
SETTINGS = (
    "ตอนนี้แจ้งเตือนที่ไม่ด่วน{state}ค่ะ\n"
    "• แจ้งเตือนด่วนส่งถึงคุณเสมอ\n"
    "• แจ้งเตือนที่ไม่ด่วนช่วง 21:00–07:00 จะส่งตอน 07:00\n"
    "• สรุปประจำวันส่งทุกวัน 08:00 และสรุปรายสัปดาห์ทุกวันจันทร์"
)


def mute(ctx: Context, incoming: Incoming) -> list[Message]:
    return _set(ctx, True)


def unmute(ctx: Context, incoming: Incoming) -> list[Message]:
    return _set(ctx, False)


def show(ctx: Context, incoming: Incoming) -> list[Message]:
    if not is_staff(ctx):
        return refusal(ctx)
    return [
        say(SETTINGS.format(state=STATE[ctx.user.alerts_muted]), UNMUTE if ctx.user.alerts_muted else MUTE)
    ]


def _set(ctx: Context, muted: bool) -> list[Message]:
    if not is_staff(ctx):
        return refusal(ctx)
    if ctx.user.alerts_muted is not muted:
        before, ctx.user.alerts_muted = ctx.user.alerts_muted, muted
        ctx.audit("update",
            "user",
            ctx.user.id,
            {"alerts_muted": [before, muted]},
        )
    return [say(MUTED if muted else UNMUTED, UNMUTE if muted else MUTE)]
