"""Submitted household visit reports and their photos."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, utcnow
from models.sealed import SealedText
from models.vocabulary import DevelopmentLevel


class Visit(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    visited_on: Mapped[date]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    consent: Mapped[bool] = mapped_column(default=False)
    level_assessed: Mapped[DevelopmentLevel | None] = mapped_column(enum_column(DevelopmentLevel))
    follow_up_on: Mapped[date | None]
    urgent: Mapped[bool] = mapped_column(default=False)
    notes_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    notes = SealedText[str]("")
    revision: Mapped[int] = mapped_column(default=1)


class AttachmentStatus(enum.Enum):
    PENDING = "pending"
    STORED = "stored"
    FAILED = "failed"


class Attachment(Base):
    """A photo sent in chat: fetched from LINE by a job while its content is still available."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_message_id: Mapped[str] = mapped_column(String(64), unique=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    status: Mapped[AttachmentStatus] = mapped_column(
        enum_column(AttachmentStatus, 8), default=AttachmentStatus.PENDING
    )
    storage_path: Mapped[str | None] = mapped_column(String(300))
    content_type: Mapped[str | None] = mapped_column(String(40))
    size: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
