"""Every number on the dashboard is a metric: a key, a Thai label, and the households behind it.

Keys are parsed strictly (`problem:health:open`, `level:survive`, `assist:fy:type:cash`); anything
else is unknown and the caller refuses it. The household condition of a metric is what its list and
its export show, and what the naive count counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, true

from models import Assistance, HelpRequest, Household, Problem, Visit
from models.case import HelpRequestStatus
from models.vocabulary import AssistanceType, DevelopmentLevel, Dimension, ProblemStatus
from nlp.formatting import BANGKOK, bangkok_date

STALE_DAYS = 90
HELP_WAIT_DAYS = 3
RESOLVED = (ProblemStatus.HELPED, ProblemStatus.SELF_RESOLVED)
PERIODS = {"month": "เดือนนี้", "fy": "ปีงบประมาณนี้"}


@dataclass(frozen=True)
class Moment:
    """When a view is computed: the UTC instant and its Bangkok day."""

    now: datetime

    @property
    def today(self) -> date:
        return bangkok_date(self.now)

    @property
    def stale_before(self) -> datetime:
        """Visits before this instant are stale: the start of the Bangkok day 90 days ago."""
        return self._midnight(self.today - timedelta(days=STALE_DAYS))

    @property
    def help_wait_before(self) -> datetime:
        """Help requests made before this instant have waited too long (more than 3 whole days)."""
        return self._midnight(self.today - timedelta(days=HELP_WAIT_DAYS))

    @staticmethod
    def _midnight(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=BANGKOK)

    def period_start(self, period: str) -> date:
        """The first day of this month, or of this fiscal year (1 October)."""
        today = self.today
        if period == "month":
            return today.replace(day=1)
        return date(today.year if today.month >= 10 else today.year - 1, 10, 1)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    condition: ColumnElement[bool]


SIMPLE = {
    "target": "ครัวเรือนเป้าหมาย",
    "visited": "เยี่ยมแล้ว (ทั้งหมด)",
    "visited_90": "เยี่ยมใน 90 วัน",
    "stale_90": "ไม่ได้เยี่ยมเกิน 90 วัน",
    "overdue": "เลยกำหนดติดตาม",
    "no_location": "ไม่มีพิกัด",
    "no_level": "ไม่มีระดับการพัฒนา",
    "no_consent": "ไม่มีความยินยอม",
    "help_waiting": "คำขอความช่วยเหลือค้างเกิน 3 วัน",
    "problems": "มีปัญหา",
    "resolved": "แก้ไขแล้ว",
}


def parse(key: str, moment: Moment) -> Metric | None:
    """The metric a key names, or None for anything not on the dashboard."""
    if key in SIMPLE:
        return Metric(key, SIMPLE[key], _simple(key, moment))
    head, _, rest = key.partition(":")
    if head == "level" and rest in DevelopmentLevel._value2member_map_:
        level = DevelopmentLevel(rest)
        return Metric(key, f"ระดับ{level.label_th}", Household.level == level)
    if head == "problem":
        return _problem_metric(key, rest)
    if head == "assist":
        return _assist_metric(key, rest, moment)
    return None


def _simple(key: str, moment: Moment) -> ColumnElement[bool]:
    visited_recently = Household.last_visited_at >= moment.stale_before
    conditions: dict[str, ColumnElement[bool]] = {
        "target": true(),
        "visited": Household.last_visited_at.is_not(None),
        "visited_90": visited_recently,
        "stale_90": or_(Household.last_visited_at.is_(None), Household.last_visited_at < moment.stale_before),
        "overdue": Household.next_follow_up_on < moment.today,
        "no_location": Household.lat.is_(None),
        "no_level": Household.level.is_(None),
        "no_consent": ~exists().where(Visit.household_id == Household.id, Visit.consent.is_(True)),
        "help_waiting": exists().where(
            HelpRequest.household_id == Household.id, HelpRequest.status == HelpRequestStatus.OPEN,
            HelpRequest.created_at < moment.help_wait_before),
        "problems": exists().where(Problem.household_id == Household.id),
        "resolved": exists().where(Problem.household_id == Household.id, Problem.status.in_(RESOLVED)),
    }
    return conditions[key]


def _problem_metric(key: str, rest: str) -> Metric | None:
    """problem:<dimension|*>:<status|*|resolved>."""
    dimension, _, status = rest.partition(":")
    if dimension != "*" and dimension not in Dimension._value2member_map_:
        return None
    if status not in ("*", "resolved") and status not in ProblemStatus._value2member_map_:
        return None
    where = [Problem.household_id == Household.id]
    label = "ปัญหา"
    if dimension != "*":
        where.append(Problem.dimension == Dimension(dimension))
        label += f"ด้าน{Dimension(dimension).label_th}"
    if status == "resolved":
        where.append(Problem.status.in_(RESOLVED))
        label += " (แก้ไขแล้ว)"
    elif status != "*":
        where.append(Problem.status == ProblemStatus(status))
        label += f" ({ProblemStatus(status).label_th})"
    return Metric(key, label, exists().where(*where))


def _assist_metric(key: str, rest: str, moment: Moment) -> Metric | None:
    """assist:<month|fy>:<type:<code>|agency:<name>|all>."""
    period, _, what = rest.partition(":")
    if period not in PERIODS:
        return None
    kind, _, value = what.partition(":")
    where = [Assistance.household_id == Household.id, Assistance.given_on >= moment.period_start(period)]
    label = f"ได้รับความช่วยเหลือ{PERIODS[period]}"
    if kind == "type" and value in AssistanceType._value2member_map_:
        where.append(Assistance.type == AssistanceType(value))
        label += f" · {AssistanceType(value).label_th}"
    elif kind == "agency" and 0 < len(value) <= 200:
        where.append(Assistance.agency == value)
        label += f" · {value}"
    elif what != "all":
        return None
    return Metric(key, label, exists().where(*where))


def households_of(metric: Metric, area: ColumnElement[bool]) -> ColumnElement[bool]:
    """The households of an area that a metric counts (closed households never count)."""
    return and_(area, Household.closed.is_(False), metric.condition)
