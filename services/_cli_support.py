"""What every ``releasebus`` command module shares: consoles, option types, settings, errors.

The main app (``services/cli.py``) and the command groups of the services (for example
``services/distribution/commands.py``) import from here, so neither imports the other.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
import structlog
import typer
from rich.console import Console

from services._runtime import Bus, Settings, open_bus

__all__ = [
    "AsJson",
    "CommandError",
    "DataDir",
    "_print_json",
    "_run",
    "_settings",
    "_with_bus",
    "err",
    "out",
]

# Off a terminal rich would wrap tables at 80 columns; operators pipe these into files and less.
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)
log = structlog.get_logger("releasebus.cli")

T = TypeVar("T")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="RELEASEBUS_DATA_DIR",
        help="Data directory of the embedded server (ignored when REDIS_URL is set).",
        file_okay=False,
    ),
]
AsJson = Annotated[
    bool, typer.Option("--json", help="Machine-readable output, one JSON object per line.")
]

_json = msgspec.json.Encoder()


class CommandError(Exception):
    """A failure to report in one line and exit 1 (not a usage error)."""


def _settings(data_dir: Path | None, *, quiet: bool = True, **overrides: Any) -> Settings:
    """Settings for a command; ``quiet`` commands log warnings only unless a level is set."""
    if quiet and "RELEASEBUS_LOG_LEVEL" not in os.environ:
        overrides.setdefault("log_level", "WARNING")
    return Settings.from_env(data_dir=str(data_dir) if data_dir else None, **overrides)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def _with_bus(settings: Settings, action: Callable[[Bus], Awaitable[T]]) -> T:
    async with open_bus(settings, configure_logs=True) as bus:
        return await action(bus)


def _print_json(value: Any) -> None:
    sys.stdout.write(_json.encode(value).decode() + "\n")
