"""The dashboard's aggregate tables (issue 16), kept in the same transaction as the base tables.

Triggers (migration 0008) put the id of every household whose row, visits, problems, assistance or help
requests change into `dashboard_dirty`; before the transaction commits, `models.dashboard_upkeep`
recomputes those households' contributions and adds the difference to `dashboard_counts`, one row per
(area, key, day) for each province, district and subdistrict. A key counts households (`target`,
`level:survive`, `last_visit` by day …), problems (`problem:health:open`) or assistance
(`assist_type:cash` by month, with its baht).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

NO_DAY = date(1900, 1, 1)
"""The day of a key that has none (a primary key column cannot be NULL)."""


class DashboardCount(Base):
    __tablename__ = "dashboard_counts"

    area_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    key: Mapped[str] = mapped_column(String(240), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    amount: Mapped[Decimal] = mapped_column(default=Decimal(0))


class DashboardHousehold(Base):
    """What one household adds to the counts now: its areas and its [key, day, n, baht] entries."""

    __tablename__ = "dashboard_households"

    household_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    contribution: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DashboardDirty(Base):
    """Households changed in this transaction (or left by a writer outside a session), to recount."""

    __tablename__ = "dashboard_dirty"

    household_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
