"""The /_emulator/ control API, webhook delivery to a bot, and running as a program."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from linebot.v3.messaging import MessagingApiBlob
from linebot.v3.webhooks import ImageMessageContent, MessageEvent, PostbackEvent

from emulator.client import EmulatorClient, EmulatorClientError
from emulator.testing import RunningEmulator
from tests.emulator.conftest import EchoBot
from tests.emulator.helpers import TIMEOUT, raw_call

REPO = Path(__file__).resolve().parents[2]


def test_text_event_round_trip_through_a_bot(line_emulator: RunningEmulator, echo_bot: EchoBot) -> None:
    client = line_emulator.client
    user = client.add_user("ผู้ใหญ่บ้าน")

    result = client.send_event(user["userId"], "text", text="สวัสดี")

    assert result["status"] == 200
    assert result["error"] is None
    conversation = client.messages(user["userId"])
    assert [(entry["sender"], entry["source"]) for entry in conversation] == [
        ("user", "message"),
        ("bot", "reply"),
    ]
    assert conversation[0]["event"] == result["event"]
    assert conversation[1]["message"] == {"type": "text", "text": "echo: สวัสดี"}
    assert client.messages(user["userId"], since=conversation[0]["seq"]) == conversation[1:]


def test_postback_with_datetime_params(line_emulator: RunningEmulator, echo_bot: EchoBot) -> None:
    user = line_emulator.client.add_user("อสม. สมใจ")

    line_emulator.client.send_event(
        user["userId"], "postback", data="step=follow_up", params={"date": "2026-11-20"}
    )

    [event] = echo_bot.received
    assert isinstance(event, PostbackEvent)
    assert (event.postback.data, event.postback.params) == ("step=follow_up", {"date": "2026-11-20"})


def test_image_event_content_is_served(
    line_emulator: RunningEmulator, echo_bot: EchoBot, blob_api: MessagingApiBlob
) -> None:
    user = line_emulator.client.add_user("พัฒนากร")
    photo = b"\xff\xd8\xff\xe0 photo of the house"

    line_emulator.client.send_event(user["userId"], "image", content=photo)

    [event] = echo_bot.received
    assert isinstance(event, MessageEvent) and isinstance(event.message, ImageMessageContent)
    assert blob_api.get_message_content(event.message.id, _request_timeout=TIMEOUT) == photo


def test_events_without_a_webhook_url_are_built_but_not_sent(line_emulator: RunningEmulator) -> None:
    user = line_emulator.client.add_user("ทดสอบ")
    result = line_emulator.client.send_event(user["userId"], "follow")
    assert (result["status"], result["error"]) == (None, "no webhook URL is set")
    assert result["event"]["follow"] == {"isUnblocked": False}


def test_bot_rejecting_a_bad_signature_is_reported(line_emulator: RunningEmulator, echo_bot: EchoBot) -> None:
    line_emulator.emulator.config.channel_secret = "not-the-bot-secret"
    user = line_emulator.client.add_user("ทดสอบ")
    assert line_emulator.client.send_event(user["userId"], "text", text="hi")["status"] == 400
    assert echo_bot.received == []


def test_verify_posts_an_empty_event_list(line_emulator: RunningEmulator, echo_bot: EchoBot) -> None:
    assert line_emulator.client.verify()["status"] == 200
    assert echo_bot.received == []


def test_recorded_requests(line_emulator: RunningEmulator, echo_bot: EchoBot) -> None:
    client = line_emulator.client
    user = client.add_user("ทดสอบ")
    client.send_event(user["userId"], "text", text="hi")
    client.send_event(user["userId"], "text", text="again")

    [first, second] = client.requests(path="/v2/bot/message/reply")

    assert first["headers"]["Authorization"] == "Bearer ***"
    assert first["body"]["messages"] == [{"type": "text", "text": "echo: hi"}]
    assert (first["status"], first["violations"]) == (200, [])
    assert first["response"]["sentMessages"][0]["id"]
    assert client.requests(since=first["seq"]) == [second]


def test_faults_and_latency_over_http(line_emulator: RunningEmulator) -> None:
    client = line_emulator.client
    pending = client.add_fault("500", count=2, path="/v2/bot/message/push")
    client.set_latency(50)
    assert [fault["kind"] for fault in pending] == ["500", "500"]
    assert line_emulator.emulator.state.latency_ms == 50
    client.clear_faults()
    assert line_emulator.emulator.state.faults.pending() == []
    with pytest.raises(EmulatorClientError) as error:
        client.add_fault("418")
    assert error.value.status == 400


def test_reset_forgets_everything(line_emulator: RunningEmulator) -> None:
    client = line_emulator.client
    client.add_user("ทดสอบ")
    client.reset()
    assert client.users() == []


def test_unknown_users_and_kinds(line_emulator: RunningEmulator) -> None:
    client = line_emulator.client
    user = client.add_user("ทดสอบ", user_id="U" + "f" * 32)
    assert user["userId"] == "U" + "f" * 32
    with pytest.raises(EmulatorClientError) as unknown_user:
        client.send_event("U" + "0" * 32, "text", text="hi")
    with pytest.raises(EmulatorClientError) as unknown_kind:
        client.send_event(user["userId"], "telepathy")
    assert (unknown_user.value.status, unknown_kind.value.status) == (404, 400)


def test_unknown_api_path_is_a_json_404(line_emulator: RunningEmulator) -> None:
    headers = {"Authorization": f"Bearer {line_emulator.config.access_token}"}
    assert raw_call(line_emulator.url, "GET", "/v2/bot/nothing", None, headers) == (
        404,
        {"message": "Not found"},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_runs_as_a_program() -> None:
    port = free_port()
    env = {**os.environ, "LINE_CHANNEL_ACCESS_TOKEN": "program-token", "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        "-m",
        "emulator",
        "--port",
        str(port),
        "--webhook-url",
        "http://127.0.0.1:9/callback",
    ]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        client = EmulatorClient(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while True:
            try:
                user = client.add_user("ทดสอบ")
                break
            except OSError:
                assert time.monotonic() < deadline, "the emulator did not start"
                time.sleep(0.1)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v2/bot/profile/{user['userId']}",
            headers={"Authorization": "Bearer program-token"},
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            assert json.loads(response.read())["displayName"] == "ทดสอบ"
        assert client.webhook_url() == "http://127.0.0.1:9/callback"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redelivery_and_batches(line_emulator: RunningEmulator, echo_bot: EchoBot) -> None:
    emu = line_emulator.emulator
    user = emu.add_user("ทดสอบ")
    first = emu.event(user.user_id, "postback", data="a", timestamp=2_000)
    second = emu.event(user.user_id, "postback", data="b", timestamp=1_000)

    assert emu.deliver([first, second]).status == 200
    assert emu.redeliver(first).status == 200

    assert [(e.postback.data, e.delivery_context.is_redelivery) for e in echo_bot.received] == [
        ("a", False),
        ("b", False),
        ("a", True),
    ]
    assert echo_bot.received[2].webhook_event_id == first["webhookEventId"]


def test_reply_tokens_can_be_issued_for_events_built_elsewhere(line_emulator) -> None:
    client = line_emulator.client
    user = client.add_user("โหลด")
    tokens = client.reply_tokens(user["userId"], 3)
    assert len(set(tokens)) == 3
    assert all(line_emulator.emulator.state.use_reply_token(token, 60) == user["userId"] for token in tokens)
