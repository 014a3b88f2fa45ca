"""End-to-end fixtures: signed webhooks in through the bot's /callback, messages out to the emulator.

A test reads like a chat:  officer.say("เยี่ยมบ้าน")  →  the bot's answer (message dicts).
Every request the bot sends is validated by the emulator; a test fails if any was invalid.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from bot.services import Services
from emulator import events
from emulator.testing import RunningEmulator, start_emulator
from models import User, utcnow
from models.vocabulary import Dimension, Role
from tests import factories
from tests.conftest import ACCESS_TOKEN, CHANNEL_SECRET


@pytest.fixture(scope="session")
def line_platform() -> Iterator[RunningEmulator]:
    with start_emulator(channel_secret=CHANNEL_SECRET, access_token=ACCESS_TOKEN) as running:
        yield running


@pytest.fixture
def line_api_base_url(line_platform: RunningEmulator) -> str:
    line_platform.emulator.reset()
    return line_platform.url


class Clock:
    """The bot's clock, moved by tests (resume after two days, quiet hours, expiry)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> Any:
        return utcnow() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


class LineUser:
    """One LINE user talking to the bot through the emulator."""

    def __init__(self, chat: Chat, user_id: str, name: str) -> None:
        self.chat, self.user_id, self.name = chat, user_id, name
        self.last: list[dict[str, Any]] = []

    def send(self, kind: str, **fields: Any) -> list[dict[str, Any]]:
        """Sends one event and returns what the bot delivered to this user because of it."""
        event = self.chat.platform.emulator.event(self.user_id, kind, **fields)
        return self.deliver(event)

    def deliver(self, event: dict[str, Any], *, expect_status: int = 200) -> list[dict[str, Any]]:
        seen = len(self.chat.messages_to(self.user_id))
        response = self.chat.post(event)
        assert response.status_code == expect_status, response.get_json()
        self.chat.run_jobs()
        self.last = self.chat.messages_to(self.user_id)[seen:]
        return self.last

    def say(self, message: str) -> list[dict[str, Any]]:
        return self.send("text", text=message)

    def tap(self, data: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        return self.send("postback", data=data, params=params)

    def photo(self, content: bytes = b"\xff\xd8\xff\xe0fake-jpeg") -> list[dict[str, Any]]:
        return self.send("image", content=content)

    def location(self, lat: float, lng: float) -> list[dict[str, Any]]:
        return self.send("location", latitude=lat, longitude=lng, title="บ้าน", address="")

    def choose(self, label: str, **params: str) -> list[dict[str, Any]]:
        """Taps the quick reply or button with this label among the bot's last messages."""
        action = find_action(self.last, label)
        if action["type"] == "message":
            return self.say(action["text"])
        if action["type"] == "datetimepicker":
            return self.tap(action["data"], params)
        return self.tap(action["data"])

    @property
    def texts(self) -> list[str]:
        return [m.get("text", m.get("altText", "")) for m in self.last]

    def row(self, session: Any) -> User:
        from sqlalchemy import select

        return session.scalar(select(User).where(User.line_user_id == self.user_id))


def actions_in(node: Any) -> Iterator[dict[str, Any]]:
    """Every action in messages: quick replies, Flex buttons, anything with an 'action'."""
    if isinstance(node, dict):
        if isinstance(node.get("action"), dict):
            yield node["action"]
        for value in node.values():
            yield from actions_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from actions_in(item)


def find_action(messages: list[dict[str, Any]], label: str) -> dict[str, Any]:
    found = [a for a in actions_in(messages) if a.get("label") == label]
    assert found, f"no action labelled {label!r} in {[a.get('label') for a in actions_in(messages)]}"
    return found[-1]


def all_text(messages: list[dict[str, Any]]) -> str:
    """Every text a person would read in these messages, Flex included, joined."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "altText", "label"):
                if isinstance(node.get(key), str):
                    parts.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(messages)
    return "\n".join(parts)


class Chat:
    """The bot (Flask test client) and the emulated LINE platform, seen together."""

    def __init__(self, app: Flask, platform: RunningEmulator, clock: Clock) -> None:
        self.app, self.platform, self.clock = app, platform, clock
        self.rt: Services = app.extensions["logbook"]
        self.client = app.test_client()

    def user(self, name: str, role: Role | None = None, area: str | None = None) -> LineUser:
        """A LINE user; with a role, already registered as staff of that area."""
        added = self.platform.emulator.add_user(name)
        if role is not None:
            with self.rt.sessions.begin() as session:
                session.add(
                    User(
                        line_user_id=added.user_id,
                        display_name=name,
                        role=role,
                        area_code=area,
                        consent_at=self.rt.now(),
                    )
                )
        return LineUser(self, added.user_id, name)

    def post(self, event: dict[str, Any]) -> Any:
        body = events.webhook_body(self.platform.config.bot_user_id, [event])
        signature = events.sign(CHANNEL_SECRET, body)
        return self.client.post(
            "/callback",
            data=body,
            headers={"X-Line-Signature": signature, "Content-Type": "application/json"},
        )

    def run_jobs(self) -> None:
        self.rt.jobs.drain()

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        return self.platform.emulator.messages_to(user_id)

    def invalid_requests(self) -> list[Any]:
        return [r for r in self.platform.emulator.state.requests() if r.violations]


@pytest.fixture
def home(chat: Chat) -> int:
    """One household in เมืองพิษณุโลก (house code 65010000001) with two members, a registered
    position and one open health problem."""
    with chat.rt.sessions.begin() as session:
        household = factories.household(
            session,
            chat.rt.protector,
            house_code="65010000001",
            lat=16.82,
            lng=100.26,
            members=(("สมชาย", "ใจดี", "1166131860910"), ("สมศรี", "ใจดี", None)),
        )
        factories.problem(session, household.id, Dimension.HEALTH, "ป้าป่วยเบาหวาน")
        return household.id


@pytest.fixture
def officer(chat: Chat) -> LineUser:
    """A field officer of อำเภอเมืองพิษณุโลก (district 6501)."""
    return chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "6501")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def chat(app: Flask, line_platform: RunningEmulator, clock: Clock) -> Iterator[Chat]:
    app.extensions["logbook"].clock = clock
    world = Chat(app, line_platform, clock)
    yield world
    invalid = world.invalid_requests()
    assert not invalid, [(r.path, r.violations) for r in invalid]
