"""Webhook deliveries per the Standard Webhooks spec, over a pooled HTTP client.

- Signing: ``webhook-id`` (the delivery id, stable across retries), ``webhook-timestamp``
  and ``webhook-signature`` (``v1,<base64 HMAC-SHA256>``), made by the ``standardwebhooks``
  package with the subscriber's ``whsec_`` secret.
- Outbound guard: a URL whose host is, or resolves to, a loopback, private, link-local,
  multicast, reserved or unspecified address is refused unless the subscriber is explicitly
  allowed (``allow_private``). Names are checked in the resolver the connection itself uses,
  so a name cannot resolve to a public address for the check and a private one for the
  connection. Redirects are never followed.
- Outcomes are classified for the retry policy: 2xx delivered; 410 gone (the endpoint is
  disabled); 408, 429 and 5xx, timeouts and connection errors retry (``Retry-After``
  honoured); other 3xx/4xx and refused URLs fail at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import ipaddress
import socket
import time
from typing import Final, Literal
from urllib.parse import urlsplit

import aiohttp
import msgspec
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from standardwebhooks import Webhook

__all__ = [
    "Attempt",
    "OutboundRefused",
    "WebhookClient",
    "check_address",
    "check_url",
    "sign_headers",
]

Verdict = Literal["delivered", "retry", "failed", "gone"]
_MAX_RETRY_AFTER_S: Final = 24 * 3600
#: Read at most this much of a response body (for the error message).
_MAX_ERROR_BODY: Final = 512


class OutboundRefused(Exception):
    """The URL points at an address this subscriber may not reach."""


def check_address(address: str) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise OutboundRefused(
            f"{address} is a loopback, private or link-local address; an operator must "
            "allow this subscriber to reach it (allow_private)"
        )


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse what can be refused without a lookup: bad schemes and private literals."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused(f"not an http(s) URL with a host: {url!r}")
    if allow_private:
        return
    host = parts.hostname
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            raise OutboundRefused(f"{host} is a loopback name") from None
        return  # a name: the guarded resolver checks what it resolves to
    check_address(host)


class _RefusedAddress(OSError):
    """Raised inside the connector's lookup; found again in aiohttp's wrapping error."""


def _refusal(exc: BaseException | None, depth: int = 0) -> _RefusedAddress | None:
    if exc is None or depth > 5:
        return None
    if isinstance(exc, _RefusedAddress):
        return exc
    for inner in (getattr(exc, "os_error", None), exc.__cause__, exc.__context__):
        if isinstance(inner, BaseException) and (found := _refusal(inner, depth + 1)):
            return found
    return None


class _GuardedResolver(AbstractResolver):
    """Resolves names, then refuses the lookup if any address is not public."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        for result in found:
            try:
                check_address(result["host"])
            except OutboundRefused as exc:
                raise _RefusedAddress(f"{host} resolves to {exc}") from exc
        return found

    async def close(self) -> None:
        await self._inner.close()


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    verdict: Verdict
    status_code: int | None = None
    latency_ms: float = 0.0
    error: str | None = None
    retry_after: dt.timedelta | None = None


def sign_headers(
    webhook: Webhook, delivery_id: str, when: dt.datetime, body: bytes
) -> dict[str, str]:
    signature = webhook.sign(msg_id=delivery_id, timestamp=when, data=body.decode())
    return {
        "content-type": "application/json",
        "user-agent": "releasebus",
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
    }


def _retry_after(value: str | None, now: dt.datetime) -> dt.timedelta | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - now).total_seconds()
    return dt.timedelta(seconds=min(max(seconds, 0.0), _MAX_RETRY_AFTER_S))


class WebhookClient:
    """Two pooled sessions: a guarded one, and one for subscribers allowed private URLs."""

    def __init__(self, *, timeout_s: float = 10.0, limit: int = 512, per_host: int = 64) -> None:
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.limit = limit
        self.per_host = per_host
        self._sessions: dict[bool, aiohttp.ClientSession] = {}
        self._signers: dict[str, Webhook] = {}

    def _session(self, allow_private: bool) -> aiohttp.ClientSession:
        session = self._sessions.get(allow_private)
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                limit=self.limit,
                limit_per_host=self.per_host,
                resolver=None if allow_private else _GuardedResolver(),
                ttl_dns_cache=60,
            )
            session = aiohttp.ClientSession(
                connector=connector, timeout=self.timeout, auto_decompress=False
            )
            self._sessions[allow_private] = session
        return session

    def signer(self, secret: str) -> Webhook:
        signer = self._signers.get(secret)
        if signer is None:
            signer = self._signers[secret] = Webhook(secret)
        return signer

    async def post(
        self,
        url: str,
        body: bytes,
        headers: dict[str, str],
        *,
        allow_private: bool,
        now: dt.datetime,
    ) -> Attempt:
        started = time.perf_counter()

        def took() -> float:
            return round((time.perf_counter() - started) * 1000, 3)

        try:
            check_url(url, allow_private=allow_private)
            async with self._session(allow_private).post(
                url, data=body, headers=headers, allow_redirects=False
            ) as response:
                status = response.status
                if 200 <= status < 300:
                    await response.read()
                    return Attempt(verdict="delivered", status_code=status, latency_ms=took())
                text = (await response.content.read(_MAX_ERROR_BODY)).decode(errors="replace")
                error = f"HTTP {status} {response.reason or ''}".strip()
                if text.strip():
                    error += f": {text.strip()[:200]}"
                verdict: Verdict
                if status == 410:
                    verdict = "gone"
                elif status in (408, 429) or status >= 500:
                    verdict = "retry"
                else:
                    verdict = "failed"
                return Attempt(
                    verdict=verdict,
                    status_code=status,
                    latency_ms=took(),
                    error=error,
                    retry_after=_retry_after(response.headers.get("Retry-After"), now),
                )
        except OutboundRefused as exc:
            return Attempt(verdict="failed", latency_ms=took(), error=f"refused: {exc}")
        except TimeoutError:
            return Attempt(verdict="retry", latency_ms=took(), error="timed out")
        except (aiohttp.ClientError, OSError) as exc:
            refused = _refusal(exc)
            if refused is not None:
                return Attempt(verdict="failed", latency_ms=took(), error=f"refused: {refused}")
            message = str(exc) or type(exc).__name__
            return Attempt(verdict="retry", latency_ms=took(), error=message[:300])

    async def close(self) -> None:
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()
        # aiohttp closes transports on the next loop iterations.
        await asyncio.sleep(0)
