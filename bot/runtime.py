"""The long-lived services of one process: database, Redis, jobs, LINE gateway, data protection."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.jobs import InlineJobRunner, JobRunner, RQJobRunner
from bot.ratelimit import RateLimiter
from bot.settings import Settings
from models import utcnow
from models.database import make_engine, make_sessions
from models.protection import DataProtector

if TYPE_CHECKING:
    from bot.line_gateway import LineGateway

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: Redis
    jobs: JobRunner
    protector: DataProtector
    clock: Callable[[], datetime] = field(default=utcnow)
    clock_started: bool = False

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def gateway(self) -> LineGateway:
        """The LINE API client, built on first use: a web process that only acknowledges never loads it."""
        from bot.line_gateway import LineGateway

        return LineGateway(self.settings, RateLimiter(self.redis, self.key("line-rate")))

    def key(self, *parts: str) -> str:
        """A Redis key inside this deployment's namespace (LOGBOOK_REDIS_NAMESPACE)."""
        return ":".join((self.settings.redis_namespace, *parts))

    def close(self) -> None:
        """Releases connections and stops background threads (tests, CLI tools)."""
        self.jobs.close()
        self.engine.dispose()
        self.redis.close()


_current: Runtime | None = None


def build_runtime(settings: Settings) -> Runtime:
    engine = make_engine(settings.database_url)
    protector = DataProtector(settings.data_key, settings.old_data_key)
    if settings.redis_url:
        redis: Redis = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
        jobs: JobRunner = RQJobRunner(redis, settings.events_queue, protector.pseudonym)
    else:
        log.warning(
            "REDIS_URL is not set: using an in-process Redis stand-in and running jobs in this "
            "process; this mode is single-process (one web process, no separate workers)"
        )
        import fakeredis

        redis = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        jobs = InlineJobRunner()
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine),
        redis=redis,
        jobs=jobs,
        protector=protector,
    )


def install(runtime: Runtime) -> None:
    global _current
    _current = runtime


def _forget_connections_after_fork() -> None:
    """RQ's worker forks a work horse per job: the child must open its own database and LINE
    connections, never write on the parent's sockets."""
    if _current is not None:
        _current.engine.dispose(close=False)
        if "gateway" in vars(_current):
            _current.gateway.forget_connections()


os.register_at_fork(after_in_child=_forget_connections_after_fork)


def current() -> Runtime:
    """This process's runtime; a worker process that has none yet builds the app once."""
    if _current is None:
        from bot.app import create_app

        create_app()
    assert _current is not None
    return _current
