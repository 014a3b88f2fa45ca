"""Fixtures: an emulator on 127.0.0.1 per test, the SDK pointed at it, and a tiny echo bot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask, request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    MessagingApi,
    MessagingApiBlob,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import MessageEvent, TextMessageContent

from emulator.facade import Emulator
from emulator.records import User
from emulator.server import run_in_thread
from emulator.testing import RunningEmulator, make_emulator_fixture
from tests.emulator.helpers import TIMEOUT

line_emulator = make_emulator_fixture()


@pytest.fixture
def emu(line_emulator: RunningEmulator) -> Emulator:
    return line_emulator.emulator


@pytest.fixture
def api_client(line_emulator: RunningEmulator) -> Iterator[ApiClient]:
    with ApiClient(line_emulator.sdk_configuration()) as client:
        yield client


@pytest.fixture
def api(api_client: ApiClient) -> MessagingApi:
    return MessagingApi(api_client)


@pytest.fixture
def blob_api(api_client: ApiClient) -> MessagingApiBlob:
    return MessagingApiBlob(api_client)


@pytest.fixture
def user(emu: Emulator) -> User:
    return emu.add_user("สมชาย ใจดี")


@dataclass
class EchoBot:
    """Verifies signatures with the SDK's WebhookParser, keeps the events, answers text with "echo: …"."""

    url: str
    received: list[Any] = field(default_factory=list)


@pytest.fixture
def echo_bot(line_emulator: RunningEmulator, api: MessagingApi) -> Iterator[EchoBot]:
    app = Flask("echo_bot")
    parser = WebhookParser(line_emulator.config.channel_secret)
    bot = EchoBot(url="")

    @app.post("/callback")
    def callback() -> tuple[str, int]:
        try:
            events = parser.parse(request.get_data(as_text=True), request.headers.get("X-Line-Signature", ""))
        except InvalidSignatureError:
            return "bad signature", 400
        bot.received.extend(events)
        for event in events:
            if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
                answer = [TextMessage(text=f"echo: {event.message.text}")]
                request_body = ReplyMessageRequest(reply_token=event.reply_token, messages=answer)
                api.reply_message(request_body, _request_timeout=TIMEOUT)
        return "OK", 200

    with run_in_thread(app) as server:
        bot.url = server.url + "/callback"
        line_emulator.emulator.state.webhook_url = bot.url
        yield bot
