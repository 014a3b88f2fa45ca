"""Settings of one emulated LINE channel."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emulator import ids
from emulator.presets import DEFAULT_LOCATIONS

SPEC_FILE = "messaging-api.yml"
VENDORED_SPEC_DIR = Path(__file__).resolve().parent / "spec"


def default_spec_path() -> Path:
    """messaging-api.yml from `LINE_OPENAPI_DIR`, else the copy vendored in emulator/spec/."""
    spec_dir = os.environ.get("LINE_OPENAPI_DIR")
    return (Path(spec_dir) if spec_dir else VENDORED_SPEC_DIR) / SPEC_FILE


@dataclass(frozen=True)
class HostJob:
    """Work of the bot beside this emulator that the chat page may start (the demo's scheduled reports)."""

    name: str
    label: str
    run: Callable[[], object]


@dataclass
class EmulatorConfig:
    channel_secret: str
    access_token: str
    webhook_url: str | None = None
    spec_path: Path = field(default_factory=default_spec_path)
    reply_token_ttl: float = 60.0
    bot_user_id: str = field(default_factory=ids.user_id)
    webhook_timeout: float = 10.0
    preset_locations: tuple[dict[str, Any], ...] = DEFAULT_LOCATIONS  # offered by the chat page
    users_file: Path | None = None  # LINE users kept across restarts (JSON); None: in memory only
    host_jobs: tuple[HostJob, ...] = ()  # offered by the chat page's งานตามเวลา control
    # http origins checked as if they were https (LINE fetches media only over HTTPS): the demo's bot on
    # 127.0.0.1 serves its chart images over plain http. Empty: every media URL must be https.
    https_stand_ins: tuple[str, ...] = ()
    # LINE Login stand-in: the login channel that owns the LIFF apps, and each LIFF app's endpoint URL.
    login_channel_id: str = "1657000016"
    login_channel_secret: str = "emulator-login-channel-secret"
    liff_apps: dict[str, str] = field(default_factory=dict)  # LIFF id ("<channel id>-<suffix>") → endpoint

    @classmethod
    def from_env(cls, **overrides: object) -> EmulatorConfig:
        """Read LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN and EMULATOR_WEBHOOK_URL; overrides win."""
        settings: dict[str, object] = {
            "channel_secret": os.environ.get("LINE_CHANNEL_SECRET", "emulator-channel-secret"),
            "access_token": os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "emulator-access-token"),
            "webhook_url": os.environ.get("EMULATOR_WEBHOOK_URL") or None,
        }
        settings.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**settings)  # type: ignore[arg-type]
