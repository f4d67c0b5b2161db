"""``enrich(content)``: every extractor run over one content version, pure and offline.

Order matters once: organizations are found first, so that country names inside them
("Islamic State in Iraq and the Levant") are not taken for countries.
"""

from __future__ import annotations

import math
import re
from typing import Final

import msgspec

from schemas.enrichment import Mention
from schemas.release import ReleaseContent
from services.enrichment import countries, entities
from services.enrichment.language import detect_language
from services.enrichment.mentions import document
from services.enrichment.topics import find_topics

__all__ = ["Enriched", "enrich"]

#: Words per minute for the reading-time estimate (adult silent reading of prose).
_WORDS_PER_MINUTE: Final = 200
_SUMMARY_CHARS: Final = 320
# Opening lines that introduce rather than summarise.
_NOT_A_LEDE: Final = re.compile(
    r"^(?:the following is attributable to|the following statement|begin text|"
    r"[A-Z][A-Z .'-]+:\s*$)",
    re.IGNORECASE,
)
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")


class Enriched(msgspec.Struct, frozen=True, kw_only=True):
    """Everything enrichment says about one content version."""

    countries: tuple[str, ...]
    people: tuple[str, ...]
    organizations: tuple[str, ...]
    references: tuple[str, ...]
    topics: tuple[str, ...]
    places_implied: tuple[str, ...]
    dateline_country: str | None
    language: str | None
    language_confidence: float
    summary: str | None
    word_count: int
    reading_time_s: int
    mentions: tuple[Mention, ...]


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _summary(content: ReleaseContent) -> str | None:
    """The lede: the first paragraph that says something, cut at a sentence end."""
    for paragraph in content.body:
        text = paragraph.strip()
        if not text or _NOT_A_LEDE.match(text):
            continue
        if len(text) <= _SUMMARY_CHARS:
            return text
        cut = ""
        for sentence in _SENTENCE_END.split(text):
            if cut and len(cut) + len(sentence) + 1 > _SUMMARY_CHARS:
                break
            cut = f"{cut} {sentence}".strip()
        return cut if len(cut) <= _SUMMARY_CHARS else cut[: _SUMMARY_CHARS - 1].rstrip() + "…"
    return None


def enrich(content: ReleaseContent) -> Enriched:
    doc = document(content)
    organizations = entities.find_organizations(doc)
    skip = entities.organization_spans(organizations)
    named = countries.find_countries(doc, exclude=skip)
    implied = countries.find_implied(doc, exclude=skip)
    dateline = countries.dateline_country(content.place)
    people = entities.find_people(doc, content, skip)
    references = entities.find_references(doc)
    topics = find_topics(doc)
    language, confidence = detect_language(doc.text)
    words = len(doc.text.split())  # whitespace-separated words: cheap, and close enough
    mentions = [*named, *implied, *people, *organizations, *references, *topics]
    if dateline is not None:
        mentions.append(dateline)
    return Enriched(
        countries=tuple(countries.countries_of(named)),
        people=tuple(entities.people_names(people)),
        organizations=_unique([m.value for m in organizations]),
        references=_unique([m.value for m in references]),
        topics=tuple(sorted({m.value for m in topics})),
        places_implied=tuple(countries.implied_countries(doc, [*named, *implied])),
        dateline_country=dateline.value if dateline else None,
        language=language or content.language,
        language_confidence=confidence,
        summary=_summary(content),
        word_count=words,
        reading_time_s=math.ceil(words * 60 / _WORDS_PER_MINUTE),
        mentions=tuple(sorted(mentions, key=lambda m: (m.field != "text", m.start, m.kind))),
    )
