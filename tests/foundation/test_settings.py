"""Settings: read once inside create_app(), errors that name the variable and its expected shape."""

from __future__ import annotations

import base64
import subprocess
import sys

import pytest
from redis import Redis

from bot.config import (
    DEVELOPMENT_ACCESS_TOKEN,
    DEVELOPMENT_CHANNEL_SECRET,
    DEVELOPMENT_DATA_KEY,
    SettingsError,
    load_settings,
)
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
    import bot.cli  # noqa: F401  (importing the modules builds nothing that could fail; only wsgi builds the app)

    with pytest.raises(SettingsError, match="LOGBOOK_DATA_KEY"):
        create_app(
            {"LOGBOOK_ENV": "production"} | {k: v for k, v in PRODUCTION.items() if k != "LOGBOOK_DATA_KEY"}
        )


SERVERS = {"DATABASE_URL": "postgresql+psycopg://logbook@db:5432/logbook", "REDIS_URL": "redis://redis:6379/0"}
KEYS = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "LOGBOOK_DATA_KEY")


@pytest.mark.parametrize("missing", KEYS)
def test_without_logbook_env_a_server_deployment_refuses_to_start_without_its_keys(missing):
    given = {name: value for name, value in PRODUCTION.items() if name not in ("LOGBOOK_ENV", missing)}
    with pytest.raises(SettingsError, match=f"^{missing} is not set"):
        create_app({**SERVERS, **given})


@pytest.mark.parametrize(
    ("name", "development_value"),
    [("LOGBOOK_DATA_KEY", DEVELOPMENT_DATA_KEY), ("LINE_CHANNEL_SECRET", DEVELOPMENT_CHANNEL_SECRET),
     ("LINE_CHANNEL_ACCESS_TOKEN", DEVELOPMENT_ACCESS_TOKEN)],
)
@pytest.mark.parametrize("env", ["production", "test", ""])
def test_a_development_value_is_refused_outside_development(env, name, development_value):
    with pytest.raises(SettingsError, match=f"^{name} holds the development"):
        load_settings({**PRODUCTION, "LOGBOOK_ENV": env, name: development_value})


def test_development_on_postgresql_needs_real_keys_too():
    with pytest.raises(SettingsError, match=r"^LINE_CHANNEL_SECRET is not set"):
        load_settings({"LOGBOOK_ENV": "development", **SERVERS})


def test_the_entry_point_reports_a_bad_setting_in_one_line():
    environ = {**SERVERS, "PATH": "/usr/bin:/bin", "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    finished = subprocess.run(
        [sys.executable, "-c", "import wsgi"], env=environ, capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 1
    assert finished.stderr.startswith("configuration error: LINE_CHANNEL_SECRET is not set")
    assert finished.stderr.count("\n") == 1 and "Traceback" not in finished.stderr


def test_development_on_sqlite_starts_with_no_configuration_and_test_needs_a_key():
    app = create_app({"LOGBOOK_ENV": "development"})
    settings = app.extensions["logbook"].settings
    app.extensions["logbook"].close()
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
