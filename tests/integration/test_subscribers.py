"""The subscriber registry on a real server, its file format, and ``releasebus subscribers``."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
import structlog
from redis.asyncio import Redis
from structlog.testing import capture_logs
from typer.testing import CliRunner

from schemas.subscribers import (
    Subscriber,
    SubscriberDisabled,
    SubscriberEnabled,
    SubscriberRegistered,
    SubscriberSpec,
    SubscriberUpdated,
)
from services._clock import ManualClock
from services._keys import Keys
from services.cli import app
from services.distribution.registry import (
    ApplyReport,
    ConflictError,
    SpecError,
    SubscriberExistsError,
    SubscriberRegistry,
    UnknownSubscriberError,
    load_file,
    load_secrets,
    new_secret,
    normalize,
    secret_id,
    validate,
)

pytestmark = pytest.mark.redis

EXAMPLE = Path(__file__).parents[2] / "deploy" / "subscribers.example.toml"

PARIS = SubscriberSpec(
    name="Embassy in Paris",
    kind="embassy",
    webhook_url="https://press.embassy-paris.example/hook",
    languages=("fr", "en"),
    countries=("FR",),
)
FEED = SubscriberSpec(name="Public feed", kind="feed", languages=("en",))


@pytest.fixture
def registry(redis: Redis, namespace: str, clock: ManualClock) -> SubscriberRegistry:
    return SubscriberRegistry(redis, Keys(namespace), clock)


async def raw_stream(redis: Redis, namespace: str) -> bytes:
    """Every byte of the subscriber stream's entries, ids and fields."""
    entries = await redis.xrange(Keys(namespace).subscriber_events())
    return b"\n".join(
        entry_id + b" " + b" ".join(k + b"=" + v for k, v in fields.items())
        for entry_id, fields in entries
    )


# --- register, change, read ---------------------------------------------------------------------


