"""Subscribers: who receives what, over which channels. Event-sourced, like releases.

A subscriber's current form is the fold of its own events (:func:`fold_subscriber`). The
declarative part an operator writes (``releasebus subscribers apply FILE``) is a
:class:`SubscriberSpec`; every event that sets it carries the whole spec, so the fold is one
assignment and an old event never needs a diff to be read.

Webhook secrets are never part of a spec or an event: the registry keeps them apart and an
event only records ``secret_id``, a short fingerprint that tells which secret is in use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import msgspec

__all__ = [
    "ANY_SUBSCRIBER_EVENT",
    "SUBSCRIBER_KINDS",
    "AnySubscriberEvent",
    "Subscriber",
    "SubscriberDisabled",
    "SubscriberEnabled",
    "SubscriberEvent",
    "SubscriberRegistered",
    "SubscriberSpec",
    "SubscriberUpdated",
    "fold_subscriber",
]

SUBSCRIBER_KINDS = ("embassy", "feed", "partner")

SubscriberKind = Literal["embassy", "feed", "partner"]
Digest = Literal["immediate", "daily"]


class SubscriberSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a subscriber asked for. Empty filter lists mean "everything".

    - ``languages``: ISO 639-1 codes it wants releases in. A release in one of them is sent
      as is; for the others it gets the approved translation once one exists.
    - ``countries`` (ISO 3166-1 alpha-2), ``kinds`` (release kinds) and ``topics`` (topic ids
      or IPTC codes) filter what it gets; a release matches when it has any listed value.
    - ``embargo_trusted``: receives embargoed releases early, marked withheld until the
      release time. Everyone else gets nothing before the embargo lifts.
    - ``allow_private``: the operator allows a webhook URL on a loopback, private or
      link-local address (refused otherwise).
    """

    name: str
    kind: SubscriberKind = "partner"
    webhook_url: str | None = None
    emails: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    embargo_trusted: bool = False
    digest: Digest = "immediate"
    #: Time of day (UTC, HH:MM) the daily e-mail digest goes out.
    digest_at: str = "07:00"
    allow_private: bool = False
    accept_machine_translation: bool = False


class SubscriberEvent(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=True):
    """The envelope of every subscriber event (``revision`` is per subscriber, from 1)."""

    event_id: str
    subscriber_id: str
    revision: int = 0
    occurred_at: dt.datetime
    recorded_at: dt.datetime | None = None
    actor: str | None = None
    schema_version: int = 1
    producer: str = "releasebus"


class SubscriberRegistered(SubscriberEvent, frozen=True, kw_only=True):
    spec: SubscriberSpec
    secret_id: str | None = None


class SubscriberUpdated(SubscriberEvent, frozen=True, kw_only=True):
    """The whole new spec, and the names of the fields that changed."""

    spec: SubscriberSpec
    changes: tuple[str, ...] = ()
    secret_id: str | None = None


class SubscriberDisabled(SubscriberEvent, frozen=True, kw_only=True):
    """No more deliveries until enabled again (an operator, or a webhook answering 410)."""

    reason: str


class SubscriberEnabled(SubscriberEvent, frozen=True, kw_only=True):
    reason: str | None = None


AnySubscriberEvent = (
    SubscriberRegistered | SubscriberUpdated | SubscriberDisabled | SubscriberEnabled
)

ANY_SUBSCRIBER_EVENT: tuple[type[SubscriberEvent], ...] = (
    SubscriberRegistered,
    SubscriberUpdated,
    SubscriberDisabled,
    SubscriberEnabled,
)


class Subscriber(msgspec.Struct, frozen=True, kw_only=True):
    """A subscriber as its events left it."""

    subscriber_id: str
    spec: SubscriberSpec
    active: bool = True
    disabled_reason: str | None = None
    secret_id: str | None = None
    revision: int = 0
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


def fold_subscriber(events: Iterable[AnySubscriberEvent]) -> Subscriber | None:
    """Fold one subscriber's events (in revision order); None before it is registered."""
    current: Subscriber | None = None
    for event in events:
        when = event.recorded_at or event.occurred_at
        match event:
            case SubscriberRegistered():
                current = Subscriber(
                    subscriber_id=event.subscriber_id,
                    spec=event.spec,
                    secret_id=event.secret_id,
                    revision=event.revision,
                    created_at=when,
                    updated_at=when,
                )
                continue
            case _ if current is None:
                continue  # a change before registration is ignored, never invented
            case SubscriberUpdated():
                current = msgspec.structs.replace(
                    current, spec=event.spec, secret_id=event.secret_id or current.secret_id
                )
            case SubscriberDisabled():
                current = msgspec.structs.replace(
                    current, active=False, disabled_reason=event.reason
                )
            case SubscriberEnabled():
                current = msgspec.structs.replace(current, active=True, disabled_reason=None)
        current = msgspec.structs.replace(current, revision=event.revision, updated_at=when)
    return current
