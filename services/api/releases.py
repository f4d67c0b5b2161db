"""``/v1/releases``: submit, correct and withdraw (publishers); list, read and trace (readers).

Submitting calls :func:`services.ingestion.submit.submit`, the same function the inbound
stream and ``releasebus ingest`` use; corrections and withdrawals call
:mod:`services.publishing`, as ``releasebus correct`` / ``withdraw`` do. Reading uses the
projection (current state) and the event store (history, and state at a revision or time,
folded on the spot).

A submission is recorded before the answer: ``202 Accepted`` means the release's events are
stored (a release that cannot be parsed is stored as rejected, with its reasons, and the
answer says so). Enrichment, translation and delivery follow asynchronously; the status URL
shows how far they got.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIType,
    Operation,
    Reference,
    RequestBody,
    Schema,
)
from litestar.params import FromPath, JSONBody, Parameter

from schemas.events import AnyEvent, Problem
from schemas.inbound import MAX_SUBMISSION_BYTES, InboundRelease
from schemas.state import ReleaseState, fold, fold_until
from services.api.auth import allow, caller
from services.api.context import api_of, base_url
from services.api.problems import ProblemError, documented, field_of, msgspec_field
from services.distribution.operations import DeliveryRow, deliveries, resend
from services.ingestion.submit import Outcome, Submission, submit
from services.publishing import Changed, ChangeRefused, correct, withdraw

__all__ = ["ROUTES"]

_JSON: Final = "application/json"
_TEXT_TYPES: Final = ("text/plain", "text/markdown", "text/x-markdown")
_encode = msgspec.json.Encoder().encode


# --- answers ------------------------------------------------------------------------------


class SubmittedRelease(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    outcome: str
    revision: int
    title: str | None
    status_url: str
    start_line: int = 1
    changes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    reasons: tuple[Problem, ...] = ()


class Accepted(msgspec.Struct, frozen=True, kw_only=True):
    """What a submission became: one entry per release it held (a dump may hold several)."""

    release_id: str
    status_url: str
    releases: tuple[SubmittedRelease, ...]


class ChangeAccepted(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    outcome: str
    revision: int
    version: int
    changes: tuple[str, ...]
    status_url: str


class ReleaseSummary(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    status: str
    version: int
    revision: int
    title: str | None
    kind: str | None
    date: dt.date | None
    language: str | None
    countries: tuple[str, ...]
    updated_at: dt.datetime | None
    url: str


class ReleasePage(msgspec.Struct, frozen=True, kw_only=True):
    items: tuple[ReleaseSummary, ...]
    #: Pass as ``cursor`` for the next page; null on the last page.
    next_cursor: str | None
    next: str | None


class CorrectionRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A correction: what was corrected (``note``) and the corrected release, as a
    structured ``release`` or as raw ``text`` (one of the two)."""

    note: Annotated[str, msgspec.Meta(max_length=2000)]
    release: InboundRelease | None = None
    text: Annotated[str, msgspec.Meta(max_length=MAX_SUBMISSION_BYTES)] | None = None


class WithdrawalRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=2000)]


class ResendRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    subscriber_id: str
    version: Annotated[int, msgspec.Meta(ge=1)] | None = None


