"""ออกรหัสเชิญ [จำนวน] [รหัสพื้นที่]: a supervisor issues officer invite codes for an area in their scope."""

from __future__ import annotations

import re
import unicodedata

from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message, text
from handlers.places import area_title_of
from handlers.registration import create_invites, display_code
from handlers.supervisor.access import refusal, supervises
from models import Area
from models.vocabulary import Role

MAX_COUNT = 20
VALID_DAYS = 7
ISSUED = (
    "รหัสเชิญเจ้าหน้าที่ {area} {count} รหัส (ใช้ได้รหัสละ 1 คน ภายใน {days} วัน)\n{codes}\n"
    "ส่งรหัสให้เจ้าหน้าที่พิมพ์ในแชตนี้เพื่อลงทะเบียนค่ะ"
)
USAGE = (
    "พิมพ์ ออกรหัสเชิญ ตามด้วยจำนวน (1–{most}) และรหัสอำเภอ 4 หลักหรือตำบล 6 หลักในพื้นที่ของคุณ "
    "เช่น ออกรหัสเชิญ 3 650101 (ไม่ใส่รหัสพื้นที่ = พื้นที่ของคุณ)"
)
OUTSIDE = "รหัสพื้นที่ {code} ไม่อยู่ในพื้นที่ของคุณ หรือไม่มีพื้นที่นี้ค่ะ"


def issue(ctx: Context, incoming: Incoming) -> list[Message]:
    if not supervises(ctx):
        return refusal(ctx)
    scope = ctx.user.area_code or ""
    numbers = re.findall(r"\d+", _ascii_digits(incoming.text))
    counts = [int(n) for n in numbers if len(n) <= 2]
    areas = [n for n in numbers if len(n) in (4, 6)]
    count = counts[0] if counts else 1
    if not 1 <= count <= MAX_COUNT or len(numbers) > len(counts[:1]) + len(areas[:1]):
        return [text(USAGE.format(most=MAX_COUNT))]
    code = areas[0] if areas else scope
    if not code.startswith(scope) or ctx.session.get(Area, code) is None:
        return [text(OUTSIDE.format(code=code)), text(USAGE.format(most=MAX_COUNT))]
    codes = create_invites(ctx.session, Role.OFFICER, code, count, VALID_DAYS, ctx.now, ctx.user)
    area = area_title_of(ctx.session, code)
    listed = "\n".join(display_code(c) for c in codes)
    return [text(ISSUED.format(area=area, count=count, days=VALID_DAYS, codes=listed))]


def _ascii_digits(message: str) -> str:
    """Thai digits (๐–๙) read like Arabic ones."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in message)
