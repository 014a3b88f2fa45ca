"""Fault benchmark: webhook events and alerts through the whole stack while faults are injected.

gunicorn (2 sync workers), RQ workers, two clocks (a leader and a spare), PostgreSQL (a scratch
database), a redis-server of the benchmark's own (so it can be stopped and hung) and the LINE
emulator answering 1 % of sends with 500 and 0.5 % with 429 at random. Meanwhile, on a schedule:
Redis stopped and restarted empty, Redis hung (SIGSTOP), every PostgreSQL backend of the bot killed,
a worker killed with SIGKILL (and started again, as a process supervisor would), the leading clock
killed with SIGKILL, and LINE answering a run of 500s, 429s and timeouts.

Counted: events answered 200, events lost (never handled) and handled twice, messages duplicated
(more accepted sends to a user than the events they sent, or an alert card twice to a supervisor),
and after each fault, the seconds from its end until every event received before then is handled.

Run:  .venv/bin/python -m bench.faults [--events 10000] [--users 500] [--alerts 10000] [--workers 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import aiohttp
import psycopg
from sqlalchemy import func, select

from bench import alerts as alert_bench
from bench.common import PG_ADMIN, PYTHON, ROOT, free_port, process, scratch_database, write_results
from bench.faults_report import Outcome, analyse, report
from bench.redis_server import OwnRedis
from bench.webhook import SECRET, TOKEN, bot_env, gunicorn, migrate
from bot.services import Services
from bot.web.app import create_app
from emulator import events
from emulator.client import EmulatorClient
from models import InboxEvent, OutboundMessage

DATABASE = "bench_faults"
CONCURRENCY = 8
CHUNK = 100
REPLY_SENDS = ("/v2/bot/message/reply", "/v2/bot/message/push")


@dataclass
class Fault:
    name: str
    start: float
    inject: Callable[[], None]
    end: Callable[[], None] | None = None
    seconds: float = 0.0
    ended_at: datetime | None = None
    recovery: float | None = None


@dataclass
class Stack:
    env: dict[str, str]
    redis: OwnRedis
    workers: list[subprocess.Popen] = field(default_factory=list)
    clocks: list[subprocess.Popen] = field(default_factory=list)

    def spawn(self, what: str) -> subprocess.Popen:
        log = (ROOT / "bench" / f".faults-{what}.log").open("ab")
        return subprocess.Popen(
            [PYTHON, "-m", "flask", "--app", "wsgi", what],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def kill_a_worker(self) -> None:
        victim = self.workers.pop(0)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        self.workers.append(self.spawn("worker"))

    def kill_the_leading_clock(self) -> None:
        leader = self.clocks.pop(0)  # the first started leads (the spare waits for its lock to lapse)
        os.kill(leader.pid, signal.SIGKILL)
        leader.wait()

    def stop(self) -> None:
        for child in self.workers + self.clocks:
            child.terminate()
        for child in self.workers + self.clocks:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()


def kill_postgres_backends() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (DATABASE,),
        )


def schedule(stack: Stack, emulator: EmulatorClient) -> list[Fault]:
    def line_faults() -> None:
        emulator.add_fault("500", count=30)
        emulator.add_fault("429", count=30, retryAfter=2)
        emulator.add_fault("timeout", count=5, delay=6)

    return [
        Fault("Redis stopped (restarts empty)", 15, stack.redis.stop, stack.redis.start, seconds=6),
        Fault("Redis hung (SIGSTOP)", 45, stack.redis.hang, stack.redis.wake, seconds=6),
        Fault("PostgreSQL backends killed", 75, kill_postgres_backends),
        Fault("worker kill -9", 95, stack.kill_a_worker),
        Fault("clock leader kill -9", 110, stack.kill_the_leading_clock),
        Fault("LINE 30×500, 30×429, 5 timeouts", 120, line_faults),
    ]


def run_faults(faults: list[Fault], started: float, rt: Services) -> None:
    for fault in faults:
        time.sleep(max(0.0, started + fault.start - time.monotonic()))
        print(f"  t={time.monotonic() - started:.0f}s fault: {fault.name}", flush=True)
        fault.inject()
        if fault.end:
            time.sleep(fault.seconds)
            fault.end()
        fault.ended_at = datetime.now(UTC)
        threading.Thread(target=_measure_recovery, args=(fault, rt), daemon=True).start()


def _measure_recovery(fault: Fault, rt: Services) -> None:
    """Seconds from the fault's end until no event received before it is left unhandled."""
    assert fault.ended_at is not None
    while (datetime.now(UTC) - fault.ended_at).total_seconds() < 300:
        with rt.sessions() as session:
            waiting = session.scalar(
                select(func.count())
                .select_from(InboxEvent)
                .where(InboxEvent.processed_at.is_(None), InboxEvent.received_at <= fault.ended_at)
            )
        if not waiting:
            fault.recovery = (datetime.now(UTC) - fault.ended_at).total_seconds()
            return
        time.sleep(0.25)


