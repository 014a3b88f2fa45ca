"""Which command a message is: nlp's intents, plus the commands of this service's menus."""

from __future__ import annotations

import nlp
from handlers.context import Context
from handlers.incoming import Incoming

# Matched before nlp's intents, so that "ยกเลิกการเชื่อม" is not taken for "ยกเลิก".
EXTRA_COMMANDS: dict[str, tuple[str, ...]] = {
    "search": ("ค้นหาครัวเรือน", "ค้นหาบ้าน", "หาครัวเรือน", "ค้นหา"),
    "drafts": ("ร่างที่ค้าง", "รายงานที่ค้าง", "ร่างรายงาน"),
    "household_status": ("สถานะครัวเรือน",),
    "register": ("ลงทะเบียน", "ลงทะเบียนเจ้าหน้าที่"),
    "link": ("เชื่อมบัญชี", "ผูกบัญชี", "เชื่อมบัญชีไลน์"),
    "unlink": ("ยกเลิกการเชื่อม", "ยกเลิกการเชื่อมบัญชี", "เลิกเชื่อมบัญชี", "ยกเลิกผูกบัญชี"),
    "privacy": (
        "ความเป็นส่วนตัว", "นโยบายความเป็นส่วนตัว", "ข้อมูลส่วนบุคคล", "ข้อมูลส่วนตัว", "ความยินยอม", "อ่านนโยบาย", "pdpa",
    ),
    "withdraw": ("ถอนความยินยอม", "ยกเลิกความยินยอม"),
    "consent": ("ยินยอม", "ให้ความยินยอม"),
    "refuse": ("ไม่ยินยอม", "ไม่ให้ความยินยอม"),
    "notify_on": ("รับแจ้งเตือน", "รับการแจ้งเตือน"),
    "notify_off": ("ไม่รับแจ้งเตือน", "ไม่รับการแจ้งเตือน", "หยุดแจ้งเตือน", "หยุดการแจ้งเตือน"),
    "overdue": ("ค้าง", "รายการค้าง", "เลยกำหนด"),
    "mute": ("ปิดแจ้งเตือน", "ปิดการแจ้งเตือน"),
    "unmute": ("เปิดแจ้งเตือน", "เปิดการแจ้งเตือน"),
    "alert_settings": ("ตั้งค่าแจ้งเตือน", "ตั้งค่าการแจ้งเตือน"),
    "invites": ("ออกรหัสเชิญ", "สร้างรหัสเชิญ"),
    "revoke": ("ถอนสิทธิ์", "ถอนสิทธิ์เจ้าหน้าที่"),
    "dashboard": ("แดชบอร์ด", "แดชบอร์ดพื้นที่", "dashboard"),
}
SHORT_COMMAND = 25
ENGINE_COMMANDS = frozenset({"cancel", "back", "skip", "help"})
CONSENT_COMMANDS = frozenset({"consent", "refuse"})
ANSWERS = frozenset({"confirm", "edit", *CONSENT_COMMANDS})


def command_of(message: str) -> str | None:
    """The command a message asks for, or None for anything else (numbers, answers, chatter, long text)."""
    if nlp.normalize(message).replace(" ", "").isdigit():
        return None
    if len(message) <= SHORT_COMMAND and (extra := nlp.match_choice(message, EXTRA_COMMANDS)):
        return extra
    return _leading_command(message) or nlp.detect_intent(message)


def _leading_command(message: str) -> str | None:
    """A command whose own word opens a longer message, followed by what it is for
    ("ค้นหาครัวเรือน สมชาย หมู่ 3")."""
    said = nlp.normalize(message).strip()
    opening = (key for key, words in EXTRA_COMMANDS.items() if any(said.startswith(f"{w} ") for w in words))
    return next(opening, None)


def argument_of(message: str, command: str) -> str:
    """What follows the command's own word in a message ("สมชาย" in "ค้นหา สมชาย"); empty if nothing."""
    said = nlp.normalize(message).strip()
    for word in sorted(EXTRA_COMMANDS.get(command, ()), key=len, reverse=True):
        if said.startswith(word):
            return said.removeprefix(word).strip()
    return ""


def command_in(ctx: Context, incoming: Incoming) -> str | None:
    """The command of this turn's text message, read once per event and shared by router and engine."""
    if incoming.kind != "text":
        return None
    if ctx.turn.command is None:
        ctx.turn.command = (command_of(incoming.text),)
    return ctx.turn.command[0]


def is_side_trip(command: str | None) -> bool:
    """A command that leaves the current dialog for a moment (not back/skip/cancel/help, not an answer)."""
    return command is not None and command not in ENGINE_COMMANDS and command not in ANSWERS
