"""Find listed terms in running text on word boundaries without segmenting the whole text.

Segmenting a 30-word message with newmm costs more than the whole message may. Instead a trie-shaped
regular expression finds every listed term at C speed, and each find is checked against the segmentation
dictionary (pythainlp's words + data/words.txt + the lexicon): it is dropped when it starts or ends inside a
letter cluster, or when a longer dictionary word covers it ("ยา" in "ยาย", "ร้อย" in "เรียบร้อย",
"หลังคา" in "หลังคาเรือน"). That is the boundary newmm would draw for the term, at a fraction of the cost.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from nlp.tokenizer import dictionary_words

FOLLOWERS = frozenset("ะาำิีึืุูั็่้๊๋์ํฺๅ")  # cannot begin a word
LEADERS = frozenset("เแโใไ")  # cannot end a word
_REACH = 8  # how far a covering dictionary word may reach beyond the term on either side


def trie_regex(keys: Iterable[str], letter: Callable[[str], str] = re.escape) -> re.Pattern[str]:
    """One pattern matching any key, longest first, shaped as a trie so that matching stays fast."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [letter(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie) or "(?!)")


@lru_cache(maxsize=1)
def _lengths() -> dict[str, tuple[int, ...]]:
    """Dictionary word lengths by their first two letters, shortest first."""
    lengths: dict[str, set[int]] = {}
    for word in dictionary_words():
        if len(word) > 1:
            lengths.setdefault(word[:2], set()).add(len(word))
    return {prefix: tuple(sorted(found)) for prefix, found in lengths.items()}


def inside_word(text: str, start: int, end: int, welcome: Callable[[str], bool] | None = None,
                compounds: bool = False) -> bool:
    """Whether text[start:end] begins or ends inside a letter cluster or lies inside a longer dictionary word
    (one that does not cross a space).

    `welcome` names covering words that do not count ("ห้าร้อย" covers "ห้า" and is still a number). With
    `compounds`, neither does a word that is the term followed by another word: Thai compounds put their
    head first, so "ปวดท้อง" is a kind of "ปวด" (while "ยาย" is not "ยา" + a word).
    """
    if text[start] in FOLLOWERS or (end < len(text) and text[end] in FOLLOWERS) or (
            start > 0 and text[start - 1] in LEADERS):
        return True
    low = start if start == 0 or not _is_letter(text[start - 1]) else max(
        text.rfind(" ", 0, start) + 1, start - _REACH)
    high = text.find(" ", end, end + _REACH)
    high = min(len(text), end + _REACH) if high < 0 else high
    words, lengths, size = dictionary_words(), _lengths(), len(text)
    for first in range(low, start + 1):
        if first > low and (text[first] in FOLLOWERS or text[first - 1] in LEADERS):
            continue
        found = lengths.get(text[first : first + 2], ())
        for length in found[bisect_left(found, end - first) :]:
            last = first + length
            if last > high:
                break
            word = text[first:last]
            if word in words and (last == size or text[last] not in FOLLOWERS) and (
                    first != start or last != end) and not (welcome and welcome(word)) and not (
                    compounds and first == start and text[end:last] in words):
                return True
    return False


def _is_letter(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"


def find(pattern: re.Pattern[str], text: str, accept: Callable[[int, int], bool]) -> Iterator[re.Match[str]]:
    """Leftmost-longest matches of pattern that `accept(start, end)`; a rejected match is retried one
    letter further on."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if accept(*match.span()):
            yield match
            position = max(match.end(), match.start() + 1)
        else:
            position = match.start() + 1
