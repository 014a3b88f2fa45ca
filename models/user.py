"""LINE users, their roles and scopes, invite codes, and citizens' links to a household."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, utcnow
from models.vocabulary import Role


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.GUEST)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"), index=True)
    consent_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(16))
    notify: Mapped[bool] = mapped_column(default=False)
    alerts_muted: Mapped[bool] = mapped_column(default=False)
    following: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint("role IN ('guest', 'citizen') OR area_code IS NOT NULL", name="staff_has_scope"),
    )

    @property
    def can_be_pushed(self) -> bool:
        """Pushes go only to users who still follow the bot."""
        return self.following


class InviteCode(Base):
    """A single-use, expiring code that makes a LINE user staff of a role and area."""

    __tablename__ = "invite_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (CheckConstraint("role IN ('officer', 'supervisor', 'admin')", name="staff_role"),)


class LinkMethod(enum.Enum):
    NATIONAL_ID = "national_id_birth_date"
    CODE = "one_time_code"


class LinkCode(Base):
    """A one-time code an officer issues so a household member can link their LINE account.

    Only keyed hashes of the code are stored (HMAC with the blind-index key): of the whole code, and of
    its first characters (the locator), which finds the code a wrong guess was aimed at so its failures
    count against it.
    """

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_index: Mapped[bytes] = mapped_column(LargeBinary(32))
    locator_index: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    failures: Mapped[int] = mapped_column(default=0)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    __table_args__ = (
        Index(
            "uq_link_codes_unused",
            "code_index",
            unique=True,
            postgresql_where=text("used_at IS NULL"),
            sqlite_where=text("used_at IS NULL"),
        ),
    )


class CitizenLink(Base):
    """A LINE user linked to one person of a household; at most one active link per user."""

    __tablename__ = "citizen_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    method: Mapped[LinkMethod] = mapped_column(enum_column(LinkMethod, 32))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    unlinked_at: Mapped[datetime | None]

    __table_args__ = (
        Index(
            "uq_citizen_links_active",
            "user_id",
            unique=True,
            postgresql_where=text("unlinked_at IS NULL"),
            sqlite_where=text("unlinked_at IS NULL"),
        ),
    )
