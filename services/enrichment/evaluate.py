"""Measure the parser and enrichment against annotated releases.

An annotation file holds one JSON object per line, in the form of the seed's
``expected.jsonl``: ``file`` (relative to the annotation file), ``release`` (1-based index of
the release in that file), and any of the fields below. Scalar fields are scored by exact
match (accuracy); list fields by precision, recall and F1 over the sets, summed over releases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from schemas.release import ReleaseContent
from services.enrichment.extract import Enriched, enrich
from services.ingestion.parser import ParsedRelease, RejectedRelease, parse_document

__all__ = ["FieldScore", "Mismatch", "annotated_releases", "evaluate", "read_content"]

SCALARS = ("title", "kind", "byline_name", "byline_title", "place", "venue", "date", "language",
           "attributed_to", "body")  # fmt: skip
SETS = ("countries", "countries_implied", "people", "organizations")


class FieldScore(msgspec.Struct, frozen=True):
    field: str
    releases: int
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None or r is not None else None)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.releases if self.releases else None


class Mismatch(msgspec.Struct, frozen=True):
    file: str
    release: int
    field: str
    expected: Any
    found: Any


def _predicted(content: ReleaseContent, enriched: Enriched) -> dict[str, Any]:
    return {
        "title": content.title or None,
        "kind": content.kind,
        "byline_name": content.byline.name,
        "byline_title": content.byline.title,
        "place": content.place,
        "date": content.date.isoformat() if isinstance(content.date, dt.date) else None,
        "language": enriched.language,
        "attributed_to": content.attributed_to,
        "venue": content.venue,
        "body": list(content.body),
        "countries": set(enriched.countries),
        "countries_implied": set(enriched.places_implied),
        "people": set(enriched.people),
        "organizations": set(enriched.organizations),
    }


def annotated_releases(
    annotation_files: Iterable[Path],
) -> Iterator[tuple[Path, dict[str, Any], ParsedRelease | RejectedRelease | None]]:
    """Each annotated release: its annotation file, the annotation, and what the parser made
    of that release of its page (None when the parser found fewer releases). Each page is
    parsed once, when its first annotation is reached."""
    parsed: dict[Path, list[ParsedRelease | RejectedRelease]] = {}
    for annotation_file in annotation_files:
        for line in annotation_file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            expected: dict[str, Any] = msgspec.json.decode(line)
            path = (annotation_file.parent / expected["file"]).resolve()
            if path not in parsed:
                parsed[path] = parse_document(path.read_text(encoding="utf-8"))
            index = int(expected.get("release", 1)) - 1
            releases = parsed[path]
            yield annotation_file, expected, releases[index] if index < len(releases) else None


def read_content(result: ParsedRelease | RejectedRelease | None) -> ReleaseContent | None:
    """What the parser read of a release, parsed or rejected: a release rejected for want of a
    headline still has what was read of it (its title empty)."""
    if result is None:
        return None
    return result.content if isinstance(result, ParsedRelease) else result.found


def evaluate(annotation_files: Iterable[Path]) -> tuple[list[FieldScore], list[Mismatch]]:
    scores: dict[str, dict[str, int]] = {}
    mismatches: list[Mismatch] = []
    for _, expected, result in annotated_releases(annotation_files):
        if isinstance(expected.get("byline"), dict):  # the parse --json form of a byline
            expected.setdefault("byline_name", expected["byline"].get("name"))
            expected.setdefault("byline_title", expected["byline"].get("title"))
        index = int(expected.get("release", 1)) - 1
        # A release rejected for want of a headline still counts as found, with what the
        # parser read of it (its title None): the annotators mark such pages' titles null,
        # and their other fields are scored like any other.
        content = read_content(result)
        predicted = _predicted(content, enrich(content)) if content else {}
        for field in (*SCALARS, *SETS):
            if field not in expected:
                continue
            score = scores.setdefault(field, {"releases": 0, "correct": 0, "tp": 0,
                                              "fp": 0, "fn": 0})  # fmt: skip
            score["releases"] += 1
            want, got = expected[field], predicted.get(field)
            if field in SETS:
                want_set, got_set = set(want or ()), set(got or ())
                score["tp"] += len(want_set & got_set)
                score["fp"] += len(got_set - want_set)
                score["fn"] += len(want_set - got_set)
                ok = want_set == got_set
                got = sorted(got_set)
            else:
                ok = want == got
            score["correct"] += ok
            if not ok:
                mismatches.append(Mismatch(expected["file"], index + 1, field, want, got))
    return [FieldScore(field, **values) for field, values in scores.items()], mismatches
