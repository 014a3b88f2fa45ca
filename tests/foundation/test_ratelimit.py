"""The Redis token bucket that keeps every worker together within LINE's rate limits."""

from __future__ import annotations

import time

import pytest
from redis import Redis

from bot.worker.ratelimit import RateLimiter

LIMIT = {"push": 2}  # refills 1.8 a second and holds 1: a token every 0.56 s, so the real time
STEP = 1 / 1.8  # that passes between two calls (a few ms, more on a loaded machine) hardly counts
CLOSE = 0.1


@pytest.fixture
def limiter(rt):
    return RateLimiter(rt.redis, rt.key("line-rate"), LIMIT)


def test_a_full_bucket_lets_its_burst_through_then_spaces_the_rest(limiter):
    waits = [limiter.reserve("push") for _ in range(4)]
    assert waits[0] == 0.0
    assert waits[1:] == pytest.approx([STEP, 2 * STEP, 3 * STEP], abs=CLOSE)


def test_workers_share_one_bucket(rt, limiter):
    other_worker = RateLimiter(rt.redis, rt.key("line-rate"), LIMIT)
    assert limiter.reserve("push") == 0.0
    assert other_worker.reserve("push") == pytest.approx(STEP, abs=CLOSE)


def test_endpoints_have_separate_buckets(rt):
    limiter = RateLimiter(rt.redis, rt.key("line-rate"), {**LIMIT, "multicast": 2})
    for _ in range(3):
        limiter.reserve("push")
    assert limiter.reserve("multicast") == 0.0


def test_a_wait_beyond_patience_reserves_nothing(rt):
    limiter = RateLimiter(rt.redis, rt.key("line-rate"), LIMIT, patience=1.5 * STEP)
    assert [limiter.reserve("push") > 0 for _ in range(2)] == [False, True]
    refused = limiter.reserve("push")
    assert refused == pytest.approx(-2 * STEP, abs=CLOSE)
    assert limiter.reserve("push") == pytest.approx(refused, abs=CLOSE)
    assert limiter.acquire("push") == pytest.approx(2 * STEP, abs=CLOSE)


def test_acquire_sleeps_for_its_reservation(rt):
    naps: list[float] = []
    limiter = RateLimiter(rt.redis, rt.key("line-rate"), LIMIT, sleep=naps.append)
    assert [limiter.acquire("push") for _ in range(3)] == [0.0] * 3
    assert naps == pytest.approx([STEP, 2 * STEP], abs=CLOSE)


def test_no_one_second_window_carries_more_than_the_limit(rt):
    limiter = RateLimiter(rt.redis, rt.key("line-rate"), {"multicast": 50})
    sent: list[float] = []
    started = time.monotonic()
    while time.monotonic() - started < 1.5:
        assert limiter.acquire("multicast") == 0
        sent.append(time.monotonic())
    busiest = max(sum(1 for t in sent if s <= t < s + 1) for s in sent)
    assert busiest <= 50 and len(sent) <= 5 + 45 * 1.6
    assert len(sent) >= 30  # the bucket did let calls through at (about) its rate


def test_sending_goes_on_when_redis_is_unreachable(caplog):
    limiter = RateLimiter(Redis(port=1, socket_connect_timeout=0.2), "t-down:line-rate")
    with caplog.at_level("WARNING", logger="bot.ratelimit"):
        assert limiter.acquire("push") == 0
        assert limiter.acquire("push") == 0
    assert len([r for r in caplog.records if "rate limiter unavailable" in r.getMessage()]) == 1
