"""Topics from a small controlled vocabulary mapped to IPTC Media Topics, with the rule that fired.

The vocabulary is the data file ``data/topics.json`` (reviewable, one entry per topic, with its
IPTC code). A topic fires when at least ``min_hits`` of its patterns occur in the title and
body; every hit becomes a mention naming the pattern, and the topic's confidence grows with the
number of distinct patterns that matched.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import msgspec

from schemas.enrichment import Mention
from services.enrichment.mentions import Document

__all__ = ["TOPICS", "Topic", "find_topics"]

_DATA: Final = Path(__file__).with_name("data") / "topics.json"


class Topic(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    label: str
    iptc: str
    iptc_label: str
    iptc_exact: bool
    min_hits: int
    patterns: list[str]


class _Vocabulary(msgspec.Struct, frozen=True):
    about: str
    topics: list[Topic]


TOPICS: Final = msgspec.json.decode(_DATA.read_bytes(), type=_Vocabulary).topics

# One regex per pattern, over lower-cased text, starting with the pattern's own literal: the
# regex engine then jumps between occurrences of that literal, where one big case-insensitive
# alternation, or a leading \b, made it try every pattern at every character (a hundred times
# slower, measured). The word boundary before a hit is checked by hand instead.
# Patterns therefore use only lower-case escapes (\w, \s, \d), which lowering keeps intact.
_LITERAL_PREFIX: Final = re.compile(r"[^\\()\[\]?*+|{}.^$]*")


def _prefix(pattern: str) -> str:
    """The literal start of a pattern, minus a character an optional quantifier may drop."""
    literal = _LITERAL_PREFIX.match(pattern)
    text = literal.group(0) if literal else ""
    return text[:-1] if len(text) < len(pattern) else text


# (source pattern, literal prefix that must occur for it to match, compiled) per topic. Most
# patterns are absent from a given release; their prefix tells so without scanning the text.
_COMPILED: Final = [
    (topic, [(p, _prefix(p.lower()), re.compile(rf"{p.lower()}\b")) for p in topic.patterns])
    for topic in TOPICS
]
_FALLBACK: Final = [
    (topic, [(p, "", re.compile(rf"{p}\b", re.IGNORECASE)) for p in topic.patterns])
    for topic in TOPICS
]


_WORD: Final = re.compile(r"\w+")
_HEAD: Final = 4  # prefixes are compared on their first four characters


def _heads(text: str) -> set[str]:
    """The first characters of every word."""
    return {word[:_HEAD] for word in _WORD.findall(text)}


def _may_match(prefix: str, heads: set[str], text: str) -> bool:
    head = prefix[:_HEAD]
    if len(head) == _HEAD and head.isalnum():
        return head in heads
    return prefix in text  # short, or spans a hyphen: the substring test is cheap and exact


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


# Which patterns a word's first four characters may start (most prefixes are words), and
# which patterns need the substring test (short prefixes, or ones spanning a hyphen).
def _index() -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int]]]:
    by_head: dict[str, list[tuple[int, int]]] = {}
    by_substring: list[tuple[int, int]] = []
    for t, (_, patterns) in enumerate(_COMPILED):
        for p, (_, prefix, _) in enumerate(patterns):
            head = prefix[:_HEAD]
            if len(head) == _HEAD and head.isalnum():
                by_head.setdefault(head, []).append((t, p))
            else:
                by_substring.append((t, p))
    return by_head, by_substring


_BY_HEAD, _BY_SUBSTRING = _index()


def _candidates(text: str, heads: set[str]) -> set[tuple[int, int]]:
    """(topic, pattern) indexes of :data:`_COMPILED` whose prefix occurs in ``text``."""
    found = {tp for head in heads if head in _BY_HEAD for tp in _BY_HEAD[head]}
    found.update((t, p) for t, p in _BY_SUBSTRING if _may_match(_COMPILED[t][1][p][1], heads, text))
    return found


def find_topics(doc: Document) -> list[Mention]:
    """Topic mentions of the topics that reached their threshold: the first hit of each pattern."""
    text = doc.text.lower()
    compiled = _COMPILED
    if len(text) != len(doc.text):  # a few characters lower-case to two: keep offsets exact
        text, compiled = doc.text, _FALLBACK
    heads = _heads(text)
    # Fast path: only the patterns whose prefix starts a word of the text are run.
    wanted = _candidates(text, heads) if compiled is _COMPILED else None
    found: list[Mention] = []
    for t, (topic, patterns) in enumerate(compiled):
        if wanted is not None and not any((t, p) in wanted for p in range(len(patterns))):
            continue  # no pattern of this topic can match
        # The first hit of each pattern is enough provenance: where, and which rule fired.
        hits = [
            (source, m)
            for p, (source, prefix, pattern) in enumerate(patterns)
            if ((t, p) in wanted if wanted is not None else _may_match(prefix, heads, text))
            for m in [
                next((h for h in pattern.finditer(text) if _starts_word(text, h.start())), None)
            ]
            if m is not None
        ]
        distinct = {source for source, _ in hits}
        if len(distinct) < topic.min_hits:
            continue
        confidence = round(min(1.0, 0.5 + 0.15 * len(distinct)), 2)
        found.extend(
            Mention(
                kind="topic",
                value=topic.id,
                text=doc.text[m.start() : m.end()],
                start=m.start(),
                end=m.end(),
                rule=f"topics:{topic.id}:{source}",
                confidence=confidence,
                attrs={"iptc": topic.iptc, "iptc_label": topic.iptc_label},
            )
            for source, m in sorted(hits, key=lambda hit: hit[1].start())
        )
    return found
