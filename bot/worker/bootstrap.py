"""The worker and clock processes: each serves the services it is given to every job it runs."""

from __future__ import annotations

import logging
import threading
import time

from redis.exceptions import RedisError
from rq import Queue

import nlp
from bot.chats import PROCESS_CHAT
from bot.jobs import ServicesJob, ServicesWorker, resolve
from bot.services import Services
from bot.worker import clock, sweep

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0


def run_worker(services: Services) -> None:
    """An RQ worker (with RQ's scheduler for delayed retries) that also sweeps (see sweep.sweep_forever).

    Jobs run in the worker process itself, not in a forked work horse: its database pool, LINE
    connections, handlers and warmed language layer, all loaded before the first job, serve every job.
    RQ's worker quits when Redis stalls or is gone at start-up; this one starts it again, so a
    Redis outage needs no one to restart the workers."""
    nlp.warm_up()
    resolve(PROCESS_CHAT)
    threading.Thread(target=sweep.sweep_forever, args=(services,), name="sweep", daemon=True).start()
    queue = Queue(services.settings.events_queue, connection=services.redis, job_class=ServicesJob)
    while True:
        worker = ServicesWorker(services, [queue])
        worker.max_connection_wait_time = RECONNECT_SECONDS
        try:
            worker.work(with_scheduler=True)
        except RedisError as error:
            log.warning("worker: redis unavailable (%s); starting again", type(error).__name__)
        if worker._stop_requested:  # a SIGTERM or SIGINT: a real stop, not a Redis failure
            return
        time.sleep(RECONNECT_SECONDS)


def run_clock(services: Services) -> None:
    """The clock process (bot/worker/clock.py): the sweep, the scans and the digests on time."""
    clock.run(services)
