"""Plausible, deterministic positions for generated households (synthetic data has no survey GPS).

GeoThai has no coordinates, so the project carries one small table: the approximate position of each
province's seat (its เมือง district's town centre, to about a kilometre; data/province_seats.csv).
From it, every area code gets a point the same way on every run:

- a province's เมือง district (code `PP01`) is centred on the seat; any other district somewhere within
  DISTRICT_KM of it;
- a subdistrict is centred within SUBDISTRICT_KM of its district's centre;
- a house lies within HOUSE_KM of its subdistrict's centre.

The points are for demos and tests (a visit's distance check, a map): near the right town, not surveyed.
"""

from __future__ import annotations

import csv
import hashlib
import math
from functools import cache
from pathlib import Path

SEATS_FILE = Path(__file__).parent / "data" / "province_seats.csv"
DISTRICT_KM = 20.0
SUBDISTRICT_KM = 5.0
HOUSE_KM = 0.6
KM_PER_DEGREE = 111.32

Point = tuple[float, float]


@cache
def province_seats() -> dict[str, Point]:
    with SEATS_FILE.open(encoding="utf-8", newline="") as rows:
        return {row["province_code"]: (float(row["lat"]), float(row["lng"])) for row in csv.DictReader(rows)}


@cache
def subdistrict_centre(code: str) -> Point | None:
    """The centre given to a 6-digit subdistrict code; None for a province the table does not have."""
    seat = province_seats().get(code[:2])
    if seat is None:
        return None
    district = seat if code[2:4] == "01" else near(seat, f"district/{code[:4]}", DISTRICT_KM)
    return near(district, f"subdistrict/{code[:6]}", SUBDISTRICT_KM)


def house_position(subdistrict: str, house_code: str) -> Point | None:
    """A point within HOUSE_KM of the subdistrict's centre, the same for a house code on every run."""
    centre = subdistrict_centre(subdistrict)
    return None if centre is None else near(centre, f"house/{house_code}", HOUSE_KM)


def near(centre: Point, key: str, radius_km: float) -> Point:
    """A point spread evenly over the disc of radius_km around centre, chosen by key."""
    digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
    u, v = (int.from_bytes(digest[i : i + 8], "big") / 2**64 for i in (0, 8))
    distance, bearing = radius_km * math.sqrt(u), 2 * math.pi * v
    lat = centre[0] + distance * math.cos(bearing) / KM_PER_DEGREE
    lng = centre[1] + distance * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(centre[0])))
    return round(lat, 6), round(lng, 6)

