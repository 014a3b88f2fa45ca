"""Keeps the dashboard's aggregates (models.dashboard) in the transaction that changes the base tables.

`keep_aggregates(sessions)` makes every commit of those sessions first recount the households that the
triggers marked dirty: their contribution now, minus what they contributed before, added to the counts
of their province, district and subdistrict. Households are locked (FOR UPDATE on PostgreSQL) before
they are read, so two transactions changing one household recount it one after the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, event, exists, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from models.case import Assistance, HelpRequest, HelpRequestStatus, Problem
from models.dashboard import NO_DAY, DashboardCount, DashboardDirty, DashboardHousehold
from models.household import Household
from models.visit import Visit

BATCH = 500
Entries = dict[tuple[str, str], list[Any]]  # (key, ISO day) → [n, baht]


def keep_aggregates(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_commit", _before_commit)


def _before_commit(session: Session) -> None:
    with session.no_autoflush:
        session.flush()
        drain(session)


def drain(session: Session) -> int:
    """Recounts every household marked dirty that this transaction can see; how many."""
    if session.scalar(select(exists().where(DashboardDirty.household_id.is_not(None)))) is not True:
        return 0
    ids = sorted(session.scalars(delete(DashboardDirty).returning(DashboardDirty.household_id)))
    for start in range(0, len(ids), BATCH):
        recount(session, ids[start:start + BATCH])
    return len(ids)


def recount(session: Session, ids: list[int]) -> None:
    """Replaces these households' contributions to the counts by what they are now."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Household.id).where(Household.id.in_(ids)).order_by(Household.id).with_for_update())
    new = contributions(session, ids)
    old = {row.household_id: row for row in session.scalars(
        select(DashboardHousehold).where(DashboardHousehold.household_id.in_(ids)))}
    deltas: dict[tuple[str, str, str], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for household_id in ids:
        before = old[household_id].contribution if household_id in old else {"areas": [], "entries": []}
        after = new.get(household_id, {"areas": [], "entries": []})
        if before == after:
            continue
        _add(deltas, before, -1)
        _add(deltas, after, 1)
        if household_id in old:
            old[household_id].contribution = after
        else:
            session.add(DashboardHousehold(household_id=household_id, contribution=after))
    _apply(session, deltas)
    session.flush()


def _add(deltas: dict[tuple[str, str, str], list[Any]], state: dict[str, Any], sign: int) -> None:
    for key, day, n, baht in state["entries"]:
        amount = Decimal(baht) if baht != "0" else None
        for area in state["areas"]:
            total = deltas[(area, key, day)]
            total[0] += sign * n
            if amount is not None:
                total[1] += sign * amount


def _apply(session: Session, deltas: dict[tuple[str, str, str], list[Any]]) -> None:
    rows = [{"area_code": area, "key": key, "day": date.fromisoformat(day), "n": n, "amount": amount}
            for (area, key, day), (n, amount) in sorted(deltas.items()) if n or amount]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(DashboardCount)
    statement = statement.on_conflict_do_update(
        index_elements=["area_code", "key", "day"],
        set_={"n": DashboardCount.n + statement.excluded.n,
              "amount": DashboardCount.amount + statement.excluded.amount})
    for start in range(0, len(rows), BATCH):
        session.execute(statement, rows[start:start + BATCH])


def contributions(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each open household's areas and entries, from its own row, visits, problems, help and assistance."""
    from nlp.formatting import bangkok_date

    homes = session.scalars(select(Household).where(Household.id.in_(ids), Household.closed.is_(False))).all()
    entries: dict[int, Entries] = {home.id: _household_entries(home, bangkok_date) for home in homes}
    for household_id, key, day, n, baht in _related(session, list(entries), bangkok_date):
        counted = entries[household_id].setdefault((key, day.isoformat()), [0, Decimal(0)])
        counted[0] += n
        counted[1] += baht
    return {home.id: {"areas": [home.province_code, home.district_code, home.subdistrict_code],
                      "entries": [[key, day, n, str(baht)] for (key, day), (n, baht) in
                                  sorted(entries[home.id].items())]} for home in homes}


def _household_entries(home: Household, bangkok_date: Any) -> Entries:
    none = NO_DAY.isoformat()
    flags = {"target": True, "visited": home.last_visited_at is not None, "no_location": home.lat is None,
             "no_level": home.level is None, "complete": home.lat is not None and home.level is not None}
    found: Entries = {(key, none): [1, Decimal(0)] for key, on in flags.items() if on}
    if home.level is not None:
        found[(f"level:{home.level.value}", none)] = [1, Decimal(0)]
    if home.last_visited_at is not None:
        found[("last_visit", bangkok_date(home.last_visited_at).isoformat())] = [1, Decimal(0)]
    if home.next_follow_up_on is not None:
        found[("follow_up", home.next_follow_up_on.isoformat())] = [1, Decimal(0)]
    return found


Entry = tuple[int, str, date, int, Decimal]  # household, key, day, n, baht


def _related(session: Session, ids: list[int], bangkok_date: Any) -> Iterator[Entry]:
    """(household, key, day, n, baht) from the tables that hang off households."""
    if not ids:
        return
    zero = Decimal(0)
    for household_id in session.scalars(select(Visit.household_id).where(
            Visit.household_id.in_(ids), Visit.consent.is_(True)).distinct()):
        yield household_id, "consent", NO_DAY, 1, zero
    oldest = select(HelpRequest.household_id, func.min(HelpRequest.created_at)).where(
        HelpRequest.household_id.in_(ids), HelpRequest.status == HelpRequestStatus.OPEN).group_by(
        HelpRequest.household_id)
    for household_id, created in session.execute(oldest):
        yield household_id, "help_open", bangkok_date(created), 1, zero
    problems = select(Problem.household_id, Problem.dimension, Problem.status, func.count()).where(
        Problem.household_id.in_(ids)).group_by(Problem.household_id, Problem.dimension, Problem.status)
    for household_id, dimension, status, n in session.execute(problems):
        yield household_id, f"problem:{dimension.value}:{status.value}", NO_DAY, int(n), zero
    yield from _assistance(session, ids)
    visits = select(Visit.household_id, Visit.visited_on, Visit.level_assessed).where(
        Visit.household_id.in_(ids), Visit.level_assessed.is_not(None))
    for household_id, visited_on, level in session.execute(visits):
        yield household_id, f"visit_level:{level}", visited_on.replace(day=1), 1, zero


def _assistance(session: Session, ids: list[int]) -> Iterable[Entry]:
    given = select(Assistance.household_id, Assistance.type, Assistance.agency, Assistance.given_on,
                   Assistance.amount).where(Assistance.household_id.in_(ids))
    for household_id, kind, agency, given_on, amount in session.execute(given):
        month, baht = given_on.replace(day=1), amount or Decimal(0)
        yield household_id, f"assist_type:{kind.value}", month, 1, baht
        yield household_id, f"assist_agency:{agency}", month, 1, baht