async def test_register_returns_the_subscriber_and_its_secret_once(
    registry: SubscriberRegistry, clock: ManualClock
) -> None:
    subscriber, secret = await registry.register(PARIS, subscriber_id="embassy-paris", actor="ops")
    assert secret is not None
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24
    assert subscriber == Subscriber(
        subscriber_id="embassy-paris",
        spec=PARIS,
        active=True,
        disabled_reason=None,
        secret_id=hashlib.sha256(secret.encode()).hexdigest()[:12],
        revision=1,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    assert await registry.secret("embassy-paris") == secret
    assert await registry.get("embassy-paris") == subscriber
    [event] = await registry.history("embassy-paris")
    assert event == SubscriberRegistered(
        event_id=event.event_id,
        subscriber_id="embassy-paris",
        revision=1,
        occurred_at=clock.now(),
        recorded_at=clock.now(),
        actor="ops",
        spec=PARIS,
        secret_id=secret_id(secret),
    )


async def test_register_without_an_id_makes_one_from_the_name(
    registry: SubscriberRegistry,
) -> None:
    feed, secret = await registry.register(FEED)
    assert secret is None  # no webhook, nothing to sign
    assert feed.secret_id is None
    prefix, suffix = feed.subscriber_id.rsplit("-", 1)
    assert (prefix, len(suffix)) == ("public-feed", 6)
    other, _ = await registry.register(msgspec.structs.replace(FEED, name="Flux public (FR)"))
    assert other.subscriber_id.startswith("flux-public-fr-")


async def test_register_refuses_an_existing_id(registry: SubscriberRegistry) -> None:
    await registry.register(FEED, subscriber_id="public-feed")
    with pytest.raises(SubscriberExistsError, match="subscriber public-feed already exists"):
        await registry.register(PARIS, subscriber_id="public-feed")
    assert [type(e) for e in await registry.history("public-feed")] == [SubscriberRegistered]


async def test_register_normalizes_codes(registry: SubscriberRegistry) -> None:
    spec = SubscriberSpec(
        name="  Wire desk ",
        emails=("desk@wire.example", "desk@wire.example"),
        languages=("FR", "en"),
        countries=("fr", "xk"),
        kinds=("press statement",),
        topics=("Diplomacy", "MEDTOP:20000377"),
    )
    subscriber, _ = await registry.register(spec, subscriber_id="wire")
    assert subscriber.spec == SubscriberSpec(
        name="Wire desk",
        emails=("desk@wire.example",),
        languages=("fr", "en"),
        countries=("FR", "XK"),
        kinds=("Press Statement",),
        topics=("diplomacy", "medtop:20000377"),
    )


async def test_update_records_the_changed_fields_and_nothing_when_nothing_changed(
    registry: SubscriberRegistry, clock: ManualClock
) -> None:
    _, secret = await registry.register(PARIS, subscriber_id="embassy-paris")
    registered_at = clock.now()
    clock.advance(60)
    wider = msgspec.structs.replace(PARIS, countries=("FR", "MC"), embargo_trusted=True)
    updated, new = await registry.update("embassy-paris", wider, actor="ops")
    assert new is None  # the webhook keeps its secret
    assert updated == Subscriber(
        subscriber_id="embassy-paris",
        spec=wider,
        secret_id=secret_id(secret or ""),
        revision=2,
        created_at=registered_at,
        updated_at=clock.now(),
    )
    same, none = await registry.update("embassy-paris", wider)
    assert (same, none) == (updated, None)
    # Spelling a code differently is no change either: codes are normalized first.
    again, _ = await registry.update(
        "embassy-paris", msgspec.structs.replace(wider, countries=("fr", "mc"))
    )
    assert again.revision == 2
    events = await registry.history("embassy-paris")
    assert [type(e) for e in events] == [SubscriberRegistered, SubscriberUpdated]
    assert events[1] == SubscriberUpdated(
        event_id=events[1].event_id,
        subscriber_id="embassy-paris",
        revision=2,
        occurred_at=clock.now(),
        recorded_at=clock.now(),
        actor="ops",
        spec=wider,
        changes=("countries", "embargo_trusted"),
        secret_id=None,
    )


async def test_update_with_a_stale_revision_is_a_conflict(registry: SubscriberRegistry) -> None:
    await registry.register(FEED, subscriber_id="public-feed")
    await registry.update("public-feed", msgspec.structs.replace(FEED, languages=("en", "fr")))
    with pytest.raises(ConflictError) as caught:
        await registry.update(
            "public-feed", msgspec.structs.replace(FEED, languages=("de",)), expected_revision=1
        )
    assert str(caught.value) == "subscriber public-feed: expected revision 1, found 2"
    assert (caught.value.expected, caught.value.found) == (1, 2)
    current = await registry.get("public-feed")
    assert current is not None
    assert current.spec.languages == ("en", "fr")
    with pytest.raises(UnknownSubscriberError, match=r"^no subscriber nope$"):
        await registry.update("nope", FEED)


async def test_concurrent_updates_of_one_subscriber_all_land_in_order(
    registry: SubscriberRegistry, redis: Redis, namespace: str, clock: ManualClock
) -> None:
    await registry.register(FEED, subscriber_id="public-feed")
    others = [SubscriberRegistry(redis, Keys(namespace), clock) for _ in range(4)]
    languages = ["fr", "de", "es", "it"]
    await asyncio.gather(
        *(
            r.update("public-feed", msgspec.structs.replace(FEED, languages=(lang,)))
            for r, lang in zip(others, languages, strict=True)
        )
    )
    events = await registry.history("public-feed")
    assert [e.revision for e in events] == [1, 2, 3, 4, 5]
    assert sorted(e.spec.languages[0] for e in events[1:]) == sorted(languages)  # type: ignore[union-attr]


async def test_rotating_and_adding_webhook_secrets(registry: SubscriberRegistry) -> None:
    _, first = await registry.register(PARIS, subscriber_id="embassy-paris")
    rotated, second = await registry.update("embassy-paris", PARIS, rotate_secret=True)
    assert second is not None
    assert second != first
    assert rotated.secret_id == secret_id(second)
    assert await registry.secret("embassy-paris") == second
    last = (await registry.history("embassy-paris"))[-1]
    assert isinstance(last, SubscriberUpdated)
    assert last.changes == ("secret_id",)
    # A feed that gets a webhook gets a secret with it.
    await registry.register(FEED, subscriber_id="public-feed")
    hooked = msgspec.structs.replace(FEED, kind="partner", webhook_url="https://hooks.example/in")
    partner, third = await registry.update("public-feed", hooked)
    assert third is not None
    assert partner.secret_id == secret_id(third)
    last = (await registry.history("public-feed"))[-1]
    assert isinstance(last, SubscriberUpdated)
    assert last.changes == ("kind", "webhook_url", "secret_id")
    with pytest.raises(SpecError, match=r"^secret: "):
        await registry.update("public-feed", FEED, rotate_secret=True)


async def test_disable_and_enable(registry: SubscriberRegistry, clock: ManualClock) -> None:
    await registry.register(FEED, subscriber_id="public-feed")
    disabled = await registry.disable("public-feed", "feed retired", actor="ops")
    assert (disabled.active, disabled.disabled_reason, disabled.revision) == (
        False,
        "feed retired",
        2,
    )
    assert await registry.active() == []
    assert await registry.all() == [disabled]
    assert await registry.disable("public-feed", "again") == disabled  # no second event
    enabled = await registry.enable("public-feed", reason="back", actor="ops")
    assert (enabled.active, enabled.disabled_reason, enabled.revision) == (True, None, 3)
    assert await registry.enable("public-feed") == enabled
    assert await registry.active() == [enabled]
    events = await registry.history("public-feed")
    assert events[1:] == [
        SubscriberDisabled(
            event_id=events[1].event_id,
            subscriber_id="public-feed",
            revision=2,
            occurred_at=clock.now(),
            recorded_at=clock.now(),
            actor="ops",
            reason="feed retired",
        ),
        SubscriberEnabled(
            event_id=events[2].event_id,
            subscriber_id="public-feed",
            revision=3,
            occurred_at=clock.now(),
            recorded_at=clock.now(),
            actor="ops",
            reason="back",
        ),
    ]
    with pytest.raises(UnknownSubscriberError):
        await registry.disable("nope", "why")
    with pytest.raises(SpecError, match=r"^reason: "):
        await registry.disable("public-feed", "  ")


async def test_secrets_never_reach_the_stream_or_the_logs(
    registry: SubscriberRegistry, redis: Redis, namespace: str
) -> None:
    given = new_secret()
    with capture_logs() as logs:
        _, generated = await registry.register(PARIS, subscriber_id="embassy-paris")
        _, rotated = await registry.update("embassy-paris", PARIS, rotate_secret=True)
        await registry.register(
            msgspec.structs.replace(PARIS, name="Agency"), subscriber_id="agency", secret=given
        )
    secrets = [s for s in (generated, rotated, given) if s]
    assert len(secrets) == 3
    stream = await raw_stream(redis, namespace)
    assert stream.count(b" type=SubscriberRegistered ") == 2
    for secret in secrets:
        assert secret.encode() not in stream
        assert secret.removeprefix("whsec_").encode() not in stream
        assert secret_id(secret).encode() in stream
    assert [line["event"] for line in logs] == [
        "subscriber.registered",
        "subscriber.updated",
        "subscriber.registered",
    ]
    assert not any(s in repr(line) for line in logs for s in secrets)
    assert await registry.secret("agency") == given
    assert await registry.secret("nope") is None


async def test_a_given_secret_must_be_a_standard_webhooks_secret(
    registry: SubscriberRegistry,
) -> None:
    with pytest.raises(SpecError, match=r"^secret: must be whsec_ followed by base64"):
        await registry.register(PARIS, subscriber_id="p", secret="hunter2!")
    with pytest.raises(SpecError, match=r"^secret: must hold 24 to 64 bytes, not 3"):
        await registry.register(PARIS, subscriber_id="p", secret="whsec_YWJj")
    with pytest.raises(SpecError, match=r"^secret: only a subscriber with a webhook_url"):
        await registry.register(FEED, subscriber_id="f", secret=new_secret())
    assert await registry.all() == []


async def test_refresh_is_incremental(
    registry: SubscriberRegistry, redis: Redis, namespace: str, clock: ManualClock
) -> None:
    writer = SubscriberRegistry(redis, Keys(namespace), clock)
    assert await registry.refresh() == {}
    feed, _ = await writer.register(FEED, subscriber_id="public-feed")
    assert await registry.refresh() == {"public-feed": feed}
    disabled = await writer.disable("public-feed", "retired")
    paris, _ = await writer.register(PARIS, subscriber_id="embassy-paris")
    assert await registry.refresh() == {"public-feed": disabled, "embassy-paris": paris}
    # Nothing new: one XRANGE from the last entry seen, and nothing else.
    before = await redis.info("commandstats")
    assert await registry.refresh() == {"public-feed": disabled, "embassy-paris": paris}
    after = await redis.info("commandstats")
    calls = {
        name: after[name]["calls"] - before.get(name, {"calls": 0})["calls"]
        for name in after
        if name != "cmdstat_info"
    }
    assert {name: n for name, n in calls.items() if n} == {"cmdstat_xrange": 1}
    # A fresh registry folds the whole stream to the same states.
    fresh = SubscriberRegistry(redis, Keys(namespace), clock)
    assert await fresh.refresh() == await registry.refresh()
    assert await fresh.history("public-feed") == await writer.history("public-feed")


async def test_refresh_reads_past_one_page(
    registry: SubscriberRegistry, redis: Redis, namespace: str
) -> None:
    # More changes than one XRANGE page holds, read by a registry that saw none of them.
    writer = SubscriberRegistry(redis, Keys(namespace), ManualClock())
    await writer.register(FEED, subscriber_id="public-feed")
    for n in range(1100):
        spec = msgspec.structs.replace(FEED, name=f"Public feed {n}")
        await writer.update("public-feed", spec, expected_revision=n + 1)
    state = (await registry.refresh())["public-feed"]
    assert (state.revision, state.spec.name) == (1101, "Public feed 1099")


# --- delivery sequence numbers -----------------------------------------------------------------


async def test_sequences_are_idempotent_and_gap_free_under_concurrency(
    registry: SubscriberRegistry, redis: Redis, namespace: str, clock: ManualClock
) -> None:
    assert await registry.sequences([]) == []
    schedulers = [SubscriberRegistry(redis, Keys(namespace), clock) for _ in range(8)]
    # Every scheduler asks for every delivery (a retried or duplicated schedule), in batches.
    pairs = [(f"s{n % 3}", f"d{n}") for n in range(60)]
    batches = [pairs[i : i + 7] for i in range(0, len(pairs), 7)]
    calls = [(r, batch) for r in schedulers for batch in batches]
    results = await asyncio.gather(*(r.sequences(batch) for r, batch in calls))
    numbers: dict[str, set[int]] = {}
    for (_, batch), result in zip(calls, results, strict=True):
        for (_, delivery_id), n in zip(batch, result, strict=True):
            numbers.setdefault(delivery_id, set()).add(n)
    assert all(len(ns) == 1 for ns in numbers.values())  # one number per delivery id
    by_subscriber: dict[str, list[int]] = {}
    for subscriber_id, delivery_id in pairs:
        by_subscriber.setdefault(subscriber_id, []).append(numbers[delivery_id].pop())
    assert {s: sorted(ns) for s, ns in by_subscriber.items()} == {
        "s0": list(range(1, 21)),
        "s1": list(range(1, 21)),
        "s2": list(range(1, 21)),
    }
    # Asked again later, in another order: the same numbers; a new delivery takes the next.
    again = await registry.sequences([("s1", "d1"), ("s0", "d0"), ("s0", "d-new")])
    first = await registry.sequences([("s1", "d1"), ("s0", "d0")])
    assert again == [*first, 21]


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "name: must not be empty"),
        ({"kind": "ministry"}, "kind: 'ministry' is not one of embassy, feed, partner"),
        ({"webhook_url": "ftp://x.example/"}, "webhook_url: 'ftp://x.example/' must be an http"),
        ({"webhook_url": "https:///path"}, "webhook_url: 'https:///path' has no host"),
        ({"webhook_url": "https://u:p@x.example/"}, "webhook_url: must not carry credentials"),
        ({"webhook_url": "https://x.example:99999/"}, "webhook_url: 'https://x.example:99999/'"),
        ({"webhook_url": "http://127.0.0.1:8080/"}, "webhook_url: 127.0.0.1 is a loopback"),
        ({"webhook_url": "http://10.1.2.3/"}, "webhook_url: 10.1.2.3 is a loopback, private"),
        ({"webhook_url": "http://[fe80::1]/"}, "webhook_url: fe80::1 is a loopback"),
        ({"webhook_url": "http://localhost/"}, "webhook_url: localhost is a loopback"),
        ({"emails": ("press.example",)}, "emails: 'press.example' is not an e-mail address"),
        ({"emails": ("a@b",)}, "emails: 'a@b' is not an e-mail address"),
        ({"emails": ("a@@b.example",)}, "emails: 'a@@b.example' is not an e-mail address"),
        ({"languages": ("fra",)}, "languages: 'fra' is not an ISO 639-1 language code"),
        ({"languages": ("zz",)}, "languages: 'zz' is not an ISO 639-1 language code"),
        ({"countries": ("ZZ",)}, "countries: 'ZZ' is not an ISO 3166-1 alpha-2 country code"),
        ({"countries": ("FRA",)}, "countries: 'FRA' is not an ISO 3166-1 alpha-2"),
        ({"kinds": ("Tweet",)}, "kinds: 'Tweet' is not a release kind (Readout, "),
        ({"topics": ("sport",)}, "topics: 'sport' is not a topic id (armed-conflict, "),
        ({"topics": ("medtop:01000000",)}, "topics: 'medtop:01000000' is not a topic id"),
        ({"digest_at": "7:00"}, "digest_at: '7:00' is not a time of day as HH:MM"),
        ({"digest_at": "24:00"}, "digest_at: '24:00' is not a time of day as HH:MM"),
        ({"digest": "weekly"}, "digest: 'weekly' is not immediate or daily"),
        ({"digest": "daily"}, "digest: a daily digest is sent by e-mail: give emails"),
        ({"webhook_url": None}, "webhook_url: a embassy needs a webhook_url or e-mail"),
    ],
)
def test_validation_names_the_field(changes: dict[str, object], message: str) -> None:
    spec = msgspec.structs.replace(PARIS, **changes)
    with pytest.raises(SpecError) as caught:
        validate(spec)
    assert str(caught.value).startswith(message)
    assert caught.value.field == message.split(":", 1)[0]


