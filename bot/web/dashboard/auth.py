"""Who is looking: a LIFF ID token verified by LINE Login, exchanged once for a short dashboard session.

The page sends liff.getIDToken() to POST /liff/api/session. The bot asks LINE's verify endpoint
(signature, audience = the LIFF channel, expiry), refuses a token it has already exchanged (a replay),
and answers a random session token kept in Redis for 30 minutes. Every API request carries that token;
the user's role and area are read again from the database each time, so a revocation counts at once.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from flask import abort, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.services import Services
from models import User
from models.vocabulary import Role

LINE_LOGIN = "https://api.line.me"
SESSION_SECONDS = 1800
STAFF = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


class Refused(Exception):
    """The ID token was not accepted; the message says why (LINE's error_description or ours)."""


@dataclass(frozen=True)
class Viewer:
    user_id: int
    name: str
    role: Role
    scope: str


def login_base(settings: Settings) -> str:
    """LINE Login's host: LINE's, or the emulator's when LINE_API_BASE_URL points there."""
    return settings.line_api_base_url or LINE_LOGIN


def verify_id_token(settings: Settings, id_token: str) -> dict[str, object]:
    """LINE's verify endpoint's answer for the token, with our channel as the audience."""
    assert settings.liff_id is not None
    channel = settings.liff_id.split("-")[0]
    form = urllib.parse.urlencode({"id_token": id_token, "client_id": channel}).encode()
    call = urllib.request.Request(f"{login_base(settings)}/oauth2/v2.1/verify", data=form, method="POST")
    timeout = settings.line_connect_timeout + settings.line_read_timeout
    try:
        with urllib.request.urlopen(call, timeout=timeout) as answer:
            claims = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        raise Refused(_description(error.read())) from None
    except (OSError, ValueError):
        raise Refused("LINE Login did not answer") from None
    if not isinstance(claims, dict) or not isinstance(claims.get("sub"), str):
        raise Refused("LINE Login answered without a user")
    return claims


def _description(body: bytes) -> str:
    try:
        return str(json.loads(body).get("error_description", "refused"))
    except (ValueError, AttributeError):
        return "refused"


def open_session(services: Services, id_token: str) -> str:
    """A new session token for a verified, never-before-exchanged ID token of a staff member."""
    claims = verify_id_token(services.settings, id_token)
    digest = hashlib.sha256(id_token.encode()).hexdigest()
    expires = claims.get("exp")
    lifetime = max(1, expires - int(time.time())) if isinstance(expires, int) else 3600
    if not services.redis.set(services.key("liff-id-token", digest), 1, nx=True, ex=lifetime):
        raise Refused("IdToken already used")
    with services.sessions() as session:
        user = _staff(session, str(claims["sub"]))
        if user is None:
            raise PermissionError("not staff")
        token = secrets.token_urlsafe(32)
        services.redis.set(services.key("liff-session", token), user.id, ex=SESSION_SECONDS)
    return token


def _staff(session: Session, line_user_id: str) -> User | None:
    user = session.scalar(select(User).where(User.line_user_id == line_user_id))
    return user if user is not None and user.role in STAFF and user.area_code else None


def current_viewer(services: Services, session: Session) -> Viewer:
    """The staff member behind the bearer token: 401 without a live session, 403 if no longer staff."""
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    stored = services.redis.get(services.key("liff-session", token)) if 20 <= len(token) <= 64 else None
    if stored is None:
        abort(401, description="session expired: open the dashboard again from LINE")
    user = session.get(User, int(stored))
    if user is None or user.role not in STAFF or not user.area_code:
        abort(403, description="this page is for staff")
    return Viewer(user.id, user.display_name or "", user.role, user.area_code)
