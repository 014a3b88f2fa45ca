"""Alert delivery benchmark: 10,000 alerts to 2,000 supervisors through the LINE emulator, with 5 % of
sends answered 500 and 1 % answered 429 at random, delivered by RQ workers (`flask --app wsgi worker`,
plus the `clock` process for the sweep) against PostgreSQL and Redis.

Alerts are raised with handlers.alerts.raise_alert, as the visit report and help requests raise them:
each goes to its district's and its province's supervisors as one multicast. Two runs: a burst (all
alerts written as fast as one producer can) and a steady stream below LINE's multicast limit.
Duplicates and losses are counted from the emulator's own records of what it delivered.

Run:  .venv/bin/python -m bench.alerts [--alerts 10000] [--supervisors 2000] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import redis
from sqlalchemy import select

from bench.alerts_report import Run, analyse, report
from bench.common import PYTHON, free_port, process, scratch_database, write_results
from bench.webhook import SECRET, TOKEN, bot_env, migrate
from bot.services import Services
from bot.web.app import create_app
from bot.worker import delivery
from emulator import ids
from emulator.client import EmulatorClient
from handlers import alerts
from handlers.outbox import Outbox
from models import AlertKind, Area, DeliveryStatus, Household, OutboundMessage, User, Village
from models.vocabulary import AreaLevel, HouseholdSource, Role

NAMESPACE = "bench-alerts"
PER_DISTRICT, HOUSEHOLDS_PER_DISTRICT, PROVINCE_SHARE = 5, 5, 0.1
KINDS = (
    AlertKind.CRITICAL_HOUSEHOLD,
    AlertKind.CRITICAL_HOUSEHOLD,
    AlertKind.HELP_REQUEST,
    AlertKind.VISIT_CHANGED,
)
PER_TRANSACTION = 20


def build_world(rt: Services, emulator: EmulatorClient, supervisors: int) -> list[int]:
    """Supervisors of districts (5 each) and provinces (10 % of all), with households in each district."""
    district_count = int(supervisors * (1 - PROVINCE_SHARE)) // PER_DISTRICT
    with rt.sessions.begin() as session:
        districts = list(
            session.scalars(
                select(Area).where(Area.level == AreaLevel.DISTRICT).order_by(Area.code).limit(district_count)
            )
        )
        provinces = sorted({d.parent_code for d in districts})
        staff = [(d.code, n) for d in districts for n in range(PER_DISTRICT)]
        staff += [(provinces[n % len(provinces)], n) for n in range(supervisors - len(staff))]
        for code, n in staff:
            user_id = ids.user_id()
            emulator.add_user(f"หัวหน้า {code}-{n}", user_id=user_id)
            session.add(
                User(
                    line_user_id=user_id,
                    display_name=f"หัวหน้า {code}-{n}",
                    role=Role.SUPERVISOR,
                    area_code=code,
                )
            )
        homes = []
        for district in districts:
            subdistrict = session.scalar(
                select(Area.code).where(Area.parent_code == district.code).order_by(Area.code)
            )
            session.add(
                Village(code=f"{subdistrict}01", subdistrict_code=subdistrict, moo=1, name_th="บ้านทดสอบ")
            )
            session.flush()
            for n in range(HOUSEHOLDS_PER_DISTRICT):
                home = Household(
                    house_no=f"{n + 1}/1",
                    village_code=f"{subdistrict}01",
                    subdistrict_code=subdistrict,
                    district_code=district.code,
                    province_code=district.parent_code,
                    source=HouseholdSource.FIELD_ADDED,
                )
                session.add(home)
                homes.append(home)
        session.flush()
        return [home.id for home in homes]


def produce(rt: Services, homes: list[int], count: int, rate: float | None) -> None:
    """Raises alerts PER_TRANSACTION at a time, as a handler would, and hands the rows to the workers."""
    started = time.monotonic()
    for first in range(0, count, PER_TRANSACTION):
        if rate:
            time.sleep(max(0.0, started + first / rate - time.monotonic()))
        produce_batch(rt, homes, first, min(count, first + PER_TRANSACTION))


def produce_batch(rt: Services, homes: list[int], first: int, end: int) -> None:
    """Alerts first … end-1 in one transaction, then their rows handed to the workers."""
    with rt.sessions.begin() as session:
        box = Outbox(session, rt.protector, rt.now())
        ctx = SimpleNamespace(session=session, now=rt.now(), outbox=box)
        for n in range(first, end):
            household = session.get(Household, homes[n % len(homes)])
            kind = KINDS[n % len(KINDS)]
            reason = f"มีปัญหา 3 ด้าน (สุขภาพ, ความเป็นอยู่, รายได้) · รายการที่ {n}"
            alerts.raise_alert(ctx, kind, household, reason, urgent=True, dedupe_key=f"bench:{n}")
    delivery.dispatch(rt, box.created)


def settled(rt: Services, expected_rows: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with rt.sessions() as session:
            statuses = Counter(session.scalars(select(OutboundMessage.status)))
        waiting = statuses[DeliveryStatus.PENDING] + statuses[DeliveryStatus.HELD]
        print(f"  rows {sum(statuses.values())}/{expected_rows}, waiting {waiting}", flush=True)
        if sum(statuses.values()) >= expected_rows and not waiting:
            return
        time.sleep(2)
    raise TimeoutError("deliveries did not settle in time")


def measure(mode: str, count: int, supervisors: int, workers: int, rate: float | None) -> Run:
    """A burst (rate None): every alert is written first, then the workers start and drain the
    backlog. A steady run: the workers run while alerts are written at `rate` per second."""
    emulator_port = free_port()
    emulator_url = f"http://127.0.0.1:{emulator_port}"
    env = {**bot_env(scratch_database("bench_alerts"), emulator_url), "LOGBOOK_REDIS_NAMESPACE": NAMESPACE}
    migrate(env)
    clear_redis()
    emulator_command = [
        *(PYTHON, "-m", "bench.faulty_emulator", "--port", str(emulator_port)),
        *("--channel-secret", SECRET, "--access-token", TOKEN),
    ]
    commands = [[PYTHON, "-m", "flask", "--app", "wsgi", "worker"]] * workers
    commands.append([PYTHON, "-m", "flask", "--app", "wsgi", "clock"])
    with process(emulator_command, env, f"{emulator_url}/_emulator/users"):
        emulator = EmulatorClient(emulator_url, timeout=120)
        rt: Services = create_app(env).extensions["logbook"]
        homes = build_world(rt, emulator, supervisors)
        if rate is None:
            _timed(
                f"{mode}: {count} alerts written (no worker running)", lambda: produce(rt, homes, count, None)
            )
        started = rt.now()
        with Workers(commands, env) as running:
            if rate is not None:
                _timed(f"{mode}: {count} alerts written", lambda: produce(rt, homes, count, rate))
            settled(rt, count, time.monotonic() + 1800)  # one multicast per alert
        run = analyse(mode, rt, emulator, count, started if rate is None else None)
        run.worker_cpu_seconds = running.cpu_seconds
        rt.close()
    clear_redis()
    return run


def _timed(what: str, work: Callable[[], None]) -> None:
    began = time.monotonic()
    work()
    print(f"  {what} in {time.monotonic() - began:.1f} s", flush=True)


class Workers:
    """The worker and clock processes for the duration of a with block; their CPU time (work horses
    included, as children the workers waited for) is read just before they stop."""

    def __init__(self, commands: list[list[str]], env: dict[str, str]) -> None:
        self._contexts = [process(command, env) for command in commands]
        self._children: list[subprocess.Popen] = []
        self.cpu_seconds = 0.0

    def __enter__(self) -> Workers:
        self._children = [context.__enter__() for context in self._contexts]
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu_seconds = sum(_cpu_seconds(child.pid) for child in self._children)
        for context in reversed(self._contexts):
            context.__exit__(None, None, None)


def _cpu_seconds(pid: int) -> float:
    """utime + stime + cutime + cstime of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def clear_redis() -> None:
    client = redis.Redis()
    for pattern in (f"{NAMESPACE}*", f"rq:*{NAMESPACE}*"):
        for key in client.scan_iter(pattern):
            client.delete(key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--supervisors", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    burst = measure("burst", args.alerts, args.supervisors, args.workers, None)
    rate = round(burst.per_second * 0.6, 1)
    steady = measure(f"steady {rate}/s", args.alerts, args.supervisors, args.workers, rate)
    print(write_results("alerts", report([burst, steady], args.workers, args.supervisors)).read_text())


if __name__ == "__main__":
    main()
