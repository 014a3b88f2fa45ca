"""Commands in a message: exact aliases, aliases with a few words around them, then typo-tolerant matching."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from nlp.resources import read_yaml
from nlp.text import is_particle, loose, normalize, particle_suffixes, particle_variants, strip_trailing
from nlp.tokenizer import words

INTENTS = ("visit", "status", "cancel", "back", "skip", "help", "request_help", "confirm", "edit", "summary",
           "overdue", "link")
_MAX_CHARS = 80  # a longer message is free text, never a command
_MAX_EXTRA_WORDS = 4  # content words allowed around a phrase
_FUZZY_CHARS = range(4, 25)  # key lengths for which typos are forgiven
_LONG_KEY = 8  # from this length two typos are forgiven, below it one
_NEGATIONS = frozenset({"ไม", "ไมตอง", "อยา", "หาม", "ยังไม"})
_NEGATED = ("ไม", "ยังไม", "อยา", "หาม")  # no typo adds or removes one: "ได้ของแล้ว" is not "ไม่ต้องแล้ว"


@dataclass(frozen=True)
class AskedBefore:
    """A question about something asked for before: it refers back and ends with a question word."""

    intent: str
    refers: tuple[str, ...]
    asks: tuple[str, ...]

    def __call__(self, tokens: Sequence[str]) -> str | None:
        key = "".join(loose(token) for token in strip_trailing(tokens))
        return self.intent if key.endswith(self.asks) and any(word in key for word in self.refers) else None


@dataclass(frozen=True)
class Vocabulary:
    exact: dict[str, str]
    phrase_intent: dict[str, str]
    phrases: re.Pattern[str]
    fuzzy_keys: tuple[str, ...]
    asked_before: AskedBefore
    answers: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Loose keys of every alias in data/intents.yaml."""
    exact: dict[str, str] = {}
    phrase_intent: dict[str, str] = {}
    asked_before = AskedBefore("", (), ())
    data = read_yaml("intents.yaml")
    answers = frozenset(loose(str(answer)) for answer in data.get("answers", []))
    for intent, lists in data.items():
        if intent not in INTENTS:
            continue
        if "asked_before" in lists:
            refers, asks = (tuple(map(loose, lists["asked_before"][part])) for part in ("refers", "asks"))
            asked_before = AskedBefore(intent, refers, asks)
        for alias in [*lists.get("exact", []), *lists.get("phrases", [])]:
            exact.setdefault(loose(str(alias)), intent)
        for alias in lists.get("phrases", []):
            phrase_intent.setdefault(loose(str(alias)), intent)
    phrase_intent.pop("", None)
    exact.pop("", None)
    alternation = "|".join(map(re.escape, sorted(phrase_intent, key=len, reverse=True)))
    return Vocabulary(exact, phrase_intent, re.compile(alternation), tuple(exact), asked_before, answers)


def _phrase(tokens: Sequence[str], vocab: Vocabulary) -> str | None:
    """An alias phrase with at most a few content words around it, not right after a negation."""
    keys = [loose(token) for token in tokens]
    joined = "".join(keys)
    match = vocab.phrases.search(joined)
    if match is None:
        return None
    position, extra, previous = 0, 0, ""
    for token, key in zip(tokens, keys, strict=True):
        start, position = position, position + len(key)
        if position <= match.start():
            previous = key
        if (position <= match.start() or start >= match.end()) and key and not is_particle(token):
            extra += 1
    if extra > _MAX_EXTRA_WORDS or previous in _NEGATIONS:
        return None
    return vocab.phrase_intent[match[0]]


def _fuzzy(keys: Sequence[str], vocab: Vocabulary) -> str | None:
    """The intent of the alias within one typo (two for long keys) of a key, when no other intent is as near.

    A typo is a missing, extra, wrong or swapped letter (optimal string alignment distance).
    """
    best: list[tuple[str, int, int]] = []
    for key in keys:
        if len(key) in _FUZZY_CHARS:
            allowed = 1 if len(key) < _LONG_KEY else 2
            found = [match for match in process.extract(key, vocab.fuzzy_keys, scorer=OSA.distance,
                                                        score_cutoff=allowed, limit=5)
                     if match[0].startswith(_NEGATED) == key.startswith(_NEGATED)]
            if found and (not best or found[0][1] < best[0][1]):
                best = found
    if not best:
        return None
    intent = vocab.exact[best[0][0]]
    rivals = [distance for alias, distance, _ in best if vocab.exact[alias] != intent]
    return intent if not rivals or rivals[0] > best[0][1] else None


def detect_intent(text: str) -> str | None:
    """The command a message gives (one of INTENTS), or None for anything else."""
    norm = normalize(text)
    if not norm or len(norm) > _MAX_CHARS:
        return None
    vocab = vocabulary()
    tokens = words(norm)
    keys = [loose("".join(variant)) for variant in particle_variants(tokens)]
    if any(key in vocab.answers for key in keys):
        return None
    for key in [*keys, *particle_suffixes(keys[0])]:
        if key in vocab.exact:
            return vocab.exact[key]
    return vocab.asked_before(tokens) or _phrase(strip_trailing(tokens), vocab) or _fuzzy(keys, vocab)
