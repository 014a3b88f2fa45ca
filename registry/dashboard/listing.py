"""The households behind a number (masked, paged) and one household's own figures, inside a scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Assistance, Household, Person, Problem, Village, Visit
from models.protection import DataProtector, mask_national_id, open_national_id
from models.vocabulary import ProblemStatus
from nlp.formatting import bangkok_date, thai_date
from registry.dashboard import areas, metrics

PAGE_SIZE = 20
MAX_PAGE = 10_000


def household_page(session: Session, protector: DataProtector, code: str, metric: metrics.Metric,
                   page: int) -> dict[str, Any]:
    """One page of the area's households that the metric counts, by village and house number."""
    where = metrics.households_of(metric, areas.households_in(code))
    total = session.scalar(select(func.count()).select_from(Household).where(where)) or 0
    rows = session.execute(
        select(Household, Village.moo).join(Village, Village.code == Household.village_code).where(where)
        .order_by(Household.village_code, Household.house_no, Household.id)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    heads = _heads(session, [household.id for household, _ in rows])
    return {
        "metric": {"key": metric.key, "label": metric.label}, "total": total, "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "households": [_row(household, moo, heads.get(household.id), protector) for household, moo in rows],
    }


def _heads(session: Session, ids: list[int]) -> dict[int, Person]:
    if not ids:
        return {}
    people = session.scalars(select(Person).where(Person.household_id.in_(ids), Person.is_head.is_(True)))
    return {person.household_id: person for person in people}


def _row(household: Household, moo: int, head: Person | None, protector: DataProtector) -> dict[str, Any]:
    return {
        "id": household.id, "house_no": household.house_no, "moo": moo,
        "head": _short_name(head), "national_id": _masked(head, protector),
        "level": household.level.label_th if household.level else "",
        "last_visit": thai_date(bangkok_date(household.last_visited_at)) if household.last_visited_at else "",
    }


def _short_name(person: Person | None) -> str:
    """First name and the family name's initial: enough to recognise, little to leak."""
    if person is None:
        return ""
    return f"{person.first_name} {person.last_name[:1]}." if person.last_name else person.first_name


def _masked(person: Person | None, protector: DataProtector) -> str:
    if person is None or person.national_id_cipher is None:
        return ""
    return mask_national_id(open_national_id(protector, person.id, person.national_id_cipher))


def household_detail(session: Session, protector: DataProtector, scope: str,
                     household_id: int) -> dict[str, Any] | None:
    """One household's figures, or None when it does not exist or lies outside the scope."""
    household = session.get(Household, household_id)
    if household is None or not household.village_code.startswith(scope):
        return None
    village = session.get(Village, household.village_code)
    problems = session.execute(select(Problem.status, func.count())
                               .where(Problem.household_id == household_id).group_by(Problem.status)).all()
    help_given = session.scalars(select(Assistance).where(Assistance.household_id == household_id)
                                 .order_by(Assistance.given_on.desc())).all()
    visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.household_id == household_id))
    return {
        "id": household.id, "house_no": household.house_no, "moo": village.moo if village else None,
        "village": household.village_code, "head": _short_name(household.head),
        "national_id": _masked(household.head, protector),
        "level": household.level.label_th if household.level else "ไม่ระบุ",
        "last_visit": thai_date(bangkok_date(household.last_visited_at)) if household.last_visited_at else "",
        "next_follow_up": thai_date(household.next_follow_up_on), "visits": visits or 0,
        "problems": [{"status": ProblemStatus(str(s)).label_th, "count": n} for s, n in problems],
        "assistance": [{"type": a.type.label_th, "agency": a.agency, "baht": f"{a.amount or 0:.2f}",
                        "given_on": thai_date(a.given_on)} for a in help_given],
    }
