"""``releasebus subscribers …``: register, change, disable and list who receives releases.

Every change is an event in the subscriber registry (``services.distribution.registry``), so
``show`` can say who changed what and when. A webhook secret is printed once, when it is made,
and never again: ``show`` and ``list`` only give its fingerprint (``secret_id``).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

import msgspec
import typer
from rich.table import Table

from schemas.subscribers import (
    AnySubscriberEvent,
    Subscriber,
    SubscriberDisabled,
    SubscriberEnabled,
    SubscriberRegistered,
    SubscriberSpec,
    SubscriberUpdated,
)
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
from services.distribution.registry import (
    ApplyReport,
    ConflictError,
    SpecError,
    SubscriberExistsError,
    SubscriberRegistry,
    UnknownSubscriberError,
    check_id,
    load_file,
    load_secrets,
    parse_spec,
    spec_changes,
)

__all__ = ["subscribers_app"]

subscribers_app = typer.Typer(
    help="Subscribers: who receives which releases, over which channels.",
    no_args_is_help=True,
)

T = TypeVar("T")

_FAILURES = (SpecError, ConflictError, UnknownSubscriberError, SubscriberExistsError)


def _call(data_dir: Path | None, action: Callable[[SubscriberRegistry], Awaitable[T]]) -> T:
    """Run ``action`` on the registry of the configured bus; its refusals exit 1."""

    async def with_registry(bus: Bus) -> T:
        return await action(SubscriberRegistry(bus.redis, bus.keys, bus.clock))

    try:
        return _run(_with_bus(_settings(data_dir), with_registry))
    except _FAILURES as exc:
        raise CommandError(str(exc)) from None


def _spec_fields(fields: dict[str, Any]) -> SubscriberSpec:
    """A validated spec from option values; a refusal names the field and exits 1."""
    try:
        return parse_spec(fields)
    except SpecError as exc:
        raise CommandError(str(exc)) from None


def _actor() -> str | None:
    return os.environ.get("USER")


def _print_secret(subscriber_id: str, secret: str) -> None:
    out.print(f"secret for {subscriber_id}: {secret}", markup=False, highlight=False)
    err.print("[yellow]warning:[/yellow] store this secret now: it will not be shown again")


# --- options shared by add and update ---------------------------------------------------------

Kind = Annotated[str | None, typer.Option("--kind", help="embassy, feed or partner.")]
Webhook = Annotated[
    str | None, typer.Option("--webhook", help="Webhook URL (deliveries are signed).")
]
Emails = Annotated[list[str] | None, typer.Option("--email", help="E-mail address (repeat).")]
Languages = Annotated[
    list[str] | None, typer.Option("--lang", help="ISO 639-1 language wanted (repeat).")
]
Countries = Annotated[
    list[str] | None, typer.Option("--country", help="ISO 3166-1 alpha-2 country (repeat).")
]
ReleaseKinds = Annotated[
    list[str] | None,
    typer.Option("--release-kind", help="Release kind, e.g. 'Press Statement' (repeat)."),
]
Topics = Annotated[
    list[str] | None, typer.Option("--topic", help="Topic id or IPTC code (repeat).")
]
DigestOption = Annotated[str | None, typer.Option("--digest", help="immediate or daily.")]
DigestAt = Annotated[
    str | None, typer.Option("--digest-at", help="When the daily digest goes out (HH:MM, UTC).")
]


def _given(**options: Any) -> dict[str, Any]:
    """The options that were given, as spec fields (list options: one '' clears the list)."""
    fields: dict[str, Any] = {}
    for name, value in options.items():
        if isinstance(value, list):
            fields[name] = [v for v in value if v.strip()]
        elif value is not None:
            fields[name] = value
    return fields


@subscribers_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Who the subscriber is, e.g. 'Embassy in Paris'.")],
    subscriber_id: Annotated[
        str | None, typer.Option("--id", help="Its id (default: from the name).")
    ] = None,
    kind: Kind = None,
    webhook: Webhook = None,
    emails: Emails = None,
    languages: Languages = None,
    countries: Countries = None,
    release_kinds: ReleaseKinds = None,
    topics: Topics = None,
    trusted: Annotated[
        bool, typer.Option("--trusted", help="Receives embargoed releases early, withheld.")
    ] = False,
    digest: DigestOption = None,
    digest_at: DigestAt = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow a webhook on a private address.")
    ] = False,
    accept_machine: Annotated[
        bool, typer.Option("--accept-machine", help="Accept machine translations.")
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Register a subscriber; a webhook's signing secret is printed this once."""
    spec = _spec_fields(
        _given(
            name=name, kind=kind, webhook_url=webhook or None, emails=emails,
            languages=languages, countries=countries, kinds=release_kinds, topics=topics,
            embargo_trusted=trusted, digest=digest, digest_at=digest_at,
            allow_private=allow_private, accept_machine_translation=accept_machine,
        )
    )  # fmt: skip
    if subscriber_id is not None:
        try:
            check_id(subscriber_id)
        except SpecError as exc:
            raise CommandError(str(exc)) from None

    async def action(registry: SubscriberRegistry) -> tuple[Subscriber, str | None]:
        return await registry.register(spec, subscriber_id=subscriber_id, actor=_actor())

    subscriber, secret = _call(data_dir, action)
    if as_json:
        _print_json(
            {
                "subscriber_id": subscriber.subscriber_id,
                "revision": subscriber.revision,
                "secret_id": subscriber.secret_id,
                "secret": secret,
            }
        )
        return
    out.print(f"registered {subscriber.subscriber_id}")
    if secret is not None:
        _print_secret(subscriber.subscriber_id, secret)


