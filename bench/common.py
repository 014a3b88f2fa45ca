"""What the benchmarks share: processes on free ports, a scratch PostgreSQL database, load, figures."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError as error:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up") from error
            time.sleep(0.2)


@contextlib.contextmanager
def process(
    command: list[str], env: dict[str, str], health_url: str | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen]:
    """A child process for the duration of a with block; its output goes to `log`, or nowhere."""
    output = log.open("ab") if log else subprocess.DEVNULL
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=output,
        stderr=output,
        start_new_session=True,
    )
    try:
        if health_url:
            wait_until_up(health_url)
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
        if log:
            output.close()  # type: ignore[union-attr]


def scratch_database(name: str) -> str:
    """A fresh, empty PostgreSQL database (never the test suite's `test`); returns its SQLAlchemy URL."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children_of(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


@dataclass
class Figures:
    count: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


async def closed_loop(send: Callable[[int], Awaitable[bool]], concurrency: int, total: int) -> Figures:
    """`concurrency` clients send `total` requests back to back, as fast as the server answers."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def client() -> None:
        nonlocal errors
        for index in counter:
            started = time.perf_counter()
            ok = await send(index)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return Figures(len(latencies), time.perf_counter() - started, latencies, errors)


async def open_loop(send: Callable[[int], Awaitable[bool]], rate: float, total: int) -> Figures:
    """Requests started at a fixed rate whatever the answers: latency as a steady load sees it."""
    latencies: list[float] = []
    errors = 0

    async def one(index: int) -> None:
        nonlocal errors
        started = time.perf_counter()
        ok = await send(index)
        latencies.append((time.perf_counter() - started) * 1000)
        errors += not ok

    started = time.perf_counter()
    tasks = []
    for index in range(total):
        delay = started + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.gather(*tasks)
    return Figures(len(latencies), time.perf_counter() - started, latencies, errors)


def machine() -> str:
    """One line on where and when a benchmark ran: CPU, cores, memory, date, load average."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {cpu}, {os.cpu_count()} cores, "
            f"{memory} GiB, Python {sys.version.split()[0]}; load average {load}")


def write_results(name: str, markdown: str) -> Path:
    """bench/RESULTS-<name>.md, the figures the README quotes."""
    path = ROOT / "bench" / f"RESULTS-{name}.md"
    path.write_text(markdown, encoding="utf-8")
    return path
