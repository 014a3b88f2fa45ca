"""What bench.faults counts after a run, and its results table."""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bench import alerts_report
from bench.common import machine
from bot.services import Services
from emulator.client import EmulatorClient
from models import InboxEvent, OutboundMessage

if TYPE_CHECKING:
    from bench.faults import Fault


@dataclass
class Outcome:
    sent: int
    answered: Counter[int]
    handled: int
    failed: int
    lost: int
    handled_twice: int
    messages_per_event: int
    messages_duplicated: int
    messages_missing: int
    alerts: alerts_report.Run
    seconds: float



def analyse(
    rt: Services,
    emulator: EmulatorClient,
    users: list[str],
    count: int,
    answered: Counter[int],
    alert_count: int,
    seconds: float,
) -> Outcome:
    with rt.sessions() as session:
        outcomes = Counter(session.scalars(select(InboxEvent.outcome)))
        twice = session.scalar(
            select(func.count()).select_from(
                select(OutboundMessage.inbox_event_id)
                .where(OutboundMessage.inbox_event_id.is_not(None))
                .group_by(OutboundMessage.inbox_event_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
    sent = Counter(users[n % len(users)] for n in range(count))
    got = {user: len(emulator.messages(user)) for user in users}
    per_event = Counter(got[user] // sent[user] for user in users if sent[user]).most_common(1)[0][0]
    return Outcome(
        sent=count,
        answered=answered,
        handled=outcomes["handled"],
        failed=outcomes["failed"],
        lost=answered[200] - outcomes["handled"],
        handled_twice=int(twice or 0),
        messages_per_event=per_event,
        messages_duplicated=sum(max(0, got[u] - per_event * sent[u]) for u in users),
        messages_missing=sum(max(0, per_event * sent[u] - got[u]) for u in users),
        alerts=alerts_report.analyse("faults", rt, emulator, alert_count, None),
        seconds=seconds,
    )



def report(outcome: Outcome, faults: list[Fault], args: argparse.Namespace) -> str:
    alerts = outcome.alerts
    lines = [
        f"{machine()}.",
        "",
        f"`python -m bench.faults --events {args.events} --users {args.users} --alerts {args.alerts} "
        f"--supervisors {args.supervisors} --workers {args.workers} --rate {args.rate}`: "
        f"{outcome.sent:,} webhook events (one per request, 'วิธีใช้' from {args.users} users, fresh "
        f"reply tokens) at {args.rate}/s and {args.alerts:,} alerts to {args.supervisors} supervisors "
        f"alongside, through gunicorn (2 sync workers), {args.workers} RQ workers, two clocks (leader "
        "and spare), PostgreSQL, a redis-server of the benchmark's own and the LINE emulator answering "
        f"1 % of sends 500 and 0.5 % 429 at random. Run time {outcome.seconds:.0f} s.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| events answered 200 | {outcome.answered[200]:,} of {outcome.sent:,} "
        f"(other: {dict((k, v) for k, v in outcome.answered.items() if k != 200) or 'none'}) | all |",
        f"| events lost (answered 200, never handled) | {outcome.lost} | 0 |",
        f"| events handled twice | {outcome.handled_twice} | 0 |",
        f"| events failed after retries (apology sent) | {outcome.failed} | 0 |",
        f"| reply messages duplicated / missing (per user, {outcome.messages_per_event} per event) "
        f"| {outcome.messages_duplicated} / {outcome.messages_missing} | 0 / 0 |",
        f"| alert cards duplicated / lost | {alerts.duplicates_by_card} / {alerts.lost} "
        f"({alerts.not_delivered_rows} rows not delivered) | 0 / 0 |",
        "",
        "| fault (on a schedule) | seconds from its end until every event received before it is handled "
        "| target |",
        "|---|---|---|",
    ]
    for fault in faults:
        took = "not within 300 s" if fault.recovery is None else f"{fault.recovery:.1f} s"
        lines.append(
            f"| t={fault.start:.0f} s: {fault.name}{f' for {fault.seconds:.0f} s' if fault.end else ''} "
            f"| {took} | ≤ 5 s |"
        )
    lines += [
        "",
        "Recovery counts from the moment the fault ended (Redis started again, woken, the kill sent) "
        "until no event received before that moment is unhandled; it includes any backlog the fault left.",
    ]
    return "\n".join(lines) + "\n"
