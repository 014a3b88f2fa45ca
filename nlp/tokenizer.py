"""Word segmentation: pythainlp's newmm over its word list plus the project's domain dictionary."""

from __future__ import annotations

from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import newmm
from pythainlp.util import Trie

from nlp.resources import read_tsv, read_words
from nlp.text import text_cache


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """pythainlp's Thai words, data/words.txt and the dimension terms."""
    terms = {row[0].replace(" ", "") for row in read_tsv("dimensions.tsv")}
    return frozenset(thai_words()) | frozenset(read_words("words.txt")) | terms


@lru_cache(maxsize=1)
def dictionary() -> Trie:
    """The segmentation dictionary as newmm's trie; building it takes most of warm_up()."""
    return Trie(dictionary_words())


@text_cache
def tokenize(text: str) -> tuple[str, ...]:
    """Words of normalised text, in order; single spaces between phrases are kept as " " tokens."""
    return tuple(newmm.segment(text, dictionary())) if text else ()


def words(text: str) -> tuple[str, ...]:
    """Words of normalised text without the spaces."""
    return tuple(word for word in tokenize(text) if not word.isspace())
