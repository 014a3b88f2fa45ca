"""Plain HTTP for the dashboard tests: forms and JSON to the emulator and the bot over 127.0.0.1."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post_form(url: str, fields: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
    """POSTs a form; (status, JSON body or {}, headers), redirects not followed."""
    data = urllib.parse.urlencode(fields).encode()
    return _open(urllib.request.Request(url, data=data, method="POST"))


def post_json(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    return _open(request)


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with OPENER.open(url, timeout=5) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def _open(request: urllib.request.Request) -> tuple[int, dict[str, Any], dict[str, str]]:
    try:
        with OPENER.open(request, timeout=5) as answer:
            return answer.status, _json(answer.read()), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read()), dict(error.headers)


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
