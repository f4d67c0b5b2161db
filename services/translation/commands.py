"""``releasebus translations …``: the queue, claims, submissions and reviews.

Every command calls the workflow (``services/translation/workflow.py``), which the HTTP API
calls too. A refusal (a job someone else holds, a stale revision, a file whose paragraphs do
not match the original's) prints one line and exits 1; nothing is recorded then.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import msgspec
import typer
from rich.table import Table

from schemas.state import TranslationJob
from services._cli_support import (
    AsJson,
    CommandError,
    DataDir,
    _print_json,
    _run,
    _settings,
    _with_bus,
    err,
    out,
)
from services._runtime import Bus, parse_durations
from services.translation.jobs import TranslationRefused, effective_status
from services.translation.queue import JobRow
from services.translation.submission import TranslationFileError, parse_file
from services.translation.workflow import Translations

__all__ = ["translations_app"]

translations_app = typer.Typer(
    help="Translation jobs: the queue by language, claims, submissions and reviews.",
    no_args_is_help=True,
)

T = TypeVar("T")

JobArgument = Annotated[str, typer.Argument(metavar="JOB", help="The job id (see list).")]
Person = Annotated[
    str | None,
    typer.Option("--as", help="Who you are (default: the USER environment variable)."),
]
_STATES = ("requested", "claimed", "submitted", "changes_requested", "approved", "stale")


def _call(data_dir: Path | None, action: Callable[[Translations], Awaitable[T]]) -> T:
    """Run ``action`` on the workflow of the configured bus; its refusals exit 1."""

    async def with_workflow(bus: Bus) -> T:
        workflow = Translations(
            bus.store, bus.registry, bus.clock, lease_s=bus.settings.translation_lease_s
        )
        return await action(workflow)

    try:
        return _run(_with_bus(_settings(data_dir), with_workflow))
    except TranslationRefused as exc:
        raise CommandError(str(exc)) from None


def _person(name: str | None) -> str:
    chosen = name or os.environ.get("USER") or ""
    if not chosen.strip():
        raise typer.BadParameter("say who you are", param_hint="--as")
    return chosen


def _ago(when: dt.datetime | None, now: dt.datetime) -> str:
    return "" if when is None else _span((now - when).total_seconds())


def _span(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m"
    if seconds < 172_800:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / 86400:.1f}d"


def _stamp(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M") if when else ""


def _job_line(job: TranslationJob) -> str:
    holder = f" by {job.translator}" if job.translator else ""
    lease = f" until {_stamp(job.lease_until)} UTC" if job.status == "claimed" else ""
    return f"{job.job_id}: {job.status}{holder}{lease}"


@translations_app.command("list")
def list_jobs(
    lang: Annotated[str | None, typer.Option("--lang", help="Only this target language.")] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help=f"Only jobs in this state ({', '.join(_STATES)}, cancelled)."),
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Jobs in queue order per language: due first, then relevance, then age."""
    if state is not None and state not in (*_STATES, "cancelled"):
        raise typer.BadParameter(f"unknown state {state!r}", param_hint="--state")

    async def action(workflow: Translations) -> tuple[list[JobRow], dt.datetime]:
        return await workflow.jobs(lang, state), workflow.clock.now()

    rows, now = _call(data_dir, action)
    if as_json:
        for row in rows:
            _print_json(
                {
                    **msgspec.structs.asdict(row),
                    "effective_status": effective_status(row.job(), now),
                }
            )
        return
    table = Table(title=f"translation jobs ({len(rows)})")
    for column in ("job", "lang", "state", "priority", "due", "age", "translator", "release"):
        table.add_column(column, overflow="fold")
    for row in rows:
        status = effective_status(row.job(), now)
        if status != row.status:
            status += f" (lease of {row.translator} lapsed)"
        elif row.status == "claimed":
            status += f" until {_stamp(row.lease_until)}"
        table.add_row(
            row.job_id,
            row.language,
            status,
            str(row.priority),
            _stamp(row.due_at),
            _ago(row.requested_at, now),
            row.translator or "",
            row.title,
        )
    out.print(table)


