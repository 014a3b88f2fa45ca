"""สรุป: today and this week in the user's area, and what is waiting now (staff of any level)."""

from __future__ import annotations

import nlp
from handlers.context import Context
from handlers.incoming import Incoming
from handlers.messages import Message
from handlers.officer import is_staff
from handlers.places import area_title_of
from handlers.supervisor import figures, report
from handlers.supervisor.access import refusal
from handlers.supervisor.figures import Period
from nlp.formatting import BANGKOK


def show(ctx: Context, incoming: Incoming) -> list[Message]:
    if not is_staff(ctx):
        return refusal(ctx)
    scope = ctx.user.area_code or ""
    today = ctx.today
    week = Period.week_of(today)
    day_figures = figures.activity(ctx.session, scope, Period.day(today))
    week_figures = figures.activity(ctx.session, scope, week)
    waiting = figures.standing(ctx.session, scope, today)
    title = f"สรุป {area_title_of(ctx.session, scope)}"
    sections = [
        report.activity_section("วันนี้", day_figures),
        report.activity_section(f"สัปดาห์นี้ (ตั้งแต่ {nlp.thai_date(week.first)})", week_figures),
        report.standing_section(waiting),
    ]
    subtitle = f"ข้อมูล ณ {nlp.thai_datetime(ctx.now.astimezone(BANGKOK))}"
    return [report.report(title, subtitle, sections, report.alt_text(title, day_figures, waiting))]
