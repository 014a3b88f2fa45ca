"""What every Messaging API call goes through: request id, latency, auth, faults, recording."""

from __future__ import annotations

import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request

from emulator import ids
from emulator.facade import Emulator
from emulator.faults import Fault
from emulator.records import RequestRecord
from emulator.validation import find_violations

API_PREFIX = "/v2/"
EXTENSION = "line_emulator"
AUTH_FAILED = "Authentication failed. Confirm that the access token in the authorization header is valid."


class LineError(Exception):
    """An error answer in LINE's shape: {"message", "details"?, …extra}."""

    def __init__(
        self,
        status: int,
        message: str,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"message": message, **({"details": details} if details else {}), **extra}
        self.headers = headers or {}

    def response(self) -> Response:
        response = jsonify(self.body)
        response.status_code = self.status
        response.headers.update(self.headers)
        return response


@dataclass
class Call:
    """Per-request bookkeeping of one Messaging API call, kept in flask.g."""

    seq: int
    request_id: str
    violations: list[str] = field(default_factory=list)
    fault: Fault | None = None


def emulator() -> Emulator:
    return current_app.extensions[EXTENSION]


def call() -> Call:
    return g.line_call


def init_app(app: Flask) -> None:
    app.before_request(_before)
    app.after_request(_after)
    app.register_error_handler(LineError, LineError.response)
    app.register_error_handler(404, lambda error: LineError(404, "Not found").response())
    app.register_error_handler(405, lambda error: LineError(405, "Method not allowed").response())


def json_body() -> Any:
    """The request's JSON body, checked as LINE checks it; a LineError (400/415) otherwise."""
    if not request.is_json:
        raise LineError(415, f"The content type, {request.mimetype}, is not supported")
    try:
        body = json.loads(request.get_data())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = (
            f"line: {error.lineno}, column: {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        )
        raise LineError(400, f"The request body could not be parsed as JSON ({where})") from error
    config = emulator().config
    checked = _as_https(body, config.https_stand_ins) if config.https_stand_ins else body
    violations = find_violations(request.path, request.method, checked, config.spec_path)
    call().violations = [str(violation) for violation in violations]
    if violations:
        details = [violation.detail() for violation in violations]
        raise LineError(400, f"The request body has {len(violations)} error(s)", details)
    return body


def _as_https(value: Any, origins: tuple[str, ...]) -> Any:
    """A copy of a body with URLs under the stand-in origins written as https, for the checks only."""
    if isinstance(value, dict):
        return {key: _as_https(item, origins) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_https(item, origins) for item in value]
    if isinstance(value, str) and any(value.startswith(origin + "/") for origin in origins):
        return "https://" + value.removeprefix("http://")
    return value


def _before() -> None:
    if not request.path.startswith(API_PREFIX):
        return
    state = emulator().state
    g.line_call = Call(state.next_request_seq(), ids.request_id())
    time.sleep(state.latency_ms / 1000)
    expected = f"Bearer {emulator().config.access_token}"
    if not hmac.compare_digest(request.headers.get("Authorization", "").encode(), expected.encode()):
        raise LineError(401, AUTH_FAILED)
    fault = state.faults.take(request.path)
    if fault is not None:
        call().fault = fault
        _fail_fast(fault)


def _fail_fast(fault: Fault) -> None:
    """Answer now for 429, 500 and drop; a timeout fault lets the call succeed, then stalls."""
    if fault.kind == "429":
        raise LineError(
            429,
            "The API rate limit has been exceeded. Try again later.",
            headers={"Retry-After": str(fault.retry_after)},
        )
    if fault.kind == "drop":
        time.sleep(fault.delay)
    if fault.kind in ("500", "drop"):
        raise LineError(500, "Internal server error")


def _after(response: Response) -> Response:
    line_call: Call | None = g.get("line_call")
    if line_call is None:
        return response
    response.headers["X-Line-Request-Id"] = line_call.request_id
    emulator().state.record_request(_record(line_call, response))
    if line_call.fault is not None and line_call.fault.kind == "timeout":
        time.sleep(line_call.fault.delay)
    return response


def _record(line_call: Call, response: Response) -> RequestRecord:
    headers = dict(request.headers)
    if "Authorization" in headers:
        headers["Authorization"] = "Bearer ***"
    return RequestRecord(
        seq=line_call.seq,
        time=emulator().state.now(),
        request_id=line_call.request_id,
        method=request.method,
        path=request.path,
        headers=headers,
        body=_payload(request.get_data(), request.is_json),
        status=response.status_code,
        response=_payload(response.get_data(), response.is_json),
        violations=line_call.violations,
    )


def _payload(data: bytes, is_json: bool) -> Any:
    """JSON as parsed; anything else as its length in bytes."""
    if not data:
        return None
    if is_json:
        try:
            return json.loads(data)
        except ValueError:
            pass
    return {"bytes": len(data)}
