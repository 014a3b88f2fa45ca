"""LINE's rate limits, shared by every worker on every host: one token bucket per endpoint in Redis.

A bucket refills at 90 % of LINE's limit and holds at most 10 % of it, so no one-second window ever
carries more than the limit (burst + rate × 1 s). Taking a token is one atomic Lua call using
Redis's own clock (hosts' clocks never matter). When the bucket is empty the call *reserves* the
next token — the count goes below zero — and answers how long to wait, so waiting senders are
served in order instead of retrying in a herd. A caller that would wait longer than its patience
reserves nothing. If Redis cannot be reached, sending goes on: LINE's own 429 answers still slow
the outbox down.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

LINE_LIMITS = {"reply": 2000, "push": 2000, "multicast": 200}
REFILL_SHARE = 0.9
PATIENCE_SECONDS = 5.0

TAKE = """
local rate, burst, patience = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 's', 'us')
local tokens = tonumber(saved[1]) or burst
local before = saved[2] and (tonumber(saved[2]) * 1000000 + tonumber(saved[3])) or now
tokens = math.min(burst, tokens + math.max(0, now - before) * rate / 1000000)
local wait = 0
if tokens < 1 then
  wait = math.ceil((1 - tokens) * 1000000 / rate)
end
if wait > patience then
  return -wait
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 's', clock[1], 'us', clock[2])
redis.call('EXPIRE', KEYS[1], 60)
return wait
"""


@dataclass(frozen=True)
class Bucket:
    rate: float
    burst: float

    @classmethod
    def for_limit(cls, per_second: int) -> Bucket:
        return cls(rate=per_second * REFILL_SHARE, burst=max(1.0, per_second * (1 - REFILL_SHARE)))


class RateLimiter:
    def __init__(
        self,
        redis: Redis,
        prefix: str,
        limits: dict[str, int] | None = None,
        patience: float = PATIENCE_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._take = redis.register_script(TAKE)
        self._prefix = prefix + ":"
        self._buckets = {name: Bucket.for_limit(n) for name, n in (limits or LINE_LIMITS).items()}
        self._patience = patience
        self._sleep = sleep
        self._warned_at = 0.0

    def reserve(self, endpoint: str) -> float:
        """Seconds to wait before this call may go (0: at once); a negative number when the wait
        would exceed the patience: nothing is reserved then, and the caller should retry later."""
        bucket = self._buckets[endpoint]
        try:
            micros = int(
                self._take(
                    keys=[self._prefix + endpoint],
                    args=[bucket.rate, bucket.burst, int(self._patience * 1_000_000)],
                )
            )
        except RedisError as error:
            self._warn(error)
            return 0.0
        return micros / 1_000_000

    def acquire(self, endpoint: str) -> float:
        """Waits for a token; returns 0 when the call may go, else how long the caller should wait."""
        wait = self.reserve(endpoint)
        if wait < 0:
            return -wait
        if wait:
            self._sleep(wait)
        return 0.0

    def _warn(self, error: RedisError) -> None:
        if time.monotonic() - self._warned_at > 60:
            self._warned_at = time.monotonic()
            log.warning("LINE rate limiter unavailable (%s): sending without it", type(error).__name__)
