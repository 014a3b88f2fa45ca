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

from bot.services import Services
from bot.worker import chart_links
from bot.worker.unit_of_work import unit_of_work
from handlers.messages import Message
from handlers.supervisor import digest, scan, weekly
from handlers.supervisor.figures import overdue
from models import Household, OutboundMessage, User
from models.vocabulary import Role
from nlp.formatting import bangkok_date

log = logging.getLogger(__name__)


def overdue_scan(services: Services) -> None:
    """Job (07:30 Bangkok): one scan job per province that has overdue households."""
    today = _today(services)
    with services.sessions() as session:
        provinces = list(session.scalars(select(Household.province_code).distinct().where(overdue(today))))
    for province in provinces:
        services.jobs.enqueue(scan_province, province, today.isoformat())


def scan_province(services: Services, province: str, day: str) -> None:
    with unit_of_work(services, dispatch=True) as work:
        created = scan.scan_province(work.session, work.outbox, work.now, province, date.fromisoformat(day))
    log.info("overdue scan: %d alerts in province %s", created, province)


def daily_digest(services: Services) -> None:
    """Job (08:00 Bangkok): one digest job per supervisor scope."""
    _fan_out(services, digest_for_scope)


def digest_for_scope(services: Services, scope: str, day: str) -> None:
    today = date.fromisoformat(day)
    _send_report(
        services,
        scope,
        lambda user_id: digest.dedupe_key(today, user_id),
        lambda reads, _session: digest.digest(reads, scope, today),
    )


def weekly_summary(services: Services) -> None:
    """Job (Monday 08:00 Bangkok): one weekly job per supervisor scope; old chart images are pruned."""
    with services.sessions.begin() as session:
        chart_links.prune(session, services.now())
    _fan_out(services, weekly_for_scope)


def weekly_for_scope(services: Services, scope: str, day: str) -> None:
    today = date.fromisoformat(day)
    period = weekly.last_week(today)

    def build(reads: Session, session: Session) -> list[Message]:
        week = weekly.gather(reads, scope, today)
        png = weekly.chart_png(week)
        return weekly.messages(
            week, chart_links.store(session, scope, png, services.now(), services.settings.public_base_url)
        )

    _send_report(services, scope, lambda user_id: weekly.dedupe_key(period, user_id), build)


def _fan_out(services: Services, job: Callable[[Services, str, str], None]) -> None:
    with services.sessions() as session:
        scopes = list(session.scalars(select(User.area_code).distinct().where(*_supervisors())))
    for scope in scopes:
        services.jobs.enqueue(job, scope, _today(services).isoformat())


def _send_report(
    services: Services,
    scope: str,
    key_of: Callable[[int], str],
    build: Callable[[Session, Session], list[Message]],
) -> None:
    """Builds the report once for the scope and pushes it to each supervisor who has not had it.
    `build` reads its figures from the first session (the replica, if any) and writes to the second."""
    try:
        with unit_of_work(services, dispatch=True) as work:
            session = work.session
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
            if waiting:
                with services.report_reads(session) as reads:
                    messages = build(reads, session)
                for user in waiting:
                    work.outbox.push(user.line_user_id, messages, urgent=False, dedupe_key=key_of(user.id))
    except IntegrityError:
        log.info("report for one scope was written by another run meanwhile: nothing sent twice")


def _supervisors() -> tuple[ColumnElement[bool], ...]:
    return (User.role == Role.SUPERVISOR, User.following.is_(True), User.area_code.is_not(None))


def _today(services: Services) -> date:
    return bangkok_date(services.now())
