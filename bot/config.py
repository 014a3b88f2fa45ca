"""Settings read once from the environment and validated inside create_app()."""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.config_hosts import RedisSentinel, database_pooler, redis_sentinel, replica_url, with_driver

ENVIRONMENTS = ("development", "test", "production")
INSTANCE_DIR = Path(__file__).resolve().parents[1] / "instance"
DEVELOPMENT_DATA_KEY = base64.b64encode(b"development-only-key-32-bytes!!!").decode()
DEVELOPMENT_CHANNEL_SECRET = "development-channel-secret"
DEVELOPMENT_ACCESS_TOKEN = "development-access-token"
OUTSIDE_DEVELOPMENT = "needed unless LOGBOOK_ENV=development on SQLite; LOGBOOK_ENV defaults to production"


class SettingsError(ValueError):
    """A configuration variable is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    env: str
    channel_secret: str
    channel_access_token: str
    line_api_base_url: str | None
    database_url: str
    redis_url: str | None
    data_key: bytes
    old_data_key: bytes | None
    public_base_url: str
    photo_dir: Path
    redis_namespace: str = "logbook"
    line_connect_timeout: float = 2.0
    line_read_timeout: float = 5.0
    redis_sentinel: RedisSentinel | None = None
    database_pooler: str = "none"
    database_replica_url: str | None = None
    liff_id: str | None = None  # LINE_LIFF_ID: the dashboard's LIFF app ("<login channel id>-<suffix>")

    @property
    def dashboard_url(self) -> str:
        """The LIFF URL that opens the area dashboard inside LINE; empty without a LIFF app."""
        return f"https://liff.line.me/{self.liff_id}" if self.liff_id else ""

    @property
    def is_embedded(self) -> bool:
        """True when no Redis is configured: in-process stand-in, jobs run in this process."""
        return self.redis_url is None and self.redis_sentinel is None

    @property
    def events_queue(self) -> str:
        """The RQ queue of this deployment's jobs."""
        return f"{self.redis_namespace}-events"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Builds Settings from environment variables, raising SettingsError naming the bad one."""
    env_vars = os.environ if environ is None else environ
    env = env_vars.get("LOGBOOK_ENV", "").strip() or "production"
    if env not in ENVIRONMENTS:
        raise SettingsError(f"LOGBOOK_ENV must be one of {', '.join(ENVIRONMENTS)}; got {env!r}")
    database_url = _database_url(env_vars)
    redis_url = _redis_url(env_vars)
    lenient = env == "development" and database_url.startswith("sqlite")
    try:
        sentinel = redis_sentinel(env_vars, redis_url)
        pooler = database_pooler(env_vars, database_url)
        replica = replica_url(env_vars, database_url)
    except ValueError as error:
        raise SettingsError(str(error)) from None
    return Settings(
        env=env,
        channel_secret=_required(
            env_vars,
            "LINE_CHANNEL_SECRET",
            DEVELOPMENT_CHANNEL_SECRET,
            lenient,
            "the channel secret from the LINE Developers console",
        ),
        channel_access_token=_required(
            env_vars,
            "LINE_CHANNEL_ACCESS_TOKEN",
            DEVELOPMENT_ACCESS_TOKEN,
            lenient,
            "a long-lived channel access token",
        ),
        line_api_base_url=_optional_url(env_vars, "LINE_API_BASE_URL"),
        database_url=database_url,
        redis_url=redis_url,
        data_key=_data_key(env_vars, lenient),
        old_data_key=_decode_key(env_vars, "LOGBOOK_OLD_DATA_KEY"),
        public_base_url=_optional_url(env_vars, "LOGBOOK_PUBLIC_URL") or "http://127.0.0.1:8000",
        photo_dir=Path(env_vars.get("LOGBOOK_PHOTO_DIR") or INSTANCE_DIR / "photos"),
        redis_namespace=_namespace(env_vars),
        line_connect_timeout=_seconds(env_vars, "LINE_CONNECT_TIMEOUT", 2.0),
        line_read_timeout=_seconds(env_vars, "LINE_READ_TIMEOUT", 5.0),
        redis_sentinel=sentinel,
        database_pooler=pooler,
        database_replica_url=replica,
        liff_id=_liff_id(env_vars),
    )


def _required(env_vars: Mapping[str, str], name: str, fallback: str, lenient: bool, what: str) -> str:
    """The variable's value; its development value only in development on SQLite, refused elsewhere."""
    value = env_vars.get(name, "").strip() or (fallback if lenient else "")
    if not value:
        raise SettingsError(f"{name} is not set: it must be {what} ({OUTSIDE_DEVELOPMENT})")
    if value == fallback and not lenient:
        raise SettingsError(f"{name} holds the development value: it must be {what} ({OUTSIDE_DEVELOPMENT})")
    return value


