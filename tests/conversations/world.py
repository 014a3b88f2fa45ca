"""The world a walk plays in: two districts, their households, staff and villagers, all talking through
the emulator. Everything a villager has is reached the way a villager reaches it (follow, ยินยอม,
เชื่อมบัญชี); staff and households are written to the database as the end-to-end suite does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from models import Alert, AlertKind, CitizenLink, User
from models.vocabulary import Dimension, Role
from tests import factories
from tests.conversations import answers
from tests.e2e.conftest import Chat, LineUser, actions_in, all_text

DISTRICT_A, DISTRICT_B = "6501", "6502"
SOMCHAI_ID, SOMCHAI_BORN = "1166131860910", "17 พ.ค. 2503"
NEIGHBOUR_ID = "1103700998870"
OUTSIDER_ID = "4909960308248"
INVITE_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
LINK_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


@dataclass
class Actor:
    """One person in the walk: their LINE chat, what they typed, the buttons they were shown."""

    user: LineUser
    kind: str
    typed: list[str] = field(default_factory=list)
    buttons: list[dict[str, Any]] = field(default_factory=list)
    followed: bool = True
    read_from: int = 0
    """Where this actor's unread messages start: their last turn's answer and what was pushed since."""
    diligent: bool = True
    """Answering what is asked (mostly the buttons offered), or fooling about."""

    @property
    def name(self) -> str:
        return self.user.name

    def unread(self) -> list[dict[str, Any]]:
        return self.user.chat.messages_to(self.user.user_id)[self.read_from :]

    def remember(self, messages: list[dict[str, Any]]) -> None:
        """Keeps the last 60 postback buttons this actor was shown (for stale taps later)."""
        shown = [a for a in actions_in(messages) if a.get("type") == "postback"]
        self.buttons = [*self.buttons, *shown][-60:]


@dataclass
class World:
    chat: Chat
    actors: list[Actor]
    markers: dict[int, tuple[str, ...]]
    """Words that only someone allowed to see a household may read (its names, codes, problems)."""
    ids: tuple[str, ...]
    """Ids of rows in both districts (households, people, an alert, users), for forged postbacks."""
    entry_seq: int = 0
    """The last chat entry the rules have read."""
    idle_cancel: str = ""
    """What ยกเลิก says when nothing is going on."""
    fallback: str = ""
    """What the bot says to words it does not understand, outside any dialog."""
    tokens: list[str] = field(default_factory=list)
    """Invite and link codes the bot has handed out: a newcomer may type them."""

    def harvest(self, messages: list[dict[str, Any]]) -> None:
        shown = all_text(messages)
        for found in (*INVITE_CODE.findall(shown), *LINK_CODE.findall(shown)):
            if found not in self.tokens:
                self.tokens.append(found)


def households(chat: Chat) -> tuple[dict[int, tuple[str, ...]], list[str]]:
    """Two households in district A, one in district B; their markers and B's ids."""
    rt = chat.rt
    with rt.sessions.begin() as session:
        factories.village(session, moo=5, name="บ้านดอนทอง")
        factories.village(session, factories.OTHER_DISTRICT_SUBDISTRICT, moo=5, name="บ้านดงเหนือ")
        home = factories.household(
            session, rt.protector, house_code="65010000001", lat=16.82, lng=100.26,
            members=(("สมชาย", "ใจดี", SOMCHAI_ID), ("สมศรี", "ใจดี", None)),
        )
        factories.problem(session, home.id, Dimension.HEALTH, "ป้าป่วยเบาหวาน")
        neighbour = factories.household(
            session, rt.protector, house_code="65010000099", house_no="99",
            members=(("วันดี", "ศรีบุญเรือง", NEIGHBOUR_ID),),
        )
        factories.problem(session, neighbour.id, Dimension.INCOME, "ลูกชายกลับจากกรุงเทพฯ ไม่มีงานทำ")
        outside = factories.household(
            session, rt.protector, house_code="65020000009", house_no="9",
            subdistrict=factories.OTHER_DISTRICT_SUBDISTRICT, members=(("สมหญิง", "ทองประเสริฐ", OUTSIDER_ID),),
        )
        factories.problem(session, outside.id, Dimension.LIVING, "บ่อน้ำตื้นแห้งขอด")
        alert = Alert(
            kind=AlertKind.CRITICAL_HOUSEHOLD, dedupe_key="walk:outside", household_id=outside.id,
            urgent=True, reason="มีปัญหา 3 ด้าน",
        )
        session.add(alert)
        session.flush()
        markers = {
            home.id: ("ใจดี", "65010000001", "6501-000000-1", SOMCHAI_ID, "ป้าป่วยเบาหวาน"),
            neighbour.id: ("ศรีบุญเรือง", "65010000099", "6501-000009-9", NEIGHBOUR_ID, "ลูกชายกลับจากกรุงเทพฯ"),
            outside.id: (
                "ทองประเสริฐ", "บ้านดงเหนือ", "65020000009", "6502-000000-9", OUTSIDER_ID, "บ่อน้ำตื้นแห้งขอด"
            ),
        }
        others = [str(home.id), str(neighbour.id), str(outside.id), str(alert.id), outside.village_code]
        others += [str(person.id) for found in (home, neighbour, outside) for person in found.members]
    return markers, others


