"""The household as staff see it in chat: a card with members, open problems, last visit, level."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

import nlp
from handlers import flex
from handlers.places import area_title_of
from models import Household, Person, Problem, Village
from models.lookups import HouseholdCard, last_visited_on
from models.vocabulary import Dimension, ProblemStatus

OPEN_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.REFERRED)
CARE_FLAGS = (
    ("elderly", "ผู้สูงอายุ"),
    ("disabled", "พิการ"),
    ("bedridden", "ติดเตียง"),
    ("chronic_illness", "ป่วยเรื้อรัง"),
)


def mask_full_name(name: str) -> str:
    """'นายสมชาย ใจดี' → 'นายสมชาย ใ***': enough to recognise, not to copy."""
    first, _, last = name.partition(" ")
    return f"{first} {last[:1]}***" if last else first


def age(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def address(session: Session, household: Household) -> str:
    village = session.get(Village, household.village_code)
    moo = f"หมู่ {village.moo} {village.name_th}" if village else ""
    return f"บ้านเลขที่ {household.house_no} {moo} {area_title_of(session, household.subdistrict_code)}".strip()


def open_problems(session: Session, household_id: int) -> list[Problem]:
    return list(
        session.scalars(
            select(Problem)
            .where(Problem.household_id == household_id, Problem.status.in_(OPEN_STATUSES))
            .order_by(Problem.identified_at)
        )
    )


def problems_by_dimension(problems: list[Problem]) -> str:
    """'สุขภาพ 2 · รายได้ 1', or 'ไม่มี'."""
    counts = Counter(p.dimension for p in problems)
    parts = [f"{d.label_th} {counts[d]}" for d in Dimension if counts[d]]
    return " · ".join(parts) or "ไม่มี"


def member_line(person: Person, today: date) -> str:
    years = age(person.birth_date, today)
    flags = [label for attribute, label in CARE_FLAGS if getattr(person, attribute)]
    name = person.full_name
    details = ", ".join([f"{years} ปี" if years is not None else "", *flags]).strip(", ")
    return f"{name} ({person.relation.label_th}{', ' + details if details else ''})"


def _visited_on(session: Session, household: Household) -> date | None:
    return session.scalar(select(last_visited_on()).where(Household.id == household.id))


def _last_visit(day: date | None) -> str:
    return nlp.thai_date(day) if day else "ยังไม่เคย"


def _title(house_code: str | None) -> str:
    return f"รหัสบ้าน {house_code}" if house_code else "ครัวเรือนเพิ่มใหม่"


def card(
    session: Session, household: Household, today: date, footer: list[flex.Component] | None = None
) -> flex.Component:
    """A bubble for one household, with its members, for staff of its area."""
    members = household.members
    problems = open_problems(session, household.id)
    head = household.head
    body = [
        flex.label(address(session, household), size="sm", color=flex.GREY),
        flex.field("หัวหน้า", head.full_name if head else "-"),
        flex.field("ปัญหาที่เปิดอยู่", problems_by_dimension(problems), color=flex.RED if problems else None),
        flex.field("เยี่ยมล่าสุด", _last_visit(_visited_on(session, household))),
        flex.field("ระดับการพัฒนา", household.level.label_th if household.level else "ยังไม่ประเมิน"),
        flex.separator(),
        flex.label(f"สมาชิก {len(members)} คน", bold=True),
        *[flex.label("• " + member_line(m, today), size="xs") for m in members[:8]],
    ]
    return flex.bubble(_title(household.house_code), body, footer)


def result_bubble(
    found: HouseholdCard, footer: list[flex.Component], extra: list[flex.Component] | None = None
) -> flex.Component:
    """A search result: partly masked head name, address, last visit, open problems (and extra rows)."""
    counts = " · ".join(f"{d.label_th} {n}" for d, n in found.open_problems.items()) or "ไม่มี"
    body = [
        flex.label(f"บ้านเลขที่ {found.house_no} หมู่ {found.moo} {found.village_name}", color=flex.GREY),
        flex.field("หัวหน้า", mask_full_name(found.head_name or "-")),
        flex.field("สมาชิก", f"{found.member_count} คน"),
        flex.field("ปัญหาที่เปิดอยู่", counts, color=flex.RED if found.open_problems else None),
        flex.field("เยี่ยมล่าสุด", _last_visit(found.last_visited_on)),
        *(extra or []),
    ]
    return flex.bubble(_title(found.house_code), body, footer, size="kilo")
