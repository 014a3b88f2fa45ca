"""The lookups of bench.households: a random sample of people, timed lookups, realistic name fragments."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.common import Figures
from bot.services import Services
from models import Household, Person
from models.lookups import HouseholdCard, find_by_house_code, find_by_national_id, search_by_name
from models.protection import open_national_id

WARM_UP = 50
"""Untimed lookups first (connection pool, prepared plans), as a running bot would have done them."""
LEAK_CHECKS = 200
"""Lookups with another district's scope, which must find nothing."""
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
NEAR_LETTERS = dict(zip("ดตบปขคชซรลนมงวยญกถอฮ", "ตดปบคขซชลรมนวงญยถกฮอ", strict=True))
"""Letters typed for each other (look or sound alike, or sit side by side on the Kedmanee keyboard)."""


@dataclass(frozen=True)
class Sampled:
    household_id: int
    house_code: str
    district: str
    national_id: str
    first_name: str
    last_name: str


@dataclass
class Measured:
    figures: Figures
    found: int = 0
    leaks: int = 0
    leak_checks: int = 0
    scope: str = "district"


def sample_people(rt: Services, rng: random.Random, count: int) -> list[Sampled]:
    """One random member of each of `count` random households, national ID decrypted."""
    with rt.sessions() as session:
        highest = session.scalar(select(func.max(Household.id))) or 0
        ids = rng.sample(range(1, highest + 1), min(highest, count * 2))
        rows = session.execute(
            select(Person.id, Person.national_id_cipher, Person.first_name, Person.last_name, Household.id,
                   Household.house_code, Household.district_code)
            .join(Household, Household.id == Person.household_id)
            .where(Household.id.in_(ids), Person.national_id_cipher.is_not(None))).all()
    members: dict[int, list[Any]] = {}
    for row in rows:
        members.setdefault(row[4], []).append(row)
    chosen = [rng.choice(found) for found in members.values()][:count]
    rng.shuffle(chosen)
    return [Sampled(row[4], row[5], row[6], open_national_id(rt.protector, row[0], row[1]),
                    row[2], row[3]) for row in chosen]


def _timed(rt: Services, look: Callable[[Any], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    with rt.sessions() as session:
        answer = look(session)
    return answer, (time.perf_counter() - started) * 1000


def _lookups(rt: Services, sample: list[Sampled],
             find: Callable[[Any, str, Sampled], HouseholdCard | None]) -> Measured:
    for person in sample[:WARM_UP]:
        _timed(rt, lambda session, p=person: find(session, p.district, p))
    latencies, found = [], 0
    started = time.perf_counter()
    for person in sample:
        card, ms = _timed(rt, lambda session, p=person: find(session, p.district, p))
        latencies.append(ms)
        found += card is not None and card.household_id == person.household_id
    seconds = time.perf_counter() - started
    measured = Measured(Figures(len(latencies), seconds, latencies, 0), found)
    districts = sorted({p.district for p in sample})
    for person in sample[:LEAK_CHECKS]:
        other = next(d for d in districts[districts.index(person.district) + 1:] + districts
                     if d != person.district)
        card, _ = _timed(rt, lambda session, p=person, d=other: find(session, d, p))
        measured.leak_checks += 1
        measured.leaks += card is not None
    return measured


def by_house_code(rt: Services, sample: list[Sampled]) -> Measured:
    return _lookups(rt, sample, lambda session, scope, p: find_by_house_code(session, scope, p.house_code))


def by_national_id(rt: Services, sample: list[Sampled]) -> Measured:
    return _lookups(rt, sample, lambda session, scope, p: find_by_national_id(
        session, rt.protector, scope, p.national_id))


def typo(rng: random.Random, name: str) -> str:
    """One slip of a phone keyboard: tone marks left out, a near letter, or a letter dropped."""
    slip = rng.choice(("marks", "letter", "drop"))
    if slip == "marks" and any(mark in name for mark in TONE_MARKS):
        return "".join(c for c in name if c not in TONE_MARKS)
    spots = [i for i, c in enumerate(name) if i and c in NEAR_LETTERS]
    if slip != "drop" and spots:
        at = rng.choice(spots)
        return name[:at] + NEAR_LETTERS[name[at]] + name[at + 1:]
    at = rng.randrange(1, len(name)) if len(name) > 2 else len(name)
    return name[:at] + name[at + 1:]


FRAGMENTS: dict[str, Callable[[random.Random, Sampled], str]] = {
    "full name": lambda rng, p: f"{p.first_name} {p.last_name}",
    "first name": lambda rng, p: p.first_name,
    "surname": lambda rng, p: p.last_name,
    "first name + start of surname": lambda rng, p: f"{p.first_name} {p.last_name[:3]}",
    "typo in full name": lambda rng, p: f"{typo(rng, p.first_name)} {p.last_name}",
    "typo in first name": lambda rng, p: typo(rng, p.first_name),
}


def name_searches(rt: Services, rng: random.Random, sample: list[Sampled], count: int) -> dict[str, Measured]:
    """`count` searches within the person's district, spread over the kinds of fragment; found = the
    person's household among the (at most 10) cards returned."""
    people = [sample[i % len(sample)] for i in range(count)]
    for person in people[:WARM_UP]:
        _timed(rt, lambda session, p=person: search_by_name(session, p.district, p.first_name))
    measured: dict[str, Measured] = {}
    every: list[float] = []
    started = time.perf_counter()
    for index, person in enumerate(people):
        kind = list(FRAGMENTS)[index % len(FRAGMENTS)]
        fragment = FRAGMENTS[kind](rng, person)
        cards, ms = _timed(rt, lambda session, p=person, f=fragment: search_by_name(session, p.district, f))
        entry = measured.setdefault(kind, Measured(Figures(0, 0.0, [], 0)))
        entry.figures.latencies_ms.append(ms)
        entry.figures.count += 1
        entry.found += any(card.household_id == person.household_id for card in cards)
        every.append(ms)
    total = Measured(Figures(len(every), time.perf_counter() - started, every, 0),
                     sum(m.found for m in measured.values()))
    return {"all fragments": total, **measured}


def provinces_for(rt: Services, rows_wanted: int) -> list[tuple[str, int]]:
    """A province with about `rows_wanted` person rows, or the largest few that together reach it."""
    with rt.sessions() as session:
        counts = session.execute(select(Household.province_code, func.count())
                                 .join(Person, Person.household_id == Household.id)
                                 .group_by(Household.province_code)).all()
    closest = min(counts, key=lambda row: abs(row[1] - rows_wanted))
    if closest[1] >= rows_wanted * 0.8:
        return [(closest[0], closest[1])]
    chosen: list[tuple[str, int]] = []
    for code, count in sorted(counts, key=lambda row: -row[1]):
        if sum(n for _, n in chosen) >= rows_wanted:
            break
        chosen.append((code, count))
    return chosen


def concatenate_csv(parts: list[Path], target: Path) -> int:
    """One CSV (BOM and header once) from exported parts; returns its data rows."""
    rows = 0
    with target.open("wb") as out:
        for number, part in enumerate(parts):
            lines = part.read_bytes().splitlines(keepends=True)
            out.writelines(lines if number == 0 else lines[1:])
            rows += len(lines) - 1
    return rows
