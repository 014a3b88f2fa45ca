"""One reason LINE would reject a request body."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    property: str
    message: str

    def __str__(self) -> str:
        return f"{self.property}: {self.message}" if self.property else self.message

    def detail(self) -> dict[str, str]:
        """The entry of `details` in LINE's 400 response."""
        return {"message": self.message, "property": self.property}


def join_path(prefix: str, *parts: str | int) -> str:
    """Property path in LINE's notation: join_path("messages", 0, "text") == "messages[0].text"."""
    path = prefix
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def path_of(parts: Iterable[str | int]) -> str:
    return join_path("", *parts)