@subscribers_app.command("update")
def update(
    subscriber_id: Annotated[str, typer.Argument(metavar="ID")],
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    kind: Kind = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="Webhook URL ('' removes it).")
    ] = None,
    emails: Emails = None,
    languages: Languages = None,
    countries: Countries = None,
    release_kinds: ReleaseKinds = None,
    topics: Topics = None,
    trusted: Annotated[
        bool | None,
        typer.Option("--trusted/--untrusted", help="Receives embargoed releases early."),
    ] = None,
    digest: DigestOption = None,
    digest_at: DigestAt = None,
    allow_private: Annotated[
        bool | None,
        typer.Option("--allow-private/--no-allow-private", help="Webhook on a private address."),
    ] = None,
    accept_machine: Annotated[
        bool | None,
        typer.Option("--accept-machine/--no-accept-machine", help="Machine translations."),
    ] = None,
    rotate_secret: Annotated[
        bool, typer.Option("--rotate-secret", help="Make a new webhook secret (printed once).")
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Change a subscriber: only the options given change; a list option replaces the list.

    Give a list option once with '' to clear it (e.g. --country '').
    """
    given = _given(
        name=name, kind=kind, emails=emails, languages=languages, countries=countries,
        kinds=release_kinds, topics=topics, embargo_trusted=trusted, digest=digest,
        digest_at=digest_at, allow_private=allow_private,
        accept_machine_translation=accept_machine,
    )  # fmt: skip
    if webhook is not None:
        given["webhook_url"] = webhook.strip() or None

    async def action(registry: SubscriberRegistry) -> tuple[Subscriber, Subscriber, str | None]:
        current = await registry.get(subscriber_id)
        if current is None:
            raise UnknownSubscriberError(subscriber_id)
        spec = _spec_fields({**msgspec.structs.asdict(current.spec), **given})
        changed, secret = await registry.update(
            subscriber_id,
            spec,
            expected_revision=current.revision,
            rotate_secret=rotate_secret,
            actor=_actor(),
        )
        return current, changed, secret

    before, after, secret = _call(data_dir, action)
    changes = _last_changes(before, after)
    if as_json:
        _print_json(
            {
                "subscriber_id": after.subscriber_id,
                "revision": after.revision,
                "changes": changes,
                "secret_id": after.secret_id,
                "secret": secret,
            }
        )
        return
    if after.revision == before.revision:
        out.print(f"{subscriber_id} unchanged")
    else:
        out.print(f"updated {subscriber_id} (changed: {', '.join(changes)})")
    if secret is not None:
        _print_secret(subscriber_id, secret)


def _last_changes(before: Subscriber, after: Subscriber) -> list[str]:
    changed = list(spec_changes(before.spec, after.spec))
    if after.secret_id != before.secret_id:
        changed.append("secret_id")
    return changed


@subscribers_app.command("disable")
def disable(
    subscriber_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in its history).")],
    data_dir: DataDir = None,
) -> None:
    """Stop deliveries to a subscriber until it is enabled again."""

    async def action(registry: SubscriberRegistry) -> tuple[bool, Subscriber]:
        before = await registry.get(subscriber_id)
        after = await registry.disable(subscriber_id, reason, actor=_actor())
        return before is not None and before.active, after

    was_active, _ = _call(data_dir, action)
    out.print(
        f"disabled {subscriber_id}" if was_active else f"{subscriber_id} was disabled already"
    )


@subscribers_app.command("enable")
def enable(
    subscriber_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why (optional).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Resume deliveries to a disabled subscriber."""

    async def action(registry: SubscriberRegistry) -> tuple[bool, Subscriber]:
        before = await registry.get(subscriber_id)
        after = await registry.enable(subscriber_id, reason=reason, actor=_actor())
        return before is not None and not before.active, after

    was_disabled, _ = _call(data_dir, action)
    out.print(f"enabled {subscriber_id}" if was_disabled else f"{subscriber_id} was active already")


# --- reading --------------------------------------------------------------------------------


def _channels(subscriber: Subscriber) -> str:
    spec = subscriber.spec
    channels = []
    if spec.webhook_url:
        channels.append(f"webhook {urlsplit(spec.webhook_url).hostname}")
    if spec.emails:
        digest = " daily" if spec.digest == "daily" else ""
        channels.append(f"{len(spec.emails)} e-mail{'s' if len(spec.emails) > 1 else ''}{digest}")
    if spec.kind == "feed":
        channels.append("feed")
    return ", ".join(channels)


@subscribers_app.command("list")
def list_subscribers(
    include_disabled: Annotated[
        bool, typer.Option("--all", help="Include disabled subscribers.")
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The subscribers (active ones unless --all)."""

    async def action(registry: SubscriberRegistry) -> list[Subscriber]:
        return await (registry.all() if include_disabled else registry.active())

    subscribers = _call(data_dir, action)
    if as_json:
        for subscriber in subscribers:
            _print_json(subscriber)
        return
    if not subscribers:
        out.print("no subscribers" if include_disabled else "no active subscribers")
        return
    table = Table(title="subscribers")
    table.add_column("id", no_wrap=True)
    for column in ("name", "kind", "channels", "languages", "countries", "active"):
        table.add_column(column)
    for s in subscribers:
        table.add_row(
            s.subscriber_id,
            s.spec.name,
            s.spec.kind,
            _channels(s),
            " ".join(s.spec.languages) or "all",
            " ".join(s.spec.countries) or "all",
            "yes" if s.active else f"no: {s.disabled_reason}",
        )
    out.print(table)


def _summary(event: AnySubscriberEvent) -> str:
    """One line saying what an event did, for the history table."""
    match event:
        case SubscriberRegistered():
            return f"registered ({_channel_names(event.spec.webhook_url, event.spec.emails)})"
        case SubscriberUpdated():
            return "changed: " + (", ".join(event.changes) or "nothing")
        case SubscriberDisabled():
            return f"disabled: {event.reason}"
        case SubscriberEnabled():
            return "enabled" + (f": {event.reason}" if event.reason else "")


def _channel_names(webhook_url: str | None, emails: tuple[str, ...]) -> str:
    names = (["webhook"] if webhook_url else []) + (["e-mail"] if emails else [])
    return ", ".join(names) or "feed"


@subscribers_app.command("show")
def show(
    subscriber_id: Annotated[str, typer.Argument(metavar="ID")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """A subscriber's spec, state and history (never its secret)."""

    async def action(
        registry: SubscriberRegistry,
    ) -> tuple[Subscriber, list[AnySubscriberEvent]]:
        subscriber = await registry.get(subscriber_id)
        if subscriber is None:
            raise UnknownSubscriberError(subscriber_id)
        return subscriber, await registry.history(subscriber_id)

    subscriber, events = _call(data_dir, action)
    if as_json:
        _print_json({"subscriber": subscriber, "history": events})
        return
    table = Table(show_header=False, title=subscriber.subscriber_id, title_justify="left")
    for field in subscriber.spec.__struct_fields__:
        value = getattr(subscriber.spec, field)
        shown = " ".join(value) if isinstance(value, tuple) else value
        table.add_row(field, "" if shown is None else str(shown))
    state = "active" if subscriber.active else f"disabled: {subscriber.disabled_reason}"
    for name, value in (
        ("state", state),
        ("revision", subscriber.revision),
        ("secret id", subscriber.secret_id),
        ("created at", subscriber.created_at),
        ("updated at", subscriber.updated_at),
    ):
        table.add_row(name, "" if value is None else str(value), style="bold")
    out.print(table)
    history = Table(title="history", title_justify="left")
    for column in ("rev", "recorded at", "event", "by", "what"):
        history.add_column(column)
    for event in events:
        history.add_row(
            str(event.revision),
            str(event.recorded_at or event.occurred_at),
            type(event).__name__,
            event.actor or "",
            _summary(event),
        )
    out.print(history)


# --- declarative ----------------------------------------------------------------------------


@subscribers_app.command("apply")
def apply(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A subscribers TOML file.")
    ],
    prune: Annotated[
        bool, typer.Option("--prune", help="Disable active subscribers the file leaves out.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; change nothing.")
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Make the registry match a subscribers file (see deploy/subscribers.example.toml).

    A table's ``secret_env`` names the environment variable holding its webhook secret.
    """
    try:
        specs, secrets = load_file(file), load_secrets(file)
    except SpecError as exc:
        raise CommandError(str(exc)) from None

    async def action(registry: SubscriberRegistry) -> ApplyReport:
        return await registry.apply(
            specs, secrets=secrets, prune=prune, dry_run=dry_run, actor=_actor()
        )

    report = _call(data_dir, action)
    if as_json:
        _print_json(report)
        return
    _print_report(report)


def _print_report(report: ApplyReport) -> None:
    would = "would be " if report.dry_run else ""
    for subscriber_id in report.created:
        out.print(f"[green]{would}created[/green]  {subscriber_id}")
    for subscriber_id, changes in report.updated.items():
        out.print(f"[yellow]{would}updated[/yellow]  {subscriber_id} ({', '.join(changes)})")
    for subscriber_id in report.disabled:
        out.print(f"[red]{would}disabled[/red] {subscriber_id} (not in the file)")
    for subscriber_id in report.inactive:
        err.print(
            f"[yellow]note:[/yellow] {subscriber_id} is disabled; apply does not enable it "
            f"(releasebus subscribers enable {subscriber_id})"
        )
    out.print(
        f"{len(report.created)} {would}created, {len(report.updated)} {would}updated, "
        f"{len(report.unchanged)} unchanged, {len(report.disabled)} {would}disabled"
    )
    for subscriber_id, secret in report.secrets.items():
        _print_secret(subscriber_id, secret)
