"""Everything a handler may use: the transaction, the clock, the user, and the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from handlers.outbox import Outbox
from models import User
from models.audit import record
from models.protection import DataProtector
from nlp.formatting import bangkok_date


class Counters(Protocol):
    """Rate-limit counters that survive restarts (Redis in production)."""

    def hit(self, key: str, window_seconds: int) -> int:
        """Counts one more event under key; returns the count within the window."""

    def lock_out(self, key: str, seconds: int) -> None: ...

    def locked_for(self, key: str) -> int:
        """Seconds left of a lock-out, 0 when not locked."""

    def clear(self, key: str) -> None:
        """Forgets the count and any lock-out under key."""


@dataclass
class Turn:
    """What one event's handling reads once and shares: the user's draft as opened (the engine's
    `Loaded`), how many times a stored draft was decrypted, and the command of the message."""

    loaded: Any = None
    opened: int = 0
    command: tuple[str | None] | None = None


@dataclass
class Context:
    session: Session
    now: datetime
    user: User
    protector: DataProtector
    counters: Counters
    outbox: Outbox
    public_url: str
    dashboard_url: str = ""
    """the LIFF URL of the area dashboard, when the deployment has one (LINE_LIFF_ID)"""
    jobs: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    turn: Turn = field(default_factory=Turn)

    def audit(
        self, action: str, obj_type: str, obj_id: object, changes: dict[str, Any] | None = None
    ) -> None:
        """One audit row in this turn's transaction, with the user as its author."""
        record(self.session, f"user:{self.user.id}", action, obj_type, obj_id, changes)

    def request_job(self, name: str, *args: Any) -> None:
        """Asks for background work (by name) to start once this turn's transaction has committed."""
        self.jobs.append((name, args))

    @property
    def today(self) -> date:
        """Today in Thailand, the date officers and citizens mean."""
        return bangkok_date(self.now)
