"""Helpers for the citizen tests: households with known members, and citizens who consented or linked.

Consent and linking have their own conversations under test; elsewhere a citizen starts already
consented or linked (written to the database), which keeps the suite fast.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.worker import delivery
from bot.worker.counters import RedisCounters
from handlers.citizen import notice, notify
from handlers.context import Context
from handlers.outbox import Outbox
from models import Assistance, AuditLog, CitizenLink, LinkMethod, Person, Problem, User
from models.vocabulary import AssistanceType, Dimension, ProblemStatus, Role
from tests import factories
from tests.e2e.conftest import Chat, LineUser

SOMCHAI_ID = "1166131860910"  # head of household 12 (the `home` fixture), born 17 May 1960 (17 พ.ค. 2503)
SOMCHAI_BORN = "17 พ.ค. 2503"
NOT_IN_DATABASE_ID = "3100600123450"  # a valid check digit, nobody has it
NEIGHBOUR_ID = "1103700998870"  # head of household 99 in the same village, born the same day


def neighbour(chat: Chat) -> int:
    """Household 99 in the same village as the shared `home` fixture (household 12): วันดี, out of work."""
    with chat.rt.sessions.begin() as session:
        household = factories.household(
            session,
            chat.rt.protector,
            house_code="65010000099",
            house_no="99",
            members=(("วันดี", "มีสุข", NEIGHBOUR_ID),),
        )
        factories.problem(session, household.id, Dimension.INCOME, "ตกงานมาสามเดือน")
        return household.id


def consenting(chat: Chat, name: str, notify: bool = True) -> LineUser:
    """A LINE user who has already tapped ยินยอม and answered the notification question."""
    user = chat.user(name)
    with chat.rt.sessions.begin() as session:
        session.add(
            User(
                line_user_id=user.user_id,
                display_name=name,
                consent_at=chat.rt.now(),
                consent_version=notice.VERSION,
                notify=notify,
            )
        )
    return user


def linked(chat: Chat, name: str = "สมชาย", notify: bool = True, national_id: str = SOMCHAI_ID) -> LineUser:
    """A citizen already linked to the member with this national ID."""
    user = consenting(chat, name, notify)
    with chat.rt.sessions.begin() as session:
        person = session.scalar(
            select(Person).where(Person.national_id_index.in_(chat.rt.protector.blind_indexes(national_id)))
        )
        row = user.row(session)
        row.role = Role.CITIZEN
        session.add(
            CitizenLink(
                user_id=row.id,
                person_id=person.id,
                household_id=person.household_id,
                method=LinkMethod.NATIONAL_ID,
                linked_at=chat.rt.now(),
            )
        )
    return user


def link_by_id(user: LineUser, national_id: str = SOMCHAI_ID, born: str = SOMCHAI_BORN) -> list[Any]:
    user.say("เชื่อมบัญชี")
    user.choose("เลขบัตรประชาชน")
    user.say(national_id)
    return user.say(born)


def officer_records(chat: Chat, household_id: int, *, urgent: bool) -> None:
    """What an officer's visit hands to the notification hook, without walking through the visit:
    the health problem is now in progress and 3,500 baht cash was given."""
    rt = chat.rt
    with rt.sessions.begin() as session:
        officer = session.scalar(select(User).where(User.role == Role.OFFICER))
        box = Outbox(session, rt.protector, rt.now())
        counters = RedisCounters(rt.redis, rt.key("counter"))
        ctx = Context(session, rt.now(), officer, rt.protector, counters, box, "")
        problem = session.scalar(select(Problem).where(Problem.household_id == household_id))
        problem.status = ProblemStatus.IN_PROGRESS
        given = Assistance(household_id=household_id, type=AssistanceType.CASH, agency="พมจ.", amount=3500)
        given.given_on = ctx.today
        session.add(given)
        changes = notify.HouseholdChanges([given], [problem])
        notify.household_changed(ctx, household_id, changes, urgent=urgent)
    delivery.deliver_many(rt, box.created)


def audit_actions(chat: Chat, action: str) -> list[AuditLog]:
    with chat.rt.sessions() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))
