"""`releasebus keys`, `up` serving the API and `demo`, as an operator runs them: processes."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli import RELEASEBUS, cli

pytestmark = pytest.mark.redis


@pytest.fixture
def cli_env(redis_url: str, namespace: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASEBUS_")}
    env.update(
        REDIS_URL=redis_url,
        RELEASEBUS_NAMESPACE=namespace,
        RELEASEBUS_BLOCK_MS="20",
        RELEASEBUS_LOG_FORMAT="json",
    )
    return env


def get(url: str, key: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode()


class Process:
    """A `releasebus` process whose output is read as it comes (so pipes never fill)."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [*RELEASEBUS, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._drain, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _drain(stream: Any, lines: list[str]) -> None:
        for line in stream:
            lines.append(line)
        stream.close()

    def wait_for(self, pattern: str, *, stderr: bool = True, within: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for line in list(self.err if stderr else self.out):
                if found := re.search(pattern, line):
                    return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.proc.kill()
        raise AssertionError(f"no {pattern!r}:\n{''.join(self.out)}\n{''.join(self.err)}")

    def output(self) -> str:
        time.sleep(0.1)  # let the drain threads see the end of the streams
        return "".join(self.out) + "".join(self.err)


def test_keys_commands_and_up_serving_the_api(cli_env: dict[str, str]) -> None:
    created = json.loads(
        cli("keys", "create", "--role", "operator", "--name", "ops", "--json", env=cli_env).stdout
    )
    key, key_id = created["key"], created["key_id"]
    assert key.startswith(f"rb_{key_id}_")
    cli("keys", "create", "--role", "reader", env=cli_env)
    listed = [
        json.loads(line) for line in cli("keys", "list", "--json", env=cli_env).stdout.splitlines()
    ]
    assert sorted((k["name"], k["role"]) for k in listed) == [
        ("ops", "operator"),
        ("reader", "reader"),
    ]
    assert all("key" not in k for k in listed)
    assert "ops" in cli("keys", "list", env=cli_env).stdout
    assert cli("keys", "create", "--role", "admin", env=cli_env, check=False).returncode == 2

    up = Process("up", "--port", "0", env=cli_env)
    try:
        url = json.loads(up.wait_for(r'^\{.*"event": "api\.serving".*').group(0))["url"]
        assert url.startswith("http://127.0.0.1:")
        assert get(f"{url}/healthz") == (200, {"status": "ok"})
        deadline = time.monotonic() + 30
        while get(f"{url}/readyz")[0] != 200:
            assert time.monotonic() < deadline, get(f"{url}/readyz")
            time.sleep(0.1)
        status, rows = get(f"{url}/v1/status", key)
        assert status == 200
        assert {r["group"] for r in rows} >= {"ingestion", "enrichment", "projector"}
        assert "revoked" in cli("keys", "revoke", key_id, env=cli_env).stdout
        deadline = time.monotonic() + 15  # a server remembers a verified key for 5 s
        while get(f"{url}/v1/status", key)[0] != 401:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        missing = cli("keys", "revoke", "000000000000", env=cli_env, check=False)
        assert missing.returncode == 1
    finally:
        up.proc.send_signal(signal.SIGTERM)
        assert up.proc.wait(timeout=30) == 0, up.output()
    assert '"api.stopped"' in up.output()


def test_up_says_when_the_port_is_taken(cli_env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*RELEASEBUS, "up", "--port", str(port)],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1, result.stderr
    assert f"the API cannot listen on 127.0.0.1:{port}" in result.stderr


def test_demo_serves_the_api_and_stops_after_for_seconds(tmp_path: Path) -> None:
    """The README's first command, as a script runs it: embedded server, fixed duration."""
    env = {
        k: v for k, v in os.environ.items() if k != "REDIS_URL" and not k.startswith("RELEASEBUS_")
    }
    demo = Process(
        "demo", "--for", "8", "--port", "0", "--data-dir", str(tmp_path / "demo"), env=env
    )
    try:
        url = demo.wait_for(r"console\s+(http://\S+)/console", stderr=False).group(1)
        operator = demo.wait_for(r"operator\s+(rb_\S+)", stderr=False).group(1)
        demo.wait_for(r"running for 8 s", stderr=False)
        status, releases = get(f"{url}/v1/releases", operator)
        assert status == 200
        assert len(releases["items"]) == 8
        status, feed = get(f"{url}/feeds/en.json")  # public
        assert status == 200
        assert len(feed["items"]) == 6
        status, page = get(f"{url}/console")  # needs signing in: the login form
        assert status == 200
        assert "Sign in" in page
        status, events = get(f"{url}/docs/events")
        assert (status, events["asyncapi"]) == (200, "3.0.0")
        assert demo.proc.wait(timeout=60) == 0, demo.output()
    finally:
        if demo.proc.poll() is None:
            demo.proc.kill()
    output = demo.output()
    assert "releases after the demo" in output
    assert "signature verified" in output
    assert "SIGNATURE INVALID" not in output
    assert re.search(r"webhook embassy-au ← release\.published 2018-01-24-australia", output)
    assert f"{url}/feeds/en.atom" in output
    assert f"{url}/docs/api" in output
    assert "the embedded server has stopped" in output
