"""The ``releasebus`` command line: run the bus, inspect releases, operate consumer groups.

Every command that touches Redis takes ``--data-dir`` (the embedded server's directory) and
honours ``REDIS_URL``, so ``releasebus status --data-dir D`` talks to the server that a running
``releasebus up --data-dir D`` uses. Exit codes: 0 success, 1 failure, 2 usage error.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import msgspec
import structlog
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from schemas.events import (
    AnyEvent,
    ReleaseEnriched,
    ReleaseRejected,
    ReleaseRevised,
    ReleaseSubmitted,
)
from schemas.export import (
    INBOUND_SCHEMA_PATH,
    SCHEMA_PATH,
    SUBSCRIBERS_SCHEMA_PATH,
    render,
    render_inbound,
    render_subscribers,
)
from schemas.inbound import MAX_SUBMISSION_BYTES
from schemas.release import ParseRecord, ParseWarning, ReleaseContent
from schemas.state import ReleaseState, fold_until
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
from services._logging import configure_logging
from services._runtime import Bus, Settings, open_bus
from services.api.commands import keys_app
from services.distribution import operator_cli
from services.distribution.commands import subscribers_app
from services.translation.commands import translations_app

__all__ = ["app", "main"]

app = typer.Typer(
    name="releasebus",
    help="An event-sourced message bus for press releases, on Redis streams.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
dlq_app = typer.Typer(
    help="Dead letters: entries a consumer group gave up on.", no_args_is_help=True
)
schema_app = typer.Typer(help="Event schemas.", no_args_is_help=True)
app.add_typer(dlq_app, name="dlq")
app.add_typer(schema_app, name="schema")
app.add_typer(subscribers_app, name="subscribers")
app.add_typer(keys_app, name="keys")
app.add_typer(translations_app, name="translations")

log = structlog.get_logger("releasebus.cli")


# --- running ----------------------------------------------------------------------------------


async def _serve(settings: Settings, groups: list[str] | None, *, api: bool = False) -> None:
    """Run consumer groups (``groups``, or all) and, with ``api``, the HTTP API, until a signal."""
    async with open_bus(settings, configure_logs=True) as bus:
        if groups:
            unknown = set(groups) - {c.group for c in bus.consumers}
            if unknown:
                raise CommandError(
                    f"unknown service {', '.join(sorted(unknown))}; "
                    f"known: {', '.join(c.group for c in bus.consumers)}"
                )
            bus.consumers = [c for c in bus.consumers if c.group in groups]
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        if bus.server is not None:
            log.info("embedded.serving", url=bus.server.url, data_dir=str(bus.server.data_dir))
        if not api:
            await bus.run(stop)
            return
        from services.api.server import serve  # noqa: PLC0415 - only `up` needs the web stack

        tasks = [
            asyncio.create_task(serve(bus, settings, stop), name="api"),
            asyncio.create_task(bus.run(stop), name="bus"),
        ]
        # Either one ending (the API cannot listen, the bus fails) stops the other.
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        stop.set()
        for outcome in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(outcome, OSError):
                where = f"{settings.api_host}:{settings.api_port}"
                raise CommandError(f"the API cannot listen on {where}: {outcome}")
            if isinstance(outcome, BaseException):
                raise outcome


@app.command()
def up(
    data_dir: DataDir = None,
    host: Annotated[
        str | None,
        typer.Option(help="Address the API listens on [env RELEASEBUS_API_HOST; 127.0.0.1]."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            min=0, max=65535, help="Port of the API (0: any free one) [RELEASEBUS_API_PORT; 8080]."
        ),
    ] = None,
) -> None:
    """Run every service and the HTTP API (and operator console) in one process until Ctrl-C."""
    settings = _settings(data_dir, quiet=False, api_host=host, api_port=port)
    _run(_serve(settings, None, api=True))


@app.command("run")
def run_service(
    service: Annotated[str, typer.Argument(help="The consumer group to run, e.g. projector.")],
    data_dir: DataDir = None,
) -> None:
    """Run one service (one consumer group); start several to scale it."""
    _run(_serve(_settings(data_dir, quiet=False), [service]))


# --- ingestion ------------------------------------------------------------------------------


_SUFFIXES = {".txt": "text", ".md": "text", ".markdown": "text", ".json": "json"}


def _input_files(paths: list[Path]) -> list[Path]:
    """Files named, and the release files (.txt .md .json) in folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if str(path) == "-":
            found.append(path)
        elif path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise typer.BadParameter(f"{path} is not a file or folder", param_hint="PATH")
    return found


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    data = path.read_bytes()
    if len(data) > MAX_SUBMISSION_BYTES:
        raise CommandError(f"{path}: {len(data)} bytes, more than {MAX_SUBMISSION_BYTES}")
    # Undecodable bytes are kept visible (U+FFFD) rather than failing the whole file.
    return data.decode("utf-8", errors="replace")


