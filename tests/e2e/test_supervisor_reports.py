"""Scheduled work for supervisors: the overdue scan, the daily digest, the weekly chart, dead letters."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest
from croniter import croniter
from sqlalchemy import func, select

from bot.worker import reports, schedule, sweep
from emulator.faults import Fault
from models import Alert, AlertKind, DeliveryStatus, OutboundMessage
from models.vocabulary import Dimension, Role
from nlp.formatting import BANGKOK
from tests.e2e.conftest import all_text
from tests.e2e.supervisors import activity, alert_cards, days_ago, household, move_clock_to, raise_alert, rows

MONDAY = 0


@pytest.mark.parametrize(
    ("job", "weekday", "time"),
    [
        (reports.overdue_scan, None, "07:30"),
        (reports.daily_digest, None, "08:00"),
        (reports.weekly_summary, MONDAY, "08:00"),
    ],
)
def test_jobs_run_on_bangkok_time(job, weekday, time):
    (task,) = [t for t in schedule.SCHEDULE if t.func is job]
    when = (
        croniter(task.cron_utc, datetime(2026, 11, 24, 12, tzinfo=UTC)).get_next(datetime).astimezone(BANGKOK)
    )
    assert when.strftime("%H:%M") == time and (weekday is None or when.weekday() == weekday)


def run_job(chat, name: str):
    """`flask --app wsgi jobs run NAME`, then whatever it queued (the workers' part on Redis)."""
    result = chat.app.test_cli_runner().invoke(args=["jobs", "run", name])
    chat.run_jobs()
    return result


def test_jobs_run_sends_the_morning_digest_and_the_weekly_chart_now(chat):
    """Wednesday 15:00 Bangkok: neither report is due, `jobs run` sends them anyway (once)."""
    chat.rt.settings = dataclasses.replace(chat.rt.settings, public_base_url="https://logbook.example.org")
    move_clock_to(chat, 15, weekday=2)
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    activity(chat, household(chat), days_ago(chat, 1), visits=2, problems=(Dimension.HEALTH,))
    for name in ("daily_digest", "weekly_summary", "daily_digest"):
        result = run_job(chat, name)
        assert result.exit_code == 0 and name in result.output, result.output
    digest, card, picture = chat.messages_to(supervisor.user_id)
    assert "สรุปประจำวัน" in all_text(digest) and "สรุปรายสัปดาห์" in all_text(card)
    assert picture["type"] == "image"


def test_jobs_run_knows_the_scheduled_reports_by_name(chat):
    assert sorted(schedule.RUNNABLE) == ["citizen_digest", "daily_digest", "overdue_scan", "weekly_summary"]
    for name in ("overdue_scan", "citizen_digest"):
        assert run_job(chat, name).exit_code == 0
    refused = run_job(chat, "purge_everything")
    assert refused.exit_code == 2 and "daily_digest" in refused.output


def count(chat, model, *where) -> int:
    with chat.rt.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_overdue_scan_alerts_once_a_day_per_household_in_one_message_per_area(chat):
    move_clock_to(chat, 7, 30)
    district = [chat.user(f"หัวหน้า อำเภอ {n}", Role.SUPERVISOR, "6501") for n in range(2)]
    muted = chat.user("หัวหน้า ปิดเสียง", Role.SUPERVISOR, "6501")
    province = chat.user("หัวหน้า จังหวัด", Role.SUPERVISOR, "65")
    other = chat.user("หัวหน้า นครไทย", Role.SUPERVISOR, "6502")
    with chat.rt.sessions.begin() as session:
        muted.row(session).alerts_muted = True
    for n, late in enumerate((1, 5, 30)):
        household(chat, house_code=f"6501000000{n}", next_follow_up_on=days_ago(chat, late))
    household(chat, house_code="65020000001", subdistrict="650201", next_follow_up_on=days_ago(chat, 2))
    household(chat, house_code="65010000009", next_follow_up_on=days_ago(chat, 0))
    household(chat, house_code="65010000008", next_follow_up_on=days_ago(chat, 9), closed=True)
    reports.overdue_scan(chat.rt)
    chat.run_jobs()
    assert count(chat, Alert, Alert.kind == AlertKind.OVERDUE_FOLLOW_UP) == 4
    for supervisor in district:
        headline, carousel = chat.messages_to(supervisor.user_id)
        assert "เลยกำหนดติดตาม 3 ครัวเรือนในอำเภอเมืองพิษณุโลก (เพิ่งเลยกำหนด 1)" in headline["text"]
        bubbles = carousel["contents"]["contents"]
        assert len(bubbles) == 3 and "เลยกำหนดติดตาม 1 วัน" in all_text(bubbles[0])
    assert "เลยกำหนดติดตาม 4 ครัวเรือนในจังหวัดพิษณุโลก" in all_text(chat.messages_to(province.user_id))
    assert "1 ครัวเรือน" in all_text(chat.messages_to(other.user_id))
    assert chat.messages_to(muted.user_id) == []
    sent = len(rows(chat))
    reports.overdue_scan(chat.rt)
    chat.run_jobs()
    assert count(chat, Alert) == 4 and len(rows(chat)) == sent
    chat.clock.advance(days=1)
    reports.overdue_scan(chat.rt)
    chat.run_jobs()
    assert count(chat, Alert) == 4 + 5  # the household due yesterday is overdue today


def test_the_daily_digest_reaches_each_supervisor_once(chat):
    move_clock_to(chat, 8)
    supervisors = [chat.user(f"หัวหน้า {n}", Role.SUPERVISOR, "6501") for n in range(2)]
    province = chat.user("หัวหน้า จังหวัด", Role.SUPERVISOR, "65")
    officer = chat.user("เจ้าหน้าที่", Role.OFFICER, "650101")
    activity(chat, household(chat), days_ago(chat, 1), visits=3, problems=(Dimension.HEALTH,))
    for _ in range(2):
        reports.daily_digest(chat.rt)
        chat.run_jobs()
    for supervisor in (*supervisors, province):
        (digest,) = chat.messages_to(supervisor.user_id)
        assert "สรุปประจำวัน" in all_text(digest) and "3 ครั้ง (1 ครัวเรือน)" in all_text(digest)
    assert chat.messages_to(officer.user_id) == []


def test_the_weekly_summary_sends_a_chart_the_bot_serves_over_https(chat):
    chat.rt.settings = dataclasses.replace(chat.rt.settings, public_base_url="https://logbook.example.org")
    move_clock_to(chat, 8, weekday=MONDAY)
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    activity(chat, household(chat), days_ago(chat, 3), visits=2, problems=(Dimension.INCOME,))
    for _ in range(2):
        reports.weekly_summary(chat.rt)
        chat.run_jobs()
    card, picture = chat.messages_to(supervisor.user_id)
    assert "สรุปรายสัปดาห์" in all_text(card) and "2 ครั้ง (1 ครัวเรือน)" in all_text(card)
    url = picture["originalContentUrl"]
    assert picture["type"] == "image" and picture["previewImageUrl"] == url
    assert re.fullmatch(r"https://logbook\.example\.org/charts/[A-Za-z0-9_-]{43}\.png", url)
    served = chat.client.get(url.removeprefix("https://logbook.example.org"))
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data[:4] == b"\x89PNG"
    assert chat.client.get("/charts/" + "x" * 43 + ".png").status_code == 404


def test_dead_deliveries_are_listed_without_personal_data_and_retried_with_the_same_key(chat):
    move_clock_to(chat, 10)
    people = [chat.user(f"หัวหน้า {n}", Role.SUPERVISOR, area) for n, area in enumerate(("6501", "65"))]
    chat.platform.emulator.state.faults.add(Fault(kind="500", path="/v2/bot/message/multicast"), 20)
    raise_alert(chat, household(chat))
    for _ in range(10):
        chat.clock.advance(minutes=10)
        sweep.sweep(chat.rt)
    (row,) = rows(chat)
    assert row.status is DeliveryStatus.DEAD
    runner = chat.app.test_cli_runner()
    listed = runner.invoke(args=["alerts", "dead"])
    assert f"{row.id}\tcritical_household\t2\t8\t" in listed.output and "HTTP 500" in listed.output
    assert not any(p.user_id in listed.output for p in people)
    chat.platform.emulator.state.faults.clear()
    retried = runner.invoke(args=["alerts", "retry", "--id", str(row.id)])
    assert retried.exit_code == 0, retried.output
    chat.run_jobs()
    assert all(len(alert_cards(chat, p)) == 1 for p in people)
    with chat.rt.sessions() as session:
        assert session.get(OutboundMessage, row.id).status is DeliveryStatus.DELIVERED
    keys = {
        r.headers["X-Line-Retry-Key"]
        for r in chat.platform.emulator.state.requests(path="/v2/bot/message/multicast")
    }
    assert keys == {str(row.id)}
    assert runner.invoke(args=["alerts", "retry", "--id", str(row.id)]).exit_code != 0
