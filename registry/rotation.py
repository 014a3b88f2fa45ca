"""Key rotation: re-encrypt national IDs under the current key and recompute their blind indexes, then
re-seal every sealed free text (models.sealed: problem details, visit notes, help requests, alert reasons).

Run with the new key in LOGBOOK_DATA_KEY and the old one in LOGBOOK_OLD_DATA_KEY. Rows are read in
primary-key order in batches of one transaction each; rows already sealed with the current key are
skipped (DataProtector.is_current), so a run that stops can simply be started again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import Person
from models.audit import Change, record_many
from models.protection import DataProtector, open_national_id, seal_national_id
from models.sealed import SEALED, open_text, seal_text

BATCH_ROWS = 2000


@dataclass
class RotationSummary:
    rotated: int = 0
    already_current: int = 0
    texts_rotated: int = 0
    texts_current: int = 0

    def __str__(self) -> str:
        return (f"national IDs re-encrypted: {self.rotated}; "
                f"already under the current key: {self.already_current}; "
                f"sealed texts re-encrypted: {self.texts_rotated}; "
                f"already under the current key: {self.texts_current}")


def rows_to_check(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        texts = sum(session.scalar(select(func.count()).where(_has_cipher(model))) or 0 for model in SEALED)
        ids = session.scalar(select(func.count()).where(Person.national_id_cipher.is_not(None))) or 0
        return texts + ids


def rotate_keys(sessions: sessionmaker[Session], protector: DataProtector, actor: str, now: datetime,
           progress: Callable[[int], None] = lambda count: None, batch: int = BATCH_ROWS) -> RotationSummary:
    """National IDs first, then each model's sealed texts; every batch is its own transaction."""
    summary = rotate_national_ids(sessions, protector, actor, now, progress, batch)
    for model in SEALED:
        _rotate_texts(sessions, protector, model, actor, now, progress, batch, summary)
    return summary


def _has_cipher(model: Any) -> ColumnElement[bool]:
    return or_(*(getattr(model, a.column).is_not(None) for a in SEALED[model]))


def _rotate_texts(sessions: sessionmaker[Session], protector: DataProtector, model: Any, actor: str,
                  now: datetime, progress: Callable[[int], None], batch: int,
                  summary: RotationSummary) -> None:
    columns = [getattr(model, a.column) for a in SEALED[model]]
    after = 0
    while True:
        with sessions.begin() as session:
            rows = session.execute(select(model.id, *columns).where(_has_cipher(model), model.id > after)
                                   .order_by(model.id).limit(batch)).all()
            if not rows:
                return
            updates = [_resealed_texts(protector, model, row) for row in rows
                       if any(c is not None and not protector.is_current(c) for c in row[1:])]
            if updates:
                session.execute(update(model), updates)
                record_many(session, actor, [Change("rotate_key", model.__tablename__, updates[-1]["id"],
                                                    {model.__tablename__: len(updates)})], now)
        summary.texts_rotated += len(updates)
        summary.texts_current += len(rows) - len(updates)
        after = rows[-1][0]
        progress(len(rows))


def _resealed_texts(protector: DataProtector, model: Any, row: Any) -> dict[str, object]:
    """The row's sealed cells opened with whichever key sealed them and sealed again with the current one."""
    table, row_id = model.__tablename__, row[0]
    resealed: dict[str, object] = {"id": row_id}
    for attribute, cipher in zip(SEALED[model], row[1:], strict=True):
        plain = open_text(protector, table, attribute.name, row_id, cipher) if cipher is not None else None
        resealed[attribute.column] = seal_text(protector, table, attribute.name, row_id, plain)
    return resealed


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
