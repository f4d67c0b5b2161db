"""Distribution commands of ``releasebus``: deliveries, resend, replay, feed, correct, withdraw.

Registered on the main app by ``services/cli.py``. Exit codes as everywhere: 0 success, 1 a
failure (unknown release or subscriber, a refused change), 2 a usage error.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

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
from services._runtime import Bus

__all__ = [
    "correct_command",
    "deliveries_command",
    "embargoes_command",
    "feed_command",
    "replay_distribution_command",
    "resend_command",
    "withdraw_command",
]

_MAX_INPUT = 2 * 1024 * 1024


def _time(value: str, option: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 time", param_hint=option) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _dead_jobs(data_dir: Path | None, as_json: bool) -> None:
    async def action(bus: Bus) -> Any:
        return await bus.outbox.dead(), await bus.outbox.depth()

    jobs, (queued, dead) = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        for job in jobs:
            _print_json(job)
        return
    out.print(f"{queued} deliveries queued or in flight, {dead} dead-lettered")
    for job in jobs:
        out.print(
            f"{job.release_id}  {job.subscriber_id}  {job.channel} v{job.version} "
            f"{job.notice}: {job.attempt} attempts, {job.last_error}"
        )
    if jobs:
        out.print("send one again with: releasebus resend RELEASE_ID --subscriber ID")


def deliveries_command(
    release_id: Annotated[
        str | None, typer.Argument(help="The release id (omit with --dead).")
    ] = None,
    dead: Annotated[
        bool, typer.Option("--dead", help="List dead-lettered deliveries of every release.")
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Who received which version of a release, when, over which channel."""
    from services.distribution.operations import deliveries  # noqa: PLC0415

    if dead:
        _dead_jobs(data_dir, as_json)
        return
    if release_id is None:
        raise typer.BadParameter("give a release id, or --dead", param_hint="RELEASE_ID")
    rid = release_id
    rows = _run(_with_bus(_settings(data_dir), lambda bus: deliveries(bus, rid)))
    if as_json:
        for row in rows:
            _print_json(row)
        return
    table = Table(title=f"deliveries of {release_id}")
    for column in (
        "subscriber", "channel", "version", "language", "notice", "seq", "status", "attempts",
        "scheduled", "delivered", "latency ms", "last error",
    ):  # fmt: skip
        table.add_column(column)
    for r in rows:
        table.add_row(
            r.subscriber_id,
            r.channel,
            str(r.version),
            r.language or "-",
            r.notice + (" (withheld)" if r.withheld_until else ""),
            str(r.sequence or "-"),
            r.status,
            str(r.attempts),
            _when(r.scheduled_at),
            _when(r.delivered_at),
            "-" if r.latency_ms is None else f"{r.latency_ms:.1f}",
            (r.last_error or "")[:60],
        )
    out.print(table)
    if not rows:
        out.print("no deliveries yet")


def resend_command(
    release_id: Annotated[str, typer.Argument(help="The release id.")],
    subscriber: Annotated[str, typer.Option("--subscriber", help="The subscriber id.")],
    version: Annotated[
        int | None, typer.Option(help="Only this version (default: the newest of each).")
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send/--queue-only",
            help="Send what is due now from this process (default), or leave it to the "
            "running service.",
        ),
    ] = True,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Send a subscriber its deliveries of a release again, with the original ids."""
    from services.distribution.operations import deliveries, resend  # noqa: PLC0415

    async def action(bus: Bus) -> Any:
        ids = await resend(bus, release_id, subscriber, version=version)
        if send:
            await bus.sender.run_once()
        rows = [r for r in await deliveries(bus, release_id) if r.delivery_id in ids]
        return rows

    rows = _run(_with_bus(_settings(data_dir), action))
    for row in rows:
        if as_json:
            _print_json(row)
        else:
            out.print(
                f"{row.delivery_id}  {row.channel} v{row.version} {row.notice}: "
                f"{row.status if send else 'queued'}"
                + (f" ({row.last_error})" if row.last_error and send else "")
            )


def replay_distribution_command(
    subscriber: Annotated[str, typer.Option("--subscriber", help="The subscriber id.")],
    since: Annotated[
        str | None, typer.Option(help="Only deliveries scheduled since (ISO date/time).")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Redeliver what a subscriber was sent (since a time), with the original delivery ids.

    The deliveries are queued; a running ``releasebus up`` or ``run distribution`` sends them.
    """
    from services.distribution.operations import replay_distribution  # noqa: PLC0415

    when = _time(since, "--since") if since else None

    async def action(bus: Bus) -> Any:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            console=err, disable=as_json,
        ) as progress:  # fmt: skip
            task = progress.add_task("scanning releases", total=None)
            return await replay_distribution(
                bus,
                subscriber,
                since=when,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )

    report = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        _print_json(report)
        return
    out.print(
        f"{report.deliveries} deliveries of {report.releases} releases queued again for "
        f"{report.subscriber_id}"
    )


