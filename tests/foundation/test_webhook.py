"""POST /callback: signatures, limits, malformed bodies, every event type, duplicates."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.web.webhook import signature_is_valid
from emulator import events
from models import InboxEvent
from tests.conftest import CHANNEL_SECRET

USER = "U" + "a" * 32


def post(client, body: bytes, signature: str | bool | None = None):
    """Signed correctly unless a signature is given; False sends no signature header at all."""
    headers = {"Content-Type": "application/json"}
    if signature is not False:
        headers["X-Line-Signature"] = events.sign(CHANNEL_SECRET, body) if signature is None else signature
    return client.post("/callback", data=body, headers=headers)


def stored(rt) -> int:
    with rt.sessions() as session:
        return session.scalar(select(func.count()).select_from(InboxEvent))


def body_of(*event_list) -> bytes:
    return events.webhook_body("U" + "0" * 32, list(event_list))


def test_signature_test_vector():
    assert signature_is_valid(
        "channel_secret", b"bodybodybodybody", "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
    )
    assert not signature_is_valid(
        "channel_secret", b"bodybodybodybody!", "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
    )


@pytest.mark.parametrize(
    "signature", [False, "", "bm90IGEgc2lnbmF0dXJl", "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="]
)
def test_missing_or_invalid_signature_is_400_and_nothing_stored(app, rt, signature):
    body = body_of(events.text(events.user_source(USER), "สวัสดี", reply_token="r"))
    response = post(app.test_client(), body, signature)
    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid signature"}
    assert stored(rt) == 0


def test_body_over_one_megabyte_is_413(app, rt):
    body = b'{"destination":"U","events":[],"pad":"' + b"x" * (1024 * 1024) + b'"}'
    response = post(app.test_client(), body)
    assert response.status_code == 413
    assert stored(rt) == 0


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "body is not valid JSON"),
        (b'{"destination": "U1"}', "body has no events list"),
        (b'{"destination": "U1", "events": {"type": "message"}}', "body has no events list"),
    ],
)
def test_malformed_signed_body_is_400_with_a_reason(app, rt, body, reason):
    response = post(app.test_client(), body)
    assert response.status_code == 400
    assert response.get_json() == {"error": reason}
    assert stored(rt) == 0


@pytest.mark.parametrize(
    ("body", "oddity"),
    [
        (b'{"destination": "U1", "events": [{"timestamp": 1}]}', "no type"),
        (b'{"destination": "U1", "events": [{"type": "message", "timestamp": 1}]}', "webhookEventId"),
    ],
)
def test_event_without_type_or_id_is_stored_as_odd(app, rt, body, oddity):
    rt.jobs.enqueue = lambda *args: None
    assert post(app.test_client(), body).status_code == 200
    with rt.sessions() as session:
        assert oddity in session.scalar(select(InboxEvent.oddity))


def test_known_event_that_breaks_the_sdk_model_is_stored_as_odd(app, rt):
    rt.jobs.enqueue = lambda *args: None
    event = events.text(events.user_source(USER), "hi", reply_token="r")
    event["message"].pop("id")
    response = post(app.test_client(), body_of(event))
    assert response.status_code == 200
    with rt.sessions() as session:
        assert session.scalar(select(InboxEvent.oddity)) == "sdk rejects TextMessageContent.id"


def test_console_verify_is_200(app, rt):
    response = post(app.test_client(), json.dumps({"destination": "U" + "0" * 32, "events": []}).encode())
    assert response.status_code == 200
    assert stored(rt) == 0


def every_event_type():
    user, group = events.user_source(USER), events.group_source("C" + "1" * 32, USER)
    room = events.room_source("R" + "2" * 32, USER)
    future = events.text(user, "x", reply_token="r")
    future.update(type="somethingNewFromLine", somethingNew={"x": 1})
    future.pop("message")
    return {
        "text": events.text(user, "สวัสดี", reply_token="r"),
        "image": events.image(user, reply_token="r"),
        "location": events.location(user, 16.8, 100.2, reply_token="r"),
        "sticker": events.sticker(user, "446", "1988", reply_token="r"),
        "postback": events.postback(user, "x|y", {"date": "2026-11-20"}, reply_token="r"),
        "follow": events.follow(user, reply_token="r"),
        "unfollow": events.unfollow(user),
        "unsend": events.unsend(user, "123"),
        "group text": events.text(group, "สถานะ", reply_token="r"),
        "room text": events.text(room, "hello", reply_token="r"),
        "join": events.join(group, reply_token="r"),
        "leave": events.leave(group),
        "memberJoined": events.member_joined(group, [USER], reply_token="r"),
        "memberLeft": events.member_left(group, [USER]),
        "videoPlayComplete": events.video_play_complete(user, "track", reply_token="r"),
        "beacon": events.beacon(user, "d41d8cd98f", reply_token="r"),
        "accountLink": events.account_link(user, "nonce", reply_token="r"),
        "future type": future,
    }


@pytest.mark.parametrize("kind", list(every_event_type()))
def test_every_event_type_is_acknowledged_and_stored_once(app, rt, kind):
    event = every_event_type()[kind]
    client = app.test_client()
    assert post(client, body_of(event)).status_code == 200
    assert post(client, body_of(event)).status_code == 200
    assert stored(rt) == 1


def test_a_redelivery_is_stored_once(app, rt):
    event = events.text(events.user_source(USER), "สวัสดี", reply_token="r")
    again = {**event, "deliveryContext": {"isRedelivery": True}}
    client = app.test_client()
    assert post(client, body_of(event)).status_code == 200
    assert post(client, body_of(again)).status_code == 200
    assert stored(rt) == 1


def test_payload_is_encrypted_at_rest(app, rt):
    rt.jobs.enqueue = lambda *args: None  # keep the event unprocessed: its payload is read below
    event = events.text(events.user_source(USER), "เลขบัตร 1166131860910", reply_token="r")
    post(app.test_client(), body_of(event))
    with rt.sessions() as session:
        payload = session.scalar(select(InboxEvent.payload))
    assert b"1166131860910" not in payload
    assert rt.protector.open_json(payload, event["webhookEventId"].encode())["message"]["text"].endswith(
        "910"
    )
