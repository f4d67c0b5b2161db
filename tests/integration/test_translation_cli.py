"""``releasebus translations …`` as a translator runs it: real processes, a real server."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from services._runtime import Settings, open_bus
from tests.integration.test_cli import cli, cli_env  # noqa: F401 - the fixture
from tests.integration.test_translation_queue import embassies, pump, submit_one

pytestmark = pytest.mark.redis


def said(result: subprocess.CompletedProcess[str]) -> str:
    """The error message, unwrapped (the console wraps it at the terminal width)."""
    return " ".join(result.stderr.split())


async def seed(settings: Settings) -> str:
    async with open_bus(settings) as bus:
        await embassies(bus)
        release_id = await submit_one(bus)
        await pump(bus)
        return release_id


async def test_list_template_claim_submit_review(
    cli_env: dict[str, str],  # noqa: F811 - the fixture
    settings: Settings,
    redis: object,
    tmp_path: Path,
) -> None:
    release_id = await seed(settings)
    job = f"{release_id}.fr.v1"
    rows = [
        json.loads(line)
        for line in cli(
            "translations", "list", "--lang", "fr", "--json", env=cli_env
        ).stdout.splitlines()
    ]
    assert [(r["job_id"], r["effective_status"], r["priority"]) for r in rows] == [
        (job, "requested", 4)
    ]
    table = cli("translations", "list", env=cli_env).stdout
    assert job in table
    assert "Australia National Day" in table
    template = json.loads(cli("translations", "show", job, "--template", env=cli_env).stdout)
    assert (template["job_id"], template["language"], template["source_revision"]) == (job, "fr", 1)
    assert template["original"]["title"] == "Australia National Day"
    # Submitting before claiming is refused, with exit 1 and nothing recorded.
    path = tmp_path / "fr.json"
    template["title"] = "Fête nationale de l'Australie"
    template["body"] = ["Au nom du président Trump…", "Nos liens avec l'Australie…"]
    path.write_text(json.dumps(template, ensure_ascii=False))
    refused = cli("translations", "submit", job, str(path), "--as", "ana", env=cli_env, check=False)
    assert refused.returncode == 1
    assert "you do not hold job" in said(refused)
    claimed = cli("translations", "claim", "--next", "--lang", "fr", "--as", "ana", env=cli_env)
    assert claimed.stdout.startswith(f"{job}: claimed by ana until ")
    taken = cli("translations", "claim", job, "--as", "ben", env=cli_env, check=False)
    assert (taken.returncode, "is held by ana" in said(taken)) == (1, True)
    short = tmp_path / "short.json"
    short.write_text(json.dumps({**template, "body": template["body"][:1]}))
    bad = cli("translations", "submit", job, str(short), "--as", "ana", env=cli_env, check=False)
    assert bad.returncode == 1
    assert "the original has 2 paragraphs, the translation 1 (1 missing)" in said(bad)
    assert cli(
        "translations", "submit", job, str(path), "--as", "ana", env=cli_env
    ).stdout.startswith(f"{job}: submitted by ana")
    own = cli("translations", "approve", job, "--as", "ana", env=cli_env, check=False)
    assert (own.returncode, "another person reviews it" in said(own)) == (1, True)
    sent_back = cli(
        "translations", "request-changes", job, "--reason", "Le ton.", "--as", "paul", env=cli_env
    )
    assert sent_back.stdout.strip() == f"{job}: changes requested from ana"
    cli("translations", "submit", job, str(path), "--as", "ana", env=cli_env)
    assert cli("translations", "approve", job, "--as", "paul", env=cli_env).stdout.strip() == (
        f"{job}: approved by paul"
    )
    shown = cli("translations", "show", job, env=cli_env).stdout
    assert "Traduction non officielle" in shown
    assert "Fête nationale de l'Australie" in shown
    assert re.search(r"state\s+approved\n", shown)
    assert re.search(r"reviewer\s+paul\n", shown)
    stats = [
        json.loads(line)
        for line in cli("translations", "stats", "--json", env=cli_env).stdout.splitlines()
    ]
    assert [(s["language"], s["approved"], s["open"]) for s in stats] == [
        ("es", 0, 1),
        ("fr", 1, 0),
    ]
    unknown = cli("translations", "show", "nope", env=cli_env, check=False)
    assert (unknown.returncode, "no translation job nope" in said(unknown)) == (1, True)
