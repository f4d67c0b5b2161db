"""Public feeds of the releases in one language: Atom 1.0, RSS 2.0 and JSON Feed 1.1.

:func:`render_feed` is pure: states in, bytes out. :func:`build_feed` reads the states from the
projection and renders them. Entry content comes from :func:`~.payload.build_item`, so a feed
says what a webhook says about the same version.

What a feed in language *L* holds:

- Releases that were made public: status ``published``, or ``withdrawn`` after publication.
  Embargoed, received and rejected releases never appear, nor does a release withdrawn before
  it was ever published (a tombstone would reveal it).
- A release whose language (the enrichment's, else the parser's) is *L*, as itself; otherwise
  its newest approved translation into *L*, as an unofficial translation whose entry id is the
  translation's own :func:`~.payload.item_uri`. One entry per release, never both.
- Newest first by ``updated`` (the latest correction, approval of the translation, or
  withdrawal; else the publication), bounded by ``limit``. Entry ids are item uris: the same
  release keeps the same id across renders, corrections and formats.
- A corrected release says so in its text: each correction note as a "Correction: …"
  paragraph at the top of the summary and of the content.

Withdrawn releases:

- Atom: an RFC 6721 tombstone (``at:deleted-entry`` with ``ref`` = the entry id, ``when`` =
  the withdrawal time, ``at:comment`` = the reason) in place of the entry.
- RSS 2.0 has no tombstones. The item stays, under the same ``guid`` and ``pubDate``, with
  its title prefixed "Withdrawn: ", its text replaced by the withdrawal notice and reason (the
  withdrawn body is never repeated), and a ``withdrawn`` category: a reader that refreshes
  items shows the notice, and one that only adds new guids still does not re-announce it.
- JSON Feed has no tombstones either: the item stays under the same ``id``, shaped like the
  RSS one, with ``date_modified`` = the withdrawal time and the extension object
  ``_releasebus`` saying ``"withdrawn": true`` with the time and reason, for machines.

Every JSON Feed item carries ``_releasebus`` (release id, version, correction notes,
translation lineage); Atom and RSS say the same with categories.

HTTP: ``Feed.etag`` is a strong validator (a hash of the body); ``Feed.last_modified`` is the
newest ``updated`` (``now`` for an empty feed). The body holds no time but the entries' own,
so an unchanged feed renders to the same bytes and keeps its ETag.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import heapq
import html
import re
from collections.abc import Iterable, Sequence
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import msgspec
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type information

from schemas.delivery import Lineage, NinjsItem, Notice
from schemas.state import ReleaseState, TranslationJob
from services.distribution.payload import build_item, country_name
from services.enrichment.topics import TOPICS
from services.projector import Projection

__all__ = [
    "CONTENT_TYPES",
    "Feed",
    "FeedFilter",
    "FeedFormat",
    "build_feed",
    "not_modified",
    "render_feed",
]

FeedFormat = Literal["atom", "rss", "json"]

CONTENT_TYPES: Final[dict[FeedFormat, str]] = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}

_ATOM: Final = "http://www.w3.org/2005/Atom"
_TOMBSTONES: Final = "http://purl.org/atompub/tombstones/1.0"
_DUBLIN_CORE: Final = "http://purl.org/dc/elements/1.1/"
_XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
_JSON_FEED: Final = "https://jsonfeed.org/version/1.1"
_IPTC: Final = "http://cv.iptc.org/newscodes/mediatopic/"
_KIND_SCHEME: Final = "urn:releasebus:kind"
_COUNTRY_SCHEME: Final = "urn:releasebus:country"
_LINEAGE_SCHEME: Final = "urn:releasebus:lineage"
_GENERATOR: Final = "releasebus"

_TOPIC_BY_IPTC: Final = {t.iptc: t for t in TOPICS}
_TOPIC_BY_ID: Final = {t.id: t for t in TOPICS}

#: States read from the projection at once by :func:`build_feed` (concurrent reads).
_READ_CHUNK: Final = 32

_ENTITY_TAG: Final = re.compile(r'(?:W/)?"([^"]*)"')
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class FeedFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which releases a feed holds, beyond its language; every filter set must match.

    ``kind`` as the parser names it ("Press Statement"); ``country`` an ISO 3166 alpha-2 code;
    ``topic`` a topic id ("diplomacy") or its IPTC media topic code ("medtop:20000639", or
    just "20000639").
    """

    kind: str | None = None
    country: str | None = None
    topic: str | None = None


