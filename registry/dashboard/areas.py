"""Where a dashboard view looks: an area inside the viewer's scope, its parents and its children.

Codes nest by prefix: province 65, district 6501, subdistrict 650101, village 65010101. A view's area
must start with the viewer's scope code and exist; anything else is refused before a query runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from models import Area, Household, Village

LEVELS = {2: "province", 4: "district", 6: "subdistrict", 8: "village"}
LEVEL_TH = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล", "village": "หมู่บ้าน"}
COLUMNS: dict[int, Any] = {2: Household.province_code, 4: Household.district_code,
                           6: Household.subdistrict_code, 8: Household.village_code}


@dataclass(frozen=True)
class Place:
    code: str
    level: str
    name: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "level": self.level, "level_th": LEVEL_TH[self.level], "name": self.name}


def is_area_code(code: str) -> bool:
    return code.isascii() and code.isdigit() and len(code) in LEVELS


def inside(scope: str, code: str) -> bool:
    """Whether the area lies in the scope (the scope itself included); both must be area codes."""
    return is_area_code(scope) and is_area_code(code) and code.startswith(scope)


def place(session: Session, code: str) -> Place | None:
    """The area or village with this code, or None."""
    if not is_area_code(code):
        return None
    if len(code) == 8:
        village = session.get(Village, code)
        return Place(code, "village", f"หมู่ {village.moo} {village.name_th}".strip()) if village else None
    area = session.get(Area, code)
    return Place(code, LEVELS[len(code)], area.name_th) if area else None


def trail(session: Session, scope: str, code: str) -> list[Place]:
    """The breadcrumb from the scope down to the area (each step a Place)."""
    steps = [code[:size] for size in (2, 4, 6, 8) if len(scope) <= size <= len(code)]
    return [found for step in steps if (found := place(session, step)) is not None]


def children(session: Session, code: str) -> list[Place]:
    """The areas one level down (villages under a subdistrict), in code order; none under a village."""
    if len(code) == 8:
        return []
    if len(code) == 6:
        villages = session.scalars(
            select(Village).where(Village.subdistrict_code == code).order_by(Village.code))
        return [Place(v.code, "village", f"หมู่ {v.moo} {v.name_th}".strip()) for v in villages]
    areas = session.scalars(select(Area).where(Area.parent_code == code).order_by(Area.code))
    return [Place(a.code, LEVELS[len(a.code)], a.name_th) for a in areas]


def households_in(code: str) -> ColumnElement[bool]:
    """The condition keeping the households of an area or village."""
    return COLUMNS[len(code)] == code
