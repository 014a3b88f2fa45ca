"""Shared fixtures: the same suite runs on the embedded default and on PostgreSQL + Redis.

LOGBOOK_TEST_BACKEND=embedded (default): a fresh SQLite file per test, the in-process Redis stand-in.
LOGBOOK_TEST_BACKEND=postgres: PostgreSQL and Redis on 127.0.0.1 (one schema and one Redis database
per xdist worker, emptied before each test; extensions live in their own schema).
"""

from __future__ import annotations

import base64
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, text

from bot.services import Services

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

BACKEND = os.environ.get("LOGBOOK_TEST_BACKEND", "embedded")
PG_URL = os.environ.get("LOGBOOK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("LOGBOOK_TEST_REDIS_URL", "redis://127.0.0.1:6379")
TEST_DATA_KEY = base64.b64encode(b"test-key-for-the-suite-32-bytes!").decode()
CHANNEL_SECRET = "test-channel-secret"
ACCESS_TOKEN = "test-access-token"
REFERENCE_TABLES = ("areas", "indicators", "alembic_version")

on_postgres = BACKEND == "postgres"


def _schema(worker_id: str) -> str:
    """One schema per test run and worker: concurrent runs on one server never meet."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"{os.getpid():x}")[:8]
    return f"t_{run}_{worker_id}"


def _schema_url(schema: str) -> str:
    return f"{PG_URL}?options=-csearch_path%3D{schema},extensions"


def _migrate(database_url: str) -> None:
    from bot.cli.db import upgrade
    from bot.web.app import create_app

    app = create_app(test_environ(database_url, None))
    app.test_cli_runner().invoke(upgrade, catch_exceptions=False)
    app.extensions["logbook"].engine.dispose()


def create_schema(admin: Engine, schema: str) -> None:
    """An empty schema for one run (dropped first if a crashed run left it), beside the shared extensions."""
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(7412569)"))
        connection.execute(text("CREATE SCHEMA IF NOT EXISTS extensions"))
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions"))
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """A migrated, seeded database: a SQLite file to copy, or a PostgreSQL schema to empty."""
    if not on_postgres:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.sqlite3'}"
        _migrate(url)
        yield url
        return
    schema = _schema(worker_id)
    admin = create_engine(PG_URL)
    create_schema(admin, schema)
    url = _schema_url(schema)
    _migrate(url)
    yield url
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    """An empty database (reference data kept) for one test."""
    if not on_postgres:
        copy = tmp_path / "logbook.sqlite3"
        shutil.copy(database_template.removeprefix("sqlite:///"), copy)
        return f"sqlite:///{copy}"
    engine = create_engine(database_template)
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        emptied = [t for t in tables if t not in REFERENCE_TABLES]
        connection.execute(text(f"TRUNCATE {', '.join(emptied)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return database_template


@pytest.fixture
def redis_namespace() -> str:
    """Keys and queues of one test, apart from every other test and run sharing the Redis server."""
    return f"t-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_url(redis_namespace: str) -> Iterator[str | None]:
    """None on the embedded backend (the in-process stand-in); the shared Redis server otherwise,
    cleaned of this test's namespace afterwards."""
    if not on_postgres:
        yield None
        return
    import redis

    yield REDIS_URL
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{redis_namespace}*"):
        client.delete(key)
    client.close()


def test_environ(
    database_url: str, redis_url: str | None, line_api_base_url: str | None = None, **extra: str
) -> dict[str, str]:
    environ = {
        "LOGBOOK_ENV": "test",
        "LOGBOOK_DATA_KEY": TEST_DATA_KEY,
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "DATABASE_URL": database_url,
        "LINE_CONNECT_TIMEOUT": "2",
        "LINE_READ_TIMEOUT": "3",
        **extra,
    }
    if redis_url:
        environ["REDIS_URL"] = redis_url
    if line_api_base_url:
        environ["LINE_API_BASE_URL"] = line_api_base_url
    return environ


@pytest.fixture
def line_api_base_url() -> str | None:
    """Where the bot's LINE calls go; end-to-end suites override this with the emulator's address."""
    return None


@pytest.fixture
def app(
    database_url: str, redis_url: str | None, line_api_base_url: str | None, redis_namespace: str
) -> Iterator[Flask]:
    from bot.web.app import create_app

    app = create_app(
        test_environ(database_url, redis_url, line_api_base_url, LOGBOOK_REDIS_NAMESPACE=redis_namespace)
    )
    yield app
    app.extensions["logbook"].close()


@pytest.fixture
def rt(app: Flask) -> Services:
    """The app's runtime: sessions, Redis, jobs, gateway, data protector, clock."""
    return app.extensions["logbook"]
