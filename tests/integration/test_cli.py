"""The operator CLI as an operator runs it: real processes, a real server, exit codes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from schemas.export import SCHEMA_PATH
from services._embedded import ensure_server
from services._runtime import Settings, open_bus
from services.ingestion.submit import Submission, submit
from services.projector import GROUP, rebuild
from tests.samples import lifecycle

pytestmark = pytest.mark.redis

RELEASEBUS = [sys.executable, "-m", "services"]


def cli(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*RELEASEBUS, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def cli_env(redis_url: str, namespace: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASEBUS_")}
    env.update(REDIS_URL=redis_url, RELEASEBUS_NAMESPACE=namespace, RELEASEBUS_BLOCK_MS="20")
    return env


async def seed(settings: Settings) -> None:
    async with open_bus(settings) as bus:
        await bus.store.append("r-1", lifecycle("r-1"))


async def test_history_state_and_exit_codes(cli_env, settings, redis) -> None:
    await seed(settings)
    table = cli("history", "r-1", env=cli_env).stdout
    assert "ReleaseWithdrawn" in table
    assert "Issued in error." in table
    lines = cli("history", "r-1", "--json", env=cli_env).stdout.splitlines()
    assert [json.loads(line)["revision"] for line in lines] == list(range(1, 23))
    state = json.loads(cli("state", "r-1", "--json", env=cli_env).stdout)
    assert (state["revision"], state["status"], state["version"]) == (22, "withdrawn", 3)
    earlier = json.loads(cli("state", "r-1", "--at-revision", "6", "--json", env=cli_env).stdout)
    assert (earlier["revision"], earlier["status"]) == (6, "published")
    assert "published" in cli("state", "r-1", "--at-revision", "6", env=cli_env).stdout
    missing = cli("history", "nope", env=cli_env, check=False)
    assert missing.returncode == 1
    assert "no events for release nope" in missing.stderr
    usage = cli("state", "r-1", "--at-revision", "0", env=cli_env, check=False)
    assert usage.returncode == 2
    both = cli("state", "r-1", "--at-revision", "2", "--at", "2018-01-01", env=cli_env, check=False)
    assert both.returncode == 2
    assert cli("no-such-command", env=cli_env, check=False).returncode == 2


async def test_rebuild_status_and_dead_letters(cli_env, settings, redis) -> None:
    await seed(settings)
    out = cli("rebuild", env=cli_env).stdout
    assert "rebuilt 1 releases from 22 events" in out
    async with open_bus(settings) as bus:
        assert (await bus.projection.get("r-1")).revision == 22  # type: ignore[union-attr]
        await bus.ensure_groups()
    rows = [json.loads(line) for line in cli("status", "--json", env=cli_env).stdout.splitlines()]
    assert sorted((r["group"], r["lag"], r["pending"]) for r in rows) == [
        ("distribution", 22, 0),
        ("enrichment", 22, 0),
        ("ingestion", 0, 0),
        (GROUP, 22, 0),
        ("translation-queue", 22, 0),
    ]
    assert "projector" in cli("status", env=cli_env).stdout
    assert cli("dlq", "list", env=cli_env).stdout.strip() == "no dead letters"
    assert cli("dlq", "show", "1-0", env=cli_env, check=False).returncode == 1


def test_schema_export_check(tmp_path: Path, cli_env) -> None:
    assert "up to date" in cli("schema", "export", "--check", env=cli_env).stdout
    stale = tmp_path / "events.schema.json"
    stale.write_text("{}")
    result = cli("schema", "export", "--check", "--output", str(stale), env=cli_env, check=False)
    assert result.returncode == 1
    cli("schema", "export", "--output", str(stale), env=cli_env)
    assert stale.read_text() == SCHEMA_PATH.read_text()


def test_up_on_the_embedded_server_keeps_data_across_restarts(tmp_path: Path) -> None:
    """`releasebus up` starts its own server; `status` attaches to it; data survives."""
    data = tmp_path / "data"
    env = {
        k: v for k, v in os.environ.items() if k != "REDIS_URL" and not k.startswith("RELEASEBUS_")
    }
    env["RELEASEBUS_LOG_FORMAT"] = "json"

    def start() -> tuple[subprocess.Popen[str], list[str]]:
        proc = subprocess.Popen(
            [*RELEASEBUS, "up", "--port", "0", "--data-dir", str(data)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: list[str] = []
        started = threading.Event()

        def drain() -> None:  # keep reading, so the pipe never fills and blocks the bus
            assert proc.stderr is not None
            for line in proc.stderr:
                lines.append(line)
                if '"bus.started"' in line:
                    started.set()
            proc.stderr.close()

        threading.Thread(target=drain, daemon=True).start()
        if not started.wait(30):
            proc.kill()
            raise AssertionError("bus did not start:\n" + "".join(lines))
        return proc, lines

    def stop(proc: subprocess.Popen[str], lines: list[str]) -> None:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, "".join(lines)
        time.sleep(0.05)  # let the drain thread see the end of the stream
        assert any('"embedded.stopped"' in line for line in lines), "".join(lines)

    up, lines = start()
    try:
        rows = cli("status", "--json", "--data-dir", str(data), env=env).stdout.splitlines()
        assert sorted(json.loads(r)["group"] for r in rows) == [
            "distribution",
            "enrichment",
            "ingestion",
            GROUP,
            "translation-queue",
        ]
        server = ensure_server(data)  # attaches to the server `up` started
        assert not server.started_here
        asyncio.run(seed(Settings.from_env(env={}, redis_url=server.url)))
    finally:
        stop(up, lines)
    up, lines = start()
    try:
        history = cli("history", "r-1", "--json", "--data-dir", str(data), env=env).stdout
        types = [json.loads(line)["type"] for line in history.splitlines()]
        # The 22 events appended before the restart, then what enrichment added: one
        # ReleaseEnriched per content version (parsed, revised, corrected).
        assert types[:22] == [type(e).__name__ for e in lifecycle("r-1")]
        assert types[22:] == ["ReleaseEnriched"] * 3
        rows = cli("status", "--json", "--data-dir", str(data), env=env).stdout.splitlines()
        assert json.loads(rows[0])["lag"] == 0 or json.loads(rows[0])["pending"] == 0
    finally:
        stop(up, lines)


async def test_releases_and_raw_commands(cli_env, settings, redis) -> None:
    seed = (
        Path(__file__).parents[1] / "fixtures" / "releases" / "000_71c7df2a4b118224.txt"
    ).read_text()
    async with open_bus(settings) as bus:
        outcomes = await submit(bus.store, bus.clock, Submission(body=seed, source="cms"))
        broken = "# Press Releases: Nothing Yet\n"
        (rejected,) = await submit(bus.store, bus.clock, Submission(body=broken, source="cms"))
        await rebuild(bus.projection)
    rows = [json.loads(x) for x in cli("releases", "--json", env=cli_env).stdout.splitlines()]
    assert len(rows) == 6
    only = cli("releases", "--status", "rejected", "--json", env=cli_env).stdout.splitlines()
    assert [json.loads(x)["release_id"] for x in only] == [rejected.release_id]
    assert json.loads(only[0])["rejection"][0]["message"] == "no body"
    dated = cli("releases", "--since", "2018-01-24", "--until", "2018-01-24", "--json", env=cli_env)
    assert sorted(json.loads(x)["release_id"] for x in dated.stdout.splitlines()) == sorted(
        o.release_id for o in outcomes[:2]
    )
    readouts = cli("releases", "--kind", "Readout", env=cli_env).stdout
    assert outcomes[0].release_id in readouts
    assert cli("releases", "--since", "yesterday", env=cli_env, check=False).returncode == 2
    assert cli("raw", rejected.release_id, env=cli_env).stdout == "# Press Releases: Nothing Yet"
    assert cli("raw", outcomes[1].release_id, "--whole", env=cli_env).stdout == seed
    assert cli("raw", "missing", env=cli_env, check=False).returncode == 1


def test_server_stop_ends_a_server_whose_owner_was_killed(tmp_path: Path) -> None:
    data = tmp_path / "orphan"
    env = {
        k: v for k, v in os.environ.items() if k != "REDIS_URL" and not k.startswith("RELEASEBUS_")
    }
    env["RELEASEBUS_LOG_FORMAT"] = "json"
    owner = subprocess.Popen(
        [*RELEASEBUS, "up", "--port", "0", "--data-dir", str(data)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert owner.stderr is not None
    for line in owner.stderr:
        if '"bus.started"' in line:
            break
    owner.kill()  # SIGKILL: no chance to stop the server it started
    owner.wait(timeout=10)
    owner.stderr.close()
    status = cli("server", "status", "--data-dir", str(data), env=env)
    assert "running: pid" in status.stdout
    stopped = cli("server", "stop", "--data-dir", str(data), env=env)
    assert "stopped pid" in stopped.stdout
    again = cli("server", "status", "--data-dir", str(data), env=env, check=False)
    assert again.returncode == 1
    assert "no server running" in again.stderr
    assert cli("server", "stop", "--data-dir", str(data), env=env, check=False).returncode == 1
