"""The Redis client of a process: from REDIS_URL, or the master found through Sentinel."""

from __future__ import annotations

from typing import Any

from redis import Redis
from redis.sentinel import Sentinel, SentinelManagedConnection
from redis.utils import SENTINEL

from bot.config import Settings

TIMEOUT_SECONDS = 2.0


class FailoverConnection(SentinelManagedConnection):
    """A connection to the master Sentinel names that, like redis-py's plain connection, closes itself
    when a read is interrupted. redis-py's Sentinel connection keeps it open by default, so a BLPOP cut
    short by the RQ worker's warm shutdown left its answer pending, and the next command on that pooled
    connection read it: the worker hung until the BLPOP's timeout, or took a popped job for another reply."""

    def read_response(
        self,
        disable_decoding: bool = False,
        *,
        timeout: float | object = SENTINEL,
        disconnect_on_error: bool | None = True,
        push_request: bool | None = False,
    ) -> Any:
        return super().read_response(
            disable_decoding=disable_decoding,
            timeout=timeout,
            disconnect_on_error=disconnect_on_error,
            push_request=push_request,
        )


def connect_redis(settings: Settings, timeout: float = TIMEOUT_SECONDS) -> Redis:
    """The Redis master, each call bounded by timeout seconds. Through Sentinel the client follows a
    failover: a connection to the old master that breaks or turns read-only is dropped, and the next one
    asks the sentinels where the master is."""
    timeouts: dict[str, Any] = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    found = settings.redis_sentinel
    if found is None:
        assert settings.redis_url is not None
        return Redis.from_url(settings.redis_url, **timeouts)
    sentinel = Sentinel(list(found.sentinels), sentinel_kwargs=timeouts, **timeouts)
    return sentinel.master_for(
        found.master, db=found.db, password=found.password, connection_class=FailoverConnection
    )
