"""How LINE counts characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from emulator.validation.violation import Violation

_ZWJ = "\u200d"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, LINE's unit for most text limits (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def grapheme_len(text: str) -> int:
    """Approximate count of grapheme clusters, LINE's unit for action labels and template texts.

    Combining marks (Thai vowel and tone marks), SARA AM, variation selectors, emoji modifiers and
    ZWJ sequences join the preceding cluster; regional indicators pair into flags.
    """
    count = 0
    previous = ""
    open_flag = False
    for char in text:
        if count and (_extends(char) or previous == _ZWJ):
            previous = char
            continue
        if _is_regional_indicator(char):
            if open_flag:
                open_flag = False
                previous = char
                continue
            open_flag = True
        else:
            open_flag = False
        count += 1
        previous = char
    return count


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or code in (0x0E33, 0x0EB3)
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def too_long(prop: str, value: Any, limit: int, count: Callable[[str], int] = utf16_len) -> list[Violation]:
    """A violation when value is a string longer than limit (counted by `count`)."""
    if isinstance(value, str) and count(value) > limit:
        return [Violation(prop, f"Length must be between 0 and {limit}")]
    return []
