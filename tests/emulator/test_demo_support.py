"""What the emulator offers the local demo: saved LINE users, host jobs, http media stand-ins, port reuse."""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Callable
from pathlib import Path

from emulator.config import HostJob
from emulator.server import run_in_thread
from emulator.testing import TEST_TOKEN, start_emulator
from tests.emulator.helpers import TIMEOUT, raw_call

BOT = "http://127.0.0.1:8123"


def post_json(url: str, path: str, body: dict) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TEST_TOKEN}"}
    return raw_call(url, "POST", path, json.dumps(body).encode(), headers)


def test_users_added_on_the_page_are_there_after_a_restart(tmp_path: Path) -> None:
    saved = tmp_path / "instance" / "emulator-users.json"
    with start_emulator(users_file=saved) as first:
        status, added = post_json(first.url, "/_emulator/users", {"displayName": "ลุงเพิ่มใหม่ 😀"})
        assert status == 201
    with start_emulator(users_file=saved) as second:
        restored = second.emulator.state.user(added["userId"])
        assert restored is not None and restored.display_name == "ลุงเพิ่มใหม่ 😀"


def test_an_unreadable_users_file_starts_empty_and_is_rewritten(tmp_path: Path) -> None:
    saved = tmp_path / "emulator-users.json"
    saved.write_text("{not json", encoding="utf-8")
    with start_emulator(users_file=saved) as running:
        assert running.emulator.state.users() == []
        running.emulator.add_user("ป้าใหม่")
    assert [u["display_name"] for u in json.loads(saved.read_text(encoding="utf-8"))["users"]] == ["ป้าใหม่"]


def test_the_page_lists_and_starts_the_host_jobs() -> None:
    started: list[str] = []
    jobs = (HostJob("daily_digest", "สรุปประจำวัน (08:00)", lambda: started.append("daily_digest")),)
    with start_emulator(host_jobs=jobs) as running:
        with urllib.request.urlopen(running.url + "/_emulator/host-jobs", timeout=TIMEOUT) as answer:
            assert json.load(answer) == {"jobs": [{"name": "daily_digest", "label": "สรุปประจำวัน (08:00)"}]}
        assert post_json(running.url, "/_emulator/host-jobs/daily_digest", {})[0] == 200
        assert post_json(running.url, "/_emulator/host-jobs/unknown", {})[0] == 404
    assert started == ["daily_digest"]
    with start_emulator() as plain, urllib.request.urlopen(plain.url + "/_emulator/host-jobs") as answer:
        assert json.load(answer) == {"jobs": []}


def test_media_from_a_stand_in_origin_passes_the_https_check_and_nothing_else_does() -> None:
    def image(url: str) -> dict:
        return {"type": "image", "originalContentUrl": url, "previewImageUrl": url}

    with start_emulator(https_stand_ins=(BOT,)) as running:
        user = running.emulator.add_user("หัวหน้า")
        push = {"to": user.user_id, "messages": [image(f"{BOT}/charts/x.png")]}
        assert post_json(running.url, "/v2/bot/message/push", push)[0] == 200
        elsewhere = {"to": user.user_id, "messages": [image("http://example.org/x.png")]}
        assert post_json(running.url, "/v2/bot/message/push", elsewhere)[0] == 400
    with start_emulator() as strict:
        user = strict.emulator.add_user("หัวหน้า")
        assert post_json(strict.url, "/v2/bot/message/push", push | {"to": user.user_id})[0] == 400


def answering(body: bytes) -> Callable[..., list[bytes]]:
    def app(environ: dict, start_response: Callable[..., object]) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [body]

    return app


def test_a_server_comes_back_on_its_port_while_the_last_connection_is_in_time_wait() -> None:
    """The server closes first, so its side of the connection waits in TIME_WAIT on the port."""
    with run_in_thread(answering(b"ok")) as server:
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
            client.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
            while client.recv(1024):
                pass  # HTTP/1.0: the server closes the connection after the answer
    with run_in_thread(answering(b"again"), port=port) as again, urllib.request.urlopen(again.url) as answer:
        assert answer.read() == b"again"
