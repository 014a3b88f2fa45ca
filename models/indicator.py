"""The basic-minimum-needs indicator catalogue: data, versioned, revised every five years."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.vocabulary import Dimension


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(16))
    number: Mapped[int]
    dimension: Mapped[Dimension] = mapped_column(enum_column(Dimension))
    text_th: Mapped[str] = mapped_column(String(300))
    text_en: Mapped[str] = mapped_column(String(300))

    __table_args__ = (UniqueConstraint("version", "number", name="uq_indicators_version_number"),)
