"""Per-year reference numbers such as VR-2569-000123, handed out atomically."""

from __future__ import annotations

from sqlalchemy import String, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base


class ReferenceCounter(Base):
    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)


def next_reference(session: Session, prefix: str, buddhist_year: int) -> str:
    """The next number for prefix and year, e.g. VR-2569-000123; safe under concurrent writers."""
    bump = (
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == buddhist_year)
        .values(value=ReferenceCounter.value + 1)
        .returning(ReferenceCounter.value)
    )
    value = session.scalar(bump)
    if value is None:
        try:
            with session.begin_nested():
                session.execute(insert(ReferenceCounter).values(prefix=prefix, year=buddhist_year, value=0))
        except IntegrityError:
            pass
        value = session.scalar(bump)
    return f"{prefix}-{buddhist_year}-{value:06d}"
