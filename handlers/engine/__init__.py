"""Dialog engine v2: dialogs declared as data (`model`), where a draft is (`cursor`), asking a question
(`asking`), how a draft moves (`navigation`), the engine's own commands (`moves`), taking an answer
(`taking`), one turn (`machine`), the engine's buttons (`postbacks`) and where drafts are kept (`store`).
Other modules use the names below."""

from handlers.engine.machine import handle, start, start_answered
from handlers.engine.moves import current, resume_hint
from handlers.engine.store import delete, exists, register

__all__ = ["current", "delete", "exists", "handle", "register", "resume_hint", "start", "start_answered"]