class Resent(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    subscriber_id: str
    delivery_ids: tuple[str, ...]


# --- helpers ------------------------------------------------------------------------------


def status_url(request: Request[Any, Any, Any], release_id: str) -> str:
    return f"{base_url(request)}/v1/releases/{release_id}"


def _json_response(
    value: object, status: int = 200, headers: dict[str, str] | None = None
) -> Response[bytes]:
    return Response(content=_encode(value), status_code=status, media_type=_JSON, headers=headers)


def _bad_json(exc: msgspec.ValidationError | msgspec.DecodeError) -> ProblemError:
    field, message = msgspec_field(str(exc))
    name = field or "body"
    if isinstance(exc, msgspec.ValidationError):  # (a subclass of DecodeError)
        return ProblemError(422, message, field=name, kind="invalid-field")
    return ProblemError(400, f"not valid JSON: {message}", field=name, kind="invalid-json")


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProblemError(400, f"not UTF-8 text: {exc}", field="body") from None


def refusal_problem(exc: ChangeRefused) -> ProblemError:
    """The problem a refusal is; the app's exception handler answers with it."""
    message = str(exc)
    name, reason = field_of(message)
    if message.startswith("no release"):
        return ProblemError(404, message, kind="no-such-release")
    if name is not None:
        return ProblemError(422, reason, field=name, kind="invalid-field")
    return ProblemError(409, message, kind="change-refused")


def _actor(request: Request[Any, Any, Any]) -> tuple[str, str]:
    key = caller(request)
    assert key is not None  # the route's guard accepted one
    return key.name, key.key_id


# --- submitting ---------------------------------------------------------------------------


@dataclass
class _SubmitOperation(Operation):
    """The request body of a submission, which Litestar cannot infer from a raw read."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description=(
                "A raw page dump holding one or more releases (text/plain or text/markdown), "
                "or one structured release (application/json, an InboundRelease)."
            ),
            content={
                "text/plain": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
                "text/markdown": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
                _JSON: OpenAPIMediaType(schema=Reference("#/components/schemas/InboundRelease")),
            },
        )


@post(
    "/v1/releases",
    guards=[allow("publish")],
    status_code=202,
    operation_class=_SubmitOperation,
    responses={
        **documented(
            s409="The Idempotency-Key is in use",
            s413="Too large",
            s415="Not text or JSON",
            s422="Invalid field",
        ),
        202: ResponseSpec(Accepted, description="Recorded", generate_examples=False),
    },
    tags=["publishing"],
    summary="Submit a release (raw text or JSON)",
)
async def submit_release(
    request: Request[Any, Any, Any],
    *,
    source_id: Annotated[
        str | None, Parameter(description="Upstream's id for the release", max_length=200)
    ] = None,
    source_url: Annotated[str | None, Parameter(max_length=2000)] = None,
    embargo_until: Annotated[
        dt.datetime | None, Parameter(description="Nothing is published before this time")
    ] = None,
    release_id: Annotated[
        str | None,
        Parameter(description="Submit to this release (e.g. a fixed rejected one)", max_length=200),
    ] = None,
    submitted_by: Annotated[
        str | None, Parameter(description="The person submitting", max_length=200)
    ] = None,
) -> Response[bytes]:
    """Record a submission; 202 with each release's id, outcome and status URL.

    `Idempotency-Key` makes a retry return the first answer. With JSON, the structured
    release's own `embargo_until`, `source_id` and `source_url` fields apply (query
    parameters take precedence). The source is the API key's name.
    """
    api = api_of(request)
    body = await request.body()
    if len(body) > MAX_SUBMISSION_BYTES:
        raise ProblemError(
            413, f"a submission is at most {MAX_SUBMISSION_BYTES} bytes", field="body"
        )
    if not body.strip():
        raise ProblemError(400, "the submission is empty", field="body")
    media_type = request.content_type[0].lower()
    if media_type == _JSON or media_type.endswith("+json"):
        try:
            msgspec.json.decode(body, type=InboundRelease)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise _bad_json(exc) from None
        fmt: Literal["text", "json"] = "json"
    elif media_type in _TEXT_TYPES:
        fmt = "text"
    else:
        raise ProblemError(
            415,
            f"send text/plain, text/markdown or {_JSON}, not {media_type or 'no Content-Type'}",
            field="Content-Type",
        )
    name, key_id = _actor(request)
    embargo = embargo_until
    if embargo is not None and embargo.tzinfo is None:
        embargo = embargo.replace(tzinfo=dt.UTC)
    submission = Submission(
        body=_text(body),
        source=name,
        format=fmt,
        submitted_by=submitted_by or f"api-key:{key_id}",
        source_id=source_id,
        source_url=source_url,
        release_id=release_id,
        embargo_until=embargo,
    )

    async def action() -> Response[bytes]:
        outcomes = await submit(api.bus.store, api.bus.clock, submission)
        return _accepted(request, outcomes)

    return await api.idempotency.run(request, key_id, body, action)


def _accepted(request: Request[Any, Any, Any], outcomes: list[Outcome]) -> Response[bytes]:
    releases = tuple(
        SubmittedRelease(
            release_id=o.release_id,
            outcome=o.outcome,
            revision=o.revision,
            title=o.title,
            status_url=status_url(request, o.release_id),
            start_line=o.start_line,
            changes=o.changes,
            warnings=o.warnings,
            reasons=o.reasons,
        )
        for o in outcomes
    )
    first = releases[0]
    answer = Accepted(release_id=first.release_id, status_url=first.status_url, releases=releases)
    return _json_response(answer, 202, {"Location": first.status_url})


def _change_accepted(request: Request[Any, Any, Any], changed: Changed) -> Response[bytes]:
    url = status_url(request, changed.release_id)
    answer = ChangeAccepted(
        release_id=changed.release_id,
        outcome=changed.outcome,
        revision=changed.revision,
        version=changed.version,
        changes=changed.changes,
        status_url=url,
    )
    return _json_response(answer, 202, {"Location": url})


@post(
    "/v1/releases/{release_id:str}/corrections",
    guards=[allow("publish")],
    status_code=202,
    responses={
        **documented(s404="No such release", s409="Not correctable now", s422="Invalid field"),
        202: ResponseSpec(ChangeAccepted, description="Recorded", generate_examples=False),
    },
    tags=["publishing"],
    summary="Correct a published release",
)
async def correct_release(
    request: Request[Any, Any, Any], release_id: FromPath[str], data: JSONBody[CorrectionRequest]
) -> Response[bytes]:
    """Everyone who received an earlier version gets the correction, with the note."""
    api = api_of(request)
    if (data.release is None) == (data.text is None):
        raise ProblemError(
            422, "give the corrected release as `release` or as `text`", field="release"
        )
    name, key_id = _actor(request)
    if data.release is not None:
        submission = Submission(body=_encode(data.release).decode(), source=name, format="json")
    else:
        assert data.text is not None
        submission = Submission(body=data.text, source=name, format="text")

    async def action() -> Response[bytes]:
        changed = await correct(
            api.bus.store, api.bus.clock, release_id, submission, data.note, actor=name
        )
        return _change_accepted(request, changed)

    return await api.idempotency.run(request, key_id, await request.body(), action)


@post(
    "/v1/releases/{release_id:str}/withdrawal",
    guards=[allow("publish")],
    status_code=202,
    responses={
        **documented(s404="No such release", s409="Changed meanwhile", s422="Invalid field"),
        202: ResponseSpec(ChangeAccepted, description="Recorded", generate_examples=False),
    },
    tags=["publishing"],
    summary="Withdraw a release",
)
async def withdraw_release(
    request: Request[Any, Any, Any], release_id: FromPath[str], data: JSONBody[WithdrawalRequest]
) -> Response[bytes]:
    """Recipients get a withdrawal notice; feeds keep a tombstone. Withdrawing twice is a no-op."""
    api = api_of(request)
    name, key_id = _actor(request)

    async def action() -> Response[bytes]:
        changed = await withdraw(api.bus.store, api.bus.clock, release_id, data.reason, actor=name)
        return _change_accepted(request, changed)

    return await api.idempotency.run(request, key_id, await request.body(), action)


# --- reading ------------------------------------------------------------------------------


def _cursor(release_id: str) -> str:
    return base64.urlsafe_b64encode(_encode({"after": release_id})).decode().rstrip("=")


class _Cursor(msgspec.Struct, frozen=True):
    after: str


def _after(cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return msgspec.json.decode(raw, type=_Cursor).after
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise ProblemError(400, "not a cursor this API handed out", field="cursor") from None


def summary(request: Request[Any, Any, Any], state: ReleaseState) -> ReleaseSummary:
    content = state.content
    enrichment = state.enrichment
    return ReleaseSummary(
        release_id=state.release_id,
        status=state.status,
        version=state.version,
        revision=state.revision,
        title=content.title if content else None,
        kind=content.kind if content else None,
        date=content.date if content else None,
        language=(enrichment and enrichment.language) or (content and content.language) or None,
        countries=enrichment.countries if enrichment else (),
        updated_at=state.updated_at,
        url=status_url(request, state.release_id),
    )


@get(
    "/v1/releases",
    guards=[allow("read")],
    tags=["reading"],
    summary="List releases",
    responses=documented(),
)
async def list_releases(
    request: Request[Any, Any, Any],
    *,
    kind: Annotated[str | None, Parameter(description='e.g. "Readout", "Press Statement"')] = None,
    country: Annotated[
        str | None, Parameter(description="ISO 3166-1 alpha-2", pattern="^[A-Za-z]{2}$")
    ] = None,
    language: Annotated[
        str | None, Parameter(description="ISO 639-1", pattern="^[a-z]{2}$")
    ] = None,
    status: Annotated[
        str | None,
        Parameter(description="received, rejected, embargoed, published or withdrawn"),
    ] = None,
    since: Annotated[dt.date | None, Parameter(description="Release date from (inclusive)")] = None,
    until: Annotated[dt.date | None, Parameter(description="Release date to (inclusive)")] = None,
    limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Parameter(description="From the previous page")] = None,
) -> ReleasePage:
    """Releases matching every filter given, by release id, a page at a time."""
    api = api_of(request)
    if since and until and since > until:
        raise ProblemError(400, "since is after until", field="since")
    ids = await api.bus.projection.find(
        kind=kind,
        country=country.upper() if country else None,
        language=language,
        status=status,
        since=since,
        until=until,
    )
    start = 0
    if cursor is not None:
        start = bisect.bisect_right(ids, _after(cursor))
    chosen = ids[start : start + limit]
    states = [await api.bus.projection.get(rid) for rid in chosen]
    items = tuple(summary(request, s) for s in states if s is not None)
    more = start + limit < len(ids) and bool(chosen)
    next_cursor = _cursor(chosen[-1]) if more else None
    next_url = None
    if next_cursor is not None:
        query = request.url.query_params.dict()
        query["cursor"] = [next_cursor]
        next_url = f"{base_url(request)}/v1/releases?{urlencode(query, doseq=True)}"
    return ReleasePage(items=items, next_cursor=next_cursor, next=next_url)


async def release_state(
    request: Request[Any, Any, Any],
    release_id: str,
    *,
    at_revision: int | None = None,
    at: dt.datetime | None = None,
) -> ReleaseState:
    """The state now (the projection, else a fold), or as it was at a revision or time."""
    api = api_of(request)
    if at_revision is None and at is None:
        state = await api.bus.projection.get(release_id)
        events = [] if state is not None else await api.bus.store.history(release_id)
        if state is None and events:
            state = fold(events)  # the projector has not caught up with a new release yet
        if state is None:
            raise ProblemError(404, f"no release {release_id}", kind="no-such-release")
        return state
    events = await api.bus.store.history(release_id, until_revision=at_revision)
    if not events:
        raise ProblemError(404, f"no release {release_id}", kind="no-such-release")
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    kept = [e for e in events if at is None or (e.recorded_at or e.occurred_at) <= at]
    if not kept:
        raise ProblemError(404, f"release {release_id} had no events yet at {at}", field="at")
    return fold_until(kept)


@get(
    "/v1/releases/{release_id:str}",
    guards=[allow("read")],
    responses={
        **documented(s404="No such release"),
        200: ResponseSpec(ReleaseState, description="The state", generate_examples=False),
    },
    tags=["reading"],
    summary="A release's state (now, or at a revision or time)",
)
async def get_release(
    request: Request[Any, Any, Any],
    release_id: FromPath[str],
    at_revision: Annotated[
        int | None, Parameter(ge=1, description="State after this revision")
    ] = None,
    at: Annotated[
        dt.datetime | None, Parameter(description="State as it was at this time (UTC if no offset)")
    ] = None,
) -> Response[bytes]:
    """The fold of the release's events; `ETag` is the revision, so polling is cheap."""
    if at_revision is not None and at is not None:
        raise ProblemError(400, "give at_revision or at, not both", field="at")
    state = await release_state(request, release_id, at_revision=at_revision, at=at)
    etag = f'W/"r{state.revision}"'
    headers = {"ETag": etag, "Link": f'</v1/releases/{release_id}/events>; rel="history"'}
    if (
        request.headers.get("if-none-match") in (etag, etag[2:])
        and at_revision is None
        and at is None
    ):
        return Response(content=b"", status_code=304, headers=headers)
    return _json_response(state, headers=headers)


