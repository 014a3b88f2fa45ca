"""Import columns: canonical English names, the Thai header we write, and the aliases we accept."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple


class Column(NamedTuple):
    name: str
    thai: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("house_code", "รหัสประจำบ้าน", ("รหัสบ้าน", "เลขรหัสประจำบ้าน", "house_id", "hc")),
    Column("house_no", "บ้านเลขที่", ("เลขที่บ้าน", "เลขที่", "address_no")),
    Column("village", "รหัสหมู่บ้าน", ("village_code", "vill_code", "รหัสหมู่บ้าน 8 หลัก")),
    Column("village_name", "ชื่อหมู่บ้าน", ("หมู่บ้าน",)),
    Column("subdistrict", "รหัสตำบล", ("subdistrict_code", "tambon_code")),
    Column("moo", "หมู่ที่", ("หมู่", "village_no")),
    Column("national_id", "เลขประจำตัวประชาชน",
           ("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "citizen_id", "cid", "pid", "id_card")),
    Column("title", "คำนำหน้า", ("คำนำหน้าชื่อ", "prefix")),
    Column("first_name", "ชื่อ", ("firstname", "fname", "given_name")),
    Column("last_name", "นามสกุล", ("สกุล", "lastname", "lname", "surname", "family_name")),
    Column("full_name", "ชื่อ-นามสกุล", ("ชื่อ-สกุล", "ชื่อสกุล", "name", "fullname")),
    Column("birth_date", "วันเกิด", ("วันเดือนปีเกิด", "วัน/เดือน/ปีเกิด", "dob", "date_of_birth")),
    Column("sex", "เพศ", ("gender",)),
    Column("relation_to_head", "ความสัมพันธ์กับหัวหน้าครัวเรือน", ("ความสัมพันธ์", "relation", "relationship")),
    Column("welfare_card", "บัตรสวัสดิการแห่งรัฐ", ("บัตรสวัสดิการ", "บัตรคนจน", "welfare")),
    Column("elderly", "ผู้สูงอายุ", ("สูงอายุ",)),
    Column("disabled", "ผู้พิการ", ("คนพิการ", "พิการ", "disability")),
    Column("bedridden", "ผู้ป่วยติดเตียง", ("ติดเตียง",)),
    Column("chronic_illness", "โรคเรื้อรัง", ("ผู้ป่วยโรคเรื้อรัง", "chronic")),
    Column("source", "แหล่งข้อมูล", ("ที่มา", "ที่มาของข้อมูล")),
    Column("source_year", "ปีข้อมูล", ("ปีที่สำรวจ", "year")),
    Column("lat", "ละติจูด", ("latitude",)),
    Column("lng", "ลองจิจูด", ("longitude", "lon", "long")),
    Column("dimensions", "มิติปัญหา", ("มิติ", "problem_dimensions")),
    Column("indicators", "ตัวชี้วัดที่ไม่ผ่าน", ("ตัวชี้วัด", "จปฐ.ที่ไม่ผ่าน", "failed_indicators")),
)
THAI_HEADER = {column.name: column.thai for column in COLUMNS}
# Either of each group must be present; the first name in a group is the one reported when none is.
REQUIRED = (("house_code",), ("house_no",), ("village", "subdistrict"), ("first_name", "full_name"))
_SEPARATORS = re.compile(r"[\s_\-./()]+")


@lru_cache(maxsize=4096)
def header_key(header: str) -> str:
    """Headers match whatever their case, spacing and punctuation: 'House Code' = 'house_code'."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", header).lower().lstrip("\ufeff"))


_BY_KEY = {header_key(alias): column.name
           for column in COLUMNS for alias in (column.name, column.thai, *column.aliases)}


@dataclass(frozen=True)
class HeaderMap:
    """Which file column holds which field, and the file's own header text for error reports."""

    positions: dict[str, int]
    headers: dict[str, str]
    unknown: tuple[str, ...]
    missing: tuple[str, ...]


def map_headers(headers: list[str]) -> HeaderMap:
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        name = _BY_KEY.get(header_key(header))
        if name is None:
            if header.strip():
                unknown.append(header.strip())
        else:
            positions.setdefault(name, index)
    missing = tuple(group[0] for group in REQUIRED if not any(name in positions for name in group))
    if "subdistrict" in positions and "village" not in positions and "moo" not in positions:
        missing += ("moo",)
    return HeaderMap(positions, {name: headers[i].strip() for name, i in positions.items()},
                     tuple(unknown), missing)
