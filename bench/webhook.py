"""Webhook benchmark: acknowledged events/s and latency, this service against the flask-echo baseline.

Both run under gunicorn with 2 sync workers against the same emulator (PostgreSQL + Redis for this
service). The load generator posts pre-signed webhooks, one text event each, distinct ids and valid
reply tokens. Run:  .venv/bin/python -m bench.webhook [--events 6000]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import subprocess
import time

import aiohttp
import redis

from bench.common import (
    PYTHON,
    Figures,
    children_of,
    closed_loop,
    free_port,
    machine,
    open_loop,
    process,
    rss_mb,
    scratch_database,
    write_results,
)
from emulator import events
from emulator.client import EmulatorClient

SECRET, TOKEN = "bench-channel-secret", "bench-access-token"
USERS = 200
CONCURRENCY = 32
NAMESPACE = "bench-webhook"


def bodies(emulator: EmulatorClient, count: int) -> list[tuple[bytes, str]]:
    """Signed webhook bodies, each with one text event from one of USERS users."""
    users = [emulator.add_user(f"ผู้ใช้ {n}")["userId"] for n in range(USERS)]
    tokens = {user: iter(emulator.reply_tokens(user, count // USERS + 1)) for user in users}
    signed = []
    for index in range(count):
        user = users[index % USERS]
        event = events.text(events.user_source(user), f"ข้อความที่ {index}", reply_token=next(tokens[user]))
        body = events.webhook_body("U" + "0" * 32, [event])
        signed.append((body, events.sign(SECRET, body)))
    return signed


async def run_load(url: str, signed: list[tuple[bytes, str]], rate: float | None) -> Figures:
    connector = aiohttp.TCPConnector(limit=CONCURRENCY * 4)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def send(index: int) -> bool:
            body, signature = signed[index]
            headers = {"X-Line-Signature": signature, "Content-Type": "application/json"}
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                return response.status == 200

        if rate:
            return await open_loop(send, rate, len(signed))
        return await closed_loop(send, CONCURRENCY, len(signed))


def bot_env(database_url: str, emulator_url: str) -> dict[str, str]:
    return {
        "LOGBOOK_ENV": "production",
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LOGBOOK_DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
        "DATABASE_URL": database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "LOGBOOK_REDIS_NAMESPACE": NAMESPACE,
        "LINE_API_BASE_URL": emulator_url,
        "PYTHAINLP_OFFLINE": "1",
        "PYTHAINLP_READ_ONLY": "1",
    }


def gunicorn(app: str, port: int) -> list[str]:
    return [
        PYTHON,
        "-m",
        "gunicorn",
        "-w",
        "2",
        "-k",
        "sync",
        "-b",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "--log-level",
        "warning",
        app,
    ]


def measure(name: str, url: str, emulator: EmulatorClient, count: int, rate: float | None = None) -> Figures:
    figures = asyncio.run(run_load(url, bodies(emulator, count), rate))
    print(
        f"{name}: {figures.per_second:,.0f} ack/s  p50 {figures.median:.1f} ms  "
        f"p99 {figures.percentile(99):.1f} ms  errors {figures.errors}",
        flush=True,
    )
    return figures


def clear_queue() -> None:
    client = redis.Redis()
    for key in client.scan_iter(f"{NAMESPACE}*"):
        client.delete(key)
    for key in client.scan_iter("rq:queue:" + NAMESPACE + "*"):
        client.delete(key)


def emulator_command(port: int, webhook_url: str | None = None) -> list[str]:
    """`python -m emulator` on a port, with the benchmark's channel credentials."""
    command = [
        PYTHON,
        "-m",
        "emulator",
        "--port",
        str(port),
        "--channel-secret",
        SECRET,
        "--access-token",
        TOKEN,
    ]
    return command + (["--webhook-url", webhook_url] if webhook_url else [])


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [PYTHON, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=6000, help="events per run at 0 ms")
    count = parser.parse_args().events
    emulator_port, ours_port, baseline_port = free_port(), free_port(), free_port()
    emulator_url = f"http://127.0.0.1:{emulator_port}"
    env = bot_env(scratch_database("bench_webhook"), emulator_url)
    migrate(env)
    ours_url, baseline_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{baseline_port}"
    emulator = emulator_command(emulator_port)
    rows = []
    started_on = machine()
    with (
        process(emulator, env, f"{emulator_url}/_emulator/users"),
        process(gunicorn("wsgi:app", ours_port), env, f"{ours_url}/healthz") as ours,
        process(gunicorn("bench.baseline_echo:app", baseline_port), env),
    ):
        emulator = EmulatorClient(emulator_url)
        time.sleep(3)
        for latency in (0, 200):
            emulator.set_latency(latency)
            clear_queue()
            mine = measure(f"logbook @{latency}ms", f"{ours_url}/callback", emulator, count)
            theirs = measure(
                f"baseline @{latency}ms",
                f"{baseline_url}/callback",
                emulator,
                count if latency == 0 else count // 10,
            )
            rows.append((latency, mine, theirs))
        emulator.set_latency(0)
        clear_queue()
        steady = measure("logbook @500/s", f"{ours_url}/callback", emulator, 15000, rate=500)
        rss = {pid: rss_mb(pid) for pid in children_of(ours.pid)}
    clear_queue()
    print(write_results("webhook", report(rows, steady, rss, started_on)).read_text())


def report(
    rows: list[tuple[int, Figures, Figures]], steady: Figures, rss: dict[int, float], where: str
) -> str:
    lines = [
        "# Webhook benchmark (`python -m bench.webhook`)",
        "",
        f"Started {where}; finished with load average {', '.join(f'{v:.1f}' for v in os.getloadavg())}.",
        "gunicorn, 2 sync workers, PostgreSQL + Redis on the same machine; no RQ worker runs, so the",
        "figures are the acknowledgement path alone (verify, parse, inbox row, enqueue, 200).",
        "",
        "| LINE API latency | service | acknowledged/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    for latency, mine, theirs in rows:
        for name, figures in (("this service", mine), ("flask-echo baseline", theirs)):
            lines.append(
                f"| {latency} ms | {name} | {figures.per_second:,.0f} | {figures.median:.1f} | "
                f"{figures.percentile(99):.1f} | {figures.errors} |"
            )
        lines.append(f"| {latency} ms | ratio | {mine.per_second / theirs.per_second:.1f}× | | | |")
    worst = max(rss.values()) if rss else 0
    lines += [
        "",
        f"Steady 500 events/s: p50 {steady.median:.1f} ms, p99 {steady.percentile(99):.1f} ms, "
        f"errors {steady.errors}. Web worker RSS: {worst:.0f} MB (largest of {len(rss)} workers).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
