"""What the LINE Login stand-in remembers: LIFF apps and their endpoints, and unused authorization codes."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

CODE_LIFETIME = 600.0


@dataclass(frozen=True)
class Grant:
    """An authorization code's promise: who logged in, for which client, redirect and PKCE challenge."""

    user_id: str
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None
    issued_at: float


class LoginState:
    def __init__(self, liff_apps: dict[str, str]) -> None:
        self._lock = threading.Lock()
        self._initial = dict(liff_apps)
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.liff_apps = dict(self._initial)
            self._codes: dict[str, Grant] = {}

    def register_liff(self, liff_id: str, endpoint: str) -> None:
        with self._lock:
            self.liff_apps[liff_id] = endpoint

    def allows_redirect(self, client_id: str, redirect_uri: str) -> bool:
        """A redirect must stay on the origin of one of the channel's LIFF endpoints (LINE's callback URL)."""
        origin = _origin(redirect_uri)
        return any(liff_id.split("-")[0] == client_id and _origin(endpoint) == origin
                   for liff_id, endpoint in self.liff_apps.items())

    def issue_code(self, grant: Grant) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = grant
        return code

    def redeem(self, code: str, now: float) -> Grant | None:
        """The code's grant once (a code is single-use) while it is fresh."""
        with self._lock:
            grant = self._codes.pop(code, None)
        if grant is None or now - grant.issued_at > CODE_LIFETIME:
            return None
        return grant


def pkce_matches(challenge: str | None, verifier: str | None) -> bool:
    """RFC 7636 S256: base64url(SHA-256(verifier)) without padding equals the challenge."""
    if challenge is None:
        return True
    if not verifier:
        return False
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return secrets.compare_digest(digest, challenge)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
