"""``releasebus keys create|list|revoke``: API keys for the HTTP API and the console.

Registered on the main app by ``services/cli.py``. A key is printed once, when it is made;
only its SHA-256 is stored (see :mod:`services.api.auth`).
"""

from __future__ import annotations

from typing import Annotated

import typer
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
from services.api.keys import ROLES, ApiKey, ApiKeys, Role

__all__ = ["keys_app"]

keys_app = typer.Typer(help="API keys for the HTTP API and the console.", no_args_is_help=True)


def _keys(bus: Bus) -> ApiKeys:
    return ApiKeys(bus.redis, bus.keys, bus.clock)


@keys_app.command("create")
def create(
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLES)}.")],
    name: Annotated[
        str, typer.Option("--name", help="Who uses it; a publisher's name is its source.")
    ] = "",
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Make a key; it is printed this once (only its hash is stored)."""
    if role not in ROLES:
        raise typer.BadParameter(f"{role!r} is not one of {', '.join(ROLES)}", param_hint="--role")
    chosen: Role = role  # narrowed by the check above

    async def action(bus: Bus) -> tuple[ApiKey, str]:
        try:
            return await _keys(bus).create(chosen, name or role)
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    record, token = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        _print_json(
            {"key_id": record.key_id, "name": record.name, "role": record.role, "key": token}
        )
        return
    out.print(f"created {record.role} key {record.key_id} ({record.name})")
    out.print(token, soft_wrap=True, highlight=False)
    err.print("[dim]keep it now: it is not shown again (only its hash is stored)[/dim]")


@keys_app.command("list")
def list_keys(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Every key, with its role and whether it is revoked (never the key itself)."""

    async def action(bus: Bus) -> list[ApiKey]:
        return await _keys(bus).all()

    found = _run(_with_bus(_settings(data_dir), action))
    if as_json:
        for record in found:
            _print_json(
                {
                    "key_id": record.key_id,
                    "name": record.name,
                    "role": record.role,
                    "created_at": record.created_at,
                    "revoked_at": record.revoked_at,
                }
            )
        return
    if not found:
        out.print("no API keys yet: releasebus keys create --role …")
        return
    table = Table(title="API keys")
    for column in ("key id", "name", "role", "created", "revoked"):
        table.add_column(column)
    for record in found:
        table.add_row(
            record.key_id,
            record.name,
            record.role,
            record.created_at.isoformat(timespec="seconds"),
            record.revoked_at.isoformat(timespec="seconds") if record.revoked_at else "",
        )
    out.print(table)


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key id (from `keys list`).")],
    data_dir: DataDir = None,
) -> None:
    """Revoke a key: a running server refuses it within a few seconds."""

    async def action(bus: Bus) -> ApiKey:
        return await _keys(bus).revoke(key_id)

    record = _run(_with_bus(_settings(data_dir), action))
    out.print(f"revoked {record.key_id} ({record.name}, {record.role})")
