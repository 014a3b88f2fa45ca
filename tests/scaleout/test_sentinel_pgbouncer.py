"""Web, worker and clock on Redis through Sentinel and PostgreSQL through PgBouncer (transaction mode):
signed events answered end to end, and a Redis failover under a stream of events loses none."""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter

import psycopg
import pytest
from redis import Redis

from bot.config import load_settings
from bot.redis_client import connect_redis
from tests.scaleout import servers
from tests.scaleout.conftest import Stack

pytestmark = pytest.mark.scaleout

HELP = "วิธีใช้"
"""A guest's วิธีใช้ is answered with exactly one message: replies counted per user count events."""


def test_web_worker_and_clock_through_sentinel_and_pgbouncer(stack: Stack, subtests: pytest.Subtests) -> None:
    """One stack (it takes about 20 s to start) for three checks; the failover drill comes last."""
    with subtests.test("signed webhook events answered end to end, each once"):
        signed_events_are_answered_end_to_end(stack)
    with subtests.test("a read cut short leaves no answer pending on a pooled connection"):
        a_read_cut_short_leaves_no_answer_pending(stack)
    with subtests.test("a Redis failover under a stream of events loses none"):
        a_redis_failover_under_a_stream_of_events_loses_none(stack)


def _send(stack: Stack, user_id: str) -> int | None:
    return stack.line.emulator.send(user_id, "text", text=HELP)["status"]


def _replies(stack: Stack, user_id: str) -> int:
    return len(stack.line.emulator.messages_to(user_id))


def _all_answered(stack: Stack, sent: Counter[str], seconds: float) -> dict[str, int]:
    """Waits until every user has one reply per event sent; returns the replies counted."""
    deadline = time.monotonic() + seconds
    while True:
        counted = {user: _replies(stack, user) for user in sent}
        if counted == dict(sent) or time.monotonic() > deadline:
            return counted
        time.sleep(0.25)


def _inbox(stack: Stack) -> tuple[int, int]:
    """(events stored, events processed), read through PgBouncer as the bot reads."""
    url = stack.database_url.replace("+psycopg", "")
    with psycopg.connect(url, prepare_threshold=None) as db:
        row = db.execute("SELECT count(*), count(processed_at) FROM inbox_events").fetchone()
    assert row is not None
    return row[0], row[1]


def signed_events_are_answered_end_to_end(stack: Stack) -> None:
    before = _inbox(stack)[0]
    users = [stack.line.emulator.add_user(f"ผู้ใช้ {n}").user_id for n in range(4)]
    sent: Counter[str] = Counter()
    for user in users * 2:
        assert _send(stack, user) == 200
        sent[user] += 1
    counted = _all_answered(stack, sent, 30)
    assert counted == dict(sent), stack.logs()
    assert HELP in str(stack.line.emulator.messages_to(users[0])[0])
    stored, processed = _inbox(stack)
    assert stored - before == 8
    assert stored == processed


def a_redis_failover_under_a_stream_of_events_loses_none(stack: Stack) -> None:
    users = [stack.line.emulator.add_user(f"ชาวบ้าน {n}").user_id for n in range(8)]
    old_master = servers.master_port(stack.sentinel)
    sent: Counter[str] = Counter()
    statuses: Counter[int | None] = Counter()
    stop = threading.Event()

    def stream() -> None:
        for n in range(10_000):
            if stop.is_set():
                return
            user = users[n % len(users)]
            statuses[_send(stack, user)] += 1
            sent[user] += 1
            time.sleep(0.03)

    streamer = threading.Thread(target=stream)
    streamer.start()
    try:
        time.sleep(1.5)
        assert stack.sentinel.execute_command("SENTINEL", "FAILOVER", servers.MASTER_NAME)
        promoted = lambda: servers.master_port(stack.sentinel) != old_master  # noqa: E731
        servers.wait_for(promoted, 20, "the replica promoted")
        # Until the sentinel's next look (up to 10 s) the old master still takes writes from connections
        # opened before: jobs queued there are lost when it becomes a replica, and the sweep finds their
        # events in PostgreSQL. The stream goes on until then, and a while against the new master only.
        demoted = Redis(port=old_master, socket_timeout=2)
        servers.wait_for(lambda: demoted.info("replication")["role"] == "slave", 20, "the old master demoted")
        demoted.close()
        time.sleep(1)
    finally:
        stop.set()
        streamer.join(timeout=30)

    assert servers.master_port(stack.sentinel) != old_master
    assert statuses == Counter({200: sum(sent.values())}), "every signed event is acknowledged"
    counted = _all_answered(stack, sent, 60)
    lost = {user: sent[user] - counted[user] for user in sent if counted[user] != sent[user]}
    assert not lost, f"events without their one reply (negative: duplicated): {lost}\n{stack.logs()}"
    stored, processed = _inbox(stack)
    assert stored == processed


class StopRequested(Exception):
    """What RQ's signal handler raises in a worker waiting for a job."""


def a_read_cut_short_leaves_no_answer_pending(stack: Stack) -> None:
    """RQ's warm shutdown interrupts a BLPOP with an exception from its signal handler: the connection
    must not go back to the pool with the BLPOP's answer still to come (the next command would read it)."""
    client = connect_redis(load_settings({**stack.env, "LOGBOOK_REDIS_NAMESPACE": "t-interrupted"}))

    def interrupt(*_: object) -> None:
        raise StopRequested

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(StopRequested):
            client.blpop(["t-interrupted:nothing"], timeout=5)
    finally:
        signal.signal(signal.SIGALRM, previous)
    started = time.monotonic()
    assert client.ping()
    assert time.monotonic() - started < 1
    client.close()
