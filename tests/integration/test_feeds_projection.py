"""Feeds built from the projection on a real server: indexes, translations, withdrawals."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from schemas.events import AnyEvent
from services._clock import ManualClock
from services._runtime import Bus
from services.distribution.feeds import FeedFilter, build_feed, render_feed
from tests.unit.test_feeds import NS, minutes, release_events

pytestmark = pytest.mark.redis

SITE_URL = "https://press.example.org/"
NOW = minutes(24 * 60)


async def append_as_they_happen(bus: Bus, clock: ManualClock, events: list[AnyEvent]) -> None:
    """Append each event when it occurs, so its recorded time (what the fold uses) is that."""
    for event in sorted(events, key=lambda e: e.occurred_at):
        clock.set(event.occurred_at)
        await bus.store.append(event.release_id, [event])


async def project(bus: Bus) -> None:
    """Fold the whole log into the projection, as the projector group does."""
    for partition in range(bus.keys.partitions):
        entries = await bus.store.read_log(partition, count=10_000)
        await bus.projection.apply(partition, entries)


@pytest.fixture
async def releases(bus: Bus, clock: ManualClock) -> Bus:
    histories = [
        release_events("r-au", published=minutes(0), source_url="https://press.example.org/au"),
        release_events(
            "r-de",
            kind="Readout",
            countries=("DE",),
            published=minutes(10),
            corrections=[(minutes(40), "Corrected the date.", "Readout (corrected)")],
            translations=[("fr", "Compte rendu", minutes(30))],
        ),
        release_events("r-fr", title="Communiqué", language="fr", published=minutes(20)),
        release_events("r-gone", published=minutes(5), withdrawn=(minutes(50), "Issued in error.")),
        release_events("r-held", published=None, embargo_until=minutes(24 * 60 * 3)),
        release_events("r-pending", published=None),
    ]
    for events in histories:
        await append_as_they_happen(bus, clock, events)
    await project(bus)
    return bus


async def test_atom_feed_from_the_projection(releases: Bus) -> None:
    feed = await build_feed(
        releases.projection,
        format="atom",
        language="en",
        feed_url=f"{SITE_URL}feeds/en.atom",
        site_url=SITE_URL,
        now=NOW,
    )
    root = etree.fromstring(feed.body)
    children = [
        (etree.QName(c).localname, c.findtext("a:id", namespaces=NS) or c.get("ref"))
        for c in root
        if etree.QName(c).localname in ("entry", "deleted-entry")
    ]
    assert children == [
        ("deleted-entry", "urn:releasebus:release:r-gone"),
        ("entry", "urn:releasebus:release:r-de"),
        ("entry", "urn:releasebus:release:r-au"),
    ]
    corrected = root.find("a:entry", NS)
    assert corrected.findtext("a:updated", namespaces=NS) == "2018-01-24T15:40:00Z"
    assert corrected.findtext("a:summary", namespaces=NS) == "Correction: Corrected the date."
    assert feed.last_modified == minutes(50)


async def test_french_feed_holds_french_releases_and_translations(releases: Bus) -> None:
    feed = await build_feed(
        releases.projection,
        format="json",
        language="fr",
        feed_url=f"{SITE_URL}feeds/fr.json",
        site_url=SITE_URL,
        now=NOW,
    )
    assert [(i["id"], i["title"]) for i in json.loads(feed.body)["items"]] == [
        ("urn:releasebus:release:r-de:fr", "Compte rendu"),
        ("urn:releasebus:release:r-fr", "Communiqué"),
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (FeedFilter(kind="Readout"), ["urn:releasebus:release:r-de"]),
        (FeedFilter(country="de"), ["urn:releasebus:release:r-de"]),
        (FeedFilter(country="AU", kind="Readout"), []),
        (
            FeedFilter(topic="diplomacy"),
            [
                "urn:releasebus:release:r-gone",
                "urn:releasebus:release:r-de",
                "urn:releasebus:release:r-au",
            ],
        ),
    ],
)
async def test_filters_through_the_indexes(
    releases: Bus, filters: FeedFilter, expected: list[str]
) -> None:
    feed = await build_feed(
        releases.projection,
        format="json",
        language="en",
        filters=filters,
        feed_url=f"{SITE_URL}feeds/en.json",
        site_url=SITE_URL,
        now=NOW,
    )
    assert [i["id"] for i in json.loads(feed.body)["items"]] == expected


@pytest.mark.parametrize("language", ["en", "fr", "de"])
@pytest.mark.parametrize("limit", [1, 2, 50])
async def test_build_feed_equals_render_feed_over_every_state(
    releases: Bus, language: str, limit: int
) -> None:
    """Reading a bounded number of states at a time selects what rendering them all would."""
    generation = await releases.projection.generation(0, fresh=True)
    everything = (await releases.projection.states(0, generation)).values()
    options = {
        "format": "rss",
        "language": language,
        "feed_url": f"{SITE_URL}feeds/{language}.rss",
        "site_url": SITE_URL,
        "limit": limit,
        "now": NOW,
    }
    built = await build_feed(releases.projection, **options)  # type: ignore[arg-type]
    assert built == render_feed(everything, **options)  # type: ignore[arg-type]


async def test_an_embargo_lifting_puts_the_release_in_the_feed(
    releases: Bus, clock: ManualClock
) -> None:
    async def ids() -> list[str]:
        feed = await build_feed(
            releases.projection,
            format="json",
            language="en",
            feed_url=f"{SITE_URL}feeds/en.json",
            site_url=SITE_URL,
            now=NOW,
        )
        return [i["id"] for i in json.loads(feed.body)["items"]]

    before = await ids()
    assert "urn:releasebus:release:r-held" not in before
    lifted = release_events("r-held", published=minutes(24 * 60 * 3))[3:]  # the publication
    await append_as_they_happen(releases, clock, lifted)
    await project(releases)
    assert await ids() == ["urn:releasebus:release:r-held", *before]