class Feed(msgspec.Struct, frozen=True, kw_only=True):
    """A rendered feed and its HTTP validators."""

    body: bytes
    content_type: str
    #: A strong validator, quoted: ``"<hash of body>"``.
    etag: str
    last_modified: dt.datetime

    def headers(self) -> dict[str, str]:
        """The response headers of a 200 (and, but for Content-Type, of a 304)."""
        return {
            "Content-Type": self.content_type,
            "ETag": self.etag,
            "Last-Modified": format_datetime(_utc(self.last_modified), usegmt=True),
        }


class _Entry(msgspec.Struct, frozen=True, kw_only=True):
    """One release's place in a feed: its item, and the times feeds are ordered by."""

    item: NinjsItem
    lineage: Lineage
    revision: int
    published: dt.datetime
    updated: dt.datetime
    withdrawn: bool
    corrections: tuple[str, ...]
    link: str | None

    @property
    def uri(self) -> str:
        return self.item.uri

    @property
    def title(self) -> str:
        return self.item.headlines[0].value if self.item.headlines else ""

    def sort_key(self) -> tuple[float, str]:
        return (-self.updated.timestamp(), self.item.uri)


# --- choosing entries --------------------------------------------------------------------


def _utc(when: dt.datetime) -> dt.datetime:
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def _language_of(state: ReleaseState) -> str | None:
    """The release's language as the projector indexes it: the enrichment's, else the parser's."""
    if state.enrichment is not None and state.enrichment.language:
        return state.enrichment.language
    return state.content.language if state.content is not None else None


def _topic_matches(wanted: str, topics: Sequence[str]) -> bool:
    topic = (
        _TOPIC_BY_ID.get(wanted)
        or _TOPIC_BY_IPTC.get(wanted)
        or _TOPIC_BY_IPTC.get(f"medtop:{wanted}")
    )
    return wanted in topics or (topic is not None and topic.id in topics)


def _matches(state: ReleaseState, filters: FeedFilter) -> bool:
    if filters.kind and (state.content is None or state.content.kind != filters.kind):
        return False
    enrichment = state.enrichment
    if filters.country and (
        enrichment is None or filters.country.upper() not in enrichment.countries
    ):
        return False
    return not filters.topic or (
        enrichment is not None and _topic_matches(filters.topic, enrichment.topics)
    )


def _translation(state: ReleaseState, language: str, *, withdrawn: bool) -> TranslationJob | None:
    """The newest approved translation into ``language``.

    For a withdrawn release, the newest translation ever approved: its readers need the
    tombstone even if the job was cancelled on withdrawal.
    """
    jobs = [
        job
        for job in state.translations.values()
        if job.language == language
        and job.content is not None
        and job.approved_at is not None
        and (withdrawn or job.status == "approved")
    ]
    return max(
        jobs, key=lambda job: (_utc(job.approved_at or _EPOCH), job.source_revision), default=None
    )


def _entry(state: ReleaseState, language: str, filters: FeedFilter) -> _Entry | None:
    """The entry ``state`` contributes to the feed in ``language``, if any."""
    if (
        state.status not in ("published", "withdrawn")
        or state.published_at is None
        or state.content is None
        or not _matches(state, filters)
    ):
        return None
    withdrawn = state.status == "withdrawn"
    translation = None
    if _language_of(state) != language:
        translation = _translation(state, language, withdrawn=withdrawn)
        if translation is None:
            return None
    notice: Notice = (
        "withdrawal" if withdrawn else ("correction" if state.corrections else "release")
    )
    item, lineage = build_item(state, notice=notice, translation=translation)
    if translation is not None:
        # build_item takes the original's language from the translated content; the
        # release's own is the one the original was indexed under.
        lineage = msgspec.structs.replace(lineage, original_language=_language_of(state))
    published = _utc(state.published_at)
    times = [published, *(_utc(c.at) for c in state.corrections if c.at is not None)]
    if translation is not None and translation.approved_at is not None:
        times.append(_utc(translation.approved_at))
    if withdrawn:
        times.append(_utc(state.withdrawn_at or state.updated_at or published))
    return _Entry(
        item=msgspec.structs.replace(item, language=language),
        lineage=lineage,
        revision=state.revision,
        published=published,
        updated=max(times),
        withdrawn=withdrawn,
        corrections=tuple(c.note for c in state.corrections),
        link=state.source_url,
    )


