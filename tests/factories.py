"""Small, explicit test data: a village, a household with members, its problems."""

from __future__ import annotations

import uuid
from datetime import date

import nlp
from models import Household, Person, Problem, Village
from models.protection import seal_national_id
from models.vocabulary import Dimension, HouseholdSource, ProblemStatus, Relation, Sex

SUBDISTRICT = "650101"  # ในเมือง, เมืองพิษณุโลก, พิษณุโลก
OTHER_DISTRICT_SUBDISTRICT = "650201"  # นครไทย


def village(session, subdistrict: str = SUBDISTRICT, moo: int = 3, name: str = "บ้านหนองบัว") -> Village:
    code = f"{subdistrict}{moo:02d}"
    found = session.get(Village, code)
    if found is None:
        found = Village(code=code, subdistrict_code=subdistrict, moo=moo, name_th=name)
        session.add(found)
        session.flush()
    return found


def household(
    session,
    protector,
    *,
    house_code: str = "65010000001",
    house_no: str = "12",
    subdistrict: str = SUBDISTRICT,
    moo: int = 3,
    members: tuple[tuple[str, str, str | None], ...] = (("สมชาย", "ใจดี", "1166131860910"),),
    lat: float | None = None,
    lng: float | None = None,
    **flags: bool,
) -> Household:
    """A household whose first member is the head; flags (elderly, bedridden…) go to the head."""
    home = village(session, subdistrict, moo)
    found = Household(
        house_code=house_code,
        house_no=house_no,
        village_code=home.code,
        subdistrict_code=subdistrict,
        district_code=subdistrict[:4],
        province_code=subdistrict[:2],
        source=HouseholdSource.TPMAP,
        source_year=2568,
        lat=lat,
        lng=lng,
    )
    session.add(found)
    session.flush()
    for index, (first, last, national_id) in enumerate(members):
        person = Person(
            id=uuid.uuid4(),
            household_id=found.id,
            first_name=first,
            last_name=last,
            name_key=nlp.name_key(f"{first} {last}"),
            birth_date=date(1960 + index * 20, 5, 17),
            sex=Sex.MALE if index % 2 == 0 else Sex.FEMALE,
            is_head=index == 0,
            relation=Relation.HEAD if index == 0 else Relation.CHILD,
            **(flags if index == 0 else {}),
        )
        if national_id:
            person.national_id_cipher, person.national_id_index = seal_national_id(
                protector, person.id, national_id
            )
        session.add(person)
    session.flush()
    session.refresh(found)
    return found


def problem(
    session, household_id: int, dimension: Dimension, detail: str, status: ProblemStatus = ProblemStatus.OPEN
) -> Problem:
    found = Problem(household_id=household_id, dimension=dimension, detail=detail, status=status)
    session.add(found)
    session.flush()
    return found