Paths = Annotated[list[Path], typer.Argument(help="Files, folders, or - for standard input.")]


@app.command()
def parse(paths: Paths, as_json: AsJson = False) -> None:
    """Dry run: parse release files and print what was found (no server needed).

    Exit 1 if any release was rejected (reasons on stderr, with line numbers).
    """
    from services.ingestion.parser import ParsedRelease, parse_document  # noqa: PLC0415
    from services.ingestion.submit import read_summary  # noqa: PLC0415

    rejected = 0
    for path in _input_files(paths):
        for found in parse_document(_read(path)):
            if not isinstance(found, ParsedRelease):
                rejected += 1
                reasons = "; ".join(f"line {p.line}: {p.message}" for p in found.reasons)
                err.print(f"[red]rejected[/red] {path}:{found.start_line}: {reasons}")
                if (partial := found.found) is not None:  # what a fix can start from
                    err.print(f"  read without a headline: {read_summary(partial)}")
                continue
            record = _parse_record(str(path), found.content, found.warnings)
            if as_json:
                _print_json(record)
            else:
                _print_parsed(record)
    if rejected:
        raise typer.Exit(1)


def _parse_record(source: str, content: ReleaseContent, warnings: Any) -> ParseRecord:
    from services.enrichment.extract import enrich  # noqa: PLC0415 - loads the gazetteers

    found = enrich(content)
    return ParseRecord(
        source=source,
        title=content.title,
        kind=content.kind,
        byline=content.byline,
        attributed_to=content.attributed_to,
        place=content.place,
        venue=content.venue,
        date=content.date,
        language=content.language,
        body=content.body,
        footnotes=content.footnotes,
        warnings=tuple(
            ParseWarning(message=w.message, line=w.line, field=w.field) for w in warnings
        ),
        countries=found.countries,
        people=found.people,
        organizations=found.organizations,
        references=found.references,
        topics=found.topics,
        summary=found.summary,
        places_implied=found.places_implied,
    )


def _print_parsed(record: ParseRecord) -> None:
    table = Table(show_header=False, title=record.title, title_justify="left")
    byline = ", ".join(x for x in (record.byline.name, record.byline.title) if x)
    for name, value in (
        ("kind", record.kind),
        ("byline", byline),
        ("attributed to", record.attributed_to),
        ("place", record.place),
        ("venue", record.venue),
        ("date", record.date),
        ("language", record.language),
        ("paragraphs", len(record.body)),
        ("footnotes", len(record.footnotes)),
        ("warnings", "; ".join(f"line {w.line}: {w.message}" for w in record.warnings)),
    ):
        table.add_row(name, "" if value in (None, "") else str(value))
    out.print(table)


