"""Rate-limit counters and lock-outs in Redis: they survive worker restarts and are shared by hosts."""

from __future__ import annotations

from redis import Redis


class RedisCounters:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix + ":"

    def hit(self, key: str, window_seconds: int) -> int:
        """Fixed-window count: the window starts with the first hit."""
        name = self._prefix + key
        with self._redis.pipeline() as pipe:
            pipe.incr(name)
            pipe.expire(name, window_seconds, nx=True)
            count, _ = pipe.execute()
        return int(count)

    def lock_out(self, key: str, seconds: int) -> None:
        self._redis.set(self._prefix + "lock:" + key, 1, ex=seconds)

    def locked_for(self, key: str) -> int:
        return max(0, int(self._redis.ttl(self._prefix + "lock:" + key)))

    def clear(self, key: str) -> None:
        self._redis.delete(self._prefix + key, self._prefix + "lock:" + key)
