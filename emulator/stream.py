"""Server-sent events for the chat page: users, conversation entries and recorded calls as they happen.

Each event's id is a cursor `epoch:entrySeq:requestCount`; a browser that reconnects sends it back as
Last-Event-ID and continues where it stopped. After a reset (a new epoch) the stream says `reset` and
starts again from the beginning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from emulator.records import camel_dict
from emulator.state import EmulatorState

KEEPALIVE_SECONDS = 15.0
UserView = Callable[[EmulatorState], list[dict[str, Any]]]


@dataclass(frozen=True)
class Cursor:
    epoch: int
    entry_seq: int = 0
    requests: int = 0

    @classmethod
    def parse(cls, text: str | None, epoch: int) -> Cursor:
        """The cursor in `text`, or the start of the current epoch when it is missing, malformed or stale."""
        try:
            parts = [int(part) for part in (text or "").split(":")]
        except ValueError:
            parts = []
        if len(parts) != 3 or parts[0] != epoch:
            return cls(epoch)
        return cls(*parts)

    def __str__(self) -> str:
        return f"{self.epoch}:{self.entry_seq}:{self.requests}"


def sse(kind: str, data: Any, cursor: Cursor | None = None) -> str:
    """One server-sent event, its JSON data on a single line."""
    lines = [f"id: {cursor}"] if cursor else []
    lines += [f"event: {kind}", "data: " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))]
    return "\n".join(lines) + "\n\n"


def events(state: EmulatorState, cursor: Cursor, users: UserView,
           keepalive: float = KEEPALIVE_SECONDS) -> Iterator[str]:
    """Everything after `cursor`, then each change as it happens; a comment line when nothing does."""
    version, shown_users = state.changes.version, None
    while True:
        if cursor.epoch != state.changes.epoch:
            cursor, shown_users = Cursor(state.changes.epoch), None
            yield sse("reset", {}, cursor)
        current_users = users(state)
        if current_users != shown_users:
            shown_users = current_users
            yield sse("users", {"users": current_users}, cursor)
        chunks, cursor = _news(state, cursor)
        yield from chunks
        latest = state.changes.wait(version, keepalive)
        if latest == version:
            yield ": keepalive\n\n"
        version = latest


def _news(state: EmulatorState, cursor: Cursor) -> tuple[list[str], Cursor]:
    """The entries and recorded calls after the cursor, each event carrying the cursor just past it."""
    chunks = []
    for entry in state.entries(cursor.entry_seq):
        cursor = replace(cursor, entry_seq=entry.seq)
        chunks.append(sse("entry", camel_dict(entry), cursor))
    for record in state.recorded(cursor.requests):
        cursor = replace(cursor, requests=cursor.requests + 1)
        chunks.append(sse("request", camel_dict(record), cursor))
    return chunks, cursor
