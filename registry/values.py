"""Cell parsers for import files: each returns a value, None for an empty cell, or raises CellError."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import Enum
from functools import lru_cache

import nlp
from models.vocabulary import Dimension, HouseholdSource, LabelledEnum, Relation, Sex
from nlp.formatting import BE_OFFSET
from nlp.ids import national_id_is_valid
from registry.columns import header_key

THAILAND_LAT = (5.0, 21.0)
THAILAND_LNG = (97.0, 106.0)
OLDEST_BIRTH_YEAR = 1880


class CellError(ValueError):
    """A cell whose value cannot be used; the message is the reason shown in the error report."""


def digits(text: str) -> str:
    """Thai and Arabic digits as ASCII digits, everything else dropped."""
    if text.isascii() and text.isdigit():
        return text
    return "".join(str(unicodedata.digit(char)) for char in text if char.isdigit())


def _vocabulary(enum_class: type[LabelledEnum], extra: Mapping[str, Enum]) -> dict[str, Enum]:
    words: dict[str, Enum] = {}
    for member in enum_class:
        words[header_key(member.value)] = member
        words[header_key(member.label_th)] = member
    words.update({header_key(word): member for word, member in extra.items()})
    return words


SEXES = _vocabulary(Sex, {"ช": Sex.MALE, "m": Sex.MALE, "ญ": Sex.FEMALE, "f": Sex.FEMALE,
                          "1": Sex.MALE, "2": Sex.FEMALE})
SEX_OF_TITLE = {"นาย": Sex.MALE, "ด.ช.": Sex.MALE, "เด็กชาย": Sex.MALE,
                "นาง": Sex.FEMALE, "นางสาว": Sex.FEMALE, "น.ส.": Sex.FEMALE, "ด.ญ.": Sex.FEMALE,
                "เด็กหญิง": Sex.FEMALE}
RELATIONS = _vocabulary(Relation, {
    "หัวหน้า": Relation.HEAD, "เจ้าบ้าน": Relation.HEAD,
    "สามี": Relation.SPOUSE, "ภรรยา": Relation.SPOUSE, "ภริยา": Relation.SPOUSE, "wife": Relation.SPOUSE,
    "husband": Relation.SPOUSE,
    "ลูก": Relation.CHILD, "บุตรชาย": Relation.CHILD, "บุตรสาว": Relation.CHILD, "ลูกชาย": Relation.CHILD,
    "ลูกสาว": Relation.CHILD, "son": Relation.CHILD, "daughter": Relation.CHILD,
    "บิดา": Relation.PARENT, "มารดา": Relation.PARENT, "พ่อ": Relation.PARENT, "แม่": Relation.PARENT,
    "father": Relation.PARENT, "mother": Relation.PARENT,
    "หลานชาย": Relation.GRANDCHILD, "หลานสาว": Relation.GRANDCHILD,
    "พี่": Relation.SIBLING, "น้อง": Relation.SIBLING, "พี่ชาย": Relation.SIBLING, "พี่สาว": Relation.SIBLING,
    "น้องชาย": Relation.SIBLING, "น้องสาว": Relation.SIBLING,
    "ลุง": Relation.RELATIVE, "ป้า": Relation.RELATIVE, "น้า": Relation.RELATIVE, "อา": Relation.RELATIVE,
    "ปู่": Relation.RELATIVE, "ย่า": Relation.RELATIVE, "ตา": Relation.RELATIVE, "ยาย": Relation.RELATIVE,
    "อื่นๆ": Relation.OTHER, "อื่น ๆ": Relation.OTHER,
})
SOURCES = _vocabulary(HouseholdSource, {"จปฐ": HouseholdSource.BMN,
                                        "บัตรสวัสดิการ": HouseholdSource.WELFARE_CARD,
                                        "เติมเต็ม": HouseholdSource.FIELD_ADDED})
DIMENSIONS = _vocabulary(Dimension, {"บริการรัฐ": Dimension.PUBLIC_SERVICES, "เป็นอยู่": Dimension.LIVING})
FLAGS = {"1": True, "0": False, "x": True, "✓": True, "/": True, "-": False, "true": True, "false": False,
         "ใช่": True, "ไม่ใช่": False}  # the export's own words: reading them needs no word segmentation


def word(text: str, words: Mapping[str, Enum], what: str) -> Enum | None:
    if not text.strip():
        return None
    found = words.get(header_key(text))
    if found is None:
        raise CellError(f"ไม่รู้จัก{what} '{text.strip()}'")
    return found


def national_id(text: str) -> str | None:
    if not text.strip():
        return None
    plain = text.strip()
    if _plain_digits(plain, 13):  # as most files have it: no need to search the cell for digit groups
        parsed = plain if national_id_is_valid(plain) else None
    else:
        parsed = nlp.parse_national_id(text)
    if parsed is None:
        reason = "ไม่ครบ 13 หลัก" if len(digits(text)) != 13 else "หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ"
        raise CellError(f"เลขประจำตัวประชาชนไม่ถูกต้อง ({reason})")
    return parsed


def _plain_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def house_code(text: str) -> str:
    plain = text.strip()
    parsed = plain if _plain_digits(plain, 11) else nlp.parse_house_code(text) if plain else None
    if parsed is None:
        raise CellError("รหัสประจำบ้านต้องเป็นตัวเลข 11 หลัก")
    return parsed


def code(text: str, length: int, what: str) -> str | None:
    """An area code of exactly `length` digits (dashes and spaces allowed)."""
    if not text.strip():
        return None
    value = digits(text)
    if len(value) != length or re.search(r"[^\d\s\-]", text):
        raise CellError(f"{what}ต้องเป็นตัวเลข {length} หลัก")
    return value


def moo(text: str) -> int | None:
    """หมู่ number as written: '3', 'หมู่ 3', 'ม.3', '๓'."""
    if not text.strip():
        return None
    value = digits(text)
    if not value or not 1 <= int(value) <= 99:
        raise CellError("หมู่ที่ต้องเป็นตัวเลข 1–99")
    return int(value)


@lru_cache(maxsize=65536)
def birth_date(text: str, today: date) -> date | None:
    """Any date nlp reads (BE or CE, d/m/yyyy, Thai month names, ISO), not in the future."""
    if not text.strip():
        return None
    value = nlp.parse_date(text, today)
    if value is None or value.year < OLDEST_BIRTH_YEAR:
        raise CellError("วันเกิดไม่ถูกต้อง (ไม่มีวันที่นี้จริงหรืออ่านไม่ออก)")
    if value > today:
        raise CellError("วันเกิดอยู่ในอนาคต")
    return value


@lru_cache(maxsize=1024)
def flag(text: str) -> bool | None:
    if not text.strip():
        return None
    value = FLAGS.get(text.strip().lower())
    if value is None:
        value = nlp.parse_yes_no(text)
    if value is None:
        raise CellError(f"ค่า '{text.strip()}' ต้องเป็น ใช่/ไม่ใช่ (หรือ 1/0)")
    return value


def buddhist_year(text: str) -> int | None:
    """A year in BE or CE, kept as BE (2566)."""
    if not text.strip():
        return None
    value = int(digits(text) or 0)
    if 1900 <= value <= 2200:
        value += BE_OFFSET
    if not 2443 <= value <= 2743:
        raise CellError(f"ปีข้อมูลไม่ถูกต้อง '{text.strip()}'")
    return value


def coordinate(text: str, bounds: tuple[float, float]) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text.strip())
    except ValueError:
        raise CellError(f"พิกัดไม่ใช่ตัวเลข '{text.strip()}'") from None
    if not bounds[0] <= value <= bounds[1]:
        raise CellError("พิกัดอยู่นอกประเทศไทย")
    return value


def dimensions(text: str) -> list[Dimension]:
    parts = [part for part in re.split(r"[,;/|]+", text) if part.strip()]
    return [word(part, DIMENSIONS, "มิติ") for part in parts]  # type: ignore[misc]


def indicators(text: str, catalogue: Mapping[int, object]) -> list[int]:
    numbers = [int(digits(part)) for part in re.split(r"[,;/|\s]+", text) if digits(part)]
    unknown = [n for n in numbers if n not in catalogue]
    if unknown:
        raise CellError(f"ไม่มีตัวชี้วัดข้อ {', '.join(map(str, unknown))} ในเกณฑ์ จปฐ.")
    return numbers