@get(
    "/v1/releases/{release_id:str}/events",
    guards=[allow("read")],
    tags=["reading"],
    summary="A release's event timeline",
    responses=documented(s404="No such release"),
)
async def release_events(
    request: Request[Any, Any, Any],
    release_id: FromPath[str],
    after_revision: Annotated[int, Parameter(ge=0, description="Only events after this")] = 0,
) -> list[AnyEvent]:
    """Every event of the release in order (the source of truth its state is folded from)."""
    api = api_of(request)
    events = await api.bus.store.history(release_id, after_revision=after_revision)
    if not events and not await api.bus.store.revision(release_id):
        raise ProblemError(404, f"no release {release_id}", kind="no-such-release")
    return events


@get(
    "/v1/releases/{release_id:str}/deliveries",
    guards=[allow("operate")],
    tags=["operating"],
    summary="Who received which version, when",
    responses=documented(s404="No such release"),
)
async def release_deliveries(
    request: Request[Any, Any, Any], release_id: FromPath[str]
) -> list[DeliveryRow]:
    """Every delivery of the release, in the order they were scheduled."""
    try:
        return await deliveries(api_of(request).bus, release_id)
    except KeyError:
        raise ProblemError(404, f"no release {release_id}", kind="no-such-release") from None


@post(
    "/v1/releases/{release_id:str}/resend",
    guards=[allow("operate")],
    status_code=202,
    tags=["operating"],
    summary="Send a subscriber its deliveries of a release again",
    responses=documented(s404="No such release"),
)
async def resend_release(
    request: Request[Any, Any, Any], release_id: FromPath[str], data: JSONBody[ResendRequest]
) -> Resent:
    """Same delivery ids and sequence numbers, so a receiver that has them can drop them."""
    bus = api_of(request).bus
    try:
        ids = await resend(bus, release_id, data.subscriber_id, version=data.version)
    except KeyError as exc:
        raise ProblemError(404, str(exc.args[0]), field="subscriber_id") from None
    return Resent(release_id=release_id, subscriber_id=data.subscriber_id, delivery_ids=tuple(ids))


ROUTES: Final = [
    submit_release,
    correct_release,
    withdraw_release,
    list_releases,
    get_release,
    release_events,
    release_deliveries,
    resend_release,
]
