"""The HTTP API and the operator console (Litestar), served by ``releasebus up``.

``create_app(bus, settings)`` (:mod:`services.api.app`) builds the app on a wired bus;
:func:`services.api.server.serve` runs it with uvicorn in the bus's event loop. The package
itself imports nothing heavy, so ``releasebus keys …`` starts without the web stack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from services.api.app import create_app  # noqa: PLC0415 - loads Litestar on demand

        return create_app
    raise AttributeError(name)
