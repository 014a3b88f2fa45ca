"""The dashboard's figures counted straight from the base tables: the reference the aggregates must match.

Each function takes one area's code (province to village) and answers plain values; the aggregates
module answers the same functions from its tables.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from models import Assistance, Household, Problem, Visit
from registry.dashboard import metrics
from registry.dashboard.areas import COLUMNS, households_in
from registry.dashboard.metrics import Moment

HOUSEHOLD_COUNTS = ("target", "visited", "visited_90", "stale_90", "overdue", "no_location", "no_level",
                    "no_consent", "help_waiting")


def household_counts(session: Session, code: str, moment: Moment) -> dict[str, int]:
    """How many households of the area each simple metric and each development level holds."""
    columns = {key: _count_if(metrics.parse(key, moment)) for key in HOUSEHOLD_COUNTS}
    levels = {f"level:{lv}": _count_if(metrics.parse(f"level:{lv}", moment))
              for lv in ("survive", "sufficient", "sustainable")}
    query = select(*[c.label(k.replace(":", "_")) for k, c in {**columns, **levels}.items()]).where(
        households_in(code), Household.closed.is_(False))
    row = session.execute(query).one()
    return {key: int(row[index] or 0) for index, key in enumerate({**columns, **levels})}


def _count_if(metric: metrics.Metric | None) -> Any:
    assert metric is not None
    return func.sum(case((metric.condition, 1), else_=0))


def problem_counts(session: Session, code: str) -> dict[tuple[str, str], int]:
    """Problems of the area's households by (dimension, status)."""
    query = (select(Problem.dimension, Problem.status, func.count())
             .join(Household, Household.id == Problem.household_id)
             .where(households_in(code), Household.closed.is_(False))
             .group_by(Problem.dimension, Problem.status))
    return {(str(dim), str(status)): int(n) for dim, status, n in session.execute(query)}


def assistance_sums(session: Session, code: str, start: date, by: str) -> dict[str, tuple[int, Decimal]]:
    """Assistance given since a day (the first of a month) by type or agency: (count, baht)."""
    column = Assistance.type if by == "type" else Assistance.agency
    query = (select(column, func.count(), func.coalesce(func.sum(Assistance.amount), 0))
             .join(Household, Household.id == Assistance.household_id)
             .where(households_in(code), Household.closed.is_(False), Assistance.given_on >= start)
             .group_by(column))
    return {str(key): (int(n), Decimal(total or 0)) for key, n, total in session.execute(query)}


def level_months(session: Session, code: str, since: date) -> dict[tuple[str, str], int]:
    """Visits since a day by (YYYY-MM of the visit, level assessed)."""
    year, month = func.extract("year", Visit.visited_on), func.extract("month", Visit.visited_on)
    query = (select(year, month, Visit.level_assessed, func.count())
             .join(Household, Household.id == Visit.household_id)
             .where(households_in(code), Household.closed.is_(False), Visit.visited_on >= since,
                    Visit.level_assessed.is_not(None))
             .group_by(year, month, Visit.level_assessed))
    return {(f"{int(y):04d}-{int(m):02d}", str(level)): int(n) for y, m, level, n in session.execute(query)}


def child_counts(session: Session, code: str, moment: Moment) -> dict[str, dict[str, int]]:
    """Per child area: target, visited in 90 days, overdue and complete (location and level) households."""
    visited = Household.last_visited_at >= moment.stale_before
    overdue = Household.next_follow_up_on < moment.today
    complete = and_(Household.lat.is_not(None), Household.level.is_not(None))
    child_column = COLUMNS[min(len(code) + 2, 8)]
    query = (select(child_column, func.count(), func.sum(case((visited, 1), else_=0)),
                    func.sum(case((overdue, 1), else_=0)), func.sum(case((complete, 1), else_=0)))
             .where(households_in(code), Household.closed.is_(False)).group_by(child_column))
    return {str(row[0]): {"target": int(row[1]), "visited_90": int(row[2] or 0), "overdue": int(row[3] or 0),
                          "complete": int(row[4] or 0)} for row in session.execute(query)}
