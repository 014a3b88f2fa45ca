"""LINE Login ID tokens for the emulated users: HS256 JWTs signed with the login channel's secret.

LINE signs the ID tokens of web-login channels with HS256 and the channel secret (LIFF and native apps
get ES256); HS256 keeps the emulator free of key management and the verify endpoint checks it the same way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

ISSUER = "https://access.line.me"
LIFETIME = 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(secret: str, claims: dict[str, Any]) -> str:
    """A compact JWS of the claims."""
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    body = _b64(json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def claims_for(
    user_id: str, display_name: str, channel_id: str, now: float, nonce: str | None
) -> dict[str, Any]:
    """The payload LINE puts in an ID token (iss, sub, aud, exp, iat, nonce?, amr, name)."""
    claims: dict[str, Any] = {
        "iss": ISSUER, "sub": user_id, "aud": channel_id, "exp": int(now) + LIFETIME, "iat": int(now),
        "amr": ["linesso"], "name": display_name,
    }
    if nonce:
        claims["nonce"] = nonce
    return claims


@dataclass(frozen=True)
class Rejection(Exception):
    """Why verify refuses a token: LINE's error_description."""

    description: str


def verify(secret: str, token: str, client_id: str, now: float, nonce: str | None,
           user_id: str | None) -> dict[str, Any]:
    """The token's claims if it is what LINE's verify endpoint accepts; Rejection otherwise."""
    claims = _signed_claims(secret, token)
    if claims.get("iss") != ISSUER:
        raise Rejection("Invalid IdToken Issuer.")
    if claims.get("aud") != client_id:
        raise Rejection("Invalid IdToken Audience.")
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
        raise Rejection("IdToken expired.")
    if nonce is not None and claims.get("nonce") != nonce:
        raise Rejection("Invalid IdToken Nonce.")
    if user_id is not None and claims.get("sub") != user_id:
        raise Rejection("Invalid IdToken Subject Identifier.")
    return claims


def _signed_claims(secret: str, token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3:
        raise Rejection("Invalid IdToken.")
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    try:
        header, claims = json.loads(_unb64(parts[0])), json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except ValueError:
        raise Rejection("Invalid IdToken.") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise Rejection("Invalid IdToken.")
    if not hmac.compare_digest(signature, expected):
        raise Rejection("Invalid IdToken Signature.")
    return claims
