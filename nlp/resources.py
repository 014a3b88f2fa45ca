"""Read the data files under nlp/data/: comments start with '#', blank lines are ignored."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


def _content_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def read_words(name: str) -> tuple[str, ...]:
    """One entry per line."""
    return tuple(_content_lines(name))


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows; cells are stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _content_lines(name))


@cache
def read_yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
