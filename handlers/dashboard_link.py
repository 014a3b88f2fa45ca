"""แดชบอร์ด typed (or tapped where no LIFF app is set up): a card that opens the area's dashboard."""

from __future__ import annotations

from handlers import flex, officer
from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, flex_message, text, uri_action

TITLE = "แดชบอร์ดพื้นที่"
WHAT = "ความคืบหน้าการแก้ปัญหา ข้อมูลที่ต้องปรับปรุง และครัวเรือนเบื้องหลังทุกตัวเลข ในพื้นที่ของคุณ"
OPEN = "เปิดแดชบอร์ด"
NOT_SET_UP = 'แดชบอร์ดยังไม่ได้เปิดใช้ในระบบนี้ค่ะ พิมพ์ "สรุป" เพื่อดูภาพรวมแทน'
STAFF_ONLY = 'แดชบอร์ดใช้สำหรับเจ้าหน้าที่ค่ะ พิมพ์ "สถานะ" เพื่อดูความช่วยเหลือของครัวเรือนคุณ'


def show(ctx: Context, incoming: Incoming) -> list[Message]:
    if not officer.is_staff(ctx):
        return [text(STAFF_ONLY)]
    if not ctx.dashboard_url:
        return [text(NOT_SET_UP)]
    opens = flex.button(uri_action(OPEN, ctx.dashboard_url), primary=True)
    card = flex.bubble(TITLE, [flex.label(WHAT)], [opens])
    return [flex_message(f"{TITLE}: {ctx.dashboard_url}", card)]
