"""Free text sealed at rest: a model attribute read and written as text, stored only as AES-GCM ciphertext.

`detail = SealedText()` on a model gives a `detail` attribute (str) kept in the column `detail_cipher`.
The ciphertext is bound to its table, column and row id (`row_binding`), so one copied to another row or
column does not open. Text is sealed when the session flushes, with the protector the session was built
with (`session.info["protector"]`, see models.database.make_sessions); new rows get their ids reserved
first. Rows are opened when loaded. An empty text is stored as NULL. Writers that bypass the ORM (bulk
loads, ON CONFLICT inserts) seal with `seal_text` themselves.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Generic, TypeVar, cast, overload

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import flag_modified

from models.base import Base
from models.protection import DataProtector, UnreadableData
from models.row_ids import reserve_ids

T = TypeVar("T", bound=str | None)
SEALED: dict[type, list[SealedText[Any]]] = defaultdict(list)
"""Every model class with sealed attributes, and those attributes (filled as the classes are defined)."""


def row_binding(table: str, column: str, row_id: int) -> bytes:
    """The associated data of a sealed cell: its table, column and row id."""
    return f"{table}.{column}:{row_id}".encode()


def seal_text(
    protector: DataProtector, table: str, column: str, row_id: int, value: str | None
) -> bytes | None:
    """The ciphertext of one cell (None for no text); for writers that bypass the ORM."""
    return protector.seal(value.encode(), row_binding(table, column, row_id)) if value else None


def open_text(protector: DataProtector, table: str, column: str, row_id: int, cipher: bytes) -> str:
    return protector.open(cipher, row_binding(table, column, row_id)).decode()


class SealedText(Generic[T]):
    """A text attribute stored as `<name>_cipher`; `empty` is what it reads as when nothing is stored."""

    def __init__(self, empty: T) -> None:
        self.empty = empty
        self.name = self.column = self._pending = self._opened = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name, self.column = name, f"{name}_cipher"
        self._pending, self._opened = f"_sealed_pending_{name}", f"_sealed_opened_{name}"
        SEALED[owner].append(self)

    @overload
    def __get__(self, obj: None, owner: type) -> SealedText[T]: ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: object | None, owner: type) -> SealedText[T] | T:
        if obj is None:
            return self
        if self._pending in obj.__dict__:
            pending: T = obj.__dict__[self._pending]
            return pending
        cipher = getattr(obj, self.column)
        if cipher is None:
            return self.empty
        opened: tuple[bytes, T] | None = obj.__dict__.get(self._opened)
        if opened is None or opened[0] != cipher:
            opened = (cipher, cast(T, self._open(obj, cipher, _protector_of(object_session(obj)))))
            obj.__dict__[self._opened] = opened
        return opened[1]

    def __set__(self, obj: object, value: T) -> None:
        """Kept in plain text in memory only, until the session flushes and seals it."""
        obj.__dict__[self._pending] = value if value else self.empty
        setattr(obj, self.column, None)
        flag_modified(obj, self.column)

    def seal_pending(self, obj: Any, protector: DataProtector) -> None:
        if self._pending not in obj.__dict__:
            return
        value = obj.__dict__.pop(self._pending)
        cipher = seal_text(protector, obj.__tablename__, self.name, obj.id, value)
        setattr(obj, self.column, cipher)
        obj.__dict__[self._opened] = (cipher, value)

    def open_loaded(self, obj: Any, protector: DataProtector) -> None:
        """Opens a loaded cell; one that does not open is left for reading it to raise."""
        cipher = obj.__dict__.get(self.column)
        if cipher is not None:
            try:
                obj.__dict__[self._opened] = (cipher, self._open(obj, cipher, protector))
            except UnreadableData:
                obj.__dict__.pop(self._opened, None)

    def _open(self, obj: Any, cipher: bytes, protector: DataProtector | None) -> str:
        if protector is None:
            raise UnreadableData(f"{obj.__tablename__}.{self.name} read without a data protector")
        return open_text(protector, obj.__tablename__, self.name, obj.id, cipher)


def sealed_rows(session: Session, model: type, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a Core insert: ids reserved, and each sealed attribute given by name (`reason`) replaced by
    its ciphertext (`reason_cipher`), sealed with the session's protector."""
    protector = _protector_of(session)
    if protector is None:
        raise UnreadableData(f"{model.__name__} rows written without a data protector")
    table = model.__tablename__  # type: ignore[attr-defined]
    sealed = [attribute.name for attribute in SEALED[model]]
    ready = []
    for row, row_id in zip(rows, reserve_ids(session, model, len(rows)), strict=True):
        plain = {name: row[name] for name in sealed if name in row}
        ready.append({**{k: v for k, v in row.items() if k not in plain}, "id": row_id,
                      **{f"{name}_cipher": seal_text(protector, table, name, row_id, value)
                         for name, value in plain.items()}})
    return ready


def _protector_of(session: Session | None) -> DataProtector | None:
    return session.info.get("protector") if session is not None else None


@event.listens_for(Session, "before_flush")
def _seal_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Reserves ids for new rows of sealed models, then seals every text set since the last flush."""
    changed = [obj for obj in [*session.new, *session.dirty] if type(obj) in SEALED]
    if not changed:
        return
    _reserve_ids(session, [obj for obj in changed if obj in session.new and obj.id is None])
    protector = _protector_of(session)
    for obj in changed:
        for sealed in SEALED[type(obj)]:
            if sealed._pending in obj.__dict__ and protector is None:
                raise UnreadableData(f"{obj.__tablename__}.{sealed.name} written without a data protector")
            if protector is not None:
                sealed.seal_pending(obj, protector)


def _reserve_ids(session: Session, new: list[Any]) -> None:
    """Ids before INSERT, so a ciphertext can be bound to its row (all new rows of a model, so a row
    inserted without one cannot take an id reserved for another)."""
    by_model: dict[type, list[Any]] = defaultdict(list)
    for obj in new:
        by_model[type(obj)].append(obj)
    for model, objs in by_model.items():
        for obj, row_id in zip(objs, reserve_ids(session, model, len(objs)), strict=True):
            obj.id = row_id


def _open_on_load(target: Any, *_context: Any) -> None:
    sealed = SEALED.get(type(target))
    protector = _protector_of(object_session(target)) if sealed else None
    if sealed and protector is not None:
        for attribute in sealed:
            attribute.open_loaded(target, protector)


# Sealed cells are opened as their rows load, so they can be read after the session has closed.
event.listen(Base, "load", _open_on_load, propagate=True)
event.listen(Base, "refresh", _open_on_load, propagate=True)
