"""Webhook event builders: LINE's shape, the SDK can parse them, webhook.yml accepts them."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from linebot.v3 import WebhookParser
from linebot.v3.webhooks import (
    AccountLinkEvent,
    BeaconEvent,
    FollowEvent,
    ImageMessageContent,
    JoinEvent,
    LeaveEvent,
    LocationMessageContent,
    MemberJoinedEvent,
    MemberLeftEvent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UnsendEvent,
    VideoPlayCompleteEvent,
)
from openapi_schema_validator import OAS30Validator

from emulator import events, ids
from emulator.config import default_spec_path
from emulator.facade import Emulator
from emulator.records import User

SECRET = "channel_secret"
USER = "U" + "1" * 32
GROUP = "C" + "2" * 32

# (builder, args, expected SDK event class, expected message content class)
CASES: list[tuple[str, Any, dict[str, Any], type, type | None]] = [
    ("text", events.text, {"text": "สวัสดีครับ"}, MessageEvent, TextMessageContent),
    ("image", events.image, {}, MessageEvent, ImageMessageContent),
    (
        "location",
        events.location,
        {"latitude": 13.75, "longitude": 100.5, "title": "บ้าน", "address": "กทม."},
        MessageEvent,
        LocationMessageContent,
    ),
    (
        "sticker",
        events.sticker,
        {"package_id": "446", "sticker_id": "1988"},
        MessageEvent,
        StickerMessageContent,
    ),
    (
        "postback",
        events.postback,
        {"data": "action=visit&step=date", "params": {"date": "2026-11-20"}},
        PostbackEvent,
        None,
    ),
    ("follow", events.follow, {"is_unblocked": True}, FollowEvent, None),
    ("unfollow", events.unfollow, {}, UnfollowEvent, None),
    ("unsend", events.unsend, {"message_id": "325708"}, UnsendEvent, None),
    ("join", events.join, {}, JoinEvent, None),
    ("leave", events.leave, {}, LeaveEvent, None),
    ("memberJoined", events.member_joined, {"user_ids": [USER]}, MemberJoinedEvent, None),
    ("memberLeft", events.member_left, {"user_ids": [USER]}, MemberLeftEvent, None),
    (
        "videoPlayComplete",
        events.video_play_complete,
        {"tracking_id": "track-1"},
        VideoPlayCompleteEvent,
        None,
    ),
    ("beacon", events.beacon, {"hwid": "d41d8cd98f"}, BeaconEvent, None),
    ("accountLink", events.account_link, {"nonce": "n0nce"}, AccountLinkEvent, None),
]


@functools.cache
def webhook_components() -> dict[str, Any]:
    return yaml.safe_load(Path(default_spec_path()).with_name("webhook.yml").read_text())["components"]


def schema_errors(schema_name: str, instance: Any) -> list[str]:
    validator = OAS30Validator(
        {"$ref": f"#/components/schemas/{schema_name}", "components": webhook_components()}
    )
    return [error.message for error in validator.iter_errors(instance)]


def mapped(base: str, kind: str) -> str:
    """The schema a discriminator maps to (openapi-schema-validator does not follow them itself)."""
    return webhook_components()["schemas"][base]["discriminator"]["mapping"][kind].rsplit("/", 1)[1]


def test_signature_matches_line_test_vector() -> None:
    assert (
        events.sign("channel_secret", b"bodybodybodybody") == "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
    )


@pytest.mark.parametrize(
    ("kind", "builder", "fields", "event_class", "content_class"), CASES, ids=[case[0] for case in CASES]
)
def test_every_builder_parses_with_the_sdk_and_matches_webhook_yml(
    kind: str, builder: Any, fields: dict[str, Any], event_class: type, content_class: type | None
) -> None:
    source = (
        events.group_source(GROUP, USER) if kind in ("join", "leave", "memberJoined", "memberLeft") else USER
    )
    reply = {"reply_token": ids.reply_token()} if events.event_type(kind) in events.REPLYABLE else {}
    event = builder(source, **fields, **reply)
    body = events.webhook_body(ids.user_id(), [event])

    [parsed] = WebhookParser(SECRET).parse(body.decode(), events.sign(SECRET, body))

    assert type(parsed) is event_class
    if content_class is not None:
        assert type(parsed.message) is content_class
    errors = schema_errors(mapped("Event", event["type"]), event)
    errors += schema_errors(mapped("Source", event["source"]["type"]), event["source"])
    if "message" in event:
        errors += schema_errors(mapped("MessageContent", event["message"]["type"]), event["message"])
    assert errors == []
    assert schema_errors("CallbackRequest", json.loads(body)) == []


def test_envelope_has_line_fields() -> None:
    event = events.text(USER, "hi", timestamp=1_700_000_000_000, redelivery=True)

    assert event["mode"] == "active"
    assert event["timestamp"] == 1_700_000_000_000
    assert event["deliveryContext"] == {"isRedelivery": True}
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", event["webhookEventId"])
    assert event["webhookEventId"][:10] == ids.webhook_event_id(1_700_000_000_000)[:10]
    assert "replyToken" not in event


def test_postback_without_params_leaves_them_out() -> None:
    assert events.postback(USER, "a=1")["postback"] == {"data": "a=1"}


def test_failed_account_link_has_no_reply_token() -> None:
    assert "replyToken" not in events.account_link(USER, "n", result="failed", reply_token="t")


def test_facade_registers_reply_tokens_only_for_replyable_events(emu: Emulator, user: User) -> None:
    text = emu.event(user.user_id, "text", text="hi")
    unfollow = emu.event(user.user_id, "unfollow")

    assert emu.state.use_reply_token(text["replyToken"], ttl=60) == user.user_id
    assert "replyToken" not in unfollow
    assert emu.state.user(user.user_id).followed is False


def test_facade_stores_image_content_under_the_message_id(emu: Emulator, user: User) -> None:
    event = emu.event(user.user_id, "image", content=b"\xff\xd8jpeg", content_type="image/jpeg")

    stored = emu.state.content(event["message"]["id"])
    assert (stored.data, stored.content_type) == (b"\xff\xd8jpeg", "image/jpeg")


def test_group_event_binds_reply_token_to_the_group(emu: Emulator, user: User) -> None:
    event = emu.event(user.user_id, "text", text="hi", group_id=GROUP)

    assert event["source"] == {"type": "group", "groupId": GROUP, "userId": user.user_id}
    assert emu.state.use_reply_token(event["replyToken"], ttl=60) == GROUP


def test_facade_rejects_unknown_kinds_and_users(emu: Emulator, user: User) -> None:
    with pytest.raises(ValueError, match="unknown event kind"):
        emu.event(user.user_id, "telepathy")
    with pytest.raises(LookupError):
        emu.event(ids.user_id(), "text", text="hi")
    with pytest.raises(ValueError, match="content"):
        emu.event(user.user_id, "image")
