"""Short answers: yes/no and a forgiving match against the choices a dialog step offers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from nlp.resources import read_yaml
from nlp.text import compact, loose, loose_normalized, normalize, particle_variants, strip_trailing
from nlp.tokenizer import words

_HEAD = 40  # only the first words of a long message can answer yes or no
_CHOICE_CUTOFF = 80.0
_CHOICE_MARGIN = 5.0
_CONTAINED_FROM = 3  # shorter labels ("m", "f", "ชา") only match exactly


@dataclass(frozen=True)
class _YesNo:
    yes: frozenset[str]
    no: frozenset[str]
    unsure: frozenset[str]
    negations: frozenset[str]
    openings: tuple[str, ...]  # every word an answer can begin with
    verbs: frozenset[str]  # as typed: "ใช้" is not "ใช่" when more words follow


@lru_cache(maxsize=1)
def _yes_no() -> _YesNo:
    data = read_yaml("yes_no.yaml")
    yes, no, unsure, negations = (frozenset(loose(str(word)) or str(word) for word in data[key])
                                  for key in ("yes", "no", "unsure", "negations"))
    verbs = frozenset(normalize(str(word)) for word in data["verbs"])
    return _YesNo(yes, no, unsure, negations, tuple(yes | no | unsure | negations), verbs)


def _word_keys(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(key for key in (loose(token) for token in tokens) if key)


def parse_yes_no(text: str) -> bool | None:
    """True for yes (ใช่, ได้, มี, โอเค…), False for no (ไม่, ไม่ใช่, ไม่มี…), None when unsure or unclear."""
    norm = normalize(text)
    answers = _yes_no()
    typed = norm.replace(" ", "")  # emoji and one-word answers as typed
    if typed in answers.yes or typed in answers.no:
        return typed in answers.yes
    if not loose_normalized(norm[:_HEAD]).startswith(answers.openings):
        return None
    tokens = strip_trailing(words(norm[:_HEAD]))
    keys = _word_keys(tokens)
    whole = "".join(keys)
    if not keys or any(whole.startswith(word) for word in answers.unsure):
        return None
    if tokens[0] in answers.verbs and any(key not in answers.yes for key in keys[1:]):
        return None
    if whole in answers.no or keys[0] in answers.negations or "".join(keys[:2]) in answers.negations:
        return False
    return True if whole in answers.yes or keys[0] in answers.yes else None


@dataclass(frozen=True)
class _Choices:
    keys: tuple[str, ...]
    exact: dict[str, str]  # loose label -> key


@lru_cache(maxsize=256)
def _choices(items: tuple[tuple[str, tuple[str, ...]], ...]) -> _Choices:
    exact: dict[str, str] = {}
    for key, labels in items:
        for label in (key, *labels):
            exact.setdefault(loose(label) or compact(label), key)
    exact.pop("", None)
    return _Choices(tuple(key for key, _ in items), exact)


def _contained(text_key: str, table: _Choices) -> str | None:
    """The key of the longest label inside the answer, or of the only labels that contain the answer as
    a good part of themselves (a third or more: "ส่งต่อ" names "ส่งต่อหน่วยงาน", "อยู่" names nothing)."""
    inside = sorted((label for label in table.exact if len(label) >= _CONTAINED_FROM and label in text_key),
                    key=len, reverse=True)
    if inside and (len(inside) == 1 or len(inside[0]) > len(inside[1]) or
                   table.exact[inside[0]] == table.exact[inside[1]]):
        return table.exact[inside[0]]
    if len(text_key) < _CONTAINED_FROM:
        return None
    around = {key for label, key in table.exact.items()
              if text_key in label and len(label) <= 3 * len(text_key)}
    return around.pop() if len(around) == 1 else None


def match_choice(text: str, choices: Mapping[str, Sequence[str]]) -> str | None:
    """The key of `choices` (key -> Thai/English labels and aliases) an answer names, or None."""
    try:
        table = _choices(tuple((str(key), tuple(map(str, labels))) for key, labels in choices.items()))
    except (AttributeError, TypeError):
        return None
    candidates = [loose("".join(variant)) for variant in particle_variants(words(normalize(text)))]
    for candidate in candidates:
        if candidate in table.exact:
            return table.exact[candidate]
    number = compact(text)
    if number.isdigit() and 1 <= int(number) <= len(table.keys):
        return table.keys[int(number) - 1]
    key = candidates[-1]
    if not key:
        return None
    found = _contained(key, table)
    if found is not None:
        return found
    ranked = process.extract(key, list(table.exact), scorer=fuzz.ratio, score_cutoff=_CHOICE_CUTOFF, limit=5)
    if not ranked:
        return None
    best = table.exact[ranked[0][0]]
    rivals = [score for label, score, _ in ranked if table.exact[label] != best]
    return best if not rivals or ranked[0][1] - rivals[0] >= _CHOICE_MARGIN else None
