"""LINE users kept in a small JSON file, so a restarted emulator still has the friends added before."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from emulator.records import User

log = logging.getLogger(__name__)

FIELDS = ("user_id", "display_name", "picture_url", "language")


def load(path: Path) -> list[dict[str, Any]]:
    """The saved users' profiles; nothing when the file is missing or unreadable (then it is rewritten)."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        users = [{key: item[key] for key in FIELDS if key in item} for item in saved["users"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("%s is not a saved user list: starting without saved users", path.name)
        return []
    return [user for user in users if user.get("user_id") and user.get("display_name")]


def save(path: Path, users: list[User]) -> None:
    """Writes every user's profile (a temporary file moved into place: never a half-written list)."""
    body = {"users": [{key: getattr(user, key) for key in FIELDS} for user in users]}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)
