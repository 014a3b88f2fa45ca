"""Serving a WSGI app from a background thread (tests, the demo)."""

from __future__ import annotations

import functools
import threading
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class QuietRequestHandler(WSGIRequestHandler):
    """A request handler that does not log every request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class RunningServer:
    """A threaded werkzeug server running in a daemon thread; stop() shuts it down."""

    def __init__(self, server: BaseWSGIServer) -> None:
        self._server = server
        serve = functools.partial(server.serve_forever, poll_interval=0.05)  # stop() waits at most one poll
        self._thread = threading.Thread(target=serve, name="emulator-server", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self._server.host}:{self._server.server_port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def run_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0, quiet: bool = True) -> RunningServer:
    """Serve app on host:port (0 picks a free port) with one thread per request."""
    handler = QuietRequestHandler if quiet else None
    return RunningServer(make_server(host, port, app, threaded=True, request_handler=handler))
