"""The LINE emulator with faults drawn at random, for the alert benchmark.

    python -m bench.faulty_emulator --port P --channel-secret S --access-token T [--p500 0.05] [--p429 0.01]

Each Messaging API send (push, multicast, reply) fails with a 500 with probability p500 and with a
429 (Retry-After: 1) with probability p429; faults added through the control API come first.
"""

from __future__ import annotations

import argparse
import random
import threading

from werkzeug.serving import make_server

from emulator.app import create_emulator, emulator_of
from emulator.config import EmulatorConfig
from emulator.faults import Fault, FaultQueue
from emulator.server import QuietRequestHandler

SENDS = ("/v2/bot/message/push", "/v2/bot/message/multicast", "/v2/bot/message/reply")


class RandomFaults(FaultQueue):
    def __init__(self, p500: float, p429: float, seed: int) -> None:
        super().__init__()
        self._p500, self._p429 = p500, p429
        self._random = random.Random(seed)
        self._draw = threading.Lock()

    def take(self, path: str) -> Fault | None:
        """A fault queued through the control API first (bench.faults schedules them), else a random one."""
        if (queued := super().take(path)) is not None:
            return queued
        if not path.startswith(SENDS):
            return None
        with self._draw:
            roll = self._random.random()
        if roll < self._p500:
            return Fault(kind="500")
        if roll < self._p500 + self._p429:
            return Fault(kind="429", retry_after=1)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--channel-secret", required=True)
    parser.add_argument("--access-token", required=True)
    parser.add_argument("--p500", type=float, default=0.05)
    parser.add_argument("--p429", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2569)
    args = parser.parse_args()
    app = create_emulator(EmulatorConfig(channel_secret=args.channel_secret, access_token=args.access_token))
    emulator_of(app).state.faults = RandomFaults(args.p500, args.p429, args.seed)
    server = make_server("127.0.0.1", args.port, app, threaded=True, request_handler=QuietRequestHandler)
    server.connections = set()  # type: ignore[attr-defined]  # the handler tracks its connections there
    server.serve_forever()


if __name__ == "__main__":
    main()
