"""The multi-host settings: Sentinel, PgBouncer, the read replica; each mistake named in one line."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, load_settings
from bot.config_hosts import RedisSentinel
from tests.conftest import TEST_DATA_KEY

PRODUCTION = {
    "LOGBOOK_ENV": "production",
    "LINE_CHANNEL_SECRET": "s",
    "LINE_CHANNEL_ACCESS_TOKEN": "t",
    "LOGBOOK_DATA_KEY": TEST_DATA_KEY,
    "DATABASE_URL": "postgresql://logbook@pgbouncer:6432/logbook",
}
SENTINELS = {
    "REDIS_SENTINELS": "10.0.0.5:26379, sentinel-2:26379,[fd00::7]:26379",
    "REDIS_SENTINEL_MASTER": "logbook",
}
SQLITE = {"DATABASE_URL": "sqlite:///x.db"}


def test_sentinels_make_a_deployment_with_redis() -> None:
    settings = load_settings({**PRODUCTION, **SENTINELS, "REDIS_PASSWORD": "pw", "REDIS_SENTINEL_DB": "2"})
    assert settings.redis_sentinel == RedisSentinel(
        (("10.0.0.5", 26379), ("sentinel-2", 26379), ("fd00::7", 26379)), "logbook", "pw", 2
    )
    assert not settings.is_embedded


def test_pooler_and_replica_are_read() -> None:
    settings = load_settings(
        {**PRODUCTION, "DATABASE_POOLER": "PgBouncer", "DATABASE_REPLICA_URL": "postgres://ro@replica/logbook"}
    )
    assert settings.database_pooler == "pgbouncer"
    assert settings.database_replica_url == "postgresql+psycopg://ro@replica/logbook"


def test_without_them_nothing_changes() -> None:
    settings = load_settings(PRODUCTION)
    assert settings.redis_sentinel is None
    assert (settings.database_pooler, settings.database_replica_url) == ("none", None)
    assert settings.is_embedded


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"REDIS_SENTINELS": "10.0.0.5"}, "REDIS_SENTINELS must be host:port"),
        ({**SENTINELS, "REDIS_SENTINELS": "10.0.0.5:99999"}, "REDIS_SENTINELS must be host:port"),
        ({"REDIS_SENTINELS": "10.0.0.5:26379"}, "REDIS_SENTINEL_MASTER must be"),
        ({"REDIS_SENTINEL_MASTER": "logbook"}, "REDIS_SENTINEL_MASTER is set but REDIS_SENTINELS is not"),
        ({**SENTINELS, "REDIS_URL": "redis://redis:6379/0"}, "REDIS_SENTINELS and REDIS_URL"),
        ({**SENTINELS, "REDIS_SENTINEL_DB": "x"}, "REDIS_SENTINEL_DB"),
        ({"DATABASE_POOLER": "pgpool"}, "DATABASE_POOLER must be one of"),
        ({**SQLITE, "DATABASE_POOLER": "pgbouncer"}, "DATABASE_POOLER=pgbouncer needs"),
        ({"DATABASE_REPLICA_URL": "mysql://ro@replica/x"}, "DATABASE_REPLICA_URL must look like"),
        ({**SQLITE, "DATABASE_REPLICA_URL": "postgresql://ro@r/x"}, "needs a PostgreSQL"),
    ],
)
def test_a_mistake_is_named_in_one_line(changes: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named) as raised:
        load_settings({**PRODUCTION, **changes})
    assert "\n" not in str(raised.value)
