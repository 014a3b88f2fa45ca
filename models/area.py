"""Administrative areas (seeded from GeoThai) and villages (created by import)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, digits_check, enum_column
from models.vocabulary import AreaLevel


class Area(Base):
    """A province (2-digit code), district (4) or subdistrict (6)."""

    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    level: Mapped[AreaLevel] = mapped_column(enum_column(AreaLevel, 12))
    name_th: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"), index=True)
    office_phone: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (
        CheckConstraint(
            "(level = 'province' AND length(code) = 2) OR (level = 'district' AND length(code) = 4)"
            " OR (level = 'subdistrict' AND length(code) = 6)",
            name="code_matches_level",
        ),
        digits_check("code", (2, 4, 6), "code_digits"),
    )


class Village(Base):
    """หมู่บ้าน: 8-digit code = subdistrict code + หมู่ number."""

    __tablename__ = "villages"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    subdistrict_code: Mapped[str] = mapped_column(ForeignKey("areas.code"), index=True)
    moo: Mapped[int]
    name_th: Mapped[str] = mapped_column(String(120))

    __table_args__ = (
        digits_check("code", (8,), "code_digits"),
        CheckConstraint("moo BETWEEN 1 AND 99", name="moo_range"),
    )
