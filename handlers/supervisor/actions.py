"""Buttons on an alert card: รับทราบ, มอบหมาย (to an officer in scope), นัดเยี่ยมซ้ำ (by a date).

alert|ack|<id> · alert|assign|<id> → officers as quick replies → alert|assign|<id>|<user id> ·
alert|revisit|<id> → a few dates and a date picker → alert|revisit|<id>|<YYYY-MM-DD>.
Every action checks that the acting user's scope covers the alert's household: a replayed or
tampered postback from anyone else gets the same "not found" as a missing alert, and changes
nothing. Each action is audited, stored on the alert, and answered with the card showing who acted.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, select

import nlp
from handlers import alerts, flex, household_card
from handlers.citizen import help_request
from handlers.context import Context
from handlers.incoming import as_id
from handlers.messages import Message, date_action, flex_message, postback_action, text
from handlers.officer import is_staff
from handlers.supervisor.access import not_found, refusal, supervises
from models import Alert, AlertState, HelpRequest, HelpRequestStatus, Household, User
from models.scope import covers
from models.vocabulary import Role

ASK_OFFICER = "มอบหมายให้เจ้าหน้าที่คนไหนคะ"
NO_OFFICER = "ยังไม่มีเจ้าหน้าที่ที่ลงทะเบียนในพื้นที่ของครัวเรือนนี้ค่ะ (ออกรหัสเชิญได้ด้วยคำสั่ง ออกรหัสเชิญ)"
ASK_DATE = "ขอให้เยี่ยมซ้ำภายในวันไหนคะ"
BAD_DATE = "วันนัดต้องเป็นวันนี้ถึงภายใน 1 ปีค่ะ"
FOR_OFFICER = "{who} มอบหมายให้คุณดูแลครัวเรือนนี้ค่ะ\n{title}: {reason}"
REVISIT_FOR_OFFICER = "{who} ขอให้เยี่ยมครัวเรือนนี้ซ้ำภายใน {day} ค่ะ"
START_VISIT = "เริ่มรายงานการเยี่ยม"
QUICK_DAYS = (3, 7, 14)
MAX_DAYS_AHEAD = 365
MAX_OFFICERS = 13


def on_button(ctx: Context, args: list[str]) -> list[Message]:
    action, alert_id, choice = [*args, "", "", ""][:3]
    found = _alert_in_scope(ctx, alert_id)
    if found is None:
        return not_found()
    alert, household = found
    if action == "ack":
        return acknowledge(ctx, alert, household)
    if not supervises(ctx):
        return refusal(ctx)
    if action == "assign":
        return assign(ctx, alert, household, choice)
    if action == "revisit":
        return revisit(ctx, alert, household, choice)
    return not_found()


def _alert_in_scope(ctx: Context, alert_id: str) -> tuple[Alert, Household] | None:
    number = as_id(alert_id)
    if not is_staff(ctx) or number is None:
        return None
    alert = ctx.session.get(Alert, number)
    household = ctx.session.get(Household, alert.household_id) if alert else None
    if alert is None or household is None or not covers(ctx.user.area_code or "", household):
        return None
    return alert, household


def acknowledge(ctx: Context, alert: Alert, household: Household) -> list[Message]:
    """The first acknowledgement is recorded; later taps just show who acted."""
    if alert.state is AlertState.NEW:
        _act(ctx, alert, AlertState.ACKNOWLEDGED)
    return [_card(ctx, alert, household)]


def assign(ctx: Context, alert: Alert, household: Household, officer_id: str) -> list[Message]:
    officers = officers_for(ctx, household)
    officer = next((o for o in officers if str(o.id) == officer_id), None)
    if officer is None:
        return [_choose_officer(alert, officers)]
    _act(ctx, alert, AlertState.ASSIGNED, assigned_to_id=officer.id)
    reason = FOR_OFFICER.format(who=_who(ctx), title=alerts.title(alert), reason=alert.reason)
    ctx.outbox.push(officer.line_user_id, [text(reason), _visit_card(ctx, household)])
    return [_card(ctx, alert, household)]


def officers_for(ctx: Context, household: Household) -> list[User]:
    """Officers whose scope holds the household, nearest first (subdistrict, district, province)."""
    codes = [household.subdistrict_code, household.district_code, household.province_code]
    nearest = case({code: rank for rank, code in enumerate(codes)}, value=User.area_code)
    return list(
        ctx.session.scalars(
            select(User)
            .where(User.role == Role.OFFICER, User.area_code.in_(codes), User.following.is_(True))
            .order_by(nearest, User.display_name, User.id)
            .limit(MAX_OFFICERS)
        )
    )


def _choose_officer(alert: Alert, officers: list[User]) -> Message:
    if not officers:
        return text(NO_OFFICER)
    choices = [
        postback_action(
            o.display_name or "เจ้าหน้าที่",
            f"alert|assign|{alert.id}|{o.id}",
            f"มอบหมายให้ {o.display_name or 'เจ้าหน้าที่'}",
        )
        for o in officers
    ]
    return text(ASK_OFFICER, choices)


def revisit(ctx: Context, alert: Alert, household: Household, picked: str) -> list[Message]:
    if not picked:
        return [_ask_date(ctx, alert)]
    day = _date(picked)
    if day is None or not ctx.today <= day <= ctx.today + timedelta(days=MAX_DAYS_AHEAD):
        return [text(BAD_DATE), _ask_date(ctx, alert)]
    _act(ctx, alert, AlertState.REVISIT_REQUESTED, revisit_by=day)
    _move_follow_up(ctx, household, day)
    officer = ctx.session.get(User, alert.assigned_to_id) if alert.assigned_to_id else None
    if officer is not None and officer.following:
        note = REVISIT_FOR_OFFICER.format(who=_who(ctx), day=nlp.thai_date(day))
        ctx.outbox.push(officer.line_user_id, [text(note), _visit_card(ctx, household)])
    return [_card(ctx, alert, household)]


def _ask_date(ctx: Context, alert: Alert) -> Message:
    data = f"alert|revisit|{alert.id}"
    days = [ctx.today + timedelta(days=n) for n in QUICK_DAYS]
    quick = [
        postback_action(f"ภายใน {n} วัน", f"{data}|{d.isoformat()}", f"นัดเยี่ยมซ้ำภายใน {n} วัน")
        for n, d in zip(QUICK_DAYS, days, strict=True)
    ]
    latest = ctx.today + timedelta(days=MAX_DAYS_AHEAD)
    picker = date_action("เลือกวันที่", data, days[1].isoformat(), ctx.today.isoformat(), latest.isoformat())
    return text(ASK_DATE, [*quick, picker])


def _move_follow_up(ctx: Context, household: Household, day: date) -> None:
    """The household is due by that day, unless an earlier future follow-up is already set."""
    current = household.next_follow_up_on
    if current is None or current < ctx.today or day < current:
        household.next_follow_up_on = day
        ctx.audit("update",
            "household",
            household.id,
            {"next_follow_up_on": [str(current) if current else None, str(day)]},
        )


def _act(ctx: Context, alert: Alert, state: AlertState, **changes: object) -> None:
    before = alert.state
    alert.state, alert.acted_by_id, alert.acted_at = state, ctx.user.id, ctx.now
    for name, value in changes.items():
        setattr(alert, name, value)
    ctx.audit(state.value,
        "alert",
        alert.id,
        {"state": [before.value, state.value], **changes},
    )
    if alert.help_request_id:
        _help_request_seen(ctx, alert.help_request_id)


def _help_request_seen(ctx: Context, help_request_id: int) -> None:
    request = ctx.session.get(HelpRequest, help_request_id)
    if request is not None and request.status is HelpRequestStatus.OPEN:
        request.status = HelpRequestStatus.ACKNOWLEDGED
        help_request.taken_up(ctx, request)


def _card(ctx: Context, alert: Alert, household: Household) -> Message:
    ctx.session.flush()
    return alerts.card(ctx.session, alert, household, for_officer=not supervises(ctx))


def _visit_card(ctx: Context, household: Household) -> Message:
    start = postback_action(START_VISIT, f"officer|visit|{household.id}", START_VISIT)
    bubble = household_card.card(ctx.session, household, ctx.today, [flex.button(start, primary=True)])
    return flex_message(f"ครัวเรือนที่ได้รับมอบหมาย: บ้านเลขที่ {household.house_no}", bubble)


def _who(ctx: Context) -> str:
    return ctx.user.display_name or "ผู้บังคับบัญชา"


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
