"""Injected latency and failures: 429, 500, timeout and drop."""

from __future__ import annotations

import time
import uuid

import pytest
import urllib3
from linebot.v3.messaging import MessagingApi, PushMessageRequest, TextMessage
from linebot.v3.messaging.exceptions import ApiException

from emulator.facade import Emulator
from emulator.faults import Fault
from emulator.records import User
from tests.emulator.helpers import TIMEOUT

PUSH = "/v2/bot/message/push"


def push(api: MessagingApi, to: str, text: str, key: str | None = None, timeout: float = TIMEOUT) -> object:
    request = PushMessageRequest(to=to, messages=[TextMessage(text=text)])
    return api.push_message(request, x_line_retry_key=key, _request_timeout=timeout)


def test_500_then_success_delivers_once(api: MessagingApi, emu: Emulator, user: User) -> None:
    emu.state.faults.add(Fault("500"))
    key = str(uuid.uuid4())

    with pytest.raises(ApiException) as failed:
        push(api, user.user_id, "แจ้งเตือน", key)
    push(api, user.user_id, "แจ้งเตือน", key)

    assert failed.value.status == 500
    assert emu.messages_to(user.user_id) == [{"type": "text", "text": "แจ้งเตือน"}]
    assert [record.status for record in emu.state.requests()] == [500, 200]


def test_429_carries_retry_after(api: MessagingApi, emu: Emulator, user: User) -> None:
    emu.state.faults.add(Fault("429", retry_after=7))

    with pytest.raises(ApiException) as limited:
        push(api, user.user_id, "hi")

    assert limited.value.status == 429
    assert limited.value.headers["Retry-After"] == "7"
    assert emu.messages_to(user.user_id) == []


def test_timeout_delivers_then_retry_gets_409(api: MessagingApi, emu: Emulator, user: User) -> None:
    emu.state.faults.add(Fault("timeout", delay=1.5))
    key = str(uuid.uuid4())

    started = time.perf_counter()
    with pytest.raises(urllib3.exceptions.TimeoutError):
        push(api, user.user_id, "นัดเยี่ยมบ้านพรุ่งนี้", key, timeout=1)
    waited = time.perf_counter() - started
    with pytest.raises(ApiException) as retried:
        push(api, user.user_id, "นัดเยี่ยมบ้านพรุ่งนี้", key)

    assert 0.9 < waited < 1.4
    assert retried.value.status == 409
    assert emu.messages_to(user.user_id) == [{"type": "text", "text": "นัดเยี่ยมบ้านพรุ่งนี้"}]


def test_drop_waits_then_fails_without_delivering(api: MessagingApi, emu: Emulator, user: User) -> None:
    emu.state.faults.add(Fault("drop", delay=0.2))

    started = time.perf_counter()
    with pytest.raises(ApiException) as dropped:
        push(api, user.user_id, "hi")

    assert dropped.value.status == 500
    assert time.perf_counter() - started >= 0.2
    assert emu.messages_to(user.user_id) == []


def test_faults_are_consumed_in_order_and_by_path(api: MessagingApi, emu: Emulator, user: User) -> None:
    emu.state.faults.add(Fault("500", path="/v2/bot/message/reply"))
    emu.state.faults.add(Fault("429", path=PUSH))
    emu.state.faults.add(Fault("500", path=PUSH), count=2)
    statuses = []
    for _ in range(4):
        try:
            push(api, user.user_id, "hi")
            statuses.append(200)
        except ApiException as error:
            statuses.append(error.status)

    assert statuses == [429, 500, 500, 200]
    assert [fault.path for fault in emu.state.faults.pending()] == ["/v2/bot/message/reply"]


def test_latency_slows_every_call(api: MessagingApi, emu: Emulator, user: User) -> None:
    emu.state.latency_ms = 200

    started = time.perf_counter()
    api.get_profile(user.user_id, _request_timeout=TIMEOUT)

    assert time.perf_counter() - started >= 0.2
