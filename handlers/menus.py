"""The rich menu of each role, as data: each area sends a command as text, like typing it, or opens
a LIFF app (`opens`: the dashboard) when one is configured."""

from __future__ import annotations

from dataclasses import dataclass

from models.vocabulary import Role


@dataclass(frozen=True)
class MenuArea:
    label: str
    command: str
    hint: str
    color: str
    opens: str = ""


@dataclass(frozen=True)
class Menu:
    name: str
    chat_bar: str
    rows: tuple[tuple[MenuArea, ...], ...]


OFFICER = Menu(
    "officer",
    "เมนู",
    (
        (
            MenuArea("เยี่ยมบ้าน", "เยี่ยมบ้าน", "บันทึกการเยี่ยมครัวเรือน", "#06C755"),
            MenuArea("ค้นหาครัวเรือน", "ค้นหาครัวเรือน", "รหัสบ้าน เลขบัตร หรือชื่อ", "#1E88E5"),
            MenuArea("แดชบอร์ด", "แดชบอร์ด", "ภาพรวมพื้นที่ของฉัน", "#00897B", opens="dashboard"),
        ),
        (
            MenuArea("ร่างที่ค้าง", "ร่างที่ค้าง", "ทำรายงานต่อ", "#F9A825"),
            MenuArea("สถานะครัวเรือน", "สถานะครัวเรือน", "ปัญหาและความช่วยเหลือ", "#8E24AA"),
            MenuArea("วิธีใช้", "วิธีใช้", "คำสั่งทั้งหมด", "#546E7A"),
        ),
    ),
)

SUPERVISOR = Menu(
    "supervisor",
    "เมนู",
    (
        (
            MenuArea("สรุป", "สรุป", "วันนี้และสัปดาห์นี้", "#06C755"),
            MenuArea("รายการค้าง", "ค้าง", "ติดตามเกินกำหนด", "#E53935"),
            MenuArea("ค้นหาครัวเรือน", "ค้นหาครัวเรือน", "ในพื้นที่รับผิดชอบ", "#1E88E5"),
            MenuArea("แดชบอร์ด", "แดชบอร์ด", "ภาพรวมและเจาะลึกพื้นที่", "#00897B", opens="dashboard"),
        ),
        (
            MenuArea("ออกรหัสเชิญ", "ออกรหัสเชิญ", "ให้เจ้าหน้าที่ในพื้นที่", "#F9A825"),
            MenuArea("ตั้งค่าแจ้งเตือน", "ตั้งค่าแจ้งเตือน", "ปิด/เปิดแจ้งเตือนทั่วไป", "#8E24AA"),
            MenuArea("วิธีใช้", "วิธีใช้", "คำสั่งทั้งหมด", "#546E7A"),
        ),
    ),
)

CITIZEN = Menu(
    "citizen",
    "เมนู",
    (
        (
            MenuArea("สถานะ", "สถานะ", "ความช่วยเหลือของครัวเรือน", "#06C755"),
            MenuArea("ขอความช่วยเหลือ", "ขอความช่วยเหลือ", "แจ้งปัญหาให้เจ้าหน้าที่", "#E53935"),
        ),
        (
            MenuArea("เชื่อมบัญชี", "เชื่อมบัญชี", "ผูก LINE กับครัวเรือน", "#1E88E5"),
            MenuArea("วิธีใช้", "วิธีใช้", "คำสั่งและความเป็นส่วนตัว", "#546E7A"),
        ),
    ),
)

MENUS = (OFFICER, SUPERVISOR, CITIZEN)


def menu_for(role: Role) -> Menu:
    """Officers and supervisors get their own menus; admins the supervisor's; everyone else the default."""
    if role is Role.OFFICER:
        return OFFICER
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return SUPERVISOR
    return CITIZEN
