"""``/v1/translations``: the queue, claims, submissions and reviews, for translators.

Every route calls the workflow of :mod:`services.translation.workflow`, as ``releasebus
translations …`` does. The person acting is the API key's name (a translator's key is made
with ``releasebus keys create --role translator --name "Ana (fr)"``). A refusal (a job
someone else holds, a stale revision, a file whose paragraphs do not match the original's,
reviewing one's own translation) is a 409 problem saying why; an unknown job a 404.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, JSONBody, Parameter

from schemas.state import TranslationJob
from services.api.auth import allow, caller
from services.api.context import api_of
from services.api.problems import ProblemError, documented
from services.translation.jobs import TranslationRefused
from services.translation.queue import JobRow
from services.translation.submission import SubmissionFile
from services.translation.workflow import JobDetail, Translations, Turnaround

__all__ = ["ROUTES"]

_TRANSLATE: Final = [allow("translate")]


class Claim(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    #: How long the claim holds (default: the configured lease).
    lease_s: Annotated[float, msgspec.Meta(gt=0, le=30 * 86_400)] | None = None


class ClaimNext(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    language: Annotated[str, msgspec.Meta(pattern="^[a-z]{2}$")]
    lease_s: Annotated[float, msgspec.Meta(gt=0, le=30 * 86_400)] | None = None


class Changes(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


def _workflow(request: Request[Any, Any, Any]) -> Translations:
    bus = api_of(request).bus
    return Translations(
        bus.store, bus.registry, bus.clock, lease_s=bus.settings.translation_lease_s
    )


def _person(request: Request[Any, Any, Any]) -> str:
    key = caller(request)
    assert key is not None  # the guard accepted one
    return key.name


def refusal_problem(exc: TranslationRefused) -> ProblemError:
    """The problem a refusal is; the app's exception handler answers with it."""
    message = str(exc)
    if message.startswith(("no translation job", "no release")):
        return ProblemError(404, message, kind="no-such-job")
    return ProblemError(409, message, kind="translation-refused")


@get(
    "/v1/translations/jobs",
    guards=_TRANSLATE,
    tags=["translation"],
    summary="The queue",
    responses=documented(),
)
async def list_jobs(
    request: Request[Any, Any, Any],
    *,
    language: Annotated[str | None, Parameter(pattern="^[a-z]{2}$")] = None,
    status: Annotated[
        str | None, Parameter(description="requested, claimed, submitted, approved …")
    ] = None,
) -> list[JobRow]:
    """Jobs in queue order (due first, then by priority and age)."""
    return await _workflow(request).jobs(language, status)


@get(
    "/v1/translations/jobs/{job_id:str}",
    guards=_TRANSLATE,
    tags=["translation"],
    summary="One job, with the original",
    responses=documented(s404="No such job"),
)
async def show_job(request: Request[Any, Any, Any], job_id: FromPath[str]) -> JobDetail:
    return await _workflow(request).show(job_id)


@get(
    "/v1/translations/jobs/{job_id:str}/template",
    guards=_TRANSLATE,
    tags=["translation"],
    summary="The file to translate in place",
    responses=documented(s404="No such job"),
)
async def job_template(request: Request[Any, Any, Any], job_id: FromPath[str]) -> SubmissionFile:
    """The original's text (or the latest draft's) in the submission format."""
    return await _workflow(request).template(job_id)


@post(
    "/v1/translations/jobs/{job_id:str}/claim",
    guards=_TRANSLATE,
    status_code=200,
    tags=["translation"],
    summary="Claim a job (or renew your lease)",
    responses=documented(s404="No such job", s409="Refused"),
)
async def claim_job(
    request: Request[Any, Any, Any], job_id: FromPath[str], data: JSONBody[Claim]
) -> TranslationJob:
    return await _workflow(request).claim(job_id, _person(request), lease_s=data.lease_s)


@post(
    "/v1/translations/claim-next",
    guards=_TRANSLATE,
    status_code=200,
    tags=["translation"],
    summary="Claim the next free job of a language",
    responses=documented(s409="Refused"),
)
async def claim_next(
    request: Request[Any, Any, Any], data: JSONBody[ClaimNext]
) -> Response[TranslationJob | None]:
    """204 when no job of that language is free."""
    job = await _workflow(request).claim_next(data.language, _person(request), lease_s=data.lease_s)
    if job is None:
        return Response(None, status_code=204)
    return Response(job)


@post(
    "/v1/translations/jobs/{job_id:str}/submission",
    guards=_TRANSLATE,
    status_code=200,
    tags=["translation"],
    summary="Hand in a translation (the template's format)",
    responses=documented(s404="No such job", s409="Refused"),
)
async def submit_translation(
    request: Request[Any, Any, Any], job_id: FromPath[str], data: JSONBody[SubmissionFile]
) -> TranslationJob:
    return await _workflow(request).submit(job_id, _person(request), data)


@post(
    "/v1/translations/jobs/{job_id:str}/approval",
    guards=_TRANSLATE,
    status_code=200,
    tags=["translation"],
    summary="Approve a submitted translation (not your own)",
    responses=documented(s404="No such job", s409="Refused"),
)
async def approve_translation(
    request: Request[Any, Any, Any], job_id: FromPath[str]
) -> TranslationJob:
    """Subscribers who want the language receive it once it is approved."""
    return await _workflow(request).approve(job_id, _person(request))


@post(
    "/v1/translations/jobs/{job_id:str}/changes",
    guards=_TRANSLATE,
    status_code=200,
    tags=["translation"],
    summary="Send a translation back with the changes it needs",
    responses=documented(s404="No such job", s409="Refused"),
)
async def request_changes(
    request: Request[Any, Any, Any], job_id: FromPath[str], data: JSONBody[Changes]
) -> TranslationJob:
    return await _workflow(request).request_changes(job_id, _person(request), data.reason)


@get(
    "/v1/translations/turnaround",
    guards=_TRANSLATE,
    tags=["translation"],
    summary="Requested → approved times, per language",
    responses=documented(),
)
async def turnaround(request: Request[Any, Any, Any]) -> list[Turnaround]:
    return await _workflow(request).turnaround()


ROUTES: Final = [
    list_jobs,
    show_job,
    job_template,
    claim_job,
    claim_next,
    submit_translation,
    approve_translation,
    request_changes,
    turnaround,
]
