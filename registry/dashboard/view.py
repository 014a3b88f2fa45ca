"""One dashboard view of an area, as JSON: headline, levels, movement, assistance, currency, ranking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import ModuleType
from typing import Any

from sqlalchemy.orm import Session

from models.vocabulary import AssistanceType, DevelopmentLevel, Dimension, ProblemStatus
from registry.dashboard import areas
from registry.dashboard.metrics import PERIODS, RESOLVED, Moment

MONTHS = 6
CURRENCY = ("stale_90", "overdue", "no_location", "no_level", "no_consent", "help_waiting")


def build(session: Session, source: ModuleType, scope: str, place: areas.Place,
          moment: Moment) -> dict[str, Any]:
    """Everything the page shows for one area (already checked to lie in the scope)."""
    code = place.code
    counts = source.household_counts(session, code, moment)
    return {
        "area": place.as_json(),
        "trail": [step.as_json() for step in areas.trail(session, scope, code)],
        "headline": _headline(counts, source.problem_counts(session, code)),
        "levels": [{"key": f"level:{lv.value}", "label": lv.label_th, "count": counts[f"level:{lv.value}"]}
                   for lv in DevelopmentLevel] + [{"key": "no_level", "label": "ไม่ระบุ",
                                                    "count": counts["no_level"]}],
        "movement": _movement(source.level_months(session, code, _months_back(moment.today))),
        "assistance": {period: _assistance(session, source, code, moment, period) for period in PERIODS},
        "currency": [{"key": key, "count": counts[key]} for key in CURRENCY],
        "ranking": _ranking(areas.children(session, code), source.child_counts(session, code, moment)),
    }


def _headline(counts: dict[str, int], problems: dict[tuple[str, str], int]) -> dict[str, Any]:
    total = sum(problems.values())
    resolved = sum(n for (_, status), n in problems.items() if ProblemStatus(status) in RESOLVED)
    return {
        "target": counts["target"], "visited": counts["visited"], "visited_90": counts["visited_90"],
        "problems": total, "resolved": resolved,
        "resolved_pct": round(100 * resolved / total, 1) if total else None,
        "statuses": [{"key": s.value, "label": s.label_th} for s in ProblemStatus],
        "dimensions": [
            {"key": d.value, "label": d.label_th,
             "counts": {s.value: problems.get((d.value, s.value), 0) for s in ProblemStatus}}
            for d in Dimension
        ],
    }


def _months_back(today: date) -> date:
    month = today.month - MONTHS + 1
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _movement(months: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    keys = sorted({month for month, _ in months})
    return [{"month": month, **{lv.value: months.get((month, lv.value), 0) for lv in DevelopmentLevel}}
            for month in keys]


def _assistance(session: Session, source: ModuleType, code: str, moment: Moment,
                period: str) -> dict[str, Any]:
    start = moment.period_start(period)
    by_type = source.assistance_sums(session, code, start, "type")
    by_agency = source.assistance_sums(session, code, start, "agency")
    return {
        "label": PERIODS[period], "since": start.isoformat(),
        "count": sum(n for n, _ in by_type.values()),
        "baht": _baht(sum((b for _, b in by_type.values()), Decimal(0))),
        "by_type": [{"key": f"assist:{period}:type:{t}", "label": AssistanceType(t).label_th, "count": n,
                     "baht": _baht(b)} for t, (n, b) in sorted(by_type.items(), key=lambda i: -i[1][1])],
        "by_agency": [{"key": f"assist:{period}:agency:{a}", "label": a or "ไม่ระบุหน่วยงาน", "count": n,
                       "baht": _baht(b)} for a, (n, b) in sorted(by_agency.items(), key=lambda i: -i[1][1])
                      if a],
    }


def _baht(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _ranking(children: list[areas.Place], counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Child areas by their data score, best first: the mean share of households visited in 90 days,
    not overdue, and complete (location and level), in percent; areas without households last."""
    rows = []
    for child in children:
        c = counts.get(child.code, {"target": 0, "visited_90": 0, "overdue": 0, "complete": 0})
        good = c["visited_90"] + c["target"] - c["overdue"] + c["complete"]
        score = round(100 * good / (3 * c["target"]), 1) if c["target"] else None
        rows.append({**child.as_json(), **c, "score": score})
    return sorted(rows, key=lambda row: (row["score"] is None, -(row["score"] or 0), row["code"]))
