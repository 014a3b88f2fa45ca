"""The daily digest (08:00 Bangkok): yesterday's work in a supervisor's area and what is waiting."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

import nlp
from handlers.messages import Message
from handlers.places import area_title_of
from handlers.supervisor import figures, report
from handlers.supervisor.figures import Period

TITLE = "สรุปประจำวัน"


def digest(session: Session, scope: str, today: date) -> list[Message]:
    """The same digest for every supervisor of one scope (so it is built once per scope)."""
    yesterday = today - timedelta(days=1)
    done = figures.activity(session, scope, Period.day(yesterday))
    waiting = figures.standing(session, scope, today)
    subtitle = f"{area_title_of(session, scope)} · {nlp.thai_date(yesterday)}"
    sections = [report.activity_section("เมื่อวาน", done), report.standing_section(waiting)]
    return [report.report(TITLE, subtitle, sections, report.alt_text(TITLE, done, waiting))]


def dedupe_key(today: date, user_id: int) -> str:
    return f"digest:{today.isoformat()}:{user_id}"
