"""สถานะ: the linked household's problems, assistance, next visit, level and team, in plain Thai.

Household-level facts only: a problem shows its dimension and status, never its detail or the member.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

import nlp
from handlers import flex
from handlers.citizen import links
from handlers.context import Context
from handlers.household_card import address, open_problems, problems_by_dimension
from handlers.incoming import Incoming
from handlers.messages import Message, flex_message, message_action, uri_action
from handlers.places import area_title_of
from models import Area, Assistance, Household, Problem
from nlp.formatting import BANGKOK

TITLE = "สถานะความช่วยเหลือของครัวเรือน"
RECENT_ASSISTANCE = 5
NO_PROBLEMS = "ไม่มีปัญหาที่ค้างอยู่"
NO_ASSISTANCE = "ยังไม่มีบันทึกความช่วยเหลือ"
MORE_ASSISTANCE = "และอีก {count} รายการ"
NOT_PLANNED = "ยังไม่ได้นัด"
NOT_ASSESSED = "ยังไม่ได้ประเมิน"
NO_PHONE = "สอบถามที่ อบต./เทศบาล ใกล้บ้าน"
UPDATED = "ข้อมูลล่าสุดเมื่อ {when}"


def show(ctx: Context, incoming: Incoming) -> list[Message]:
    """The card for the user's own linked household; the linking instructions when there is none."""
    household = links.linked_household(ctx)
    if household is None:
        return links.not_linked()
    return [flex_message(TITLE, card(ctx, household))]


def card(ctx: Context, household: Household) -> flex.Component:
    problems = open_problems(ctx.session, household.id)
    given, total = recent_assistance(ctx, household.id)
    phone = office_phone(ctx, household)
    body = [
        flex.label(address(ctx.session, household), color=flex.GREY),
        flex.label("ปัญหาที่กำลังดูแล", bold=True),
        flex.label(problems_by_dimension(problems) if problems else NO_PROBLEMS),
        *[flex.label("• " + problem_line(p), size="xs") for p in problems[:10]],
        flex.separator(),
        flex.label("ความช่วยเหลือที่ได้รับ", bold=True),
        *[flex.label("• " + assistance_line(a), size="xs") for a in given],
        *(
            [flex.label(MORE_ASSISTANCE.format(count=total - len(given)), size="xs")]
            if total > len(given)
            else []
        ),
        *([] if given else [flex.label(NO_ASSISTANCE, size="xs")]),
        flex.separator(),
        flex.field("นัดครั้งถัดไป", nlp.thai_date(household.next_follow_up_on) or NOT_PLANNED),
        flex.field("ระดับการพัฒนา", household.level.label_th if household.level else NOT_ASSESSED),
        flex.field("ทีมที่ดูแล", "ทีมปฏิบัติการ " + area_title_of(ctx.session, household.subdistrict_code)),
        flex.field("โทร", phone or NO_PHONE),
        flex.label(
            UPDATED.format(when=nlp.thai_datetime(last_updated(ctx, household))), size="xxs", color=flex.GREY
        ),
    ]
    footer = [flex.button(message_action("ขอความช่วยเหลือ"), primary=True)]
    if phone:
        footer.append(flex.link_button(uri_action("โทรหาเจ้าหน้าที่", f"tel:{phone}")))
    return flex.bubble(TITLE, body, footer)


def problem_line(problem: Problem) -> str:
    return f"{problem.dimension.label_th}: {problem.status.label_th}"


def assistance_line(given: Assistance) -> str:
    """'เงินสงเคราะห์ 3,500 บาท · พมจ. · 12 พ.ย. 2569': what, how much, which agency, when."""
    parts = [given.type.label_th]
    if given.amount:
        parts[0] += " " + nlp.baht(given.amount)
    if given.quantity:
        parts[0] += f" {given.quantity} รายการ"
    if given.agency:
        parts.append(given.agency)
    parts.append(nlp.thai_date(given.given_on))
    return " · ".join(parts)


def recent_assistance(ctx: Context, household_id: int) -> tuple[list[Assistance], int]:
    """The latest few, newest first, and how many there are in all."""
    where = Assistance.household_id == household_id
    latest = ctx.session.scalars(
        select(Assistance).where(where).order_by(Assistance.given_on.desc(), Assistance.id.desc())
    ).fetchmany(RECENT_ASSISTANCE)
    return list(latest), ctx.session.scalar(select(func.count()).where(where)) or 0


def office_phone(ctx: Context, household: Household) -> str | None:
    """The nearest office that has a phone: subdistrict, then district, then province."""
    for code in (household.subdistrict_code, household.district_code, household.province_code):
        area = ctx.session.get(Area, code)
        if area is not None and area.office_phone:
            return area.office_phone
    return None


def last_updated(ctx: Context, household: Household) -> datetime:
    problems = ctx.session.scalar(
        select(func.max(Problem.updated_at)).where(Problem.household_id == household.id)
    )
    given = ctx.session.scalar(
        select(func.max(Assistance.recorded_at)).where(Assistance.household_id == household.id)
    )
    moments = [household.updated_at, household.last_visited_at, problems, given]
    return max(m.astimezone(BANGKOK) for m in moments if m is not None)
