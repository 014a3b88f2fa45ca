"""What bench.alerts counts after a run (delivered, duplicated, lost, latency), and its results table."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bench.common import Figures
from bot.services import Services
from emulator.client import EmulatorClient
from models import Alert, DeliveryStatus, Household, OutboundMessage, User

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
