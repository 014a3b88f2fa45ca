"""Layer 2: the body parsed with line-bot-sdk's request models, which follow every discriminator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linebot.v3.messaging import Message
from pydantic.v1 import ValidationError

from emulator.validation.violation import Violation, join_path, path_of

if TYPE_CHECKING:
    from pydantic.v1.error_wrappers import ErrorDict


def sdk_violations(model: type, body: Any) -> list[Violation]:
    """Parse each message on its own (so errors point at messages[i]), then the whole body."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if isinstance(messages, list):
        found = [v for i, message in enumerate(messages) for v in _parse(Message, message, f"messages[{i}]")]
        if found:
            return found
    return _parse(model, body, "")


def _parse(model: Any, data: Any, prefix: str) -> list[Violation]:
    try:
        model.from_dict(data)
    except ValidationError as error:
        return [_pydantic_violation(model, error.model, e, prefix) for e in error.errors()]
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        reason = str(error).split(". Discriminator")[0][:200]
        return [Violation(prefix, f"Not a valid {model.__name__}: {reason}")]
    return []


def _pydantic_violation(parsed: type, failed: type, error: ErrorDict, prefix: str) -> Violation:
    """Errors of the parsed model itself point at the property; nested models name themselves."""
    # from_dict passes missing keys on as None.
    message = "Must be specified" if error["type"] == "type_error.none.not_allowed" else error["msg"]
    if issubclass(failed, parsed):
        return Violation(join_path(prefix, *error["loc"]), message)
    return Violation(prefix, f"{failed.__name__}.{path_of(error['loc'])}: {message}")
