"""The only module that calls line-bot-sdk's MessagingApi and MessagingApiBlob."""

from __future__ import annotations

import enum
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuRequest,
)
from pydantic.v1 import ValidationError
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError
from urllib3.exceptions import HTTPError as TransportError

from bot.config import Settings
from bot.worker.ratelimit import RateLimiter

log = logging.getLogger(__name__)

LINE_API_HOST = "https://api.line.me"
LINE_DATA_HOST = "https://api-data.line.me"


class Outcome(enum.Enum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    RETRY = "retry"
    REJECTED = "rejected"
    INVALID = "invalid"
    """line-bot-sdk refused to build the request: nothing was sent, and no retry can help."""


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    status: int | None = None
    error: str = ""
    retry_after: float | None = None
    ambiguous: bool = False
    """No answer came after the request may have reached LINE (a read timeout, a dropped connection):
    LINE may have accepted it."""


class LineGateway:
    """One long-lived ApiClient per process (built on first use), explicit timeouts; message
    sends wait for a token of LINE's rate limit shared by all workers (when a limiter is given)."""

    def __init__(self, settings: Settings, limiter: RateLimiter | None = None) -> None:
        self._settings = settings
        self._limiter = limiter
        self._timeout = (settings.line_connect_timeout, settings.line_read_timeout)
        self._lock = threading.Lock()
        self._clients: dict[str, ApiClient] = {}

    def _client(self, host: str) -> ApiClient:
        with self._lock:
            if host not in self._clients:
                configuration = Configuration(host=host, access_token=self._settings.channel_access_token)
                configuration.retries = False
                configuration.connection_pool_maxsize = 16
                self._clients[host] = ApiClient(configuration)
            return self._clients[host]

    def _api(self) -> MessagingApi:
        return MessagingApi(self._client(self._settings.line_api_base_url or LINE_API_HOST))

    def _blob(self) -> MessagingApiBlob:
        return MessagingApiBlob(self._client(self._settings.line_api_base_url or LINE_DATA_HOST))

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> SendResult:
        request = _built(ReplyMessageRequest, {"replyToken": reply_token, "messages": messages})
        if isinstance(request, SendResult):
            return request
        return self._send(
            lambda: self._api().reply_message(request, _request_timeout=self._timeout), limit="reply"
        )

    def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        request = _built(PushMessageRequest, {"to": to, "messages": messages})
        if isinstance(request, SendResult):
            return request
        return self._send(
            lambda: self._api().push_message(
                request, x_line_retry_key=retry_key, _request_timeout=self._timeout
            ),
            limit="push",
        )

    def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        request = _built(MulticastRequest, {"to": to, "messages": messages})
        if isinstance(request, SendResult):
            return request
        return self._send(
            lambda: self._api().multicast(
                request, x_line_retry_key=retry_key, _request_timeout=self._timeout
            ),
            limit="multicast",
        )

    def profile(self, user_id: str) -> dict[str, Any] | None:
        try:
            return self._api().get_profile(user_id, _request_timeout=self._timeout).to_dict()
        except (ApiException, TransportError) as error:
            log.info("profile unavailable: %s", _describe(error))
            return None

    def message_content(self, message_id: str) -> bytes:
        """The bytes of an image the user sent; raises GatewayError when LINE does not give them."""
        try:
            return bytes(self._blob().get_message_content(message_id, _request_timeout=self._timeout))
        except (ApiException, TransportError) as error:
            raise GatewayError(_describe(error)) from error

    def create_rich_menu(self, rich_menu: dict[str, Any]) -> str:
        request = RichMenuRequest.from_dict(rich_menu)
        response = self._call(lambda: self._api().create_rich_menu(request, _request_timeout=self._timeout))
        return response.rich_menu_id

    def upload_rich_menu_image(self, rich_menu_id: str, png: bytes) -> None:
        """The SDK ignores `_content_type` here and would send the bytes as JSON: the header is set itself."""
        self._call(
            lambda: self._blob().set_rich_menu_image(
                rich_menu_id, png, _headers={"Content-Type": "image/png"}, _request_timeout=self._timeout
            )
        )

    def rich_menus(self) -> list[dict[str, Any]]:
        response = self._call(lambda: self._api().get_rich_menu_list(_request_timeout=self._timeout))
        return [menu.to_dict() for menu in response.richmenus]

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        self._call(lambda: self._api().delete_rich_menu(rich_menu_id, _request_timeout=self._timeout))

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        self._call(
            lambda: self._api().link_rich_menu_id_to_user(
                user_id, rich_menu_id, _request_timeout=self._timeout
            )
        )

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        self._call(lambda: self._api().set_default_rich_menu(rich_menu_id, _request_timeout=self._timeout))

    def _call(self, request: Any) -> Any:
        try:
            return request()
        except (ApiException, TransportError) as error:
            raise GatewayError(_describe(error)) from error

    def _send(self, request: Any, limit: str | None = None) -> SendResult:
        if limit and self._limiter and (wait := self._limiter.acquire(limit)):
            return SendResult(Outcome.RETRY, None, f"held back by the {limit} rate limit", wait)
        try:
            request()
        except ApiException as error:
            return _classify(error)
        except TransportError as error:
            return SendResult(Outcome.RETRY, None, _describe(error), ambiguous=not _never_sent(error))
        return SendResult(Outcome.SENT, 200)


class GatewayError(Exception):
    """LINE refused or did not answer a non-message call (content, rich menus)."""


def _built(model: Any, fields: dict[str, Any]) -> Any:
    """The SDK's request model, or an INVALID result naming the first field its validation refused.

    The reason names fields and error kinds only, never the values: outbound_messages.last_error is
    kept in plain text, and a message may carry health facts."""
    try:
        return model.from_dict(fields)
    except ValidationError as error:
        where = ".".join(str(part) for part in error.errors()[0]["loc"])
        return SendResult(Outcome.INVALID, None, f"invalid message: {error.model.__name__}.{where}"[:300])
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        return SendResult(Outcome.INVALID, None, f"invalid message: {type(error).__name__}")


def _classify(error: ApiException) -> SendResult:
    status = error.status or 0
    detail = _describe(error)
    if status == 409:
        return SendResult(Outcome.ALREADY_SENT, status, detail)
    if status == 429 or status >= 500:
        return SendResult(Outcome.RETRY, status, detail, _retry_after(error))
    return SendResult(Outcome.REJECTED, status, detail)


def _retry_after(error: ApiException) -> float | None:
    headers = {k.lower(): v for k, v in dict(error.headers or {}).items()}
    try:
        return float(headers["retry-after"])
    except (KeyError, ValueError):
        return None


def _never_sent(error: TransportError) -> bool:
    """The connection was never made, so LINE cannot have the request."""
    reason = error.reason if isinstance(error, MaxRetryError) else error
    return isinstance(reason, ConnectTimeoutError)  # NewConnectionError is one


def _describe(error: Exception) -> str:
    if isinstance(error, ApiException):
        try:
            message = json.loads(error.body or b"{}").get("message", "")
        except ValueError:
            message = ""
        return f"HTTP {error.status} {message}".strip()[:300]
    return type(error).__name__
