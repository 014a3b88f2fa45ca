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
import re
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import redis
from sqlalchemy import select

from bench.common import PYTHON, Figures, free_port, process, scratch_database, write_results
from bench.webhook import SECRET, TOKEN, bot_env, migrate
from bot.services import Services
from bot.web.app import create_app
from bot.worker import delivery
from emulator import ids
from emulator.client import EmulatorClient
from handlers import alerts
from handlers.outbox import Outbox
from models import Alert, AlertKind, Area, DeliveryStatus, Household, OutboundMessage, User, Village
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
SENDS = ("/v2/bot/message/push", "/v2/bot/message/multicast")
ALERT_ID = re.compile(r"alert\|ack\|(\d+)")


@dataclass
class Run:
    mode: str
    alerts: int
    rows: int
    delivered_rows: int
    recipients_delivered: int
    seconds: float
    latency: Figures
    duplicates_by_key: int
    duplicates_by_card: int
    lost: int
    not_delivered_rows: int
    injected: Counter[int]
    busiest_multicast_second: int
    retried_rows: int
    worker_cpu_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.delivered_rows / self.seconds


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


def analyse(mode: str, rt: Services, emulator: EmulatorClient, count: int, started: datetime | None) -> Run:
    """Latency runs from the alert row (or, for a backlog, from when the workers started) to delivery."""
    with rt.sessions() as session:
        rows = session.execute(
            select(
                OutboundMessage.status,
                OutboundMessage.attempts,
                OutboundMessage.delivered_at,
                Alert.created_at,
            ).join(Alert, Alert.id == OutboundMessage.alert_id)
        ).all()
        expected = _expected_pairs(session)
    delivered_rows = [r for r in rows if r.status is DeliveryStatus.DELIVERED]
    latencies = [
        (r.delivered_at - max(r.created_at, started or r.created_at)).total_seconds() * 1000
        for r in delivered_rows
    ]
    first = started or min(r.created_at for r in rows)
    last = max(r.delivered_at for r in delivered_rows)
    calls = [c for c in emulator.requests() if c["path"].startswith(SENDS)]
    accepted = [c for c in calls if c["status"] == 200]
    keys = Counter(c["headers"].get("X-Line-Retry-Key") for c in accepted)
    cards = Counter(pair for c in accepted for pair in _pairs(c))
    return Run(
        mode=mode,
        alerts=count,
        rows=len(rows),
        delivered_rows=len(delivered_rows),
        recipients_delivered=sum(cards.values()),
        seconds=(last - first).total_seconds(),
        latency=Figures(len(latencies), (last - first).total_seconds(), latencies, 0),
        duplicates_by_key=sum(n - 1 for n in keys.values() if n > 1),
        duplicates_by_card=sum(n - 1 for n in cards.values() if n > 1),
        lost=len(expected - set(cards)),
        not_delivered_rows=len(rows) - len(delivered_rows),
        injected=Counter(c["status"] for c in calls if c["status"] != 200),
        busiest_multicast_second=_busiest_second(
            [c["time"] for c in calls if c["path"].endswith("multicast")]
        ),
        retried_rows=sum(1 for r in rows if r.attempts > 1),
    )


def _pairs(call: dict) -> list[tuple[str, int]]:
    body = call["body"]
    recipients = body["to"] if isinstance(body["to"], list) else [body["to"]]
    alert_ids = {int(m) for m in ALERT_ID.findall(str(body["messages"]))}
    return [(user, alert_id) for user in recipients for alert_id in alert_ids]


def _expected_pairs(session: object) -> set[tuple[str, int]]:
    """Every (supervisor, alert) that scope says must be delivered: district and province supervisors."""
    people: dict[str, list[str]] = {}
    for line_user_id, area in session.execute(select(User.line_user_id, User.area_code)):  # type: ignore[attr-defined]
        people.setdefault(area, []).append(line_user_id)
    pairs = set()
    for alert_id, district, province in session.execute(  # type: ignore[attr-defined]
        select(Alert.id, Household.district_code, Household.province_code).join(Household)
    ):
        pairs.update((user, alert_id) for user in people.get(district, []) + people.get(province, []))
    return pairs


def _busiest_second(times: list[float]) -> int:
    ordered = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1:
            start += 1
        most = max(most, end - start + 1)
    return most


def clear_redis() -> None:
    client = redis.Redis()
    for pattern in (f"{NAMESPACE}*", f"rq:*{NAMESPACE}*"):
        for key in client.scan_iter(pattern):
            client.delete(key)


def report(runs: list[Run], workers: int, supervisors: int) -> str:
    burst = runs[0]
    lines = [
        f"{burst.alerts:,} alerts to {supervisors:,} supervisors (5 per district, 10 % at province level: "
        "each alert is one multicast to about 12), raised with handlers.alerts.raise_alert.",
        f"{workers} RQ workers (`flask --app wsgi worker`) and the clock process, PostgreSQL and Redis on "
        f"127.0.0.1; the emulator answers 5 % of sends with 500 and 1 % with 429 at random. "
        f"{datetime.now():%Y-%m-%d}, {os.cpu_count()} cores shared with other work "
        f"(load average {os.getloadavg()[0]:.1f} at the end).",
        "",
        "| run | delivered alerts/s | recipient messages/s | p50 to delivery | p99 | max | duplicates "
        "| lost | rows not delivered | rows retried | 500 / 429 answers | busiest multicast second "
        "| worker CPU per alert |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        figures = run.latency
        lines.append(
            f"| {run.mode} | {run.per_second:,.1f} | {run.recipients_delivered / run.seconds:,.0f} "
            f"| {figures.median / 1000:.1f} s | {figures.percentile(99) / 1000:.1f} s "
            f"| {max(figures.latencies_ms) / 1000:.1f} s "
            f"| {run.duplicates_by_key} by retry key, {run.duplicates_by_card} by card | {run.lost} "
            f"| {run.not_delivered_rows} | {run.retried_rows} | {run.injected[500]} / {run.injected[429]} "
            f"| {run.busiest_multicast_second} (limit 200) "
            f"| {run.worker_cpu_seconds / max(1, run.delivered_rows) * 1000:.0f} ms |"
        )
    lines += [
        "",
        "Burst: every alert is written first, then the workers start; latency counts from their start. "
        "Steady: alerts are written while the workers run, at 60 % of the burst's rate; latency counts "
        "from the alert row. Duplicates and losses come from the emulator's records: a retry key "
        "accepted twice, the same alert card reaching the same supervisor twice, or a supervisor of the "
        "household's district or province who never got its card.",
    ]
    return "\n".join(lines) + "\n"


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
