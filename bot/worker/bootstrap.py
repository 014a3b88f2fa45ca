"""The worker and clock processes: each serves the services it is given to every job it runs."""

from __future__ import annotations

from rq import Queue
from rq.cron import CronScheduler

import nlp
from bot.chats import PROCESS_CHAT
from bot.jobs import ServicesJob, ServicesWorker, resolve
from bot.services import Services
from bot.worker import schedule, sweep


def run_worker(services: Services) -> None:
    """An RQ worker (with RQ's scheduler for delayed retries); sweeps once at start-up.

    Jobs run in the worker process itself, not in a forked work horse: its database pool, LINE
    connections, handlers and warmed language layer, all loaded before the first job, serve every job."""
    nlp.warm_up()
    resolve(PROCESS_CHAT)
    sweep.sweep(services)
    queue = Queue(services.settings.events_queue, connection=services.redis, job_class=ServicesJob)
    ServicesWorker(services, [queue]).work(with_scheduler=True)


def run_clock(services: Services) -> None:
    """The cron process: the sweep every few seconds, scans and digests on Bangkok time."""
    scheduler = CronScheduler(connection=services.redis)
    schedule.register_all(scheduler, services.settings.events_queue)
    scheduler.start()
