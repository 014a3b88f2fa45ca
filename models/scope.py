"""Area scopes: a user sees the households of one province, district or subdistrict."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from models.household import Household, Person

SCOPE_COLUMNS = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}


def scope_column(area_code: str) -> str:
    """The Household attribute an area code is compared to; ValueError for anything but 2, 4 or 6 digits."""
    column = SCOPE_COLUMNS.get(len(area_code)) if area_code.isascii() and area_code.isdigit() else None
    if column is None:
        raise ValueError("an area scope is a 2-, 4- or 6-digit province, district or subdistrict code")
    return column


def in_scope(area_code: str) -> ColumnElement[bool]:
    """The SQL condition that keeps only households inside the area."""
    return getattr(Household, scope_column(area_code)) == area_code


def person_in_scope(area_code: str) -> ColumnElement[bool]:
    """The same condition on a person's copy of the household's area codes (what the name index holds)."""
    return getattr(Person, scope_column(area_code)) == area_code


def covers(scope_code: str, household: Any) -> bool:
    """Whether a household (or any object with the Household area attributes) lies inside the scope."""
    return getattr(household, scope_column(scope_code)) == scope_code
