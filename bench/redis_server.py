"""A redis-server of its own on a free port, to stop, restart, hang and wake (drills, bench.faults)."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from redis import Redis
from redis.exceptions import RedisError

from bench.common import free_port


class OwnRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = Redis(port=self.port, socket_timeout=0.5)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Gone: every connection refused (a crash, a restart)."""
        if self.process is not None:
            self.wake()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def hang(self) -> None:
        """Hung: connections accepted by the kernel, nothing answered (SIGSTOP)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def wake(self) -> None:
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGCONT)
