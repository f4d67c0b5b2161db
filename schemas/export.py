"""The JSON Schema of every event, exported so non-Python consumers can read the log.

``releasebus schema export`` writes it to ``schemas/events.schema.json`` (checked in); a test
fails when a schema changes without the file being regenerated, so every change to the wire
format is a reviewed diff. The inbound entry (``inbound.schema.json``) and the subscriber
registry's events (``subscribers.schema.json``) are exported and checked the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from schemas.events import EVENT_TYPES, AnyEvent
from schemas.inbound import InboundEntry, InboundRelease
from schemas.subscribers import ANY_SUBSCRIBER_EVENT, AnySubscriberEvent

__all__ = [
    "INBOUND_SCHEMA_PATH",
    "SCHEMA_PATH",
    "SUBSCRIBERS_SCHEMA_PATH",
    "event_json_schema",
    "inbound_json_schema",
    "render",
    "render_inbound",
    "render_subscribers",
    "subscriber_json_schema",
]

SCHEMA_PATH = Path(__file__).with_name("events.schema.json")
INBOUND_SCHEMA_PATH = Path(__file__).with_name("inbound.schema.json")
SUBSCRIBERS_SCHEMA_PATH = Path(__file__).with_name("subscribers.schema.json")


def event_json_schema() -> dict[str, Any]:
    """One document: ``oneOf`` the event types (tagged by ``type``), definitions in ``$defs``."""
    (union,), components = msgspec.json.schema_components([AnyEvent], ref_template="#/$defs/{name}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://releasebus.example/schemas/events.schema.json",
        "title": "releasebus events",
        "description": (
            "Every event on a release stream and on the global log. The `type` field names "
            "the event; fields are only ever added, with defaults."
        ),
        **union,
        "x-event-types": sorted(EVENT_TYPES),
        "$defs": dict(sorted(components.items())),
    }


def render() -> str:
    return msgspec.json.format(msgspec.json.encode(event_json_schema()), indent=2).decode() + "\n"


def inbound_json_schema() -> dict[str, Any]:
    """The inbound stream entry, and the structured release a ``json`` entry's body holds."""
    (entry, _release), components = msgspec.json.schema_components(
        [InboundEntry, InboundRelease], ref_template="#/$defs/{name}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://releasebus.example/schemas/inbound.schema.json",
        "title": "releasebus inbound stream entry",
        "description": (
            "The fields of one XADD to the inbound stream (`<namespace>:{in}:inbound`), all "
            "strings. With `format` = `json`, `body` holds an InboundRelease encoded as JSON."
        ),
        **entry,
        "$defs": dict(sorted(components.items())),
    }


def render_inbound() -> str:
    return msgspec.json.format(msgspec.json.encode(inbound_json_schema()), indent=2).decode() + "\n"


def subscriber_json_schema() -> dict[str, Any]:
    """The subscriber registry's stream: ``oneOf`` the subscriber events, tagged by ``type``."""
    (union,), components = msgspec.json.schema_components(
        [AnySubscriberEvent], ref_template="#/$defs/{name}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://releasebus.example/schemas/subscribers.schema.json",
        "title": "releasebus subscriber events",
        "description": (
            "The `event` field of every entry of the subscriber stream "
            "(`<namespace>:{sub}:subscribers`). The `type` field names the event; fields are "
            "only ever added, with defaults. Webhook secrets never appear: `secret_id` is a "
            "fingerprint of the one in use."
        ),
        **union,
        "x-event-types": sorted(t.__name__ for t in ANY_SUBSCRIBER_EVENT),
        "$defs": dict(sorted(components.items())),
    }


def render_subscribers() -> str:
    schema = msgspec.json.encode(subscriber_json_schema())
    return msgspec.json.format(schema, indent=2).decode() + "\n"
