"""The bot's own CPU per dialog turn, for the README's capacity model.

Runs `python -m bench.dialog --officers N` and samples, from /proc, the CPU time of the bot's processes
only: gunicorn (web), the RQ workers, and the PostgreSQL backends serving the benchmark's database;
Redis's CPU comes from its INFO (the whole server: an upper bound when others use it too). The emulator
and the simulated phones are left out. A turn is one webhook event (inbox row) answered.
Run:  .venv/bin/python scripts/cpu_per_turn.py [--officers 20]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "bench_dialog"
TICKS = os.sysconf("SC_CLK_TCK")
T = TypeVar("T")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 when it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        children = Path(f"/proc/{current}/task/{current}/children")
        more = [int(c) for c in children.read_text().split()] if children.exists() else []
        found += more
        todo += more
    return found


def role(pid: int) -> str | None:
    """web, worker, or None for the emulator, the phones and anything else."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    if "gunicorn" in command:
        return "web"
    if "wsgi worker" in command:
        return "worker"
    return None


def postgres_backends() -> list[int]:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as connection:
        rows = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (DATABASE,))
        return [row[0] for row in rows]


def redis_cpu() -> float:
    info = redis.Redis().info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


class Sampler:
    """CPU per process from the first answered event on (start-up, warm-up and the benchmark's data
    preparation are left out); keeps the highest time seen, as a process's CPU leaves /proc with it."""

    def __init__(self, bench: int) -> None:
        self.bench = bench
        self.seen: dict[tuple[str, int], float] = defaultdict(float)
        self.baseline: dict[tuple[str, int], float] | None = None
        self.redis_baseline = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            time.sleep(0.5)

    def sample(self) -> None:
        for pid in descendants(self.bench):
            kind = role(pid)
            if kind:
                self.seen[kind, pid] = max(self.seen[kind, pid], cpu_seconds(pid))
        no_backends: list[int] = []
        for pid in _quietly(postgres_backends, no_backends):
            self.seen["postgres", pid] = max(self.seen["postgres", pid], cpu_seconds(pid))
        if self.baseline is None and _quietly(lambda: turns()[0], 0) > 0:
            self.baseline = dict(self.seen)
            self.redis_baseline = redis_cpu()

    def totals(self) -> dict[str, float]:
        summed: dict[str, float] = defaultdict(float)
        baseline = self.baseline or {}
        for (kind, pid), seconds in self.seen.items():
            summed[kind] += seconds - baseline.get((kind, pid), 0.0)
        summed["redis (whole server)"] = redis_cpu() - self.redis_baseline
        return summed


def _quietly(read: Callable[[], T], otherwise: T) -> T:
    """What `read` gives, or `otherwise` while the database is not there yet."""
    try:
        return read()
    except psycopg.Error:
        return otherwise


def turns() -> tuple[int, int]:
    """(events answered, messages sent) in the benchmark's database."""
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}") as connection:
        events = connection.execute("SELECT count(*) FROM inbox_events WHERE processed_at IS NOT NULL")
        sent = connection.execute("SELECT count(*) FROM outbound_messages WHERE status = 'delivered'")
        return events.fetchone()[0], sent.fetchone()[0]  # type: ignore[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=20)
    officers = parser.parse_args().officers
    results = ROOT / "bench" / "RESULTS-dialog.md"
    kept = results.read_bytes()  # a short run is not the benchmark's figure: its results file is put back
    bench = subprocess.Popen([sys.executable, "-m", "bench.dialog", "--officers", str(officers)], cwd=ROOT)
    sampler = Sampler(bench.pid)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    try:
        bench.wait()
    finally:
        sampler.stop.set()
        thread.join()
        results.write_bytes(kept)
    answered, sent = turns()
    totals = sampler.totals()
    print(f"\n{officers} officers: {answered} turns answered, {sent} messages delivered")
    for kind, seconds in totals.items():
        print(f"  {kind:22} {seconds:7.1f} s CPU   {seconds / answered * 1000:6.1f} ms per turn")
    total = sum(totals.values())
    print(f"  {'bot in all':22} {total:7.1f} s CPU   {total / answered * 1000:6.1f} ms per turn")


if __name__ == "__main__":
    main()
