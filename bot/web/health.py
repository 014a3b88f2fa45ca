"""GET /healthz (the process is alive) and GET /readyz (database and Redis reachable, and how many odd
webhook events arrived in the last 24 hours)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from bot.services import Services, services_of
from models import InboxEvent

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> Any:
    return jsonify(status="alive")


@blueprint.get("/readyz")
def readyz() -> Any:
    services = services_of(current_app)
    checks = {"database": _database_up(services), "redis": _redis_up(services)}
    down = [name for name, up in checks.items() if not up]
    body = {name: ("up" if up else "down") for name, up in checks.items()}
    if down:
        return jsonify(status="unavailable", down=down, **body), 503
    return jsonify(status="ready", odd_events=_odd_events(services), **body)


def _database_up(services: Services) -> bool:
    try:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def _redis_up(services: Services) -> bool:
    try:
        return bool(services.redis.ping())
    except RedisError:
        return False


def _odd_events(services: Services) -> int | None:
    """Events stored in the last 24 h that line-bot-sdk's models or our checks found odd."""
    since = services.now() - timedelta(hours=24)
    try:
        with services.sessions() as session:
            return session.scalar(
                select(func.count())
                .select_from(InboxEvent)
                .where(InboxEvent.oddity.is_not(None), InboxEvent.received_at >= since)
            )
    except SQLAlchemyError:
        return None
