"""Chart images for LINE image messages: stored in the database, served at GET /charts/<token>.png.

LINE fetches the image itself (originalContentUrl, previewImageUrl must be HTTPS in production, so
LOGBOOK_PUBLIC_URL must be the bot's public https address). The token is 43 random URL-safe
characters: the URL is the capability, and nothing else in it names an area or a person.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from flask import Blueprint, Response, abort
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot import runtime
from models import ChartImage

KEEP_DAYS = 56
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")

blueprint = Blueprint("charts", __name__)


@blueprint.get("/charts/<token>.png")
def chart(token: str) -> Response:
    if not TOKEN.fullmatch(token):
        abort(404)
    with runtime.current().sessions() as session:
        png = session.scalar(select(ChartImage.png).where(ChartImage.token == token))
    if png is None:
        abort(404)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "public, max-age=604800, immutable"})


def store(session: Session, area_code: str, png: bytes, now: datetime) -> str:
    """Keeps the image in the caller's transaction; returns its public URL."""
    token = secrets.token_urlsafe(32)
    session.add(ChartImage(token=token, area_code=area_code, png=png, created_at=now))
    return f"{runtime.current().settings.public_base_url}/charts/{token}.png"


def prune(session: Session, now: datetime) -> int:
    """Forgets images older than KEEP_DAYS (their messages then show LINE's broken-image mark)."""
    cutoff = now - timedelta(days=KEEP_DAYS)
    return session.execute(delete(ChartImage).where(ChartImage.created_at < cutoff)).rowcount
