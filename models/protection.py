"""Encryption at rest (AES-GCM) and blind indexes (HMAC-SHA256) for personal data.

Keys are derived with HKDF from LOGBOOK_DATA_KEY. Every ciphertext starts with the 4-byte id of
the key that sealed it, so during a key rotation both the old and the new key can open data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
KEY_ID_BYTES = 4


class UnreadableData(Exception):
    """A ciphertext that no configured key can open (wrong key, wrong row, or tampering)."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"logbook/" + purpose).derive(master)


class _Keyset:
    def __init__(self, master: bytes) -> None:
        self.key_id = _derive(master, b"key-id")[:KEY_ID_BYTES]
        self.aead = AESGCM(_derive(master, b"aes-gcm"))
        self.index_key = _derive(master, b"blind-index")


class DataProtector:
    """Seals and opens personal data; computes blind indexes for exact lookups."""

    def __init__(self, key: bytes, old_key: bytes | None = None) -> None:
        self._current = _Keyset(key)
        self._all = [self._current] + ([_Keyset(old_key)] if old_key else [])

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self._current.key_id + nonce + self._current.aead.encrypt(nonce, plaintext, associated)

    def open(self, token: bytes, associated: bytes) -> bytes:
        key_id, nonce, body = (
            token[:KEY_ID_BYTES],
            token[KEY_ID_BYTES : KEY_ID_BYTES + NONCE_BYTES],
            token[KEY_ID_BYTES + NONCE_BYTES :],
        )
        for keyset in self._all:
            if keyset.key_id == key_id:
                try:
                    return keyset.aead.decrypt(nonce, body, associated)
                except InvalidTag as error:
                    raise UnreadableData("ciphertext does not open with its key") from error
        raise UnreadableData("sealed with a key that is not configured")

    def is_current(self, token: bytes) -> bool:
        return token[:KEY_ID_BYTES] == self._current.key_id

    def seal_json(self, value: Any, associated: bytes) -> bytes:
        return self.seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), associated)

    def open_json(self, token: bytes, associated: bytes) -> Any:
        return json.loads(self.open(token, associated))

    def blind_index(self, value: str) -> bytes:
        return hmac.new(self._current.index_key, value.encode(), hashlib.sha256).digest()

    def blind_indexes(self, value: str) -> list[bytes]:
        """The index under every configured key: lookups keep working during a rotation."""
        return [hmac.new(k.index_key, value.encode(), hashlib.sha256).digest() for k in self._all]

    def pseudonym(self, value: str) -> str:
        """A short stable pseudonym for logs (e.g. of a LINE user id)."""
        return self.blind_index("log:" + value).hex()[:12]


def seal_national_id(protector: DataProtector, person_id: uuid.UUID, national_id: str) -> tuple[bytes, bytes]:
    """Ciphertext bound to the person's row id, and the blind index for exact lookup."""
    return protector.seal(national_id.encode(), person_id.bytes), protector.blind_index(national_id)


def open_national_id(protector: DataProtector, person_id: uuid.UUID, cipher: bytes) -> str:
    return protector.open(cipher, person_id.bytes).decode()


def mask_national_id(national_id: str) -> str:
    """x-xxxx-xxxxx-91-0: only the last three digits are shown."""
    return f"x-xxxx-xxxxx-{national_id[10:12]}-{national_id[12:]}"
