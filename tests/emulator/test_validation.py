"""The validator on its own, as the bot's tests will use it (no HTTP)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.validation import validate_messages, validate_request
from emulator.validation.text import grapheme_len, utf16_len
from tests.emulator.helpers import postback_action, quick_reply, text

USER = "U" + "a" * 32


def flex(contents: dict[str, Any]) -> dict[str, Any]:
    return {"type": "flex", "altText": "สรุปการเยี่ยมบ้าน", "contents": contents}


def bubble(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": list(components)}}


def button(label: str, uri: str = "https://tpmap.in.th") -> dict[str, Any]:
    return {"type": "button", "action": {"type": "uri", "label": label, "uri": uri}}


def test_valid_messages_pass() -> None:
    messages = [
        text("บันทึกการเยี่ยมบ้านเรียบร้อย", quickReply=quick_reply(13)),
        flex(bubble({"type": "text", "text": "ครัวเรือน 1"}, button("ดูรายละเอียด"))),
        {
            "type": "template",
            "altText": "ยืนยัน",
            "template": {
                "type": "confirm",
                "text": "ส่งรายงาน?",
                "actions": [postback_action("yes", "ใช่"), postback_action("no", "ไม่")],
            },
        },
    ]
    assert validate_messages(messages) == []


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ([text("a")] * 6, "messages: Size must be between 1 and 5"),
        (
            [text("a", quickReply=quick_reply(14))],
            "messages[0].quickReply.items: Size must be between 0 and 13",
        ),
        ([text("a" * 5001)], "messages[0].text: Length must be between 0 and 5000"),
        ([text("a" * 4999 + "😀")], "messages[0].text: Length must be between 0 and 5000"),
        ([{"type": "text"}], "messages[0].text: Must be specified"),
        (
            [text("a", quickReply={"items": [{"type": "action", "action": postback_action("d" * 301)}]})],
            "messages[0]: PostbackAction.data: ensure this value has at most 300 characters",
        ),
        (
            [text("a", quickReply=quick_reply(1, label="x" * 21))],
            "messages[0].quickReply.items[0].action.label: Length must be between 0 and 20",
        ),
        (
            [flex(bubble(button("x" * 41)))],
            "messages[0].contents.body.contents[0].action.label: Length must be between 0 and 40",
        ),
        (
            [flex(bubble(button("ok", uri="javascript:alert(1)")))],
            "messages[0].contents.body.contents[0].action.uri: The URI scheme must be",
        ),
        (
            [flex({"type": "carousel", "contents": [bubble()] * 13})],
            "messages[0].contents.contents: Size must be between 1 and 12",
        ),
        ([flex(bubble({"type": "text", "text": "ก" * 11_000}))], "messages[0].contents: JSON is"),
        (
            [
                {
                    "type": "template",
                    "altText": "a" * 1501,
                    "template": {"type": "confirm", "text": "?", "actions": []},
                }
            ],
            "messages[0].altText: Length must be between 0 and 1500",
        ),
        (
            [{"type": "image", "originalContentUrl": "http://x/a.jpg", "previewImageUrl": "https://x/b.jpg"}],
            "messages[0].originalContentUrl: Must be an HTTPS URL",
        ),
        ([{"type": "nope"}], "messages[0]: Not a valid Message"),
    ],
    ids=[
        "6-messages",
        "14-quick-replies",
        "text-5001",
        "emoji-counts-2",
        "text-missing",
        "postback-data-301",
        "quick-reply-label-21",
        "flex-button-label-41",
        "uri-scheme",
        "carousel-13",
        "bubble-30kb",
        "alt-text-1501",
        "http-image",
        "unknown-type",
    ],
)
def test_invalid_messages_are_reported(messages: list[dict[str, Any]], expected: str) -> None:
    assert any(problem.startswith(expected) for problem in validate_messages(messages)), validate_messages(
        messages
    )


def test_limits_are_inclusive() -> None:
    messages = [
        text("a" * 4998 + "😀"),
        text("a", quickReply=quick_reply(1, label="x" * 20)),
        text("a", quickReply={"items": [{"type": "action", "action": postback_action("d" * 300)}]}),
        flex(bubble(button("x" * 40))),
        flex({"type": "carousel", "contents": [bubble()] * 12}),
    ]
    assert validate_messages(messages) == []


def test_thai_labels_count_grapheme_clusters() -> None:
    label = "ไม่มีปัญหาสุขภาพที่ต้องแก้ไข"  # 28 code points, 19 clusters
    assert len(label) > 20
    assert validate_messages([text("a", quickReply=quick_reply(1, label=label))]) == []


def test_character_counting() -> None:
    assert utf16_len("😀") == 2
    assert utf16_len("น้ำ") == 3
    assert grapheme_len("น้ำ") == 1
    assert grapheme_len("👨‍👩‍👧") == 1
    assert grapheme_len("🇹🇭🇯🇵") == 2


def test_each_problem_is_reported_once() -> None:
    assert validate_messages([text("a")] * 6) == ["messages: Size must be between 1 and 5"]


def test_template_rules() -> None:
    confirm = {"type": "confirm", "text": "?", "actions": [postback_action("yes")]}
    buttons = {
        "type": "buttons",
        "title": "t",
        "text": "x" * 61,
        "actions": [{"type": "message", "text": "a"}],
    }
    problems = validate_messages(
        [
            {"type": "template", "altText": "a", "template": confirm},
            {"type": "template", "altText": "a", "template": buttons},
        ]
    )
    assert problems == [
        "messages[0].template.actions: Size must be between 2 and 2",
        "messages[1].template.text: Length must be between 0 and 60",
        "messages[1].template.actions[0].label: Must be specified",
    ]


def test_action_placement() -> None:
    camera = {"type": "camera", "label": "ถ่ายรูป"}
    assert validate_messages([text("a", quickReply={"items": [{"type": "action", "action": camera}]})]) == []
    problems = validate_messages([flex(bubble({"type": "button", "action": camera}))])
    assert problems == [
        "messages[0].contents.body.contents[0].action.type: A camera action is not allowed here"
    ]


def test_other_bodies() -> None:
    assert validate_request("/v2/bot/chat/loading/start", "POST", {"chatId": USER, "loadingSeconds": 7}) == [
        "loadingSeconds: Must be a multiple of 5"
    ]
    assert validate_request(
        "/v2/bot/message/multicast", "POST", {"to": [USER] * 501, "messages": [text("a")]}
    ) == ["to: Size must be between 1 and 500"]
    assert validate_request("/v2/bot/message/reply", "POST", {"messages": [text("a")]}) == [
        "replyToken: Must be specified"
    ]


def test_rich_menu_geometry() -> None:
    menu = {
        "size": {"width": 2500, "height": 843},
        "selected": True,
        "name": "main",
        "chatBarText": "เมนู",
        "areas": [
            {"bounds": {"x": 1250, "y": 0, "width": 1251, "height": 843}, "action": postback_action("menu")}
        ],
    }
    assert validate_request("/v2/bot/richmenu", "POST", menu) == [
        "areas[0].bounds: The area must lie inside the rich menu"
    ]
    menu["areas"][0]["bounds"]["width"] = 1250
    assert validate_request("/v2/bot/richmenu", "POST", menu) == []
    assert validate_request(
        "/v2/bot/richmenu", "POST", {**menu, "size": {"width": 2500, "height": 2000}}
    ) == ["size: The aspect ratio (width / height) must be at least 1.45"]
