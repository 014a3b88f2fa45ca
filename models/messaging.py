"""The two ends of every conversation turn: webhook events in, LINE messages out."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, LargeBinary, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, utcnow


class InboxEvent(Base):
    """A webhook event as LINE sent it, stored once per webhookEventId; the payload is encrypted."""

    __tablename__ = "inbox_events"

    webhook_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    sender_id: Mapped[str | None] = mapped_column(String(64))
    source_type: Mapped[str] = mapped_column(String(16))
    event_type: Mapped[str] = mapped_column(String(32))
    event_timestamp: Mapped[int] = mapped_column(BigInteger)
    is_redelivery: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(default=0)
    oddity: Mapped[str | None] = mapped_column(String(120))
    """Why this event is odd (a shape line-bot-sdk's models reject, a derived id, …); None if not."""

    __table_args__ = (
        Index(
            "ix_inbox_events_odd",
            "received_at",
            postgresql_where=text("oddity IS NOT NULL"),
            sqlite_where=text("oddity IS NOT NULL"),
        ),
        Index(
            "ix_inbox_events_pending",
            "chat_id",
            "event_timestamp",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
    )


class DeliveryStatus(enum.Enum):
    PENDING = "pending"
    HELD = "held"
    DELIVERED = "delivered"
    FAILED = "failed"
    DEAD = "dead"


class OutboundMessage(Base):
    """Up to five LINE messages for one recipient (or a multicast list); its id is the retry key.

    A scheduled report carries a dedupe key (digest:<day>:<user id>), so a re-run never sends it twice.
    """

    __tablename__ = "outbound_messages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    recipient: Mapped[str | None] = mapped_column(String(64), index=True)
    recipients: Mapped[list[Any] | None] = mapped_column(JSON)
    reply_token: Mapped[str | None] = mapped_column(String(256))
    reply_until: Mapped[datetime | None]
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    urgent: Mapped[bool] = mapped_column(default=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    delivered_via: Mapped[str | None] = mapped_column(String(16))
    inbox_event_id: Mapped[str | None] = mapped_column(
        ForeignKey("inbox_events.webhook_event_id", ondelete="SET NULL")
    )
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True, index=True)

    __table_args__ = (
        Index(
            "ix_outbound_messages_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('pending', 'held')"),
            sqlite_where=text("status IN ('pending', 'held')"),
        ),
    )
