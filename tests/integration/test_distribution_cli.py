"""The distribution commands as an operator runs them: real processes, server and HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from schemas.subscribers import SubscriberSpec
from services._runtime import Bus
from services.distribution.receiver import WebhookReceiver
from tests.integration.test_cli import cli
from tests.integration.test_distribution import RELEASE, pump

pytestmark = pytest.mark.redis


@pytest.fixture
def cli_env(redis_url: str, namespace: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASEBUS_")}
    env.update(REDIS_URL=redis_url, RELEASEBUS_NAMESPACE=namespace)
    return env


async def run(*args: str, env: dict[str, str], check: bool = True) -> object:
    # In a thread: the test's event loop keeps serving the webhook receiver meanwhile.
    return await asyncio.to_thread(cli, *args, env=env, check=check)


async def test_deliveries_resend_correct_withdraw_feed_replay(
    bus: Bus, cli_env: dict[str, str], tmp_path: Path
) -> None:
    secrets: dict[str, str] = {}
    hooks = WebhookReceiver(secrets.get)
    await hooks.start()
    try:
        _, secret = await bus.registry.register(
            SubscriberSpec(name="Paris", webhook_url=hooks.url("paris"), allow_private=True),
            subscriber_id="paris",
        )
        assert secret is not None
        secrets["paris"] = secret
        release = tmp_path / "release.txt"
        release.write_text(RELEASE)
        ingested = await run("ingest", str(release), "--json", env=cli_env)
        release_id = json.loads(ingested.stdout)["release_id"]  # type: ignore[attr-defined]
        await pump(bus)
        assert len(hooks.received) == 1

        rows = (await run("deliveries", release_id, "--json", env=cli_env)).stdout.splitlines()  # type: ignore[attr-defined]
        (row,) = [json.loads(r) for r in rows]
        assert (row["subscriber_id"], row["status"], row["sequence"]) == ("paris", "delivered", 1)
        table = (await run("deliveries", release_id, env=cli_env)).stdout  # type: ignore[attr-defined]
        assert "paris" in table
        assert "delivered" in table

        resent = (await run("resend", release_id, "--subscriber", "paris", env=cli_env)).stdout  # type: ignore[attr-defined]
        assert "delivered" in resent
        assert [r.delivery_id for r in hooks.received] == [row["delivery_id"]] * 2
        assert [r.sequence for r in hooks.received] == [1, 1]
        # The resend is an attempt of its own in the audit trail.
        rows = (await run("deliveries", release_id, "--json", env=cli_env)).stdout.splitlines()  # type: ignore[attr-defined]
        assert json.loads(rows[0])["attempts"] == 2

        corrected = tmp_path / "corrected.txt"
        corrected.write_text(RELEASE.replace("research", "education"))
        out = (
            await run("correct", release_id, str(corrected), "--note", "Fixed a word.", env=cli_env)
        ).stdout  # type: ignore[attr-defined]
        assert "corrected (version 2" in out
        assert "body" in out
        await pump(bus)
        assert hooks.received[-1].sequence == 2

        out = (
            await run("withdraw", release_id, "--reason", "Issued in error.", env=cli_env)
        ).stdout  # type: ignore[attr-defined]
        assert "withdrawn" in out
        await pump(bus)
        assert b'"release.withdrawn"' in hooks.received[-1].body

        feed = (await run("feed", "--format", "atom", "--lang", "en", env=cli_env)).stdout  # type: ignore[attr-defined]
        assert "deleted-entry" in feed
        assert f"urn:releasebus:release:{release_id}" in feed

        before = len(hooks.received)
        replay = await run("replay", "distribution", "--subscriber", "paris", "--json", env=cli_env)
        assert json.loads(replay.stdout)["deliveries"] == 3  # type: ignore[attr-defined]
        # The command queued them due at its own (wall-clock) now; this bus's clock catches up.
        bus.clock.advance((dt.datetime.now(dt.UTC) - bus.clock.now()).total_seconds() + 1)  # type: ignore[attr-defined]
        await bus.sender.run_once()
        redelivered = hooks.received[before:]
        assert sorted(r.sequence or 0 for r in redelivered) == [1, 2, 3]

        assert "no release is under embargo" in (await run("embargoes", env=cli_env)).stdout  # type: ignore[attr-defined]
        # Failures exit 1 with one line; usage errors exit 2.
        missing = await run("deliveries", "nope", env=cli_env, check=False)
        assert missing.returncode == 1  # type: ignore[attr-defined]
        nobody = await run("resend", release_id, "--subscriber", "nobody", env=cli_env, check=False)
        assert nobody.returncode == 1  # type: ignore[attr-defined]
        again = await run(
            "correct", release_id, str(corrected), "--note", "x", env=cli_env, check=False
        )
        assert again.returncode == 1  # type: ignore[attr-defined]
        assert "withdrawn" in again.stderr  # type: ignore[attr-defined]
        bad = await run("feed", "--format", "xml", env=cli_env, check=False)
        assert bad.returncode == 2  # type: ignore[attr-defined]
    finally:
        await hooks.stop()
