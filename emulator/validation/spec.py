"""Layer 1: the request body against LINE's OpenAPI document (messaging-api.yml)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.validation.request.validators import V30RequestBodyValidator

from emulator.validation.violation import Violation, join_path, path_of

HOST_URL = "https://api.line.me"


@dataclass
class _SpecRequest:
    """The request shape openapi-core validates."""

    path: str
    method: str
    body: bytes
    host_url: str = HOST_URL
    content_type: str = "application/json"
    parameters: RequestParameters = field(default_factory=RequestParameters)


@functools.lru_cache(maxsize=4)
def body_validator(spec_path: Path) -> V30RequestBodyValidator:
    """Load the spec once per process (about 0.1 s)."""
    return V30RequestBodyValidator(SchemaPath.from_file_path(str(spec_path)))


def spec_violations(path: str, method: str, body: Any, spec_path: Path) -> list[Violation]:
    """Schema errors of the body; paths the spec does not describe yield none."""
    request = _SpecRequest(path, method.lower(), json.dumps(body).encode("utf-8"))
    found: list[Violation] = []
    for error in body_validator(spec_path).iter_errors(request):
        if isinstance(error, PathError):
            return []
        schema_errors = getattr(error.__cause__, "schema_errors", None)
        found += [_violation(e) for e in schema_errors] if schema_errors else [Violation("", str(error))]
    return found


def _violation(error: Any) -> Violation:
    prop = path_of(error.absolute_path)
    schema = error.schema
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'(.*)' is a required property", error.message)
        return Violation(join_path(prop, missing.group(1) if missing else "?"), "Must be specified")
    if kind in ("maxItems", "minItems"):
        return Violation(prop, _between("Size", schema.get("minItems", 0), schema.get("maxItems")))
    if kind in ("maxLength", "minLength"):
        return Violation(prop, _between("Length", schema.get("minLength", 0), schema.get("maxLength")))
    if kind in ("maximum", "minimum"):
        return Violation(prop, _between("Value", schema.get("minimum"), schema.get("maximum")))
    return Violation(prop, error.message[:200])


def _between(noun: str, low: int | None, high: int | None) -> str:
    if high is None:
        return f"{noun} must be at least {low}"
    if low is None:
        return f"{noun} must be at most {high}"
    return f"{noun} must be between {low} and {high}"