@translations_app.command("show")
def show(
    job_id: JobArgument,
    as_template: Annotated[
        bool,
        typer.Option(
            "--template",
            help="Print a JSON file to translate in place and submit (the original's text, "
            "or the latest draft).",
        ),
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """One job: its release, state, header and translation."""
    if as_template:
        file = _call(data_dir, lambda w: w.template(job_id))
        out.print(msgspec.json.format(msgspec.json.encode(file), indent=2).decode(), markup=False)
        return
    detail = _call(data_dir, lambda w: w.show(job_id))
    if as_json:
        _print_json(detail)
        return
    job = detail.job
    recorded = f" (recorded: {job.status})" if detail.status != job.status else ""
    lines = [
        ("job", job.job_id),
        ("release", f"{detail.release_id} (version {detail.release_version}): {detail.title}"),
        ("language", f"{detail.original_language or '?'} → {job.language}"),
        ("state", detail.status + recorded),
        ("source version", str(job.source_revision)),
        ("priority", str(job.priority)),
        ("due", f"{_stamp(job.due_at)} UTC" if job.due_at else "–"),
        ("requested", f"{_stamp(job.requested_at)} UTC"),
        ("translator", (job.translator or "–") + (" (machine draft)" if job.machine else "")),
        ("lease until", f"{_stamp(job.lease_until)} UTC" if job.lease_until else "–"),
        ("reviewer", job.reviewer or "–"),
        ("reason", job.reason or "–"),
        ("turnaround", _span(detail.turnaround_s)),
    ]  # fmt: skip
    for label, value in lines:
        out.print(f"[bold]{label:>15}[/bold]  {value}", highlight=False)
    if job.header is not None:
        h = job.header
        out.print(f"\n[bold]header[/bold] ({h.language}, {h.direction})", highlight=False)
        for part in (h.notice, h.kind, h.place, h.date, h.original_notice):
            if part:
                out.print(f"  {part}", markup=False, highlight=False)
    if job.content is not None:
        out.print(f"\n[bold]{job.content.title}[/bold]", highlight=False)
        for paragraph in job.content.body:
            out.print(f"\n{paragraph}", markup=False, highlight=False)
        for note in job.content.footnotes:
            out.print(f"\n[{note.marker}] {note.text}", markup=False, highlight=False)


def _lease(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        (seconds,) = parse_durations(text)
    except ValueError as exc:
        message = str(exc).replace("retry schedule: ", "")
        raise typer.BadParameter(message, param_hint="--lease") from None
    if seconds <= 0:
        raise typer.BadParameter("a lease must be longer than 0", param_hint="--lease")
    return seconds


@translations_app.command("claim")
def claim(  # noqa: PLR0917 - typer maps each option to a parameter
    job_id: Annotated[
        str | None, typer.Argument(metavar="[JOB]", help="The job to claim (or --next).")
    ] = None,
    take_next: Annotated[
        bool, typer.Option("--next", help="Claim the first free job of --lang in queue order.")
    ] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="The language, with --next.")] = None,
    lease: Annotated[
        str | None, typer.Option("--lease", help="How long to hold it, e.g. 2h (default 4h).")
    ] = None,
    person: Person = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Hold a job for a while (claiming a job you hold renews the lease)."""
    if (job_id is None) == (not take_next):
        raise typer.BadParameter("name a JOB or give --next --lang L, not both")
    if take_next and not lang:
        raise typer.BadParameter("--next needs --lang", param_hint="--lang")
    translator, lease_s = _person(person), _lease(lease)

    async def action(workflow: Translations) -> TranslationJob | None:
        if job_id is not None:
            return await workflow.claim(job_id, translator, lease_s=lease_s)
        assert lang is not None
        return await workflow.claim_next(lang, translator, lease_s=lease_s)

    job = _call(data_dir, action)
    if job is None:
        raise CommandError(f"no free {lang} job in the queue")
    if as_json:
        _print_json(job)
        return
    out.print(_job_line(job), highlight=False)
    err.print(f"next: releasebus translations show {job.job_id} --template > {job.job_id}.json")


@translations_app.command("submit")
def submit(
    job_id: JobArgument,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The translation as JSON (see show --template).",
            exists=True,
            dir_okay=False,
        ),
    ],
    person: Person = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Hand in the translation of a job you hold; it then waits for review."""
    translator = _person(person)
    try:
        submission = parse_file(file.read_bytes())
    except TranslationFileError as exc:
        raise CommandError(f"{file}: {exc}") from None
    job = _call(data_dir, lambda w: w.submit(job_id, translator, submission))
    if as_json:
        _print_json(job)
        return
    out.print(_job_line(job), highlight=False)


@translations_app.command("approve")
def approve(
    job_id: JobArgument, person: Person = None, data_dir: DataDir = None, as_json: AsJson = False
) -> None:
    """Approve a submitted translation: it goes to the subscribers who want its language."""
    reviewer = _person(person)
    job = _call(data_dir, lambda w: w.approve(job_id, reviewer))
    if as_json:
        _print_json(job)
        return
    out.print(f"{job.job_id}: approved by {job.reviewer}", highlight=False)


@translations_app.command("request-changes")
def request_changes(
    job_id: JobArgument,
    reason: Annotated[str, typer.Option("--reason", help="What needs changing.")],
    person: Person = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Send a submitted translation back to its translator."""
    reviewer = _person(person)
    job = _call(data_dir, lambda w: w.request_changes(job_id, reviewer, reason))
    if as_json:
        _print_json(job)
        return
    out.print(f"{job.job_id}: changes requested from {job.translator}", highlight=False)


@translations_app.command("stats")
def stats(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Turnaround (requested → approved) per language, and what is still open."""
    rows = _call(data_dir, lambda w: w.turnaround())
    if as_json:
        for row in rows:
            _print_json(row)
        return
    table = Table(title="translation turnaround (requested → approved)")
    for column in ("lang", "approved", "median", "p90", "max", "open", "oldest open"):
        table.add_column(column, justify="left" if column == "lang" else "right")
    for row in rows:
        table.add_row(
            row.language,
            str(row.approved),
            _span(row.median_s),
            _span(row.p90_s),
            _span(row.max_s),
            str(row.open),
            _span(row.oldest_open_s),
        )
    out.print(table)


@translations_app.command("rebuild")
def rebuild(data_dir: DataDir = None) -> None:
    """Write the queue projection again from the log (jobs, queues, leases)."""

    async def action(workflow: Translations) -> int:
        return await workflow.queue.rebuild(workflow.store, workflow.clock.now())

    count = _call(data_dir, action)
    out.print(f"rebuilt the translation queue from {count} releases with jobs")
