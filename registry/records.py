"""Validated household data on its way into the database (from a file or from the generator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from models.vocabulary import (
    AssistanceType,
    DevelopmentLevel,
    Dimension,
    HouseholdSource,
    ProblemStatus,
    Relation,
    Sex,
)


@dataclass(frozen=True)
class PersonRecord:
    first_name: str
    last_name: str
    national_id: str | None = None
    title: str | None = None
    birth_date: date | None = None
    sex: Sex = Sex.UNKNOWN
    relation: Relation = Relation.OTHER
    welfare_card: bool = False
    elderly: bool = False
    disabled: bool = False
    bedridden: bool = False
    chronic_illness: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ProblemRecord:
    """A problem in one dimension, with the failed indicator number when known."""

    dimension: Dimension
    indicator: int | None = None
    status: ProblemStatus = ProblemStatus.OPEN
    identified_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class AssistanceRecord:
    """Assistance given for the problem at index `problem` of its household's problem list."""

    problem: int
    type: AssistanceType
    agency: str
    given_on: date
    amount: Decimal | None = None
    quantity: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class HouseholdFields:
    """The household part of an import row; None means the file leaves the value alone."""

    house_code: str
    house_no: str
    village_code: str
    village_name: str | None = None
    source: HouseholdSource | None = None
    source_year: int | None = None
    lat: float | None = None
    lng: float | None = None


@dataclass
class HouseholdRecord:
    fields: HouseholdFields
    members: list[PersonRecord] = field(default_factory=list)
    problems: list[ProblemRecord] = field(default_factory=list)
    assistance: list[AssistanceRecord] = field(default_factory=list)
    level: DevelopmentLevel | None = None