def test_valid_specs_pass() -> None:
    for spec in (
        PARIS,
        FEED,
        msgspec.structs.replace(PARIS, webhook_url="http://127.0.0.1:8080/", allow_private=True),
        SubscriberSpec(name="Local", emails=("Ops <ops@localhost>",), digest="daily"),
        SubscriberSpec(name="Kosovo desk", emails=("desk@pristina.example",), countries=("XK",)),
    ):
        validate(spec)
    assert normalize(FEED) == FEED


# --- files ---------------------------------------------------------------------------------------


def test_the_example_file_loads_and_every_entry_validates() -> None:
    specs = load_file(EXAMPLE)
    assert list(specs) == ["embassy-paris", "public-feed", "wire-agency", "asia-desk-digest"]
    for spec in specs.values():
        assert normalize(spec) == spec
    paris = specs["embassy-paris"]
    assert (paris.kind, paris.languages, paris.countries) == ("embassy", ("fr", "en"), ("FR",))
    assert specs["public-feed"].kind == "feed"
    assert specs["wire-agency"].embargo_trusted
    assert (specs["asia-desk-digest"].digest, specs["asia-desk-digest"].digest_at) == (
        "daily",
        "06:30",
    )
    secret = new_secret()
    assert load_secrets(EXAMPLE, {"EMBASSY_PARIS_SECRET": secret}) == {"embassy-paris": secret}
    with pytest.raises(SpecError) as caught:
        load_secrets(EXAMPLE, {})
    assert str(caught.value) == (
        f"{EXAMPLE}: [subscribers.embassy-paris]: secret_env: $EMBASSY_PARIS_SECRET is not set"
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('name = "A"\nkind = "feed"\ncolour = "red"', "[subscribers.a]: colour: unknown field"),
        ('kind = "feed"', "[subscribers.a]: name: required field"),
        ('name = "A"\nkind = "feed"\nlanguages = "fr"', "[subscribers.a]: languages: Expected"),
        (
            'name = "A"\nemails = ["a@b.example", 3]',
            "[subscribers.a]: emails[1]: Expected `str`, got `int`",
        ),
        ('name = "A"\nkind = "feed"\ncountries = ["QQ"]', "[subscribers.a]: countries: 'QQ'"),
        ('name = "A"\nkind = "bank"', "[subscribers.a]: kind: Invalid enum value 'bank'"),
        ('name = "A"\nkind = "feed"\nsecret_env = "not a name"', "[subscribers.a]: secret_env:"),
    ],
)
def test_file_errors_name_the_file_the_subscriber_and_the_field(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "subscribers.toml"
    path.write_text(f'[subscribers.ok]\nname = "Fine"\nkind = "feed"\n\n[subscribers.a]\n{table}\n')
    with pytest.raises(SpecError) as caught:
        load_file(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert caught.value.subscriber_id == "a"


def test_file_level_errors(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    for text, message in [
        ("[subscribers.Bad_ID]\nname = 'x'\nkind = 'feed'", "[subscribers.Bad_ID]: id: 'Bad_ID'"),
        ("[subscriber.a]\nname = 'x'", "subscriber: unknown key: only [subscribers.<id>]"),
        ("", "subscribers: no [subscribers.<id>] tables"),
        ("[subscribers\nname = 1", "not valid TOML: "),
    ]:
        path.write_text(text)
        with pytest.raises(SpecError) as caught:
            load_file(path)
        assert str(caught.value).startswith(f"{path}: {message}"), text


def test_a_toml_time_is_read_as_hh_mm(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        "[subscribers.d]\nname = 'D'\nemails = ['d@x.example']\n"
        "digest = 'daily'\ndigest_at = 06:15:00\n"
    )
    assert load_file(path)["d"].digest_at == "06:15"


# --- apply ---------------------------------------------------------------------------------------


async def test_apply_creates_updates_leaves_alone_and_prunes(
    registry: SubscriberRegistry,
) -> None:
    specs = load_file(EXAMPLE)
    given = new_secret()
    first = await registry.apply(specs, secrets={"embassy-paris": given}, actor="ci")
    assert list(first.secrets) == ["wire-agency"]  # generated; the given one is not repeated
    assert first == ApplyReport(
        created=("embassy-paris", "public-feed", "wire-agency", "asia-desk-digest"),
        secrets=first.secrets,
    )
    assert await registry.secret("embassy-paris") == given
    assert await registry.secret("wire-agency") == first.secrets["wire-agency"]
    assert await registry.apply(specs, secrets={"embassy-paris": given}) == ApplyReport(
        unchanged=("embassy-paris", "public-feed", "wire-agency", "asia-desk-digest")
    )
    # Edit one, drop one, add one; a manually added subscriber is left alone without prune.
    await registry.register(FEED, subscriber_id="manual-feed")
    edited = dict(specs)
    edited["public-feed"] = msgspec.structs.replace(specs["public-feed"], languages=("en", "fr"))
    del edited["asia-desk-digest"]
    edited["embassy-tokyo"] = SubscriberSpec(
        name="Embassy in Tokyo", kind="embassy", emails=("press@tokyo.example",)
    )
    dry = await registry.apply(edited, prune=True, dry_run=True)
    assert dry == ApplyReport(
        dry_run=True,
        created=("embassy-tokyo",),
        updated={"public-feed": ("languages",)},
        unchanged=("embassy-paris", "wire-agency"),
        disabled=("asia-desk-digest", "manual-feed"),
    )
    assert len(await registry.active()) == 5  # a dry run writes nothing
    without_prune = await registry.apply(edited)
    assert without_prune == ApplyReport(
        created=("embassy-tokyo",),
        updated={"public-feed": ("languages",)},
        unchanged=("embassy-paris", "wire-agency"),
    )
    pruned = await registry.apply(edited, prune=True, actor="ci")
    assert pruned == ApplyReport(
        unchanged=("embassy-paris", "public-feed", "wire-agency", "embassy-tokyo"),
        disabled=("asia-desk-digest", "manual-feed"),
    )
    digest = await registry.get("asia-desk-digest")
    assert digest is not None
    assert (digest.active, digest.disabled_reason) == (
        False,
        "not in the subscriber file (apply --prune)",
    )
    # Back in the file: reported, but not enabled behind the operator's back.
    assert (await registry.apply(specs)).inactive == ("asia-desk-digest",)
    # A secret from the environment that differs from the one in use replaces it.
    other = new_secret()
    rotated = await registry.apply(specs, secrets={"embassy-paris": other})
    assert rotated.updated == {"embassy-paris": ("secret_id",)}
    assert await registry.secret("embassy-paris") == other


async def test_apply_validates_everything_before_writing(registry: SubscriberRegistry) -> None:
    specs = {
        "good": FEED,
        "bad": msgspec.structs.replace(FEED, countries=("QQ",)),
    }
    with pytest.raises(SpecError, match=r"^\[subscribers.bad\]: countries: 'QQ'"):
        await registry.apply(specs)
    with pytest.raises(SpecError, match=r"^\[subscribers.good\]: secret_env: "):
        await registry.apply({"good": FEED}, secrets={"good": new_secret()})
    assert await registry.all() == []


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture
def cli_env(redis_url: str, namespace: str, redis: Redis) -> Iterator[dict[str, str]]:
    """The runner's environment; logging, which each command sets up, is put back afterwards.

    (A command configures logging onto the runner's stderr, which is closed once it returns.)
    """
    saved = structlog.get_config()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield {"REDIS_URL": redis_url, "RELEASEBUS_NAMESPACE": namespace, "USER": "operator"}
    structlog.configure(**saved)
    root.handlers[:] = handlers
    root.setLevel(level)


async def cli(env: dict[str, str], *args: str, code: int = 0) -> tuple[str, str]:
    """Run ``releasebus subscribers …`` in a thread (commands run their own event loop)."""
    result = await asyncio.to_thread(CliRunner().invoke, app, ["subscribers", *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        failure = str(result.exception)  # what main() prints after "error:"
    else:
        failure = ""
    assert result.exit_code == code, (result.output, failure)
    return result.stdout, result.stderr + failure


async def test_cli_add_list_show_update_disable_enable(cli_env, redis, namespace) -> None:
    out, err = await cli(
        cli_env, "add", "Embassy in Paris", "--id", "embassy-paris", "--kind", "embassy",
        "--webhook", "https://press.embassy-paris.example/hook", "--lang", "fr", "--lang", "EN",
        "--country", "fr", "--release-kind", "readout", "--topic", "diplomacy",
    )  # fmt: skip
    assert out.splitlines()[0] == "registered embassy-paris"
    secret = out.splitlines()[1].removeprefix("secret for embassy-paris: ")
    assert secret.startswith("whsec_")
    assert "will not be shown again" in err
    registry = SubscriberRegistry(redis, Keys(namespace), ManualClock())
    assert await registry.secret("embassy-paris") == secret

    out, _ = await cli(cli_env, "add", "Public feed", "--kind", "feed", "--json")
    added = json.loads(out)
    assert added["secret"] is None
    assert added["subscriber_id"].startswith("public-feed-")

    listing, _ = await cli(cli_env, "list")
    assert "embassy-paris" in listing
    assert "webhook press.embassy-paris.example" in listing
    assert "fr en" in listing
    rows = [json.loads(line) for line in (await cli(cli_env, "list", "--json"))[0].splitlines()]
    assert [r["subscriber_id"] for r in rows] == ["embassy-paris", added["subscriber_id"]]
    assert rows[0]["spec"]["kinds"] == ["Readout"]

    out, _ = await cli(
        cli_env, "update", "embassy-paris", "--country", "FR", "--country", "MC", "--trusted",
        "--email", "press@embassy-paris.example",
    )  # fmt: skip
    assert out.strip() == "updated embassy-paris (changed: emails, countries, embargo_trusted)"
    out, _ = await cli(cli_env, "update", "embassy-paris", "--country", "MC", "--country", "fr")
    assert out.strip() == "updated embassy-paris (changed: countries)"
    out, _ = await cli(cli_env, "update", "embassy-paris", "--country", "MC", "--country", "FR")
    assert out.strip() == "embassy-paris unchanged"
    out, _ = await cli(cli_env, "update", "embassy-paris", "--topic", "", "--json")
    assert json.loads(out)["changes"] == ["topics"]
    out, err = await cli(cli_env, "update", "embassy-paris", "--rotate-secret")
    rotated = out.splitlines()[1].removeprefix("secret for embassy-paris: ")
    assert rotated.startswith("whsec_")
    assert rotated != secret
    assert "will not be shown again" in err

    out, _ = await cli(cli_env, "disable", "embassy-paris", "--reason", "moved to the new site")
    assert out.strip() == "disabled embassy-paris"
    assert "embassy-paris" not in (await cli(cli_env, "list"))[0]
    assert "moved to the new site" in (await cli(cli_env, "list", "--all"))[0]
    out, _ = await cli(cli_env, "enable", "embassy-paris")
    assert out.strip() == "enabled embassy-paris"
    assert (await cli(cli_env, "enable", "embassy-paris"))[0].strip() == (
        "embassy-paris was active already"
    )

    shown, _ = await cli(cli_env, "show", "embassy-paris")
    for text in ("SubscriberRegistered", "changed: countries", "disabled: moved to the new site"):
        assert text in shown
    assert "operator" in shown  # the actor
    assert secret not in shown
    assert rotated not in shown
    detail = json.loads((await cli(cli_env, "show", "embassy-paris", "--json"))[0])
    assert detail["subscriber"]["revision"] == 7
    assert [e["type"] for e in detail["history"]] == [
        "SubscriberRegistered",
        *["SubscriberUpdated"] * 4,
        "SubscriberDisabled",
        "SubscriberEnabled",
    ]
    assert detail["subscriber"]["secret_id"] == secret_id(rotated)
    assert "whsec_" not in json.dumps(detail)


async def test_cli_refusals_exit_1_naming_the_field(cli_env) -> None:
    _, err = await cli(cli_env, "add", "X", "--country", "QQ", "--kind", "feed", code=1)
    assert err.strip() == "countries: 'QQ' is not an ISO 3166-1 alpha-2 country code"
    _, err = await cli(cli_env, "add", "X", code=1)
    assert err.startswith("webhook_url: a partner needs a webhook_url or e-mail")
    _, err = await cli(cli_env, "add", "X", "--kind", "nope", code=1)
    assert err.startswith("kind: Invalid enum value 'nope'")
    _, err = await cli(cli_env, "add", "X", "--kind", "feed", "--id", "Not An Id", code=1)
    assert err.startswith("id: 'Not An Id' must be")
    await cli(cli_env, "add", "Feed", "--kind", "feed", "--id", "feed")
    _, err = await cli(cli_env, "add", "Feed", "--kind", "feed", "--id", "feed", code=1)
    assert err == "subscriber feed already exists"
    _, err = await cli(cli_env, "update", "feed", "--digest-at", "7", code=1)
    assert err == "digest_at: '7' is not a time of day as HH:MM"
    _, err = await cli(cli_env, "update", "feed", "--rotate-secret", code=1)
    assert err.startswith("secret: ")
    for command in (["show", "nope"], ["update", "nope", "--lang", "fr"], ["enable", "nope"]):
        _, err = await cli(cli_env, *command, code=1)
        assert err == "no subscriber nope"
    _, err = await cli(cli_env, "disable", "nope", "--reason", "x", code=1)
    assert err == "no subscriber nope"
    await cli(cli_env, "disable", "feed", code=2)  # --reason is required: a usage error


async def test_cli_apply(cli_env, tmp_path: Path) -> None:
    secret = new_secret()
    env = {**cli_env, "EMBASSY_PARIS_SECRET": secret}
    out, _ = await cli(env, "apply", str(EXAMPLE), "--dry-run")
    assert "would be created  embassy-paris" in out
    assert "4 would be created, 0 would be updated, 0 unchanged" in out
    assert "no active subscribers" in (await cli(env, "list"))[0]
    out, err = await cli(env, "apply", str(EXAMPLE))
    assert "4 created, 0 updated, 0 unchanged, 0 disabled" in out
    assert "secret for wire-agency: whsec_" in out
    assert secret not in out  # the operator's own secret is not echoed
    assert "will not be shown again" in err
    report = json.loads((await cli(env, "apply", str(EXAMPLE), "--json"))[0])
    assert report["unchanged"] == [
        "embassy-paris",
        "public-feed",
        "wire-agency",
        "asia-desk-digest",
    ]
    assert report["secrets"] == {}
    smaller = tmp_path / "subscribers.toml"
    smaller.write_text('[subscribers.public-feed]\nname = "Public feed"\nkind = "feed"\n')
    out, _ = await cli(env, "apply", str(smaller), "--prune")
    assert "updated  public-feed (languages)" in out
    assert "disabled embassy-paris" in out
    assert "1 updated, 0 unchanged, 3 disabled" in out
    _, err = await cli(cli_env, "apply", str(EXAMPLE), code=1)  # no EMBASSY_PARIS_SECRET
    assert err == (
        f"{EXAMPLE}: [subscribers.embassy-paris]: secret_env: $EMBASSY_PARIS_SECRET is not set"
    )
    broken = tmp_path / "broken.toml"
    broken.write_text('[subscribers.x]\nname = "X"\nkind = "feed"\nlanguage = ["fr"]\n')
    _, err = await cli(cli_env, "apply", str(broken), code=1)
    assert err == f"{broken}: [subscribers.x]: language: unknown field"
    await cli(cli_env, "apply", str(tmp_path / "missing.toml"), code=2)
