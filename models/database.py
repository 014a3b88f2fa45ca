"""Engines and sessions for PostgreSQL and the embedded SQLite default."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, create_engine, event, insert
from sqlalchemy import Enum as SQLEnum
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from models.dashboard_upkeep import keep_aggregates
from models.protection import DataProtector

SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str, **options: Any) -> Engine:
    """An engine tuned per backend: SQLite gets WAL, a busy timeout and immediate write locks."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **options)
    options.setdefault("pool_size", 5)
    options.setdefault("max_overflow", 10)
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, hide_parameters=True, **options)


def make_sessions(engine: Engine, protector: DataProtector | None = None) -> sessionmaker[Session]:
    """Sessions that seal and open free text (models.sealed) with this protector, and whose commits
    also keep the dashboard's aggregates (models.dashboard_upkeep)."""
    sessions = sessionmaker(engine, expire_on_commit=False, info={"protector": protector})
    keep_aggregates(sessions)
    return sessions


def _sqlite_engine(url: str, **options: Any) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"check_same_thread": False, "timeout": 10}
    engine = create_engine(url, hide_parameters=True, connect_args=connect_args, **options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def one_statement_transactions(engine: Engine) -> Iterator[Connection]:
    """A connection on which each statement commits by itself: on PostgreSQL one round trip, without
    BEGIN and COMMIT of their own (the webhook's hot path); on SQLite one immediate transaction."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        yield connection


def insert_new(
    target: Session | Connection, model: type[Any], rows: list[dict[str, Any]], key: Any
) -> list[Any]:
    """Inserts rows, skipping those whose unique key already exists; returns the keys inserted."""
    if not rows:
        return []
    connection = target.connection() if isinstance(target, Session) else target
    dialect_insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(model.__table__).on_conflict_do_nothing().returning(key)
    return list(connection.execute(statement, rows).scalars())


def upsert(
    session: Session, model: type[Any], rows: list[dict[str, Any]], keys: list[str], chunk: int = 1000
) -> None:
    """Inserts rows or, where the key exists, updates the other columns (in chunks SQLite accepts)."""
    dialect_insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        statement = dialect_insert(model).values(part)
        changed = {name: statement.excluded[name] for name in part[0] if name not in keys}
        session.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))


def bulk_insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Inserts many rows fast: COPY on PostgreSQL, one executemany on SQLite; Python defaults applied."""
    if not rows:
        return
    table: Table = model.__table__
    rows = _with_defaults(table, rows)
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, table, rows)
    else:
        session.execute(insert(table), rows)


def _with_defaults(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fills the columns the rows leave out with their Python-side defaults (COPY knows none of them)."""
    missing = [c for c in table.columns if c.key not in rows[0] and c.default is not None]
    if not missing:
        return rows
    filled = []
    for row in rows:
        extra = {c.key: c.default.arg(None) if c.default.is_callable else c.default.arg  # type: ignore[union-attr]
                 for c in missing}
        filled.append({**row, **extra})
    return filled


def _copy(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    # Only enumeration and JSON columns need converting; the rest go to COPY as they are (this loop
    # runs once per row of a million-household load, so it does no per-value work it can avoid).
    converted = [position for position, name in enumerate(columns)
                 if isinstance(table.c[name].type, SQLEnum | JSON)]
    cells = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            values = list(cells(row))
            for position in converted:
                values[position] = _copy_value(values[position])
            copy.write_row(values)


def _copy_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value
