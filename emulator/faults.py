"""Failures to inject into Messaging API calls: 429, 500, timeout and drop."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal, cast

FaultKind = Literal["429", "500", "timeout", "drop"]
FAULT_KINDS: tuple[str, ...] = ("429", "500", "timeout", "drop")


@dataclass
class Fault:
    """A failure to inject into the next matching Messaging API call."""

    kind: FaultKind
    path: str | None = None
    delay: float = 3.0
    retry_after: int = 1

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Fault:
        """A fault from the control API's camelCase JSON; ValueError if it makes no sense."""
        kind = str(body.get("kind"))
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        return cls(
            cast(FaultKind, kind),
            body.get("path"),
            float(body.get("delay", 3.0)),
            int(body.get("retryAfter", 1)),
        )

    def matches(self, path: str) -> bool:
        return self.path is None or path.startswith(self.path)


class FaultQueue:
    """Pending faults, consumed oldest first by the calls they match."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault, count: int = 1) -> None:
        with self._lock:
            self._faults.extend([fault] * count)

    def take(self, path: str) -> Fault | None:
        """Remove and return the oldest pending fault that applies to path."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(path):
                    return self._faults.pop(index)
            return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
