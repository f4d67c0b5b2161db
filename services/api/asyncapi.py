"""The streams and their events as an AsyncAPI 3.0 document, built from the msgspec schemas.

FastStream can generate AsyncAPI from its subscribers, but not when handlers take msgspec
Structs (faststream issue #2101), and the bus hands raw entries to its own decoder anyway. So
the document is assembled here from the JSON Schemas that ``releasebus schema export`` checks
in (:mod:`schemas.export`): the events, the inbound entry, the subscriber events.

Channels are the Redis streams. Their keys hold literal braces (cluster hash tags such as
``{p0}``), which AsyncAPI reads as address parameters; so each tag *is* a parameter whose only
values are the literal tags, e.g. ``rb:{partition}:log`` with ``partition`` ∈ ``{p0}`` … A
stream entry is a flat field map: the event's JSON is the ``data`` field (the message
payload); the other fields (``type``, ``v``, ``event_id`` and, on the log, ``release_id`` and
``revision``) are the message headers.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from typing import Any, Final

from schemas.events import EVENT_TYPES
from schemas.export import event_json_schema, inbound_json_schema, subscriber_json_schema
from schemas.subscribers import ANY_SUBSCRIBER_EVENT

__all__ = ["asyncapi_document"]

_REF_FROM: Final = "#/$defs/"
_REF_TO: Final = "#/components/schemas/"


def _rewrite_refs(value: Any) -> Any:
    """JSON Schema ``$defs`` references → AsyncAPI ``components/schemas`` references."""
    if isinstance(value, dict):
        return {
            k: (
                v.replace(_REF_FROM, _REF_TO)
                if k == "$ref" and isinstance(v, str)
                else _rewrite_refs(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite_refs(v) for v in value]
    return value


def _schemas() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for document in (event_json_schema(), inbound_json_schema(), subscriber_json_schema()):
        for name, schema in document["$defs"].items():
            if name in found and found[name] != schema:
                raise ValueError(f"two different schemas are named {name}")
            found[name] = _rewrite_refs(schema)
    found["EventEntryFields"] = {
        "type": "object",
        "description": (
            "The fields of a release stream or log entry besides `data` (the event's JSON). "
            "`release_id` and `revision` are on log entries only; a release stream's entry id "
            "is `<revision>-0`."
        ),
        "properties": {
            "type": {"type": "string", "description": "The event type (the payload's `type`)"},
            "v": {"type": "string", "description": "The event's schema version"},
            "event_id": {"type": "string"},
            "release_id": {"type": "string"},
            "revision": {"type": "string", "description": "The revision, as a decimal string"},
        },
        "required": ["type", "v", "event_id"],
    }
    found["SubscriberEntryFields"] = {
        "type": "object",
        "description": "The fields of a subscriber stream entry besides `event` (the payload).",
        "properties": {"subscriber_id": {"type": "string"}, "type": {"type": "string"}},
        "required": ["subscriber_id", "type"],
    }
    found["DeadLetterEntry"] = {
        "type": "object",
        "description": "An entry a consumer group gave up on after too many deliveries.",
        "properties": {
            "stream": {"type": "string", "description": "The stream the entry came from"},
            "group": {"type": "string"},
            "entry_id": {"type": "string", "description": "Its id in that stream"},
            "deliveries": {"type": "string", "description": "How often it was handed out"},
            "error": {"type": "string", "description": "The last error"},
            "dead_at": {"type": "string", "description": "ISO 8601 time"},
            "fields": {"type": "string", "description": "The original entry's fields, as JSON"},
        },
        "required": ["stream", "group", "entry_id", "deliveries", "error", "dead_at", "fields"],
    }
    return dict(sorted(found.items()))


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or cls.__name__
    return " ".join(doc.split("\n\n", 1)[0].split())


def _messages() -> dict[str, Any]:
    messages: dict[str, Any] = {}
    for name, event_type in sorted(EVENT_TYPES.items()):
        messages[name] = {
            "name": name,
            "title": name,
            "summary": _summary(event_type),
            "contentType": "application/json",
            "headers": {"$ref": _REF_TO + "EventEntryFields"},
            "payload": {"$ref": _REF_TO + name},
        }
    for cls in ANY_SUBSCRIBER_EVENT:
        messages[cls.__name__] = {
            "name": cls.__name__,
            "title": cls.__name__,
            "summary": _summary(cls),
            "contentType": "application/json",
            "headers": {"$ref": _REF_TO + "SubscriberEntryFields"},
            "payload": {"$ref": _REF_TO + cls.__name__},
        }
    messages["InboundEntry"] = {
        "name": "InboundEntry",
        "title": "Inbound submission",
        "summary": (
            "One submission as XADD fields; with format=json, `body` holds an InboundRelease."
        ),
        "payload": {"$ref": _REF_TO + "InboundEntry"},
    }
    messages["DeadLetter"] = {
        "name": "DeadLetter",
        "title": "Dead letter",
        "summary": "An entry moved aside after too many failed deliveries, with the last error.",
        "payload": {"$ref": _REF_TO + "DeadLetterEntry"},
    }
    return messages


def _refs(channel: str, names: Iterable[str]) -> dict[str, Any]:
    return {n: {"$ref": f"#/channels/{channel}/messages/{n}"} for n in names}


def asyncapi_document(
    *,
    namespace: str,
    partitions: int,
    groups: Sequence[tuple[str, Sequence[str]]],
    version: str = "0.1.0",
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of a bus: ``groups`` is (group, ["inbound" | "log"]) pairs."""
    events = sorted(EVENT_TYPES)
    subscriber_events = [cls.__name__ for cls in ANY_SUBSCRIBER_EVENT]
    tags = [f"{{p{k}}}" for k in range(partitions)]
    partition = {
        "partition": {
            "description": "The partition's cluster hash tag, braces included: `{p0}` … "
            f"`{{p{partitions - 1}}}` (release partition = crc32(release_id) mod {partitions})",
            "enum": tags,
        }
    }
    channel_messages = {
        "inbound": ["InboundEntry"],
        "log": events,
        "release": events,
        "inboundDeadLetters": ["DeadLetter"],
        "logDeadLetters": ["DeadLetter"],
        "subscribers": subscriber_events,
    }

    def messages_of(channel: str) -> dict[str, Any]:
        return {n: {"$ref": f"#/components/messages/{n}"} for n in channel_messages[channel]}

    channels: dict[str, Any] = {
        "inbound": {
            "address": f"{namespace}:{{tag}}:inbound",
            "title": "Inbound submissions",
            "description": (
                "Upstream systems XADD submissions here (any Redis client can). The ingestion "
                "group parses them into release events; entries are trimmed once every group "
                "has finished with them."
            ),
            "parameters": {"tag": {"enum": ["{in}"], "description": "The hash tag `{in}`"}},
            "messages": messages_of("inbound"),
        },
        "log": {
            "address": f"{namespace}:{{partition}}:log",
            "title": "The global log (one per partition)",
            "description": (
                "Every event of every release of the partition, in append order; never "
                "trimmed. The consumer groups read it."
            ),
            "parameters": partition,
            "messages": messages_of("log"),
        },
        "release": {
            "address": f"{namespace}:{{partition}}:release:{{releaseId}}",
            "title": "A release's own stream",
            "description": (
                "The release's events in revision order; entry ids are `<revision>-0`, so "
                "XRANGE by revision is free. Written together with the log, in one script."
            ),
            "parameters": {
                **partition,
                "releaseId": {"description": "The release id, e.g. `2018-01-24-…-1a2b3c4d`"},
            },
            "messages": messages_of("release"),
        },
        "inboundDeadLetters": {
            "address": f"{namespace}:{{tag}}:inbound:dead:ingestion",
            "title": "Dead letters of the ingestion group",
            "parameters": {"tag": {"enum": ["{in}"], "description": "The hash tag `{in}`"}},
            "messages": messages_of("inboundDeadLetters"),
        },
        "logDeadLetters": {
            "address": f"{namespace}:{{partition}}:log:dead:{{group}}",
            "title": "Dead letters of a log consumer group",
            "parameters": {
                **partition,
                "group": {
                    "enum": sorted({g for g, streams in groups if "log" in streams}),
                    "description": "The consumer group",
                },
            },
            "messages": messages_of("logDeadLetters"),
        },
        "subscribers": {
            "address": f"{namespace}:{{tag}}:subscribers",
            "title": "The subscriber registry",
            "description": "Subscriber events in append order (no secrets, only fingerprints).",
            "parameters": {"tag": {"enum": ["{sub}"], "description": "The hash tag `{sub}`"}},
            "messages": messages_of("subscribers"),
        },
    }
    operations: dict[str, Any] = {
        "submit": {
            "action": "send",
            "channel": {"$ref": "#/channels/inbound"},
            "title": "Submit a release",
            "summary": "XADD <inbound> * format text source cms-1 body '…'",
            "messages": list(_refs("inbound", ["InboundEntry"]).values()),
        },
        "appendToLog": {
            "action": "send",
            "channel": {"$ref": "#/channels/log"},
            "title": "Append events",
            "summary": "Every service appends through the event store (one script per append).",
            "messages": list(_refs("log", events).values()),
        },
        "appendToRelease": {
            "action": "send",
            "channel": {"$ref": "#/channels/release"},
            "title": "Append events (the release's own stream)",
            "messages": list(_refs("release", events).values()),
        },
        "registerSubscribers": {
            "action": "send",
            "channel": {"$ref": "#/channels/subscribers"},
            "title": "Change subscribers",
            "messages": list(_refs("subscribers", subscriber_events).values()),
        },
    }
    for group, streams in groups:
        for stream in streams:
            names = channel_messages[stream]
            operations[f"{group}-{stream}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{stream}"},
                "title": f"Consumer group {group}",
                "summary": (
                    f"XREADGROUP as group `{group}`: every entry is handled, then acknowledged; "
                    "failures are retried and dead-lettered after too many deliveries."
                ),
                "messages": list(_refs(stream, names).values()),
            }
        dead = "inboundDeadLetters" if "inbound" in streams else "logDeadLetters"
        operations[f"{group}-dead-letters"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{dead}"},
            "title": f"Dead-letter entries of {group}",
            "messages": list(_refs(dead, ["DeadLetter"]).values()),
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "releasebus streams",
            "version": version,
            "description": (
                "The Redis streams of releasebus and the events on them. Events are msgspec "
                "JSON; fields are only ever added, with defaults; `type` names the event."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "redis": {
                "host": "localhost:6379",
                "protocol": "redis",
                "description": "Any Redis ≥ 7.0 or Valkey ≥ 8 (REDIS_URL), or the embedded one.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": _schemas(), "messages": _messages()},
    }
