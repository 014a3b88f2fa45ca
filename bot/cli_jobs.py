"""Process commands: flask --app wsgi worker | clock | sweep | jobs run NAME."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from rq import Queue, SimpleWorker
from rq.cron import CronScheduler

import nlp
from bot import runtime, schedule, sweep
from bot.jobs import resolve
from bot.webhook import PROCESS_CHAT


@click.command("worker")
def worker() -> None:
    """An RQ worker (with RQ's scheduler for delayed retries); sweeps once at start-up.

    Jobs run in the worker process itself, not in a forked work horse: its database pool, LINE
    connections, handlers and warmed language layer, all loaded before the first job, serve every job."""
    rt = runtime.current()
    if rt.settings.is_embedded:
        raise click.ClickException("the worker needs REDIS_URL; the embedded default runs jobs in-process")
    nlp.warm_up()
    resolve(PROCESS_CHAT)
    sweep.sweep()
    SimpleWorker([Queue(rt.settings.events_queue, connection=rt.redis)], connection=rt.redis).work(
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


jobs = AppGroup("jobs", help="Scheduled reports, on demand.")


@jobs.command("run")
@click.argument("name", type=click.Choice(sorted(schedule.RUNNABLE)))
def run_job(name: str) -> None:
    """Runs one scheduled report now (the morning digest without waiting until 08:00, …).

    Embedded default: it runs in this process, with the jobs it fans out, before the command ends.
    With REDIS_URL: it is queued for the workers."""
    rt = runtime.current()
    schedule.run_now(rt.jobs, name)
    if rt.settings.is_embedded:
        rt.jobs.drain()
        click.echo(f"{name}: done")
    else:
        click.echo(f"{name}: queued on {rt.settings.events_queue}; the workers run it")
