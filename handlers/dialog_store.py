"""Saving and loading drafts: one encrypted row per user, written on every step."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from handlers.context import Context
from handlers.dialog_model import Dialog, Draft
from models import DialogState

DIALOGS: dict[str, Dialog] = {}
KEY_BYTES = 16
"""128 bits: a draft key is never guessed nor shared by two drafts."""


def register(dialog: Dialog) -> Dialog:
    """Makes a dialog resumable by name; each dialog module registers its declaration."""
    DIALOGS[dialog.name] = dialog
    return dialog


def _associated(ctx: Context) -> bytes:
    return f"dialog:{ctx.user.id}".encode()


def load(ctx: Context) -> tuple[Draft, datetime] | None:
    """The user's draft and when it was last touched, or None."""
    state = ctx.session.get(DialogState, ctx.user.id)
    if state is None or state.dialog not in DIALOGS:
        return None
    data = ctx.protector.open_json(state.data, _associated(ctx))
    return Draft(ctx=ctx, dialog=DIALOGS[state.dialog], step=state.step, data=data), state.updated_at


def exists(ctx: Context) -> bool:
    """Whether the user has a draft waiting (the row only, nothing opened)."""
    return ctx.session.get(DialogState, ctx.user.id) is not None


def new_draft(ctx: Context, dialog: Dialog, data: dict[str, Any] | None = None) -> Draft:
    return Draft(
        ctx=ctx,
        dialog=dialog,
        step=dialog.steps[0].name,
        data={"_key": secrets.token_hex(KEY_BYTES), "_history": [], **(data or {})},
    )


def save(draft: Draft) -> None:
    ctx = draft.ctx
    state = ctx.session.get(DialogState, ctx.user.id)
    if state is None:
        state = DialogState(user_id=ctx.user.id, started_at=ctx.now)
        ctx.session.add(state)
    state.dialog = draft.dialog.name
    state.step = draft.step
    state.data = ctx.protector.seal_json(draft.data, _associated(ctx))
    state.updated_at = ctx.now


def delete(ctx: Context) -> None:
    state = ctx.session.get(DialogState, ctx.user.id)
    if state is not None:
        ctx.session.delete(state)
