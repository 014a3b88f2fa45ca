"""The clock: one leader at a time enqueues what is due, and Redis outages and stalls never end it.

Several clocks may run (a spare on another host): each holds a leader lock in Redis (SET NX PX,
renewed every tick while it is still its own), and only the holder enqueues. A task enqueued at a
due time is marked with that time (SET NX), so a clock that takes over never runs it twice. When
Redis fails or hangs the clock logs it, waits a tick and tries again: redis-py reconnects by itself.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime

from redis import Redis
from redis.exceptions import RedisError, WatchError

from bot.services import Services
from bot.worker.schedule import SCHEDULE, Task, next_run

log = logging.getLogger(__name__)

LEADER_MS = 10_000
TICK_SECONDS = 1.0
RAN_MARK_SECONDS = 8 * 24 * 3600


class Leadership:
    """The clock leader lock: a key holding this clock's id, which expires unless renewed."""

    def __init__(self, redis: Redis, key: str) -> None:
        self.redis, self.key, self.me = redis, key, uuid.uuid4().hex

    def hold(self) -> bool:
        """Takes the lock when it is free, renews it when it is ours; False when another clock leads."""
        if self.redis.set(self.key, self.me, nx=True, px=LEADER_MS):
            return True
        with self.redis.pipeline() as pipeline:
            try:
                pipeline.watch(self.key)
                if pipeline.get(self.key) != self.me.encode():
                    return False
                pipeline.multi()
                pipeline.pexpire(self.key, LEADER_MS)
                pipeline.execute()
            except WatchError:
                return False
        return True


def run(services: Services, tick_seconds: float = TICK_SECONDS, stop: threading.Event | None = None) -> None:
    """Ticks until `stop` is set (never, in the clock process)."""
    stop = stop or threading.Event()
    leadership = Leadership(services.redis, services.key("clock-leader"))
    due = {task: next_run(task, datetime.now(UTC)) for task in SCHEDULE}
    failing = False
    while not stop.is_set():
        try:
            if leadership.hold():
                _enqueue_due(services, due)
            if failing:
                log.warning("clock: redis is back")
            failing = False
        except RedisError as error:
            if not failing:
                log.warning(
                    "clock: redis unavailable (%s); retrying every %.0f s", type(error).__name__, tick_seconds
                )
            failing = True
        stop.wait(tick_seconds)


def _enqueue_due(services: Services, due: dict[Task, datetime]) -> None:
    now = datetime.now(UTC)
    for task, when in due.items():
        if when > now:
            continue
        mark = services.key("clock-ran", task.func.__qualname__, str(int(when.timestamp())))
        if services.redis.set(mark, 1, nx=True, ex=RAN_MARK_SECONDS):
            services.jobs.enqueue(task.func)
        due[task] = next_run(task, now)


def start_embedded(services: Services, tick_seconds: float = 5.0) -> threading.Thread:
    """The embedded default has no clock process: a thread of the serving process runs this clock."""
    thread = threading.Thread(target=run, args=(services, tick_seconds), name="embedded-clock", daemon=True)
    thread.start()
    return thread
