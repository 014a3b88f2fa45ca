"""Job: the daily digest of household changes for citizens who opted in (18:00 Bangkok)."""

from __future__ import annotations

import logging

from bot.services import Services
from bot.worker.unit_of_work import unit_of_work
from handlers.citizen import notify

log = logging.getLogger(__name__)


def send_citizen_digests(services: Services) -> int:
    """Writes the digests in one transaction, then delivers them; returns how many citizens got one."""
    with unit_of_work(services) as work:
        sent = notify.send_digests(work.session, work.outbox, work.now)
    if sent:
        log.info("citizen digests: %d sent", sent)
    return sent
