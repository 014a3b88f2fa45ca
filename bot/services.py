"""The long-lived services of one process: database (and its read replica), Redis, jobs, LINE gateway,
data protection, clock.

The app factory (`bot.web.app.create_app`) and the worker bootstrap (`bot.worker.bootstrap`) each
build one `Services` and hand it down; nothing looks it up from a module global.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.jobs import InlineJobRunner, JobRunner, RQJobRunner
from bot.redis_client import connect_redis
from models import utcnow
from models.database import make_engine, make_sessions
from models.protection import DataProtector

if TYPE_CHECKING:
    from bot.worker.line_gateway import LineGateway

log = logging.getLogger(__name__)

EXTENSION = "logbook"
"""The key of the app's services in `app.extensions`."""


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: Redis
    jobs: JobRunner
    protector: DataProtector
    clock: Callable[[], datetime] = field(default=utcnow)
    clock_started: bool = False
    read_engine: Engine | None = None
    replica_sessions: sessionmaker[Session] | None = None

    @property
    def read_sessions(self) -> sessionmaker[Session]:
        """Sessions for exports: the read replica when DATABASE_REPLICA_URL is set, else the primary.
        Never write through them; what was just committed may lag a moment on the replica."""
        return self.replica_sessions or self.sessions

    @contextmanager
    def report_reads(self, primary: Session) -> Iterator[Session]:
        """Where a digest reads its figures: a replica session, or without a replica the report's own
        primary session (a second transaction beside it would wait on SQLite's write lock)."""
        if self.replica_sessions is None:
            yield primary
            return
        with self.replica_sessions() as session:
            yield session

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def gateway(self) -> LineGateway:
        """The LINE API client, built on first use: a web process that only acknowledges never loads it."""
        from bot.worker.line_gateway import LineGateway
        from bot.worker.ratelimit import RateLimiter

        return LineGateway(self.settings, RateLimiter(self.redis, self.key("line-rate")))

    def key(self, *parts: str) -> str:
        """A Redis key inside this deployment's namespace (LOGBOOK_REDIS_NAMESPACE)."""
        return ":".join((self.settings.redis_namespace, *parts))

    def close(self) -> None:
        """Releases connections and stops background threads (tests, CLI tools)."""
        self.jobs.close()
        self.engine.dispose()
        if self.read_engine is not None:
            self.read_engine.dispose()
        self.redis.close()


def build_services(settings: Settings) -> Services:
    """Connections for these settings; in the embedded default, Redis and the job queue live in-process."""
    engine = database_engine(settings, settings.database_url)
    protector = DataProtector(settings.data_key, settings.old_data_key)
    if not settings.is_embedded:
        redis: Redis = connect_redis(settings)
        jobs: JobRunner = RQJobRunner(redis, settings.events_queue, protector.pseudonym)
    else:
        log.warning(
            "REDIS_URL is not set: using an in-process Redis stand-in and running jobs in this "
            "process; this mode is single-process (one web process, no separate workers)"
        )
        import fakeredis

        redis = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        jobs = InlineJobRunner()
    services = Services(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine, protector),
        redis=redis,
        jobs=jobs,
        protector=protector,
    )
    if settings.database_replica_url:
        services.read_engine = database_engine(settings, settings.database_replica_url)
        services.replica_sessions = make_sessions(services.read_engine)
    jobs.serve(services)
    return services


def database_engine(settings: Settings, url: str) -> Engine:
    """An engine for the primary or the replica. Behind PgBouncer in transaction mode psycopg prepares no
    statements: a prepared statement lives in one server session, and the next transaction may get another."""
    if settings.database_pooler == "pgbouncer":
        return make_engine(url, connect_args={"prepare_threshold": None})
    return make_engine(url)


def services_of(app: Any) -> Services:
    """The services an app was built with (`app.extensions`); app is a Flask app."""
    return cast(Services, app.extensions[EXTENSION])
