"""Machine drafts against a real local HTTP server that speaks the LibreTranslate API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from aiohttp import web

from schemas.events import TranslationApproved, TranslationClaimed, TranslationSubmitted
from services._clock import ManualClock
from services._runtime import Bus, Settings, open_bus
from services.translation.drafts import Drafter
from services.translation.engine import EngineError, LibreTranslateEngine, libretranslate
from services.translation.jobs import POLICY_REVIEWER
from tests.integration.test_translation_queue import (
    AUSTRALIA,
    CANADA,
    pump,
    service,
    state,
    submit_one,
    subscribe,
    translation_events,
    workflow,
)

pytestmark = pytest.mark.redis

KEY = "test-key"
_PROTECTED = re.compile(r'(<span translate="no"[^>]*>.*?</span>)')


def fake_translation(fragment: str, target: str) -> str:
    """What the test server 'translates': capitals outside translate="no" spans, a prefix."""
    parts = _PROTECTED.split(fragment)
    return f"[{target}] " + "".join(
        part if part.startswith("<span") else part.upper().replace("&AMP;", "&amp;")
        for part in parts
    )


class LibreTranslateServer:
    """A small LibreTranslate-compatible server: POST /translate, an API key, scripted faults."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        #: Target languages answered with HTTP 500.
        self.failing: set[str] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def translate(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if body.get("api_key") != KEY:
            return web.json_response({"error": "Invalid API key"}, status=403)
        if body["target"] in self.failing:
            return web.json_response({"error": "model crashed"}, status=500)
        q = body["q"]
        texts = [q] if isinstance(q, str) else q
        out = [fake_translation(t, body["target"]) for t in texts]
        return web.json_response({"translatedText": out[0] if isinstance(q, str) else out})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/translate", self.translate)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def server() -> AsyncIterator[LibreTranslateServer]:
    running = LibreTranslateServer()
    await running.start()
    yield running
    await running.stop()


async def test_the_engine_speaks_the_libretranslate_api(server: LibreTranslateServer) -> None:
    engine = LibreTranslateEngine(server.url, KEY)
    got = await engine.translate(["a &amp; b", "Hello"], source="en", target="fr")
    assert got == ["[fr] A &amp; B", "[fr] HELLO"]
    assert server.requests == [
        {
            "q": ["a &amp; b", "Hello"],
            "source": "en",
            "target": "fr",
            "format": "html",
            "api_key": KEY,
        }
    ]
    with pytest.raises(EngineError, match="answered HTTP 403: Invalid API key"):
        await LibreTranslateEngine(server.url + "/translate", "wrong").translate(
            ["x"], source="en", target="fr"
        )
    with pytest.raises(EngineError, match=r"127\.0\.0\.1:1"):
        await LibreTranslateEngine("http://127.0.0.1:1").translate(["x"], source="en", target="fr")
    with pytest.raises(ValueError, match="RELEASEBUS_TRANSLATE_URL"):
        LibreTranslateEngine("ftp://example.org")
    assert libretranslate(None) is None


async def test_drafts_keep_names_apply_the_glossary_and_wait_for_a_person(
    bus: Bus, server: LibreTranslateServer
) -> None:
    await subscribe(bus, "paris", languages=("fr",))
    await subscribe(bus, "madrid", languages=("es",), accept_machine_translation=True)
    release_id = await submit_one(bus, CANADA)
    await pump(bus)
    drafter = Drafter(workflow(bus), LibreTranslateEngine(server.url, KEY))
    drafted = await drafter.run_once()
    assert sorted(drafted) == [f"{release_id}.es.v1", f"{release_id}.fr.v1"]
    assert await drafter.run_once() == []  # nothing free any more
    s = await state(bus, release_id)
    fr, es = s.translations[f"{release_id}.fr.v1"], s.translations[f"{release_id}.es.v1"]
    # Paris wants a person's approval; every subscriber wanting Spanish accepts machine output.
    assert (fr.status, fr.translator, fr.machine) == ("submitted", "machine:libretranslate", True)
    assert (es.status, es.reviewer) == ("approved", POLICY_REVIEWER)
    assert fr.content is not None
    assert fr.content.title == "[fr] CANADA DAY"
    assert fr.content.body == (
        "[fr] ON BEHALF OF THE PEOPLE OF THE UNITED STATES, I CONGRATULATE THE PEOPLE OF CANADA "
        "ON CANADA DAY.",
        "[fr] OUR PARTNERSHIP WITH CANADA IN OTAN AND AT THE Nations unies REMAINS STRONG.",
    )
    # The person's name stays as written; the title gets the glossary's form.
    assert fr.content.byline.name == "Rex W. Tillerson"
    assert fr.content.byline.title == "[fr] secrétaire d'État"
    assert (fr.content.kind, fr.content.place, fr.content.language) == (
        "Press Statement",
        "Washington, DC",
        "fr",
    )
    assert fr.header is not None
    assert (fr.header.notice, fr.header.date) == ("Traduction non officielle", "30 juin 2018")
    assert es.header is not None
    assert es.header.notice == "Traducción no oficial"
    assert [r["format"] for r in server.requests] == ["html", "html"]
    assert {r["target"] for r in server.requests} == {"fr", "es"}
    events = [
        type(e).__name__
        for e in await bus.store.history(release_id)
        if isinstance(e, TranslationClaimed | TranslationSubmitted | TranslationApproved)
    ]
    assert sorted(events) == sorted(
        ["TranslationClaimed", "TranslationSubmitted"] * 2 + ["TranslationApproved"]
    )
    # The reviewer sends the draft back: it goes to people, not to the engine again.
    await workflow(bus).request_changes(f"{release_id}.fr.v1", "paul", "Trop littéral.")
    assert await workflow(bus).queue.free("fr") == [f"{release_id}.fr.v1"]
    assert await drafter.run_once() == []
    job = await workflow(bus).claim_next("fr", "ana")
    assert job is not None
    template = await workflow(bus).template(job.job_id)
    assert template.title == "[fr] CANADA DAY"  # the translator starts from the draft
    assert template.original is not None
    assert template.original.title == "Canada Day"


async def test_an_engine_failure_records_nothing_and_pauses_the_job(
    bus: Bus, server: LibreTranslateServer, clock: ManualClock
) -> None:
    await subscribe(bus, "paris", languages=("fr",))
    await subscribe(bus, "madrid", languages=("es",))
    release_id = await submit_one(bus, AUSTRALIA)
    await pump(bus)
    server.failing.add("es")
    drafter = Drafter(workflow(bus), LibreTranslateEngine(server.url, KEY))
    assert await drafter.run_once() == [f"{release_id}.fr.v1"]
    before = await translation_events(bus, release_id)
    assert await drafter.run_once() == []  # paused: not asked again at once
    assert len(server.requests) == 2
    server.failing.clear()
    clock.advance(61)
    assert await drafter.run_once() == [f"{release_id}.es.v1"]
    assert before == [
        ("TranslationRequested", f"{release_id}.es.v1"),
        ("TranslationRequested", f"{release_id}.fr.v1"),
        ("TranslationClaimed", f"{release_id}.fr.v1"),
        ("TranslationSubmitted", f"{release_id}.fr.v1"),
    ]


async def test_a_configured_engine_is_wired_into_the_group(
    settings: Settings, clock: ManualClock, server: LibreTranslateServer
) -> None:
    configured = msgspec.structs.replace(settings, translate_url=server.url, translate_key=KEY)
    async with open_bus(configured, clock=clock) as bus:
        drafter = service(bus).drafter
        assert drafter is not None
        assert isinstance(drafter.engine, LibreTranslateEngine)
        assert (drafter.engine.url, drafter.engine.api_key) == (server.url + "/translate", KEY)
    env = {"RELEASEBUS_TRANSLATE_URL": server.url, "RELEASEBUS_TRANSLATION_LEASE_S": "120"}
    from_env = Settings.from_env(env=env)
    assert (from_env.translate_url, from_env.translation_lease_s) == (server.url, 120.0)
