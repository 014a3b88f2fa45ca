"""Chart images for LINE image messages: kept in the database, linked by an unguessable URL.

LINE fetches the image itself (originalContentUrl, previewImageUrl must be HTTPS in production, so
LOGBOOK_PUBLIC_URL must be the bot's public https address); `bot.web.chart_images` serves it. The
token is 43 random URL-safe characters.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from models import ChartImage

KEEP_DAYS = 56


def store(session: Session, area_code: str, png: bytes, now: datetime, public_base_url: str) -> str:
    """Keeps the image in the caller's transaction; returns its public URL."""
    token = secrets.token_urlsafe(32)
    session.add(ChartImage(token=token, area_code=area_code, png=png, created_at=now))
    return f"{public_base_url}/charts/{token}.png"


def prune(session: Session, now: datetime) -> int:
    """Forgets images older than KEEP_DAYS (their messages then show LINE's broken-image mark)."""
    cutoff = now - timedelta(days=KEEP_DAYS)
    deleted = session.execute(delete(ChartImage).where(ChartImage.created_at < cutoff))
    assert isinstance(deleted, CursorResult)  # a DELETE without RETURNING
    return deleted.rowcount
