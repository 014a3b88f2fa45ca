"""Thai personal names: titles, search keys, and pythainlp's bundled name and province lists."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from pythainlp.corpus import provinces, thai_family_names, thai_female_names, thai_male_names

from nlp.resources import read_tsv
from nlp.text import loose, tidy

_NAME_START = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44a-zA-Z]")  # a consonant or a leading vowel


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[str, str], ...]:
    """(alias in lower case, title as returned), longest alias first."""
    pairs = [(row[0].lower(), row[-1] or row[0]) for row in read_tsv("titles.tsv")]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


def _needs_space(alias: str) -> bool:
    return "." not in alias and (len(alias) <= 2 or alias.isascii())


@lru_cache(maxsize=1)
def _title_prefixes() -> tuple[str, ...]:
    return tuple(alias for alias, _ in _titles())


def _strip_title(text: str) -> tuple[str | None, str]:
    lowered = text.lower()
    if not lowered.startswith(_title_prefixes()):  # most names: one C call instead of one per alias
        return None, text
    for alias, title in _titles():
        if not lowered.startswith(alias):
            continue
        rest = text[len(alias) :]
        if rest[:1] in ("", " ") or (not _needs_space(alias) and _NAME_START.match(rest)):
            return title, rest.strip()
    return None, text


def split_thai_name(text: str) -> tuple[str | None, str, str]:
    """(title, first name, last name) with titles and ranks removed; last name may be ""."""
    rest = tidy(text)
    titles: list[str] = []
    while True:
        title, rest = _strip_title(rest)
        if title is None:
            break
        titles.append(title)
    first, _, last = rest.partition(" ")
    return (" ".join(titles) or None), first, last


def name_key(text: str) -> str:
    """Key for fuzzy name search: no title, spaces, punctuation, tone or silent marks; sound-alikes merged.

    Tone marks and the silent mark (การันต์) are the marks most often left out or misplaced when typing a
    name on a phone, and letters that sound alike (ศ ษ ส, ณ น, ธ ท, ภ พ, ใ ไ) are often typed for each
    other, so "สมศักดิ์", "สมศักดิ" and "ส้มสักดิ์" share one key; compare keys with a fuzzy ratio for the rest.
    """
    _, first, last = split_thai_name(text)
    return loose(f"{first}{last}")


def thai_first_names(sex: str) -> list[str]:
    """Thai first names for "male"/"ชาย"/"m" or "female"/"หญิง"/"f"; both lists for anything else."""
    key = str(sex).strip().lower()
    if key in ("male", "m", "ชาย", "man", "boy"):
        return sorted(thai_male_names())
    if key in ("female", "f", "หญิง", "woman", "girl"):
        return sorted(thai_female_names())
    return sorted(set(thai_male_names()) | set(thai_female_names()))


def thai_last_names() -> list[str]:
    return sorted(thai_family_names())


def province_names() -> dict[str, str]:
    """Thai name -> English name of the 77 provinces."""
    # pythainlp types the result as either shape; details=True is always the list of dicts.
    return {row["name_th"]: row["name_en"] for row in cast(list[dict[str, str]], provinces(details=True))}
