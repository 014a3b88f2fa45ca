"""A small stdlib client for the /_emulator/ control API, for scripts in other processes."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class EmulatorClientError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class EmulatorClient:
    def __init__(self, base_url: str, timeout: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def reset(self) -> None:
        self._call("POST", "/reset", {})

    def add_user(self, display_name: str, user_id: str | None = None, **profile: Any) -> dict[str, Any]:
        """Create a user; profile may hold pictureUrl and language."""
        body = {"displayName": display_name, **({"userId": user_id} if user_id else {}), **profile}
        return self._call("POST", "/users", body)

    def users(self) -> list[dict[str, Any]]:
        return self._call("GET", "/users")["users"]

    def user(self, user_id: str) -> dict[str, Any]:
        return self._call("GET", f"/users/{user_id}")

    def messages(self, user_id: str, since: int = 0) -> list[dict[str, Any]]:
        """The user's conversation: events they caused and messages the bot sent, in order."""
        return self._call("GET", f"/users/{user_id}/messages", query={"since": since})["messages"]

    def send_event(
        self, user_id: str, kind: str, content: bytes | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Have the user cause an event (kind "text", "postback", "image", …) and post it to the bot."""
        body = {"type": kind, **fields}
        if content is not None:
            body["contentBase64"] = base64.b64encode(content).decode("ascii")
        return self._call("POST", f"/users/{user_id}/events", body)

    def reply_tokens(self, user_id: str, count: int) -> list[str]:
        """Fresh reply tokens bound to the user's chat, for events built outside the emulator."""
        return self._call("POST", f"/users/{user_id}/reply-tokens", {"count": count})["replyTokens"]

    def rich_menu(self, user_id: str) -> dict[str, Any]:
        return self._call("GET", f"/users/{user_id}/richmenu")

    def requests(self, since: int = 0, path: str | None = None) -> list[dict[str, Any]]:
        query = {"since": since, **({"path": path} if path else {})}
        return self._call("GET", "/requests", query=query)["requests"]

    def add_fault(
        self, kind: str, count: int = 1, path: str | None = None, **options: Any
    ) -> list[dict[str, Any]]:
        """Fail the next calls: kind "429", "500", "timeout" or "drop"; options delay, retryAfter."""
        body = {"kind": kind, "count": count, **({"path": path} if path else {}), **options}
        return self._call("POST", "/faults", body)["faults"]

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def set_latency(self, ms: int) -> None:
        self._call("POST", "/latency", {"ms": ms})

    def webhook_url(self) -> str | None:
        return self._call("GET", "/webhook")["url"]

    def set_webhook(self, url: str | None) -> None:
        self._call("PUT", "/webhook", {"url": url})

    def verify(self) -> dict[str, Any]:
        return self._call("POST", "/verify", {})

    def _call(self, method: str, path: str, body: Any = None, query: dict[str, Any] | None = None) -> Any:
        url = f"{self.base_url}/_emulator{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise EmulatorClientError(error.code, error.read().decode("utf-8", errors="replace")) from error
