"""A change counter that lets a reader sleep until the emulator's state changes (the chat page's stream)."""

from __future__ import annotations

import secrets
import threading


class Changes:
    """`version` grows on every change; `epoch` changes on every reset, when earlier positions lose meaning.

    The first epoch is random, so a browser still holding a position from an emulator that has since
    restarted starts over instead of skipping what the new one has.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.version = 0
        self.epoch = secrets.randbelow(2**31)

    def bump(self) -> None:
        with self._condition:
            self.version += 1
            self._condition.notify_all()

    def new_epoch(self) -> None:
        with self._condition:
            self.epoch += 1
        self.bump()

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the version differs from `seen` or `timeout` seconds pass; the current version."""
        with self._condition:
            self._condition.wait_for(lambda: self.version != seen, timeout)
            return self.version
