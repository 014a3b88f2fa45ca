"""DATABASE_REPLICA_URL: digests and exports read there; everything else, and every write, stays on the
primary. On this machine the "replica" is a second engine on the same database: what is tested is which
engine each path uses, not PostgreSQL's replication."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.services import Services, services_of
from bot.web.app import create_app
from bot.worker import reports
from models import OutboundMessage, User
from models.vocabulary import Role
from tests import conftest


@pytest.fixture
def services(database_url: str, redis_url: str | None, redis_namespace: str) -> Iterator[Services]:
    if not conftest.on_postgres:
        pytest.skip("a read replica is a PostgreSQL setting (LOGBOOK_TEST_BACKEND=postgres)")
    environ = conftest.test_environ(
        database_url, redis_url, "http://127.0.0.1:9",
        LOGBOOK_REDIS_NAMESPACE=redis_namespace, DATABASE_REPLICA_URL=database_url,
    )
    running = services_of(create_app(environ))
    yield running
    running.close()


def _statements(engine: Any) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _k, statement, *_: seen.append(statement))
    return seen


def test_the_daily_digest_reads_on_the_replica_and_writes_on_the_primary(services: Services) -> None:
    with services.sessions.begin() as session:
        session.add(User(line_user_id="U" + "1" * 32, role=Role.SUPERVISOR, area_code="6501"))
    on_replica, on_primary = _statements(services.read_engine), _statements(services.engine)
    reports.digest_for_scope(services, "6501", "2026-12-03")
    assert any("visits" in statement for statement in on_replica)
    assert not any(statement.lstrip().upper().startswith(("INSERT", "UPDATE")) for statement in on_replica)
    assert any("INSERT INTO outbound_messages" in statement for statement in on_primary)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboundMessage)) == 1


def test_exports_read_on_the_replica(services: Services) -> None:
    assert services.read_sessions.kw["bind"] is services.read_engine
    assert services.sessions.kw["bind"] is services.engine is not services.read_engine
