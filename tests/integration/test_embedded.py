"""Integration tests for the embedded Valkey server (real valkey-server processes).

Every server a test starts is stopped by the ``servers`` fixture, and killed if
stopping failed, so no valkey-server outlives the test run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from services._embedded import (
    LOG_FILE,
    STATE_FILE,
    EmbeddedServer,
    EmbeddedServerError,
    embedded_server,
    ensure_server,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _client(server: EmbeddedServer) -> redis.Redis:
    return redis.Redis.from_url(server.url, socket_connect_timeout=1, socket_timeout=2)


class _Servers:
    """Starts servers and remembers them so the fixture can clean up."""

    def __init__(self) -> None:
        self.started: list[EmbeddedServer] = []
        self.pids: set[int] = set()

    def ensure(self, data_dir: Path) -> EmbeddedServer:
        server = ensure_server(data_dir)
        self.track(server)
        return server

    def track(self, server: EmbeddedServer) -> None:
        self.started.append(server)
        self.pids.add(server.pid)


@pytest.fixture
def servers() -> Iterator[_Servers]:
    tracker = _Servers()
    yield tracker
    for server in tracker.started:
        server.stop()
    for pid in tracker.pids:  # last resort if a stop() failed or was skipped
        _kill_valkey(pid)


def _kill_valkey(pid: int) -> None:
    # Check the name first: a stopped server's pid may already belong to someone else.
    comm = Path(f"/proc/{pid}/comm")
    if _alive(pid) and (not comm.parent.exists() or "valkey" in comm.read_text()):
        os.kill(pid, signal.SIGKILL)


def test_data_survives_restart(tmp_path: Path, servers: _Servers) -> None:
    first = servers.ensure(tmp_path)
    assert first.started_here
    client = _client(first)
    client.set("release:1", "hello")
    entry_id = client.xadd("events", {"type": "ReleasePublished", "id": "1"})
    client.close()

    first.stop()
    assert _wait_gone(first.pid)
    assert not (tmp_path / STATE_FILE).exists()
    assert (tmp_path / "appendonlydir").is_dir()

    second = servers.ensure(tmp_path)
    assert second.started_here
    assert second.pid != first.pid
    client = _client(second)
    assert client.get("release:1") == b"hello"
    assert client.xrange("events") == [(entry_id, {b"type": b"ReleasePublished", b"id": b"1"})]
    client.close()


def test_second_ensure_attaches_to_running_server(tmp_path: Path, servers: _Servers) -> None:
    owner = servers.ensure(tmp_path)
    other = servers.ensure(tmp_path)
    assert owner.started_here
    assert not other.started_here
    assert (other.url, other.pid) == (owner.url, owner.pid)

    other.stop()  # not the owner: must leave the server running
    assert _client(owner).ping()


def test_uses_unix_socket_in_data_dir(tmp_path: Path, servers: _Servers) -> None:
    server = servers.ensure(tmp_path)
    assert server.url.startswith("unix://")
    assert (tmp_path / "valkey.sock").is_socket()
    client = _client(server)
    assert client.config_get("port") == {"port": "0"}  # TCP off entirely
    assert client.config_get("appendonly") == {"appendonly": "yes"}
    assert client.config_get("appendfsync") == {"appendfsync": "everysec"}
    assert client.config_get("save") == {"save": ""}
    client.close()


def test_falls_back_to_tcp_when_socket_path_too_long(tmp_path: Path, servers: _Servers) -> None:
    data_dir = tmp_path / ("d" * 120)
    server = servers.ensure(data_dir)
    assert server.url.startswith("redis://127.0.0.1:")
    client = _client(server)
    assert client.ping()
    assert client.config_get("bind") == {"bind": "127.0.0.1"}
    client.close()


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("kind", ["dead-pid", "reused-pid", "garbage"])
def test_stale_state_file_starts_new_server(tmp_path: Path, servers: _Servers, kind: str) -> None:
    if kind == "garbage":
        content = "not json{"
    else:
        # "reused-pid": the pid is alive but belongs to this test process, not valkey.
        pid = _dead_pid() if kind == "dead-pid" else os.getpid()
        url = f"unix://{tmp_path}/valkey.sock?db=0"
        content = json.dumps({"pid": pid, "url": url, "data_dir": str(tmp_path)})
    (tmp_path / STATE_FILE).write_text(content)

    server = servers.ensure(tmp_path)
    assert server.started_here
    assert _client(server).ping()
    recorded = json.loads((tmp_path / STATE_FILE).read_text())
    assert recorded["pid"] == server.pid


def test_state_of_another_dirs_server_is_not_reused(tmp_path: Path, servers: _Servers) -> None:
    other = servers.ensure(tmp_path / "other")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / STATE_FILE).write_bytes((tmp_path / "other" / STATE_FILE).read_bytes())

    mine = servers.ensure(tmp_path / "mine")
    assert mine.started_here
    assert mine.pid != other.pid


def test_hung_server_for_this_dir_is_not_doubled(tmp_path: Path, servers: _Servers) -> None:
    server = servers.ensure(tmp_path)
    os.kill(server.pid, signal.SIGSTOP)
    try:
        with pytest.raises(EmbeddedServerError, match="refusing to start a second server"):
            ensure_server(tmp_path)
    finally:
        os.kill(server.pid, signal.SIGCONT)


def test_context_manager_stops_server(tmp_path: Path, servers: _Servers) -> None:
    with embedded_server(tmp_path) as server:
        servers.track(server)
        assert server.started_here
        assert _client(server).ping()

    assert _wait_gone(server.pid)
    with pytest.raises(redis.ConnectionError):
        _client(server).ping()
    assert not (tmp_path / STATE_FILE).exists()
    assert "ready to exit" in (tmp_path / LOG_FILE).read_text()  # graceful SHUTDOWN


_RACER = """
import sys, time
from pathlib import Path
from services._embedded import ensure_server

