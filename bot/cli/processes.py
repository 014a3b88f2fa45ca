"""Process commands: flask --app wsgi worker | clock | sweep."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from bot.cli import services
from bot.worker import bootstrap, sweep


@click.command("worker")
@with_appcontext
def worker() -> None:
    """An RQ worker running jobs in this process (see bot/worker/bootstrap.py)."""
    if services().settings.is_embedded:
        raise click.ClickException("the worker needs REDIS_URL; the embedded default runs jobs in-process")
    bootstrap.run_worker(services())


@click.command("clock")
@with_appcontext
def clock() -> None:
    """The cron process: the sweep every few seconds, scans and digests on Bangkok time."""
    if services().settings.is_embedded:
        raise click.ClickException("the clock needs REDIS_URL; the embedded default schedules in-process")
    bootstrap.run_clock(services())


@click.command("sweep")
@with_appcontext
def run_sweep() -> None:
    """Runs the sweep once: stranded events re-enqueued, due messages delivered."""
    click.echo(sweep.sweep(services()))
