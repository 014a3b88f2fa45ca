"""Who did what to which record, and which fields changed (never plaintext personal data)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.database import bulk_insert

PERSONAL_FIELDS = frozenset({
    "national_id", "national_id_cipher", "national_id_index", "phone",
    "title", "first_name", "last_name", "name_key", "birth_date", "sex", "relation",
    "elderly", "disabled", "bedridden", "chronic_illness", "welfare_card",
    "house_code", "house_no", "lat", "lng",
    "notes", "detail", "text",  # free text (visit notes, problem details, help requests) names people
})


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Change(NamedTuple):
    """One audited create, update or delete."""

    action: str
    object_type: str
    object_id: object
    changes: dict[str, Any]


def redact_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Keeps the names of changed personal fields but never their values; other values become JSON."""
    return {field: ("<changed>" if field in PERSONAL_FIELDS else _jsonable(value))
            for field, value in changes.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def record(session: Session, actor: str, action: str, obj_type: str, obj_id: object,
           changes: dict[str, Any] | None = None) -> None:
    """Adds one audit row to the session's transaction."""
    record_many(session, actor, [Change(action, obj_type, obj_id, changes or {})])


def record_many(session: Session, actor: str, entries: Iterable[Change], at: datetime | None = None) -> int:
    """Writes many audit rows in one bulk insert (COPY on PostgreSQL); returns how many."""
    rows = audit_rows(actor, entries, at or utcnow())
    bulk_insert(session, AuditLog, rows)
    return len(rows)


def audit_rows(actor: str, entries: Iterable[Change], at: datetime) -> list[dict[str, Any]]:
    """The AuditLog rows record_many writes, for a caller that writes them itself later."""
    return [{"actor": actor[:80], "action": e.action, "object_type": e.object_type,
             "object_id": str(e.object_id), "changes": redact_changes(e.changes), "at": at} for e in entries]
