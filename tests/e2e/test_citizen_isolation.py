"""Citizens, isolation: a linked citizen's household is reachable from their own account and nowhere else."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.citizen import linking, links
from models import CitizenLink, HelpRequest, Person
from tests.e2e.citizens import SOMCHAI_ID, consenting, link_by_id, neighbour
from tests.e2e.conftest import actions_in, all_text

SECRETS = ("สมชาย", "สมศรี", "ใจดี", "บ้านเลขที่ 12", "หนองบัว", "ป้าป่วยเบาหวาน", "RQ-")


@pytest.fixture
def homes(chat, home):
    return (home, neighbour(chat))


@pytest.fixture
def owner(chat, homes):
    """สมชาย, who consented and linked in chat, half-way through a help request (live dialog buttons too)."""
    citizen = chat.user("สมชาย")
    citizen.send("follow")
    citizen.choose("ยินยอม")
    citizen.choose("รับแจ้งเตือน")
    link_by_id(citizen)
    citizen.say("สถานะ")
    citizen.say("ขอความช่วยเหลือ")
    citizen.say("หลังคารั่ว ฝนตกน้ำเข้าบ้าน")
    citizen.choose("ด่วนมาก")
    citizen.choose("ข้าม")
    return citizen


def owner_buttons(chat, owner) -> list[str]:
    everything = chat.messages_to(owner.user_id)
    return sorted({a["data"] for a in actions_in(everything) if a.get("type") == "postback"})


def assert_nothing_leaked(chat, stranger, replies) -> None:
    shown = all_text(replies)
    assert not [secret for secret in SECRETS if secret in shown], shown
    with chat.rt.sessions() as session:
        user = stranger.row(session)
        linked_to = session.scalar(
            select(CitizenLink).where(CitizenLink.user_id == user.id, CitizenLink.unlinked_at.is_(None))
        )
        assert linked_to is None
        assert (
            session.scalar(
                select(func.count()).select_from(HelpRequest).where(HelpRequest.user_id == user.id)
            )
            == 0
        )


def test_the_owners_id_with_a_wrong_birth_date_gets_nothing(chat, owner):
    stranger = consenting(chat, "คนแปลกหน้า")
    replies = link_by_id(stranger, SOMCHAI_ID, "1 ม.ค. 2510")
    assert linking.FAILED in all_text(replies)
    assert_nothing_leaked(chat, stranger, replies)
    assert links.NOT_LINKED in all_text(stranger.say("สถานะ"))


def test_replaying_every_button_the_owner_received_gets_nothing(chat, owner):
    stranger = consenting(chat, "คนแปลกหน้า")
    buttons = owner_buttons(chat, owner)
    assert any(data.startswith("dlg|submit|help_request|") for data in buttons)
    assert any(data.startswith("citizen|") for data in buttons)
    for data in buttons:
        assert_nothing_leaked(chat, stranger, stranger.tap(data))
    assert_nothing_leaked(chat, stranger, stranger.say("สถานะ"))
    with chat.rt.sessions() as session:
        assert owner.row(session).notify is True
        assert session.scalar(select(func.count()).select_from(CitizenLink)) == 1
    assert "บ้านเลขที่ 12" in all_text(owner.say("สถานะ"))


def test_tampered_buttons_get_nothing(chat, owner, homes):
    stranger = consenting(chat, "คนแปลกหน้า")
    with chat.rt.sessions() as session:
        person = session.scalar(select(Person).where(Person.first_name == "สมชาย"))
        link = session.scalar(select(CitizenLink))
    home = homes[0]
    draft_key = next(d for d in owner_buttons(chat, owner) if d.startswith("dlg|submit|")).split("|")[3]
    forged = [
        f"citizen|status|{home}",
        f"citizen|unlink|{link.id}",
        f"citizen|consent|yes|{link.user_id}",
        f"citizen|link|{person.id}",
        f"officer|visit|{home}",
        f"officer|linkcode|{home}|{person.id}",
        f"dlg|submit|help_request|{draft_key}",
        f"dlg|ans|help_request|{draft_key}|urgency|urgent",
        f"dlg|resume|link|{draft_key}",
        f"alert|ack|{home}",
        "citizen",
        "dlg|",
        "x" * 300,
    ]
    for data in forged:
        assert_nothing_leaked(chat, stranger, stranger.tap(data))
    with chat.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(HelpRequest)) == 0
        assert session.get(CitizenLink, link.id).unlinked_at is None
