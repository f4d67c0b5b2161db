"""Errors as RFC 9457 problem details (``application/problem+json``), naming the bad field.

Every error the API returns has ``type``, ``title``, ``status`` and ``detail``; errors about
the input add ``invalid_params``: a list of ``{"name": <field>, "reason": …}`` (the RFC's own
example extension), so a client can point at the field. Litestar's validation errors
(a query parameter that is not a date, a body that does not match its schema) are turned
into the same shape, as are the domain errors the API calls raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, Final

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap

__all__ = [
    "PROBLEMS",
    "PROBLEM_JSON",
    "InvalidParam",
    "Problem",
    "ProblemError",
    "documented",
    "exception_handlers",
    "field_of",
    "msgspec_field",
    "problem_response",
]

PROBLEM_JSON: Final = "application/problem+json"
_TYPES: Final = "https://releasebus.example/problems/"

log = structlog.get_logger("releasebus.api")


class InvalidParam(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    reason: str


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem details object."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalid_params: tuple[InvalidParam, ...] = ()


class ProblemError(HTTPException):
    """Raise to answer with a problem; ``field`` names the bad input, if there is one."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        field: str | None = None,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail=detail, status_code=status, headers=headers)
        self.field = field
        self.kind = kind


_FIELD_PREFIX: Final = re.compile(r"^([a-z_][a-z0-9_.]*): (.+)$", re.DOTALL)
_AT_PATH: Final = re.compile(r" - at `\$\.?([^`]*)`")
_NAMED: Final = re.compile(r"Object (?:missing required|contains unknown) field `([^`]+)`")


def msgspec_field(message: str) -> tuple[str | None, str]:
    """The field a msgspec validation message is about (``$.a.b``, or a missing or unknown
    field's name), and the message without the path."""
    at = _AT_PATH.search(message)
    path = at.group(1) if at else ""
    reason = _AT_PATH.sub("", message)
    named = _NAMED.search(reason)
    if named:
        path = ".".join(p for p in (path, named.group(1)) if p)
    return path or None, reason


def _documented(description: str) -> ResponseSpec:
    return ResponseSpec(
        Problem, description=description, media_type=PROBLEM_JSON, generate_examples=False
    )


#: The problem responses every API route may give, for the OpenAPI document.
PROBLEMS: Final[dict[int, ResponseSpec]] = {
    400: _documented("Bad input: `invalid_params` names the field"),
    401: _documented("No API key, or an unknown or revoked one"),
    403: _documented("The key's role may not do this"),
}


def documented(**more: str) -> dict[int, ResponseSpec]:
    """:data:`PROBLEMS` plus route-specific ones, e.g. ``documented(s404="no such release")``."""
    return {**PROBLEMS, **{int(k.removeprefix("s")): _documented(v) for k, v in more.items()}}


def field_of(message: str) -> tuple[str | None, str]:
    """Split ``"note: a correction needs a note"`` into the field and the reason."""
    match = _FIELD_PREFIX.match(message)
    return (match.group(1), match.group(2)) if match else (None, message)


def _params(exc: HTTPException) -> tuple[InvalidParam, ...]:
    if isinstance(exc, ProblemError):
        return (InvalidParam(name=exc.field, reason=exc.detail),) if exc.field else ()
    if not isinstance(exc, ValidationException) or not isinstance(exc.extra, list):
        return ()
    found = []
    for item in exc.extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid"))
        key = item.get("key")
        if not key or key == "data":  # a body error: msgspec names the path in the message
            path, message = msgspec_field(message)
            key = path or "body"
        found.append(InvalidParam(name=str(key), reason=message))
    return tuple(found)


def _slug(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "-")
    except ValueError:
        return "error"


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    detail: str | None,
    *,
    params: tuple[InvalidParam, ...] = (),
    kind: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = Problem(
        type=_TYPES + (kind or _slug(status)),
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        invalid_params=params,
    )
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    params = _params(exc)
    detail = exc.detail
    if isinstance(exc, ValidationException) and params:
        detail = "; ".join(f"{p.name}: {p.reason}" for p in params)
    return problem_response(
        request,
        exc.status_code,
        detail,
        params=params,
        kind=exc.kind if isinstance(exc, ProblemError) else None,
        headers=exc.headers,
    )


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.error(
        "api.failed",
        method=request.method,
        path=request.url.path,
        error=f"{type(exc).__name__}: {exc}",
        exc_info=exc,
    )
    return problem_response(request, 500, "an unexpected error; it has been logged")


HtmlErrors = Callable[[Request[Any, Any, Any], int, str], Response[Any] | None]


# A domain refusal (a ``ValueError`` subclass the API calls raise) and the problem it is.
Refusals = dict[type[Exception], Callable[[Any], "ProblemError"]]


def exception_handlers(
    html: HtmlErrors | None = None, refusals: Refusals | None = None
) -> ExceptionHandlersMap:
    """Problem details for every error; ``html`` may answer instead (the console's pages).

    ``refusals`` map the domain's refusals to their problem (a translation job that does not
    exist is a 404, one claimed by someone else a 409), wherever a route lets one through.
    """

    def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
        if html is not None and (page := html(request, exc.status_code, exc.detail)):
            return page
        return _http_error(request, exc)

    def refused(to_problem: Callable[[Any], ProblemError]) -> Callable[..., Response[Any]]:
        # Litestar already picked the handler by the refusal's type: answer with its problem.
        return lambda request, exc: http_error(request, to_problem(exc))

    def unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        response = _unexpected(request, exc)
        if html is not None and (page := html(request, 500, "an unexpected error")):
            return page
        return response

    handlers: ExceptionHandlersMap = {HTTPException: http_error, Exception: unexpected}
    handlers.update({kind: refused(to_problem) for kind, to_problem in (refusals or {}).items()})
    return handlers
