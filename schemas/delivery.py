"""What a subscriber receives: an IPTC ninjs 2.x item plus the release's lineage.

The same item goes out over every channel: as the JSON body of a webhook
(:class:`WebhookPayload`, Standard Webhooks' ``type`` / ``timestamp`` / ``data`` shape), as the
text and HTML of an e-mail, and as an entry of a feed. Field names inside ``data`` are ninjs
2.x names (``uri``, ``version``, ``versioncreated``, ``pubstatus``, ``headlines``, ``bodies``,
``subjects`` …); what ninjs has no name for (which version this corrects, which original a
translation is of, the per-subscriber sequence number) is in ``lineage``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

__all__ = [
    "NOTICES",
    "Lineage",
    "NinjsBody",
    "NinjsHeadline",
    "NinjsItem",
    "NinjsName",
    "Notice",
    "WebhookPayload",
]

Notice = Literal["release", "correction", "withdrawal"]
NOTICES: tuple[Notice, ...] = ("release", "correction", "withdrawal")


class NinjsHeadline(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    value: str
    role: str = "main"
    contenttype: str = "text/plain"


class NinjsBody(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    value: str
    role: str = "main"
    contenttype: str = "text/plain"
    wordcount: int | None = None
    charcount: int | None = None


class NinjsName(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A subject, place, person or organisation: a name, and a code or URI where we have one."""

    name: str
    uri: str | None = None
    literal: str | None = None
    rel: str | None = None


class NinjsItem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    uri: str
    #: Always written (no defaults here, so they are never omitted): "text".
    type: str
    #: "releasebus-release".
    profile: str
    version: str
    language: str | None = None
    pubstatus: Literal["usable", "withheld", "canceled"]
    firstcreated: dt.datetime | None = None
    versioncreated: dt.datetime | None = None
    contentcreated: dt.date | None = None
    embargoed: dt.datetime | None = None
    headlines: tuple[NinjsHeadline, ...] = ()
    bodies: tuple[NinjsBody, ...] = ()
    descriptions: tuple[NinjsBody, ...] = ()
    genres: tuple[NinjsName, ...] = ()
    by: str | None = None
    located: str | None = None
    subjects: tuple[NinjsName, ...] = ()
    places: tuple[NinjsName, ...] = ()
    people: tuple[NinjsName, ...] = ()
    organisations: tuple[NinjsName, ...] = ()
    ednote: str | None = None


class Lineage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where this item sits in the release's history."""

    release_id: str
    version: int
    notice: Notice
    #: The version this one corrects (a correction), or None.
    correction_of: int | None = None
    correction_note: str | None = None
    #: The original's language and uri when this item is a translation.
    translation_of: str | None = None
    original_language: str | None = None
    unofficial_translation: bool = False
    machine_translation: bool = False
    #: Set on an early delivery to an embargo-trusted subscriber: publish nothing before it.
    withheld_until: dt.datetime | None = None
    withdrawn_reason: str | None = None
    source_url: str | None = None


class WebhookPayload(msgspec.Struct, frozen=True, kw_only=True):
    """The JSON body of one webhook delivery.

    ``delivery_id`` equals the ``webhook-id`` header and never changes across retries, resends
    and replays; ``sequence`` counts this subscriber's deliveries from 1, so a receiver can
    tell when it missed one.
    """

    type: str
    timestamp: dt.datetime
    delivery_id: str
    subscriber_id: str
    sequence: int
    data: NinjsItem
    lineage: Lineage
