"""Normalisation shared by every parser: Unicode forms, Thai digits, typing slips, match keys, particles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar, cast

from nlp.resources import read_yaml

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NOT_THAI_OR_ASCII = re.compile("[^\x00-\x7f\u0e00-\u0e7f]")  # only these need NFKC
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")
_SPACES = re.compile(r"\s+")
# A tone mark typed before an upper vowel ("ก่ี" for "กี่") and repeated combining marks ("ค่่ะ").
_TONE_BEFORE_VOWEL = re.compile("([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e37\u0e47])")
_REPEATED_MARK = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")
# Three or more identical Thai characters are a held-down key ("ยกเลิกกก").
_HELD_KEY = re.compile("([\u0e01-\u0e4e])\\1{2,}")
# Finds, in one pass, what the two patterns above repair and the slips _tidy replaces: sara e twice,
# nikhahit + sara aa, double spaces, line breaks and tabs.
_SLIP = re.compile("เเ|\u0e4d\u0e32|  |[\n\t\r]|"
                   "[\u0e48-\u0e4b][\u0e31\u0e34-\u0e37\u0e47]|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1")
_THAI_DIGIT = re.compile("[๐-๙]")
_NOT_KEY = re.compile("[^0-9a-z\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]+")
_SILENT_MARKS = str.maketrans("", "", "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# Letters that sound alike and are often typed for each other (ใ/ไ, ศ/ษ/ส, ณ/น, ธ/ท, ภ/พ, ฆ/ค).
SOUND_ALIKE = dict(zip("ใศษณธภฆ", "ไสสนทพค", strict=True))
_SOUND_ALIKE = str.maketrans(SOUND_ALIKE)


_Function = TypeVar("_Function", bound=Callable[..., Any])
_TEXT_CACHES: list[Any] = []


def text_cache(function: _Function) -> _Function:
    """An LRU cache for results computed from one text, emptied by clear_text_caches()."""
    cached = lru_cache(maxsize=4096)(function)
    _TEXT_CACHES.append(cached)
    return cast(_Function, cached)


def clear_text_caches() -> None:
    """Forget every per-text result (the benchmark uses this so that no message is answered from a cache)."""
    for cached in _TEXT_CACHES:
        cached.cache_clear()


def tidy(text: str) -> str:
    """Like normalize() but keeps letter case (for names)."""
    if not isinstance(text, str):
        return ""
    return _tidy(text)


@text_cache
def _tidy(text: str) -> str:
    """Each step runs only when a cheap search finds something for it to do: most messages need none."""
    if _NOT_THAI_OR_ASCII.search(text):
        text = _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))
    if _THAI_DIGIT.search(text):
        text = text.translate(_THAI_DIGITS)
    if _SLIP.search(text):
        text = _SPACES.sub(" ", text.replace("เเ", "แ").replace("\u0e4d\u0e32", "\u0e33"))
        text = _REPEATED_MARK.sub(r"\1", _TONE_BEFORE_VOWEL.sub(r"\2\1", text))
    return _HELD_KEY.sub(r"\1", text).strip()


def normalize(text: str) -> str:
    """NFKC, Thai digits to Arabic, no invisible characters or typing slips, single spaces, lower case."""
    return _normalize(text) if isinstance(text, str) else ""


@text_cache
def _normalize(text: str) -> str:
    return _tidy(text).lower()


def compact(text: str) -> str:
    """Match key: only Thai letters, Arabic digits and Latin letters of normalised text."""
    return _NOT_KEY.sub("", normalize(text))


@text_cache
def loose(text: str) -> str:
    """Forgiving match key: compact() without tone and silent marks, sound-alike letters merged."""
    return loose_normalized(normalize(text))


def loose_normalized(norm: str) -> str:
    """loose() of text that normalize() has already been through."""
    return _NOT_KEY.sub("", norm).translate(_SILENT_MARKS).translate(_SOUND_ALIKE)


@lru_cache(maxsize=1)
def _particles() -> tuple[frozenset[str], frozenset[str]]:
    data = read_yaml("particles.yaml")
    return frozenset(map(loose, data["trailing"])), frozenset(map(loose, data["leading"]))


def particle_variants(words: Sequence[str]) -> list[tuple[str, ...]]:
    """The words, then with polite particles dropped from the end one by one, then request words
    (ขอ, อยาก, ดู…) dropped from the start one by one; always at least one word."""
    trailing, leading = _particles()
    variants = [tuple(words)]
    while len(variants[-1]) > 1 and loose(variants[-1][-1]) in trailing:
        variants.append(variants[-1][:-1])
    while len(variants[-1]) > 1 and loose(variants[-1][0]) in leading:
        variants.append(variants[-1][1:])
    return variants


def particle_suffixes(key: str) -> list[str]:
    """A loose key without a polite particle glued to its end by the tokenizer ("ไมเอาละ" -> "ไมเอา")."""
    return [key[: -len(particle)] for particle in _particles()[0] if len(key) > len(particle) and
            key.endswith(particle)]


def strip_trailing(words: Sequence[str]) -> tuple[str, ...]:
    """Drop polite particles from the end, keeping at least one word."""
    trailing = _particles()[0]
    end = len(words)
    while end > 1 and loose(words[end - 1]) in trailing:
        end -= 1
    return tuple(words[:end])


def is_particle(word: str) -> bool:
    trailing, leading = _particles()
    key = loose(word)
    return key in trailing or key in leading
