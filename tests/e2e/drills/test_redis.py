"""Fault drills, Redis (issue 14 items 6 and 12): a hung or dead Redis never holds the webhook's answer
or loses an event; the sweep picks up what was stored meanwhile once Redis is back."""

from __future__ import annotations

import time

import pytest

from bot.worker import sweep
from emulator import events
from tests.e2e.conftest import all_text


def _post_many(chat, users) -> tuple[int, float]:
    batch = [chat.platform.emulator.event(user.user_id, "text", text="วิธีใช้") for user in users]
    body = events.webhook_body(chat.platform.config.bot_user_id, batch)
    started = time.perf_counter()
    response = chat.client.post(
        "/callback",
        data=body,
        headers={"X-Line-Signature": events.sign(chat.platform.config.channel_secret, body)},
    )
    return response.status_code, time.perf_counter() - started


def _recover(chat) -> dict[str, int]:
    chat.clock.advance(seconds=sweep.STRANDED_AFTER_SECONDS + 1)
    found = sweep.sweep(chat.rt)
    chat.run_jobs()
    return found


def test_the_webhook_answers_within_a_second_while_redis_hangs(chat, own_redis):
    users = [chat.user(f"ผู้ใช้ {n}") for n in range(16)]
    own_redis.hang()
    try:
        assert _post_many(chat, users[:8]) == (200, pytest.approx(0.5, abs=0.5))
        status, seconds = _post_many(chat, users[8:])
        assert status == 200 and seconds < 0.2  # the breaker is open: Redis is not called at all
    finally:
        own_redis.wake()
    assert _recover(chat)["chats"] == 16
    assert all("วิธีใช้" in all_text(chat.messages_to(user.user_id)) for user in users)


def test_events_stored_while_redis_is_down_are_processed_once_it_is_back(chat, own_redis):
    users = [chat.user(f"ผู้ใช้ {n}") for n in range(4)]
    own_redis.stop()
    assert _post_many(chat, users)[0] == 200
    own_redis.start()
    assert _recover(chat)["chats"] == 4
    assert all(len(chat.messages_to(user.user_id)) == 1 for user in users)
