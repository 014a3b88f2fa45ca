"""The Flex sections that the summary (สรุป), the daily digest and the weekly summary share."""

from __future__ import annotations

import nlp
from handlers import flex
from handlers.alerts import TITLES
from handlers.messages import Message, flex_message, message_action
from handlers.supervisor.figures import Activity, Standing
from models import AlertKind
from models.vocabulary import Dimension

NONE = "ไม่มี"


def by_dimension(counts: dict[Dimension, int]) -> str:
    """'สุขภาพ 2 · รายได้ 1', in the fixed order of the five dimensions."""
    return " · ".join(f"{d.label_th} {counts[d]}" for d in Dimension if counts.get(d)) or NONE


def by_kind(counts: dict[AlertKind, int]) -> str:
    return " · ".join(f"{TITLES[k]} {counts[k]}" for k in AlertKind if counts.get(k)) or NONE


def activity_section(heading: str, activity: Activity) -> list[flex.Component]:
    given = f"{activity.assistance} รายการ"
    if activity.assistance_baht:
        given += f" · {nlp.baht(activity.assistance_baht)}"
    return [
        flex.label(heading, bold=True),
        flex.field("เยี่ยมบ้าน", f"{activity.visits} ครั้ง ({activity.households_visited} ครัวเรือน)"),
        flex.field("ปัญหาใหม่", by_dimension(activity.new_problems)),
        flex.field("ความช่วยเหลือ", given),
        flex.field("แจ้งเตือน", by_kind(activity.alerts)),
    ]


def standing_section(standing: Standing) -> list[flex.Component]:
    return [
        flex.label("ที่รอดำเนินการตอนนี้", bold=True),
        flex.field(
            "เลยกำหนดติดตาม",
            f"{standing.overdue} ครัวเรือน",
            color=flex.RED if standing.overdue else None,
        ),
        flex.field("คำขอความช่วยเหลือ", f"{standing.open_help_requests} เรื่องที่ยังไม่ปิด"),
    ]


def report(title: str, subtitle: str, sections: list[list[flex.Component]], alt_text: str) -> Message:
    """One bubble: sections separated by lines, and a button to the overdue list."""
    body: list[flex.Component] = []
    for section in sections:
        body += [flex.separator(), *section] if body else section
    footer = [flex.button(message_action("ดูรายการค้าง", "ค้าง"))]
    return flex_message(alt_text, flex.bubble(title, body, footer, subtitle=subtitle))


def alt_text(title: str, activity: Activity, standing: Standing) -> str:
    """What a notification preview shows: the headline numbers."""
    return (
        f"{title}: เยี่ยม {activity.visits} ครั้ง · ปัญหาใหม่ {sum(activity.new_problems.values())}"
        f" · เลยกำหนด {standing.overdue} · คำขอ {standing.open_help_requests}"
    )
