"""API keys with roles: made, listed, revoked and verified (no web framework needed here).

A key looks like ``rb_<key id>_<secret>``: the key id (12 hex digits) is public and names the
key in ``releasebus keys list`` and in logs; the secret is 32 random bytes. Only the SHA-256
of the whole key is stored (``keys.api_keys()``, one hash field per key id). A salted, slow
hash (scrypt, PBKDF2) protects low-entropy passwords against guessing; against a 256-bit
random secret guessing is hopeless anyway, so a plain SHA-256 is enough and keeps the check
cheap on every request.

Roles: ``reader`` (read releases, events, feeds), ``publisher`` (also submit, correct,
withdraw), ``translator`` (also translation work), ``operator`` (everything, including
subscribers, dead letters, replays and rebuilds). Routes name the permission they need
(``read``, ``publish``, ``translate``, ``operate``); :data:`PERMISSIONS` maps it to roles, and
the guards of :mod:`services.api.auth` check it.

Verified keys are remembered for a few seconds per process, so a busy client costs no Redis
round trip per request; a revocation made through this process takes effect at once, one
made elsewhere (``releasebus keys revoke`` beside a running server) within ``cache_s``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import time
from typing import Final, Literal

import msgspec
from redis.asyncio import Redis

from services._clock import Clock
from services._keys import Keys
from services._store import as_text

__all__ = ["PERMISSIONS", "ROLES", "ApiKey", "ApiKeys", "Permission", "Role"]

Role = Literal["reader", "publisher", "translator", "operator"]
Permission = Literal["read", "publish", "translate", "operate"]

ROLES: Final[tuple[Role, ...]] = ("reader", "publisher", "translator", "operator")

PERMISSIONS: Final[dict[Permission, frozenset[Role]]] = {
    "read": frozenset(ROLES),
    "publish": frozenset({"publisher", "operator"}),
    "translate": frozenset({"translator", "operator"}),
    "operate": frozenset({"operator"}),
}

_TOKEN: Final = re.compile(r"rb_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})")


class ApiKey(msgspec.Struct, frozen=True, kw_only=True):
    """A key's stored record: never the key itself, only its SHA-256."""

    key_id: str
    name: str
    role: Role
    sha256: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiKeys:
    """Creates, lists, revokes and verifies API keys (one Redis hash per namespace)."""

    def __init__(self, redis: Redis, keys: Keys, clock: Clock, *, cache_s: float = 5.0) -> None:
        self.redis = redis
        self.key = keys.api_keys()
        self.clock = clock
        self.cache_s = cache_s
        self._encode = msgspec.json.Encoder().encode
        self._decode = msgspec.json.Decoder(ApiKey).decode
        self._verified: dict[str, tuple[ApiKey, float]] = {}

    async def create(self, role: Role, name: str) -> tuple[ApiKey, str]:
        """A new key: its record, and the key itself (shown this once, never stored)."""
        if role not in ROLES:
            raise ValueError(f"role: {role!r} is not one of {', '.join(ROLES)}")
        name = name.strip()
        if not name or len(name) > 100:
            raise ValueError("name: 1 to 100 characters")
        for _ in range(5):
            key_id = secrets.token_hex(6)
            token = f"rb_{key_id}_{secrets.token_urlsafe(32)}"
            record = ApiKey(
                key_id=key_id,
                name=name,
                role=role,
                sha256=_digest(token),
                created_at=self.clock.now(),
            )
            if await self.redis.hsetnx(self.key, key_id, self._encode(record)):
                return record, token
        raise RuntimeError("could not find a free key id")  # 48 random bits: never happens

    async def all(self) -> list[ApiKey]:
        raw = await self.redis.hvals(self.key)
        return sorted((self._decode(v) for v in raw), key=lambda k: (k.created_at, k.key_id))

    async def get(self, key_id: str) -> ApiKey | None:
        raw = await self.redis.hget(self.key, key_id)
        return None if raw is None else self._decode(raw)

    async def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key (revoking twice changes nothing); KeyError if there is none."""
        record = await self.get(key_id)
        if record is None:
            raise KeyError(f"no API key {key_id}")
        if record.active:
            record = msgspec.structs.replace(record, revoked_at=self.clock.now())
            await self.redis.hset(self.key, key_id, self._encode(record))
        self._verified = {
            digest: entry for digest, entry in self._verified.items() if entry[0].key_id != key_id
        }
        return record

    async def verify(self, token: str) -> ApiKey | None:
        """The active key this token is, or None."""
        match = _TOKEN.fullmatch(token.strip())
        if match is None:
            return None
        digest = _digest(match.group(0))
        now = time.monotonic()
        cached = self._verified.get(digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        raw = await self.redis.hget(self.key, match.group(1))
        if raw is None:
            return None
        record = self._decode(as_text(raw).encode())
        if not record.active or not hmac.compare_digest(record.sha256, digest):
            return None
        if len(self._verified) > 10_000:  # a bound, not a policy: start again
            self._verified.clear()
        self._verified[digest] = (record, now + self.cache_s)
        return record
