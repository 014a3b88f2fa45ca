"""Running the emulator inside a test process, and a pytest fixture factory for any test suite.

from emulator.testing import make_emulator_fixture
line_platform = make_emulator_fixture()          # in a conftest.py

def test_reply(line_platform):
    user = line_platform.emulator.add_user("สมชาย")
    ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from linebot.v3.messaging import Configuration

from emulator.app import create_emulator, emulator_of
from emulator.client import EmulatorClient
from emulator.config import EmulatorConfig
from emulator.facade import Emulator
from emulator.server import RunningServer, run_in_thread

TEST_SECRET = "test-channel-secret"
TEST_TOKEN = "test-access-token"


@dataclass
class RunningEmulator:
    """An emulator serving on 127.0.0.1, with handles for Python, HTTP and the SDK."""

    emulator: Emulator
    server: RunningServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def config(self) -> EmulatorConfig:
        return self.emulator.config

    @property
    def client(self) -> EmulatorClient:
        return EmulatorClient(self.url)

    def sdk_configuration(self) -> Configuration:
        """A line-bot-sdk Configuration that points the MessagingApi clients at this emulator."""
        return Configuration(host=self.url, access_token=self.config.access_token)


@contextlib.contextmanager
def start_emulator(**config: Any) -> Iterator[RunningEmulator]:
    """Serve a fresh emulator for the duration of a with block; config overrides EmulatorConfig fields."""
    settings = {"channel_secret": TEST_SECRET, "access_token": TEST_TOKEN, **config}
    app = create_emulator(EmulatorConfig(**settings))
    server = run_in_thread(app)
    try:
        yield RunningEmulator(emulator_of(app), server)
    finally:
        server.stop()


def make_emulator_fixture(scope: str = "function", **config: Any) -> Callable[..., Any]:
    """A pytest fixture yielding a RunningEmulator; assign it to a name in a conftest.py."""

    @pytest.fixture(scope=scope)  # type: ignore[call-overload]
    def line_emulator() -> Iterator[RunningEmulator]:
        with start_emulator(**config) as running:
            yield running

    return line_emulator
