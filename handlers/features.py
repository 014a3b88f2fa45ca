"""The feature registry: what each feature offers — its commands (by intent), its buttons (by postback
prefix), its dialogs and its วิธีใช้ lines per role. The router's tables and วิธีใช้ are built from it;
adding a feature is one entry here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from handlers import basics, dashboard_link, officer
from handlers.citizen import buttons, consent, help_request, linking, links
from handlers.citizen import status as citizen_status
from handlers.context import Context
from handlers.engine.model import Dialog
from handlers.incoming import Incoming
from handlers.menu_areas import MenuArea, MenuSlot
from handlers.messages import Message, text
from handlers.supervisor import actions, invites, overdue, revoke, settings, summary
from handlers.visit import VISIT_REPORT, amend
from models.vocabulary import Role

Handler = Callable[[Context, Incoming], list[Message]]
T = TypeVar("T")
ButtonHandler = Callable[[Context, list[str]], list[Message]]


@dataclass(frozen=True)
class Feature:
    name: str
    commands: Mapping[str, Handler] = field(default_factory=dict)
    """intent (see handlers.commands for its words) → use case"""
    buttons: Mapping[str, ButtonHandler] = field(default_factory=dict)
    """postback prefix (`prefix|…`) → use case"""
    dialogs: tuple[Dialog, ...] = ()
    help: Mapping[Role, tuple[str, ...]] = field(default_factory=dict)
    """วิธีใช้ lines for each role this feature serves, in the order they are shown"""
    menu: tuple[MenuSlot, ...] = ()
    """its areas in the roles' rich menus (handlers/menus.py builds the menus from them)"""


def by_role(staff: Handler, others: Handler) -> Handler:
    """One command, two use cases: staff of an area get the first, everyone else the second."""

    def chosen(ctx: Context, incoming: Incoming) -> list[Message]:
        return (staff if officer.is_staff(ctx) else others)(ctx, incoming)

    return chosen


def slot(
    menu: str, row: int, column: int, label: str, hint: str, color: str, command: str = "", opens: str = ""
) -> MenuSlot:
    """An area of a role's rich menu that sends command (by default its label) as if typed, or opens a
    LIFF app where the deployment has one."""
    return MenuSlot(menu, row, column, MenuArea(label, command or label, hint, color, opens))


STATUS = by_role(officer.lookup, citizen_status.show)


def show_help(ctx: Context, incoming: Incoming) -> list[Message]:
    """วิธีใช้ outside a dialog: what the user's role can do (inside one, the engine helps with the question)."""
    return [text(help_text(ctx.user.role))]

