"""The long-lived services of one process: database, Redis, jobs, LINE gateway, data protection, clock.

The app factory (`bot.web.app.create_app`) and the worker bootstrap (`bot.worker.bootstrap`) each
build one `Services` and hand it down; nothing looks it up from a module global.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.jobs import InlineJobRunner, JobRunner, RQJobRunner
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
        self.redis.close()


def build_services(settings: Settings) -> Services:
    """Connections for these settings; in the embedded default, Redis and the job queue live in-process."""
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
    services = Services(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine, protector),
        redis=redis,
        jobs=jobs,
        protector=protector,
    )
    jobs.serve(services)
    return services


def services_of(app: Any) -> Services:
    """The services an app was built with (`app.extensions`); app is a Flask app."""
    return cast(Services, app.extensions[EXTENSION])
