"""Fuzzy Thai name matching on persons.name_key: pg_trgm on PostgreSQL, LIKE plus rapidfuzz on SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, String, case, func, literal, select
from sqlalchemy.orm import Session

from models.household import Household, Person

WORD_SIMILARITY = 0.5
"""pg_trgm word_similarity a name must reach (set per query with SET LOCAL)."""
FUZZ_SCORE = 0.7
"""rapidfuzz score (0–1) a name must reach on SQLite."""
SQLITE_CANDIDATES = 2000
"""Names sharing the most trigrams with the query that SQLite hands to rapidfuzz."""
ROWS_PER_HOUSEHOLD = 4


@dataclass(frozen=True)
class NameMatch:
    household_id: int
    name: str
    score: float


def display_name(person: Any = Person) -> ColumnElement[str]:
    """Title, first and last name as one string ('นายสมชาย ใจดี'), of Person or an alias of it."""
    return func.coalesce(person.title, "") + person.first_name + " " + person.last_name


def match_names(session: Session, key: str, conditions: Sequence[ColumnElement[bool]],
                limit: int, person_scope: ColumnElement[bool] | None = None) -> list[NameMatch]:
    """The best `limit` households whose members' name keys resemble `key`, best first.

    `person_scope` (models.scope.person_in_scope) repeats the area condition on the persons' own copy
    of their area codes: on PostgreSQL the name index then reads only the area's entries."""
    if session.get_bind().dialect.name == "postgresql":
        scoped = [*conditions, person_scope] if person_scope is not None else conditions
        rows = _postgres_matches(session, key, scoped, limit * ROWS_PER_HOUSEHOLD)
    else:
        rows = _sqlite_matches(session, key, conditions)
    best: dict[int, NameMatch] = {}
    for match in sorted(rows, key=lambda m: (-m.score, m.household_id)):
        best.setdefault(match.household_id, match)
    return list(best.values())[:limit]


def _postgres_matches(session: Session, key: str, conditions: Sequence[ColumnElement[bool]],
                      rows: int) -> list[NameMatch]:
    session.execute(select(func.set_config("pg_trgm.word_similarity_threshold", str(WORD_SIMILARITY), True)))
    query = literal(key, String)
    score = func.word_similarity(query, Person.name_key)
    found = session.execute(
        select(Person.household_id, display_name(), score)
        .join(Household, Household.id == Person.household_id)
        .where(query.op("<%")(Person.name_key), *conditions)
        .order_by(score.desc(), Person.household_id)
        .limit(rows)).tuples()
    return [NameMatch(household_id, name, float(value)) for household_id, name, value in found]


def _sqlite_matches(session: Session, key: str, conditions: Sequence[ColumnElement[bool]]) -> list[NameMatch]:
    grams = {key[i:i + 3] for i in range(len(key) - 2)} or {key}
    shared: Any = sum(case((Person.name_key.contains(gram, autoescape=True), 1), else_=0) for gram in grams)
    found = session.execute(
        select(Person.household_id, display_name(), Person.name_key)
        .join(Household, Household.id == Person.household_id)
        .where(shared > 0, *conditions)
        .order_by(shared.desc())
        .limit(SQLITE_CANDIDATES))
    matches = (NameMatch(household_id, name, _score(key, name_key)) for household_id, name, name_key in found)
    return [match for match in matches if match.score >= FUZZ_SCORE]


def _score(key: str, name_key: str) -> float:
    """Like pg_trgm's word_similarity: how well the query matches the best part of the name."""
    scorer = fuzz.partial_ratio if len(key) <= len(name_key) else fuzz.ratio
    return scorer(key, name_key) / 100
