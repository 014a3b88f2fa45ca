"""Checks a Messaging API request body as LINE would, in three layers.

1. openapi-core against messaging-api.yml (top-level limits; it does not follow the `Message`
   or `Action` discriminators);
2. line-bot-sdk's request models, which do follow them (a text message without text, postback
   data over 300 characters);
3. LINE's documented limits that neither checks (text length in UTF-16 units, labels in grapheme
   clusters, Flex sizes, templates, URI schemes, rich menu geometry).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from emulator.config import default_spec_path
from emulator.ids import user_id
from emulator.validation.rules import rule_for
from emulator.validation.sdk import sdk_violations
from emulator.validation.spec import spec_violations
from emulator.validation.violation import Violation

__all__ = ["Violation", "find_violations", "validate_messages", "validate_request"]


def find_violations(path: str, method: str, body: Any, spec_path: Path | None = None) -> list[Violation]:
    """Every reason LINE would answer 400 to this JSON body at method + path."""
    found = spec_violations(path, method, body, spec_path or default_spec_path())
    rule = rule_for(method, path)
    if rule is not None:
        found += [v for v in sdk_violations(rule.model, body) if not _covered(v, found)]
        found += rule.limits(body)
    return found


def _covered(violation: Violation, earlier: list[Violation]) -> bool:
    """True when an earlier violation is about the same property or one inside it."""
    prop = violation.property
    return any(e.property == prop or e.property.startswith((prop + ".", prop + "[")) for e in earlier)


def validate_request(path: str, method: str, body: Any, spec_path: Path | None = None) -> list[str]:
    """The violations as "property: message" strings; empty when LINE would accept the body."""
    return [str(violation) for violation in find_violations(path, method, body, spec_path)]


def validate_messages(messages: list[dict[str, Any]], spec_path: Path | None = None) -> list[str]:
    """Check message objects (a handler's output) as the body of a push to a valid user id."""
    body = {"to": user_id(), "messages": messages}
    return validate_request("/v2/bot/message/push", "post", body, spec_path)