def _select(
    states: Iterable[ReleaseState], language: str, filters: FeedFilter, limit: int
) -> list[_Entry]:
    """The newest ``limit`` entries, newest first (ties by id, so the order is stable)."""
    newest: dict[str, _Entry] = {}
    for state in states:
        entry = _entry(state, language, filters)
        if entry is not None and (
            entry.uri not in newest or newest[entry.uri].revision < entry.revision
        ):
            newest[entry.uri] = entry
    return heapq.nsmallest(limit, newest.values(), key=_Entry.sort_key)


# --- rendering ---------------------------------------------------------------------------


def render_feed(
    states: Iterable[ReleaseState],
    *,
    format: FeedFormat,
    language: str,
    feed_url: str,
    site_url: str,
    title: str | None = None,
    filters: FeedFilter = FeedFilter(),  # noqa: B008 - frozen, so a shared default is safe
    limit: int = 50,
    now: dt.datetime,
) -> Feed:
    """The feed of ``states`` in ``language``, in ``format``; pure."""
    entries = _select(states, language, filters, limit)
    meta = _Meta(
        title=title or _default_title(language, filters),
        language=language,
        feed_url=feed_url,
        site_url=site_url,
        updated=entries[0].updated if entries else _utc(now),  # entries are newest first
    )
    if format == "atom":
        body = _atom(meta, entries)
    elif format == "rss":
        body = _rss(meta, entries)
    elif format == "json":
        body = _json_feed(meta, entries)
    else:
        raise ValueError(f"unknown feed format {format!r}")
    return Feed(
        body=body,
        content_type=CONTENT_TYPES[format],
        etag='"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
        last_modified=meta.updated,
    )


