"""Background jobs: RQ on Redis in production, a worker thread in the embedded default.

A job is a function whose first parameter is the process's `Services`: the runner (the RQ worker
built by the worker bootstrap, or the inline thread) hands them over; the queue stores only the
remaining arguments.
"""

from __future__ import annotations

import importlib
import logging
import math
import queue
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from redis import ConnectionPool, Redis
from redis.client import Pipeline
from rq import Queue, SimpleWorker
from rq.job import Job as RQJob

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

JOB_TIMEOUT_SECONDS = 120
FAILURE_TTL_SECONDS = 7 * 24 * 3600
LINE_ID = re.compile(r"[UCR][0-9a-f]{32}")


Job = Callable[..., Any] | str
"""A function, or its dotted path ("bot.worker.inbox.process_chat") so the enqueuing process need not
import it."""


class JobRunner(Protocol):
    def serve(self, services: Services) -> None:
        """The services the jobs this runner runs receive as their first argument."""

    def enqueue(self, func: Job, *args: Any) -> None: ...

    def enqueue_in(self, seconds: float, func: Job, *args: Any) -> None: ...

    def enqueue_together(self, pipeline: Pipeline, func: Job, calls: list[tuple[Any, ...]]) -> None:
        """One job per argument tuple, sent with the commands already in the pipeline, which this
        executes: one round trip to Redis in all."""

    def drain(self) -> None:
        """Runs everything queued so far, until nothing is left (tests, demo, bench)."""

    def close(self) -> None: ...


def describe(func: Job, args: tuple[Any, ...], pseudonym: Callable[[str], str]) -> str:
    """The job as RQ stores and logs it, each LINE user, group or room id replaced by its log pseudonym."""
    name = func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"
    call = f"{name}({', '.join(repr(arg) for arg in args)})"
    return LINE_ID.sub(lambda found: "chat-" + pseudonym(found.group()), call)


class ServicesJob(RQJob):
    """An RQ job that calls its function with the worker's services first."""

    services: Services | None = None

    def _execute(self) -> Any:
        return self.func(self.services, *self.args, **self.kwargs)


class ServicesWorker(SimpleWorker):
    """RQ's in-process worker, handing its services to every job it runs."""

    job_class = ServicesJob

    def __init__(self, services: Services, queues: list[Queue], **options: Any) -> None:
        super().__init__(queues, connection=services.redis, **options)
        self.services = services

    def perform_job(self, job: RQJob, queue: Queue) -> bool:
        if isinstance(job, ServicesJob):
            job.services = self.services
        return super().perform_job(job, queue)


class DrainingWorker(ServicesWorker):
    """The burst worker of `drain()`: it lives until the queue is empty, so it takes no commands over
    pub/sub (stopping RQ's listener thread cost a quarter of a second on every drain)."""

    def subscribe(self) -> None:
        """No command channel for a worker that lives for one drain."""

    def unsubscribe(self) -> None:
        """Nothing was subscribed."""


class RQJobRunner:
    def __init__(self, redis: Redis, queue_name: str, pseudonym: Callable[[str], str]) -> None:
        self.queue = Queue(queue_name, connection=redis, job_class=ServicesJob)
        self.pseudonym = pseudonym
        self._services: Services | None = None
        self._queues: dict[ConnectionPool, Queue] = {}

    def serve(self, services: Services) -> None:
        self._services = services

    def enqueue(self, func: Job, *args: Any) -> None:
        # rq types func as a constrained TypeVar (str or Callable): it refuses our union, though takes either.
        self.queue.enqueue(  # type: ignore[type-var]
            func,
            *args,
            job_timeout=JOB_TIMEOUT_SECONDS,
            result_ttl=0,
            failure_ttl=FAILURE_TTL_SECONDS,
            description=describe(func, args, self.pseudonym),
        )

    def enqueue_together(self, pipeline: Pipeline, func: Job, calls: list[tuple[Any, ...]]) -> None:
        """The queue is used through the pipeline's own client (RQ asks the server's version once per
        client), so the pipeline's timeouts hold for every call."""
        pool = pipeline.connection_pool
        if pool not in self._queues:
            self._queues[pool] = Queue(
                self.queue.name, connection=Redis(connection_pool=pool), job_class=ServicesJob
            )
        self._queues[pool].enqueue_many(
            [
                Queue.prepare_data(  # type: ignore[type-var]  # as in enqueue above
                    func,
                    args,
                    timeout=JOB_TIMEOUT_SECONDS,
                    result_ttl=0,
                    failure_ttl=FAILURE_TTL_SECONDS,
                    description=describe(func, args, self.pseudonym),
                )
                for args in calls
            ],
            pipeline=pipeline,
        )
        pipeline.execute()

    def enqueue_in(self, seconds: float, func: Job, *args: Any) -> None:
        """RQ's scheduler keeps whole seconds and drops the fraction, which would run the job up to a
        second early: the time is rounded up instead."""
        when = datetime.fromtimestamp(math.ceil(time.time() + seconds), UTC)
        self.queue.enqueue_at(
            when,
            func,
            *args,
            job_timeout=JOB_TIMEOUT_SECONDS,
            result_ttl=0,
            description=describe(func, args, self.pseudonym),
        )

    def drain(self) -> None:
        assert self._services is not None, "serve(services) first"
        DrainingWorker(self._services, [self.queue]).work(burst=True, logging_level="WARNING")

    def close(self) -> None:
        """Nothing to stop: the queue lives in Redis."""


def _stop() -> None:
    """The sentinel that ends the inline worker thread."""


_STOP: tuple[Job, tuple[Any, ...]] = (_stop, ())


def resolve(func: Job) -> Callable[..., Any]:
    """The function a job names."""
    if callable(func):
        return func
    module, _, name = func.rpartition(".")
    return getattr(importlib.import_module(module), name)


class InlineJobRunner:
    """Runs jobs in order on one daemon thread of this process: the single-process embedded mode."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self._jobs: queue.Queue[tuple[Job, tuple[Any, ...]]] = queue.Queue()
        self._timers: list[threading.Timer] = []
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="inline-jobs", daemon=True)
        self._thread.start()

    def serve(self, services: Services) -> None:
        self._services = services

    def enqueue(self, func: Job, *args: Any) -> None:
        self._jobs.put((func, args))

    def enqueue_together(self, pipeline: Pipeline, func: Job, calls: list[tuple[Any, ...]]) -> None:
        pipeline.execute()
        for args in calls:
            self.enqueue(func, *args)

    def enqueue_in(self, seconds: float, func: Job, *args: Any) -> None:
        timer = threading.Timer(seconds, self.enqueue, (func, *args))
        timer.daemon = True
        timer.start()
        self._timers = [*(t for t in self._timers if t.is_alive()), timer]

    def drain(self) -> None:
        self._jobs.join()

    def close(self) -> None:
        """Stops the thread: timers cancelled, queued jobs dropped (what they would do is in the database
        for the sweep), a running job allowed to finish, so no job outlives this process's runtime."""
        self._closed = True
        for timer in self._timers:
            timer.cancel()
        self._jobs.put(_STOP)
        self._thread.join(timeout=JOB_TIMEOUT_SECONDS)

    def _work(self) -> None:
        while True:
            func, args = self._jobs.get()
            if func is _STOP[0]:
                self._jobs.task_done()
                return
            if self._closed:
                self._jobs.task_done()
                continue
            try:
                resolve(func)(self._services, *args)
            except Exception:
                log.exception("job %s failed", getattr(func, "__name__", func))
            finally:
                self._jobs.task_done()
