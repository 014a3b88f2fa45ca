"""Scheduled jobs for supervisors: the overdue scan (07:30), the daily digest (08:00) and the weekly
summary with its chart (Monday 08:00), all Bangkok time.

Each fans out one job per province or per supervisor scope, so workers share the work. Reports are
written with a dedupe key per supervisor and day (or week): a re-run or a second scheduler inserts
nothing new, so nobody gets a report twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import charts, outbox, runtime
from handlers.context import BANGKOK
from handlers.messages import Message
from handlers.outbox import Outbox
from handlers.supervisor import digest, scan, weekly
from handlers.supervisor.figures import overdue
from models import Household, OutboundMessage, User
from models.vocabulary import Role

log = logging.getLogger(__name__)


def overdue_scan() -> None:
    """Job (07:30 Bangkok): one scan job per province that has overdue households."""
    rt = runtime.current()
    today = _today()
    with rt.sessions() as session:
        provinces = list(session.scalars(select(Household.province_code).distinct().where(overdue(today))))
    for province in provinces:
        rt.jobs.enqueue(scan_province, province, today.isoformat())


def scan_province(province: str, day: str) -> None:
    rt = runtime.current()
    with rt.sessions.begin() as session:
        box = Outbox(session, rt.protector, rt.now())
        created = scan.scan_province(session, box, rt.now(), province, date.fromisoformat(day))
    log.info("overdue scan: %d alerts in province %s", created, province)
    outbox.dispatch(box.created)


def daily_digest() -> None:
    """Job (08:00 Bangkok): one digest job per supervisor scope."""
    _fan_out(digest_for_scope)


def digest_for_scope(scope: str, day: str) -> None:
    today = date.fromisoformat(day)
    _send_report(
        scope, lambda user_id: digest.dedupe_key(today, user_id), lambda s: digest.digest(s, scope, today)
    )


def weekly_summary() -> None:
    """Job (Monday 08:00 Bangkok): one weekly job per supervisor scope; old chart images are pruned."""
    rt = runtime.current()
    with rt.sessions.begin() as session:
        charts.prune(session, rt.now())
    _fan_out(weekly_for_scope)


def weekly_for_scope(scope: str, day: str) -> None:
    today = date.fromisoformat(day)
    period = weekly.last_week(today)

    def build(session: Session) -> list[Message]:
        week = weekly.gather(session, scope, today)
        return weekly.messages(
            week, charts.store(session, scope, weekly.chart_png(week), runtime.current().now())
        )

    _send_report(scope, lambda user_id: weekly.dedupe_key(period, user_id), build)


def _fan_out(job: Callable[[str, str], None]) -> None:
    rt = runtime.current()
    with rt.sessions() as session:
        scopes = list(session.scalars(select(User.area_code).distinct().where(*_supervisors())))
    for scope in scopes:
        rt.jobs.enqueue(job, scope, _today().isoformat())


def _send_report(scope: str, key_of: Callable[[int], str], build: Callable[[Session], list[Message]]) -> None:
    """Builds the report once for the scope and pushes it to each supervisor who has not had it."""
    rt = runtime.current()
    try:
        with rt.sessions.begin() as session:
            people = {
                key_of(u.id): u
                for u in session.scalars(select(User).where(*_supervisors(), User.area_code == scope))
            }
            sent = set(
                session.scalars(
                    select(OutboundMessage.dedupe_key).where(OutboundMessage.dedupe_key.in_(people))
                )
            )
            waiting = [user for key, user in people.items() if key not in sent]
            box = Outbox(session, rt.protector, rt.now())
            if waiting:
                messages = build(session)
                for user in waiting:
                    box.push(user.line_user_id, messages, urgent=False, dedupe_key=key_of(user.id))
    except IntegrityError:
        log.info("report for one scope was written by another run meanwhile: nothing sent twice")
        return
    outbox.dispatch(box.created)


def _supervisors() -> tuple[ColumnElement[bool], ...]:
    return (User.role == Role.SUPERVISOR, User.following.is_(True), User.area_code.is_not(None))


def _today() -> date:
    return runtime.current().now().astimezone(BANGKOK).date()
