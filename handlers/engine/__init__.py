"""Dialog engine v2: dialogs declared as data (`model`), where a draft is (`cursor`), how it moves
(`navigation`), what the engine's buttons are (`postbacks`), how answers are applied (`machine`),
and where drafts are kept (`store`). Other modules use the names below."""

from handlers.engine.machine import handle, start
from handlers.engine.moves import current, resume_hint
from handlers.engine.store import delete, exists, register

__all__ = ["current", "delete", "exists", "handle", "register", "resume_hint", "start"]
