"""Fault drills, clock and sweep (issue 14 items 4, 12): two clocks run safely, a clock rides out
Redis going away or hanging, a killed clock is replaced by the spare, and the workers' own sweep
processes events stored during a Redis outage within 5 s of its end."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from bench.redis_server import OwnRedis
from bot.worker import clock, sweep
from bot.worker.schedule import Task


def tick(services) -> None:
    """The one scheduled task of these drills."""


@pytest.fixture
def ticking(rt, monkeypatch) -> Iterator[list[float]]:
    """Each clock enqueues `tick` every second; what they enqueue is recorded instead of run."""
    enqueued: list[float] = []
    monkeypatch.setattr(clock, "SCHEDULE", [Task(tick, interval=1)])
    monkeypatch.setattr(clock, "LEADER_MS", 600)
    monkeypatch.setattr(rt.jobs, "enqueue", lambda func, *args: enqueued.append(time.monotonic()))
    yield enqueued


def _start(rt) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=clock.run, args=(rt, 0.1, stop), daemon=True)
    thread.start()
    return thread, stop


def test_two_clocks_enqueue_each_task_once_and_the_spare_takes_over_a_killed_one(rt, ticking):
    first, stop_first = _start(rt)
    time.sleep(0.3)
    second, stop_second = _start(rt)
    time.sleep(3.05)
    assert 2 <= len(ticking) <= 4  # one clock's worth, not two
    stop_first.set()  # the leader dies without a word; its lock runs out
    first.join()
    before = len(ticking)
    time.sleep(2.5)
    stop_second.set()
    second.join()
    assert len(ticking) - before >= 1


def test_the_clock_rides_out_redis_going_away_and_hanging(rt, ticking, own_redis: OwnRedis):
    thread, stop = _start(rt)
    try:
        time.sleep(1.2)
        own_redis.stop()
        time.sleep(1)
        own_redis.start()
        time.sleep(1.5)
        assert thread.is_alive() and ticking and ticking[-1] > time.monotonic() - 1.5
        own_redis.hang()
        time.sleep(2.5)  # longer than the client's socket timeout
        own_redis.wake()
        time.sleep(1.5)
        assert thread.is_alive() and ticking[-1] > time.monotonic() - 1.5
    finally:
        stop.set()
        thread.join()


def test_the_workers_sweep_processes_what_came_in_during_an_outage_within_5_s(chat, own_redis: OwnRedis):
    users = [chat.user(f"ผู้ใช้ {n}") for n in range(3)]
    own_redis.stop()
    for user in users:
        assert chat.post(chat.platform.emulator.event(user.user_id, "text", text="วิธีใช้")).status_code == 200
    time.sleep(2)
    own_redis.start()
    back = time.monotonic()
    stop = threading.Event()
    sweeper = threading.Thread(target=sweep.sweep_forever, args=(chat.rt, stop), daemon=True)
    sweeper.start()
    try:
        while not all(chat.messages_to(user.user_id) for user in users) and time.monotonic() - back < 10:
            chat.run_jobs()
            time.sleep(0.1)
    finally:
        stop.set()
        sweeper.join()
    assert time.monotonic() - back <= 5
    assert all(len(chat.messages_to(user.user_id)) == 1 for user in users)