class _Meta(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    language: str
    feed_url: str
    site_url: str
    updated: dt.datetime

    @property
    def publisher(self) -> str:
        """The feed-level author: the site's host name."""
        return urlsplit(self.site_url).hostname or self.site_url


def _default_title(language: str, filters: FeedFilter) -> str:
    about = [
        part
        for part in (
            filters.kind,
            country_name(filters.country.upper()) if filters.country else None,
            filters.topic,
        )
        if part
    ]
    return "Press releases" + (f": {', '.join(about)}" if about else "") + f" ({language})"


def _rfc3339(when: dt.datetime) -> str:
    return _utc(when).isoformat().replace("+00:00", "Z")


def _rfc822(when: dt.datetime) -> str:
    return format_datetime(_utc(when), usegmt=True)


def _paragraphs(entry: _Entry) -> tuple[list[str], list[str]]:
    """The summary's and the content's paragraphs, correction notes first."""
    notes = [f"Correction: {note}" for note in entry.corrections]
    if entry.withdrawn:
        notice = [
            f"Withdrawn on {entry.updated:%Y-%m-%d}: {entry.item.ednote or 'no reason given'}"
        ]
        return notice, notice
    summary = [d.value for d in entry.item.descriptions]
    body = [p for b in entry.item.bodies for p in b.value.split("\n\n") if p]
    return [*notes, *summary], [*notes, *body]


def _categories(entry: _Entry) -> list[tuple[str, str | None, str]]:
    """(term, scheme, label) of the kind, topics, countries and lineage of an entry."""
    found: list[tuple[str, str | None, str]] = [
        (genre.name, _KIND_SCHEME, genre.name) for genre in entry.item.genres
    ]
    for subject in entry.item.subjects:
        if subject.uri and subject.uri.startswith(_IPTC):
            found.append((subject.uri.removeprefix(_IPTC), _IPTC, subject.name))
        else:
            found.append((subject.name, None, subject.name))
    found.extend(
        (place.literal or place.name, _COUNTRY_SCHEME, place.name) for place in entry.item.places
    )
    if entry.lineage.unofficial_translation:
        found.append(("unofficial-translation", _LINEAGE_SCHEME, "unofficial translation"))
    if entry.corrections:
        found.append(("corrected", _LINEAGE_SCHEME, "corrected"))
    if entry.withdrawn:
        found.append(("withdrawn", _LINEAGE_SCHEME, "withdrawn"))
    return found


def _sub(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _xml(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _atom(meta: _Meta, entries: Sequence[_Entry]) -> bytes:
    def a(name: str) -> str:
        return f"{{{_ATOM}}}{name}"

    feed = etree.Element(a("feed"), nsmap={None: _ATOM, "at": _TOMBSTONES})
    feed.set(_XML_LANG, meta.language)
    _sub(feed, a("id"), meta.feed_url)
    _sub(feed, a("title"), meta.title)
    _sub(feed, a("updated"), _rfc3339(meta.updated))
    _sub(_sub(feed, a("author")), a("name"), meta.publisher)
    _sub(feed, a("link"), rel="self", type="application/atom+xml", href=meta.feed_url)
    _sub(feed, a("link"), rel="alternate", type="text/html", href=meta.site_url)
    _sub(feed, a("generator"), _GENERATOR)
    for entry in entries:
        if entry.withdrawn:
            deleted = _sub(
                feed,
                f"{{{_TOMBSTONES}}}deleted-entry",
                ref=entry.uri,
                when=_rfc3339(entry.updated),
            )
            _sub(deleted, f"{{{_TOMBSTONES}}}comment", entry.item.ednote or "Withdrawn.")
            continue
        summary, content = _paragraphs(entry)
        element = _sub(feed, a("entry"))
        _sub(element, a("id"), entry.uri)
        _sub(element, a("title"), entry.title)
        _sub(element, a("updated"), _rfc3339(entry.updated))
        _sub(element, a("published"), _rfc3339(entry.published))
        if entry.item.by:
            _sub(_sub(element, a("author")), a("name"), entry.item.by)
        if entry.link:
            if entry.lineage.unofficial_translation:  # the page is the original's, not this
                original = entry.lineage.original_language
                language = {"hreflang": original} if original else {}
                _sub(element, a("link"), rel="related", href=entry.link, **language)
            else:
                _sub(element, a("link"), rel="alternate", type="text/html", href=entry.link)
        for term, scheme, label in _categories(entry):
            attributes = {"term": term, "label": label} | ({"scheme": scheme} if scheme else {})
            _sub(element, a("category"), **attributes)
        if summary:
            _sub(element, a("summary"), "\n\n".join(summary), type="text")
        _sub(element, a("content"), "\n\n".join(content), type="text")
    return _xml(feed)


def _html(paragraphs: Sequence[str]) -> str:
    """Plain paragraphs as the escaped HTML an RSS ``description`` is read as."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _rss(meta: _Meta, entries: Sequence[_Entry]) -> bytes:
    rss = etree.Element("rss", nsmap={"atom": _ATOM, "dc": _DUBLIN_CORE})
    rss.set("version", "2.0")
    channel = _sub(rss, "channel")
    _sub(channel, "title", meta.title)
    _sub(channel, "link", meta.site_url)
    _sub(channel, "description", meta.title)
    _sub(channel, "language", meta.language)
    _sub(channel, "lastBuildDate", _rfc822(meta.updated))
    _sub(channel, "generator", _GENERATOR)
    _sub(
        channel,
        f"{{{_ATOM}}}link",
        rel="self",
        type="application/rss+xml",
        href=meta.feed_url,
    )
    for entry in entries:
        _, content = _paragraphs(entry)  # RSS has one text per item: the description
        item = _sub(channel, "item")
        _sub(item, "title", f"Withdrawn: {entry.title}" if entry.withdrawn else entry.title)
        if entry.link:
            _sub(item, "link", entry.link)
        _sub(item, "description", _html(content))
        _sub(item, "guid", entry.uri, isPermaLink="false")
        _sub(item, "pubDate", _rfc822(entry.published))
        for _, scheme, label in _categories(entry):
            _sub(item, "category", label, **({"domain": scheme} if scheme else {}))
        if entry.item.by:
            _sub(item, f"{{{_DUBLIN_CORE}}}creator", entry.item.by)
    return _xml(rss)


class _JsonAuthor(msgspec.Struct, frozen=True, kw_only=True):
    name: str


class _Extension(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The ``_releasebus`` object of a JSON Feed item: what the standard fields cannot say."""

    release_id: str
    version: int
    notice: Notice
    corrections: tuple[str, ...] = ()
    translation_of: str | None = None
    original_language: str | None = None
    unofficial_translation: bool = False
    machine_translation: bool = False
    withdrawn: bool = False
    withdrawn_at: dt.datetime | None = None
    withdrawn_reason: str | None = None


class _JsonItem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    url: str | None = None
    external_url: str | None = None
    title: str
    content_text: str
    summary: str | None = None
    date_published: dt.datetime
    date_modified: dt.datetime
    authors: tuple[_JsonAuthor, ...] = ()
    tags: tuple[str, ...] = ()
    language: str
    releasebus: _Extension = msgspec.field(name="_releasebus")


class _JsonFeed(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    version: str
    title: str
    home_page_url: str
    feed_url: str
    language: str
    authors: tuple[_JsonAuthor, ...]
    items: tuple[_JsonItem, ...]


def _json_item(entry: _Entry) -> _JsonItem:
    summary, content = _paragraphs(entry)
    translated = entry.lineage.unofficial_translation
    return _JsonItem(
        id=entry.uri,
        url=None if translated else entry.link,
        external_url=entry.link if translated else None,
        title=f"Withdrawn: {entry.title}" if entry.withdrawn else entry.title,
        content_text="\n\n".join(content),
        summary="\n\n".join(summary) or None,
        date_published=entry.published,
        date_modified=entry.updated,
        authors=(_JsonAuthor(name=entry.item.by),) if entry.item.by else (),
        tags=tuple(dict.fromkeys(label for _, _, label in _categories(entry))),
        language=entry.item.language or "",
        releasebus=_Extension(
            release_id=entry.lineage.release_id,
            version=entry.lineage.version,
            notice=entry.lineage.notice,
            corrections=entry.corrections,
            translation_of=entry.lineage.translation_of,
            original_language=entry.lineage.original_language,
            unofficial_translation=translated,
            machine_translation=entry.lineage.machine_translation,
            withdrawn=entry.withdrawn,
            withdrawn_at=entry.updated if entry.withdrawn else None,
            withdrawn_reason=entry.item.ednote if entry.withdrawn else None,
        ),
    )


def _json_feed(meta: _Meta, entries: Sequence[_Entry]) -> bytes:
    feed = _JsonFeed(
        version=_JSON_FEED,
        title=meta.title,
        home_page_url=meta.site_url,
        feed_url=meta.feed_url,
        language=meta.language,
        authors=(_JsonAuthor(name=meta.publisher),),
        items=tuple(_json_item(entry) for entry in entries),
    )
    return msgspec.json.encode(feed)


# --- reading the projection --------------------------------------------------------------


async def build_feed(
    projection: Projection,
    *,
    format: FeedFormat,
    language: str,
    filters: FeedFilter = FeedFilter(),  # noqa: B008 - frozen, so a shared default is safe
    feed_url: str,
    site_url: str,
    title: str | None = None,
    limit: int = 50,
    now: dt.datetime,
) -> Feed:
    """The feed from the projection's current states.

    Candidates come from the status index (published ∪ withdrawn), narrowed by the kind and
    country indexes. The language index is *not* used: translations into the language are
    not in it, so every candidate's state is read (a few at a time) and the language, topic
    and ordering rules applied in Python, keeping only the newest ``limit`` entries in memory.
    Ordering by ``updated`` (a correction brings an old release back to the top) needs every
    candidate's times, which no index holds.
    """
    kind = filters.kind
    country = filters.country.upper() if filters.country else None
    candidates = sorted(
        set(await projection.find(status="published", kind=kind, country=country))
        | set(await projection.find(status="withdrawn", kind=kind, country=country))
    )
    kept: dict[str, ReleaseState] = {}
    newest: list[_Entry] = []
    for start in range(0, len(candidates), _READ_CHUNK):
        chunk = candidates[start : start + _READ_CHUNK]
        states = await asyncio.gather(*(projection.get(rid) for rid in chunk))
        for state in states:
            if state is None:  # gone since the index was read (a rebuild swapped generations)
                continue
            entry = _entry(state, language, filters)
            if entry is not None:
                newest.append(entry)
                kept[entry.uri] = state
        newest = heapq.nsmallest(limit, newest, key=_Entry.sort_key)
        kept = {entry.uri: kept[entry.uri] for entry in newest}
    return render_feed(
        kept.values(),
        format=format,
        language=language,
        feed_url=feed_url,
        site_url=site_url,
        title=title,
        filters=filters,
        limit=limit,
        now=now,
    )


# --- conditional GET ---------------------------------------------------------------------


def not_modified(feed: Feed, *, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """Whether a GET with these request headers gets a 304 (RFC 9110 section 13.1).

    If-None-Match, when sent, decides alone: ``*``, or any listed tag equal to the feed's by
    weak comparison (``W/"x"`` matches ``"x"``). Otherwise If-Modified-Since: not modified
    when the feed changed no later than that date (HTTP dates have whole seconds).
    """
    if if_none_match is not None and if_none_match.strip():
        if if_none_match.strip() == "*":
            return True
        ours = _ENTITY_TAG.fullmatch(feed.etag)
        opaque = ours.group(1) if ours else feed.etag
        return any(tag.group(1) == opaque for tag in _ENTITY_TAG.finditer(if_none_match))
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 section 13.1.3)
    return _utc(feed.last_modified).replace(microsecond=0) <= _utc(since)
