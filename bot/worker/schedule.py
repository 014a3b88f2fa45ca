"""What runs on a clock (bot/worker/clock.py): the clock process with Redis, a thread when embedded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from croniter import croniter

from bot.jobs import JobRunner
from bot.worker import citizen_digests, reports, retention, sweep

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    func: Callable[..., Any]
    interval: int | None = None
    cron_utc: str | None = None
    name: str | None = None
    """Set for the reports someone may want now: `flask jobs run NAME`, the demo chat page's control."""
    label: str = ""


SCHEDULE: list[Task] = [
    Task(sweep.sweep, interval=10),
    Task(retention.purge, cron_utc="15 20 * * *"),  # 03:15 Bangkok
    Task(citizen_digests.send_citizen_digests, cron_utc="0 11 * * *", name="citizen_digest",
         label="สรุปให้ประชาชน (18:00)"),
    Task(reports.overdue_scan, cron_utc="30 0 * * *", name="overdue_scan",  # 07:30 Bangkok
         label="ตรวจเลยกำหนดติดตาม (07:30)"),
    Task(reports.daily_digest, cron_utc="0 1 * * *", name="daily_digest",  # 08:00 Bangkok
         label="สรุปประจำวัน (08:00)"),
    Task(reports.weekly_summary, cron_utc="0 1 * * 1", name="weekly_summary",  # Monday 08:00 Bangkok
         label="สรุปรายสัปดาห์ (จันทร์ 08:00)"),
]

RUNNABLE: dict[str, Task] = {task.name: task for task in SCHEDULE if task.name}


def run_now(jobs: JobRunner, name: str) -> None:
    """Enqueues one named report now instead of at its time (KeyError for an unknown name)."""
    jobs.enqueue(RUNNABLE[name].func)


def next_run(task: Task, after: datetime) -> datetime:
    if task.cron_utc:
        return croniter(task.cron_utc, after).get_next(datetime)
    return datetime.fromtimestamp(after.timestamp() + (task.interval or 60), UTC)
