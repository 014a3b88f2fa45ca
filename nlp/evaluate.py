"""Accuracy of the language layer on a labelled TSV file, or what the lexicon finds in one sentence.

    python -m nlp.evaluate tests/nlp/dev-set.tsv        accuracy per kind and every miss
    python -m nlp.evaluate --explain "ยายป่วยติดเตียง"        words, lexicon terms and scores

File format: kind <TAB> text <TAB> expected, "-" for None. Dimension rows list the expected label first and
other acceptable labels after commas; a row is right when the best dimension is one of them.
A comment line containing "today = YYYY-MM-DD" sets the date that relative dates are read against.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import nlp
from nlp.dimensions import explain
from nlp.text import normalize
from nlp.tokenizer import words

_TODAY = re.compile(r"today\s*=\s*(\d{4}-\d{2}-\d{2})")
_NONE = "-"


@dataclass(frozen=True)
class Kind:
    read: Callable[[str, date], Any]
    expect: Callable[[str], Any]
    right: Callable[[Any, Any], bool] = lambda got, expected: got == expected


def _or_none(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda text: None if text == _NONE else convert(text)


def _dimension_right(got: list[str], expected: list[str]) -> bool:
    return got[:1] == expected[:1] if not expected or not got else got[0] in expected


KINDS: dict[str, Kind] = {
    "intent": Kind(lambda text, _: nlp.detect_intent(text), _or_none(str)),
    "money": Kind(lambda text, _: nlp.parse_money(text), _or_none(Decimal)),
    "quantity": Kind(lambda text, _: nlp.parse_quantity(text), _or_none(int)),
    "date": Kind(nlp.parse_date, _or_none(date.fromisoformat)),
    "national_id": Kind(lambda text, _: nlp.parse_national_id(text), _or_none(str)),
    "house_code": Kind(lambda text, _: nlp.parse_house_code(text), _or_none(str)),
    "phone": Kind(lambda text, _: nlp.parse_phone(text), _or_none(str)),
    "problem_status": Kind(lambda text, _: nlp.parse_problem_status(text), _or_none(str)),
    "yesno": Kind(lambda text, _: nlp.parse_yes_no(text), _or_none(lambda text: text.lower() == "true")),
    "dimension": Kind(lambda text, _: nlp.classify_dimensions(text),
                      lambda text: [] if text == _NONE else [label.strip() for label in text.split(",")],
                      _dimension_right),
}


@dataclass
class Tally:
    right: int = 0
    misses: list[str] = field(default_factory=list)

    def total(self) -> int:
        return self.right + len(self.misses)


def evaluate(path: Path, today: date | None = None) -> dict[str, Tally]:
    """Read a labelled file and score every row; the file's "today = …" comment applies unless given."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            if today is None and (found := _TODAY.search(line)):
                today = date.fromisoformat(found[1])
            continue
        kind, text, expected_text = [*line.split("\t"), "", ""][:3]
        check = KINDS.get(kind.strip())
        if check is None:
            continue
        got = check.read(text, today or date.today())
        expected = check.expect(expected_text.strip())
        tally = tallies[kind.strip()]
        if check.right(got, expected):
            tally.right += 1
        else:
            tally.misses.append(f"{text!r}: got {got!r}, expected {expected!r}")
    return dict(tallies)


def _explain(text: str) -> None:
    print("words:", " | ".join(words(normalize(text))))
    for matched, weights in explain(text):
        print(f"  {matched}: " + ", ".join(f"{dimension} {weight:g}" for dimension, weight in weights))
    print("scores:", nlp.score_dimensions(text), f"(ask the user below {nlp.CONFIDENT})")
    print("intent:", nlp.detect_intent(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="labelled TSV file")
    parser.add_argument("--explain", metavar="TEXT", help="show words, lexicon terms and scores for TEXT")
    parser.add_argument("--today", type=date.fromisoformat, help="date relative dates are read against")
    parser.add_argument("--min", type=float, default=0.0, help="exit 1 when a kind scores below this (0–1)")
    args = parser.parse_args(argv)
    nlp.warm_up()
    if args.explain is not None:
        _explain(args.explain)
        return 0
    if args.path is None:
        parser.error("give a TSV file or --explain TEXT")
    tallies = evaluate(args.path, args.today)
    worst = 1.0
    for kind, tally in tallies.items():
        share = tally.right / tally.total()
        worst = min(worst, share)
        print(f"{kind:<14} {tally.right:>4}/{tally.total():<4} {share:7.1%}")
    for kind, tally in tallies.items():
        for miss in tally.misses:
            print(f"MISS {kind}: {miss}")
    return 0 if worst >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
