"""The demo's people and data: users of each role, a linked citizen, invite codes, places to try."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.registration import create_invites, display_code
from models import CitizenLink, Household, InviteCode, LinkMethod, Person, User
from models.vocabulary import Role, Sex

AREA = "6501"  # อำเภอเมืองพิษณุโลก
AREA_NAME = "อ.เมืองพิษณุโลก จ.พิษณุโลก"
INVITES = 3
INVITE_DAYS = 30
CONSENT_VERSION = "demo-1"


@dataclass(frozen=True)
class DemoUser:
    display_name: str
    role: Role

    @property
    def line_user_id(self) -> str:
        """The same LINE user id on every run, so a second `make demo` finds its people again."""
        return "U" + hashlib.md5(f"logbook-demo:{self.display_name}".encode()).hexdigest()


USERS = (
    DemoUser("เจ้าหน้าที่ สมใจ (officer)", Role.OFFICER),
    DemoUser("หัวหน้า วิชัย (supervisor)", Role.SUPERVISOR),
    DemoUser("ประชาชน มาลี (citizen)", Role.CITIZEN),
    DemoUser("ผู้ใช้ใหม่ (guest)", Role.GUEST),
)


def household_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Household).where(Household.district_code == AREA))


def add_users(session: Session, now: datetime) -> None:
    """Creates the officer, the supervisor and the linked citizen once; the guest starts unknown."""
    for demo in USERS:
        if demo.role is Role.GUEST or _user(session, demo) is not None:
            continue
        user = User(
            line_user_id=demo.line_user_id,
            display_name=demo.display_name,
            role=demo.role,
            area_code=AREA if demo.role.is_staff else None,
            consent_at=now,
            consent_version=CONSENT_VERSION,
            created_at=now,
        )
        session.add(user)
        session.flush()
        if demo.role is Role.CITIZEN:
            _link_citizen(session, user, now)


def _user(session: Session, demo: DemoUser) -> User | None:
    return session.scalar(select(User).where(User.line_user_id == demo.line_user_id))


def _link_citizen(session: Session, user: User, now: datetime) -> None:
    """Links มาลี to a woman heading a generated household (no households yet: no link)."""
    heads = select(Person).join(Household).where(Household.district_code == AREA, Person.is_head)
    head = session.scalar(heads.order_by(Person.sex != Sex.FEMALE, Household.id).limit(1))
    if head is not None:
        session.add(
            CitizenLink(
                user_id=user.id,
                person_id=head.id,
                household_id=head.household_id,
                method=LinkMethod.CODE,
                linked_at=now,
            )
        )


def staff_roles(session: Session) -> dict[str, Role]:
    """The demo users who are staff now (the guest too, once registered with a code): id → role."""
    ids = [demo.line_user_id for demo in USERS]
    rows = session.execute(select(User.line_user_id, User.role).where(User.line_user_id.in_(ids))).all()
    return {line_user_id: role for line_user_id, role in rows if role.is_staff}


def invite_codes(session: Session, now: datetime) -> list[str]:
    """Unused officer codes for the demo district, topped up to INVITES."""
    unused = list(
        session.scalars(
            select(InviteCode.code)
            .where(
                InviteCode.area_code == AREA,
                InviteCode.role == Role.OFFICER,
                InviteCode.used_at.is_(None),
                InviteCode.expires_at > now,
            )
            .order_by(InviteCode.created_at)
        )
    )
    if len(unused) < INVITES:
        unused += create_invites(session, Role.OFFICER, AREA, INVITES - len(unused), INVITE_DAYS, now)
    return [display_code(code) for code in unused[:INVITES]]


def sample_households(session: Session, count: int = 3) -> list[Household]:
    """A few households to try เยี่ยมบ้าน with (by house code)."""
    return list(
        session.scalars(
            select(Household)
            .where(Household.district_code == AREA, Household.house_code.is_not(None))
            .order_by(Household.id)
            .limit(count)
        )
    )
