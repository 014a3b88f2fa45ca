"""Serving a WSGI app from a background thread (tests, the demo)."""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class TrackedRequestHandler(WSGIRequestHandler):
    """Registers its connection with the server while it lasts, so stopping the server can close it:
    an open event stream would otherwise outlive the server, and a page would never notice it stopped."""

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.server.connections.discard(self.connection)  # type: ignore[attr-defined]
        super().finish()


class QuietRequestHandler(TrackedRequestHandler):
    """A request handler that does not log every request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class RunningServer:
    """A threaded werkzeug server running in a daemon thread; stop() shuts it down."""

    def __init__(self, server: BaseWSGIServer) -> None:
        self._server = server
        server.connections = set()  # type: ignore[attr-defined]
        serve = functools.partial(server.serve_forever, poll_interval=0.05)  # stop() waits at most one poll
        self._thread = threading.Thread(target=serve, name="emulator-server", daemon=True)
        self._thread.start()

    @property
    def app(self) -> Any:
        """The WSGI app served (to serve it again after stop(), as a restarted process would)."""
        return self._server.app

    @property
    def url(self) -> str:
        return f"http://{self._server.host}:{self._server.server_port}"

    def stop(self) -> None:
        """Stops accepting, closes the connections still open (event streams), closes the socket."""
        self._server.shutdown()
        for connection in list(self._server.connections):  # type: ignore[attr-defined]
            with contextlib.suppress(OSError):  # already closed by the other side
                connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def run_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0, quiet: bool = True) -> RunningServer:
    """Serve app on host:port (0 picks a free port) with one thread per request.

    werkzeug's server sets SO_REUSEADDR, so a port whose last connections wait in TIME_WAIT is bound
    again at once (a restarted demo keeps its address)."""
    handler = QuietRequestHandler if quiet else TrackedRequestHandler
    return RunningServer(make_server(host, port, app, threaded=True, request_handler=handler))
