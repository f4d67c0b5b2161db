"""The content of a press release: what a parser produces and what events carry.

These structs are shared by ingestion (which builds them), the events (which carry them)
and the fold (which keeps the current one). Fields only ever get added, with defaults.
"""

from __future__ import annotations

import datetime as dt

import msgspec

__all__ = ["KINDS", "Byline", "Footnote", "ParseRecord", "ParseWarning", "ReleaseContent"]

#: The release kinds the parser recognises; anything else is recorded as "Other".
KINDS: tuple[str, ...] = (
    "Readout",
    "Press Statement",
    "Remarks",
    "Fact Sheet",
    "Media Note",
    "Notice to the Press",
    "Special Briefing",
    "Joint Statement",
    "Other",
)


class Byline(msgspec.Struct, frozen=True, kw_only=True):
    """Who a release is issued by: an office (name only), or a person and their title."""

    name: str | None = None
    title: str | None = None


class Footnote(msgspec.Struct, frozen=True, kw_only=True):
    """A footnote: its marker as written (``"1"``) and its text."""

    marker: str
    text: str


class ReleaseContent(msgspec.Struct, frozen=True, kw_only=True):
    """One release as published: header fields and body paragraphs.

    ``body`` keeps paragraphs in order with speaker labels as written; footnote markers stay
    in the text as ``[1]`` and are linked to ``footnotes`` by marker.
    """

    title: str
    kind: str = "Other"
    byline: Byline = msgspec.field(default_factory=Byline)
    attributed_to: str | None = None
    place: str | None = None
    venue: str | None = None
    date: dt.date | None = None
    language: str | None = None
    body: tuple[str, ...] = ()
    footnotes: tuple[Footnote, ...] = ()


class ParseRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One line of ``releasebus parse --json``: a stable contract for scripts.

    Enrichment fields (``countries``, ``people``, ``organizations``) stay empty lists until
    the enrichment stage fills them.
    """

    source: str
    title: str
    kind: str
    byline: Byline
    attributed_to: str | None
    place: str | None
    venue: str | None
    date: dt.date | None
    language: str | None
    body: tuple[str, ...]
    footnotes: tuple[Footnote, ...]
    warnings: tuple[ParseWarning, ...]
    countries: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    summary: str | None = None
    places_implied: tuple[str, ...] = ()


class ParseWarning(msgspec.Struct, frozen=True, kw_only=True):
    message: str
    line: int | None = None
    field: str | None = None
