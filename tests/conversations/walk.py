"""A seeded random walk through every conversation, played by several people at once.

Each turn one person does one thing: taps a button they were offered, types its label, types an
answer that fits the question (or anything else people type), taps an old button, another person's
button, or a forged one, sends a photo, a place or a sticker, blocks and unblocks the bot, or checks
that ยกเลิก still gets them out. After every turn the rules in `checks` are verified; a broken one
stops the walk with the seed, the turn and the last few exchanges.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from tests.conversations import answers
from tests.conversations.checks import Failures, Observed, Turn, observe
from tests.conversations.world import Actor, World
from tests.e2e.conftest import actions_in, all_text

JPEG = b"\xff\xd8\xff\xe0" + b"walk" * 40
SHY = frozenset(
    {"ยกเลิก", "ย้อนกลับ", "ทิ้งร่าง", "ทิ้งแล้วเริ่มใหม่", "ไม่ยินยอม", "ยกเลิกการเชื่อม", "ถอนความยินยอม", "วิธีใช้"}
)
EAGER = frozenset({"ยืนยันส่งรายงาน", "ส่งคำขอ", "ยืนยัน"})
"""Buttons that finish something: tapped more often, so that walks get to the receipts."""
ASKS_AGAIN_FINE = frozenset({"วิธีใช้"})
"""Labels whose answer is the same question again (help for it): typing them may repeat the question."""
NAVIGATION = frozenset({"ย้อนกลับ", "ยกเลิก", "ข้าม"})
"""A question offering one of these is a dialog's: its buttons must be taken when tapped or typed."""
GARBAGE_POSTBACKS = (
    "", "|", "dlg", "dlg|", "dlg|ans", "dlg|ans|visit|0|household|hh:1", "dlg|resume|x", "alert|ack|",
    "alert|ack|abc", "alert|assign|1|2|3|4", "alert|revisit|1|2026-99-99", "officer|visit|²",
    "officer|amend|٣x",
    "officer|linkcode|1|not-a-uuid", "citizen|consent|", "citizen|zzz", "overdue|999999999999", "overdue|-1",
    "revoke|x", "revoke|confirm|999", "x" * 300, "a\x00b", "dlg|date|visit|0|visited_on",
)
NUMBER = re.compile(r"(?<![0-9a-f-])\d+(?![0-9a-f-])")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HISTORY = 14
TAPPABLE = ("postback", "message", "datetimepicker")


@dataclass
class Move:
    kind: str
    fields: dict[str, Any]
    note: str
    tapped: dict[str, Any] | None = None
    answering: str = ""
    """The dialog question this move answers with one of its own buttons (tapped or typed)."""


