"""Finding households for the chat: by house code, national ID or name, always inside the caller's scope.

Every function takes the caller's area scope (2-, 4- or 6-digit code) and never returns a household
outside it. Results are small typed cards loaded in two queries, whatever their number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

import nlp
from models.area import Village
from models.case import Problem
from models.household import Household, Person
from models.name_search import NameMatch, display_name, match_names
from models.protection import DataProtector
from models.scope import in_scope
from models.vocabulary import Dimension, ProblemStatus

OPEN_STATUSES = tuple(status for status in ProblemStatus if not status.is_closed)
_MOO = re.compile(r"^(?:หมู่(?:ที่)?|ม\.?)?\s*(\d{1,2})$")


@dataclass(frozen=True)
class HouseholdCard:
    """What a carousel bubble shows for one household."""

    household_id: int
    house_code: str | None
    house_no: str
    village_code: str
    village_name: str
    moo: int
    head_name: str | None
    member_count: int
    last_visited_at: datetime | None
    open_problems: dict[Dimension, int] = field(default_factory=dict)
    matched_name: str | None = None
    score: float | None = None


def find_by_house_code(session: Session, scope: str, house_code: str) -> HouseholdCard | None:
    """The household with this รหัสประจำบ้าน (typed with spaces, dashes or Thai digits) in scope."""
    code = nlp.parse_house_code(house_code)
    if code is None:
        return None
    found = session.scalar(select(Household.id).where(Household.house_code == code, in_scope(scope)))
    return next(iter(household_cards(session, [found])), None) if found is not None else None


def find_by_national_id(session: Session, protector: DataProtector, scope: str,
                        national_id: str) -> HouseholdCard | None:
    """The household of the person with this national ID, by blind index (works during a key rotation)."""
    number = nlp.parse_national_id(national_id)
    if number is None:
        return None
    row = session.execute(
        select(Person.household_id, display_name())
        .join(Household, Household.id == Person.household_id)
        .where(Person.national_id_index.in_(protector.blind_indexes(number)), in_scope(scope))
    ).first()
    if row is None:
        return None
    return household_cards(session, [row[0]], matched={row[0]: (row[1], 1.0)})[0]


def search_by_name(session: Session, scope: str, fragment: str, village: str | None = None,
                   limit: int = 10) -> list[HouseholdCard]:
    """Households with a member whose name resembles the fragment, best match first."""
    key = nlp.name_key(fragment)
    if not key:
        return []
    conditions = [in_scope(scope)]
    if village:
        conditions.append(village_condition(village))
    matches: list[NameMatch] = match_names(session, key, conditions, limit)
    return household_cards(session, [m.household_id for m in matches],
                           matched={m.household_id: (m.name, m.score) for m in matches})


def village_condition(village: str) -> ColumnElement[bool]:
    """Narrows to one village: an 8-digit code, a หมู่ number ('3', 'หมู่ 3', 'ม.3') or part of its name."""
    text = unicodedata.normalize("NFKC", village).strip()
    ascii_text = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    if len(ascii_text) == 8 and ascii_text.isdigit():
        return Household.village_code == ascii_text
    if match := _MOO.match(ascii_text):
        return func.substr(Household.village_code, 7, 2) == f"{int(match[1]):02d}"
    named = select(Village.code).where(Village.name_th.contains(text, autoescape=True))
    return Household.village_code.in_(named)


def household_cards(session: Session, household_ids: Sequence[int],
                    matched: dict[int, tuple[str, float]] | None = None) -> list[HouseholdCard]:
    """Cards for the households, in the order given: one query for the households, one for problems."""
    if not household_ids:
        return []
    head = (select(display_name()).where(Person.household_id == Household.id)
            .order_by(Person.is_head.desc(), Person.birth_date).limit(1).scalar_subquery())
    members = select(func.count()).where(Person.household_id == Household.id).scalar_subquery()
    rows = session.execute(
        select(Household.id, Household.house_code, Household.house_no, Household.village_code,
               Village.name_th, Village.moo, head, members, Household.last_visited_at)
        .join(Village, Village.code == Household.village_code)
        .where(Household.id.in_(household_ids))
    ).all()
    problems: dict[int, dict[Dimension, int]] = {}
    for household_id, dimension, count in session.execute(
            select(Problem.household_id, Problem.dimension, func.count())
            .where(Problem.household_id.in_(household_ids), Problem.status.in_(OPEN_STATUSES))
            .group_by(Problem.household_id, Problem.dimension)):
        problems.setdefault(household_id, {})[Dimension(dimension)] = count
    matched = matched or {}
    cards = {row[0]: HouseholdCard(*row, open_problems=problems.get(row[0], {}),  # type: ignore[misc]
                                   matched_name=matched.get(row[0], (None,))[0],
                                   score=matched.get(row[0], (None, None))[1]) for row in rows}
    return [cards[household_id] for household_id in household_ids if household_id in cards]
