"""What upstream systems put on the inbound stream, and the structured release they may send.

An inbound entry is a flat map of string fields (what ``XADD`` takes), so any language's Redis
client can submit::

    XADD rb:{in}:inbound * format text source cms-1 body "# Press Releases: ..."
    XADD rb:{in}:inbound * format json source wire body '{"title": "...", "body": ["..."]}'

``releasebus schema export`` writes ``schemas/inbound.schema.json`` from these structs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

__all__ = ["MAX_SUBMISSION_BYTES", "InboundEntry", "InboundRelease"]

#: A submission larger than this is rejected (and kept, truncated to this size, for the record).
MAX_SUBMISSION_BYTES = 2 * 1024 * 1024


class InboundEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """One inbound stream entry (every value a string, as in any stream entry)."""

    format: Annotated[
        Literal["text", "json"],
        msgspec.Meta(
            description="`text`: a raw page dump (one or more releases); `json`: one release"
        ),
    ] = "text"
    body: Annotated[
        str,
        msgspec.Meta(
            description="The raw text, or an InboundRelease as JSON",
            max_length=MAX_SUBMISSION_BYTES,
        ),
    ]
    source: Annotated[
        str, msgspec.Meta(description="Who sends it: a system name (`cms-1`)", max_length=200)
    ]
    submitted_by: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    source_id: (
        Annotated[
            str,
            msgspec.Meta(
                description="Upstream's own id for the release: makes it the release id",
                max_length=200,
            ),
        ]
        | None
    ) = None
    source_url: Annotated[str, msgspec.Meta(max_length=2000)] | None = None
    release_id: (
        Annotated[
            str,
            msgspec.Meta(
                description="Submit to this existing release (e.g. a fixed rejected submission)",
                max_length=200,
            ),
        ]
        | None
    ) = None
    embargo_until: (
        Annotated[str, msgspec.Meta(description="ISO 8601 time before which nothing is published")]
        | None
    ) = None


class InboundByline(msgspec.Struct, frozen=True, kw_only=True):
    name: str | None = None
    title: str | None = None


class InboundFootnote(msgspec.Struct, frozen=True, kw_only=True):
    marker: str
    text: str


class InboundRelease(msgspec.Struct, frozen=True, kw_only=True):
    """A structured release (``format: json``): the fields a publisher already has."""

    title: Annotated[str, msgspec.Meta(max_length=1000)]
    body: Annotated[
        list[str] | str,
        msgspec.Meta(description="Paragraphs, or one text with blank lines between paragraphs"),
    ]
    kind: str | None = None
    byline: InboundByline | str | None = None
    attributed_to: str | None = None
    place: str | None = None
    venue: str | None = None
    date: dt.date | None = None
    language: Annotated[str, msgspec.Meta(pattern="^[a-z]{2}$")] | None = None
    footnotes: list[InboundFootnote] = msgspec.field(default_factory=list)
    source_id: str | None = None
    source_url: str | None = None
    embargo_until: dt.datetime | None = None