FEATURES = (
    Feature(
        "visit_report",
        {"visit": officer.start_visit, "drafts": officer.drafts},
        {"officer": officer.on_button},
        (VISIT_REPORT, amend.AMEND),
        {Role.OFFICER: ("• เยี่ยมบ้าน — บันทึกการเยี่ยมครัวเรือน", "• ร่างที่ค้าง — ทำรายงานที่ยังไม่เสร็จต่อ")},
        (
            slot("officer", 0, 0, "เยี่ยมบ้าน", "บันทึกการเยี่ยมครัวเรือน", "#06C755"),
            slot("officer", 1, 0, "ร่างที่ค้าง", "ทำรายงานต่อ", "#F9A825"),
        ),
    ),
    Feature(
        "household_search",
        {"search": officer.lookup, "status": STATUS, "household_status": STATUS},
        dialogs=(officer.LOOKUP,),
        help={
            Role.OFFICER: ("• ค้นหาครัวเรือน — ด้วยรหัสบ้าน เลขบัตร หรือชื่อ",),
            Role.CITIZEN: ("• สถานะ — ดูความช่วยเหลือของครัวเรือน",),
        },
        menu=(
            slot("officer", 0, 1, "ค้นหาครัวเรือน", "รหัสบ้าน เลขบัตร หรือชื่อ", "#1E88E5"),
            slot("officer", 1, 1, "สถานะครัวเรือน", "ปัญหาและความช่วยเหลือ", "#8E24AA"),
            slot("supervisor", 0, 2, "ค้นหาครัวเรือน", "ในพื้นที่รับผิดชอบ", "#1E88E5"),
            slot("citizen", 0, 0, "สถานะ", "ความช่วยเหลือของครัวเรือน", "#06C755"),
        ),
    ),
    Feature(
        "help_request",
        {"request_help": help_request.start},
        dialogs=(help_request.HELP_REQUEST,),
        help={Role.CITIZEN: ("• ขอความช่วยเหลือ — แจ้งปัญหาให้เจ้าหน้าที่",)},
        menu=(
            slot("citizen", 0, 1, "ขอความช่วยเหลือ", "แจ้งปัญหาให้เจ้าหน้าที่", "#E53935"),
        ),
    ),
    Feature(
        "linking",
        {"link": linking.start, "unlink": links.ask_unlink},
        dialogs=(linking.LINKING,),
        help={
            Role.CITIZEN: ("• ยกเลิกการเชื่อม — เลิกผูกบัญชีกับครัวเรือน",),
            Role.GUEST: ("• เชื่อมบัญชี — ผูก LINE กับครัวเรือนของคุณ เพื่อดูสถานะความช่วยเหลือ",),
        },
        menu=(slot("citizen", 1, 0, "เชื่อมบัญชี", "ผูก LINE กับครัวเรือน", "#1E88E5"),),
    ),
    Feature(
        "consent",
        {
            "privacy": consent.privacy,
            "withdraw": consent.ask_withdraw,
            "consent": consent.typed_yes,
            "refuse": consent.typed_no,
            "notify_on": consent.typed_notify_on,
            "notify_off": consent.typed_notify_off,
        },
        {"citizen": buttons.on_button},
        help={role: ("• ความเป็นส่วนตัว — ดูหรือถอนความยินยอม",) for role in (Role.CITIZEN, Role.GUEST)},
    ),
    Feature(
        "registration",
        {"register": basics.register, "invites": invites.issue},
        help={Role.GUEST: ("• เจ้าหน้าที่: พิมพ์รหัสเชิญ 8 ตัวที่ได้รับ เพื่อลงทะเบียน",)},
        menu=(
            slot("supervisor", 1, 0, "ออกรหัสเชิญ", "ให้เจ้าหน้าที่ในพื้นที่", "#F9A825"),
        ),
    ),
    Feature(
        "supervisor_actions",
        {
            "summary": summary.show,
            "overdue": overdue.show,
            "mute": settings.mute,
            "unmute": settings.unmute,
            "alert_settings": settings.show,
            "revoke": revoke.start,
        },
        {"alert": actions.on_button, "overdue": overdue.on_page, "revoke": revoke.on_button},
        help={
            Role.OFFICER: ("• ค้าง — ครัวเรือนที่เลยกำหนดติดตาม",),
            Role.SUPERVISOR: (
                "• สรุป — ภาพรวมวันนี้และสัปดาห์นี้",
                "• ค้าง — ครัวเรือนที่เลยกำหนดติดตาม",
                "• ออกรหัสเชิญ — ให้เจ้าหน้าที่ในพื้นที่",
                "• ปิดแจ้งเตือน / เปิดแจ้งเตือน — แจ้งเตือนที่ไม่ด่วน",
                "• กด รับทราบ · มอบหมาย · นัดเยี่ยมซ้ำ บนการ์ดแจ้งเตือน",
            ),
        },
        menu=(
            slot("supervisor", 0, 0, "สรุป", "วันนี้และสัปดาห์นี้", "#06C755"),
            slot("supervisor", 0, 1, "รายการค้าง", "ติดตามเกินกำหนด", "#E53935", command="ค้าง"),
            slot("supervisor", 1, 1, "ตั้งค่าแจ้งเตือน", "ปิด/เปิดแจ้งเตือนทั่วไป", "#8E24AA"),
        ),
    ),
    Feature(
        "dashboard",
        {"dashboard": dashboard_link.show},
        help={
            Role.OFFICER: ("• แดชบอร์ด — ภาพรวมและครัวเรือนในพื้นที่ของฉัน",),
            Role.SUPERVISOR: ("• แดชบอร์ด — ความคืบหน้า ข้อมูลที่ต้องปรับปรุง เจาะลึกถึงครัวเรือน",),
        },
        menu=(
            slot("officer", 0, 2, "แดชบอร์ด", "ภาพรวมพื้นที่ของฉัน", "#00897B", opens="dashboard"),
            slot("supervisor", 0, 3, "แดชบอร์ด", "ภาพรวมและเจาะลึกพื้นที่", "#00897B", opens="dashboard"),
        ),
    ),
    Feature(
        "help",
        {
            "help": show_help,
            **{word: basics.nothing_to_cancel for word in ("cancel", "back", "skip", "confirm", "edit")},
        },
        help={Role.OFFICER: ("ระหว่างกรอก พิมพ์ ย้อนกลับ · ข้าม · ยกเลิก · วิธีใช้ ได้ทุกขั้น",)},
        menu=(
            slot("officer", 1, 2, "วิธีใช้", "คำสั่งทั้งหมด", "#546E7A"),
            slot("supervisor", 1, 2, "วิธีใช้", "คำสั่งทั้งหมด", "#546E7A"),
            slot("citizen", 1, 1, "วิธีใช้", "คำสั่งและความเป็นส่วนตัว", "#546E7A"),
        ),
    ),
)


HELP_TITLES = {
    Role.OFFICER: "วิธีใช้สำหรับเจ้าหน้าที่",
    Role.SUPERVISOR: "วิธีใช้สำหรับผู้บังคับบัญชา",
    Role.CITIZEN: "วิธีใช้",
    Role.GUEST: "วิธีใช้",
}


def help_text(role: Role) -> str:
    """วิธีใช้ for a role, built from the features that serve it (admins see the supervisors')."""
    shown = Role.SUPERVISOR if role is Role.ADMIN else role
    lines = [line for feature in FEATURES for line in feature.help.get(shown, ())]
    return "\n".join([HELP_TITLES[shown], *lines])


def commands() -> dict[str, Handler]:
    """Every feature's commands, by intent."""
    return _merged([feature.commands for feature in FEATURES])


def buttons_table() -> dict[str, ButtonHandler]:
    """Every feature's button handlers, by postback prefix."""
    return _merged([feature.buttons for feature in FEATURES])


def _merged(tables: list[Mapping[str, T]]) -> dict[str, T]:
    """One table from the features' own; a name claimed by two features is a mistake caught here."""
    merged: dict[str, T] = {}
    for table in tables:
        for name, handler in table.items():
            assert name not in merged, f"{name} claimed by two features"
            merged[name] = handler
    return merged
