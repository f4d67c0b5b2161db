"""The HTTP API over real HTTP: uvicorn on 127.0.0.1, a real server behind the bus."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import pytest
from multidict import CIMultiDict

from schemas.events import EVENT_TYPES
from schemas.subscribers import SubscriberSpec
from services._runtime import Bus, Settings
from services.api.auth import ApiKeys, Role
from services.api.server import serving
from services.distribution.receiver import WebhookReceiver
from tests.samples import AUSTRALIA_DAY as RELEASE

pytestmark = pytest.mark.redis

FIXTURES = Path(__file__).parents[1] / "fixtures" / "releases"
SEED = (FIXTURES / "000_71c7df2a4b118224.txt").read_text()


JSON_RELEASE = {
    "title": "Joint Statement on the Demo Partnership",
    "kind": "Joint Statement",
    "byline": {"name": "Office of the Spokesperson"},
    "place": "Washington, DC",
    "date": "2018-01-25",
    "language": "en",
    "body": ["The United States and Canada today launched a partnership."],
}


async def eventually(
    check: Callable[[], Awaitable[bool]], within: float = 20.0, every: float = 0.05
) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(every)


async def stop_bus(stop: asyncio.Event, task: asyncio.Task[None]) -> None:
    """Stop ``bus.run`` and wait for it.

    ``Bus.run`` stops its reclaimers by cancelling them. On Python 3.11 ``asyncio.wait_for``
    (which redis-py awaits inside every command) drops a cancellation that arrives just as
    its inner future completes (CPython gh-86296), and a reclaimer cancelled at that moment
    keeps looping; with the tests' 50 ms reclaim period that happens now and then. Cancel
    such a reclaimer again rather than hang.
    """
    stop.set()
    while not task.done():
        await asyncio.wait([task], timeout=2)
        for other in asyncio.all_tasks():
            if other.get_name().startswith("reclaim:") and other.cancelling():
                other.cancel()
    await task


@pytest.fixture
async def running(bus: Bus) -> AsyncIterator[Bus]:
    """Every consumer group, the sender and the embargo scheduler, in the background."""
    stop = asyncio.Event()
    task = asyncio.create_task(bus.run(stop))
    yield bus
    await stop_bus(stop, task)


@pytest.fixture
async def url(bus: Bus) -> AsyncIterator[str]:
    async with serving(bus) as base:
        yield base


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def make_key(bus: Bus, role: Role, name: str | None = None) -> str:
    _, token = await ApiKeys(bus.redis, bus.keys, bus.clock).create(role, name or role)
    return token


@pytest.fixture
async def keys(bus: Bus) -> dict[str, str]:
    return {
        role: await make_key(bus, role, f"{role}-system")
        for role in ("reader", "publisher", "translator", "operator")
    }


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def call(
    http: aiohttp.ClientSession, method: str, url: str, key: str | None = None, **kwargs: Any
) -> tuple[int, CIMultiDict[str], Any]:
    headers = {**(auth(key) if key else {}), **kwargs.pop("headers", {})}
    async with http.request(method, url, headers=headers, **kwargs) as response:
        raw = await response.read()
        content_type = response.headers.get("Content-Type", "")
        body: Any = raw
        if "json" in content_type and raw:
            body = json.loads(raw)
        elif content_type.startswith("text/") or "xml" in content_type:
            body = raw.decode()
        return response.status, CIMultiDict(response.headers), body


async def submit_text(
    http: aiohttp.ClientSession, url: str, key: str, text: str = RELEASE, **headers: str
) -> tuple[int, CIMultiDict[str], Any]:
    return await call(
        http,
        "POST",
        f"{url}/v1/releases",
        key,
        data=text.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8", **headers},
    )


def problem_fields(body: dict[str, Any]) -> list[str]:
    return [p["name"] for p in body.get("invalid_params", [])]


# --- documentation and probes ---------------------------------------------------------------


async def test_docs_openapi_and_asyncapi(url: str, http: aiohttp.ClientSession) -> None:
    status, headers, body = await call(http, "GET", f"{url}/healthz")
    assert (status, body) == (200, {"status": "ok"})
    status, _, openapi = await call(http, "GET", f"{url}/docs/api/openapi.json")
    assert status == 200
    assert openapi["info"]["title"] == "releasebus"
    for path in (
        "/v1/releases",
        "/v1/releases/{release_id}",
        "/v1/releases/{release_id}/events",
        "/v1/releases/{release_id}/corrections",
        "/v1/releases/{release_id}/withdrawal",
        "/feeds/{name}",
        "/v1/subscribers",
        "/v1/dead-letters/{dead_id}/retry",
        "/readyz",
        "/metrics",
    ):
        assert path in openapi["paths"], path
    submit = openapi["paths"]["/v1/releases"]["post"]
    assert set(submit["requestBody"]["content"]) == {
        "text/plain",
        "text/markdown",
        "application/json",
    }
    assert "InboundRelease" in openapi["components"]["schemas"]
    assert "apiKey" in openapi["components"]["securitySchemes"]

    status, _, doc = await call(http, "GET", f"{url}/docs/events")
    assert status == 200
    assert doc["asyncapi"] == "3.0.0"
    messages = doc["components"]["messages"]
    assert set(EVENT_TYPES) <= set(messages)
    assert {"InboundEntry", "DeadLetter", "SubscriberRegistered"} <= set(messages)
    assert set(doc["channels"]["log"]["messages"]) == set(EVENT_TYPES)
    assert doc["channels"]["log"]["parameters"]["partition"]["enum"] == ["{p0}"]
    groups = {op["title"] for op in doc["operations"].values() if op["action"] == "receive"}
    assert {f"Consumer group {g}" for g in ("ingestion", "enrichment", "projector")} <= groups

    # Every reference in the document resolves.
    def refs(value: Any) -> list[str]:
        if isinstance(value, dict):
            found = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
            return found + [r for v in value.values() for r in refs(v)]
        if isinstance(value, list):
            return [r for v in value for r in refs(v)]
        return []

    for ref in refs(doc):
        node: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    status, headers, page = await call(http, "GET", f"{url}/docs/events.html")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "ReleaseEnriched" in page
    status, _, page = await call(http, "GET", f"{url}/docs")
    assert status == 200
    assert "/docs/events" in page


# --- authentication -------------------------------------------------------------------------


async def test_keys_roles_and_problem_details(
    bus: Bus, url: str, http: aiohttp.ClientSession, keys: dict[str, str]
) -> None:
    status, headers, body = await call(http, "GET", f"{url}/v1/releases")
    assert status == 401
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["WWW-Authenticate"].startswith("Bearer")
    assert body["status"] == 401
    assert body["title"] == "Unauthorized"
    assert body["instance"] == "/v1/releases"
    status, _, _ = await call(http, "GET", f"{url}/v1/releases", "rb_000000000000_" + "x" * 43)
    assert status == 401
    for role in ("reader", "publisher", "translator", "operator"):
        status, _, _ = await call(http, "GET", f"{url}/v1/releases", keys[role])
        assert status == 200, role
    status, _, _ = await call(
        http, "GET", f"{url}/v1/releases", headers={"X-API-Key": keys["reader"]}
    )
    assert status == 200
    status, _, body = await submit_text(http, url, keys["reader"])
    assert status == 403
    assert "needs operator or publisher" in body["detail"]
    status, _, _ = await call(http, "GET", f"{url}/v1/subscribers", keys["publisher"])
    assert status == 403
    # Stored hashed: the key itself is nowhere in Redis.
    stored = await bus.redis.hgetall(bus.keys.api_keys())
    assert len(stored) == 4
    assert all(k.encode() not in b"".join(stored.values()) for k in keys.values())
    # A revoked key is refused.
    late = await make_key(bus, "reader")
    await ApiKeys(bus.redis, bus.keys, bus.clock).revoke(late.split("_")[1])
    status, _, _ = await call(http, "GET", f"{url}/v1/releases", late)
    assert status == 401


# --- publishing -----------------------------------------------------------------------------


async def test_submit_text_json_idempotency_and_bad_input(
    url: str, http: aiohttp.ClientSession, keys: dict[str, str]
) -> None:
    key = keys["publisher"]
    status, headers, body = await submit_text(http, url, key, **{"Idempotency-Key": "one"})
    assert status == 202
    (release,) = body["releases"]
    assert release["outcome"] == "appended"
    assert release["title"] == "Australia National Day"
    assert body["status_url"] == headers["Location"] == f"{url}/v1/releases/{body['release_id']}"
    # The retry gets the very same answer, marked as replayed.
    status, again_headers, again = await submit_text(http, url, key, **{"Idempotency-Key": "one"})
    assert (status, again) == (202, body)
    assert again_headers["Idempotency-Replayed"] == "true"
    # Without the key the call is still idempotent, but says so.
    status, _, plain = await submit_text(http, url, key)
    assert (status, plain["releases"][0]["outcome"]) == (202, "already_appended")
    # The same key for another request is refused.
    status, _, problem = await submit_text(http, url, key, text=SEED, **{"Idempotency-Key": "one"})
    assert status == 422
    assert problem_fields(problem) == ["Idempotency-Key"]

    status, _, state = await call(http, "GET", body["status_url"], keys["reader"])
    assert status == 200
    assert state["status"] == "published"
    assert state["content"]["title"] == "Australia National Day"
    assert state["source"] == "publisher-system"

    # A page dump with several releases: one entry each.
    status, _, many = await submit_text(http, url, key, text=SEED)
    assert status == 202
    assert len(many["releases"]) == 5

    # JSON: a structured release, with the embargo as a field.
    release_json = {**JSON_RELEASE, "embargo_until": "2030-01-01T00:00:00Z"}
    status, _, answer = await call(http, "POST", f"{url}/v1/releases", key, json=release_json)
    assert status == 202
    status, _, state = await call(http, "GET", answer["status_url"], keys["reader"])
    assert (state["status"], state["embargo_until"]) == ("embargoed", "2030-01-01T00:00:00Z")

    # Bad input: problem details naming the field.
    status, headers, problem = await call(
        http, "POST", f"{url}/v1/releases", key, json={**JSON_RELEASE, "date": "yesterday"}
    )
    assert status == 422
    assert headers["Content-Type"] == "application/problem+json"
    assert problem_fields(problem) == ["date"]
    status, _, problem = await call(
        http, "POST", f"{url}/v1/releases", key, json={"body": ["no title"]}
    )
    assert (status, problem_fields(problem)) == (422, ["title"])
    status, _, problem = await call(
        http,
        "POST",
        f"{url}/v1/releases",
        key,
        data=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert (status, problem_fields(problem)) == (400, ["body"])
    status, _, problem = await call(
        http,
        "POST",
        f"{url}/v1/releases",
        key,
        data=b"<p>hi</p>",
        headers={"Content-Type": "text/html"},
    )
    assert (status, problem_fields(problem)) == (415, ["Content-Type"])
    status, _, problem = await submit_text(http, url, key, text="   ")
    assert (status, problem_fields(problem)) == (400, ["body"])
    status, _, problem = await call(
        http,
        "POST",
        f"{url}/v1/releases",
        key,
        data=io.BytesIO(b"x" * (3 * 1024 * 1024)),
        headers={"Content-Type": "text/plain"},
    )
    assert status == 413
    assert problem["status"] == 413
    status, _, problem = await call(
        http,
        "POST",
        f"{url}/v1/releases?embargo_until=soon",
        key,
        data=RELEASE.encode(),
        headers={"Content-Type": "text/plain"},
    )
    assert (status, problem_fields(problem)) == (400, ["embargo_until"])
    # A release that cannot be parsed is still recorded (as rejected) and says why.
    status, _, rejected = await submit_text(http, url, key, text="# Press Releases: Only\n")
    assert status == 202
    assert rejected["releases"][0]["outcome"] == "rejected"
    assert rejected["releases"][0]["reasons"][0]["message"] == "no body"


async def test_corrections_and_withdrawal(
    url: str, http: aiohttp.ClientSession, keys: dict[str, str]
) -> None:
    key = keys["publisher"]
    _, _, body = await submit_text(http, url, key)
    release = f"{url}/v1/releases/{body['release_id']}"
    corrected = RELEASE.replace("January 26", "January 27")
    status, _, problem = await call(
        http, "POST", f"{release}/corrections", key, json={"note": " ", "text": corrected}
    )
    assert (status, problem_fields(problem)) == (422, ["note"])
    status, _, problem = await call(
        http, "POST", f"{release}/corrections", key, json={"note": "x", "txt": corrected}
    )
    assert status == 400
    assert problem_fields(problem) == ["txt"]
    status, _, problem = await call(
        http, "POST", f"{release}/corrections", key, json={"note": "Date fixed."}
    )
    assert (status, problem_fields(problem)) == (422, ["release"])
    status, _, changed = await call(
        http,
        "POST",
        f"{release}/corrections",
        key,
        json={"note": "The national day is January 27.", "text": corrected},
    )
    assert status == 202
    assert (changed["outcome"], changed["version"]) == ("corrected", 2)
    assert changed["changes"] == ["body: 1 paragraph changed"]
    status, _, changed = await call(
        http,
        "POST",
        f"{release}/corrections",
        key,
        json={"note": "Structured.", "release": {**JSON_RELEASE, "title": "Australia"}},
    )
    assert (status, changed["outcome"]) == (202, "corrected")
    status, _, problem = await call(
        http, "POST", f"{url}/v1/releases/nope/withdrawal", key, json={"reason": "x"}
    )
    assert status == 404
    assert problem["type"].endswith("/no-such-release")
    status, _, withdrawn = await call(
        http, "POST", f"{release}/withdrawal", key, json={"reason": "Issued in error."}
    )
    assert (status, withdrawn["outcome"]) == (202, "withdrawn")
    status, _, again = await call(
        http, "POST", f"{release}/withdrawal", key, json={"reason": "Issued in error."}
    )
    assert (status, again["outcome"]) == (202, "already_withdrawn")
    status, _, problem = await call(
        http, "POST", f"{release}/corrections", key, json={"note": "Late.", "text": RELEASE}
    )
    assert status == 409
    _, _, state = await call(http, "GET", release, keys["reader"])
    assert (state["status"], state["withdrawn_reason"]) == ("withdrawn", "Issued in error.")
    assert [c["note"] for c in state["corrections"]] == [
        "The national day is January 27.",
        "Structured.",
    ]


# --- reading --------------------------------------------------------------------------------


async def test_listing_filters_cursor_state_at_revision_and_events(
    running: Bus, url: str, http: aiohttp.ClientSession, keys: dict[str, str]
) -> None:
    bus, key = running, keys["reader"]
    _, _, many = await submit_text(http, url, keys["publisher"], text=SEED)
    ids = sorted(r["release_id"] for r in many["releases"])

    async def listed() -> bool:
        _, _, page = await call(http, "GET", f"{url}/v1/releases?limit=50", key)
        return sorted(i["release_id"] for i in page["items"]) == ids

    await eventually(listed)
    # Cursor pagination: two at a time, every release once, in id order.
    seen: list[str] = []
    next_url: str | None = f"{url}/v1/releases?limit=2"
    while next_url:
        status, _, page = await call(http, "GET", next_url, key)
        assert status == 200
        assert len(page["items"]) <= 2
        seen += [i["release_id"] for i in page["items"]]
        next_url = page["next"]
    assert seen == ids
    _, _, page = await call(http, "GET", f"{url}/v1/releases?kind=Readout", key)
    assert [i["kind"] for i in page["items"]] == ["Readout"]
    _, _, page = await call(
        http, "GET", f"{url}/v1/releases?since=2018-01-24&until=2018-01-24", key
    )
    assert {i["date"] for i in page["items"]} == {"2018-01-24"}
    assert len(page["items"]) == 2

    async def enriched() -> bool:
        _, _, page = await call(http, "GET", f"{url}/v1/releases?country=AU", key)
        return len(page["items"]) == 1

    await eventually(enriched)
    _, _, page = await call(http, "GET", f"{url}/v1/releases?language=en&status=published", key)
    assert len(page["items"]) == 5
    status, _, problem = await call(http, "GET", f"{url}/v1/releases?since=yesterday", key)
    assert (status, problem_fields(problem)) == (400, ["since"])
    status, _, problem = await call(http, "GET", f"{url}/v1/releases?cursor=bogus", key)
    assert (status, problem_fields(problem)) == (400, ["cursor"])
    status, _, problem = await call(http, "GET", f"{url}/v1/releases?limit=0", key)
    assert (status, problem_fields(problem)) == (400, ["limit"])

    australia = next(r for r in many["releases"] if "Australia" in (r["title"] or ""))
    release = australia["status_url"]
    status, headers, state = await call(http, "GET", release, key)
    assert (status, headers["ETag"]) == (200, f'W/"r{state["revision"]}"')
    status, _, _ = await call(http, "GET", release, key, headers={"If-None-Match": headers["ETag"]})
    assert status == 304
    _, _, first = await call(http, "GET", f"{release}?at_revision=1", key)
    assert (first["revision"], first["status"]) == (1, "received")
    _, _, before = await call(http, "GET", f"{release}?at=2000-01-01T00:00:00Z", key)
    assert before["status"] == 404
    status, _, events = await call(http, "GET", f"{release}/events", key)
    assert status == 200
    types = [e["type"] for e in events]
    assert types[:3] == ["ReleaseSubmitted", "ReleaseParsed", "ReleasePublished"]
    assert "ReleaseEnriched" in types
    assert [e["revision"] for e in events] == list(range(1, len(events) + 1))
    _, _, later = await call(http, "GET", f"{release}/events?after_revision=2", key)
    assert [e["revision"] for e in later] == list(range(3, len(events) + 1))
    status, _, problem = await call(http, "GET", f"{url}/v1/releases/nope", key)
    assert status == 404
    assert problem["detail"] == "no release nope"
    assert bus.keys.namespace  # the bus under test served all of this


# --- feeds ----------------------------------------------------------------------------------


async def test_feeds_with_etag_and_conditional_get(
    running: Bus, url: str, http: aiohttp.ClientSession, keys: dict[str, str]
) -> None:
    _, _, many = await submit_text(http, url, keys["publisher"], text=SEED)

    async def all_in() -> bool:
        _, _, body = await call(http, "GET", f"{url}/feeds/en.json")
        return len(body["items"]) == len(many["releases"])

    await eventually(all_in)

    # Enrichment may still update entries after they appear: wait until the feed holds still
    # (the same ETag twice, a moment apart) before testing the conditional GET.
    async def settled() -> bool:
        _, first, _ = await call(http, "GET", f"{url}/feeds/en.atom")
        await asyncio.sleep(0.3)
        _, second, _ = await call(http, "GET", f"{url}/feeds/en.atom")
        return bool(first["ETag"] == second["ETag"])

    await eventually(settled)
    status, headers, atom = await call(http, "GET", f"{url}/feeds/en.atom")  # no key: public
    assert status == 200
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert atom.startswith("<?xml")
    assert headers["ETag"].startswith('"')
    assert "Last-Modified" in headers
    status, again, body = await call(
        http, "GET", f"{url}/feeds/en.atom", headers={"If-None-Match": headers["ETag"]}
    )
    assert (status, body) == (304, b"")
    assert again["ETag"] == headers["ETag"]
    status, _, _ = await call(
        http,
        "GET",
        f"{url}/feeds/en.atom",
        headers={"If-Modified-Since": headers["Last-Modified"]},
    )
    assert status == 304
    status, headers_rss, rss = await call(http, "GET", f"{url}/feeds/en.rss?kind=Readout")
    assert status == 200
    assert headers_rss["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert rss.count("<item>") == 1
    _, _, au = await call(http, "GET", f"{url}/feeds/en.json?country=au")
    assert [i["title"] for i in au["items"]] == ["Australia National Day"]
    status, _, problem = await call(http, "GET", f"{url}/feeds/english.atom")
    assert (status, problem_fields(problem)) == (404, ["name"])
    # A new release changes the feed, and its ETag.
    await submit_text(http, url, keys["publisher"], text=RELEASE.replace("Australia", "Austria"))

    async def changed() -> bool:
        status, _, _ = await call(
            http, "GET", f"{url}/feeds/en.atom", headers={"If-None-Match": headers["ETag"]}
        )
        return status == 200

    await eventually(changed)


async def test_private_feeds_need_a_key(
    bus: Bus, settings: Settings, http: aiohttp.ClientSession
) -> None:
    private = msgspec.structs.replace(settings, public_feeds=False)
    reader = await make_key(bus, "reader")
    async with serving(bus, private) as base:
        status, _, _ = await call(http, "GET", f"{base}/feeds/en.atom")
        assert status == 401
        status, _, _ = await call(http, "GET", f"{base}/feeds/en.atom", reader)
        assert status == 200


# --- operating ------------------------------------------------------------------------------


async def test_subscribers_dead_letters_status_and_rebuild(
    running: Bus, url: str, http: aiohttp.ClientSession, keys: dict[str, str]
) -> None:
    bus, key = running, keys["operator"]
    spec = {"name": "Embassy in Paris", "kind": "embassy", "emails": ["press@example.org"]}
    status, _, created = await call(http, "POST", f"{url}/v1/subscribers", key, json={"spec": spec})
    assert status == 201
    assert created["subscriber"]["subscriber_id"].startswith("embassy-in-paris-")  # from the name
    assert created["secret"] is None  # e-mail only: no webhook secret
    status, _, hooked = await call(
        http,
        "POST",
        f"{url}/v1/subscribers",
        key,
        json={
            "subscriber_id": "embassy-in-paris",
            "spec": {**spec, "webhook_url": "https://example.org/hook"},
        },
    )
    assert status == 201
    assert hooked["secret"].startswith("whsec_")  # generated, shown this once
    status, _, problem = await call(
        http,
        "POST",
        f"{url}/v1/subscribers",
        key,
        json={"spec": {**spec, "name": "Other", "countries": ["XX"]}},
    )
    assert (status, problem_fields(problem)) == (422, ["spec.countries"])
    status, _, problem = await call(
        http,
        "POST",
        f"{url}/v1/subscribers",
        key,
        json={"spec": spec, "subscriber_id": "embassy-in-paris"},
    )
    assert (status, problem_fields(problem)) == (409, ["subscriber_id"])
    status, _, updated = await call(
        http,
        "PUT",
        f"{url}/v1/subscribers/embassy-in-paris",
        key,
        json={
            "spec": {**spec, "webhook_url": "https://example.org/hook", "countries": ["fr"]},
            "expected_revision": 1,
        },
    )
    assert (status, updated["subscriber"]["spec"]["countries"]) == (200, ["FR"])
    status, _, problem = await call(
        http,
        "PUT",
        f"{url}/v1/subscribers/embassy-in-paris",
        key,
        json={"spec": spec, "expected_revision": 1},
    )
    assert (status, problem_fields(problem)) == (409, ["expected_revision"])
    status, _, disabled = await call(
        http,
        "POST",
        f"{url}/v1/subscribers/embassy-in-paris/disable",
        key,
        json={"reason": "Mailbox closed."},
    )
    assert (status, disabled["active"]) == (200, False)
    _, _, listed = await call(http, "GET", f"{url}/v1/subscribers", key)
    assert [(s["subscriber_id"], s["active"]) for s in listed] == [
        ("embassy-in-paris", False),
        (created["subscriber"]["subscriber_id"], True),
    ]
    status, _, _ = await call(http, "GET", f"{url}/v1/subscribers/nobody", key)
    assert status == 404

    status, _, rows = await call(http, "GET", f"{url}/v1/status", key)
    assert status == 200
    assert {r["group"] for r in rows} >= {"ingestion", "enrichment", "projector"}
    await submit_text(http, url, keys["publisher"])
    status, _, report = await call(http, "POST", f"{url}/v1/rebuild", key)
    assert status == 200
    assert report["releases"] == 1
    status, _, replayed = await call(
        http, "POST", f"{url}/v1/subscribers/embassy-in-paris/replay", key, json={}
    )
    assert (status, replayed["deliveries"]) == (202, 0)
    status, _, report = await call(http, "POST", f"{url}/v1/replay/enrichment", key, json={})
    assert (status, report["changed"]) == (200, 0)

    # (Last: rebuild refuses a log with an entry it cannot read.)
    # A log entry no consumer can read ends in every log group's dead letters.
    await bus.redis.xadd(bus.keys.log(0), {"type": "Nonsense", "v": "1", "data": "{}"})
    log_groups = sorted(c.group for c in bus.consumers if bus.keys.log(0) in c.streams())

    async def dead() -> bool:
        _, _, letters = await call(http, "GET", f"{url}/v1/dead-letters", key)
        return sorted(d["group"] for d in letters) == log_groups

    await eventually(dead)
    _, _, letters = await call(http, "GET", f"{url}/v1/dead-letters", key)
    letter = letters[0]
    stream = letter["dead_stream"]
    status, _, shown = await call(
        http, "GET", f"{url}/v1/dead-letters/{letter['id']}?stream={stream}", key
    )
    assert (status, shown["fields"]["type"]) == (200, "Nonsense")
    if [d["id"] for d in letters].count(letter["id"]) > 1:  # dead-lettered in the same ms
        status, _, problem = await call(http, "GET", f"{url}/v1/dead-letters/{letter['id']}", key)
        assert (status, problem_fields(problem)) == (409, ["stream"])
    status, _, retried = await call(
        http, "POST", f"{url}/v1/dead-letters/{letter['id']}/retry?stream={stream}", key
    )
    assert (status, retried["handled"]) == (409, False)
    status, _, _ = await call(
        http, "DELETE", f"{url}/v1/dead-letters/{letter['id']}?stream={stream}", key
    )
    assert status == 204
    _, _, letters = await call(http, "GET", f"{url}/v1/dead-letters", key)
    assert len(letters) == len(log_groups) - 1


# --- health, metrics and the whole flow -------------------------------------------------------


async def test_readiness_follows_the_consumers(
    bus: Bus, url: str, http: aiohttp.ClientSession
) -> None:
    status, headers, problem = await call(http, "GET", f"{url}/readyz")
    assert status == 503
    assert headers["Content-Type"] == "application/problem+json"
    assert "no live consumer" in problem["detail"]
    stop = asyncio.Event()
    task = asyncio.create_task(bus.run(stop))
    try:

        async def ready() -> bool:
            status, _, _ = await call(http, "GET", f"{url}/readyz")
            return status == 200

        await eventually(ready)
        _, _, body = await call(http, "GET", f"{url}/readyz")
        assert body["status"] == "ready"
        assert {g["group"] for g in body["groups"]} == {c.group for c in bus.consumers}
    finally:
        await stop_bus(stop, task)


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    secrets: dict[str, str] = {}
    hooks = WebhookReceiver(secrets.get)
    hooks.secrets = secrets  # type: ignore[attr-defined]
    await hooks.start()
    yield hooks
    await hooks.stop()


async def subscribe(bus: Bus, hooks: WebhookReceiver, name: str, **spec: Any) -> None:
    _, secret = await bus.registry.register(
        SubscriberSpec(name=name, webhook_url=hooks.url(name), allow_private=True, **spec),
        subscriber_id=name,
    )
    assert secret is not None
    hooks.secrets[name] = secret  # type: ignore[attr-defined]


async def test_submit_then_enriched_then_delivered_with_metrics(
    running: Bus,
    url: str,
    http: aiohttp.ClientSession,
    keys: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    """The integration flow: HTTP in, enrichment, a signed webhook out, the audit trail."""
    bus = running
    await subscribe(bus, receiver, "embassy-au", countries=("AU",))
    await subscribe(bus, receiver, "embassy-fr", countries=("FR",))
    status, _, accepted = await submit_text(http, url, keys["publisher"])
    assert status == 202
    release_id = accepted["release_id"]
    status_url = accepted["status_url"]

    async def delivered() -> bool:
        _, _, state = await call(http, "GET", status_url, keys["reader"])
        deliveries = list(state["deliveries"].values())
        return bool(deliveries) and all(d["status"] == "delivered" for d in deliveries)

    await eventually(delivered)
    _, _, state = await call(http, "GET", status_url, keys["reader"])
    assert state["enrichment"]["countries"] == ["AU", "US"]
    assert [(d["subscriber_id"], d["version"]) for d in state["deliveries"].values()] == [
        ("embassy-au", 1)
    ]
    (got,) = receiver.received
    assert (got.path, got.verified, got.release_id) == ("embassy-au", True, release_id)
    status, _, rows = await call(http, "GET", f"{status_url}/deliveries", keys["operator"])
    assert status == 200
    assert [(r["subscriber_id"], r["status"], r["attempts"]) for r in rows] == [
        ("embassy-au", "delivered", 1)
    ]
    status, _, _ = await call(http, "GET", f"{status_url}/deliveries", keys["reader"])
    assert status == 403
    status, headers, metrics = await call(http, "GET", f"{url}/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4")
    lines = metrics.splitlines()
    log = bus.keys.log(0)
    assert f'releasebus_group_pending{{stream="{log}",group="projector"}} 0' in lines
    assert any(
        line.startswith(f'releasebus_group_processed_total{{stream="{log}",group="enrichment"}}')
        for line in lines
    )
    assert "# TYPE releasebus_delivery_latency_seconds histogram" in lines
    assert 'releasebus_deliveries_total{outcome="succeeded"} 1' in lines
    assert "releasebus_delivery_latency_seconds_count 1" in lines
    assert "releasebus_delivery_attempt_seconds_count 1" in lines
    assert 'releasebus_delivery_latency_seconds_bucket{le="+Inf"} 1' in lines

    status, _, resent = await call(
        http, "POST", f"{status_url}/resend", keys["operator"], json={"subscriber_id": "embassy-au"}
    )
    assert (status, resent["delivery_ids"]) == (202, [rows[0]["delivery_id"]])
    await receiver.wait_for(2)
    assert receiver.received[1].delivery_id == got.delivery_id  # the same delivery, again
    status, _, problem = await call(
        http, "POST", f"{status_url}/resend", keys["operator"], json={"subscriber_id": "embassy-fr"}
    )
    assert (status, problem_fields(problem)) == (404, ["subscriber_id"])


# --- translation ----------------------------------------------------------------------------

FRENCH = [
    "Au nom du président Trump et du peuple des États-Unis, je félicite le peuple "
    "australien qui célèbre sa fête nationale le 26 janvier.",
    "Nos liens avec l'Australie continuent de se renforcer dans le commerce, la sécurité et "
    "la recherche.",
]


async def test_claim_submit_review_and_the_translation_is_delivered(
    running: Bus,
    url: str,
    http: aiohttp.ClientSession,
    keys: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    bus = running
    await subscribe(bus, receiver, "embassy-paris", languages=("fr",), countries=("AU",))
    ana = await make_key(bus, "translator", "Ana")
    ben = await make_key(bus, "translator", "Ben")
    _, _, accepted = await submit_text(http, url, keys["publisher"])
    release_id = accepted["release_id"]

    async def queued() -> bool:
        _, _, jobs = await call(http, "GET", f"{url}/v1/translations/jobs?language=fr", ana)
        return len(jobs) == 1

    await eventually(queued)
    status, _, (row,) = await call(http, "GET", f"{url}/v1/translations/jobs", ana)
    assert status == 200
    assert (row["release_id"], row["language"], row["status"]) == (release_id, "fr", "requested")
    job = f"{url}/v1/translations/jobs/{row['job_id']}"
    status, _, _ = await call(http, "GET", f"{url}/v1/translations/jobs", keys["reader"])
    assert status == 403

    status, _, claimed = await call(http, "POST", f"{url}/v1/translations/claim-next", ana,
                                    json={"language": "fr"})  # fmt: skip
    assert (status, claimed["status"], claimed["translator"]) == (200, "claimed", "Ana")
    status, _, problem = await call(http, "POST", f"{job}/claim", ben, json={})
    assert status == 409
    assert "Ana" in problem["detail"]
    status, _, _ = await call(
        http, "POST", f"{url}/v1/translations/claim-next", ben, json={"language": "fr"}
    )
    assert status == 204  # nothing else is free
    status, _, problem = await call(
        http, "POST", f"{url}/v1/translations/claim-next", ben, json={"language": "french"}
    )
    assert (status, problem_fields(problem)) == (400, ["language"])

    status, _, template = await call(http, "GET", f"{job}/template", ana)
    assert status == 200
    assert len(template["body"]) == 2
    short = {**template, "body": FRENCH[:1]}
    status, _, problem = await call(http, "POST", f"{job}/submission", ana, json=short)
    assert status == 409
    assert "paragraph" in problem["detail"]
    done = {**template, "title": "Fête nationale de l'Australie", "body": FRENCH}
    status, _, submitted = await call(http, "POST", f"{job}/submission", ana, json=done)
    assert (status, submitted["status"]) == (200, "submitted")
    status, _, problem = await call(http, "POST", f"{job}/approval", ana)
    assert status == 409  # nobody reviews their own translation
    status, _, approved = await call(http, "POST", f"{job}/approval", ben)
    assert (status, approved["status"], approved["reviewer"]) == (200, "approved", "Ben")
    status, _, detail = await call(http, "GET", job, ana)
    assert (status, detail["status"], detail["release_id"]) == (200, "approved", release_id)

    async def delivered_in_french() -> bool:
        _, _, state = await call(http, "GET", accepted["status_url"], keys["reader"])
        return any(
            d["language"] == "fr" and d["status"] == "delivered"
            for d in state["deliveries"].values()
        )

    await eventually(delivered_in_french)
    status, _, report = await call(http, "GET", f"{url}/v1/translations/turnaround", ana)
    assert status == 200
    assert [(r["language"], r["approved"]) for r in report] == [("fr", 1)]
    status, _, problem = await call(http, "GET", f"{url}/v1/translations/jobs/nope.fr.v1", ana)
    assert status == 404
