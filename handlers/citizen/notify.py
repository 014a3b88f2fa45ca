"""Telling linked citizens what changed for their household: urgent news at once, the rest in a daily digest.

Only citizens who consented, opted in, still follow the bot and are linked to the household hear anything;
that is checked when the change happens and again when the digest goes. Messages go through the outbox,
so every push has its retry key. Pending changes wait in citizen_notices; `send_digests` (a daily job)
sends each citizen at most one digest per Bangkok day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from itertools import groupby

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from handlers.citizen.status import assistance_line
from handlers.context import Context
from handlers.messages import Message, message_action, text
from handlers.outbox import Outbox
from models import Assistance, CitizenLink, CitizenNotice, Problem, User
from models.vocabulary import ProblemStatus, Role
from nlp.formatting import BANGKOK, bangkok_date

NEWS = "มีความคืบหน้าของครัวเรือนคุณค่ะ"
DIGEST = "สรุปความคืบหน้าของครัวเรือนคุณวันนี้ค่ะ"
SEE_STATUS = 'พิมพ์ "สถานะ" เพื่อดูรายละเอียดทั้งหมด'
STATUS_LINE = "ปัญหาด้าน{dimension}: {status}"
GIVEN_LINE = "ได้รับ{line}"
MAX_LINES = 10
MORE_LINES = "และอีก {count} รายการ"
KEEP_SENT_DAYS = 30


@dataclass(frozen=True)
class HouseholdChanges:
    """What an officer's action changed: assistance recorded, problems whose status moved."""

    assistance: Sequence[Assistance] = field(default_factory=list)
    problems: Sequence[Problem] = field(default_factory=list)


def household_changed(ctx: Context, household_id: int, changes: HouseholdChanges, *, urgent: bool) -> None:
    """The hook officers' use cases call after writing assistance or status changes."""
    if not (changes.assistance or changes.problems):
        return
    ctx.session.flush()
    citizens = subscribers(ctx.session, household_id)
    if not citizens:
        return
    if urgent:
        lines = [_given(a) for a in changes.assistance] + [_status(p, p.status) for p in changes.problems]
        ctx.outbox.multicast([c.line_user_id for c in citizens], [_message(NEWS, lines)])
        return
    for citizen in citizens:
        ctx.session.add_all(
            [
                *(_notice(citizen, household_id, ctx.now, assistance_id=a.id) for a in changes.assistance),
                *(
                    _notice(citizen, household_id, ctx.now, problem_id=p.id, status=p.status)
                    for p in changes.problems
                ),
            ]
        )


def subscribers(session: Session, household_id: int) -> list[User]:
    """Citizens linked to the household who consented, opted in and still follow the bot."""
    linked = exists().where(
        CitizenLink.user_id == User.id,
        CitizenLink.household_id == household_id,
        CitizenLink.unlinked_at.is_(None),
    )
    return list(
        session.scalars(
            select(User).where(
                linked,
                User.role == Role.CITIZEN,
                User.notify.is_(True),
                User.following.is_(True),
                User.consent_at.is_not(None),
            )
        )
    )


def send_digests(session: Session, outbox: Outbox, now: datetime) -> int:
    """Job body: one digest per citizen with pending changes, unless they already had one today."""
    day_start = datetime.combine(bangkok_date(now), time(), tzinfo=BANGKOK)
    pending = session.scalars(
        select(CitizenNotice)
        .where(CitizenNotice.sent_at.is_(None))
        .order_by(CitizenNotice.user_id, CitizenNotice.created_at, CitizenNotice.id)
        .with_for_update(skip_locked=True)
    ).all()
    sent = 0
    for user_id, group in groupby(pending, key=lambda notice: notice.user_id):
        notices = list(group)
        if _had_digest_since(session, user_id, day_start):
            continue
        sent += _send_one(session, outbox, notices, now)
    session.execute(delete(CitizenNotice).where(CitizenNotice.sent_at < now - timedelta(days=KEEP_SENT_DAYS)))
    return sent


def _send_one(session: Session, outbox: Outbox, notices: list[CitizenNotice], now: datetime) -> int:
    """Sends what is still relevant (a problem's latest status only); the rest is dropped."""
    user = session.get(User, notices[0].user_id)
    allowed = {h for h in {n.household_id for n in notices} if user in subscribers(session, h)}
    wanted = [n for n in notices if n.household_id in allowed]
    latest = {_subject(n): n for n in wanted}
    lines = [line for notice in latest.values() if (line := _line(session, notice))]
    for notice in notices:
        if notice in wanted and lines:
            notice.sent_at = now
        else:
            session.delete(notice)
    if user is None or not lines:
        return 0
    outbox.push(user.line_user_id, [_message(DIGEST, lines)], urgent=False)
    return 1


def _subject(notice: CitizenNotice) -> tuple[str, int | None]:
    """What a notice is about: a later status of the same problem replaces an earlier one."""
    if notice.problem_id is not None:
        return "problem", notice.problem_id
    return "assistance", notice.assistance_id


def _had_digest_since(session: Session, user_id: int, since: datetime) -> bool:
    return bool(
        session.scalar(
            select(CitizenNotice.id)
            .where(CitizenNotice.user_id == user_id, CitizenNotice.sent_at >= since)
            .limit(1)
        )
    )


def _line(session: Session, notice: CitizenNotice) -> str | None:
    if notice.assistance_id is not None:
        given = session.get(Assistance, notice.assistance_id)
        return _given(given) if given else None
    problem = session.get(Problem, notice.problem_id)
    return _status(problem, notice.status) if problem and notice.status else None


def _notice(user: User, household_id: int, now: datetime, **subject: object) -> CitizenNotice:
    return CitizenNotice(user_id=user.id, household_id=household_id, created_at=now, **subject)


def _given(given: Assistance) -> str:
    return GIVEN_LINE.format(line=assistance_line(given))


def _status(problem: Problem, status: ProblemStatus) -> str:
    return STATUS_LINE.format(dimension=problem.dimension.label_th, status=status.label_th)


def _message(title: str, lines: list[str]) -> Message:
    shown = ["• " + line for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown.append(MORE_LINES.format(count=len(lines) - MAX_LINES))
    return text("\n".join([title, *shown, SEE_STATUS]), [message_action("สถานะ")])
