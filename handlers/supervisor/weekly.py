"""The weekly summary (Monday 08:00 Bangkok): last week in a supervisor's area, as a card and a chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

import nlp
from handlers.messages import Message, image
from handlers.places import area_title_of
from handlers.supervisor import figures, report
from handlers.supervisor.figures import Activity, Period, Standing
from models.vocabulary import Dimension

TITLE = "สรุปรายสัปดาห์"
WEEKDAYS = ("จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา.")


@dataclass(frozen=True)
class Week:
    area: str
    period: Period
    done: Activity
    waiting: Standing
    per_day: dict[date, int]

    @property
    def span(self) -> str:
        return f"{nlp.thai_date(self.period.first)} – {nlp.thai_date(self.period.last)}"


def last_week(today: date) -> Period:
    """Monday to Sunday of the week before today's."""
    monday = today - timedelta(days=today.weekday() + 7)
    return Period(monday, monday + timedelta(days=6))


def gather(session: Session, scope: str, today: date) -> Week:
    period = last_week(today)
    return Week(
        area=area_title_of(session, scope),
        period=period,
        done=figures.activity(session, scope, period),
        waiting=figures.standing(session, scope, today),
        per_day=figures.visits_per_day(session, scope, period),
    )


def chart_png(week: Week) -> bytes:
    from handlers.supervisor import chart  # matplotlib loads only in the process that draws

    days = [(f"{WEEKDAYS[day.weekday()]} {day.day}", n) for day, n in week.per_day.items()]
    dimensions = [(d.label_th, week.done.new_problems.get(d, 0)) for d in Dimension]
    return chart.weekly_png(f"{TITLE} {week.area} · {week.span}", days, dimensions)


def messages(week: Week, chart_url: str) -> list[Message]:
    sections = [report.activity_section(week.span, week.done), report.standing_section(week.waiting)]
    card = report.report(TITLE, week.area, sections, report.alt_text(TITLE, week.done, week.waiting))
    return [card, image(chart_url)]


def dedupe_key(period: Period, user_id: int) -> str:
    return f"weekly:{period.first.isoformat()}:{user_id}"