def feed_command(
    fmt: Annotated[str, typer.Option("--format", help="atom, rss or json.")] = "atom",
    lang: Annotated[str, typer.Option("--lang", help="Language (ISO 639-1).")] = "en",
    kind: Annotated[str | None, typer.Option(help="Only this release kind.")] = None,
    country: Annotated[str | None, typer.Option(help="Only releases about this country.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic (id or IPTC code).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many entries.")] = 50,
    base_url: Annotated[
        str, typer.Option(help="The public URL the feed is served under.")
    ] = "http://127.0.0.1:8080",
    data_dir: DataDir = None,
) -> None:
    """Print a feed (Atom, RSS 2.0 or JSON Feed 1.1) built from the projection."""
    from services.distribution.feeds import FeedFilter, build_feed  # noqa: PLC0415

    if fmt not in ("atom", "rss", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose atom, rss or json", param_hint="--format")
    suffix = {"atom": "atom", "rss": "rss", "json": "json"}[fmt]

    async def action(bus: Bus) -> Any:
        return await build_feed(
            bus.projection,
            format=fmt,  # type: ignore[arg-type]
            language=lang,
            filters=FeedFilter(
                kind=kind, country=country.upper() if country else None, topic=topic
            ),
            feed_url=f"{base_url}/feeds/{lang}.{suffix}",
            site_url=base_url,
            limit=limit,
            now=bus.clock.now(),
        )

    feed = _run(_with_bus(_settings(data_dir), action))
    sys.stdout.write(feed.body.decode())
    if not feed.body.endswith(b"\n"):
        sys.stdout.write("\n")


def _read_input(path: Path) -> str:
    data = sys.stdin.buffer.read(_MAX_INPUT + 1) if str(path) == "-" else path.read_bytes()
    if len(data) > _MAX_INPUT:
        raise CommandError(f"{path}: larger than {_MAX_INPUT} bytes")
    return data.decode("utf-8-sig")


def correct_command(
    release_id: Annotated[str, typer.Argument(help="The release id.")],
    path: Annotated[Path, typer.Argument(help="The corrected release (text or JSON), or -.")],
    note: Annotated[str, typer.Option(help="What was corrected (shown to recipients).")],
    source: Annotated[str, typer.Option(help="Who sends the correction.")] = "cli",
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Correct a published release: everyone who got an earlier version is told."""
    from services.ingestion.submit import Submission  # noqa: PLC0415
    from services.publishing import ChangeRefused, correct  # noqa: PLC0415

    text = _read_input(path)
    fmt = "json" if text.lstrip().startswith("{") else "text"

    async def action(bus: Bus) -> Any:
        try:
            return await correct(
                bus.store,
                bus.clock,
                release_id,
                Submission(body=text, source=source, format=fmt),  # type: ignore[arg-type]
                note,
                actor=source,
            )
        except ChangeRefused as exc:
            raise CommandError(str(exc)) from None

    changed = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        _print_json(changed)
    else:
        out.print(
            f"{changed.release_id}: {changed.outcome} (version {changed.version}, "
            f"revision {changed.revision})"
            + (f"; changed: {', '.join(changed.changes)}" if changed.changes else "")
        )


def withdraw_command(
    release_id: Annotated[str, typer.Argument(help="The release id.")],
    reason: Annotated[str, typer.Option(help="Why (shown to recipients and in feeds).")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Withdraw a release: recipients get a notice, feeds keep a tombstone."""
    from services.publishing import ChangeRefused, withdraw  # noqa: PLC0415

    async def action(bus: Bus) -> Any:
        try:
            return await withdraw(bus.store, bus.clock, release_id, reason, actor="cli")
        except ChangeRefused as exc:
            raise CommandError(str(exc)) from None

    changed = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        _print_json(changed)
    else:
        out.print(f"{changed.release_id}: {changed.outcome} (revision {changed.revision})")


def embargoes_command(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Releases held by an embargo, and when each is published."""

    async def action(bus: Bus) -> Any:
        return await bus.embargoes.scheduled()

    rows = _run(_with_bus(_settings(data_dir), action))
    for release_id, until in rows:
        if as_json:
            _print_json({"release_id": release_id, "until": until})
        else:
            out.print(f"{_when(until)} UTC  {release_id}")
    if not rows and not as_json:
        out.print("no release is under embargo")
