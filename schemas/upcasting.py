"""Reading old events: upcasters turn a stored older form into the current one.

Stream entries carry the event's ``type`` and ``schema_version`` beside the JSON, so the common
case (the current version of a known type) decodes straight into the tagged union with no extra
work. Only an entry whose (type, version) has a registered upcaster takes the slow path:
decode to a dict, apply the upcaster chain, convert to the current struct.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import msgspec

from schemas.events import EVENT_TYPES, AnyEvent

__all__ = ["UPCASTERS", "EventCodec", "UnknownEventError", "Upcasters"]

Raw = dict[str, Any]
Upcaster = Callable[[Raw], Raw]


class UnknownEventError(ValueError):
    """An entry whose type and version neither decode nor upcast."""


class Upcasters:
    """A registry of one-step upcasters keyed by the (type tag, schema version) they read.

    A step returns the next form: the same type with a higher ``schema_version``, or a new
    ``type`` tag (a breaking change). Steps chain until no step matches.
    """

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}
        #: Bumped on every registration, so codecs know to recompute their fast path.
        self.generation = 0

    def register(self, type_tag: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        def add(step: Upcaster) -> Upcaster:
            self._steps[(type_tag, from_version)] = step
            self.generation += 1
            return step

        return add

    def __contains__(self, key: tuple[str, int]) -> bool:
        return key in self._steps

    def upcast(self, raw: Raw) -> Raw:
        seen: set[tuple[str, int]] = set()
        while True:
            key = (str(raw.get("type")), int(raw.get("schema_version", 1)))
            step = self._steps.get(key)
            if step is None:
                return raw
            if key in seen:
                raise UnknownEventError(f"upcaster loop at {key[0]} v{key[1]}")
            seen.add(key)
            raw = step(dict(raw))


#: The project's upcasters. Register a step here when an event type changes incompatibly.
UPCASTERS = Upcasters()


class EventCodec:
    """Encodes events to JSON and decodes stored entries back, upcasting where needed.

    Built once per process (encoders and decoders are reusable and keep their caches).
    """

    def __init__(self, upcasters: Upcasters = UPCASTERS) -> None:
        self.upcasters = upcasters
        self._encoder = msgspec.json.Encoder()
        self.decoder = msgspec.json.Decoder(AnyEvent)  # current events, no upcasting
        self._raw_decoder = msgspec.json.Decoder(dict[str, Any])
        self._current: dict[str, int] = {
            tag: next(f.default for f in msgspec.structs.fields(cls) if f.name == "schema_version")
            for tag, cls in EVENT_TYPES.items()
        }
        self._fast: frozenset[tuple[bytes, bytes]] = frozenset()
        self._fast_generation = -1

    def encode(self, event: AnyEvent) -> bytes:
        return self._encoder.encode(event)

    def fast_path(self) -> frozenset[tuple[bytes, bytes]]:
        """(type, version) pairs, as stored in entry fields, that decode with no upcasting."""
        if self._fast_generation != self.upcasters.generation:
            self._fast = frozenset(
                (tag.encode(), str(version).encode())
                for tag, version in self._current.items()
                if (tag, version) not in self.upcasters
            )
            self._fast_generation = self.upcasters.generation
        return self._fast

    def decode_fields(self, fields: dict[bytes, bytes]) -> AnyEvent:
        """Decode a stream entry's ``type``, ``v`` and ``data`` fields into an event."""
        type_tag, version = fields[b"type"], fields[b"v"]
        if (type_tag, version) in self.fast_path():
            return cast("AnyEvent", self.decoder.decode(fields[b"data"]))
        return self.decode(fields[b"data"], type_tag.decode(), int(version))

    def decode(
        self, data: bytes, type_tag: str | None = None, version: int | None = None
    ) -> AnyEvent:
        """Decode one stored event; ``type_tag``/``version`` come from the entry's fields."""
        key = (type_tag or "", version or 1)
        if key not in self.upcasters and self._current.get(key[0]) == key[1]:
            return cast("AnyEvent", self.decoder.decode(data))
        raw = self.upcasters.upcast(self._raw_decoder.decode(data))
        try:
            return cast("AnyEvent", msgspec.convert(raw, AnyEvent))
        except msgspec.ValidationError as exc:
            raise UnknownEventError(
                f"cannot read {raw.get('type')} v{raw.get('schema_version', 1)}: {exc}"
            ) from exc
