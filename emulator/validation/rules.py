"""Which SDK model and which LINE limits apply to the JSON body of each endpoint."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linebot.v3.messaging import (
    CreateRichMenuAliasRequest,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuBulkLinkRequest,
    RichMenuBulkUnlinkRequest,
    RichMenuRequest,
    SetWebhookEndpointRequest,
    ShowLoadingAnimationRequest,
    UpdateRichMenuAliasRequest,
    ValidateMessageRequest,
)

from emulator.validation.messages import message_limits
from emulator.validation.richmenu import rich_menu_limits
from emulator.validation.violation import Violation

Limits = Callable[[Any], list[Violation]]


def no_limits(body: Any) -> list[Violation]:
    return []


def loading_limits(body: Any) -> list[Violation]:
    seconds = body.get("loadingSeconds") if isinstance(body, dict) else None
    if isinstance(seconds, int) and seconds % 5:
        return [Violation("loadingSeconds", "Must be a multiple of 5")]
    return []


@dataclass(frozen=True)
class BodyRule:
    method: str
    pattern: str
    model: type
    limits: Limits = no_limits

    def matches(self, method: str, path: str) -> bool:
        return method.lower() == self.method and re.fullmatch(self.pattern, path) is not None


RULES: tuple[BodyRule, ...] = (
    BodyRule("post", "/v2/bot/message/reply", ReplyMessageRequest, message_limits),
    BodyRule("post", "/v2/bot/message/push", PushMessageRequest, message_limits),
    BodyRule("post", "/v2/bot/message/multicast", MulticastRequest, message_limits),
    BodyRule("post", "/v2/bot/message/validate/[a-z]+", ValidateMessageRequest, message_limits),
    BodyRule("post", "/v2/bot/chat/loading/start", ShowLoadingAnimationRequest, loading_limits),
    BodyRule("post", "/v2/bot/richmenu(/validate)?", RichMenuRequest, rich_menu_limits),
    BodyRule("post", "/v2/bot/richmenu/bulk/link", RichMenuBulkLinkRequest),
    BodyRule("post", "/v2/bot/richmenu/bulk/unlink", RichMenuBulkUnlinkRequest),
    BodyRule("post", "/v2/bot/richmenu/alias", CreateRichMenuAliasRequest),
    BodyRule("post", "/v2/bot/richmenu/alias/(?!list$)[^/]+", UpdateRichMenuAliasRequest),
    BodyRule("put", "/v2/bot/channel/webhook/endpoint", SetWebhookEndpointRequest),
)


def rule_for(method: str, path: str) -> BodyRule | None:
    return next((rule for rule in RULES if rule.matches(method, path)), None)
