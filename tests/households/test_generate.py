"""households generate: deterministic for a seed, valid IDs, real area codes in scope, families with cases."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

import nlp
from handlers.visit.visit_steps import distance_m
from models import Area, Assistance, AuditLog, Household, Indicator, Person, Problem, Village
from models.protection import open_national_id
from models.vocabulary import AreaLevel, Relation
from registry import loader, places
from registry.synthetic import Generator
from tests.households.helpers import run

SUMMARY = re.compile(r"households added: (\d+); persons: (\d+); problems: (\d+); assistance: (\d+); "
                     r"skipped \(house code or a national ID already present\): (\d+)")


def _generate(app, count: int, area: str, seed: int) -> tuple[int, ...]:
    result = run(app, "households", "generate", "--households", str(count), "--area", area,
                 "--seed", str(seed), "--actor", "cli:generator")
    assert result.exit_code == 0, result.output
    found = SUMMARY.search(result.stdout)
    assert found, result.stdout
    return tuple(int(number) for number in found.groups())


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _families(rt) -> dict[str, list[tuple]]:
    """house code -> its members as (first name, last name, birth date, national ID), sorted."""
    with rt.sessions() as session:
        rows = session.execute(select(Household.house_code, Person.id, Person.first_name, Person.last_name,
                                      Person.birth_date, Person.national_id_cipher)
                               .join(Person, Person.household_id == Household.id)).all()
    families: dict[str, list[tuple]] = {}
    for code, person_id, first, last, born, cipher in rows:
        number = open_national_id(rt.protector, person_id, cipher)
        families.setdefault(code, []).append((first, last, born, number))
    return {code: sorted(members) for code, members in families.items()}


def test_the_generator_is_deterministic_for_a_seed(rt):
    with rt.sessions() as session:
        subdistricts = sorted(loader.subdistrict_codes(session))
        catalogue = loader.indicator_catalogue(session)
    first, again, other = (list(Generator(seed, subdistricts, catalogue).households(60))
                           for seed in (4, 4, 5))
    assert first == again
    assert {r.fields.house_code for r in first}.isdisjoint({r.fields.house_code for r in other})
    assert len({r.fields.house_code for r in first}) == 60


def test_the_command_loads_exactly_what_the_seed_generates(app, rt):
    _generate(app, 25, "6501", 11)
    with rt.sessions() as session:
        subdistricts = [code for code in loader.subdistrict_codes(session) if code.startswith("6501")]
        catalogue = loader.indicator_catalogue(session)
    expected = {r.fields.house_code: sorted((m.first_name, m.last_name, m.birth_date, m.national_id)
                                            for m in r.members)
                for r in Generator(11, subdistricts, catalogue).households(25)}
    assert _families(rt) == expected


def test_generating_the_same_seed_again_adds_nothing(app, rt):
    added = _generate(app, 20, "6501", 2)
    models = (Household, Person, Problem, Assistance, AuditLog)
    with rt.sessions() as session:
        before = [_count(session, model) for model in models]
    assert _generate(app, 20, "6501", 2) == (0, 0, 0, 0, 20)
    with rt.sessions() as session:
        assert [_count(session, model) for model in models] == before
        assert before[:4] == list(added[:4])


def test_national_ids_have_valid_check_digits_and_are_unique(app, rt):
    _generate(app, 30, "6501", 8)
    numbers = [number for members in _families(rt).values() for *_, number in members]
    assert len(numbers) > 30
    assert all(nlp.parse_national_id(number) == number for number in numbers)
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("area", ["65", "6501", "650101"])
def test_households_get_real_area_codes_inside_the_area(app, rt, area):
    _generate(app, 30, area, 9)
    with rt.sessions() as session:
        subdistricts = set(session.scalars(select(Area.code).where(Area.level == AreaLevel.SUBDISTRICT)))
        households = session.scalars(select(Household)).all()
        villages = {v.code: v for v in session.scalars(select(Village))}
    assert len(households) == 30
    for house in households:
        subdistrict = house.subdistrict_code
        assert subdistrict in subdistricts and subdistrict.startswith(area)
        assert (house.district_code, house.province_code) == (subdistrict[:4], subdistrict[:2])
        assert house.village_code[:6] == subdistrict and house.house_code[:4] == house.district_code
        village = villages[house.village_code]
        assert village.moo == int(house.village_code[6:]) and village.name_th.startswith("บ้าน")


def test_families_have_one_head_thai_names_problems_and_assistance(app, rt):
    households, persons, problems, assistance, skipped = _generate(app, 60, "6501", 1)
    assert (households, skipped) == (60, 0) and persons > 60 and problems > 0 and assistance > 0
    thai_names = set(nlp.thai_first_names(""))
    with rt.sessions() as session:
        assert [_count(session, m) for m in (Household, Person, Problem, Assistance)] == [
            households, persons, problems, assistance]
        for house in session.scalars(select(Household)):
            heads = [m for m in house.members if m.is_head]
            assert len(heads) == 1 and heads[0].relation == Relation.HEAD and 1 <= len(house.members) <= 8
            assert all(m.first_name in thai_names and m.last_name for m in house.members)
        mismatched = session.scalar(select(func.count()).select_from(Problem)
                                    .join(Indicator, Indicator.id == Problem.indicator_id)
                                    .where(Indicator.dimension != Problem.dimension))
        orphans = session.scalar(select(func.count()).select_from(Assistance)
                                 .join(Problem, Problem.id == Assistance.problem_id)
                                 .where(Problem.household_id != Assistance.household_id))
        audited = session.scalars(select(AuditLog).where(AuditLog.object_type == "household")).all()
    assert (mismatched, orphans) == (0, 0)
    assert len(audited) == 60 and {(a.actor, a.action) for a in audited} == {("cli:generator", "create")}


def test_an_unknown_area_is_refused(app, rt):
    result = app.test_cli_runner().invoke(args=["households", "generate", "--households", "5",
                                                "--area", "6599"])
    assert result.exit_code == 1
    assert "no province, district or subdistrict has the code '6599'" in result.output
    with rt.sessions() as session:
        assert _count(session, Household) == 0


def test_generated_households_lie_near_their_subdistrict_and_its_province_seat(app, rt):
    """Positions are deterministic, within HOUSE_KM of the subdistrict's centre, and the demo district
    (อ.เมืองพิษณุโลก) stays near Phitsanulok town."""
    _generate(app, 40, "6501", 3)
    with rt.sessions() as session:
        houses = session.execute(select(Household.house_code, Household.subdistrict_code, Household.lat,
                                        Household.lng)).all()
    town = places.province_seats()["65"]
    assert len(houses) == 40
    for house_code, subdistrict, lat, lng in houses:
        centre = places.subdistrict_centre(subdistrict)
        assert places.house_position(subdistrict, house_code) == (lat, lng)
        assert _km(centre, (lat, lng)) <= places.HOUSE_KM + 0.01
        assert _km(town, (lat, lng)) <= places.SUBDISTRICT_KM + places.HOUSE_KM + 0.01
    assert len({(lat, lng) for *_, lat, lng in houses}) == 40


@pytest.mark.parametrize("subdistrict", ["500101", "501004", "830201", "961301", "100101"])
def test_every_subdistrict_gets_a_point_within_reach_of_its_province_seat(subdistrict):
    seat = places.province_seats()[subdistrict[:2]]
    reach = places.SUBDISTRICT_KM + (0 if subdistrict[2:4] == "01" else places.DISTRICT_KM)
    assert _km(seat, places.subdistrict_centre(subdistrict)) <= reach + 0.01
    assert places.subdistrict_centre("990101") is None
    assert len(places.province_seats()) == 77


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_m({"lat": a[0], "lng": a[1]}, {"lat": b[0], "lng": b[1]}) / 1000
