"""Visit report, the summary card: every section with an แก้ไข button, then ยืนยัน."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import nlp
from handlers import flex
from handlers.engine.model import Draft
from handlers.engine.postbacks import EditButton, SubmitButton
from handlers.household_card import address
from handlers.messages import Message, clip, flex_message, postback_action
from handlers.visit.problem_steps import parse_dimensions
from models import Household, Village
from models.vocabulary import AssistanceType, DevelopmentLevel

SECTIONS = {
    "household": "ครัวเรือน",
    "visit": "วันที่และความยินยอม",
    "problems": "ปัญหา",
    "assistance": "ความช่วยเหลือ",
    "level": "ระดับและวันนัด",
    "evidence": "รูปและตำแหน่ง",
    "notes": "บันทึกเพิ่มเติม",
    "urgent": "แจ้งด่วน",
}
TITLE = "สรุป{title}"
CHECK = "ตรวจสอบแล้วกด ยืนยันส่งรายงาน ค่ะ"


def summary(draft: Draft) -> list[Message]:
    rows: list[flex.Component] = []
    for section, label in draft.dialog.sections.items():
        edit = postback_action("แก้ไข", EditButton(section).pack(draft), f"แก้ไข{label}")
        rows.append(
            {
                "type": "box",
                "layout": "horizontal",
                "spacing": "sm",
                "margin": "md",
                "contents": [
                    flex.column(
                        flex.label(label, bold=True, size="sm"),
                        *[flex.label(line, size="xs", color=flex.GREY) for line in _lines(draft, section)],
                    ),
                    {**flex.link_button(edit), "flex": 0},
                ],
            }
        )
    submit = postback_action("ยืนยันส่งรายงาน", SubmitButton().pack(draft), "ยืนยันส่งรายงาน", limit=40)
    title = TITLE.format(title=draft.dialog.title)
    card = flex.bubble(title, rows, [flex.button(submit, primary=True)], subtitle=CHECK)
    return [flex_message(title, card)]


def _lines(draft: Draft, section: str) -> list[str]:
    return SECTION_LINES[section](draft) or ["-"]


def _household_lines(draft: Draft) -> list[str]:
    session = draft.ctx.session
    if draft.answers.get("household") == "new":
        village = session.get(Village, draft.answers.get("new_village") or "")
        head = draft.answers.get("new_head_name") or {}
        return [
            f"ครัวเรือนตกหล่น บ้านเลขที่ {draft.answers.get('new_house_no', '-')}",
            f"หมู่ {village.moo} {village.name_th}" if village else "",
            f"หัวหน้า: {head.get('first', '')} {head.get('last', '')[:1]}***" if head else "ไม่บันทึกชื่อ",
        ]
    household = session.get(Household, draft.answers.get("household"))
    return [address(session, household)] if household else []


def _visit_lines(draft: Draft) -> list[str]:
    visited = draft.answers.get("visited_on")
    consents: dict[bool | None, str] = {True: "ยินยอม", False: "ไม่ยินยอม (บันทึกเฉพาะการเยี่ยม)"}
    consent = consents.get(draft.answers.get("consent"), "-")
    return [f"วันที่เยี่ยม {nlp.thai_date(date.fromisoformat(visited))}" if visited else "", consent]


def _problem_lines(draft: Draft) -> list[str]:
    updated = [status for status in (draft.answers.get("followup") or {}).values() if status]
    lines = [f"อัปเดตสถานะปัญหาเดิม {len(updated)} ข้อ"] if updated else []
    for item in draft.answers.get("problem") or []:
        labels = " และ ".join(d.label_th for d in parse_dimensions(item.get("problem_dimension")))
        lines.append(f"ใหม่ ({labels}): {item.get('detail') or item.get('problem_detail') or '-'}")
    return lines or ["ไม่มีปัญหาใหม่"]


def _assistance_lines(draft: Draft) -> list[str]:
    lines = []
    for item in draft.answers.get("assistance") or []:
        kind = AssistanceType(item["assistance_type"]).label_th
        amount = nlp.baht(Decimal(item["assistance_amount"])) if item.get("assistance_amount") else ""
        quantity = f"{item['assistance_quantity']} หน่วย" if item.get("assistance_quantity") else ""
        agency = f"({item.get('assistance_agency', '')})"
        lines.append(" ".join(part for part in (kind, amount, quantity, agency) if part))
    return lines or ["ไม่มี"]


def _level_lines(draft: Draft) -> list[str]:
    level = draft.answers.get("level")
    follow_up = draft.answers.get("follow_up_on")
    return [
        DevelopmentLevel(level).label_th if level else "",
        f"นัดติดตาม {nlp.thai_date(date.fromisoformat(follow_up))}" if follow_up else "ไม่ได้นัดติดตาม",
    ]


def _evidence_lines(draft: Draft) -> list[str]:
    return [
        f"รูป {len(draft.answers.get('photos') or [])} รูป",
        "มีตำแหน่ง" if draft.answers.get("location") else "ไม่มีตำแหน่ง",
    ]


def _notes_lines(draft: Draft) -> list[str]:
    return [clip(draft.answers.get("notes") or "", 120)]


def _urgent_lines(draft: Draft) -> list[str]:
    return ["แจ้งผู้บังคับบัญชาด่วน" if draft.answers.get("urgent") else "ไม่ด่วน (กด แก้ไข เพื่อแจ้งด่วน)"]


SECTION_LINES: dict[str, Any] = {
    "household": _household_lines,
    "visit": _visit_lines,
    "problems": _problem_lines,
    "assistance": _assistance_lines,
    "level": _level_lines,
    "evidence": _evidence_lines,
    "notes": _notes_lines,
    "urgent": _urgent_lines,
}
