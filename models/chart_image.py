"""Chart images the bot serves to LINE at /charts/<token>.png (kept in the database, so any web host can)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ChartImage(Base):
    __tablename__ = "chart_images"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(6))
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
