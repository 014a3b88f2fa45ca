"""The multi-host stack on one machine: web, worker and clock processes against Redis found through
Sentinel and PostgreSQL reached through PgBouncer in transaction mode, with the LINE emulator.

It runs in the PostgreSQL pass of `make test` (LOGBOOK_TEST_BACKEND=postgres), which installs Debian's
`redis-sentinel` and `pgbouncer` when missing and root. Without them it is skipped, saying so, and under
CI=true that is a failure instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import create_engine, text

from bench.common import ROOT, free_port, process
from emulator.testing import TEST_SECRET, TEST_TOKEN, RunningEmulator, start_emulator
from tests.conftest import PG_URL, TEST_DATA_KEY, create_schema, on_postgres
from tests.scaleout import servers


@dataclass
class Stack:
    """What a scale-out test drives and inspects."""

    line: RunningEmulator
    sentinel: Redis
    database_url: str
    env: dict[str, str]
    folder: Path

    def logs(self) -> str:
        """The processes' logs, for a failing assertion's message."""
        return "\n".join(f"== {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                         for log in sorted(self.folder.glob("*.log")))


def _require_tools() -> None:
    if not on_postgres:
        pytest.skip("the scale-out stack runs in the PostgreSQL pass (LOGBOOK_TEST_BACKEND=postgres)")
    missing = servers.missing_tools()
    if missing:
        message = (f"{', '.join(missing)} not installed: apt-get install -y redis-sentinel pgbouncer "
                   "(make test does it when root)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)


@pytest.fixture
def stack() -> Iterator[Stack]:
    _require_tools()
    folder = Path(tempfile.mkdtemp(prefix="logbook-scaleout-"))
    folder.chmod(0o755)
    schema = f"sc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    create_schema(admin, schema)
    try:
        with (
            servers.redis_with_sentinel(folder) as (sentinel, sentinels),
            servers.pgbouncer(folder, schema) as pooler_port,
        ):
            database_url = f"postgresql+psycopg://postgres@127.0.0.1:{pooler_port}/logbook"
            namespace = f"t-{uuid.uuid4().hex[:12]}"
            web_port = free_port()
            with start_emulator(webhook_url=f"http://127.0.0.1:{web_port}/callback") as line:
                env = _bot_env(database_url, sentinels, namespace, line.url)
                _migrate(env, folder)
                with _bot_processes(env, web_port, folder):
                    yield Stack(line, sentinel, database_url, env, folder)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def _bot_env(database_url: str, sentinels: str, namespace: str, line_url: str) -> dict[str, str]:
    return {
        "LOGBOOK_ENV": "production",
        "LOGBOOK_DATA_KEY": TEST_DATA_KEY,
        "LINE_CHANNEL_SECRET": TEST_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TEST_TOKEN,
        "LINE_API_BASE_URL": line_url,
        "DATABASE_URL": database_url,
        "DATABASE_POOLER": "pgbouncer",
        "REDIS_SENTINELS": sentinels,
        "REDIS_SENTINEL_MASTER": servers.MASTER_NAME,
        "LOGBOOK_REDIS_NAMESPACE": namespace,
        "PYTHAINLP_OFFLINE": "1",
        "PYTHAINLP_READ_ONLY": "1",
    }


def _migrate(env: dict[str, str], folder: Path) -> None:
    """`flask db upgrade` through PgBouncer, as a deployment's release step would run it."""
    with (folder / "migrate.log").open("wb") as log:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                       env={**os.environ, **env}, stdout=log, stderr=log, check=True, timeout=120)


@contextlib.contextmanager
def _bot_processes(env: dict[str, str], web_port: int, folder: Path) -> Iterator[None]:
    """web (gunicorn, one sync worker), worker and clock, as the Procfile starts them."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    web = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    web_env = {**env, "BIND": f"127.0.0.1:{web_port}", "WEB_CONCURRENCY": "1"}
    with (
        process([*flask, "worker"], env, log=folder / "worker.log"),
        process([*flask, "clock"], env, log=folder / "clock.log"),
        process(web, web_env, health_url=f"http://127.0.0.1:{web_port}/healthz", log=folder / "web.log"),
    ):
        yield
