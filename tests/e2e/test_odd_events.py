"""Issue 14: every signed event is kept. Events LINE documents but line-bot-sdk's models reject (a text
without quoteToken, a follow without follow.isUnblocked, messageEdited) and bodies no one should send
are answered 200, stored once, marked as odd, handled best effort and counted on /readyz."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.worker.inbox import APOLOGY
from emulator import events
from models import InboxEvent
from tests.conftest import CHANNEL_SECRET
from tests.e2e.conftest import Chat, all_text

USER = "U" + "b" * 32


def post_raw(chat: Chat, event_list: list[Any]) -> Any:
    """A signed body as LINE would post it; ensure_ascii keeps a lone surrogate as its JSON escape."""
    body = json.dumps({"destination": "U" + "0" * 32, "events": event_list}).encode()
    return chat.client.post(
        "/callback",
        data=body,
        headers={"X-Line-Signature": events.sign(CHANNEL_SECRET, body), "Content-Type": "application/json"},
    )


def rows(chat: Chat) -> list[InboxEvent]:
    with chat.rt.sessions() as session:
        return list(session.scalars(select(InboxEvent)))


def odd_events(chat: Chat) -> int:
    return chat.client.get("/readyz").get_json()["odd_events"]


def documented_but_rejected_by_the_sdk(user_id: str) -> dict[str, dict[str, Any]]:
    """Shapes from LINE's Messaging API reference that line-bot-sdk 3.x's models refuse."""
    source = events.user_source(user_id)
    text = events.text(source, "สวัสดี", reply_token="r-text")
    text["message"].pop("quoteToken")
    follow = events.envelope("follow", source, reply_token="r-follow", follow={})
    edited = events.envelope(
        "messageEdited", source, message={"id": "468789577898262530", "type": "text", "text": "แก้ไขแล้ว"}
    )
    return {"text without quoteToken": text, "follow without isUnblocked": follow, "messageEdited": edited}


@pytest.mark.parametrize("kind", ["text without quoteToken", "follow without isUnblocked", "messageEdited"])
def test_documented_event_the_sdk_rejects_is_kept_and_handled(chat: Chat, kind: str):
    someone = chat.user("คุณสมหญิง")
    event = documented_but_rejected_by_the_sdk(someone.user_id)[kind]
    assert post_raw(chat, [event]).status_code == 200
    assert post_raw(chat, [event]).status_code == 200
    chat.run_jobs()
    stored = rows(chat)
    assert len(stored) == 1
    assert stored[0].webhook_event_id == event["webhookEventId"]
    assert stored[0].oddity and stored[0].outcome == "handled"
    said = all_text(chat.messages_to(someone.user_id))
    assert APOLOGY not in said
    if kind == "messageEdited":
        assert said == ""  # ignored politely
    else:
        assert said  # the text and the follow are answered like any other
    assert odd_events(chat) == 1


def test_a_text_without_quote_token_is_read_as_text(chat: Chat):
    someone = chat.user("คุณสมหญิง")
    plain = documented_but_rejected_by_the_sdk(someone.user_id)["text without quoteToken"]
    post_raw(chat, [plain])
    chat.run_jobs()
    with_token = events.text(events.user_source(someone.user_id), "สวัสดี", reply_token="r2")
    first = all_text(chat.messages_to(someone.user_id))
    post_raw(chat, [with_token])
    chat.run_jobs()
    assert all_text(chat.messages_to(someone.user_id)) == first + "\n" + first


def odd_bodies(user_id: str = USER) -> dict[str, Any]:
    source = events.user_source(user_id)
    huge_time = events.text(source, "เวลาเพี้ยน", reply_token="r1")
    huge_time["timestamp"] = 2**63
    long_id = events.text(source, "ไอดียาว", reply_token="r2")
    long_id["webhookEventId"] = "E" * 65
    nul_id = events.text(source, "ไอดีมีศูนย์", reply_token="r3")
    nul_id["webhookEventId"] = "01H\x00X"
    surrogate = events.text(source, "เสีย\ud800ครึ่ง", reply_token="r4")
    nested: Any = "ก้น"
    for _ in range(200):
        nested = {"a": [nested]}
    deep = events.envelope("somethingNew", source, somethingNew=nested)
    string_source = events.envelope("somethingElse", source)
    string_source["source"] = "U" + "c" * 32
    nul_user = events.text(events.user_source(user_id + "\x00"), "ผู้ส่งมีศูนย์")
    surrogate_group = events.text(events.group_source("C\ud800" + "1" * 32, user_id), "กลุ่มเพี้ยน")
    return {
        "userId with NUL": nul_user,
        "groupId with a lone surrogate": surrogate_group,
        "timestamp ≥ 2^63": huge_time,
        "webhookEventId over 64 chars": long_id,
        "webhookEventId with NUL": nul_id,
        "lone surrogate in a text": surrogate,
        "deeply nested unknown event": deep,
        "unknown event with a string source": string_source,
        "not an object": ["an", "array"],
        "no type, no id, no timestamp": {"source": source},
    }


@pytest.mark.parametrize("kind", list(odd_bodies()))
def test_odd_event_is_200_stored_once_and_never_an_apology(chat: Chat, kind: str):
    someone = chat.user("ผู้ใช้แปลก")
    event = odd_bodies(someone.user_id)[kind]
    assert post_raw(chat, [event]).status_code == 200
    assert post_raw(chat, [event]).status_code == 200
    chat.run_jobs()
    stored = rows(chat)
    assert len(stored) == 1
    assert stored[0].oddity
    assert stored[0].processed_at is not None and stored[0].outcome == "handled"
    assert len(stored[0].webhook_event_id) <= 64 and "\x00" not in stored[0].webhook_event_id
    assert APOLOGY not in all_text(chat.messages_to(someone.user_id))
    assert odd_events(chat) == 1


def test_one_odd_event_never_rejects_its_batch(chat: Chat):
    someone = chat.user("คุณสมหญิง")
    good = events.text(events.user_source(someone.user_id), "สวัสดี", reply_token="r-good")
    assert post_raw(chat, [*odd_bodies(someone.user_id).values(), good]).status_code == 200
    chat.run_jobs()
    stored = {row.webhook_event_id: row for row in rows(chat)}
    assert len(stored) == len(odd_bodies()) + 1
    assert stored[good["webhookEventId"]].oddity is None
    assert chat.messages_to(someone.user_id)
    assert odd_events(chat) == len(odd_bodies())


def test_body_nested_beyond_reading_is_400_not_500(chat: Chat):
    body = b'{"destination":"U","events":[' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    response = chat.client.post(
        "/callback",
        data=body,
        headers={"X-Line-Signature": events.sign(CHANNEL_SECRET, body), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert rows(chat) == []
