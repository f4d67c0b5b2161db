"""Operator routes: subscribers, consumer groups, dead letters, replays, rebuild.

Each calls what the CLI command of the same name calls: the subscriber registry
(``releasebus subscribers …``), :meth:`Bus.status` (``status``), the dead-letter methods of
the bus (``dlq …``), :func:`services.distribution.operations.replay_distribution` (``replay
distribution``), :func:`services.enrichment.replay.replay_enrichment` (``replay
enrichment``) and :func:`services.projector.rebuild` (``rebuild``). All need an operator key.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final

import msgspec
from litestar import Request, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody, Parameter

from schemas.subscribers import Subscriber, SubscriberSpec
from services._runtime import DeadLetter, GroupStatus
from services.api.auth import allow, caller
from services.api.context import api_of
from services.api.problems import ProblemError, documented
from services.distribution.operations import ReplayReport, replay_distribution
from services.distribution.registry import (
    ConflictError,
    SpecError,
    SubscriberExistsError,
    UnknownSubscriberError,
)
from services.enrichment.replay import replay_enrichment
from services.projector import RebuildReport, rebuild

__all__ = ["ROUTES"]

_OPERATE: Final = [allow("operate")]


class NewSubscriber(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    spec: SubscriberSpec
    #: Default: made from the name.
    subscriber_id: str | None = None
    #: The webhook's signing secret (``whsec_…``); default: one is generated and returned once.
    secret: str | None = None


class SubscriberChange(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    spec: SubscriberSpec
    #: Refuse the change (409) unless the subscriber is still at this revision.
    expected_revision: int | None = None
    rotate_secret: bool = False


class Registered(msgspec.Struct, frozen=True, kw_only=True):
    subscriber: Subscriber
    #: A generated webhook secret, shown this once.
    secret: str | None = None


class Reason(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class OptionalReason(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reason: str | None = None


class ReplayRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    #: Only deliveries scheduled since then.
    since: dt.datetime | None = None


class EnrichmentReplayRequest(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True
):
    #: Log entry id to start after.
    after: str = "0-0"
    #: Only releases with content recorded since then.
    since: dt.datetime | None = None


class Retried(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    handled: bool
    error: str | None = None


def _spec_problem(exc: SpecError, prefix: str = "spec") -> ProblemError:
    name = exc.field if exc.field in (None, "id", "secret", "reason") else f"{prefix}.{exc.field}"
    if exc.field == "id":
        name = "subscriber_id"
    return ProblemError(422, exc.message, field=name, kind="invalid-field")


def _actor(request: Request[Any, Any, Any]) -> str | None:
    key = caller(request)
    return None if key is None else f"{key.name} ({key.key_id})"


# --- subscribers ------------------------------------------------------------------------------


@get(
    "/v1/subscribers",
    guards=_OPERATE,
    tags=["subscribers"],
    summary="Every subscriber",
    responses=documented(),
)
async def list_subscribers(request: Request[Any, Any, Any]) -> list[Subscriber]:
    return await api_of(request).bus.registry.all()


@post(
    "/v1/subscribers",
    guards=_OPERATE,
    status_code=201,
    tags=["subscribers"],
    summary="Register a subscriber",
    responses=documented(s409="The id is taken", s422="Invalid field"),
)
async def register_subscriber(
    request: Request[Any, Any, Any], data: JSONBody[NewSubscriber]
) -> Registered:
    """A webhook's generated signing secret is in the answer, this once."""
    registry = api_of(request).bus.registry
    try:
        subscriber, secret = await registry.register(
            data.spec, subscriber_id=data.subscriber_id, secret=data.secret, actor=_actor(request)
        )
    except SpecError as exc:
        raise _spec_problem(exc) from None
    except SubscriberExistsError as exc:
        raise ProblemError(409, str(exc), field="subscriber_id", kind="exists") from None
    return Registered(subscriber=subscriber, secret=secret)


def _unknown(subscriber_id: str) -> ProblemError:
    return ProblemError(404, f"no subscriber {subscriber_id}", kind="no-such-subscriber")


