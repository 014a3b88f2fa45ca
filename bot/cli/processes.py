"""Process commands: flask --app wsgi worker | clock | sweep | jobs run NAME."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from bot.cli import services
from bot.worker import bootstrap, schedule, sweep


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


jobs = AppGroup("jobs", help="Scheduled reports, on demand.")


@jobs.command("run")
@click.argument("name", type=click.Choice(sorted(schedule.RUNNABLE)))
def run_job(name: str) -> None:
    """Runs one scheduled report now (the morning digest without waiting until 08:00, …).

    Embedded default: it runs in this process, with the jobs it fans out, before the command ends.
    With REDIS_URL: it is queued for the workers."""
    running = services()
    schedule.run_now(running.jobs, name)
    if running.settings.is_embedded:
        running.jobs.drain()
        click.echo(f"{name}: done")
    else:
        click.echo(f"{name}: queued on {running.settings.events_queue}; the workers run it")
