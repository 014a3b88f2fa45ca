"""Helpers for the supervisor tests: households, alerts raised the way the bot raises them, the clock."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from bot.worker import delivery
from handlers import alerts
from handlers.outbox import Outbox
from models import AlertKind, Assistance, Household, OutboundMessage, Problem, Visit
from models.vocabulary import AssistanceType, Dimension
from nlp.formatting import BANGKOK
from tests import factories

AMPHOE_MUEANG = "6501"  # เมืองพิษณุโลก
PHITSANULOK = "65"
NAKHON_THAI = "650201"  # another district of the same province
CHIANG_MAI = "500101"  # another province


def runtime_of(world: Any) -> Any:
    """The bot's runtime, from the chat fixture or the runtime itself (unit tests)."""
    return getattr(world, "rt", world)


def household(
    world: Any, house_code: str = "65010000001", subdistrict: str = factories.SUBDISTRICT, **values: Any
) -> int:
    """A household (its head สมชาย ใจดี); values set Household columns such as next_follow_up_on."""
    rt = runtime_of(world)
    with rt.sessions.begin() as session:
        found = factories.household(
            session,
            rt.protector,
            house_code=house_code,
            subdistrict=subdistrict,
            members=(("สมชาย", "ใจดี", None),),
        )
        for name, value in values.items():
            setattr(found, name, value)
        return found.id


def raise_alert(
    chat: Any,
    household_id: int,
    kind: AlertKind = AlertKind.CRITICAL_HOUSEHOLD,
    *,
    urgent: bool = True,
    reason: str = "มีปัญหา 3 ด้าน (สุขภาพ, ความเป็นอยู่, รายได้)",
    key: str | None = None,
    **links: int,
) -> int | None:
    """Raises an alert as handlers do (alerts.raise_alert in one transaction), then delivers it."""
    rt = chat.rt
    with rt.sessions.begin() as session:
        box = Outbox(session, rt.protector, rt.now())
        ctx = SimpleNamespace(session=session, now=rt.now(), outbox=box)
        home = session.get(Household, household_id)
        raised = alerts.raise_alert(
            ctx,
            kind,
            home,
            reason,
            urgent=urgent,
            dedupe_key=key or f"test:{kind.value}:{household_id}",
            **links,
        )
        alert_id = raised.id if raised else None
    delivery.deliver_many(rt, box.created)
    return alert_id


def alert_cards(chat: Any, user: Any) -> list[dict[str, Any]]:
    return [m for m in chat.messages_to(user.user_id) if m.get("altText", "").startswith("แจ้งเตือน")]


def today(chat: Any) -> date:
    return chat.rt.now().astimezone(BANGKOK).date()


def days_ago(chat: Any, days: int) -> date:
    return today(chat) - timedelta(days=days)


def move_clock_to(chat: Any, hour: int, minute: int = 0, weekday: int | None = None) -> None:
    """Moves the bot's clock forward to the next hh:mm in Bangkok (on that weekday, 0 = Monday)."""
    now = chat.rt.now().astimezone(BANGKOK)
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    while target <= now or (weekday is not None and target.weekday() != weekday):
        target += timedelta(days=1)
    chat.clock.advance(seconds=(target - now).total_seconds())


def rows(chat: Any) -> list[OutboundMessage]:
    with chat.rt.sessions() as session:
        return list(session.scalars(select(OutboundMessage).order_by(OutboundMessage.created_at)))


def activity(
    world: Any,
    household_id: int,
    on: date,
    *,
    visits: int = 1,
    problems: tuple[Dimension, ...] = (),
    baht: int = 0,
) -> None:
    """Visits on a day, problems identified at noon of that day (Bangkok), and cash given that day."""
    noon = datetime.combine(on, time(12), tzinfo=BANGKOK)
    with runtime_of(world).sessions.begin() as session:
        for _ in range(visits):
            key = uuid.uuid4().hex
            session.add(
                Visit(
                    reference=key[:20],
                    submission_key=key,
                    household_id=household_id,
                    visited_on=on,
                    submitted_at=noon,
                )
            )
        for dimension in problems:
            session.add(
                Problem(household_id=household_id, dimension=dimension, detail="-", identified_at=noon)
            )
        if baht:
            session.add(
                Assistance(
                    household_id=household_id, type=AssistanceType.CASH, amount=Decimal(baht), given_on=on
                )
            )
