"""One import row checked and turned into records, or the reasons it was rejected."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import nlp
from models.vocabulary import Dimension, HouseholdSource, Relation, Sex
from registry import values
from registry.columns import HeaderMap
from registry.formulas import restore
from registry.records import HouseholdFields, PersonRecord, ProblemRecord
from registry.values import CellError

ELDERLY_AGE = 60
T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class ImportRow:
    line: int
    household: HouseholdFields
    person: PersonRecord
    problems: tuple[ProblemRecord, ...] = ()


@dataclass
class Validator:
    """Checks rows against the header map, the known subdistricts and the indicator catalogue."""

    headers: HeaderMap
    subdistricts: frozenset[str]
    catalogue: Mapping[int, tuple[int, Dimension]]
    today: date
    default_source: HouseholdSource | None = None

    def check(self, line: int, cells: list[str]) -> ImportRow | list[RowError]:
        row = _Row(self, line, cells)
        household = row.household()
        person = row.person()
        problems = row.problems()
        if row.errors:
            return row.errors
        assert household is not None and person is not None
        return ImportRow(line, household, person, problems)


@dataclass
class _Row:
    rules: Validator
    line: int
    cells: list[str]
    errors: list[RowError] = field(default_factory=list)

    def text(self, name: str) -> str:
        """The cell's text, without the quote an export put before text a spreadsheet would run."""
        position = self.rules.headers.positions.get(name)
        if position is None or position >= len(self.cells):
            return ""
        return restore(self.cells[position].strip())

    def parse(self, name: str, parser: Callable[[str], T]) -> T | None:
        try:
            return parser(self.text(name))
        except CellError as error:
            self.fail(name, str(error))
            return None

    def fail(self, name: str, reason: str) -> None:
        self.errors.append(RowError(self.line, self.rules.headers.headers.get(name, name), reason))

    def household(self) -> HouseholdFields | None:
        house_code = self.parse("house_code", values.house_code)
        house_no = self.text("house_no")
        if not house_no:
            self.fail("house_no", "ไม่มีบ้านเลขที่")
        village = self.village()
        source = self.parse("source", lambda text: values.word(text, values.SOURCES, "แหล่งข้อมูล"))
        source = source or self.rules.default_source
        if source is None:
            self.fail("source", "ไม่ระบุแหล่งข้อมูล (tpmap, bmn, welfare_card, field_added)")
        year = self.parse("source_year", values.buddhist_year)
        lat = self.parse("lat", lambda text: values.coordinate(text, values.THAILAND_LAT))
        lng = self.parse("lng", lambda text: values.coordinate(text, values.THAILAND_LNG))
        if house_code is None or village is None or not house_no:
            return None
        return HouseholdFields(house_code, house_no, village, self.text("village_name") or None,
                               source, year, lat, lng)  # type: ignore[arg-type]

    def village(self) -> str | None:
        village = self.parse("village", lambda text: values.code(text, 8, "รหัสหมู่บ้าน"))
        if village is None and not self.text("village"):
            subdistrict = self.parse("subdistrict", lambda text: values.code(text, 6, "รหัสตำบล"))
            number = self.parse("moo", values.moo)
            if subdistrict is None or number is None:
                self.fail("village", "ไม่มีรหัสหมู่บ้าน (หรือรหัสตำบลกับหมู่ที่)")
                return None
            village = f"{subdistrict}{number:02d}"
        if village is not None and village[:6] not in self.rules.subdistricts:
            self.fail("village", f"ไม่พบตำบลรหัส {village[:6]} ในทะเบียนพื้นที่")
            return None
        return village

    def person(self) -> PersonRecord | None:
        title, first, last = self.name()
        birth = self.parse("birth_date", lambda text: values.birth_date(text, self.rules.today))
        sex = self.parse("sex", lambda text: values.word(text, values.SEXES, "เพศ"))
        relation = self.parse("relation_to_head",
                              lambda text: values.word(text, values.RELATIONS, "ความสัมพันธ์"))
        flags = {name: self.parse(name, values.flag)
                 for name in ("welfare_card", "elderly", "disabled", "bedridden", "chronic_illness")}
        if flags["elderly"] is None and birth is not None:
            flags["elderly"] = _age(birth, self.rules.today) >= ELDERLY_AGE
        national_id = self.parse("national_id", values.national_id)
        if not first:
            return None
        return PersonRecord(
            first_name=first, last_name=last, national_id=national_id, title=title, birth_date=birth,
            sex=sex or values.SEX_OF_TITLE.get(title or "", Sex.UNKNOWN),  # type: ignore[arg-type]
            relation=relation or Relation.OTHER,  # type: ignore[arg-type]
            **{name: bool(value) for name, value in flags.items()},
        )

    def name(self) -> tuple[str | None, str, str]:
        """Without a title cell, a title typed into the name ("นายสมชาย") is split off; full_name is split."""
        separate, title = "first_name" in self.rules.headers.positions, self.text("title") or None
        if separate and title:
            first, last = self.text("first_name"), self.text("last_name")
        else:
            found, first, last = _split(self.text("first_name" if separate else "full_name"))
            title = title or found
            if separate:
                first, last = f"{first} {last}".strip(), self.text("last_name")
        if not first:
            self.fail("first_name" if separate else "full_name", "ไม่มีชื่อ")
        return title, first, last

    def problems(self) -> tuple[ProblemRecord, ...]:
        catalogue = self.rules.catalogue
        numbers = self.parse("indicators", lambda text: values.indicators(text, catalogue)) or []
        named: list[Any] = self.parse("dimensions", values.dimensions) or []
        found = [ProblemRecord(catalogue[number][1], number) for number in dict.fromkeys(numbers)]
        covered = {problem.dimension for problem in found}
        found += [ProblemRecord(d) for d in dict.fromkeys(named) if d not in covered]
        return tuple(found)


def _split(written: str) -> tuple[str | None, str, str]:
    return nlp.split_thai_name(written) if written else (None, "", "")


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