@get(
    "/v1/subscribers/{subscriber_id:str}",
    guards=_OPERATE,
    tags=["subscribers"],
    summary="One subscriber",
    responses=documented(s404="No such subscriber"),
)
async def get_subscriber(
    request: Request[Any, Any, Any], subscriber_id: FromPath[str]
) -> Subscriber:
    found = await api_of(request).bus.registry.get(subscriber_id)
    if found is None:
        raise _unknown(subscriber_id)
    return found


@put(
    "/v1/subscribers/{subscriber_id:str}",
    guards=_OPERATE,
    tags=["subscribers"],
    summary="Replace a subscriber's spec",
    responses=documented(s404="No such subscriber", s409="Revision conflict", s422="Invalid field"),
)
async def update_subscriber(
    request: Request[Any, Any, Any], subscriber_id: FromPath[str], data: JSONBody[SubscriberChange]
) -> Registered:
    registry = api_of(request).bus.registry
    try:
        subscriber, secret = await registry.update(
            subscriber_id,
            data.spec,
            expected_revision=data.expected_revision,
            rotate_secret=data.rotate_secret,
            actor=_actor(request),
        )
    except SpecError as exc:
        raise _spec_problem(exc) from None
    except UnknownSubscriberError:
        raise _unknown(subscriber_id) from None
    except ConflictError as exc:
        raise ProblemError(
            409, str(exc), field="expected_revision", kind="revision-conflict"
        ) from None
    return Registered(subscriber=subscriber, secret=secret)


@post(
    "/v1/subscribers/{subscriber_id:str}/disable",
    guards=_OPERATE,
    status_code=200,
    tags=["subscribers"],
    summary="Stop deliveries to a subscriber",
    responses=documented(s404="No such subscriber", s422="Invalid field"),
)
async def disable_subscriber(
    request: Request[Any, Any, Any], subscriber_id: FromPath[str], data: JSONBody[Reason]
) -> Subscriber:
    try:
        return await api_of(request).bus.registry.disable(
            subscriber_id, data.reason, actor=_actor(request)
        )
    except SpecError as exc:
        raise _spec_problem(exc) from None
    except UnknownSubscriberError:
        raise _unknown(subscriber_id) from None


@post(
    "/v1/subscribers/{subscriber_id:str}/enable",
    guards=_OPERATE,
    status_code=200,
    tags=["subscribers"],
    summary="Resume deliveries to a subscriber",
    responses=documented(s404="No such subscriber"),
)
async def enable_subscriber(
    request: Request[Any, Any, Any], subscriber_id: FromPath[str], data: JSONBody[OptionalReason]
) -> Subscriber:
    try:
        return await api_of(request).bus.registry.enable(
            subscriber_id, reason=data.reason, actor=_actor(request)
        )
    except UnknownSubscriberError:
        raise _unknown(subscriber_id) from None


@post(
    "/v1/subscribers/{subscriber_id:str}/replay",
    guards=_OPERATE,
    status_code=202,
    tags=["subscribers"],
    summary="Redeliver what a subscriber was sent",
    responses=documented(s404="No such subscriber"),
)
async def replay_subscriber(
    request: Request[Any, Any, Any], subscriber_id: FromPath[str], data: JSONBody[ReplayRequest]
) -> ReplayReport:
    """With the original delivery ids; the running distribution service sends them."""
    try:
        return await replay_distribution(api_of(request).bus, subscriber_id, since=data.since)
    except KeyError:
        raise _unknown(subscriber_id) from None


# --- consumer groups, dead letters, replays, rebuild --------------------------------------


@get(
    "/v1/status",
    guards=_OPERATE,
    tags=["operating"],
    summary="Consumer groups",
    responses=documented(),
)
async def group_status(request: Request[Any, Any, Any]) -> list[GroupStatus]:
    """Per group and stream: lag, pending, oldest pending, consumers, dead letters."""
    return await api_of(request).bus.status()


@get(
    "/v1/dead-letters",
    guards=_OPERATE,
    tags=["operating"],
    summary="Dead letters",
    responses=documented(),
)
async def list_dead_letters(request: Request[Any, Any, Any]) -> list[DeadLetter]:
    return await api_of(request).bus.dead_letters()


