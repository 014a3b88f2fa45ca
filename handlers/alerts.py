"""Alerts: written with their cause, addressed by area scope, delivered through the outbox."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

import nlp
from handlers import flex
from handlers.context import Context
from handlers.household_card import address
from handlers.messages import Message, flex_message, postback_action
from handlers.outbox import Outbox
from models import Alert, AlertKind, AlertState, Household, User
from models.vocabulary import Role
from nlp.formatting import BANGKOK

QUIET_FROM, QUIET_UNTIL = time(21, 0), time(7, 0)
TITLES = {
    AlertKind.CRITICAL_HOUSEHOLD: "ครัวเรือนวิกฤต",
    AlertKind.HELP_REQUEST: "ประชาชนขอความช่วยเหลือ",
    AlertKind.OVERDUE_FOLLOW_UP: "เลยกำหนดติดตาม",
    AlertKind.VISIT_CHANGED: "รายงานการเยี่ยมถูกแก้ไข",
}
STATES = {
    AlertState.ACKNOWLEDGED: "✓ รับทราบแล้ว โดย {actor}",
    AlertState.ASSIGNED: "✓ มอบหมายให้ {officer} โดย {actor}",
    AlertState.REVISIT_REQUESTED: "✓ นัดเยี่ยมซ้ำภายใน {day} โดย {actor}",
}


def quiet_until(now: datetime) -> datetime | None:
    """During quiet hours (21:00–07:00 Bangkok), the next 07:00; otherwise None."""
    local = now.astimezone(BANGKOK)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    morning = local.date() + (timedelta(days=1) if local.time() >= QUIET_FROM else timedelta())
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=BANGKOK)


def recipients(session: Session, household: Household, kind: AlertKind) -> list[User]:
    """Supervisors whose scope holds the household (district, province); for help requests also the
    subdistrict's and district's officers."""
    wanted = [(Role.SUPERVISOR, household.district_code), (Role.SUPERVISOR, household.province_code)]
    if kind is AlertKind.HELP_REQUEST:
        wanted += [(Role.OFFICER, household.subdistrict_code), (Role.OFFICER, household.district_code)]
    conditions = [(User.role == role) & (User.area_code == code) for role, code in wanted]
    return list(session.scalars(select(User).where(or_(*conditions), User.following.is_(True))))


def raise_alert(
    ctx: Context,
    kind: AlertKind,
    household: Household,
    reason: str,
    *,
    urgent: bool,
    dedupe_key: str,
    visit_id: int | None = None,
    help_request_id: int | None = None,
) -> Alert | None:
    """Writes the alert and its messages in the caller's transaction; once per dedupe key."""
    if ctx.session.scalar(select(Alert.id).where(Alert.dedupe_key == dedupe_key)):
        return None
    alert = Alert(
        kind=kind,
        dedupe_key=dedupe_key,
        household_id=household.id,
        visit_id=visit_id,
        help_request_id=help_request_id,
        urgent=urgent,
        reason=reason,
        created_at=ctx.now,
    )
    ctx.session.add(alert)
    ctx.session.flush()
    notify(ctx.session, ctx.outbox, ctx.now, alert, household)
    return alert


def notify(session: Session, outbox: Outbox, now: datetime, alert: Alert, household: Household) -> None:
    """One multicast of the card to the supervisors, another (with a visit button) to officers; muted
    people get only urgent alerts, and quiet hours hold the others until 07:00."""
    people = [u for u in recipients(session, household, alert.kind) if alert.urgent or not u.alerts_muted]
    hold = None if alert.urgent else quiet_until(now)
    for officers in (False, True):
        to = [u.line_user_id for u in people if (u.role is Role.OFFICER) is officers]
        if to:
            message = card(session, alert, household, for_officer=officers)
            outbox.multicast(to, [message], urgent=alert.urgent, alert_id=alert.id, hold_until=hold)


def title(alert: Alert) -> str:
    return TITLES[alert.kind] + (" (ด่วน)" if alert.urgent else "")


def card(session: Session, alert: Alert, household: Household, *, for_officer: bool = False) -> Message:
    return flex_message(
        f"แจ้งเตือน: {title(alert)}", bubble(session, alert, household, for_officer=for_officer)
    )


def bubble(
    session: Session, alert: Alert, household: Household, *, for_officer: bool = False
) -> flex.Component:
    """The alert as a bubble: where, why, who has acted on it, and the actions."""
    body = [flex.label(address(session, household), color=flex.GREY), flex.label(alert.reason, wrap=True)]
    if done := state_line(session, alert):
        body.append(flex.label(done, color=flex.GREEN, bold=True))
    ack = flex.button(postback_action("รับทราบ", f"alert|ack|{alert.id}", "รับทราบ"), primary=True)
    if for_officer:
        visit = postback_action("เยี่ยมบ้านนี้", f"officer|visit|{household.id}", "เยี่ยมบ้านนี้")
        actions = [ack, flex.button(visit)]
    else:
        actions = [
            ack,
            flex.button(postback_action("มอบหมาย", f"alert|assign|{alert.id}", "มอบหมาย")),
            flex.button(postback_action("นัดเยี่ยมซ้ำ", f"alert|revisit|{alert.id}", "นัดเยี่ยมซ้ำ")),
        ]
    return flex.bubble(title(alert), body, actions, accent=flex.RED if alert.urgent else flex.AMBER)


def state_line(session: Session, alert: Alert) -> str | None:
    """Who acted on the alert and how, e.g. '✓ รับทราบแล้ว โดย หัวหน้า วิชัย (23 พ.ย. 2569 08:05 น.)'."""
    template = STATES.get(alert.state)
    if template is None or alert.acted_at is None:
        return None
    line = template.format(
        actor=_name(session, alert.acted_by_id),
        officer=_name(session, alert.assigned_to_id),
        day=nlp.thai_date(alert.revisit_by) if alert.revisit_by else "-",
    )
    return f"{line} ({nlp.thai_datetime(alert.acted_at.astimezone(BANGKOK))})"


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return (user.display_name or "เจ้าหน้าที่") if user else "-"
