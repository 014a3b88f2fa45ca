"""Synthetic family members: who lives together, their Thai names, ages, titles and flags."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

import nlp
from models.vocabulary import Relation, Sex
from registry.records import PersonRecord

# (weight, shape): H head, S spouse, C child, P parent of the head, G grandchild.
SHAPES = ((10, "H"), (14, "HS"), (24, "HSC"), (8, "HC"), (14, "HSCG"), (12, "HSG"), (8, "HSCP"), (6, "HG"),
          (4, "HCP"))
_SHAPES, _SHAPE_WEIGHTS = [shape for _, shape in SHAPES], list(accumulate(weight for weight, _ in SHAPES))
_CHILDREN = {"H": (0, 0), "S": (0, 0), "C": (1, 3), "P": (1, 2), "G": (1, 3)}
Drawn = tuple[Relation, Sex, int, str]
"""A member before naming: relation, sex, age, last name."""
MAX_MEMBERS = 8
"""The largest family the shapes make (H S CCC GGG); national IDs leave room for exactly this many."""
# A bijection that spreads (house code, member) over the ID space (multiplier prime to 8·10^11).
_ID_SPACE, _ID_MULTIPLIER, _ID_SHIFT = 8 * 10**11, 613_651_349_117, 271_828_182_845


def national_id(house_code: str, member: int) -> str:
    """A valid-checksum ID unique to (house code, member index): generated people never share an ID."""
    sequence = ((int(house_code[:2]) - 10) * 10**9 + int(house_code[2:])) * MAX_MEMBERS + member
    body = (sequence * _ID_MULTIPLIER + _ID_SHIFT) % _ID_SPACE
    digits = f"{1 + body // 10**11}{body % 10**11:011d}"
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(digits)) % 11) % 10
    return digits + str(check)


@dataclass(frozen=True)
class NameLists:
    male: list[str]
    female: list[str]
    last: list[str]

    @classmethod
    def from_nlp(cls) -> NameLists:
        """pythainlp's lists, without names a reader would take for a title ("นาย", "นางนวล")."""
        return cls(*(_plain(names) for names in (nlp.thai_first_names("male"), nlp.thai_first_names("female"),
                                                 nlp.thai_last_names())))


def _plain(names: list[str]) -> list[str]:
    return [name for name in names if nlp.split_thai_name(name) == (None, name, "")]


class FamilyMaker:
    """Draws whole families from one random stream, so a seed always gives the same families."""

    def __init__(self, rng: random.Random, names: NameLists, as_of: date) -> None:
        self.rng, self.names, self.as_of = rng, names, as_of

    def family(self, house_code: str) -> list[PersonRecord]:
        """A whole household: the head first, each member with an ID derived from the house code."""
        rng = self.rng
        shape = rng.choices(_SHAPES, cum_weights=_SHAPE_WEIGHTS)[0]
        head_age = rng.randint(55, 85) if "G" in shape else rng.randint(24, 80)
        head_sex = Sex.MALE if rng.random() < 0.62 else Sex.FEMALE
        surname = rng.choice(self.names.last)
        drawn: list[Drawn] = [(Relation.HEAD, head_sex, head_age, surname)]
        for part in shape[1:]:
            low, high = _CHILDREN[part]
            drawn += [self._relative(part, head_sex, head_age, surname)
                      for _ in range(rng.randint(low, high) if high else 1)]
        return [self._person(*person, national_id(house_code, number)) for number, person in enumerate(drawn)]

    def _relative(self, part: str, head_sex: Sex, head_age: int, surname: str) -> Drawn:
        rng = self.rng
        if part == "S":
            sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
            own_name = rng.choice(self.names.last) if rng.random() < 0.2 else surname
            return Relation.SPOUSE, sex, max(18, head_age + rng.randint(-6, 6)), own_name
        sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
        if part == "P":
            return Relation.PARENT, sex, min(100, head_age + rng.randint(20, 32)), surname
        if part == "C":
            return Relation.CHILD, sex, max(0, head_age - rng.randint(20, 40)), surname
        return Relation.GRANDCHILD, sex, max(0, head_age - rng.randint(42, 60)), surname

    def _person(self, relation: Relation, sex: Sex, age: int, surname: str, number: str) -> PersonRecord:
        rng = self.rng
        born = self.as_of - timedelta(days=age * 365 + rng.randint(0, 364))
        first = rng.choice(self.names.male if sex == Sex.MALE else self.names.female)
        elderly = age >= 60
        return PersonRecord(
            first_name=first, last_name=surname, national_id=number, title=_title(sex, age, relation),
            birth_date=born, sex=sex,
            relation=relation, welfare_card=age >= 18 and rng.random() < 0.45, elderly=elderly,
            disabled=rng.random() < (0.08 if elderly else 0.02),
            bedridden=elderly and rng.random() < 0.04,
            chronic_illness=age >= 40 and rng.random() < (0.3 if elderly else 0.1),
        )


def _title(sex: Sex, age: int, relation: Relation) -> str:
    if age < 15:
        return "เด็กชาย" if sex == Sex.MALE else "เด็กหญิง"
    if sex == Sex.MALE:
        return "นาย"
    return "นาง" if relation in (Relation.HEAD, Relation.SPOUSE, Relation.PARENT) and age >= 25 else "นางสาว"
