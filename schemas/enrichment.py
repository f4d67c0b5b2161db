"""What enrichment found in a release: mentions with provenance.

Subscribers are routed on these tags, so each one says where it was found (character offsets),
which rule or gazetteer entry fired, and how confident the rule is.
"""

from __future__ import annotations

import msgspec

__all__ = ["Mention"]


class Mention(msgspec.Struct, frozen=True, kw_only=True):
    """One thing found: what it is, where, and why we believe it.

    Offsets index into the release's canonical text (its title, a blank line, then its body
    paragraphs separated by blank lines), or, when ``field`` names a header (``byline``,
    ``place``), into that header's value.
    """

    #: country | place_implied | dateline_country | person | organization | reference | topic
    kind: str
    #: The canonical value: ISO code, person's longest written name, organization's full name …
    value: str
    #: The text as written at that place.
    text: str
    start: int
    end: int
    #: Which rule or gazetteer entry fired, e.g. ``countries:demonym:en`` or ``people:title``.
    rule: str
    confidence: float = 1.0
    #: ``text`` (title and body), or the header field the offsets index into.
    field: str = "text"
    #: Metadata: a person's ``role`` and ``country``, an acronym's ``acronym``, a city …
    attrs: dict[str, str] = msgspec.field(default_factory=dict)
