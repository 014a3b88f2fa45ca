"""Alembic environment: runs on the connection the CLI hands over (see bot/cli/db.py)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import text

import models
from models.base import UTCDateTime

ADVISORY_LOCK_ID = 741_2569


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations spell the project's column types in plain SQLAlchemy, so they never import models."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    is_postgres = connection.dialect.name == "postgresql"
    if is_postgres:  # held until the caller commits: one transaction, so safe behind PgBouncer too
        connection.execute(text(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_ID})"))
    context.configure(
        connection=connection,
        target_metadata=models.Base.metadata,
        render_as_batch=not is_postgres,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
