"""ค้าง: households in the user's area whose follow-up date has passed, most overdue first, ten a page.

Staff of any level use it: officers get a button that starts the visit report, supervisors the
actions of the household's latest alert. The page number is the only thing in the ถัดไป postback
(overdue|<page>); the area always comes from the user's own scope.
"""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import func, select

import nlp
from handlers import flex
from handlers.context import Context
from handlers.household_card import result_bubble
from handlers.incoming import Incoming, as_id
from handlers.messages import Message, flex_message, postback_action, text
from handlers.officer import is_staff
from handlers.places import area_title_of
from handlers.supervisor.access import refusal, supervises
from handlers.supervisor.figures import overdue
from models import Alert, Household
from models.lookups import household_cards
from models.scope import in_scope

PAGE_SIZE = 10
HEADER = "ครัวเรือนที่เลยกำหนดติดตามใน{area} {count} ครัวเรือน (หน้า {page}/{pages})"
NOTHING = "ไม่มีครัวเรือนที่เลยกำหนดติดตามใน{area}ค่ะ"


def show(ctx: Context, incoming: Incoming) -> list[Message]:
    return page(ctx, 1)


def on_page(ctx: Context, args: list[str]) -> list[Message]:
    """overdue|<page>"""
    number = args[0] if args else ""
    return page(ctx, as_id(number) or 1)


def page(ctx: Context, number: int) -> list[Message]:
    if not is_staff(ctx):
        return refusal(ctx)
    scope = ctx.user.area_code or ""
    late = (in_scope(scope), overdue(ctx.today))
    total = ctx.session.scalar(select(func.count(Household.id)).where(*late)) or 0
    area = area_title_of(ctx.session, scope)
    if not total:
        return [text(NOTHING.format(area=area))]
    pages = math.ceil(total / PAGE_SIZE)
    number = min(max(number, 1), pages)
    rows = ctx.session.execute(
        select(Household.id, Household.next_follow_up_on)
        .where(*late)
        .order_by(Household.next_follow_up_on, Household.id)
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    due = {household_id: day for household_id, day in rows if day is not None}  # `late` rules out None
    footers = _footers(ctx, list(due))
    bubbles = [
        result_bubble(card, footers[card.household_id], [_late_by(due[card.household_id], ctx.today)])
        for card in household_cards(ctx.session, list(due))
    ]
    header = HEADER.format(area=area, count=total, page=number, pages=pages)
    carousel = flex_message(header, flex.carousel(bubbles), _paging(number, pages))
    return [text(header), carousel]


def _late_by(due: date, today: date) -> flex.Component:
    return flex.field("เลยกำหนด", f"{(today - due).days} วัน (นัด {nlp.thai_date(due)})", color=flex.RED)


def _footers(ctx: Context, household_ids: list[int]) -> dict[int, list[flex.Component]]:
    """Officers: start the visit. Supervisors: assign or ask for a re-visit, through the latest alert."""
    if not supervises(ctx):
        return {
            hid: [flex.button(postback_action("เยี่ยมบ้านนี้", f"officer|visit|{hid}", "เยี่ยมบ้านนี้"))]
            for hid in household_ids
        }
    latest = dict(
        ctx.session.execute(
            select(Alert.household_id, func.max(Alert.id))
            .where(Alert.household_id.in_(household_ids))
            .group_by(Alert.household_id)
        ).all()
    )
    return {hid: _alert_buttons(latest[hid]) if hid in latest else [] for hid in household_ids}


def _alert_buttons(alert_id: int) -> list[flex.Component]:
    return [
        flex.button(postback_action("มอบหมาย", f"alert|assign|{alert_id}", "มอบหมาย")),
        flex.button(postback_action("นัดเยี่ยมซ้ำ", f"alert|revisit|{alert_id}", "นัดเยี่ยมซ้ำ")),
    ]


def _paging(number: int, pages: int) -> list[dict[str, str]]:
    moves = []
    if number > 1:
        moves.append(postback_action("ก่อนหน้า", f"overdue|{number - 1}", "ก่อนหน้า"))
    if number < pages:
        moves.append(postback_action("ถัดไป", f"overdue|{number + 1}", "ถัดไป"))
    return moves
