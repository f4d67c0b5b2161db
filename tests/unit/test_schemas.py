"""Events: envelope round trip, the checked-in JSON Schema, upcasting, deterministic ids."""

from __future__ import annotations

import msgspec
import pytest

from schemas.events import EVENT_TYPES, AnyEvent, ReleaseWithdrawn, derived_event_id
from schemas.export import (
    INBOUND_SCHEMA_PATH,
    SCHEMA_PATH,
    SUBSCRIBERS_SCHEMA_PATH,
    render,
    render_inbound,
    render_subscribers,
)
from schemas.subscribers import ANY_SUBSCRIBER_EVENT
from schemas.upcasting import EventCodec, UnknownEventError, Upcasters
from tests.samples import T0, lifecycle


@pytest.mark.parametrize("event", lifecycle(), ids=lambda e: type(e).__name__)
def test_every_event_round_trips_through_json(event: AnyEvent) -> None:
    codec = EventCodec()
    data = codec.encode(event)
    assert msgspec.json.decode(data)["type"] == type(event).__name__
    assert codec.decode(data, type(event).__name__, 1) == event
    assert msgspec.json.decode(data, type=AnyEvent) == event


def test_envelope_fields_come_first_in_every_encoding() -> None:
    # The append script fills in "revision" by replacing its first occurrence: the envelope's
    # must precede every payload field of every event type.
    envelope = [
        "type",
        "event_id",
        "release_id",
        "revision",
        "recorded_at",
        "occurred_at",
        "causation_id",
        "correlation_id",
        "schema_version",
        "producer",
    ]
    for event in lifecycle():
        keys = list(msgspec.json.decode(EventCodec().encode(event)))
        assert keys[: len(envelope)] == envelope


def test_events_are_frozen_and_keyword_only() -> None:
    for event in lifecycle():
        assert type(event).__struct_config__.frozen
        with pytest.raises(AttributeError):
            event.release_id = "other"  # type: ignore[misc]
        with pytest.raises(TypeError):
            type(event)(event.event_id, event.release_id)


def test_checked_in_json_schemas_are_current() -> None:
    assert SCHEMA_PATH.read_text() == render(), (
        "an event schema changed: run `releasebus schema export` and commit the file"
    )
    assert INBOUND_SCHEMA_PATH.read_text() == render_inbound(), (
        "the inbound entry changed: run `releasebus schema export` and commit the file"
    )
    assert SUBSCRIBERS_SCHEMA_PATH.read_text() == render_subscribers(), (
        "a subscriber event changed: write schemas.export.render_subscribers() to "
        f"{SUBSCRIBERS_SCHEMA_PATH.name} and commit the file"
    )


def test_subscriber_schema_names_every_subscriber_event_and_no_secret() -> None:
    schema = msgspec.json.decode(SUBSCRIBERS_SCHEMA_PATH.read_bytes())
    names = sorted(t.__name__ for t in ANY_SUBSCRIBER_EVENT)
    assert schema["x-event-types"] == names
    assert sorted(ref["$ref"].rsplit("/", 1)[1] for ref in schema["anyOf"]) == names
    assert "SubscriberSpec" in schema["$defs"]
    fields = {f for d in schema["$defs"].values() for f in d.get("properties", {})}
    assert "secret_id" in fields
    assert "secret" not in fields


def test_inbound_schema_documents_the_entry_fields() -> None:
    schema = msgspec.json.decode(INBOUND_SCHEMA_PATH.read_bytes())
    assert schema["$ref"] == "#/$defs/InboundEntry"
    entry = schema["$defs"]["InboundEntry"]
    assert entry["required"] == ["body", "source"]
    assert set(entry["properties"]) == {
        "format",
        "body",
        "source",
        "submitted_by",
        "source_id",
        "source_url",
        "release_id",
        "embargo_until",
    }
    assert "InboundRelease" in schema["$defs"]


def test_json_schema_names_every_event_type() -> None:
    schema = msgspec.json.decode(SCHEMA_PATH.read_bytes())
    assert schema["x-event-types"] == sorted(EVENT_TYPES)
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in schema["anyOf"]} == set(EVENT_TYPES)


def test_upcaster_turns_an_old_form_into_the_current_event_on_read() -> None:
    upcasters = Upcasters()

    # A hypothetical v0 of ReleaseWithdrawn, stored under an old tag with its reason as "why".
    @upcasters.register("ReleaseRetracted", 0)
    def retracted_to_withdrawn(raw: dict[str, object]) -> dict[str, object]:
        raw["type"] = "ReleaseWithdrawn"
        raw["schema_version"] = 1
        raw["reason"] = raw.pop("why")
        return raw

    old = (
        b'{"type":"ReleaseRetracted","event_id":"e1","release_id":"r1","revision":4,'
        b'"occurred_at":"2018-01-24T15:00:00Z","schema_version":0,"why":"issued in error"}'
    )
    codec = EventCodec(upcasters)
    event = codec.decode(old, "ReleaseRetracted", 0)
    assert event == ReleaseWithdrawn(
        event_id="e1", release_id="r1", revision=4, occurred_at=T0, reason="issued in error"
    )
    # Current events still take the fast path through the same codec.
    current = lifecycle()[-1]
    assert codec.decode(codec.encode(current), "ReleaseWithdrawn", 1) == current


def test_unknown_event_type_is_a_clear_error() -> None:
    with pytest.raises(UnknownEventError, match="ReleaseTeleported"):
        EventCodec().decode(b'{"type":"ReleaseTeleported","event_id":"e"}', "ReleaseTeleported", 1)


def test_upcaster_loop_is_detected() -> None:
    upcasters = Upcasters()
    upcasters.register("A", 1)(lambda raw: {**raw, "type": "B"})
    upcasters.register("B", 1)(lambda raw: {**raw, "type": "A"})
    with pytest.raises(UnknownEventError, match="loop"):
        EventCodec(upcasters).decode(b'{"type":"A","schema_version":1}', "A", 1)


def test_derived_event_ids_are_deterministic_and_distinct() -> None:
    first = derived_event_id("cause-1", "enrichment")
    assert first == derived_event_id("cause-1", "enrichment")
    assert first != derived_event_id("cause-1", "translation-queue")
    assert first != derived_event_id("cause-2", "enrichment")
    assert first != derived_event_id("cause-1", "enrichment", "fr")
