"""Dashboard fixtures: the emulator as LINE Login, the bot with a LIFF app, staff of district 6501."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from emulator.testing import RunningEmulator, start_emulator
from models import User
from models.vocabulary import Role
from tests.conftest import ACCESS_TOKEN, CHANNEL_SECRET, test_environ
from tests.dashboard.http import post_json

LIFF_ID = "1657000016-Dash16ab"
ENDPOINT = "http://bot.test/liff/dashboard"


@pytest.fixture(scope="session")
def line_platform() -> Iterator[RunningEmulator]:
    with start_emulator(channel_secret=CHANNEL_SECRET, access_token=ACCESS_TOKEN,
                        liff_apps={LIFF_ID: ENDPOINT}) as running:
        yield running


@pytest.fixture
def line_api_base_url(line_platform: RunningEmulator) -> str:
    line_platform.emulator.reset()
    return line_platform.url


@pytest.fixture
def app(
    database_url: str, redis_url: str | None, line_api_base_url: str, redis_namespace: str
) -> Iterator[Flask]:
    from bot.web.app import create_app

    app = create_app(test_environ(database_url, redis_url, line_api_base_url,
                                  LOGBOOK_REDIS_NAMESPACE=redis_namespace, LINE_LIFF_ID=LIFF_ID))
    yield app
    app.extensions["logbook"].close()


@dataclass
class Staff:
    """A LINE user with a role and area, who opens the dashboard through the emulated LIFF."""

    platform: RunningEmulator
    client: FlaskClient
    line_user_id: str
    user_id: int

    def id_token(self) -> str:
        status, body, _ = post_json(f"{self.platform.url}/_emulator/liff/launch",
                                    {"userId": self.line_user_id, "url": f"https://liff.line.me/{LIFF_ID}"})
        assert status == 200, body
        fragment = urllib.parse.urlsplit(str(body["url"])).fragment
        return urllib.parse.parse_qs(fragment)["id_token"][0]

    def login(self) -> str:
        answer = self.client.post("/liff/api/session", json={"idToken": self.id_token()})
        assert answer.status_code == 201, answer.get_json()
        return str(answer.get_json()["token"])

    def get(self, path: str, token: str | None = None, **params: str) -> Any:
        return self.client.get(path, query_string=params,
                               headers={"Authorization": f"Bearer {token or self.login()}"})


@pytest.fixture
def staff(app: Flask, line_platform: RunningEmulator) -> Any:
    """staff(name, role, area) → Staff: a LINE user in the emulator and a user in the database."""

    def make(name: str, role: Role, area: str | None) -> Staff:
        line_user = line_platform.emulator.add_user(name)
        with app.extensions["logbook"].sessions.begin() as session:
            user = User(line_user_id=line_user.user_id, display_name=name, role=role, area_code=area)
            session.add(user)
            session.flush()
            user_id = user.id
        return Staff(line_platform, app.test_client(), line_user.user_id, user_id)

    return make
