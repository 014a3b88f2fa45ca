"""The numbers supervisors read, each from one query filtered by their area scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session

from models import Alert, AlertKind, Assistance, HelpRequest, HelpRequestStatus, Household, Problem, Visit
from models.scope import in_scope
from models.vocabulary import Dimension
from nlp.formatting import BANGKOK


@dataclass(frozen=True)
class Period:
    """Whole days in Thailand, first and last included."""

    first: date
    last: date

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    @classmethod
    def week_of(cls, day: date) -> Period:
        """Monday of day's week up to day."""
        return cls(day - timedelta(days=day.weekday()), day)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as UTC-comparable instants: Bangkok midnight to the midnight after the last day."""
        start = datetime.combine(self.first, time(), tzinfo=BANGKOK)
        return start, datetime.combine(self.last + timedelta(days=1), time(), tzinfo=BANGKOK)


@dataclass(frozen=True)
class Activity:
    """What happened in a period: visits, new problems by dimension, assistance, alerts by kind."""

    visits: int = 0
    households_visited: int = 0
    new_problems: dict[Dimension, int] = field(default_factory=dict)
    assistance: int = 0
    assistance_baht: Decimal = Decimal(0)
    alerts: dict[AlertKind, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Standing:
    """What is waiting now: overdue follow-ups and help requests not yet closed."""

    overdue: int
    open_help_requests: int


def overdue(today: date) -> ColumnElement[bool]:
    """Households whose follow-up date has passed (and that are still open cases)."""
    return (Household.next_follow_up_on < today) & Household.closed.is_(False)


def activity(session: Session, scope: str, period: Period) -> Activity:
    visits, households = session.execute(
        select(func.count(Visit.id), func.count(distinct(Visit.household_id)))
        .join(Household, Household.id == Visit.household_id)
        .where(in_scope(scope), Visit.visited_on.between(period.first, period.last))
    ).one()
    given, baht = session.execute(
        select(func.count(Assistance.id), func.coalesce(func.sum(Assistance.amount), 0))
        .join(Household, Household.id == Assistance.household_id)
        .where(in_scope(scope), Assistance.given_on.between(period.first, period.last))
    ).one()
    assert baht is not None, "coalesce(sum, 0)"
    start, end = period.bounds()
    problems = session.execute(
        select(Problem.dimension, func.count())
        .join(Household, Household.id == Problem.household_id)
        .where(in_scope(scope), Problem.identified_at >= start, Problem.identified_at < end)
        .group_by(Problem.dimension)
    ).all()
    alerts = session.execute(
        select(Alert.kind, func.count())
        .join(Household, Household.id == Alert.household_id)
        .where(in_scope(scope), Alert.created_at >= start, Alert.created_at < end)
        .group_by(Alert.kind)
    ).all()
    return Activity(
        visits=visits,
        households_visited=households,
        new_problems={Dimension(d): n for d, n in problems},
        assistance=given,
        assistance_baht=Decimal(baht),
        alerts={AlertKind(k): n for k, n in alerts},
    )


def visits_per_day(session: Session, scope: str, period: Period) -> dict[date, int]:
    """Every day of the period with its number of visits (0 included)."""
    rows = session.execute(
        select(Visit.visited_on, func.count())
        .join(Household, Household.id == Visit.household_id)
        .where(in_scope(scope), Visit.visited_on.between(period.first, period.last))
        .group_by(Visit.visited_on)
    ).all()
    counted = dict(rows)
    return {day: counted.get(day, 0) for day in period.days}


def standing(session: Session, scope: str, today: date) -> Standing:
    late = session.scalar(select(func.count(Household.id)).where(in_scope(scope), overdue(today)))
    waiting = session.scalar(
        select(func.count(HelpRequest.id))
        .join(Household, Household.id == HelpRequest.household_id)
        .where(in_scope(scope), HelpRequest.status != HelpRequestStatus.CLOSED)
    )
    return Standing(overdue=late or 0, open_help_requests=waiting or 0)
