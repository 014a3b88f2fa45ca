"""Numbers written with digits, Thai digits, Thai number words and unit words, found inside free text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from nlp.matching import inside_word, trie_regex
from nlp.resources import read_words
from nlp.text import normalize, text_cache

_DIGIT_WORDS = {"ศูนย์": 0, "หนึ่ง": 1, "นึง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
                "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
_UNIT_WORDS = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}
_PIECE = trie_regex([*_DIGIT_WORDS, *_UNIT_WORDS, "ครึ่ง"])
WORD_NUMBER = re.compile(f"(?:{_PIECE.pattern})+")
_DIGITS = re.compile(r"[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?")
_NUMBER_TOKEN = re.compile(
    rf"(?P<digits>{_DIGITS.pattern})|(?P<thousand>(?<=[0-9])k(?![a-z]))|(?P<words>{WORD_NUMBER.pattern})")
_MILLION = Decimal(1_000_000)
_MAX_MILLIONS = 3  # ล้านล้าน is a trillion; longer chains are not amounts
_THOUSAND = "k"  # "2k", "2.5k"
# A single digit after a unit of a hundred or more is a colloquial shortening: สามพันห้า = 3,500.
_COLLOQUIAL_FROM = 100
_BARE_DIGITS = frozenset({"หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", *"123456789"})


@dataclass(frozen=True)
class _Atom:
    kind: str  # "n" number, "u" unit, "h" half (ครึ่ง)
    value: Decimal
    word: str


@dataclass(frozen=True)
class Span:
    """A number found in text and what stands around it."""

    value: Decimal
    before: str  # the text before it, without trailing spaces
    after: str  # the text after it, without leading spaces


def _piece_atom(piece: str) -> _Atom:
    if piece in _UNIT_WORDS:
        return _Atom("u", Decimal(_UNIT_WORDS[piece]), piece)
    if piece == "ครึ่ง":
        return _Atom("h", Decimal(0), piece)
    return _Atom("n", Decimal(_DIGIT_WORDS[piece]), piece)


def _atoms(token: str) -> list[_Atom]:
    if token[0].isdigit():
        return [_Atom("n", Decimal(token.replace(",", "")), token)]
    if token == _THOUSAND:
        return [_Atom("u", Decimal(1000), token)]
    return [_piece_atom(piece) for piece in _PIECE.findall(token)]


def _below_million(atoms: list[_Atom], colloquial: bool, outer: Decimal | None) -> Decimal | None:
    total, pending, last = Decimal(0), None, outer
    for atom in atoms:
        if atom.kind == "n":
            if pending is not None:
                return None
            pending = atom
        elif atom.kind == "h":
            if pending is not None or last is None:
                return None
            total += last / 2
        else:
            if pending is not None and pending.word == "ยี่" and atom.value != 10:
                return None
            amount = Decimal(1) if pending is None else pending.value
            pending = None
            total = (total + amount) * atom.value if last is not None and atom.value > last else (
                total + amount * atom.value)  # สิบห้าร้อย = 1,500
            last = atom.value
    if pending is None:
        return total
    if pending.word == "ยี่":
        return None
    if pending.word == "นึง" and last is not None:  # ร้อยนึง = a hundred
        return total
    if colloquial and last is not None and last >= _COLLOQUIAL_FROM and pending.word in _BARE_DIGITS:
        return total + pending.value * last / 10
    return total + pending.value


def _evaluate(atoms: list[_Atom], colloquial: bool) -> Decimal | None:
    millions = [i for i, atom in enumerate(atoms) if atom.kind == "u" and atom.value == _MILLION]
    if len(millions) > _MAX_MILLIONS:
        return None
    if not millions:
        return _below_million(atoms, colloquial, None) if atoms else None
    cut = millions[-1]
    high = _evaluate(atoms[:cut], colloquial) if cut else Decimal(1)
    low = _below_million(atoms[cut + 1 :], colloquial, _MILLION)
    return None if high is None or low is None else high * _MILLION + low


def _value(atoms: list[_Atom], colloquial: bool) -> Decimal | None:
    if len(atoms) == 1 and atoms[0].kind == "n":  # the common case: plain digits
        return atoms[0].value
    try:
        value = _evaluate(atoms, colloquial)
        if value is None or value != value.to_integral_value():
            return value
        return value.quantize(Decimal(1))
    except InvalidOperation:
        return None


def word_number(text: str, colloquial: bool = True) -> Decimal | None:
    """Value of a string that is only a number: "12", "สาม", "ยี่สิบเอ็ด", "2.5 หมื่น"."""
    atoms: list[_Atom] = []
    for token in normalize(text).split():
        if not (_DIGITS.fullmatch(token) or WORD_NUMBER.fullmatch(token)):
            return None
        atoms += _atoms(token)
    return _value(atoms, colloquial) if atoms else None


def _is_number_word(word: str) -> bool:
    return WORD_NUMBER.fullmatch(word) is not None


def _tokens(text: str) -> list[tuple[int, int, list[_Atom]]]:
    """(start, end, atoms) of digits, "k" after digits, and Thai number words that are words of their own."""
    return [(match.start(), match.end(), _atoms(match[0])) for match in _NUMBER_TOKEN.finditer(text)
            if match.lastgroup != "words" or not inside_word(text, *match.span(), welcome=_is_number_word)]


@text_cache
def spans(text: str, colloquial: bool) -> tuple[Span, ...]:
    """Every number in normalised text, in order. Tokens side by side belong to one number, and so do
    tokens one space apart next to a unit word ("3 พัน 5", "สองพัน ห้าร้อย")."""
    found: list[Span] = []
    start = end = 0
    atoms: list[_Atom] = []
    for first, last, parts in [*_tokens(text), (len(text) + 2, 0, [])]:
        gap = text[end:first]
        if atoms and parts and (gap == "" or (gap == " " and "u" in (atoms[-1].kind, parts[0].kind))):
            atoms += parts
            end = last
            continue
        if atoms and (value := _value(atoms, colloquial)) is not None:
            found.append(Span(value, text[:start].rstrip(), text[end:].lstrip()))
        start, end, atoms = first, last, list(parts)
    return tuple(found)


@lru_cache(maxsize=1)
def counters() -> frozenset[str]:
    return frozenset(read_words("counters.txt"))


@lru_cache(maxsize=1)
def _counter_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(counters(), key=len, reverse=True))))


def is_counted(span: Span) -> bool:
    """Whether a counting word (ถุง, คน, ครั้ง…) follows the number."""
    return _counter_pattern().match(span.after) is not None


def parse_quantity(text: str) -> int | None:
    """A count of things: "3", "๓ ถุง", "สามกระสอบ", "10 ชิ้น"; None without a whole number."""
    found = spans(normalize(text), True)
    counted = [span for span in found if is_counted(span)] or list(found)
    if not counted:
        return None
    value = counted[0].value
    return int(value) if value == value.to_integral_value() else None
