"""Serving the app with uvicorn inside the bus's own event loop.

:func:`serve` binds the socket first (so a port in use is a one-line error, and port 0 gives
a free port whose URL is reported), then runs uvicorn on it until ``stop`` is set. Signals
stay with the caller: uvicorn would otherwise install its own handlers and re-raise the
signal after shutting down, killing the process before the bus has stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import structlog
import uvicorn

from services._runtime import Bus, Settings
from services.api.app import create_app

__all__ = ["bind", "serve", "serving"]

log = structlog.get_logger("releasebus.api")


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # the caller owns SIGINT/SIGTERM and sets ``stop``


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (IPv4 or IPv6); OSError says why not."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    # The protocol must be IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on
    # sockets that say so, and with Nagle on every small answer waits ~40 ms for an ACK.
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(address)
        sock.listen(2048)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def serve(
    bus: Bus,
    settings: Settings,
    stop: asyncio.Event,
    *,
    host: str | None = None,
    port: int | None = None,
    sock: socket.socket | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the API until ``stop`` is set: on ``sock`` (from :func:`bind`), else on
    ``host:port`` (default: the settings'). ``ready`` gets the base URL once it answers."""
    if sock is None:
        sock = bind(host or settings.api_host, settings.api_port if port is None else port)
    url = _url(sock)
    try:
        app = create_app(bus, settings)
    except BaseException:
        sock.close()
        raise
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=5,
        server_header=False,
    )
    server = _Server(config)
    running = asyncio.create_task(server.serve(sockets=[sock]), name="api")
    try:
        while not server.started:
            if running.done():
                await running  # raises what failed the start
                raise RuntimeError("the API server stopped while starting")
            await asyncio.sleep(0.01)
        log.info("api.serving", url=url)
        if ready is not None:
            ready(url)
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait([running, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await running
        sock.close()
        log.info("api.stopped", url=url)


@contextlib.asynccontextmanager
async def serving(
    bus: Bus, settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """The API served in the background while the block runs; yields its base URL."""
    stop = asyncio.Event()
    started: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(
        serve(bus, settings or bus.settings, stop, host=host, port=port, ready=started.set_result)
    )
    try:
        waiting: list[asyncio.Future[Any]] = [task, started]
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            await task
        yield started.result()
    finally:
        stop.set()
        await task
