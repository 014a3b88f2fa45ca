"""Key rotation: re-encrypt national IDs under the current key and recompute their blind indexes.

Run with the new key in LOGBOOK_DATA_KEY and the old one in LOGBOOK_OLD_DATA_KEY. Rows are read in
primary-key order in batches of one transaction each; rows already sealed with the current key are
skipped (DataProtector.is_current), so a run that stops can simply be started again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import Person
from models.audit import Change, record_many
from models.protection import DataProtector, open_national_id, seal_national_id

BATCH_ROWS = 2000


@dataclass
class RotationSummary:
    rotated: int = 0
    already_current: int = 0

    def __str__(self) -> str:
        return (f"national IDs re-encrypted: {self.rotated}; "
                f"already under the current key: {self.already_current}")


def rows_to_check(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).where(Person.national_id_cipher.is_not(None))) or 0


def rotate_national_ids(sessions: sessionmaker[Session], protector: DataProtector, actor: str, now: datetime,
                        progress: Callable[[int], None] = lambda count: None,
                        batch: int = BATCH_ROWS) -> RotationSummary:
    summary = RotationSummary()
    after: uuid.UUID | None = None
    while True:
        with sessions.begin() as session:
            rows = _next_rows(session, after, batch)
            if not rows:
                return summary
            updates = [_resealed(protector, person_id, cipher) for person_id, cipher in rows
                       if not protector.is_current(cipher)]
            if updates:
                session.execute(update(Person), updates)
                record_many(session, actor, [_batch_change(updates)], now)
        summary.rotated += len(updates)
        summary.already_current += len(rows) - len(updates)
        after = rows[-1][0]
        progress(len(rows))


def _batch_change(updates: list[dict[str, object]]) -> Change:
    """One audit row per batch, naming its last person and how many were re-encrypted."""
    return Change("rotate_key", "person", updates[-1]["id"],
                  {"persons": len(updates), "national_id_cipher": None, "national_id_index": None})


def _next_rows(session: Session, after: uuid.UUID | None, batch: int) -> list[tuple[uuid.UUID, bytes]]:
    query = select(Person.id, Person.national_id_cipher).where(Person.national_id_cipher.is_not(None))
    if after is not None:
        query = query.where(Person.id > after)
    rows = session.execute(query.order_by(Person.id).limit(batch))
    # The query keeps only persons with a cipher.
    return [(person_id, cipher) for person_id, cipher in rows if cipher is not None]


def _resealed(protector: DataProtector, person_id: uuid.UUID, cipher: bytes) -> dict[str, object]:
    cipher_new, index = seal_national_id(protector, person_id, open_national_id(protector, person_id, cipher))
    return {"id": person_id, "national_id_cipher": cipher_new, "national_id_index": index}
