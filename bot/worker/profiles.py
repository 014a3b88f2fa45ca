"""Job: a new staff member's LINE display name, so supervisors can pick officers by name."""

from __future__ import annotations

from bot.services import Services
from models import User

MAX_NAME = 120


def remember_name(services: Services, user_id: int) -> None:
    with services.sessions() as session:
        user = session.get(User, user_id)
        line_user_id = user.line_user_id if user and user.role.is_staff else None
    profile = services.gateway.profile(line_user_id) if line_user_id else None
    if not profile or not profile.get("displayName"):
        return
    with services.sessions.begin() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.display_name = str(profile["displayName"])[:MAX_NAME]
