"""Schema commands: flask --app wsgi db upgrade [REVISION] | db revision -m MESSAGE."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask.cli import AppGroup
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.cli import services
from models.protection import DataProtector
from models.reference_data import seed_reference_data

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
db = AppGroup("db", help="Create or migrate the database schema (Alembic).")


def alembic_config(connection: object, protector: DataProtector | None = None) -> Config:
    """Migrations that seal stored data (0007) get the data protector."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["protector"] = protector
    return config


@db.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Brings the schema to REVISION (default: head) and loads reference data; safe to run again.

    The data is loaded in a plain session: the app's sessions keep the dashboard's aggregates on commit,
    whose tables an older REVISION does not have yet."""
    with services().engine.connect() as connection:
        command.upgrade(alembic_config(connection, services().protector), revision)
        connection.commit()
    if services().engine.dialect.name == "sqlite":
        _truncate_wal(services().engine)
    with Session(services().engine) as session, session.begin():
        areas, indicators = seed_reference_data(session)
    click.echo(f"database at {revision}; {areas} areas and {indicators} indicators loaded", err=True)


def _truncate_wal(engine: Engine) -> None:
    """Copies the WAL into the database and empties it: no page from before a migration is left there."""
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


@db.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Writes a new migration from the difference between the models and the database."""
    with services().engine.connect() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
