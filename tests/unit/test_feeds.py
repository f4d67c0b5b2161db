"""Feeds rendered from folded states, parsed back: Atom, RSS 2.0, JSON Feed, conditional GET."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

import pytest
from lxml import etree

from schemas.events import (
    AnyEvent,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    ReleaseRejected,
    ReleaseSubmitted,
    ReleaseWithdrawn,
    TranslationApproved,
    TranslationRequested,
    TranslationSubmitted,
)
from schemas.state import ReleaseState, fold
from services.distribution.feeds import Feed, FeedFilter, not_modified, render_feed
from services.distribution.payload import item_uri
from tests.samples import T0, content

NS = {
    "a": "http://www.w3.org/2005/Atom",
    "at": "http://purl.org/atompub/tombstones/1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
IPTC = "http://cv.iptc.org/newscodes/mediatopic/"
FEED_URL = "https://press.example.org/feeds/en.atom"
SITE_URL = "https://press.example.org/"
NOW = T0 + dt.timedelta(days=2)


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def release_events(
    release_id: str,
    *,
    title: str = "Australia National Day",
    language: str = "en",
    kind: str = "Press Statement",
    countries: tuple[str, ...] = ("AU",),
    topics: tuple[str, ...] = ("diplomacy",),
    published: dt.datetime | None = T0,
    embargo_until: dt.datetime | None = None,
    corrections: Sequence[tuple[dt.datetime, str, str]] = (),
    translations: Sequence[tuple[str, str, dt.datetime | None]] = (),
    withdrawn: tuple[dt.datetime, str] | None = None,
    summary: str | None = None,
    source_url: str | None = None,
) -> list[AnyEvent]:
    """One release's events: parsed and enriched before ``published``, then what is asked.

    ``corrections`` are (when, note, new title); ``translations`` (language, title, approved at
    or None for submitted only); every event occurs at the time it names.
    """
    start = (published or embargo_until or T0) - dt.timedelta(minutes=10)
    body = content(title=title, language=language, kind=kind)
    events: list[AnyEvent] = [
        ReleaseSubmitted(
            event_id=f"{release_id}-sub",
            release_id=release_id,
            occurred_at=start,
            source="cms",
            raw="# raw",
            content_hash="h0",
            source_url=source_url,
        ),
        ReleaseParsed(
            event_id=f"{release_id}-parsed",
            release_id=release_id,
            occurred_at=start,
            content=body,
            content_hash="h1",
            embargo_until=embargo_until,
        ),
        ReleaseEnriched(
            event_id=f"{release_id}-enriched",
            release_id=release_id,
            occurred_at=start,
            source_revision=2,
            countries=countries,
            topics=topics,
            language=language,
            summary=summary,
        ),
    ]
    if published is not None:
        events.append(
            ReleasePublished(
                event_id=f"{release_id}-pub",
                release_id=release_id,
                occurred_at=published,
                published_at=published,
            )
        )
    for i, (when, note, new_title) in enumerate(corrections):
        events.append(
            ReleaseCorrected(
                event_id=f"{release_id}-corr{i}",
                release_id=release_id,
                occurred_at=when,
                content=content(title=new_title, language=language, kind=kind),
                content_hash=f"hc{i}",
                note=note,
            )
        )
    for target, translated_title, approved in translations:
        job = f"{release_id}-{target}"
        when = (published or start) + dt.timedelta(minutes=1)
        events += [
            TranslationRequested(
                event_id=f"{job}-req",
                release_id=release_id,
                occurred_at=when,
                job_id=job,
                language=target,
                source_revision=2,
            ),
            TranslationSubmitted(
                event_id=f"{job}-sub",
                release_id=release_id,
                occurred_at=when,
                job_id=job,
                translator="amelie",
                content=content(title=translated_title, language=target, kind=kind),
            ),
        ]
        if approved is not None:
            events.append(
                TranslationApproved(
                    event_id=f"{job}-ok",
                    release_id=release_id,
                    occurred_at=approved,
                    job_id=job,
                    reviewer="paul",
                )
            )
    if withdrawn is not None:
        events.append(
            ReleaseWithdrawn(
                event_id=f"{release_id}-wd",
                release_id=release_id,
                occurred_at=withdrawn[0],
                reason=withdrawn[1],
            )
        )
    return events


def state_of(release_id: str, **options: Any) -> ReleaseState:
    return fold(release_events(release_id, **options))


def rejected(release_id: str) -> ReleaseState:
    return fold(
        [
            ReleaseSubmitted(
                event_id="s", release_id=release_id, occurred_at=T0, source="cms", raw="?",
                content_hash="h",
            ),
            ReleaseRejected(
                event_id="r", release_id=release_id, occurred_at=T0, raw="?", content_hash="h",
                reasons=(),
            ),
        ]
    )  # fmt: skip


def render(states: Sequence[ReleaseState], format: str = "atom", **options: Any) -> Feed:
    defaults: dict[str, Any] = {
        "language": "en",
        "feed_url": FEED_URL,
        "site_url": SITE_URL,
        "now": NOW,
    }
    return render_feed(states, format=format, **{**defaults, **options})  # type: ignore[arg-type]


def atom_ids(feed: Feed) -> list[str]:
    root = etree.fromstring(feed.body)
    return [e.findtext("a:id", namespaces=NS) for e in root.findall("a:entry", NS)]


def json_ids(feed: Feed) -> list[str]:
    return [item["id"] for item in json.loads(feed.body)["items"]]


BODY = "On behalf of President Trump …\n\nThe United States and Australia …"


@pytest.fixture
def mixed() -> list[ReleaseState]:
    """A plain release, a corrected one, a withdrawn one, and ones no feed may show."""
    return [
        state_of("r-plain", title="Plain <&> release", published=minutes(0), summary="Short."),
        state_of(
            "r-corrected",
            title="Old title",
            published=minutes(-60),
            corrections=[(minutes(30), "Corrected the title.", "New title")],
            source_url="https://press.example.org/r-corrected",
        ),
        state_of(
            "r-withdrawn", published=minutes(-120), withdrawn=(minutes(20), "Issued in error.")
        ),
        state_of("r-embargoed", published=None, embargo_until=minutes(600)),
        state_of("r-received", published=None),
        state_of("r-pulled", published=None, withdrawn=(minutes(5), "Never published.")),
        rejected("r-rejected"),
    ]


# --- Atom ----------------------------------------------------------------------------------


def test_atom_feed_parses_back_to_the_expected_entries(mixed: list[ReleaseState]) -> None:
    feed = render(mixed)
    root = etree.fromstring(feed.body)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.nsmap == {None: NS["a"], "at": NS["at"]}
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert {
        "id": root.findtext("a:id", namespaces=NS),
        "title": root.findtext("a:title", namespaces=NS),
        "updated": root.findtext("a:updated", namespaces=NS),
        "author": root.findtext("a:author/a:name", namespaces=NS),
        "links": [dict(link.attrib) for link in root.findall("a:link", NS)],
    } == {
        "id": FEED_URL,
        "title": "Press releases (en)",
        "updated": "2018-01-24T15:30:00Z",
        "author": "press.example.org",
        "links": [
            {"rel": "self", "type": "application/atom+xml", "href": FEED_URL},
            {"rel": "alternate", "type": "text/html", "href": SITE_URL},
        ],
    }
    entries = [
        {
            "id": e.findtext("a:id", namespaces=NS),
            "title": e.findtext("a:title", namespaces=NS),
            "updated": e.findtext("a:updated", namespaces=NS),
            "published": e.findtext("a:published", namespaces=NS),
            "author": e.findtext("a:author/a:name", namespaces=NS),
            "links": [dict(link.attrib) for link in e.findall("a:link", NS)],
            "categories": [dict(c.attrib) for c in e.findall("a:category", NS)],
            "summary": e.findtext("a:summary", namespaces=NS),
            "content": e.findtext("a:content", namespaces=NS),
        }
        for e in root.findall("a:entry", NS)
    ]
    categories = [
        {"term": "Press Statement", "label": "Press Statement", "scheme": "urn:releasebus:kind"},
        {"term": "20000639", "label": "diplomacy", "scheme": IPTC},
        {"term": "AU", "label": "Australia", "scheme": "urn:releasebus:country"},
    ]
    assert entries == [
        {
            "id": "urn:releasebus:release:r-corrected",
            "title": "New title",
            "updated": "2018-01-24T15:30:00Z",
            "published": "2018-01-24T14:00:00Z",
            "author": "Rex W. Tillerson, Secretary of State",
            "links": [
                {
                    "rel": "alternate",
                    "type": "text/html",
                    "href": "https://press.example.org/r-corrected",
                }
            ],
            "categories": [
                *categories,
                {"term": "corrected", "label": "corrected", "scheme": "urn:releasebus:lineage"},
            ],
            "summary": "Correction: Corrected the title.",
            "content": "Correction: Corrected the title.\n\n" + BODY,
        },
        {
            "id": "urn:releasebus:release:r-plain",
            "title": "Plain <&> release",
            "updated": "2018-01-24T15:00:00Z",
            "published": "2018-01-24T15:00:00Z",
            "author": "Rex W. Tillerson, Secretary of State",
            "links": [],
            "categories": categories,
            "summary": "Short.",
            "content": BODY,
        },
    ]
    assert all(e.find("a:content", NS).get("type") == "text" for e in root.findall("a:entry", NS))
    assert b"Plain &lt;&amp;&gt; release" in feed.body


def test_atom_withdrawal_is_a_tombstone_in_place_of_the_entry(mixed: list[ReleaseState]) -> None:
    root = etree.fromstring(render(mixed).body)
    tombstones = [
        (dict(t.attrib), t.findtext("at:comment", namespaces=NS))
        for t in root.findall("at:deleted-entry", NS)
    ]
    assert tombstones == [
        (
            {"ref": "urn:releasebus:release:r-withdrawn", "when": "2018-01-24T15:20:00Z"},
            "Issued in error.",
        )
    ]
    assert "urn:releasebus:release:r-withdrawn" not in atom_ids(render(mixed))
    # Ordered by update time, tombstones among the entries.
    names = [etree.QName(child).localname for child in root]
    assert [n for n in names if n in ("entry", "deleted-entry")] == [
        "entry",
        "deleted-entry",
        "entry",
    ]


def test_never_public_releases_are_in_no_format(mixed: list[ReleaseState]) -> None:
    hidden = ("r-embargoed", "r-received", "r-pulled", "r-rejected")
    for format in ("atom", "rss", "json"):
        body = render(mixed, format).body.decode()
        assert not [rid for rid in hidden if rid in body], format
        assert "Never published" not in body


# --- RSS 2.0 -------------------------------------------------------------------------------


def test_rss_feed_parses_back_with_guids_dates_and_a_withdrawal_notice(
    mixed: list[ReleaseState],
) -> None:
    root = etree.fromstring(render(mixed, "rss", feed_url="https://x.example/en.rss").body)
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    channel = root.find("channel")
    assert {
        "title": channel.findtext("title"),
        "link": channel.findtext("link"),
        "description": channel.findtext("description"),
        "language": channel.findtext("language"),
        "lastBuildDate": channel.findtext("lastBuildDate"),
        "self": dict(channel.find("a:link", NS).attrib),
    } == {
        "title": "Press releases (en)",
        "link": SITE_URL,
        "description": "Press releases (en)",
        "language": "en",
        "lastBuildDate": "Wed, 24 Jan 2018 15:30:00 GMT",
        "self": {"rel": "self", "type": "application/rss+xml", "href": "https://x.example/en.rss"},
    }
    items = [
        {
            "title": i.findtext("title"),
            "link": i.findtext("link"),
            "guid": (i.findtext("guid"), i.find("guid").get("isPermaLink")),
            "pubDate": i.findtext("pubDate"),
            "description": i.findtext("description"),
            "categories": [(c.text, c.get("domain")) for c in i.findall("category")],
            "creator": i.findtext("dc:creator", namespaces=NS),
        }
        for i in channel.findall("item")
    ]
    categories = [
        ("Press Statement", "urn:releasebus:kind"),
        ("diplomacy", IPTC),
        ("Australia", "urn:releasebus:country"),
    ]
    paragraphs = "<p>On behalf of President Trump …</p><p>The United States and Australia …</p>"
    byline = "Rex W. Tillerson, Secretary of State"
    assert items == [
        {
            "title": "New title",
            "link": "https://press.example.org/r-corrected",
            "guid": ("urn:releasebus:release:r-corrected", "false"),
            "pubDate": "Wed, 24 Jan 2018 14:00:00 GMT",
            "description": "<p>Correction: Corrected the title.</p>" + paragraphs,
            "categories": [*categories, ("corrected", "urn:releasebus:lineage")],
            "creator": byline,
        },
        {
            "title": "Withdrawn: Australia National Day",
            "link": None,
            "guid": ("urn:releasebus:release:r-withdrawn", "false"),
            "pubDate": "Wed, 24 Jan 2018 13:00:00 GMT",
            "description": "<p>Withdrawn on 2018-01-24: Issued in error.</p>",
            "categories": [*categories, ("withdrawn", "urn:releasebus:lineage")],
            "creator": byline,
        },
        {
            "title": "Plain <&> release",
            "link": None,
            "guid": ("urn:releasebus:release:r-plain", "false"),
            "pubDate": "Wed, 24 Jan 2018 15:00:00 GMT",
            "description": paragraphs,
            "categories": categories,
            "creator": byline,
        },
    ]


# --- JSON Feed 1.1 -------------------------------------------------------------------------


def test_json_feed_parses_back_with_extension_for_withdrawal(mixed: list[ReleaseState]) -> None:
    feed = render(mixed, "json", feed_url="https://x.example/en.json")
    assert feed.content_type == "application/feed+json; charset=utf-8"
    tags = ["Press Statement", "diplomacy", "Australia"]
    byline = [{"name": "Rex W. Tillerson, Secretary of State"}]
    assert json.loads(feed.body) == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Press releases (en)",
        "home_page_url": SITE_URL,
        "feed_url": "https://x.example/en.json",
        "language": "en",
        "authors": [{"name": "press.example.org"}],
        "items": [
            {
                "id": "urn:releasebus:release:r-corrected",
                "url": "https://press.example.org/r-corrected",
                "title": "New title",
                "content_text": "Correction: Corrected the title.\n\n" + BODY,
                "summary": "Correction: Corrected the title.",
                "date_published": "2018-01-24T14:00:00Z",
                "date_modified": "2018-01-24T15:30:00Z",
                "authors": byline,
                "tags": [*tags, "corrected"],
                "language": "en",
                "_releasebus": {
                    "release_id": "r-corrected",
                    "version": 2,
                    "notice": "correction",
                    "corrections": ["Corrected the title."],
                },
            },
            {
                "id": "urn:releasebus:release:r-withdrawn",
                "title": "Withdrawn: Australia National Day",
                "content_text": "Withdrawn on 2018-01-24: Issued in error.",
                "summary": "Withdrawn on 2018-01-24: Issued in error.",
                "date_published": "2018-01-24T13:00:00Z",
                "date_modified": "2018-01-24T15:20:00Z",
                "authors": byline,
                "tags": [*tags, "withdrawn"],
                "language": "en",
                "_releasebus": {
                    "release_id": "r-withdrawn",
                    "version": 1,
                    "notice": "withdrawal",
                    "withdrawn": True,
                    "withdrawn_at": "2018-01-24T15:20:00Z",
                    "withdrawn_reason": "Issued in error.",
                },
            },
            {
                "id": "urn:releasebus:release:r-plain",
                "title": "Plain <&> release",
                "content_text": BODY,
                "summary": "Short.",
                "date_published": "2018-01-24T15:00:00Z",
                "date_modified": "2018-01-24T15:00:00Z",
                "authors": byline,
                "tags": tags,
                "language": "en",
                "_releasebus": {"release_id": "r-plain", "version": 1, "notice": "release"},
            },
        ],
    }


# --- language, filters, order --------------------------------------------------------------


def test_a_feed_holds_its_language_and_approved_translations_into_it() -> None:
    states = [
        state_of(
            "r-en",
            published=minutes(0),
            translations=[("fr", "Fête nationale de l'Australie", minutes(45))],
            source_url="https://press.example.org/r-en",
        ),
        state_of("r-fr", title="Communiqué", language="fr", published=minutes(10)),
        state_of("r-draft", published=minutes(20), translations=[("fr", "Brouillon", None)]),
        state_of(
            "r-gone",
            published=minutes(-30),
            translations=[("fr", "Retiré", minutes(-20))],
            withdrawn=(minutes(50), "Issued in error."),
        ),
    ]
    french = render(states, "json", language="fr")
    items = json.loads(french.body)["items"]
    assert [
        (i["id"], i["title"], i["language"], i["date_modified"], i["_releasebus"]) for i in items
    ] == [
        (
            item_uri("r-gone", "fr", translation=True),
            "Withdrawn: Retiré",
            "fr",
            "2018-01-24T15:50:00Z",
            {
                "release_id": "r-gone",
                "version": 1,
                "notice": "withdrawal",
                "translation_of": "urn:releasebus:release:r-gone",
                "original_language": "en",
                "unofficial_translation": True,
                "withdrawn": True,
                "withdrawn_at": "2018-01-24T15:50:00Z",
                "withdrawn_reason": "Issued in error.",
            },
        ),
        (
            "urn:releasebus:release:r-en:fr",
            "Fête nationale de l'Australie",
            "fr",
            "2018-01-24T15:45:00Z",
            {
                "release_id": "r-en",
                "version": 1,
                "notice": "release",
                "translation_of": "urn:releasebus:release:r-en",
                "original_language": "en",
                "unofficial_translation": True,
            },
        ),
        ("urn:releasebus:release:r-fr", "Communiqué", "fr", "2018-01-24T15:10:00Z",
         {"release_id": "r-fr", "version": 1, "notice": "release"}),
    ]  # fmt: skip
    assert atom_ids(render(states, language="en")) == [
        "urn:releasebus:release:r-draft",
        "urn:releasebus:release:r-en",
    ]
    # In Atom: the withdrawn translation's tombstone, and the translation's entry linking
    # the original's page as related (not alternate), in the original's language.
    root = etree.fromstring(render(states, language="fr").body)
    assert [t.get("ref") for t in root.findall("at:deleted-entry", NS)] == [
        "urn:releasebus:release:r-gone:fr"
    ]
    (translated, _) = root.findall("a:entry", NS)
    assert [dict(link.attrib) for link in translated.findall("a:link", NS)] == [
        {"rel": "related", "href": "https://press.example.org/r-en", "hreflang": "en"}
    ]
    assert translated.find("a:category[@term='unofficial-translation']", NS) is not None
    assert atom_ids(render(states, language="de")) == []


def test_the_enrichment_language_wins_over_the_parser_language() -> None:
    events = release_events("r-x", language="fr")
    enriched = events[2]
    assert isinstance(enriched, ReleaseEnriched)
    events[2] = ReleaseEnriched(
        **{**{f: getattr(enriched, f) for f in enriched.__struct_fields__}, "language": "es"}
    )
    state = fold(events)
    assert atom_ids(render([state], language="es")) == ["urn:releasebus:release:r-x"]
    assert atom_ids(render([state], language="fr")) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (FeedFilter(), ["r-au", "r-de-readout", "r-fr-economy"]),
        (FeedFilter(kind="Readout"), ["r-de-readout"]),
        (FeedFilter(country="fr"), ["r-fr-economy"]),
        (FeedFilter(country="DE", kind="Readout"), ["r-de-readout"]),
        (FeedFilter(country="DE", kind="Press Statement"), []),
        (FeedFilter(topic="diplomacy"), ["r-au", "r-de-readout"]),
        (FeedFilter(topic="medtop:20000639"), ["r-au", "r-de-readout"]),
        (FeedFilter(topic="20000639"), ["r-au", "r-de-readout"]),
        (FeedFilter(topic="nothing-like-it"), []),
    ],
)
def test_filters(filters: FeedFilter, expected: list[str]) -> None:
    states = [
        state_of("r-au", published=minutes(3)),
        state_of("r-de-readout", kind="Readout", countries=("DE",), published=minutes(2)),
        state_of("r-fr-economy", countries=("FR",), topics=("economy",), published=minutes(1)),
    ]
    feed = render(states, filters=filters)
    assert atom_ids(feed) == [f"urn:releasebus:release:{rid}" for rid in expected]


def test_default_title_names_the_filters() -> None:
    feed = render([], "json", filters=FeedFilter(kind="Readout", country="au", topic="diplomacy"))
    assert json.loads(feed.body)["title"] == "Press releases: Readout, Australia, diplomacy (en)"
    assert json.loads(render([], "json", title="Embassy").body)["title"] == "Embassy"


def test_newest_first_bounded_and_a_correction_brings_a_release_back_up() -> None:
    states = [state_of(f"r-{i}", published=minutes(i)) for i in range(5)]
    assert json_ids(render(states, "json", limit=3)) == [
        "urn:releasebus:release:r-4",
        "urn:releasebus:release:r-3",
        "urn:releasebus:release:r-2",
    ]
    states[0] = state_of("r-0", published=minutes(0), corrections=[(minutes(9), "Date.", "T")])
    assert json_ids(render(states, "json", limit=2)) == [
        "urn:releasebus:release:r-0",
        "urn:releasebus:release:r-4",
    ]


# --- stability and HTTP validators ---------------------------------------------------------


def test_ids_and_bytes_are_stable_across_renders_and_clocks(mixed: list[ReleaseState]) -> None:
    for format in ("atom", "rss", "json"):
        first = render(mixed, format)
        again = render(list(reversed(mixed)), format, now=NOW + dt.timedelta(days=30))
        assert again == first, format
        assert re.fullmatch(r'"[0-9a-f]{32}"', first.etag), first.etag
        assert first.last_modified == minutes(30)


def test_etag_changes_iff_the_body_changes() -> None:
    before = render([state_of("r-1", published=minutes(0))])
    corrected = state_of(
        "r-1", published=minutes(0), corrections=[(minutes(5), "Fixed a name.", "Fixed")]
    )
    after = render([corrected])
    assert atom_ids(after) == atom_ids(before) == ["urn:releasebus:release:r-1"]
    assert (after.body != before.body, after.etag != before.etag) == (True, True)
    assert after.last_modified == minutes(5)
    assert render([corrected]).etag == after.etag
    # Different formats of the same entries are different bodies, so different validators.
    assert len({render([corrected], f).etag for f in ("atom", "rss", "json")}) == 3


def test_an_empty_feed_is_valid_and_last_modified_now() -> None:
    feed = render([rejected("r-rejected")])
    root = etree.fromstring(feed.body)
    assert root.findtext("a:updated", namespaces=NS) == "2018-01-26T15:00:00Z"
    assert root.findall("a:entry", NS) == []
    assert feed.last_modified == NOW
    assert feed.headers() == {
        "Content-Type": "application/atom+xml; charset=utf-8",
        "ETag": feed.etag,
        "Last-Modified": "Fri, 26 Jan 2018 15:00:00 GMT",
    }


FEED = Feed(
    body=b"{}",
    content_type="application/feed+json",
    etag='"abc"',
    last_modified=dt.datetime(2018, 1, 24, 15, 30, 0, 250_000, tzinfo=dt.UTC),
)


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "expected"),
    [
        (None, None, False),
        ('"abc"', None, True),
        ('W/"abc"', None, True),
        ('"xyz", W/"abc"', None, True),
        ('"xyz"', None, False),
        ("*", None, True),
        ('"xyz"', "Wed, 24 Jan 2018 16:00:00 GMT", False),  # If-None-Match wins
        ('"abc"', "Wed, 24 Jan 2018 14:00:00 GMT", True),  # If-None-Match wins
        ("", "Wed, 24 Jan 2018 15:30:00 GMT", True),
        (None, "Wed, 24 Jan 2018 15:30:00 GMT", True),  # whole seconds
        (None, "Wed, 24 Jan 2018 15:29:59 GMT", False),
        (None, "Thu, 25 Jan 2018 00:00:00 GMT", True),
        (None, "not a date", False),
    ],
)
def test_not_modified(
    if_none_match: str | None, if_modified_since: str | None, expected: bool
) -> None:
    assert (
        not_modified(FEED, if_none_match=if_none_match, if_modified_since=if_modified_since)
        is expected
    )