data_dir, ready, go = map(Path, sys.argv[1:4])
ready.touch()
while not go.exists():
    time.sleep(0.002)
s = ensure_server(data_dir)
print("RESULT", s.url, s.pid, s.started_here, flush=True)
sys.stdin.read()  # stay alive (and keep the server) until the test closes stdin
"""


def test_racing_processes_share_one_server_and_owner_stops_it_at_exit(
    tmp_path: Path,
) -> None:
    data_dir, go = tmp_path / "data", tmp_path / "go"
    readies = [tmp_path / f"ready{i}" for i in range(2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(data_dir), str(ready), str(go)],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for ready in readies
    ]
    pids: set[int] = set()
    try:
        deadline = time.monotonic() + 10
        while not all(r.exists() for r in readies):
            assert time.monotonic() < deadline, "racers did not start"
            time.sleep(0.005)
        go.touch()

        results = []
        for proc in procs:
            assert proc.stdout is not None
            line = next(ln for ln in proc.stdout if ln.startswith("RESULT "))
            _, url, racer_pid, started_here = line.split()
            results.append((url, int(racer_pid), started_here == "True"))
        pids = {pid for _, pid, _ in results}
        assert len({(url, pid) for url, pid, _ in results}) == 1
        assert sorted(started for _, _, started in results) == [False, True]

        for proc in procs:  # let both exit normally: the owner's atexit stops it
            assert proc.stdin is not None
            proc.stdin.close()
            assert proc.wait(timeout=10) == 0
        assert _wait_gone(pids.pop())
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
        for pid in pids:
            _kill_valkey(pid)


_OWNER = """
import sys
from pathlib import Path
from services._embedded import ensure_server

s = ensure_server(Path(sys.argv[1]))
print("RESULT", s.url, s.pid, s.started_here, flush=True)
"""


def _run_owner(data_dir: Path) -> str:
    """Run a process that asks for the server of ``data_dir`` and exits; its RESULT line."""
    done = subprocess.run(
        [sys.executable, "-c", _OWNER, str(data_dir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT "))


def test_the_owner_leaves_the_server_running_at_exit_while_another_process_uses_it(
    tmp_path: Path,
) -> None:
    """An operator's two commands share the server: the first one's exit must not cut the
    second off mid-work."""
    _, _url, pid, started_here = _run_owner(tmp_path).split()
    assert started_here == "True"
    # Alone, the owner stopped its server at exit.
    assert _wait_gone(int(pid))

    attached = ensure_server(tmp_path)  # a fresh server, owned by this test process
    user = _client(attached)
    try:
        assert _run_owner(tmp_path).endswith(" False")  # it attached
        assert user.ping()
        # And when this process, the owner, exits while someone is still connected, the
        # server stays up: here a second client stands for the other process.
        second = _client(attached)
        second.ping()
        attached._stop_at_exit()
        assert _alive(attached.pid)
        assert user.ping()
        second.close()
    finally:
        user.close()
        attached.stop()
        _kill_valkey(attached.pid)
