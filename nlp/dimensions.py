"""Sort a free-text problem into the five TPMAP dimensions with a weighted lexicon found on word bounds."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from nlp.matching import find, inside_word, trie_regex
from nlp.resources import read_tsv
from nlp.text import SOUND_ALIKE, loose, loose_normalized, normalize
from nlp.tokenizer import dictionary_words

DIMENSIONS = ("health", "living", "education", "income", "public_services")
CONFIDENT = 0.6
"""Below this confidence for the best dimension the dialog should ask the user to choose."""
_DECISIVE = 3.0  # score at which a dimension is certain (one weight-3 term, or a 2 and a 1)
_SHOWN = 0.2  # classify_dimensions leaves out dimensions below this confidence
_LOOSE_FROM = 4  # shorter terms must be typed as listed ("หนี้" is not "หนี")
_MARKS = "[\u0e47-\u0e4e.]*"  # tone and silent marks, and the dots of abbreviations, typed or not

Weights = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Lexicon:
    exact: dict[str, Weights]  # normalised term -> weights
    loose: dict[str, Weights]  # loose key of a term of _LOOSE_FROM letters or more -> weights
    pattern: re.Pattern[str]  # every term, forgiving marks, dots and sound-alike letters


def _loose_letter(char: str) -> str:
    """A letter of a loose key: any of its sound-alikes, then any marks or dots."""
    alikes = "".join(sorted({char, *(letter for letter, canon in SOUND_ALIKE.items() if canon == char)}))
    return (re.escape(alikes) if len(alikes) == 1 else f"[{alikes}]") + _MARKS


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """data/dimensions.tsv keyed by normalised and loose forms of each term."""
    collected: dict[str, dict[str, float]] = defaultdict(dict)
    for term, dimension, weight in read_tsv("dimensions.tsv"):
        if dimension not in DIMENSIONS:
            raise ValueError(f"dimensions.tsv: unknown dimension {dimension!r} for {term!r}")
        collected[normalize(term).replace(" ", "")][dimension] = float(weight)
    exact = {term: tuple(weights.items()) for term, weights in collected.items()}
    loose_keys: dict[str, Weights] = {}
    for term, weights in exact.items():
        if len(loose(term)) >= _LOOSE_FROM:
            loose_keys.setdefault(loose(term), weights)
    return Lexicon(exact, loose_keys, trie_regex({loose(term) for term in exact}, _loose_letter))


def _weights(lex: Lexicon, typed: str) -> Weights | None:
    """Weights of a term as typed: as listed, or, for a longer term, with marks or sound-alike letters
    wrong, unless what was typed is a dictionary word of its own ("เพิ่ง" is not a misspelt "เพิง")."""
    weights = lex.exact.get(typed) or lex.exact.get(typed.rstrip("."))
    if weights is None and typed not in dictionary_words():
        weights = lex.loose.get(loose_normalized(typed))
    return weights


def explain(text: str) -> list[tuple[str, Weights]]:
    """The lexicon terms found in text on word boundaries (see nlp.matching), in order, as
    (text matched, weights)."""
    norm, lex = normalize(text), lexicon()

    def accept(start: int, end: int) -> bool:
        typed = norm[start:end]
        return _weights(lex, typed) is not None and not inside_word(norm, start, end, compounds=True)

    return [(match[0], _weights(lex, match[0]) or ()) for match in find(lex.pattern, norm, accept)]


def score_dimensions(text: str) -> list[tuple[str, float]]:
    """Dimensions with a confidence in 0..1, best first; confidence grows with evidence and its share."""
    scores: dict[str, float] = defaultdict(float)
    for _, weights in explain(text):
        for dimension, weight in weights:
            if weight > 0:
                scores[dimension] += weight
    if not scores:
        return []
    best = max(scores.values())
    ranked = sorted(scores.items(), key=lambda item: (-item[1], DIMENSIONS.index(item[0])))
    return [(dimension, round(min(1.0, score / _DECISIVE) * score / best, 3)) for dimension, score in ranked]


def classify_dimensions(text: str) -> list[str]:
    """Dimension codes that fit a problem description, best first; [] when nothing fits."""
    return [dimension for dimension, confidence in score_dimensions(text) if confidence >= _SHOWN]
