"""The chat page's server side: the page, its font and samples, presets, image contents and the stream."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from emulator.stream import Cursor
from emulator.testing import RunningEmulator
from tests.emulator.conftest import EchoBot
from tests.emulator.helpers import TIMEOUT


@dataclass
class Event:
    kind: str
    data: Any
    id: str | None


class EventReader:
    """Reads server-sent events off an open HTTP response."""

    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.response = response
        self.last_id: str | None = None

    def next(self) -> Event:
        fields: dict[str, str] = {}
        while (line := self.response.readline().decode("utf-8").rstrip("\n")) or not fields:
            if line and not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value
        self.last_id = fields.get("id", self.last_id)
        return Event(fields["event"], json.loads(fields["data"]), fields.get("id"))

    def until(self, wanted: Callable[[Event], bool]) -> Event:
        while not wanted(event := self.next()):
            pass
        return event


@contextmanager
def stream(url: str, last_event_id: str | None = None) -> Iterator[EventReader]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    connection.request("GET", "/_emulator/stream", headers={"Last-Event-ID": last_event_id or ""})
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/event-stream")
    try:
        yield EventReader(response)
    finally:
        connection.close()


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.status, response.headers.get_content_type(), response.read()


def entry_of(user_id: str, sender: str) -> Callable[[Event], bool]:
    return lambda event: (event.kind == "entry" and event.data["chatId"] == user_id
                          and event.data["sender"] == sender)


def test_the_page_and_its_scripts_are_served(line_emulator: RunningEmulator) -> None:
    status, kind, body = get(line_emulator.url + "/")
    assert (status, kind) == (200, "text/html")
    assert b"chat.js" in body and b"chat.css" in body
    assert get(line_emulator.url + "/static/flex.js")[1] in ("text/javascript", "application/javascript")


def test_sarabun_is_served_for_thai_text(line_emulator: RunningEmulator) -> None:
    status, _, body = get(line_emulator.url + "/fonts/Sarabun-Regular.ttf")
    assert status == 200 and body[:4] == b"\x00\x01\x00\x00"
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(line_emulator.url + "/fonts/Sarabun-Nope.ttf")
    assert missing.value.code == 404


def test_presets_name_sample_photos_that_exist(line_emulator: RunningEmulator) -> None:
    presets = json.loads(get(line_emulator.url + "/_emulator/presets")[2])
    assert len(presets["photos"]) >= 2 and presets["locations"]
    for photo in presets["photos"]:
        status, kind, body = get(line_emulator.url + photo["url"])
        assert status == 200 and kind.startswith("image/") and 0 < len(body) < 20_000
    assert {"title", "latitude", "longitude"} <= set(presets["locations"][0])


def test_an_image_the_user_sent_is_served_to_the_browser(line_emulator: RunningEmulator) -> None:
    user = line_emulator.client.add_user("พัฒนากร")
    event = line_emulator.client.send_event(user["userId"], "image", content=b"\xff\xd8 photo")["event"]
    status, kind, body = get(f"{line_emulator.url}/_emulator/contents/{event['message']['id']}")
    assert (status, kind, body) == (200, "image/jpeg", b"\xff\xd8 photo")


def test_stream_sends_users_history_and_then_live_changes(
    line_emulator: RunningEmulator, echo_bot: EchoBot
) -> None:
    client = line_emulator.client
    first = client.add_user("เจ้าหน้าที่ สมใจ")
    client.send_event(first["userId"], "text", text="สวัสดี")
    with stream(line_emulator.url) as events:
        users = events.next()
        assert users.kind == "users" and [u["displayName"] for u in users.data["users"]] == ["เจ้าหน้าที่ สมใจ"]
        assert events.until(entry_of(first["userId"], "user")).data["event"]["message"]["text"] == "สวัสดี"
        assert events.until(entry_of(first["userId"], "bot")).data["message"]["text"] == "echo: สวัสดี"
        assert events.until(lambda e: e.kind == "request").data["path"] == "/v2/bot/message/reply"

        second = client.add_user("ผู้ใช้ใหม่")
        listed = events.until(lambda e: e.kind == "users").data["users"]
        assert [u["userId"] for u in listed] == [first["userId"], second["userId"]]
        client.send_event(second["userId"], "text", text="ทดสอบ")
        assert events.until(entry_of(second["userId"], "bot")).data["message"]["text"] == "echo: ทดสอบ"


def test_a_reconnecting_browser_continues_after_its_last_event(
    line_emulator: RunningEmulator, echo_bot: EchoBot
) -> None:
    client = line_emulator.client
    user = client.add_user("หัวหน้า วิชัย")
    client.send_event(user["userId"], "text", text="หนึ่ง")
    with stream(line_emulator.url) as events:
        events.until(lambda e: e.kind == "request")
        resume_at = events.last_id
    client.send_event(user["userId"], "text", text="สอง")
    with stream(line_emulator.url, resume_at) as events:
        assert events.next().kind == "users"
        assert events.next().data["event"]["message"]["text"] == "สอง"


def test_a_reset_starts_the_stream_over(line_emulator: RunningEmulator) -> None:
    client = line_emulator.client
    client.add_user("ประชาชน มาลี")
    with stream(line_emulator.url) as events:
        epoch = int(events.next().id.split(":")[0])
        client.reset()
        assert events.until(lambda e: e.kind == "reset").id == str(Cursor(epoch + 1))
        assert events.next().data == {"users": []}


def test_postback_display_text_is_kept_for_the_chat(line_emulator: RunningEmulator) -> None:
    client = line_emulator.client
    user = client.add_user("ผู้ใช้ใหม่")
    client.send_event(user["userId"], "postback", data="a=1", displayText="ยืนยันส่งรายงาน")
    [entry] = client.messages(user["userId"])
    assert entry["displayText"] == "ยืนยันส่งรายงาน"
    assert "displayText" not in entry["event"]["postback"]


def test_cursor_parsing() -> None:
    assert Cursor.parse("3:12:5", 3) == Cursor(3, 12, 5)
    assert Cursor.parse("2:12:5", 3) == Cursor(3)
    assert Cursor.parse("junk", 3) == Cursor.parse(None, 3) == Cursor(3)
