"""How an old problem stands now, told in words: "ได้รับแล้ว", "ส่งต่อ รพ.สต. แล้ว", "แก้เองได้แล้ว"."""

from __future__ import annotations

from functools import lru_cache

from nlp.resources import read_yaml
from nlp.text import loose

PROBLEM_STATUSES = ("open", "in_progress", "referred", "helped", "self_resolved", "unresolvable")
_MAX_CHARS = 200  # a longer message is a story, not a status


@lru_cache(maxsize=1)
def _phrases() -> dict[str, str]:
    """Loose phrase -> status, from data/problem_statuses.yaml."""
    found = {loose(str(phrase)): status for status, phrases in read_yaml("problem_statuses.yaml").items()
             for phrase in phrases}
    found.pop("", None)
    return found


def parse_problem_status(text: str) -> str | None:
    """One of PROBLEM_STATUSES: the status of the longest phrase found in the text (of two as long, the one
    ending later); None when none is."""
    key = loose(text) if len(text) <= _MAX_CHARS else ""
    found = [(len(phrase), key.rfind(phrase) + len(phrase), status)
             for phrase, status in _phrases().items() if phrase in key]
    return max(found)[2] if found else None
