"""Alerts for supervisors and officers, written in the same transaction as their cause."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, utcnow
from models.sealed import SealedText


class AlertKind(enum.Enum):
    CRITICAL_HOUSEHOLD = "critical_household"
    HELP_REQUEST = "help_request"
    OVERDUE_FOLLOW_UP = "overdue_follow_up"
    VISIT_CHANGED = "visit_changed"


class AlertState(enum.Enum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    REVISIT_REQUESTED = "revisit_requested"


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AlertKind] = mapped_column(enum_column(AlertKind))
    dedupe_key: Mapped[str] = mapped_column(String(80), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    help_request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id", ondelete="SET NULL"))
    urgent: Mapped[bool] = mapped_column(default=False)
    reason_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    reason = SealedText[str]("")
    state: Mapped[AlertState] = mapped_column(enum_column(AlertState), default=AlertState.NEW)
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    acted_at: Mapped[datetime | None]
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revisit_by: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
