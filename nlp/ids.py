"""National ID, house code and phone number, typed with spaces, dashes, Thai digits and words around them."""

from __future__ import annotations

import re
from collections.abc import Callable

from nlp.text import normalize, text_cache

# Digit groups separated by spaces, dashes, dots or brackets: "1-1661-31860-91-0", "(081) 234 5678".
_RUN = re.compile(r"[0-9]+(?:[\s\-.()]*[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_MOBILE = re.compile(r"0[689][0-9]{8}")
_LANDLINE = re.compile(r"0[2-7][0-9]{7}")
_SHORTEST, _LONGEST = 9, 13  # a landline without its 0 prefix … a national ID


def national_id_is_valid(digits: str) -> bool:
    """13 digits, first digit 1–8, check digit = (11 − Σ dᵢ·(13−i) mod 11) mod 10."""
    if len(digits) != 13 or not (digits.isascii() and digits.isdigit()) or digits[0] not in "12345678":
        return False
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


@text_cache
def _candidates(text: str) -> tuple[str, ...]:
    """Every run of whole digit groups next to each other with 9 to 13 digits, in reading order."""
    found = []
    for run in _RUN.finditer(text):
        groups = _GROUP.findall(run[0])
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) > _LONGEST:
                    break
                if len(digits) >= _SHORTEST:
                    found.append(digits)
    return tuple(found)


def _find(text: str, length: int, accept: Callable[[str], bool]) -> str | None:
    """The first candidate of `length` digits that is accepted."""
    found = (digits for digits in _candidates(normalize(text)) if len(digits) == length and accept(digits))
    return next(found, None)


def parse_national_id(text: str) -> str | None:
    """The 13-digit national ID in a message when its check digit is valid."""
    return _find(text, 13, national_id_is_valid)


def parse_house_code(text: str) -> str | None:
    """The 11-digit house code (รหัสประจำบ้าน) in a message; it has no check digit."""
    return _find(text, 11, str.isdigit)


def _national_phone(digits: str) -> str | None:
    if digits.startswith("66"):  # +66 81…, +66 (0)81…
        digits = "0" + digits[2:].removeprefix("0")
    return digits if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits) else None


def parse_phone(text: str) -> str | None:
    """A Thai phone number in national format (0812345678, 021234567); +66 and 66 prefixes are accepted."""
    for length in (10, 9, 11, 12):
        found = _find(text, length, lambda digits: _national_phone(digits) is not None)
        if found is not None:
            return _national_phone(found)
    return None
