"""The demo's people and data: users of each role, a linked citizen, invite codes, places to try."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.citizen import notice
from handlers.registration import create_invites, display_code
from models import CitizenLink, Household, InviteCode, LinkMethod, Person, User
from models.protection import DataProtector, open_national_id
from models.vocabulary import Role, Sex
from registry.places import KM_PER_DEGREE, house_position

AREA = "6501"  # อำเภอเมืองพิษณุโลก
AREA_NAME = "อ.เมืองพิษณุโลก จ.พิษณุโลก"
FAR_KM = 1.5  # the visit asks to confirm a location more than 1 km from the house
INVITES = 3
INVITE_DAYS = 30


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
    count = select(func.count()).select_from(Household).where(Household.district_code == AREA)
    return session.scalar(count) or 0


def add_users(session: Session, now: datetime) -> None:
    """Creates the officer, the supervisor and the linked citizen once; the guest starts unknown.

    Users seeded by an earlier run who still consent are moved to the current notice version, so the
    demo citizen is not asked for consent again after the notice changed."""
    for demo in USERS:
        if demo.role is Role.GUEST:
            continue
        if (existing := _user(session, demo)) is not None:
            if existing.consent_at is not None:
                existing.consent_version = notice.VERSION
            continue
        user = User(
            line_user_id=demo.line_user_id,
            display_name=demo.display_name,
            role=demo.role,
            area_code=AREA if demo.role.is_staff else None,
            consent_at=now,
            consent_version=notice.VERSION,
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


@dataclass(frozen=True)
class LinkableCitizen:
    """A generated (synthetic) person whose national ID and birth date link with เชื่อมบัญชี."""

    name: str
    national_id: str
    birth_date: date


def linkable_citizen(session: Session, protector: DataProtector) -> LinkableCitizen | None:
    """The man heading the first generated household of the district (มาลี is linked to a woman).

    Synthetic data only: the demo prints this ID so a visitor can try linking; nothing else does."""
    heads = (
        select(Person)
        .join(Household)
        .where(Household.district_code == AREA, Person.is_head, Person.sex == Sex.MALE,
               Person.national_id_cipher.is_not(None), Person.birth_date.is_not(None))
        .order_by(Household.id)
    )
    person = session.scalar(heads.limit(1))
    if person is None or person.national_id_cipher is None or person.birth_date is None:
        return None
    number = open_national_id(protector, person.id, person.national_id_cipher)
    return LinkableCitizen(person.full_name, number, person.birth_date)


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


def place_households(session: Session) -> int:
    """Gives the district's households that have no position one (generated by an older version)."""
    unplaced = session.scalars(
        select(Household).where(Household.district_code == AREA, Household.lat.is_(None))
    )
    placed = 0
    for household in unplaced:
        point = house_position(household.subdistrict_code, household.house_code or str(household.id))
        if point is not None:
            household.lat, household.lng = point
            placed += 1
    return placed


def visit_locations(session: Session) -> list[dict[str, object]]:
    """Preset locations for the chat page: at the first sample house, and FAR_KM north of it."""
    house = next((h for h in sample_households(session, 1) if h.lat is not None and h.lng is not None), None)
    if house is None or house.lat is None or house.lng is None:
        return []
    return [
        {"title": f"บ้าน {house.house_code}", "address": f"บ้านเลขที่ {house.house_no} (ตำแหน่งที่บันทึกไว้)",
         "latitude": house.lat, "longitude": house.lng},
        {"title": f"ห่างจากบ้าน {house.house_code} {FAR_KM} กม.", "address": "ไกลเกิน 1 กม.: บอทจะถามยืนยัน",
         "latitude": round(house.lat + FAR_KM / KM_PER_DEGREE, 6), "longitude": house.lng},
    ]
