"""Messaging API endpoints driven by line-bot-sdk over real HTTP."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    MulticastRequest,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ApiException

from emulator import ids
from emulator.facade import Emulator
from emulator.records import User
from emulator.testing import RunningEmulator, start_emulator
from tests.emulator.helpers import TIMEOUT, error_body, raw_call

AUTH_FAILED = "Authentication failed. Confirm that the access token in the authorization header is valid."


def reply(api: MessagingApi, token: str, *texts: str) -> object:
    messages = [TextMessage(text=value) for value in texts]
    return api.reply_message(
        ReplyMessageRequest(reply_token=token, messages=messages), _request_timeout=TIMEOUT
    )


def push(api: MessagingApi, to: str, text: str, key: str | None = None) -> object:
    request = PushMessageRequest(to=to, messages=[TextMessage(text=text)])
    return api.push_message(request, x_line_retry_key=key, _request_timeout=TIMEOUT)


def test_reply_token_works_once(api: MessagingApi, emu: Emulator, user: User) -> None:
    token = emu.event(user.user_id, "text", text="เยี่ยมบ้าน")["replyToken"]

    answer = reply(api, token, "กรุณาระบุรหัสบ้าน", "หรือพิมพ์ชื่อหัวหน้าครัวเรือน")
    with pytest.raises(ApiException) as again:
        reply(api, token, "ซ้ำ")

    assert [message.id for message in answer.sent_messages] == [
        entry.message_id for entry in emu.conversation(user.user_id) if entry.sender == "bot"
    ]
    assert all(message.quote_token for message in answer.sent_messages)
    assert emu.messages_to(user.user_id) == [
        {"type": "text", "text": "กรุณาระบุรหัสบ้าน"},
        {"type": "text", "text": "หรือพิมพ์ชื่อหัวหน้าครัวเรือน"},
    ]
    assert again.value.status == 400
    assert error_body(again.value) == {"message": "Invalid reply token"}


def test_unknown_reply_token_is_rejected(api: MessagingApi) -> None:
    with pytest.raises(ApiException) as error:
        reply(api, ids.reply_token(), "hi")
    assert error.value.status == 400


def test_reply_token_expires() -> None:
    with start_emulator(reply_token_ttl=0.3) as running, ApiClient(running.sdk_configuration()) as client:
        user = running.emulator.add_user("สมหญิง")
        fresh = running.emulator.event(user.user_id, "text", text="1")["replyToken"]
        stale = running.emulator.event(user.user_id, "text", text="2")["replyToken"]
        reply(MessagingApi(client), fresh, "ทัน")
        time.sleep(0.4)
        with pytest.raises(ApiException) as error:
            reply(MessagingApi(client), stale, "ไม่ทัน")

    assert error.value.status == 400
    assert error_body(error.value) == {"message": "Invalid reply token"}
    assert running.emulator.messages_to(user.user_id) == [{"type": "text", "text": "ทัน"}]


def test_invalid_body_does_not_spend_the_reply_token(api: MessagingApi, emu: Emulator, user: User) -> None:
    token = emu.event(user.user_id, "text", text="hi")["replyToken"]
    with pytest.raises(ApiException):
        reply(api, token, "a" * 5001)
    reply(api, token, "ok")
    assert emu.messages_to(user.user_id) == [{"type": "text", "text": "ok"}]


def test_retry_key_repeat_answers_409_and_delivers_once(api: MessagingApi, emu: Emulator, user: User) -> None:
    key = str(uuid.uuid4())

    first = push(api, user.user_id, "แจ้งเตือน: ครัวเรือนวิกฤต", key)
    with pytest.raises(ApiException) as repeat:
        push(api, user.user_id, "แจ้งเตือน: ครัวเรือนวิกฤต", key)

    assert repeat.value.status == 409
    assert error_body(repeat.value) == {
        "message": "The retry key is already accepted",
        "sentMessages": [first.sent_messages[0].to_dict()],
    }
    assert repeat.value.headers["X-Line-Accepted-Request-Id"] == emu.state.requests()[0].request_id
    assert emu.messages_to(user.user_id) == [{"type": "text", "text": "แจ้งเตือน: ครัวเรือนวิกฤต"}]


def test_retry_key_must_be_a_uuid(api: MessagingApi, user: User) -> None:
    with pytest.raises(ApiException) as error:
        push(api, user.user_id, "hi", key="not-a-uuid")
    assert error.value.status == 400


def test_every_response_has_a_request_id(api: MessagingApi, user: User) -> None:
    response = api.push_message_with_http_info(
        PushMessageRequest(to=user.user_id, messages=[TextMessage(text="hi")]), _request_timeout=TIMEOUT
    )
    assert uuid.UUID(response.headers["X-Line-Request-Id"])


def test_six_messages_are_rejected_with_details(api: MessagingApi, emu: Emulator, user: User) -> None:
    body = PushMessageRequest.construct(
        to=user.user_id, messages=[TextMessage(text="a")] * 6
    )  # skip client checks
    with pytest.raises(ApiException) as error:
        api.push_message(body, _request_timeout=TIMEOUT)

    assert error.value.status == 400
    assert error_body(error.value) == {
        "message": "The request body has 1 error(s)",
        "details": [{"message": "Size must be between 1 and 5", "property": "messages"}],
    }
    assert emu.messages_to(user.user_id) == []
    assert emu.state.requests()[-1].violations == ["messages: Size must be between 1 and 5"]


def test_quick_reply_with_14_items_is_rejected(api: MessagingApi, user: User) -> None:
    item = QuickReplyItem.from_dict(
        {"type": "action", "action": {"type": "message", "label": "ใช่", "text": "ใช่"}}
    )
    message = TextMessage(text="เลือก", quick_reply=QuickReply.construct(items=[item] * 14))
    with pytest.raises(ApiException) as error:
        api.push_message(PushMessageRequest(to=user.user_id, messages=[message]), _request_timeout=TIMEOUT)
    assert error.value.status == 400
    assert error_body(error.value)["details"][0]["property"] == "messages[0].quickReply.items"


@pytest.mark.parametrize(
    ("text", "accepted"), [("a" * 5000, True), ("a" * 5001, False), ("a" * 4999 + "😀", False)]
)
def test_text_length_counts_utf16_units(api: MessagingApi, user: User, text: str, accepted: bool) -> None:
    try:
        push(api, user.user_id, text)
    except ApiException as error:
        assert not accepted
        assert error.status == 400
        assert error_body(error)["details"] == [
            {"message": "Length must be between 0 and 5000", "property": "messages[0].text"}
        ]
    else:
        assert accepted


def test_postback_data_over_300_is_rejected(line_emulator: RunningEmulator, user: User) -> None:
    action = {"type": "postback", "label": "เลือก", "data": "d" * 301, "displayText": "เลือก"}
    body = {
        "to": user.user_id,
        "messages": [
            {"type": "text", "text": "?", "quickReply": {"items": [{"type": "action", "action": action}]}}
        ],
    }
    status, answer = raw_call(
        line_emulator.url,
        "POST",
        "/v2/bot/message/push",
        json.dumps(body).encode(),
        {"Authorization": f"Bearer {line_emulator.config.access_token}", "Content-Type": "application/json"},
    )
    assert status == 400
    assert "PostbackAction.data" in answer["details"][0]["message"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "test-access-token"])
def test_bad_token_is_401(line_emulator: RunningEmulator, user: User, authorization: str | None) -> None:
    headers = {
        "Content-Type": "application/json",
        **({"Authorization": authorization} if authorization else {}),
    }
    body = json.dumps({"to": user.user_id, "messages": [{"type": "text", "text": "hi"}]}).encode()

    status, answer = raw_call(line_emulator.url, "POST", "/v2/bot/message/push", body, headers)

    assert (status, answer) == (401, {"message": AUTH_FAILED})
    assert line_emulator.emulator.messages_to(user.user_id) == []


def test_sdk_with_wrong_token_gets_401(line_emulator: RunningEmulator, user: User) -> None:
    configuration = Configuration(host=line_emulator.url, access_token="stolen")
    with ApiClient(configuration) as client, pytest.raises(ApiException) as error:
        push(MessagingApi(client), user.user_id, "hi")
    assert error.value.status == 401


def test_malformed_json_is_400(line_emulator: RunningEmulator) -> None:
    headers = {
        "Authorization": f"Bearer {line_emulator.config.access_token}",
        "Content-Type": "application/json",
    }
    status, answer = raw_call(line_emulator.url, "POST", "/v2/bot/message/push", b'{"to": ', headers)
    assert status == 400
    assert answer["message"].startswith("The request body could not be parsed as JSON (line: 1")


def test_push_to_malformed_or_unknown_ids_is_400(api: MessagingApi) -> None:
    for to in ("someone", ids.user_id()):
        with pytest.raises(ApiException) as error:
            push(api, to, "hi")
        assert error.value.status == 400


def test_push_to_a_group_the_bot_is_in(api: MessagingApi, emu: Emulator, user: User) -> None:
    group_id = ids.group_id()
    emu.event(user.user_id, "join", group_id=group_id)

    push(api, group_id, "สวัสดีทุกคน")

    assert emu.messages_to(group_id) == [{"type": "text", "text": "สวัสดีทุกคน"}]


def test_push_to_blocking_user_is_accepted_but_not_shown(
    api: MessagingApi, emu: Emulator, user: User
) -> None:
    emu.event(user.user_id, "unfollow")

    push(api, user.user_id, "ยังอยู่ไหม")

    [entry] = [entry for entry in emu.conversation(user.user_id) if entry.sender == "bot"]
    assert entry.delivered is False
    assert emu.messages_to(user.user_id) == []


def test_multicast_reaches_known_users(api: MessagingApi, emu: Emulator, user: User) -> None:
    other = emu.add_user("สมศรี")
    request = MulticastRequest(
        to=[user.user_id, other.user_id, ids.user_id()], messages=[TextMessage(text="ประชุม")]
    )

    assert api.multicast(request, x_line_retry_key=str(uuid.uuid4()), _request_timeout=TIMEOUT) == {}
    assert (
        emu.messages_to(user.user_id) == emu.messages_to(other.user_id) == [{"type": "text", "text": "ประชุม"}]
    )


def test_multicast_over_500_recipients_is_rejected(api: MessagingApi, user: User) -> None:
    request = MulticastRequest.construct(to=[user.user_id] * 501, messages=[TextMessage(text="a")])
    with pytest.raises(ApiException) as error:
        api.multicast(request, _request_timeout=TIMEOUT)
    assert error_body(error.value)["details"] == [
        {"message": "Size must be between 1 and 500", "property": "to"}
    ]


def test_loading_animation_is_accepted(api: MessagingApi, emu: Emulator, user: User) -> None:
    response = api.show_loading_animation_with_http_info(
        ShowLoadingAnimationRequest(chat_id=user.user_id, loading_seconds=10), _request_timeout=TIMEOUT
    )
    assert response.status_code == 202
    assert emu.state.user(user.user_id).loading_until > emu.state.now()


def test_profile(api: MessagingApi, emu: Emulator, user: User) -> None:
    profile = api.get_profile(user.user_id, _request_timeout=TIMEOUT)
    assert (profile.user_id, profile.display_name, profile.language) == (user.user_id, "สมชาย ใจดี", "th")

    with pytest.raises(ApiException) as unknown:
        api.get_profile(ids.user_id(), _request_timeout=TIMEOUT)
    assert unknown.value.status == 404


def test_image_content_round_trip(blob_api: MessagingApiBlob, emu: Emulator, user: User) -> None:
    photo = b"\xff\xd8\xff\xe0 a household photo"
    event = emu.event(user.user_id, "image", content=photo, content_type="image/jpeg")

    response = blob_api.get_message_content_with_http_info(event["message"]["id"], _request_timeout=TIMEOUT)

    assert response.raw_data == photo
    assert response.headers["Content-Type"] == "image/jpeg"
    with pytest.raises(ApiException) as missing:
        blob_api.get_message_content(ids.message_id(), _request_timeout=TIMEOUT)
    assert missing.value.status == 404