@app.command()
def ingest(
    paths: Paths,
    source: Annotated[str, typer.Option(help="The submitting system's name.")] = "cli",
    release_id: Annotated[
        str | None, typer.Option(help="Submit to this release (e.g. a fixed rejected one).")
    ] = None,
    file_format: Annotated[
        str | None, typer.Option("--format", help="text or json (default: by file suffix).")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Submit release files: print each release id with its outcome.

    Exit 1 if any release was rejected (it is recorded all the same, with its raw text).
    """
    from services.ingestion.submit import Outcome, Submission, submit  # noqa: PLC0415

    if file_format not in (None, "text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--format")
    files = _input_files(paths)

    async def action(bus: Bus) -> list[Outcome]:
        outcomes: list[Outcome] = []
        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            disable=len(files) < 2 or as_json,
        ) as progress:
            task = progress.add_task("ingest", total=len(files))
            for path in files:
                fmt = file_format or _SUFFIXES.get(path.suffix, "text")
                submission = Submission(
                    body=_read(path),
                    source=source,
                    format=fmt,  # type: ignore[arg-type]
                    submitted_by=os.environ.get("USER"),
                    release_id=release_id,
                )
                for outcome in await submit(bus.store, bus.clock, submission):
                    outcomes.append(outcome)
                    _report(str(path), outcome, as_json)
                progress.advance(task)
        return outcomes

    outcomes = _run(_with_bus(_settings(data_dir), action))
    if any(o.outcome == "rejected" for o in outcomes):
        raise typer.Exit(1)


def _report(path: str, outcome: Any, as_json: bool) -> None:
    if as_json:
        _print_json({"source": path, **msgspec.structs.asdict(outcome)})
        return
    colour = {"appended": "green", "revised": "yellow", "rejected": "red"}.get(
        outcome.outcome, "dim"
    )
    detail = outcome.title or ""
    if outcome.changes:
        detail += f" (changed: {', '.join(outcome.changes)})"
    if outcome.reasons:
        detail += " — " + "; ".join(f"line {p.line}: {p.message}" for p in outcome.reasons)
    out.print(f"[{colour}]{outcome.outcome:>16}[/{colour}]  {outcome.release_id}  {detail}")


@app.command()
def demo(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Keep the demo's data here (default: a new temp folder)."),
    ] = None,
    for_seconds: Annotated[
        float | None,
        typer.Option(
            "--for",
            min=0,
            help="Stop this many seconds after the seed is in (0: at once; default: Ctrl-C).",
        ),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep running until Ctrl-C (the default).")
    ] = False,
    host: Annotated[str, typer.Option(help="Address the API listens on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port of the API (a free one if taken).")
    ] = 8080,
) -> None:
    """Start everything on the embedded server, submit the seed releases, show the result,
    and serve the API and console until Ctrl-C (or for ``--for`` seconds)."""
    import tempfile  # noqa: PLC0415

    from services._demo import DemoReady, run_demo  # noqa: PLC0415

    del serve  # serving is the default; the flag stays for scripts that pass it
    folder = data_dir or Path(tempfile.mkdtemp(prefix="releasebus-demo-"))
    settings = _settings(folder, redis_url=None)
    settings.redis_url = None  # the demo always runs on its own embedded server
    flag = f"--data-dir {folder}"

    def show(result: DemoReady) -> None:
        _releases_table(result.states, "releases after the demo")
        url = result.base_url
        out.print("\nopen:")
        out.print(f"  console     {url}/console   (sign in with the operator key below)")
        out.print(f"  feed        {url}/feeds/en.atom   (also .rss, .json)")
        out.print(f"  API docs    {url}/docs/api")
        out.print(f"  events      {url}/docs/events.html   (AsyncAPI 3.0: {url}/docs/events)")
        out.print(f"  metrics     {url}/metrics")
        out.print("keys (shown once):")
        out.print(f"  operator    {result.operator_key}", soft_wrap=True, highlight=False)
        out.print(f"  publisher   {result.publisher_key}", soft_wrap=True, highlight=False)
        out.print("submit a release:")
        out.print(
            f"  curl -H 'Authorization: Bearer {result.publisher_key}' "
            f"-H 'Content-Type: text/plain' --data-binary @release.txt {url}/v1/releases",
            soft_wrap=True,
            highlight=False,
        )
        out.print(
            f"webhooks arrive at the demo receiver, {result.receiver_url}, and are shown here"
        )
        if for_seconds is None:
            out.print("\nrunning: Ctrl-C to stop")
        elif for_seconds:
            out.print(f"\nrunning for {for_seconds:g} s")
        out.file.flush()

    async def main() -> list[ReleaseState]:
        async with open_bus(settings, configure_logs=True) as bus:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)

            async def hold() -> None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=for_seconds)

            return await run_demo(
                bus,
                hold=hold,
                ready=show,
                say=lambda s: err.print(f"[dim]{s}[/dim]", highlight=False, soft_wrap=True),
                host=host,
                port=port,
            )

    states = _run(main())
    revised = next((s for s in states if s.version > 1), None)
    out.print(f"\ndata: {folder}  (the embedded server has stopped; the data stays)")
    out.print("explore it:")
    if revised:
        out.print(f"  uv run releasebus history {revised.release_id} {flag}")
        out.print(f"  uv run releasebus state {revised.release_id} --at-revision 3 {flag}")
    out.print(f"  uv run releasebus status {flag}")
    out.print(f"  uv run releasebus up {flag}        # run the bus and the API on this data")


# --- releases ---------------------------------------------------------------------------------


def _summary(event: AnyEvent) -> str:
    """One line saying what an event changed, for the history table."""
    from services.ingestion.submit import read_summary  # noqa: PLC0415

    match event:
        case ReleaseSubmitted():
            return f"from {event.source} ({event.format}, {len(event.raw):,} chars)"
        case ReleaseRevised():
            return "changed: " + (", ".join(event.changes) or "content")
        case ReleaseRejected():
            reasons = "; ".join(f"line {p.line}: {p.message}" for p in event.reasons)
            return reasons + (f" (read: {read_summary(event.found)})" if event.found else "")
        case ReleaseEnriched():
            tags = [*event.countries, *event.topics]
            return f"rev {event.source_revision}: {' '.join(tags) or 'no tags'}"
    for name in ("reason", "note", "subscriber_id", "until", "published_at"):
        value = getattr(event, name, None)
        if value is not None:
            return f"{name}={value}"
    content = getattr(event, "content", None)
    return content.title if content is not None else ""


@app.command()
def history(
    release_id: str,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """A release's event timeline."""

    async def action(bus: Bus) -> list[AnyEvent]:
        return await bus.store.history(release_id)

    events = _run(_with_bus(_settings(data_dir), action))
    if not events:
        raise CommandError(f"no events for release {release_id}")
    if as_json:
        for event in events:
            _print_json(event)
        return
    table = Table(title=f"release {release_id}")
    for column in ("rev", "type", "recorded at", "producer", "event id", "detail"):
        table.add_column(column)
    for event in events:
        recorded = event.recorded_at.isoformat(timespec="seconds") if event.recorded_at else ""
        table.add_row(
            str(event.revision),
            type(event).__name__,
            recorded,
            event.producer,
            event.event_id,
            _summary(event),
        )
    out.print(table)


def _parse_time(value: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 time", param_hint="--at") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


@app.command()
def state(
    release_id: str,
    at_revision: Annotated[int | None, typer.Option("--at-revision", min=1)] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="ISO 8601 time (UTC if no offset).")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """A release's state now, or as it was at a revision or a time (a fold of its events)."""
    if at_revision is not None and at is not None:
        raise typer.BadParameter("give --at-revision or --at, not both")
    when = _parse_time(at) if at else None

    async def action(bus: Bus) -> ReleaseState:
        events = await bus.store.history(release_id, until_revision=at_revision)
        if not events:
            raise CommandError(f"no events for release {release_id}")
        kept = [e for e in events if when is None or (e.recorded_at or e.occurred_at) <= when]
        if not kept:
            raise CommandError(f"release {release_id} had no events yet at {when}")
        return fold_until(kept)

    result = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        _print_json(result)
        return
    table = Table(show_header=False, title=f"release {release_id} at revision {result.revision}")
    content = result.content
    rows: list[tuple[str, Any]] = [
        ("status", result.status),
        ("version", result.version),
        ("title", content.title if content else None),
        ("kind", content.kind if content else None),
        ("date", content.date if content else None),
        ("language", content.language if content else None),
        ("paragraphs", len(content.body) if content else None),
        ("embargo until", result.embargo_until),
        ("published at", result.published_at),
        ("corrections", len(result.corrections)),
        ("withdrawn", result.withdrawn_reason),
        ("countries", ", ".join(result.enrichment.countries) if result.enrichment else None),
        ("translations", len(result.translations)),
        ("deliveries", len(result.deliveries)),
        ("rejected", "; ".join(p.message for p in result.rejection) or None),
        ("updated at", result.updated_at),
    ]
    for name, value in rows:
        table.add_row(name, "" if value is None else str(value))
    out.print(table)


@app.command()
def releases(
    status_filter: Annotated[
        str | None,
        typer.Option("--status", help="received, rejected, embargoed, published, withdrawn."),
    ] = None,
    kind: Annotated[str | None, typer.Option(help="e.g. Readout, 'Press Statement'.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code.")] = None,
    since: Annotated[str | None, typer.Option(help="Release date from (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Release date to (YYYY-MM-DD).")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Releases in the projection, filtered (``--status rejected`` finds what needs fixing)."""
    first, last = _parse_date(since, "--since"), _parse_date(until, "--until")

    async def action(bus: Bus) -> list[ReleaseState]:
        ids = await bus.projection.find(
            status=status_filter, kind=kind, language=language, country=country,
            since=first, until=last,
        )  # fmt: skip
        return [s for rid in ids if (s := await bus.projection.get(rid)) is not None]

    states = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        for s in states:
            _print_json(
                {
                    "release_id": s.release_id,
                    "status": s.status,
                    "version": s.version,
                    "revision": s.revision,
                    "kind": s.content.kind if s.content else None,
                    "date": s.content.date if s.content else None,
                    "title": s.content.title if s.content else None,
                    "rejection": s.rejection,
                }
            )
        return
    _releases_table(states, "releases")


def _releases_table(states: list[ReleaseState], title: str) -> None:
    table = Table(title=title)
    table.add_column("release id", no_wrap=True)
    for column in ("status", "version", "kind", "date", "countries", "title / reason"):
        table.add_column(column)
    for s in sorted(states, key=lambda s: s.release_id):
        reason = "; ".join(f"line {p.line}: {p.message}" for p in s.rejection)
        table.add_row(
            s.release_id,
            s.status,
            str(s.version),
            s.content.kind if s.content else "",
            str(s.content.date or "") if s.content else "",
            " ".join(s.enrichment.countries) if s.enrichment else "",
            s.content.title if s.content else reason,
        )
    out.print(table)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=option) from None


@app.command()
def raw(
    release_id: str,
    whole: Annotated[
        bool, typer.Option("--whole", help="The whole submission it came in, not its part.")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """The raw text last submitted for a release, as sent: save it, fix it, ingest it again."""
    from schemas.events import ReleaseSubmitted  # noqa: PLC0415

    async def action(bus: Bus) -> str:
        events = await bus.store.history(release_id)
        submitted = [e for e in events if isinstance(e, ReleaseSubmitted)]
        if not submitted:
            raise CommandError(f"no submission recorded for release {release_id}")
        last = submitted[-1]
        if whole and last.submission_hash:
            text = await bus.store.submission(last.submission_hash)
            if text is None:
                raise CommandError(f"submission {last.submission_hash} is not stored")
            return text
        return last.raw

    sys.stdout.write(_run(_with_bus(_settings(data_dir), action)))


@app.command()
def evaluate(
    annotations: Annotated[
        list[Path], typer.Argument(help="Annotation files (JSON lines, like expected.jsonl).")
    ],
    show_errors: Annotated[bool, typer.Option("--errors", help="List every mismatch.")] = False,
    as_json: AsJson = False,
) -> None:
    """Score the parser and enrichment against annotated releases (no server needed)."""
    from services.enrichment.evaluate import evaluate as run_evaluation  # noqa: PLC0415

    scores, mismatches = run_evaluation(annotations)

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    if as_json:
        for s in scores:
            _print_json({**msgspec.structs.asdict(s), "precision": s.precision,
                         "recall": s.recall, "f1": s.f1, "accuracy": s.accuracy})  # fmt: skip
    else:
        table = Table(title=f"{len(annotations)} annotation file(s)")
        for column in ("field", "releases", "exact", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "field" else "right")
        for s in scores:
            table.add_row(
                s.field,
                str(s.releases),
                pct(s.accuracy),
                pct(s.precision),
                pct(s.recall),
                pct(s.f1),
            )
        out.print(table)
    if show_errors:
        for m in mismatches:
            err.print(f"{m.file}#{m.release} {m.field}: expected {m.expected!r}, found {m.found!r}")


server_app = typer.Typer(
    help="The embedded Valkey server of a data directory.", no_args_is_help=True
)
app.add_typer(server_app, name="server")


def _data_path(data_dir: Path | None) -> Path:
    return _settings(data_dir).data_path


@server_app.command("status")
def server_status(data_dir: DataDir = None) -> None:
    """Is a server running for this data directory, and where?"""
    from services._embedded import running_server  # noqa: PLC0415

    found = running_server(_data_path(data_dir))
    if found is None:
        raise CommandError(f"no server running for {_data_path(data_dir)}")
    out.print(f"running: pid {found.pid}, {found.url}, log {found.log_path}")


@server_app.command("stop")
def server_stop(data_dir: DataDir = None) -> None:
    """Shut the server down cleanly (for one whose starting process died without doing so)."""
    from services._embedded import stop_running_server  # noqa: PLC0415

    stopped = stop_running_server(_data_path(data_dir))
    if stopped is None:
        raise CommandError(f"no server running for {_data_path(data_dir)}")
    out.print(f"stopped pid {stopped.pid} ({stopped.url})")


replay_app = typer.Typer(help="Re-run a stage over past releases.", no_args_is_help=True)
app.add_typer(replay_app, name="replay")
replay_app.command("distribution")(operator_cli.replay_distribution_command)
app.command("deliveries")(operator_cli.deliveries_command)
app.command("resend")(operator_cli.resend_command)
app.command("feed")(operator_cli.feed_command)
app.command("correct")(operator_cli.correct_command)
app.command("withdraw")(operator_cli.withdraw_command)
app.command("embargoes")(operator_cli.embargoes_command)


@replay_app.command("enrichment")
def replay_enrichment_command(
    from_position: Annotated[
        str | None, typer.Option("--from", help="Log entry id to start after.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only releases with content recorded since (ISO date/time).")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Re-enrich past releases (after a gazetteer update); append only what changed."""
    from services.enrichment.replay import replay_enrichment  # noqa: PLC0415

    when = _parse_time(since) if since else None

    async def action(bus: Bus) -> Any:
        total = sum([await bus.store.log_length(p) for p in range(bus.keys.partitions)])
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            console=err, disable=as_json,
        ) as progress:  # fmt: skip
            scan = progress.add_task("scanning the log", total=total)
            work = progress.add_task("re-enriching", total=None)
            return await replay_enrichment(
                bus.store,
                bus.clock,
                after=from_position or "0-0",
                since=when,
                scanned=lambda n: progress.advance(scan, n),
                enriched=lambda n: progress.advance(work, n),
            )

    report = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        _print_json(report)
        return
    out.print(f"{report.releases} releases re-enriched, {report.changed} changed")
    for name, count in sorted(report.fields.items(), key=lambda kv: -kv[1]):
        out.print(f"  {name}: {count}")
    for release_id, differs in report.examples:
        out.print(f"  e.g. {release_id}: {', '.join(differs)}")


# --- operating --------------------------------------------------------------------------------


@app.command()
def rebuild(data_dir: DataDir = None) -> None:
    """Fold the whole log into a fresh projection, then swap it in."""
    from services.projector import rebuild as rebuild_projection  # noqa: PLC0415 - keeps start-up light

    async def action(bus: Bus) -> None:
        total = sum([await bus.store.log_length(p) for p in range(bus.keys.partitions)])
        with Progress(
            TextColumn("rebuilding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} events/s"),
            TimeRemainingColumn(),
            console=err,
        ) as progress:
            task = progress.add_task("rebuild", total=total, rate="-")
            loop = asyncio.get_running_loop()
            started = loop.time()
            done = 0

            def advance(n: int) -> None:
                nonlocal done
                done += n
                elapsed = loop.time() - started
                progress.update(task, advance=n, rate=f"{done / elapsed:,.0f}" if elapsed else "-")

            report = await rebuild_projection(bus.projection, progress=advance)
        out.print(
            f"rebuilt {report.releases} releases from {report.events} events in "
            f"{report.seconds:.2f} s ({report.events_per_second:,.0f} events/s); "
            f"generation {report.generations}"
        )

    _run(_with_bus(_settings(data_dir), action))


@app.command()
def status(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Per consumer group: lag, pending, oldest pending idle time, consumers, dead letters."""

    async def action(bus: Bus) -> Any:
        return await bus.status()

    rows = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        for row in rows:
            _print_json(row)
        return
    if not rows:
        out.print("no consumer groups yet: start the bus with `releasebus up`")
        return
    table = Table(title="consumer groups")
    for column in (
        "stream",
        "group",
        "lag",
        "pending",
        "oldest pending",
        "consumers",
        "dead letters",
    ):
        table.add_column(column)
    for row in rows:
        idle = (
            f"{row.oldest_pending_idle_ms / 1000:.1f} s"
            if row.oldest_pending_idle_ms is not None
            else "-"
        )
        table.add_row(
            row.stream,
            row.group,
            "?" if row.lag is None else str(row.lag),
            str(row.pending),
            idle,
            f"{row.live_consumers} live / {row.consumers}",
            str(row.dead_letters),
        )
    out.print(table)


StreamOpt = Annotated[
    str | None, typer.Option("--stream", help="The dead-letter stream, when an id is in several.")
]


@dlq_app.command("list")
def dlq_list(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Every dead letter, oldest first."""

    async def action(bus: Bus) -> Any:
        return await bus.dead_letters()

    letters = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        for letter in letters:
            _print_json(letter)
        return
    if not letters:
        out.print("no dead letters")
        return
    table = Table(title="dead letters")
    for column in ("id", "group", "stream", "entry", "deliveries", "dead at", "error"):
        table.add_column(column)
    for d in letters:
        table.add_row(d.id, d.group, d.stream, d.entry_id, str(d.deliveries), d.dead_at, d.error)
    out.print(table)


@dlq_app.command("show")
def dlq_show(dead_id: str, stream: StreamOpt = None, data_dir: DataDir = None) -> None:
    """One dead letter in full, with the original entry's fields."""

    async def action(bus: Bus) -> Any:
        return await bus.find_dead_letter(dead_id, stream)

    _print_json(_run(_with_bus(_settings(data_dir), action)))


@dlq_app.command("retry")
def dlq_retry(dead_id: str, stream: StreamOpt = None, data_dir: DataDir = None) -> None:
    """Hand a dead letter to its group's handler again; it leaves the queue if that succeeds."""

    async def action(bus: Bus) -> str | None:
        return await bus.retry_dead_letter(await bus.find_dead_letter(dead_id, stream))

    error = _run(_with_bus(_settings(data_dir), action))
    if error:
        raise CommandError(f"retry failed again, the dead letter stays: {error}")
    out.print(f"retried {dead_id}: handled, removed from the dead letters")


@dlq_app.command("drop")
def dlq_drop(
    dead_id: str,
    stream: StreamOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Delete a dead letter for good (the event itself stays in the store)."""
    if not yes and not typer.confirm(f"drop dead letter {dead_id}?"):
        raise typer.Exit(1)

    async def action(bus: Bus) -> None:
        await bus.drop_dead_letter(await bus.find_dead_letter(dead_id, stream))

    _run(_with_bus(_settings(data_dir), action))
    out.print(f"dropped {dead_id}")


@schema_app.command("export")
def schema_export(
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False)] = SCHEMA_PATH,
    check: Annotated[
        bool, typer.Option("--check", help="Fail if the file is out of date.")
    ] = False,
) -> None:
    """Write the JSON Schemas of the events, the inbound entry and subscribers (checked in)."""
    files = {output: render()}
    if output == SCHEMA_PATH:  # the default run also writes the inbound entry's schema
        files[INBOUND_SCHEMA_PATH] = render_inbound()
        files[SUBSCRIBERS_SCHEMA_PATH] = render_subscribers()
    for path, text in files.items():
        if check:
            if not path.exists() or path.read_text() != text:
                raise CommandError(f"{path} is out of date: run `releasebus schema export`")
            out.print(f"{path} is up to date")
        else:
            path.write_text(text)
            out.print(f"wrote {path}")


@app.command()
def bench(
    events: Annotated[int, typer.Option(min=100, help="Events per figure.")] = 100_000,
    releases: Annotated[int, typer.Option(min=10, help="Releases for parse/ingest.")] = 2_000,
    per_release: Annotated[int, typer.Option(min=1, help="Events per release.")] = 20,
    batch: Annotated[int, typer.Option(min=1, help="Events per round trip / max_records.")] = 500,
    concurrency: Annotated[int, typer.Option(min=1, help="Callers for `append`.")] = 32,
    subscribers: Annotated[
        int, typer.Option(min=1, help="Webhook subscribers for `fanout`.")
    ] = 1000,
    pipeline_subscribers: Annotated[
        int, typer.Option(min=1, help="Webhook subscribers for `pipeline`.")
    ] = 10,
    pipeline_rate: Annotated[
        float, typer.Option(min=1, help="Releases/s submitted for the pipeline latency.")
    ] = 100.0,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help="20,000 events, 500 releases, 200 subscribers: about a minute."
        ),
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Measure the bus beside the raw-Redis ceiling on the same server (embedded or REDIS_URL)."""
    from services._bench import run_bench  # noqa: PLC0415 - keeps other commands' start-up light

    settings = _settings(data_dir)
    configure_logging(settings.log_format, settings.log_level)  # type: ignore[arg-type]
    if quick:
        events, releases = min(events, 20_000), min(releases, 500)
        subscribers = min(subscribers, 200)

    def note(step: str) -> None:
        if not as_json:
            err.print(f"[dim]measuring {step} …[/dim]")

    figures = _run(
        run_bench(
            settings,
            events=events,
            releases=releases,
            per_release=per_release,
            batch=batch,
            concurrency=concurrency,
            subscribers=subscribers,
            pipeline_subscribers=pipeline_subscribers,
            pipeline_rate=pipeline_rate,
            progress=note,
        )
    )
    if as_json:
        for figure in figures:
            _print_json(figure)
        return
    table = Table(
        title=f"releasebus bench: {events:,} events, server {settings.redis_url or 'embedded'}"
    )
    for column in ("figure", "value", "unit", "raw ceiling", "ratio"):
        table.add_column(column, justify="right" if column != "figure" else "left")
    for f in figures:
        table.add_row(
            f.figure,
            f"{f.value:,.0f}",
            f.unit,
            "-" if f.ceiling is None else f"{f.ceiling:,.0f}",
            "-" if f.ratio is None else f"{f.ratio:.0%}",
        )
    out.print(table)


def main() -> None:
    """Console entry point: map failures to exit code 1, usage errors stay 2 (click's)."""
    try:
        app(standalone_mode=True)
    except CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(1)
    except KeyError as exc:
        err.print(f"[red]error:[/red] {exc.args[0] if exc.args else exc}")
        sys.exit(1)
    except (ConnectionError, OSError, RuntimeError, ValueError) as exc:
        err.print(f"[red]error:[/red] {type(exc).__name__}: {exc}")
        sys.exit(1)
