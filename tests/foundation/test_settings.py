"""Settings: read once inside create_app(), errors that name the variable and its expected shape."""

from __future__ import annotations

import base64

import pytest
from redis import Redis

from bot.config import SettingsError, load_settings
from bot.web.app import create_app
from tests.conftest import TEST_DATA_KEY

PRODUCTION = {
    "LOGBOOK_ENV": "production",
    "LINE_CHANNEL_SECRET": "s",
    "LINE_CHANNEL_ACCESS_TOKEN": "t",
    "LOGBOOK_DATA_KEY": TEST_DATA_KEY,
}


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"LOGBOOK_ENV": "staging"}, "LOGBOOK_ENV"),
        ({"LOGBOOK_DATA_KEY": ""}, "LOGBOOK_DATA_KEY"),
        ({"LOGBOOK_DATA_KEY": base64.b64encode(b"short").decode()}, "LOGBOOK_DATA_KEY"),
        ({"LOGBOOK_DATA_KEY": "not base64!"}, "LOGBOOK_DATA_KEY"),
        ({"LINE_CHANNEL_SECRET": ""}, "LINE_CHANNEL_SECRET"),
        ({"LINE_CHANNEL_ACCESS_TOKEN": " "}, "LINE_CHANNEL_ACCESS_TOKEN"),
        ({"DATABASE_URL": "mysql://root@db/logbook"}, "DATABASE_URL"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"),
        ({"LINE_API_BASE_URL": "emulator:8090"}, "LINE_API_BASE_URL"),
        ({"LINE_READ_TIMEOUT": "forever"}, "LINE_READ_TIMEOUT"),
        ({"LOGBOOK_REDIS_NAMESPACE": "Has Spaces"}, "LOGBOOK_REDIS_NAMESPACE"),
    ],
)
def test_a_bad_variable_is_named(changes, named):
    with pytest.raises(SettingsError, match=named):
        load_settings({**PRODUCTION, **changes})


def test_errors_come_from_create_app_not_from_importing():
    import wsgi  # noqa: F401  (importing the modules builds nothing that could fail)

    with pytest.raises(SettingsError, match="LOGBOOK_DATA_KEY"):
        create_app(
            {"LOGBOOK_ENV": "production"} | {k: v for k, v in PRODUCTION.items() if k != "LOGBOOK_DATA_KEY"}
        )


def test_development_has_working_defaults_and_test_needs_a_key():
    settings = load_settings({})
    assert settings.env == "development" and settings.is_embedded and settings.uses_sqlite
    assert len(settings.data_key) == 32
    with pytest.raises(SettingsError, match="LOGBOOK_DATA_KEY"):
        load_settings({"LOGBOOK_ENV": "test", "LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"})


def test_postgres_urls_are_normalised_to_psycopg():
    settings = load_settings({**PRODUCTION, "DATABASE_URL": "postgres://u@h:5432/db"})
    assert settings.database_url == "postgresql+psycopg://u@h:5432/db"


def test_health_and_readiness(app, rt):
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "alive"}
    assert client.get("/readyz").status_code == 200
    rt.redis = Redis(port=1, socket_connect_timeout=0.2)
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.get_json()["down"] == ["redis"]