async def _dead_letter(
    request: Request[Any, Any, Any], dead_id: str, stream: str | None
) -> DeadLetter:
    try:
        return await api_of(request).bus.find_dead_letter(dead_id, stream)
    except KeyError as exc:
        message = str(exc.args[0])
        if "several" in message:
            raise ProblemError(409, message, field="stream") from None
        raise ProblemError(404, message, kind="no-such-dead-letter") from None


_Stream = Annotated[
    str | None, Parameter(description="The dead-letter stream, when the id is in several")
]


@get(
    "/v1/dead-letters/{dead_id:str}",
    guards=_OPERATE,
    tags=["operating"],
    summary="One dead letter, with the original entry",
    responses=documented(s404="No such dead letter", s409="Name the stream"),
)
async def get_dead_letter(
    request: Request[Any, Any, Any], dead_id: FromPath[str], stream: _Stream = None
) -> DeadLetter:
    return await _dead_letter(request, dead_id, stream)


@post(
    "/v1/dead-letters/{dead_id:str}/retry",
    guards=_OPERATE,
    status_code=200,
    tags=["operating"],
    summary="Hand a dead letter to its group again",
    responses=documented(s404="No such dead letter"),
)
async def retry_dead_letter(
    request: Request[Any, Any, Any], dead_id: FromPath[str], stream: _Stream = None
) -> Response[Retried]:
    """200 when it was handled (and left the queue); 409 with the new error when it failed."""
    dead = await _dead_letter(request, dead_id, stream)
    error = await api_of(request).bus.retry_dead_letter(dead)
    if error:
        return Response(Retried(id=dead_id, handled=False, error=error), status_code=409)
    return Response(Retried(id=dead_id, handled=True))


@delete(
    "/v1/dead-letters/{dead_id:str}",
    guards=_OPERATE,
    tags=["operating"],
    summary="Drop a dead letter for good",
    responses=documented(s404="No such dead letter", s409="Name the stream"),
)
async def drop_dead_letter(
    request: Request[Any, Any, Any], dead_id: FromPath[str], stream: _Stream = None
) -> None:
    """The event itself stays in the store; only the work item goes."""
    dead = await _dead_letter(request, dead_id, stream)
    await api_of(request).bus.drop_dead_letter(dead)


class EnrichmentReplayReport(msgspec.Struct, frozen=True, kw_only=True):
    releases: int
    changed: int
    fields: dict[str, int]


@post(
    "/v1/replay/enrichment",
    guards=_OPERATE,
    status_code=200,
    tags=["operating"],
    summary="Re-enrich past releases",
    responses=documented(),
)
async def replay_enrichment_route(
    request: Request[Any, Any, Any], data: JSONBody[EnrichmentReplayRequest]
) -> EnrichmentReplayReport:
    """After a gazetteer update: appends a new enrichment only where the result changed."""
    bus = api_of(request).bus
    report = await replay_enrichment(bus.store, bus.clock, after=data.after, since=data.since)
    return EnrichmentReplayReport(
        releases=report.releases, changed=report.changed, fields=dict(report.fields)
    )


@post(
    "/v1/rebuild",
    guards=_OPERATE,
    status_code=200,
    tags=["operating"],
    summary="Rebuild",
    responses=documented(s409="A rebuild is running"),
)
async def rebuild_projection(request: Request[Any, Any, Any]) -> RebuildReport:
    """Fold the whole log into a fresh projection, then swap it in (409 if one is running)."""
    api = api_of(request)
    if api.rebuilding.locked():
        raise ProblemError(409, "a rebuild is running already", kind="rebuild-running")
    async with api.rebuilding:
        return await rebuild(api.bus.projection)


ROUTES: Final = [
    list_subscribers,
    register_subscriber,
    get_subscriber,
    update_subscriber,
    disable_subscriber,
    enable_subscriber,
    replay_subscriber,
    group_status,
    list_dead_letters,
    get_dead_letter,
    retry_dead_letter,
    drop_dead_letter,
    replay_enrichment_route,
    rebuild_projection,
]
