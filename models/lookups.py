"""Finding households for the chat: by house code, national ID or name, always inside the caller's scope.

Every function takes the caller's area scope (2-, 4- or 6-digit code) and never returns a household
outside it. Results are small typed cards loaded in two queries, whatever their number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

import nlp
from models.area import Village
from models.case import Problem
from models.household import Household, Person
from models.name_search import NameMatch, display_name, match_names
from models.protection import DataProtector
from models.scope import in_scope, person_in_scope
from models.visit import Visit
from models.vocabulary import Dimension, ProblemStatus

OPEN_STATUSES = tuple(status for status in ProblemStatus if not status.is_closed)
_MATCHED = aliased(Person, name="matched_person")
"""The person a national ID lookup found, beside the subqueries that read the household's members."""
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
    last_visited_on: date | None
    _: KW_ONLY  # the columns above fill a card positionally; the fields below are given by keyword
    open_problems: dict[Dimension, int] = field(default_factory=dict)
    matched_name: str | None = None
    score: float | None = None


def find_by_house_code(session: Session, scope: str, house_code: str) -> HouseholdCard | None:
    """The household with this รหัสประจำบ้าน (typed with spaces, dashes or Thai digits) in scope."""
    code = nlp.parse_house_code(house_code)
    if code is None:
        return None
    return next(iter(_cards(session, Household.house_code == code, in_scope(scope)).values()), None)


def find_by_national_id(session: Session, protector: DataProtector, scope: str,
                        national_id: str) -> HouseholdCard | None:
    """The household of the person with this national ID, by blind index (works during a key rotation)."""
    number = nlp.parse_national_id(national_id)
    if number is None:
        return None
    return next(iter(_cards(session, _MATCHED.national_id_index.in_(protector.blind_indexes(number)),
                            in_scope(scope), person=_MATCHED).values()), None)


def search_by_name(session: Session, scope: str, fragment: str, village: str | None = None,
                   limit: int = 10) -> list[HouseholdCard]:
    """Households with a member whose name resembles the fragment, best match first."""
    key = nlp.name_key(fragment)
    if not key:
        return []
    conditions = [in_scope(scope)]
    if village:
        conditions.append(village_condition(village))
    matches: list[NameMatch] = match_names(session, key, conditions, limit, person_in_scope(scope))
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
    """Cards for the households, in the order given (one query, whatever their number)."""
    if not household_ids:
        return []
    cards = _cards(session, Household.id.in_(household_ids), matched=matched or {})
    return [cards[household_id] for household_id in household_ids if household_id in cards]


def _cards(session: Session, *conditions: ColumnElement[bool], person: Any = None,
           matched: dict[int, tuple[str, float]] | None = None) -> dict[int, HouseholdCard]:
    """Cards of the households meeting the conditions, in one query (a lookup is one round trip).
    With `person` (an alias of Person joined to its household, which the conditions may name), each
    card's matched name is that person's."""
    query = select(*_card_columns()).join(Village, Village.code == Household.village_code)
    if person is not None:
        query = query.join(person, person.household_id == Household.id).add_columns(display_name(person))
    cards = {}
    for row in session.execute(query.where(*conditions)):
        name, score = (row[-1], 1.0) if person is not None else (matched or {}).get(row[0]) or (None, None)
        problems = Counter(Dimension(value) for value in (row[9] or "").split(",") if value)
        cards[row[0]] = HouseholdCard(*row[:9], open_problems=dict(problems), matched_name=name, score=score)
    return cards


@cache
def _card_columns() -> tuple[Any, ...]:
    """What a card shows, the head of household, member count and open problems as correlated
    subqueries (built once: a lookup only adds its conditions)."""
    head = (select(display_name()).where(Person.household_id == Household.id)
            .order_by(Person.is_head.desc(), Person.birth_date).limit(1)
            .correlate(Household).scalar_subquery())
    members = (select(func.count()).where(Person.household_id == Household.id)
               .correlate(Household).scalar_subquery())
    open_problems = (select(func.aggregate_strings(Problem.dimension, ","))
                     .where(Problem.household_id == Household.id, Problem.status.in_(OPEN_STATUSES))
                     .correlate(Household).scalar_subquery())
    return (Household.id, Household.house_code, Household.house_no, Household.village_code, Village.name_th,
            Village.moo, head, members, last_visited_on(), open_problems)


def last_visited_on() -> Any:
    """The household's latest visit date (the day of the visit, not when its report was sent)."""
    return (select(func.max(Visit.visited_on)).where(Visit.household_id == Household.id)
            .correlate(Household).scalar_subquery())
