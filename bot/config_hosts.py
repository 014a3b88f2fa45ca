"""Settings for running on many hosts: Redis through Sentinel, PostgreSQL through PgBouncer, a read replica.

Read by `bot.config.load_settings`, which turns each ValueError here into its one-line SettingsError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

POOLERS = ("none", "pgbouncer")
HOST_PORT = re.compile(r"\[?([A-Za-z0-9._:-]+?)\]?:([0-9]{1,5})")


@dataclass(frozen=True)
class RedisSentinel:
    """Where Sentinel finds the Redis master of this deployment."""

    sentinels: tuple[tuple[str, int], ...]
    master: str
    password: str | None = None
    db: int = 0


def redis_sentinel(env_vars: Mapping[str, str], redis_url: str | None) -> RedisSentinel | None:
    """REDIS_SENTINELS=host:port,host:port with REDIS_SENTINEL_MASTER=name; None when not set."""
    listed = env_vars.get("REDIS_SENTINELS", "").strip()
    master = env_vars.get("REDIS_SENTINEL_MASTER", "").strip()
    if not listed:
        if master:
            raise ValueError("REDIS_SENTINEL_MASTER is set but REDIS_SENTINELS is not: set both or neither")
        return None
    if redis_url:
        raise ValueError("REDIS_SENTINELS and REDIS_URL are both set; keep one (Sentinel finds the master)")
    sentinels = tuple(_host_port(part.strip()) for part in listed.split(","))
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", master):
        raise ValueError(
            f"REDIS_SENTINEL_MASTER must be the master's name in the sentinels' configuration; got {master!r}"
        )
    return RedisSentinel(
        sentinels=sentinels,
        master=master,
        password=env_vars.get("REDIS_PASSWORD", "").strip() or None,
        db=_db(env_vars.get("REDIS_SENTINEL_DB", "").strip()),
    )


def _host_port(value: str) -> tuple[str, int]:
    found = HOST_PORT.fullmatch(value)
    if not found or not 0 < int(found.group(2)) < 65536:
        raise ValueError(
            "REDIS_SENTINELS must be host:port pairs separated by commas, e.g. "
            f"10.0.0.5:26379,10.0.0.6:26379; got {value!r}"
        )
    return found.group(1), int(found.group(2))


def _db(value: str) -> int:
    if not value:
        return 0
    if not value.isdigit() or int(value) > 15:
        raise ValueError(f"REDIS_SENTINEL_DB must be a Redis database number from 0 to 15; got {value!r}")
    return int(value)


def database_pooler(env_vars: Mapping[str, str], database_url: str) -> str:
    """DATABASE_POOLER: `pgbouncer` when DATABASE_URL points at PgBouncer in transaction mode, else `none`."""
    value = env_vars.get("DATABASE_POOLER", "").strip().lower() or "none"
    if value not in POOLERS:
        raise ValueError(f"DATABASE_POOLER must be one of {', '.join(POOLERS)}; got {value!r}")
    if value != "none" and not database_url.startswith("postgresql"):
        raise ValueError("DATABASE_POOLER=pgbouncer needs a PostgreSQL DATABASE_URL (PgBouncer's address)")
    return value


def with_driver(value: str) -> str:
    """postgres:// and postgresql:// URLs spelled with the psycopg driver SQLAlchemy is to use."""
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value.removeprefix(prefix)
    return value


def replica_url(env_vars: Mapping[str, str], database_url: str) -> str | None:
    """DATABASE_REPLICA_URL: a read-only PostgreSQL copy for digests and exports; None when not set."""
    value = with_driver(env_vars.get("DATABASE_REPLICA_URL", "").strip())
    if not value:
        return None
    if not value.startswith("postgresql+psycopg://"):
        raise ValueError(
            "DATABASE_REPLICA_URL must look like postgresql+psycopg://user@replica:5432/dbname; "
            f"got {value.split('://')[0]}://…"
        )
    if not database_url.startswith("postgresql"):
        raise ValueError("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL (the primary)")
    return value