def people(chat: Chat) -> list[Actor]:
    """Staff of both districts; a villager linked the way villagers link; a newcomer; a stranger."""
    staff = [
        Actor(chat.user("เจ้าหน้าที่ เอหนึ่ง", Role.OFFICER, DISTRICT_A), "officer"),
        Actor(chat.user("เจ้าหน้าที่ เอสอง", Role.OFFICER, DISTRICT_A), "officer"),
        Actor(chat.user("เจ้าหน้าที่ บีหนึ่ง", Role.OFFICER, DISTRICT_B), "officer"),
        Actor(chat.user("หัวหน้า เอ", Role.SUPERVISOR, DISTRICT_A), "supervisor"),
        Actor(chat.user("หัวหน้า บี", Role.SUPERVISOR, DISTRICT_B), "supervisor"),
    ]
    villager = Actor(chat.user("ชาวบ้าน สมชาย"), "citizen")
    link_by_typing(villager.user)
    ask_urgent_help(villager.user)
    newcomer = Actor(chat.user("ผู้ใช้ใหม่ มาลี"), "citizen")
    newcomer.user.send("follow")
    return [*staff, villager, newcomer]


def link_by_typing(user: LineUser) -> None:
    """follow → ยินยอม → เชื่อมบัญชี → เลขบัตรประชาชน → ID → birth date, as a villager would."""
    user.send("follow")
    user.choose("ยินยอม")
    if any(a.get("label") == "รับแจ้งเตือน" for a in actions_in(user.last)):
        user.choose("รับแจ้งเตือน")
    user.say("เชื่อมบัญชี")
    user.choose("เลขบัตรประชาชน")
    user.say(SOMCHAI_ID)
    user.say(SOMCHAI_BORN)
    with user.chat.rt.sessions() as session:
        row = user.row(session)
        assert session.scalar(select(CitizenLink).where(CitizenLink.user_id == row.id)), all_text(user.last)


def ask_urgent_help(user: LineUser) -> None:
    """An urgent help request: district A's supervisor gets an alert card to act on."""
    user.say("ขอความช่วยเหลือ")
    user.say("หลังคาพังเพราะพายุ ฝนตกน้ำเข้าบ้าน")
    user.choose("ด่วนมาก")
    user.choose("ข้าม")
    user.choose("ส่งคำขอ")


def build(chat: Chat) -> World:
    markers, ids = households(chat)
    typeable = "\n".join(answers.EVERYTHING)
    for words in markers.values():
        assert not [w for w in (words[0], words[-1]) if w in typeable], "typed answers hold a marker"
    actors = people(chat)
    with chat.rt.sessions() as session:
        users = [str(number) for number in session.scalars(select(User.id))]
    world = World(chat, actors, markers, (*ids, *users))
    world.idle_cancel = all_text(actors[1].user.say("ยกเลิก"))
    world.fallback = actors[1].user.say("ฮึ่ม zzq")[0]["text"]
    return world
