"""Household changes waiting for a linked citizen's daily digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, utcnow
from models.vocabulary import ProblemStatus


class CitizenNotice(Base):
    """One change for one citizen: assistance recorded, or a problem's new status; sent once, in a digest."""

    __tablename__ = "citizen_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    assistance_id: Mapped[int | None] = mapped_column(ForeignKey("assistance.id", ondelete="CASCADE"))
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    status: Mapped[ProblemStatus | None] = mapped_column(enum_column(ProblemStatus))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_citizen_notices_user_sent", "user_id", "sent_at"),
        CheckConstraint("assistance_id IS NOT NULL OR problem_id IS NOT NULL", name="has_subject"),
    )
