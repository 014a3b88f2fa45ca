"""A household's problems, the assistance given for them, and citizens' help requests."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, utcnow
from models.sealed import SealedText
from models.vocabulary import AssistanceType, Dimension, ProblemStatus


class Problem(Base):
    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("persons.id", ondelete="SET NULL"))
    dimension: Mapped[Dimension] = mapped_column(enum_column(Dimension))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    detail_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    detail = SealedText[str]("")
    status: Mapped[ProblemStatus] = mapped_column(enum_column(ProblemStatus), default=ProblemStatus.OPEN)
    identified_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_problems_household_status", "household_id", "status"),)


class Assistance(Base):
    __tablename__ = "assistance"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    type: Mapped[AssistanceType] = mapped_column(enum_column(AssistanceType))
    agency: Mapped[str] = mapped_column(String(200), default="")
    detail_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    detail = SealedText[str]("")
    amount: Mapped[Decimal | None]
    quantity: Mapped[int | None]
    given_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
    )


class Urgency(enum.Enum):
    URGENT = "urgent"
    SOON = "soon"
    NORMAL = "normal"


class HelpRequestStatus(enum.Enum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class HelpRequest(Base):
    """A citizen's request for help on their linked household (reference RQ-2569-000045)."""

    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    text = SealedText[str]("")
    dimensions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency, 8))
    phone_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone = SealedText[str | None](None)
    status: Mapped[HelpRequestStatus] = mapped_column(
        enum_column(HelpRequestStatus, 16), default=HelpRequestStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
