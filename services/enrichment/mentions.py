"""What every extractor returns: mentions with provenance, located in one canonical text.

The canonical text of a release is its title, a blank line, then its body paragraphs separated
by blank lines (:func:`document`). Offsets (``start``/``end``) index into that text, so a
subscriber can highlight exactly what was found. Mentions from header fields (the byline, the
dateline place) carry ``field`` naming that header and offsets into its value instead.
"""

from __future__ import annotations

import msgspec

from schemas.enrichment import Mention  # defined with the events, which carry it
from schemas.release import ReleaseContent

__all__ = ["Document", "Mention", "document"]


class Document(msgspec.Struct, frozen=True, kw_only=True):
    """The canonical text and where each part of it is."""

    text: str
    #: (start, end) of the title, then of each body paragraph, in ``text``.
    spans: tuple[tuple[int, int], ...]

    @property
    def title_span(self) -> tuple[int, int]:
        return self.spans[0]


def document(content: ReleaseContent) -> Document:
    parts = [content.title, *content.body]
    spans: list[tuple[int, int]] = []
    offset = 0
    for part in parts:
        spans.append((offset, offset + len(part)))
        offset += len(part) + 2
    return Document(text="\n\n".join(parts), spans=tuple(spans))