def _optional_url(env_vars: Mapping[str, str], name: str) -> str | None:
    value = env_vars.get(name, "").strip().rstrip("/")
    if not value:
        return None
    if urlparse(value).scheme not in ("http", "https") or not urlparse(value).netloc:
        raise SettingsError(f"{name} must be an http(s) URL such as http://127.0.0.1:8090; got {value!r}")
    return value


def _liff_id(env_vars: Mapping[str, str]) -> str | None:
    value = env_vars.get("LINE_LIFF_ID", "").strip()
    if value and not re.fullmatch(r"\d{10}-\w{8}", value):
        raise SettingsError(f"LINE_LIFF_ID must look like 1657000016-AbCd1234 (the LIFF tab); got {value!r}")
    return value or None


def _database_url(env_vars: Mapping[str, str]) -> str:
    value = env_vars.get("DATABASE_URL", "").strip()
    if not value:
        return f"sqlite:///{INSTANCE_DIR / 'logbook.sqlite3'}"
    value = with_driver(value)
    if not value.startswith(("sqlite:///", "postgresql+psycopg://")):
        raise SettingsError(
            "DATABASE_URL must look like postgresql+psycopg://user@host:5432/dbname "
            f"or sqlite:///path/to/file.sqlite3; got {value.split('://')[0]}://…"
        )
    return value


def _redis_url(env_vars: Mapping[str, str]) -> str | None:
    value = env_vars.get("REDIS_URL", "").strip()
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(f"REDIS_URL must look like redis://127.0.0.1:6379/0; got {value!r}")
    return value or None


def _namespace(env_vars: Mapping[str, str]) -> str:
    value = env_vars.get("LOGBOOK_REDIS_NAMESPACE", "").strip() or "logbook"
    if not re.fullmatch(r"[a-z0-9_-]{1,32}", value):
        raise SettingsError(f"LOGBOOK_REDIS_NAMESPACE must be 1-32 of a-z, 0-9, _ or -; got {value!r}")
    return value


def _data_key(env_vars: Mapping[str, str], lenient: bool) -> bytes:
    """Encrypts national IDs and payloads; the blind-index and log-pseudonym keys derive from it."""
    development = base64.b64decode(DEVELOPMENT_DATA_KEY)
    key = _decode_key(env_vars, "LOGBOOK_DATA_KEY") or (development if lenient else None)
    if key is None or (key == development and not lenient):
        state = "is not set" if key is None else "holds the development key"
        raise SettingsError(
            f"LOGBOOK_DATA_KEY {state}: it must be 32 random bytes, base64-encoded, from "
            'python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())" '
            f"({OUTSIDE_DEVELOPMENT})"
        )
    return key


def _decode_key(env_vars: Mapping[str, str], name: str) -> bytes | None:
    value = env_vars.get(name, "").strip()
    if not value:
        return None
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise SettingsError(f"{name} must be 32 random bytes, base64-encoded (44 characters ending in '=')")
    return key


def _seconds(env_vars: Mapping[str, str], name: str, default: float) -> float:
    value = env_vars.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 60:
        raise SettingsError(f"{name} must be a number of seconds between 0 and 60; got {value!r}")
    return seconds
