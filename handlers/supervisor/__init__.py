"""Supervisors (ศจพ.อ./ศจพ.จ.): alert actions, summaries, overdue lists, digests, charts, invites.

Every query here is filtered by the acting user's area scope (models.scope.in_scope)."""
