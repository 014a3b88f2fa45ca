"""The webhook's one Redis round trip: a drain job per chat, behind short timeouts and a breaker.

LINE hears 200 once the events are in the inbox table; Redis only speeds up their processing. So a
dead or hung Redis must not hold the answer: the web process talks to Redis through its own client
with short socket timeouts, and after a failure stops calling it for a while (the breaker). Events
stored meanwhile are found by the sweep."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError

from bot.chats import PROCESS_CHAT, QUEUED_MARK_SECONDS, queued_mark
from bot.redis_client import connect_redis
from bot.services import Services

log = logging.getLogger(__name__)

SOCKET_TIMEOUT_SECONDS = 0.25
OPEN_SECONDS = 5.0
EXTENSION = "logbook-chat-queue"


class Breaker:
    """Open (calls skipped) for OPEN_SECONDS after a failure; then the next call tries again."""

    def __init__(
        self, open_seconds: float = OPEN_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._open_seconds, self._clock = open_seconds, clock
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allows(self) -> bool:
        with self._lock:
            return self._clock() >= self._open_until

    def failed(self) -> None:
        with self._lock:
            self._open_until = self._clock() + self._open_seconds

    def succeeded(self) -> None:
        with self._lock:
            self._open_until = 0.0


class ChatQueue:
    """Queues drain jobs for the chats a webhook request brought new events to."""

    def __init__(self, redis: Redis, breaker: Breaker | None = None) -> None:
        self.redis = redis
        self.breaker = breaker or Breaker()

    @classmethod
    def for_services(cls, services: Services) -> ChatQueue:
        """Its own client with short timeouts; the embedded default's stand-in as it is."""
        if services.settings.is_embedded:
            return cls(services.redis)
        return cls(connect_redis(services.settings, timeout=SOCKET_TIMEOUT_SECONDS))

    def enqueue(self, services: Services, chat_ids: set[str]) -> None:
        """One pipelined call: each chat's queued mark (SET NX) and a drain job per chat. The job that
        takes the mark drains the chat; the others find it gone and end at once (see process_chat).
        If Redis fails or the breaker is open the sweep will pick the events up."""
        if not chat_ids:
            return
        if not self.breaker.allows():
            log.warning("redis breaker open: %d chats left to the sweep", len(chat_ids))
            return
        pipeline = self.redis.pipeline(transaction=False)
        for chat_id in sorted(chat_ids):
            pipeline.set(queued_mark(services, chat_id), 1, nx=True, ex=QUEUED_MARK_SECONDS)
        try:
            services.jobs.enqueue_together(
                pipeline, PROCESS_CHAT, [(chat_id, True) for chat_id in sorted(chat_ids)]
            )
        except RedisError as error:
            self.breaker.failed()
            log.warning(
                "could not enqueue %d chats (%s); the sweep will retry", len(chat_ids), type(error).__name__
            )
        else:
            self.breaker.succeeded()
