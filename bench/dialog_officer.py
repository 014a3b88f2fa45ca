"""One simulated field officer of bench.dialog: a phone that types and taps a visit report through
the webhook and times every turn."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp

TURN_TIMEOUT = 60.0

# (kind, value): "say" types text, "tap" taps the button with that label;
# "{house}" is the house code of the officer's household.
SCRIPT: list[tuple[str, str]] = [
    ("say", "เยี่ยมบ้าน"),
    ("say", "{house}"),
    ("tap", "ใช่"),
    ("tap", "วันนี้"),
    ("tap", "ยินยอม"),
    ("skip_followups", ""),
    ("say", "หลังคารั่ว บ้านทรุดโทรม"),
    ("tap", "ไม่ระบุ"),
    ("tap_any_member", ""),
    ("tap", "ไม่มีแล้ว"),
    ("tap", "สิ่งของ/ถุงยังชีพ"),
    ("tap", "พมจ."),
    ("say", "สองพันห้าร้อยบาท"),
    ("say", "2 ถุง"),
    ("tap", "วันเดียวกับวันเยี่ยม"),
    ("tap", "ไม่มีแล้ว"),
    ("tap", "อยู่พอเพียง"),
    ("tap", "อีก 30 วัน (แนะนำ)"),
    ("say", "ข้าม"),
    ("say", "ข้าม"),
    ("say", "ครอบครัวให้ความร่วมมือดี"),
    ("tap", "ยืนยันส่งรายงาน"),
]


def actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["action"]] if isinstance(node.get("action"), dict) else []
        return found + [a for value in node.values() for a in actions(value)]
    if isinstance(node, list):
        return [a for item in node for a in actions(item)]
    return []


class Answers:
    """The bot's messages to each officer, read from the emulator's event stream (one connection for
    all officers, instead of each of them polling)."""

    def __init__(self) -> None:
        self.queues: dict[str, asyncio.Queue[dict[str, Any]]] = {}

    def of(self, user_id: str) -> asyncio.Queue[dict[str, Any]]:
        return self.queues.setdefault(user_id, asyncio.Queue())

    async def listen(self, session: aiohttp.ClientSession, base: str) -> None:
        kind = ""
        endless = aiohttp.ClientTimeout(total=None)
        async with session.get(f"{base}/_emulator/stream", timeout=endless, read_bufsize=2**22) as stream:
            async for raw in stream.content:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "entry":
                    entry = json.loads(line[6:])
                    if entry["sender"] == "bot" and entry.get("message"):
                        self.of(entry["chatId"]).put_nowait(entry["message"])


class Officer:
    """One simulated officer: sends an event, waits for the bot's answer, measures the wait."""

    def __init__(self, session: aiohttp.ClientSession, base: str, user_id: str, house: str,
                 answers: Answers) -> None:
        self.session, self.base, self.user_id, self.house = session, base, user_id, house
        self.inbox = answers.of(user_id)
        self.last: list[dict[str, Any]] = []
        self.waits: list[float] = []
        self.said: list[str] = []

    async def event(self, body: dict[str, Any]) -> None:
        """Sends one event; the wait measured ends at the bot's first message, then the rest of that
        answer (messages sent within 50 ms of it) is collected."""
        self.said.append(str(body.get("text") or body.get("data")))
        started = time.perf_counter()
        async with self.session.post(
            f"{self.base}/_emulator/users/{self.user_id}/events", json=body
        ) as answer:
            result = await answer.json()
            if result.get("status") != 200:
                raise RuntimeError(f"webhook answered {result.get('status')}")
        try:
            first = await asyncio.wait_for(self.inbox.get(), TURN_TIMEOUT)
        except TimeoutError:
            raise TimeoutError("no answer from the bot") from None
        self.waits.append((time.perf_counter() - started) * 1000)
        self.last = [first]
        await asyncio.sleep(0.05)
        while not self.inbox.empty():
            self.last.append(self.inbox.get_nowait())

    async def say(self, words: str) -> None:
        await self.event({"type": "text", "text": words})

    async def tap(self, label: str) -> None:
        found = [a for a in actions(self.last) if a.get("label") == label]
        if not found:
            raise LookupError(f"no button {label!r} in the bot's answer: {str(self.last)[:200]}")
        action = found[-1]
        if action["type"] == "message":
            await self.say(action["text"])
        else:
            await self.event({"type": "postback", "data": action["data"]})

    async def run(self) -> str:
        for kind, value in SCRIPT:
            if kind == "say":
                await self.say(value.format(house=self.house))
            elif kind == "tap":
                await self.tap(value)
            elif kind == "tap_any_member":
                if "ทั้งครัวเรือน" in str(self.last):  # asked only when the household has several members
                    await self.tap("ทั้งครัวเรือน")
            else:
                while "ปัญหาเดิม" in str(self.last):
                    await self.say("ข้าม")
        receipt = str(self.last)
        return receipt[receipt.index("VR-") :][:14] if "VR-" in receipt else ""


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]
