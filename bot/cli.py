"""Command-line entry points: flask --app wsgi db upgrade | worker | clock | sweep (+ cli_households)."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask
from flask.cli import AppGroup
from rq import Queue, Worker
from rq.cron import CronScheduler

from bot import cli_alerts, cli_households, cli_staff, runtime, schedule, sweep
from models.reference_data import seed_reference_data

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
db = AppGroup("db", help="Create or migrate the database schema (Alembic).")


def alembic_config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@db.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Brings the schema to REVISION (default: head) and loads reference data; safe to run again."""
    rt = runtime.current()
    with rt.engine.connect() as connection:
        command.upgrade(alembic_config(connection), revision)
        connection.commit()
    with rt.sessions.begin() as session:
        areas, indicators = seed_reference_data(session)
    click.echo(f"database at {revision}; {areas} areas and {indicators} indicators loaded", err=True)


@db.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Writes a new migration from the difference between the models and the database."""
    with runtime.current().engine.connect() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)


@click.command("worker")
def worker() -> None:
    """An RQ worker (with RQ's scheduler for delayed retries); sweeps once at start-up."""
    rt = runtime.current()
    if rt.settings.is_embedded:
        raise click.ClickException("the worker needs REDIS_URL; the embedded default runs jobs in-process")
    sweep.sweep()
    Worker([Queue(rt.settings.events_queue, connection=rt.redis)], connection=rt.redis).work(
        with_scheduler=True
    )


@click.command("clock")
def clock() -> None:
    """The cron process: the sweep every few seconds, scans and digests on Bangkok time."""
    rt = runtime.current()
    if rt.settings.is_embedded:
        raise click.ClickException("the clock needs REDIS_URL; the embedded default schedules in-process")
    scheduler = CronScheduler(connection=rt.redis)
    schedule.register_all(scheduler, rt.settings.events_queue)
    scheduler.start()


@click.command("sweep")
def run_sweep() -> None:
    """Runs the sweep once: stranded events re-enqueued, due messages delivered."""
    click.echo(sweep.sweep())


def init_app(app: Flask) -> None:
    cli_staff.init_app(app)
    app.cli.add_command(db)
    for entry in (worker, clock, run_sweep):
        app.cli.add_command(entry)
    cli_households.init_app(app)
    cli_alerts.init_app(app)
