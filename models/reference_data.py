"""Reference data loaded offline: areas from GeoThai (CC-BY-4.0) and the indicator catalogue."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import geothai
import yaml
from sqlalchemy.orm import Session

from models.area import Area
from models.database import upsert
from models.indicator import Indicator
from models.vocabulary import AreaLevel

INDICATORS_FILE = Path(__file__).parent / "data" / "indicators.yaml"
CURRENT_INDICATOR_VERSION = "bmn_2560"


def area_rows() -> list[dict[str, Any]]:
    """77 provinces, 928 districts and 7,436 subdistricts, parents before children."""
    rows: list[dict[str, Any]] = []
    for province in geothai.provinces():
        rows.append(_row(province, AreaLevel.PROVINCE, None))
        for district in geothai.districts(province.code):
            rows.append(_row(district, AreaLevel.DISTRICT, province.code))
            rows.extend(
                _row(sub, AreaLevel.SUBDISTRICT, district.code) for sub in geothai.subdistricts(district.code)
            )
    return rows


def _row(area: Any, level: AreaLevel, parent: str | None) -> dict[str, Any]:
    return {
        "code": area.code,
        "level": level,
        "name_th": area.name_th,
        "name_en": area.name_en,
        "parent_code": parent,
    }


@cache
def _catalogue() -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(INDICATORS_FILE.read_text(encoding="utf-8"))


def lacking(indicator: Indicator) -> str:
    """What is wrong when a household falls short of the indicator ("รายได้เฉลี่ยต่ำกว่าเกณฑ์"), not
    its target wording, which reads as if all were well."""
    items = _catalogue().get(indicator.version, [])
    found = next((i.get("lacking") for i in items if i["number"] == indicator.number), None)
    return found or f"ยังไม่ผ่านเกณฑ์: {indicator.text_th}"


def indicator_rows() -> list[dict[str, Any]]:
    catalogue = _catalogue()
    return [
        {
            "version": version,
            "number": item["number"],
            "dimension": item["dimension"],
            "text_th": item["th"],
            "text_en": item["en"],
        }
        for version, items in catalogue.items()
        for item in items
    ]


def seed_reference_data(session: Session) -> tuple[int, int]:
    """Idempotent: inserts what is missing and refreshes names; returns (areas, indicators)."""
    areas, indicators = area_rows(), indicator_rows()
    upsert(session, Area, areas, ["code"])
    upsert(session, Indicator, indicators, ["version", "number"])
    return len(areas), len(indicators)
