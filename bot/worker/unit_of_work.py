"""One unit of work: a transaction, the outbox that fills in it, and the delivery of what it holds.

    with unit_of_work(services) as work:
        work.outbox.push(line_user_id, messages)
    # committed; the rows are being delivered (or handed to the workers with dispatch=True)

Nothing is delivered when the block raises: the transaction rolls back and its rows never existed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services import Services
from bot.worker import delivery
from handlers.outbox import Outbox


@dataclass(frozen=True)
class Work:
    session: Session
    outbox: Outbox
    now: datetime


@contextmanager
def unit_of_work(
    services: Services, *, inbox_event_id: str | None = None, dispatch: bool = False
) -> Iterator[Work]:
    """dispatch=True hands large batches to the workers in chunks instead of sending them here."""
    now = services.now()
    with services.sessions.begin() as session:
        work = Work(session, Outbox(session, services.protector, now, inbox_event_id=inbox_event_id), now)
        yield work
    if dispatch:
        delivery.dispatch(services, work.outbox.created)
    else:
        delivery.deliver_many(services, work.outbox.created)