@dataclass
class Walk:
    world: World
    seed: int
    failures: Failures
    rng: random.Random = field(init=False)
    log: list[str] = field(default_factory=list)
    played: Counter[str] = field(default_factory=Counter)
    turns: int = 0
    now: Observed = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.now = observe(self.world)

    def run(self, turns: int) -> None:
        actor = self.rng.choice(self.world.actors)
        while self.turns < turns:
            if self.rng.random() < 0.12:
                actor = self.rng.choice(self.world.actors)
                actor.diligent = self.rng.random() < 0.7
            if actor.followed and self.rng.random() < 0.015:
                self.way_out(actor)
            else:
                self.play(actor, self.move_for(actor))

    # Choosing what to do

    def move_for(self, actor: Actor) -> Move:
        if not actor.followed:
            return Move("follow", {}, "unblocks the bot")
        unread = actor.unread()
        offered = [a for a in actions_in(unread) if a.get("type") in TAPPABLE]
        if actor.diligent:
            offered = [a for a in offered if a.get("label") not in SHY]
        roll = self.rng.random()
        tap, label, typed = (0.8, 0.9, 0.99) if actor.diligent else (0.45, 0.55, 0.8)
        if roll < 0.01:
            return Move("unfollow", {}, "blocks the bot")
        if offered and roll < tap:
            action = self.pick(offered)
            return replace(self.tap(action, "taps"), answering=dialog_question(unread, action))
        if offered and roll < label:
            action = self.pick(offered)
            said = action.get("label", "")
            asked = dialog_question(unread, action)
            return Move("text", {"text": said}, f"types the label {said!r}", answering=asked)
        if roll < typed or (actor.diligent and not offered):
            return self.typed(actor, all_text(unread), actor.diligent)
        return self.odd(actor)

    def pick(self, offered: list[dict[str, Any]]) -> dict[str, Any]:
        weights = [0.2 if a.get("label") in SHY else 4.0 if a.get("label") in EAGER else 1.0 for a in offered]
        return self.rng.choices(offered, weights)[0]

    def tap(self, action: dict[str, Any], how: str) -> Move:
        label = action.get("label")
        if action["type"] == "message":
            return Move("text", {"text": action["text"]}, f"{how} {label!r}", tapped=action)
        params = self.picked_date(action) if action["type"] == "datetimepicker" else None
        note = f"{how} {label!r} {action['data']!r}"
        return Move("postback", {"data": action["data"], "params": params}, note, tapped=action)

    def picked_date(self, action: dict[str, Any]) -> dict[str, str]:
        today = self.world.chat.rt.now().date()
        day = today + timedelta(days=self.rng.choice([0, -1, -90, 3]))
        value = self.rng.choice([day.isoformat()] * 4 + ["2026-13-45", "x"])
        mode = action.get("mode", "date")
        return {mode: value if mode == "date" else f"{value}T10:00" if mode == "datetime" else "10:00"}

    def typed(self, actor: Actor, question: str, diligent: bool) -> Move:
        roll = self.rng.random() * (0.75 if diligent else 1)
        if roll < 0.5:
            pool = answers.fitting(question)
        elif roll < 0.85:
            pool = self.commands(actor)
        elif roll < 0.9 and self.world.tokens:
            pool = tuple(self.world.tokens)
        else:
            pool = answers.EVERYTHING
        said = self.rng.choice(pool)
        return Move("text", {"text": said}, f"types {said[:60]!r}")

    def commands(self, actor: Actor) -> tuple[str, ...]:
        by_kind = {
            "officer": answers.COMMANDS_STAFF,
            "supervisor": answers.COMMANDS_SUPERVISOR + answers.COMMANDS_STAFF,
            "citizen": answers.COMMANDS_CITIZEN,
        }
        return answers.COMMANDS_EVERYONE + by_kind[actor.kind]

    def odd(self, actor: Actor) -> Move:
        roll = self.rng.random()
        others = [a for a in self.world.actors if a is not actor and a.buttons]
        if roll < 0.3 and actor.buttons:
            return self.tap(self.rng.choice(actor.buttons), "taps an old button")
        if roll < 0.45 and others:
            return self.tap(self.rng.choice(self.rng.choice(others).buttons), "taps another person's button")
        if roll < 0.6 and (seen := [b for a in self.world.actors for b in a.buttons]):
            data = self.forged(self.rng.choice(seen)["data"])
            return Move("postback", {"data": data}, f"taps a forged {data[:80]!r}")
        if roll < 0.7:
            data = self.rng.choice(GARBAGE_POSTBACKS)
            return Move("postback", {"data": data}, f"taps garbage {data[:40]!r}")
        if roll < 0.8:
            content = self.rng.choice([JPEG, b"not an image"])
            return Move("image", {"content": content}, "sends a photo")
        if roll < 0.9:
            lat, lng = self.rng.choice([(16.8205, 100.2605), (13.75, 100.5), (91.0, 200.0)])
            return Move("location", {"latitude": lat, "longitude": lng, "title": "บ้าน", "address": ""},
                        f"sends a place {lat},{lng}")
        return Move("sticker", {"package_id": "446", "sticker_id": "1988"}, "sends a sticker")

    def forged(self, data: str) -> str:
        """The same button with its ids swapped for other rows' (any district) or for nonsense."""
        ids = [*self.world.ids, "0", "-1", "9" * 30, "٣"]
        swapped = UUID.sub(lambda _: self.rng.choice(ids), data)
        return NUMBER.sub(lambda _: self.rng.choice(ids), swapped)

    # Playing a move and checking it

    def play(self, actor: Actor, move: Move) -> list[dict[str, Any]]:
        user, world = actor.user, self.world
        turn = Turn(world, actor, self.now)
        if move.kind == "text":
            actor.typed.append(move.fields["text"])
        event = world.chat.platform.emulator.event(user.user_id, move.kind, **move.fields)
        actor.read_from = len(world.chat.messages_to(user.user_id))
        replies = user.deliver(event)
        self.turns += 1
        self.played[move.kind] += 1
        actor.followed = move.kind != "unfollow"
        self.log.append(f"#{self.turns} {actor.name} {move.note}\n    → {all_text(replies)[:240]!r}")
        self.log = self.log[-HISTORY:]
        problems, self.now = turn.check(event, self.failures)
        problems += self.visible(move, replies)
        problems += self.understood(move, replies)
        if problems:
            self.fail(problems)
        actor.remember(replies)
        world.harvest(replies)
        return replies

    def visible(self, move: Move, replies: list[dict[str, Any]]) -> list[str]:
        """A tapped button shows words in the chat, and anything a person sends gets an answer."""
        problems = []
        tapped = move.tapped or {}
        if tapped.get("type") == "postback" and not tapped.get("displayText", "").strip():
            problems.append(f"the button {tapped.get('label')!r} leaves nothing in the user's chat")
        if move.kind not in ("unfollow",) and not replies:
            problems.append("the bot did not answer")
        return problems

    def understood(self, move: Move, replies: list[dict[str, Any]]) -> list[str]:
        """A dialog question's own button, tapped or its label typed, is taken: not refused, not met
        with the same question again, not mistaken for something else."""
        if not move.answering:
            return []
        shown = all_text(replies)
        if self.world.fallback in shown or move.answering in shown:
            return [f"{move.note}: the question's own button was not taken"]
        return []

    def way_out(self, actor: Actor) -> None:
        """ยกเลิก (confirmed when asked) until nothing is left to cancel; then a new command starts afresh."""
        for _ in range(4):
            replies = self.play(actor, Move("text", {"text": "ยกเลิก"}, "checks the way out: ยกเลิก"))
            if all_text(replies) == self.world.idle_cancel:
                break
            confirm = [a for a in actions_in(replies) if a.get("label") == "ใช่"]
            if confirm:
                self.play(actor, self.tap(confirm[0], "confirms"))
        else:
            raise AssertionError(self.report(["ยกเลิก four times did not end every dialog"]))
        start = "เยี่ยมบ้าน" if actor.kind != "citizen" else "วิธีใช้"
        replies = self.play(actor, Move("text", {"text": start}, f"then starts afresh: {start}"))
        left = [a.get("label") for a in actions_in(replies) if a.get("label") in ("ทำต่อ", "ทิ้งร่าง")]
        assert not left, self.report([f"after ยกเลิก a draft is still offered: {left}"])

    def fail(self, problems: list[str]) -> None:
        raise AssertionError(self.report(problems))

    def report(self, problems: list[str]) -> str:
        return "\n".join(
            [f"seed={self.seed} (rerun with CONVERSATION_SEED={self.seed}), turn {self.turns}:", *problems,
             "last turns:", *self.log]
        )


def dialog_question(messages: list[dict[str, Any]], action: dict[str, Any]) -> str:
    """The question a dialog asked with this postback among its quick replies (and a way back, out or
    past it); "" for anything else: a card's button, a date picker, help, a message button."""
    asking = [m for m in messages if m.get("quickReply") and m.get("type") == "text"]
    if not asking or action.get("type") != "postback" or action.get("label") in ASKS_AGAIN_FINE:
        return ""
    quick = [item["action"] for item in asking[-1]["quickReply"]["items"]]
    navigable = any(a.get("label") in NAVIGATION for a in quick)
    return asking[-1]["text"] if navigable and action in quick else ""
