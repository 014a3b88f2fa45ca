"""Households and their members; national IDs are kept only as ciphertext plus a blind index."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, digits_check, enum_column, utcnow
from models.vocabulary import DevelopmentLevel, HouseholdSource, Relation, Sex


class Household(Base):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    house_code: Mapped[str | None] = mapped_column(String(11), unique=True)
    house_no: Mapped[str] = mapped_column(String(20))
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"), index=True)
    subdistrict_code: Mapped[str] = mapped_column(String(6), index=True)
    district_code: Mapped[str] = mapped_column(String(4), index=True)
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    source: Mapped[HouseholdSource] = mapped_column(enum_column(HouseholdSource))
    source_year: Mapped[int | None]
    level: Mapped[DevelopmentLevel | None] = mapped_column(enum_column(DevelopmentLevel))
    closed: Mapped[bool] = mapped_column(default=False)
    next_follow_up_on: Mapped[date | None] = mapped_column(index=True)
    last_visited_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    members: Mapped[list[Person]] = relationship(
        back_populates="household",
        order_by="Person.is_head.desc(), Person.birth_date",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        digits_check("house_code", (11,), "house_code_digits"),
        digits_check("subdistrict_code", (6,), "subdistrict_code_digits"),
    )

    @property
    def head(self) -> Person | None:
        return next((m for m in self.members if m.is_head), self.members[0] if self.members else None)


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80), default="")
    name_key: Mapped[str] = mapped_column(String(160))
    birth_date: Mapped[date | None]
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 8), default=Sex.UNKNOWN)
    relation: Mapped[Relation] = mapped_column(enum_column(Relation, 12), default=Relation.OTHER)
    is_head: Mapped[bool] = mapped_column(default=False)
    welfare_card: Mapped[bool] = mapped_column(default=False)
    elderly: Mapped[bool] = mapped_column(default=False)
    disabled: Mapped[bool] = mapped_column(default=False)
    bedridden: Mapped[bool] = mapped_column(default=False)
    chronic_illness: Mapped[bool] = mapped_column(default=False)
    national_id_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    national_id_index: Mapped[bytes | None] = mapped_column(LargeBinary(32), unique=True)
    # The household's area codes, kept by the database (triggers of migration 0005): a name search
    # within an area reads only that area's entries of the index below.
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(4))
    subdistrict_code: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    household: Mapped[Household] = relationship(back_populates="members")

    __table_args__ = (
        Index(
            "ix_persons_area_name_trgm",
            "province_code",
            "district_code",
            "subdistrict_code",
            "name_key",
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        ),
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
