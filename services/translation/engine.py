"""Machine translation engines: the :class:`Engine` protocol and a LibreTranslate client.

An engine translates HTML fragments (see ``glossary.py``): plain text, escaped, with spans
marked ``translate="no"`` that must come back unchanged. :class:`LibreTranslateEngine` speaks
the LibreTranslate API (``POST /translate`` with ``{q, source, target, format, api_key}``,
answering ``{translatedText}``), sending all the texts of one release in one request (``q``
as a list) with ``format: "html"``.

The engine URL is operator configuration (``RELEASEBUS_TRANSLATE_URL``), not subscriber
input: it goes through the outbound guard of ``services/distribution/webhooks.py`` for its
scheme, with private addresses allowed, since a translation server usually runs next to the
bus on a private network. Release text goes to that server: point it only at one you trust.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol

import aiohttp
import msgspec

from services.distribution.webhooks import OutboundRefused, check_url

__all__ = ["Engine", "EngineError", "LibreTranslateEngine", "libretranslate"]

_MAX_ERROR: Final = 300


class EngineError(Exception):
    """The engine could not translate (unreachable, refused, or an unusable answer)."""


class Engine(Protocol):
    """Translates HTML fragments from ``source`` into ``target``, one answer per text."""

    @property
    def name(self) -> str: ...

    async def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]: ...


class _Answer(msgspec.Struct, frozen=True):
    translatedText: str | list[str]  # the API's field name


class _Error(msgspec.Struct, frozen=True):
    error: str = ""


class LibreTranslateEngine:
    """A LibreTranslate-compatible server."""

    name: Final = "libretranslate"

    def __init__(self, url: str, api_key: str | None = None, *, timeout_s: float = 60.0) -> None:
        try:
            check_url(url, allow_private=True)
        except OutboundRefused as exc:
            raise ValueError(f"RELEASEBUS_TRANSLATE_URL: {exc}") from None
        base = url.rstrip("/")
        self.url = base if base.endswith("/translate") else base + "/translate"
        self.api_key = api_key
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        if not texts:
            return []
        body: dict[str, object] = {
            "q": list(texts),
            "source": source,
            "target": target,
            "format": "html",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        try:
            # One session per call: a draft is one request, and nothing is left to close.
            async with (
                aiohttp.ClientSession(timeout=self.timeout) as session,
                session.post(self.url, json=body, allow_redirects=False) as response,
            ):
                raw = await response.read()
                status = response.status
        except TimeoutError:
            raise EngineError(f"{self.url} did not answer in time") from None
        except aiohttp.ClientError as exc:
            raise EngineError(f"{self.url}: {exc or type(exc).__name__}") from None
        if status != 200:
            try:
                detail = msgspec.json.decode(raw, type=_Error).error
            except msgspec.MsgspecError:
                detail = raw[:_MAX_ERROR].decode(errors="replace")
            raise EngineError(f"{self.url} answered HTTP {status}: {detail.strip()}")
        try:
            answer = msgspec.json.decode(raw, type=_Answer).translatedText
        except msgspec.MsgspecError as exc:
            raise EngineError(
                f"{self.url} answered something else than a translation: {exc}"
            ) from None
        got = [answer] if isinstance(answer, str) else answer
        if len(got) != len(texts):
            raise EngineError(f"{self.url} sent {len(got)} translations for {len(texts)} texts")
        return got


def libretranslate(
    url: str | None, api_key: str | None = None, timeout_s: float = 60.0
) -> LibreTranslateEngine | None:
    """The configured engine, or None when no URL is set (no machine drafts)."""
    return LibreTranslateEngine(url, api_key, timeout_s=timeout_s) if url else None
