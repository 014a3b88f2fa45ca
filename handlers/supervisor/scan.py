"""The overdue scan (07:30 Bangkok, one province at a time).

Each household whose follow-up date has passed gets one OVERDUE_FOLLOW_UP alert per day (dedupe key
overdue:<household>:<day>, inserted with ON CONFLICT DO NOTHING, so a re-run or a second scheduler
adds nothing and sends nothing). Supervisors do not get a card per household: each district's
supervisors get one message — a headline and the ten most recently overdue as alert cards — and the
province's supervisors one for the whole province.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import nlp
from handlers import alerts, flex
from handlers.messages import Message, flex_message, message_action, text
from handlers.outbox import Outbox
from handlers.places import area_title_of
from handlers.supervisor.figures import overdue
from models import Alert, AlertKind, AlertState, Household, User
from models.database import insert_new
from models.sealed import sealed_rows
from models.vocabulary import Role

SHOWN = 10
CHUNK = 500
REASON = "เลยกำหนดติดตาม {days} วัน (นัดไว้ {day})"
HEADLINE = "เลยกำหนดติดตาม {count} ครัวเรือนใน{area} (เพิ่งเลยกำหนด {fresh})"
MORE = "การ์ดแสดง {shown} ครัวเรือนที่เพิ่งเลยกำหนด พิมพ์ ค้าง เพื่อดูทั้งหมด"


def dedupe_key(household_id: int, today: date) -> str:
    return f"overdue:{household_id}:{today.isoformat()}"


def scan_province(session: Session, outbox: Outbox, now: datetime, province: str, today: date) -> int:
    """Alerts for the province's overdue households and the batched messages; returns alerts created."""
    households = list(
        session.scalars(
            select(Household)
            .where(Household.province_code == province, overdue(today))
            .order_by(Household.next_follow_up_on.desc(), Household.id)
        )
    )
    created = _new_alerts(session, now, households, today)
    fresh = [h for h in households if h.id in created]
    districts = sorted({h.district_code for h in fresh})
    for scope in [*districts, province] if fresh else []:
        members = [h for h in fresh if scope in (h.district_code, h.province_code)]
        _notify(session, outbox, now, scope, members, created, today)
    return len(created)


def _new_alerts(
    session: Session, now: datetime, households: list[Household], today: date
) -> dict[int, Alert]:
    keys: list[str] = []
    for start in range(0, len(households), CHUNK):
        chunk = households[start : start + CHUNK]
        rows = sealed_rows(session, Alert, [_alert_row(h, now, today) for h in chunk])
        keys += insert_new(session, Alert, rows, Alert.dedupe_key)
    found: dict[int, Alert] = {}
    for start in range(0, len(keys), CHUNK):
        chosen = select(Alert).where(Alert.dedupe_key.in_(keys[start : start + CHUNK]))
        found.update({alert.household_id: alert for alert in session.scalars(chosen)})
    return found


def _alert_row(household: Household, now: datetime, today: date) -> dict[str, object]:
    due = household.next_follow_up_on or today
    return {
        "kind": AlertKind.OVERDUE_FOLLOW_UP,
        "dedupe_key": dedupe_key(household.id, today),
        "household_id": household.id,
        "urgent": False,
        "reason": REASON.format(days=(today - due).days, day=nlp.thai_date(due)),
        "state": AlertState.NEW,
        "created_at": now,
    }


def _notify(
    session: Session,
    outbox: Outbox,
    now: datetime,
    scope: str,
    households: list[Household],
    created: dict[int, Alert],
    today: date,
) -> None:
    to = [
        user.line_user_id
        for user in session.scalars(
            select(User).where(
                User.role == Role.SUPERVISOR, User.area_code == scope, User.following.is_(True)
            )
        )
        if not user.alerts_muted
    ]
    if to:
        first = created[households[0].id]
        outbox.multicast(
            to,
            batch(session, scope, households, created, today),
            urgent=False,
            alert_id=first.id,
            hold_until=alerts.quiet_until(now),
        )


def batch(
    session: Session, scope: str, households: list[Household], created: dict[int, Alert], today: date
) -> list[Message]:
    """A headline and a carousel of the most recently overdue households' alert cards."""
    fresh = sum(1 for h in households if h.next_follow_up_on == today - timedelta(days=1))
    area = area_title_of(session, scope)
    headline = HEADLINE.format(count=len(households), area=area, fresh=fresh)
    shown = households[:SHOWN]
    bubbles = [alerts.bubble(session, created[h.id], h) for h in shown]
    more = [message_action("ดูทั้งหมด", "ค้าง")]
    return [
        text(headline + "\n" + MORE.format(shown=len(shown))),
        flex_message(headline, flex.carousel(bubbles), more),
    ]
