"""Job: the daily digest of household changes for citizens who opted in (18:00 Bangkok)."""

from __future__ import annotations

import logging

from bot import outbox, runtime
from handlers.citizen import notify
from handlers.outbox import Outbox

log = logging.getLogger(__name__)


def send_citizen_digests() -> int:
    """Writes the digests in one transaction, then delivers them; returns how many citizens got one."""
    rt = runtime.current()
    with rt.sessions.begin() as session:
        box = Outbox(session, rt.protector, rt.now())
        sent = notify.send_digests(session, box, rt.now())
    outbox.deliver_many(box.created)
    if sent:
        log.info("citizen digests: %d sent", sent)
    return sent
