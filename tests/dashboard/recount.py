"""The dashboard's figures recounted in Python from every row of the base tables: slow and obvious."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Assistance, HelpRequest, Household, Problem, Visit
from models.case import HelpRequestStatus
from registry.dashboard.metrics import Moment


def _households(session: Session, code: str) -> list[Household]:
    return [h for h in session.scalars(select(Household)) if h.village_code.startswith(code) and not h.closed]


def household_counts(session: Session, code: str, moment: Moment) -> dict[str, int]:
    homes = _households(session, code)
    ids = {h.id for h in homes}
    consented = {v.household_id for v in session.scalars(select(Visit)) if v.consent}
    waiting = {r.household_id for r in session.scalars(select(HelpRequest))
               if r.status is HelpRequestStatus.OPEN and r.created_at < moment.help_wait_before}
    recent = [h for h in homes if h.last_visited_at and h.last_visited_at >= moment.stale_before]
    counts = {
        "target": len(homes), "visited": sum(1 for h in homes if h.last_visited_at),
        "visited_90": len(recent),
        "stale_90": len(homes) - len(recent),
        "overdue": sum(1 for h in homes if h.next_follow_up_on and h.next_follow_up_on < moment.today),
        "no_location": sum(1 for h in homes if h.lat is None),
        "no_level": sum(1 for h in homes if h.level is None),
        "no_consent": len(ids - consented), "help_waiting": len(ids & waiting),
    }
    for level in ("survive", "sufficient", "sustainable"):
        counts[f"level:{level}"] = sum(1 for h in homes if h.level is not None and h.level.value == level)
    return counts


def problem_counts(session: Session, code: str) -> dict[tuple[str, str], int]:
    ids = {h.id for h in _households(session, code)}
    return dict(Counter((p.dimension.value, p.status.value) for p in session.scalars(select(Problem))
                        if p.household_id in ids))


def assistance_sums(session: Session, code: str, start: date, by: str) -> dict[str, tuple[int, Decimal]]:
    ids = {h.id for h in _households(session, code)}
    sums: dict[str, tuple[int, Decimal]] = {}
    for given in session.scalars(select(Assistance)):
        if given.household_id in ids and start <= given.given_on:
            key = given.type.value if by == "type" else given.agency
            count, baht = sums.get(key, (0, Decimal(0)))
            sums[key] = (count + 1, baht + (given.amount or 0))
    return sums


def level_months(session: Session, code: str, since: date) -> dict[tuple[str, str], int]:
    ids = {h.id for h in _households(session, code)}
    visits = session.scalars(select(Visit))
    return dict(Counter((f"{v.visited_on:%Y-%m}", v.level_assessed.value) for v in visits
                        if v.household_id in ids and v.visited_on >= since and v.level_assessed is not None))


def child_counts(session: Session, code: str, moment: Moment) -> dict[str, dict[str, int]]:
    size = min(len(code) + 2, 8)
    children: dict[str, dict[str, int]] = {}
    for h in _households(session, code):
        empty = {"target": 0, "visited_90": 0, "overdue": 0, "complete": 0}
        row = children.setdefault(h.village_code[:size], empty)
        row["target"] += 1
        row["visited_90"] += bool(h.last_visited_at and h.last_visited_at >= moment.stale_before)
        row["overdue"] += bool(h.next_follow_up_on and h.next_follow_up_on < moment.today)
        row["complete"] += h.lat is not None and h.level is not None
    return children


def all_figures(source: Any, session: Session, code: str, moment: Moment) -> dict[str, Any]:
    """Every figure a source (naive, aggregates or this recount) gives for one area."""
    today = moment.today
    return {
        "households": source.household_counts(session, code, moment),
        "problems": source.problem_counts(session, code),
        "fy_type": source.assistance_sums(session, code, moment.period_start("fy"), "type"),
        "month_agency": source.assistance_sums(session, code, moment.period_start("month"), "agency"),
        "months": source.level_months(session, code, date(today.year - 1, today.month, 1)),
        "children": source.child_counts(session, code, moment),
    }