async def post_events(
    url: str, emulator: EmulatorClient, users: list[str], count: int, rate: float
) -> Counter[int]:
    """`count` text events, one per signed body, from the users in turn, at `rate` per second; reply
    tokens are fetched from the emulator CHUNK events at a time, so a token is a few seconds older
    than its event at most, as LINE issues them (the emulator expires a token 60 s after issuing it)."""
    answered: Counter[int] = Counter()
    started = time.monotonic()
    connector = aiohttp.TCPConnector(limit=CONCURRENCY * 2)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def send(body: bytes) -> None:
            async with gate:
                try:
                    headers = {
                        "X-Line-Signature": events.sign(SECRET, body),
                        "Content-Type": "application/json",
                    }
                    async with session.post(url, data=body, headers=headers) as response:
                        await response.read()
                        answered[response.status] += 1
                except (aiohttp.ClientError, TimeoutError):
                    answered[0] += 1

        tasks = []
        for first in range(0, count, CHUNK):
            chunk = range(first, min(count, first + CHUNK))
            wanted = Counter(users[n % len(users)] for n in chunk)
            tokens = {user: iter(emulator.reply_tokens(user, k)) for user, k in wanted.items()}
            for n in chunk:
                await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
                user = users[n % len(users)]
                event = events.text(events.user_source(user), "วิธีใช้", reply_token=next(tokens[user]))
                tasks.append(asyncio.create_task(send(events.webhook_body("U" + "0" * 32, [event]))))
        await asyncio.gather(*tasks)
    return answered


def settle(rt: Services, deadline: float) -> None:
    while time.monotonic() < deadline:
        with rt.sessions() as session:
            events_left = session.scalar(
                select(func.count()).select_from(InboxEvent).where(InboxEvent.processed_at.is_(None))
            )
            pending = session.scalar(
                select(func.count()).select_from(OutboundMessage).where(OutboundMessage.status == "pending")
            )
        print(f"  settling: {events_left} events, {pending} messages pending", flush=True)
        if not events_left and not pending:
            return
        time.sleep(3)
    print("  deadline reached before everything settled", flush=True)


def measure(
    count: int, user_count: int, alert_count: int, supervisors: int, workers: int, rate: float
) -> tuple[Outcome, list[Fault]]:
    emulator_port, web_port = free_port(), free_port()
    emulator_url, web_url = f"http://127.0.0.1:{emulator_port}", f"http://127.0.0.1:{web_port}"
    redis = OwnRedis()
    redis.start()
    env = {
        **bot_env(scratch_database(DATABASE), emulator_url),
        "REDIS_URL": redis.url,
        "LOGBOOK_REDIS_NAMESPACE": "bench-faults",
    }
    migrate(env)
    emulator_command = [
        *(PYTHON, "-m", "bench.faulty_emulator", "--port", str(emulator_port)),
        *("--channel-secret", SECRET, "--access-token", TOKEN, "--p500", "0.01", "--p429", "0.005"),
    ]
    stack = Stack(env, redis)
    try:
        with (
            process(emulator_command, env, f"{emulator_url}/_emulator/users"),
            process(gunicorn("wsgi:app", web_port), env, f"{web_url}/healthz"),
        ):
            emulator = EmulatorClient(emulator_url, timeout=300)
            rt: Services = create_app(env).extensions["logbook"]
            homes = alert_bench.build_world(rt, emulator, supervisors)
            users = [emulator.add_user(f"ผู้ใช้ {n}")["userId"] for n in range(user_count)]
            stack.clocks = [stack.spawn("clock")]
            time.sleep(2)
            stack.clocks.append(stack.spawn("clock"))
            stack.workers = [stack.spawn("worker") for _ in range(workers)]
            time.sleep(8)
            started = time.monotonic()
            faults = schedule(stack, emulator)
            injector = threading.Thread(target=run_faults, args=(faults, started, rt), daemon=True)
            producer = threading.Thread(
                target=_produce_alerts,
                args=(rt, homes, alert_count, alert_count / (count / rate)),
                daemon=True,
            )
            injector.start()
            producer.start()
            answered = asyncio.run(post_events(f"{web_url}/callback", emulator, users, count, rate))
            producer.join()
            injector.join()
            settle(rt, time.monotonic() + 900)
            time.sleep(5)  # recovery watchers finish
            outcome = analyse(rt, emulator, users, count, answered, alert_count, time.monotonic() - started)
            rt.close()
    finally:
        stack.stop()
        redis.stop()
    return outcome, faults


def _produce_alerts(rt: Services, homes: list[int], count: int, rate: float) -> None:
    """Alerts as bench.alerts raises them, at a steady rate, through Redis outages too: a batch whose
    dispatch fails is left to the sweep, as a handler's would be."""
    for first in range(0, count, alert_bench.PER_TRANSACTION):
        try:
            alert_bench.produce_batch(rt, homes, first, min(count, first + alert_bench.PER_TRANSACTION))
        except Exception as error:  # a Redis outage while dispatching: the rows are in the database
            print(f"  alerts {first}: dispatch failed ({type(error).__name__}); the sweep delivers them")
        time.sleep(alert_bench.PER_TRANSACTION / rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--supervisors", type=int, default=500)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rate", type=float, default=40.0, help="webhook events per second")
    args = parser.parse_args()
    outcome, faults = measure(args.events, args.users, args.alerts, args.supervisors, args.workers, args.rate)
    print(write_results("faults", report(outcome, faults, args)).read_text())


if __name__ == "__main__":
    main()
