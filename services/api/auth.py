"""The guards that check API keys on every route (keys themselves: :mod:`services.api.keys`).

A request names its key with ``Authorization: Bearer <key>`` or ``X-API-Key``; the console's
pages also accept the key in the console's cookie. A route's guard names the permission it
needs (``read``, ``publish``, ``translate``, ``operate``).
"""

from __future__ import annotations

from typing import Final

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from services.api.keys import PERMISSIONS, ROLES, ApiKey, ApiKeys, Permission, Role

__all__ = [
    "COOKIE",
    "PERMISSIONS",
    "ROLES",
    "ApiKey",
    "ApiKeys",
    "Permission",
    "Role",
    "allow",
    "caller",
]

#: The console's cookie: the key itself, HttpOnly and SameSite=Strict.
COOKIE: Final = "releasebus_key"


def _token(connection: ASGIConnection, *, cookie: bool) -> str | None:  # type: ignore[type-arg]
    header = connection.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    if key := connection.headers.get("x-api-key"):
        return key
    if cookie:
        return connection.cookies.get(COOKIE)
    return None


def caller(connection: ASGIConnection) -> ApiKey | None:  # type: ignore[type-arg]
    """The key a guard accepted for this request (None on public routes)."""
    key = connection.scope.get("state", {}).get("api_key")
    return key if isinstance(key, ApiKey) else None


def allow(permission: Permission, *, public: bool = False, cookie: bool = False) -> Guard:
    """A guard: the request needs a key whose role grants ``permission``.

    ``public`` lets requests without a key through (a key that is sent is still checked);
    ``cookie`` also accepts the console's cookie.
    """
    roles = PERMISSIONS[permission]

    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:  # type: ignore[type-arg]
        token = _token(connection, cookie=cookie)
        if token is None:
            if public:
                return
            raise NotAuthorizedException(
                "an API key is needed: Authorization: Bearer <key>",
                headers={"WWW-Authenticate": 'Bearer realm="releasebus"'},
            )
        api_keys: ApiKeys = connection.app.state["api_keys"]
        key = await api_keys.verify(token)
        if key is None:
            raise NotAuthorizedException(
                "the API key is unknown or revoked",
                headers={"WWW-Authenticate": 'Bearer realm="releasebus", error="invalid_token"'},
            )
        if key.role not in roles:
            raise PermissionDeniedException(
                f"role {key.role} may not {permission}: needs {' or '.join(sorted(roles))}"
            )
        connection.scope.setdefault("state", {})["api_key"] = key

    return guard
