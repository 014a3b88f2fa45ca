"""The dashboard's figures read from the aggregate tables (models.dashboard): the same functions as
registry.dashboard.naive, a few indexed rows per area instead of a scan. A village (8 digits) has no
aggregate rows: its few households are counted from the base tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from models import Area
from models.dashboard import NO_DAY, DashboardCount
from models.dashboard_upkeep import drain
from registry.dashboard import naive
from registry.dashboard.metrics import HELP_WAIT_DAYS, STALE_DAYS, Moment

DATED = ("last_visit", "follow_up", "help_open")
PLAIN = ("target", "visited", "no_location", "no_level", "consent", "complete", "level:survive",
         "level:sufficient", "level:sustainable")
C = DashboardCount


def _fresh(session: Session) -> None:
    """Counts households left dirty by a writer outside a session, once per (read-only) session."""
    if not session.info.get("dashboard_fresh"):
        drain(session)
        session.info["dashboard_fresh"] = True


def _dated(moment: Moment) -> Any:
    """The condition keeping the dated rows that count today: recent visits, overdue, waiting help."""
    today = moment.today
    return or_(C.day == NO_DAY,
               and_(C.key == "last_visit", C.day >= today - timedelta(days=STALE_DAYS)),
               and_(C.key == "follow_up", C.day < today),
               and_(C.key == "help_open", C.day < today - timedelta(days=HELP_WAIT_DAYS)))


@dataclass(frozen=True)
class AreaRows:
    """The area's count rows with no day, every dated household row, and the rest since `since`."""

    since: date
    rows: list[tuple[str, date, int, Decimal]]


def _area_rows(session: Session, code: str, today: date) -> AreaRows:
    """One query for the whole view of an area (kept in the session for its other parts)."""
    cached: dict[str, AreaRows] = session.info.setdefault("dashboard_rows", {})
    if code not in cached:
        _fresh(session)
        since = date(today.year - 1, today.month, 1) - timedelta(days=31)
        query = select(C.key, C.day, C.n, C.amount).where(
            C.area_code == code, C.n != 0,
            or_(C.day == NO_DAY, C.key.in_(DATED), C.day >= since.replace(day=1)))
        rows = [(key, day, n, amount) for key, day, n, amount in session.execute(query)]
        cached[code] = AreaRows(since.replace(day=1), rows)
    return cached[code]


def household_counts(session: Session, code: str, moment: Moment) -> dict[str, int]:
    if len(code) == 8:
        return naive.household_counts(session, code, moment)
    today = moment.today
    counted = {
        "last_visit": lambda day: day >= today - timedelta(days=STALE_DAYS),
        "follow_up": lambda day: day < today,
        "help_open": lambda day: day < today - timedelta(days=HELP_WAIT_DAYS),
    }
    sums: dict[str, int] = {}
    for key, day, n, _ in _area_rows(session, code, today).rows:
        if (day == NO_DAY and key in PLAIN) or (key in counted and counted[key](day)):
            sums[key] = sums.get(key, 0) + n
    target = sums.get("target", 0)
    counts = {key: sums.get(key, 0) for key in PLAIN if key not in ("consent", "complete")}
    counts.update(visited_90=sums.get("last_visit", 0), stale_90=target - sums.get("last_visit", 0),
                  overdue=sums.get("follow_up", 0), no_consent=target - sums.get("consent", 0),
                  help_waiting=sums.get("help_open", 0))
    return counts


def problem_counts(session: Session, code: str) -> dict[tuple[str, str], int]:
    if len(code) == 8:
        return naive.problem_counts(session, code)
    rows = _area_rows(session, code, date.today()).rows
    return {(key.split(":")[1], key.split(":")[2]): n for key, _, n, _ in rows if key.startswith("problem:")}


def assistance_sums(session: Session, code: str, start: date, by: str) -> dict[str, tuple[int, Decimal]]:
    found = _area_rows(session, code, start) if len(code) < 8 else None
    if found is None or start < found.since:
        return naive.assistance_sums(session, code, start, by)
    prefix = "assist_type:" if by == "type" else "assist_agency:"
    sums: dict[str, tuple[int, Decimal]] = {}
    for key, day, n, amount in found.rows:
        if key.startswith(prefix) and day >= start.replace(day=1):
            count, baht = sums.get(key.removeprefix(prefix), (0, Decimal(0)))
            sums[key.removeprefix(prefix)] = (count + n, baht + Decimal(amount))
    return {key: value for key, value in sums.items() if value[0]}


def level_months(session: Session, code: str, since: date) -> dict[tuple[str, str], int]:
    found = _area_rows(session, code, since) if len(code) < 8 else None
    if found is None or since < found.since:
        return naive.level_months(session, code, since)
    return {(f"{day:%Y-%m}", key.removeprefix("visit_level:")): n for key, day, n, _ in found.rows
            if key.startswith("visit_level:") and day >= since.replace(day=1)}


def child_counts(session: Session, code: str, moment: Moment) -> dict[str, dict[str, int]]:
    if len(code) >= 6:
        return naive.child_counts(session, code, moment)
    _fresh(session)
    keys = ("target", "complete", "last_visit", "follow_up")
    areas = select(Area.code).where(Area.parent_code == code)
    rows: Any = session.execute(select(C.area_code, C.key, func.sum(case((_dated(moment), C.n), else_=0)))
                           .where(C.area_code.in_(areas), C.key.in_(keys)).group_by(C.area_code, C.key))
    children: dict[str, dict[str, int]] = {}
    names = {"target": "target", "complete": "complete", "last_visit": "visited_90", "follow_up": "overdue"}
    for area, key, n in rows:
        empty = {"target": 0, "visited_90": 0, "overdue": 0, "complete": 0}
        children.setdefault(area, empty)[names[key]] = int(n)
    return {area: counts for area, counts in children.items() if counts["target"]}
