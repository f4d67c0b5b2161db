"""``Idempotency-Key`` on POSTs (draft-ietf-httpapi-idempotency-key-header).

The first request with a key runs and its answer is kept for a day, per API key; a retry with
the same key and the same request gets the same answer (and ``Idempotency-Replayed: true``)
without running again. The same key with a different request is refused (422), and a retry
that arrives while the first is still running is told to wait (409).

The calls behind these POSTs are idempotent on their own (derived event ids), so a retry
without a key changes nothing either; the key makes the *answer* repeatable: a retried submit
says ``appended`` again instead of ``already_appended``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, Final, Literal

import msgspec
from litestar import Request, Response
from redis.asyncio import Redis

from services._keys import Keys
from services.api.problems import ProblemError

__all__ = ["HEADER", "Idempotency"]

HEADER: Final = "Idempotency-Key"
_MAX_KEY: Final = 255
#: How long a running request holds its key before a retry may run it again (a crash).
_PENDING_S: Final = 120


class _Kept(msgspec.Struct, frozen=True, kw_only=True):
    fingerprint: str
    state: Literal["pending", "done"]
    status: int = 0
    media_type: str = ""
    body: bytes = b""
    headers: dict[str, str] = msgspec.field(default_factory=dict)


class Idempotency:
    def __init__(self, redis: Redis, keys: Keys, *, ttl_s: int = 86_400) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl_s = ttl_s
        self._encode = msgspec.json.Encoder().encode
        self._decode = msgspec.json.Decoder(_Kept).decode

    async def run(
        self,
        request: Request[Any, Any, Any],
        scope: str,
        body: bytes,
        action: Callable[[], Awaitable[Response[bytes]]],
    ) -> Response[bytes]:
        """Run ``action`` once per idempotency key (when the request has one)."""
        given = request.headers.get(HEADER.lower())
        if given is None:
            return await action()
        key = given.strip()
        if len(key) >= 2 and key[0] == key[-1] == '"':  # a structured-field string
            key = key[1:-1]
        if not key or len(key) > _MAX_KEY or not key.isprintable():
            raise ProblemError(
                400, "must be 1 to 255 printable characters", field=HEADER, kind="bad-idempotency"
            )
        fingerprint = hashlib.sha256(
            b"\n".join(
                (
                    request.method.encode(),
                    request.url.path.encode(),
                    request.url.query.encode(),
                    request.headers.get("content-type", "").encode(),
                    body,
                )
            )
        ).hexdigest()
        name = self.keys.idempotency(scope, hashlib.sha256(key.encode()).hexdigest()[:32])
        pending = _Kept(fingerprint=fingerprint, state="pending")
        if not await self.redis.set(name, self._encode(pending), nx=True, ex=_PENDING_S):
            raw = await self.redis.get(name)
            if raw is not None:
                kept = self._decode(raw)
                if kept.fingerprint != fingerprint:
                    raise ProblemError(
                        422,
                        "this Idempotency-Key was used for a different request",
                        field=HEADER,
                        kind="idempotency-key-reused",
                    )
                if kept.state == "pending":
                    raise ProblemError(
                        409,
                        "a request with this Idempotency-Key is still being processed; retry",
                        field=HEADER,
                        kind="idempotency-key-in-use",
                        headers={"Retry-After": "1"},
                    )
                return Response(
                    content=kept.body,
                    status_code=kept.status,
                    media_type=kept.media_type,
                    headers={**kept.headers, "Idempotency-Replayed": "true"},
                )
            # Expired between SET and GET: take it now.
            await self.redis.set(name, self._encode(pending), ex=_PENDING_S)
        try:
            response = await action()
        except Exception:
            await self.redis.delete(name)  # a failure is not an answer: a retry may run again
            raise
        status = response.status_code or 200
        if status >= 500:
            await self.redis.delete(name)
            return response
        kept = _Kept(
            fingerprint=fingerprint,
            state="done",
            status=status,
            media_type=str(response.media_type),
            body=response.content,
            headers={k: v for k, v in response.headers.items() if k.lower() != "content-length"},
        )
        await self.redis.set(name, self._encode(kept), ex=self.ttl_s)
        return response
