"""Saving and loading drafts: one encrypted row per user, written on every turn, opened once per turn."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.context import Context
from handlers.engine.cursor import MORE, SUMMARY, Cursor, from_old_shape
from handlers.engine.model import Dialog, Draft
from models import DialogState

log = logging.getLogger(__name__)

DIALOGS: dict[str, Dialog] = {}
KEY_BYTES = 16
"""128 bits: a draft key is never guessed nor shared by two drafts."""
SHAPE = 2


@dataclass
class Loaded:
    """The user's draft as opened this turn, or why there is none."""

    draft: Draft | None
    updated_at: datetime | None = None
    unreadable: bool = False
    """A stored draft that could not be opened (an old shape that did not convert): it was dropped."""


def register(dialog: Dialog) -> Dialog:
    """Makes a dialog resumable by name; each dialog module registers its declaration."""
    DIALOGS[dialog.name] = dialog
    return dialog


def _associated(ctx: Context) -> bytes:
    return f"dialog:{ctx.user.id}".encode()


def load(ctx: Context) -> Loaded:
    """The user's draft, opened (decrypted) at most once per turn: later calls get the same one."""
    if ctx.turn.loaded is None:
        ctx.turn.loaded = _open(ctx)
    loaded = ctx.turn.loaded
    assert isinstance(loaded, Loaded)
    return loaded


def _open(ctx: Context) -> Loaded:
    state = ctx.session.get(DialogState, ctx.user.id)
    if state is None or state.dialog not in DIALOGS:
        return Loaded(None)
    ctx.turn.opened += 1
    try:
        data = ctx.protector.open_json(state.data, _associated(ctx))
        answers, cursor = _split(state.step, data)
        _check(DIALOGS[state.dialog], cursor)
    except (KeyError, TypeError, ValueError, AttributeError):
        log.warning("draft of user %s could not be opened: dropped", ctx.user.id)
        ctx.session.delete(state)
        return Loaded(None, unreadable=True)
    return Loaded(Draft(ctx, DIALOGS[state.dialog], answers, cursor), state.updated_at)


def _split(step: str, data: dict[str, Any]) -> tuple[dict[str, Any], Cursor]:
    if data.get("shape") == SHAPE:
        return dict(data["answers"]), Cursor.from_json(data["cursor"])
    return from_old_shape(step, data)


def _check(dialog: Dialog, cursor: Cursor) -> None:
    """A cursor must point at a question of its dialog (or its summary, or 'any more?')."""
    if cursor.step not in (SUMMARY, MORE) and not dialog.has_step(cursor.step):
        raise ValueError(f"no step {cursor.step!r} in {dialog.name}")


def unparked(ctx: Context, parked: dict[str, Any]) -> Draft | None:
    """A draft set aside for a side trip, as a live draft again (None if its dialog is gone)."""
    dialog = DIALOGS.get(parked.get("dialog", ""))
    if dialog is None:
        return None
    return Draft(ctx, dialog, dict(parked["answers"]), Cursor.from_json(parked["cursor"]))


def parked_form(draft: Draft) -> dict[str, Any]:
    return {"dialog": draft.dialog.name, "answers": draft.answers, "cursor": draft.cursor.to_json()}


def new_draft(ctx: Context, dialog: Dialog, answers: dict[str, Any] | None = None) -> Draft:
    cursor = Cursor(key=secrets.token_hex(KEY_BYTES), step=dialog.steps[0].name)
    return Draft(ctx, dialog, dict(answers or {}), cursor)


def exists(ctx: Context) -> bool:
    """Whether the user has a draft waiting."""
    return load(ctx).draft is not None


def save(draft: Draft) -> None:
    ctx = draft.ctx
    state = ctx.session.get(DialogState, ctx.user.id)
    if state is None:
        state = DialogState(user_id=ctx.user.id, started_at=ctx.now)
        ctx.session.add(state)
    state.dialog = draft.dialog.name
    state.step = draft.cursor.step
    stored = {"shape": SHAPE, "answers": draft.answers, "cursor": draft.cursor.to_json()}
    state.data = ctx.protector.seal_json(stored, _associated(ctx))
    state.updated_at = ctx.now
    ctx.turn.loaded = Loaded(draft, ctx.now)


def delete(ctx: Context) -> None:
    state = ctx.session.get(DialogState, ctx.user.id)
    if state is not None:
        ctx.session.delete(state)
    ctx.turn.loaded = Loaded(None)
