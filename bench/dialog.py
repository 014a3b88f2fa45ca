"""Dialog benchmark: 200 officers each completing a visit report at once.

gunicorn (2 web workers) + 4 RQ workers + PostgreSQL + Redis + the emulator adding 50 ms to every
LINE call. Each simulated officer talks through the emulator's control API (which signs and posts
the webhook), waits for the bot's answer to appear in its chat, taps the next button, and so on.
Run:  .venv/bin/python -m bench.dialog [--officers 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import aiohttp
import psycopg
import redis
from rq import Queue, Worker

from bench.common import (
    PYTHON,
    Figures,
    free_port,
    machine,
    process,
    scratch_database,
    write_results,
)
from bench.dialog_officer import SCRIPT, Answers, Officer, describe
from bench.webhook import bot_env, emulator_command, gunicorn, migrate
from emulator.client import EmulatorClient

DISTRICT = "6501"
HOUSEHOLDS = 2000
LATENCY_MS = 50
RQ_WORKERS = 4
WORKER_LOG = Path(tempfile.gettempdir()) / "bench-dialog-workers.log"


def prepare(env: dict[str, str], officers: int) -> tuple[list[str], list[str]]:
    """Households to visit (one each) and officer LINE ids, written straight to the database."""
    migrate(env)
    subprocess.run(
        [
            PYTHON,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "households",
            "generate",
            "--households",
            str(HOUSEHOLDS),
            "--area",
            DISTRICT,
            "--seed",
            "7",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    url = env["DATABASE_URL"].replace("+psycopg", "")
    user_ids = [f"U{index:032x}" for index in range(1, officers + 1)]
    with psycopg.connect(url, autocommit=True) as connection:
        houses = [
            row[0]
            for row in connection.execute(
                "SELECT house_code FROM households WHERE house_code IS NOT NULL ORDER BY id LIMIT %s",
                (officers,),
            )
        ]
        for user_id in user_ids:
            connection.execute(
                "INSERT INTO users (line_user_id, role, area_code, notify, alerts_muted, following, "
                "created_at) VALUES (%s, 'officer', %s, false, false, true, now())",
                (user_id, DISTRICT),
            )
    return houses, user_ids


async def simulate(base: str, houses: list[str], user_ids: list[str]) -> tuple[Figures, list[str], int]:
    connector = aiohttp.TCPConnector(limit=400)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=120)
    ) as session:
        for user_id in user_ids:
            await session.post(f"{base}/_emulator/users", json={"displayName": "เจ้าหน้าที่", "userId": user_id})
        answers = Answers()
        listener = asyncio.create_task(answers.listen(session, base))
        await asyncio.sleep(1)
        officers = [
            Officer(session, base, user_id, house, answers)
            for user_id, house in zip(user_ids, houses, strict=True)
        ]
        started = time.perf_counter()
        results = await asyncio.gather(*(officer.run() for officer in officers), return_exceptions=True)
        seconds = time.perf_counter() - started
        listener.cancel()
    for failure in {describe(r) for r in results if isinstance(r, BaseException)}:
        print("officer failed:", failure, flush=True)
    receipts = [r for r in results if isinstance(r, str) and r]
    waits = [wait for officer in officers for wait in officer.waits]
    slowest = sorted((w, o.said[i]) for o in officers for i, w in enumerate(o.waits))[-8:]
    print("slowest turns:", [(round(w), said[:30]) for w, said in slowest], flush=True)
    return Figures(len(receipts), seconds, waits, len(results) - len(receipts)), receipts, len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=200)
    officers = parser.parse_args().officers
    emulator_port, bot_port = free_port(), free_port()
    emulator_url, bot_url = f"http://127.0.0.1:{emulator_port}", f"http://127.0.0.1:{bot_port}"
    env = bot_env(scratch_database("bench_dialog"), emulator_url)
    env["LOGBOOK_REDIS_NAMESPACE"] = "bench-dialog"
    houses, user_ids = prepare(env, officers)
    WORKER_LOG.unlink(missing_ok=True)
    started_on = machine()
    emulator = emulator_command(emulator_port, f"{bot_url}/callback")
    with (
        process(emulator, env, f"{emulator_url}/_emulator/users"),
        process(gunicorn("wsgi:app", bot_port), env, f"{bot_url}/healthz"),
        contextlib.ExitStack() as workers,
    ):
        for _ in range(RQ_WORKERS):
            workers.enter_context(
                process([PYTHON, "-m", "flask", "--app", "wsgi", "worker"], env, log=WORKER_LOG)
            )
        wait_for_workers(env["LOGBOOK_REDIS_NAMESPACE"])
        EmulatorClient(emulator_url).set_latency(LATENCY_MS)
        figures, receipts, attempted = asyncio.run(simulate(emulator_url, houses, user_ids))
    visits = count_visits(env["DATABASE_URL"])
    timing = handler_times(WORKER_LOG.read_text(errors="replace"))
    results = report(figures, receipts, attempted, visits, started_on) + timing
    print(write_results("dialog", results).read_text())


def wait_for_workers(namespace: str, seconds: float = 120) -> None:
    """Until every RQ worker has warmed up and listens on the bot's queue."""
    connection = redis.Redis()
    deadline = time.monotonic() + seconds
    while len(Worker.all(queue=Queue(f"{namespace}-events", connection=connection))) < RQ_WORKERS:
        if time.monotonic() > deadline:
            raise RuntimeError("the RQ workers did not start")
        time.sleep(0.5)


def handler_times(worker_log: str) -> str:
    """p50/p99 of the workers' own time per event (their log line `event … ms=…`): the rest is queueing."""
    logged = re.findall(r" event \S+ user=\S+ kind=\S+ outcome=\S+ ms=([\d.]+)", worker_log)
    times = sorted(float(ms) for ms in logged)
    if not times:
        return "\nNo worker timings found in the workers' log.\n"
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return (
        f"\nWorker time per event (handler, transaction and reply; the workers' log, {len(times):,} events): "
        f"p50 {statistics.median(times):.0f} ms, p99 {p99:.0f} ms. The rest of a turn's wait is queueing.\n"
    )


def count_visits(database_url: str) -> tuple[int, int]:
    with psycopg.connect(database_url.replace("+psycopg", "")) as connection:
        total, distinct = connection.execute(
            "SELECT count(*), count(DISTINCT submission_key) FROM visits"
        ).fetchone()
    return total, distinct


def report(
    figures: Figures, receipts: list[str], attempted: int, visits: tuple[int, int], where: str
) -> str:
    per_minute = figures.count / figures.seconds * 60 if figures.seconds else 0
    return (
        "# Dialog benchmark (`python -m bench.dialog`)\n\n"
        f"Started {where}. gunicorn (2 sync workers) + {RQ_WORKERS} RQ workers + PostgreSQL + Redis.\n\n"
        f"{attempted} officers at once, {len(SCRIPT)}+ turns each, LINE latency {LATENCY_MS} ms:\n\n"
        f"| completed reports | reports/min | webhook→reply p50 | p99 | lost | duplicated |\n"
        f"|---|---|---|---|---|---|\n"
        f"| {figures.count}/{attempted} | {per_minute:,.0f} | {figures.median:.0f} ms | "
        f"{figures.percentile(99):.0f} ms | {attempted - visits[0]} | {visits[0] - visits[1]} |\n\n"
        f"Receipts unique: {len(set(receipts)) == len(receipts)}; visits in the database: {visits[0]}.\n"
    )


if __name__ == "__main__":
    main()
