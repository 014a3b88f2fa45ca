"""Primary keys reserved ahead of inserts: for bulk loads and for rows sealed bound to their id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


def reserve_ids(session: Session, model: type[Any], count: int) -> list[int]:
    """Integer primary keys for rows about to be bulk-inserted in this transaction."""
    table: Table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        sequence = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
        return list(session.scalars(sequence, {"table": table.name, "n": count}))
    highest = session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0
    return list(range(highest + 1, highest + 1 + count))
