"""Topics from a small controlled vocabulary mapped to IPTC Media Topics, with the rule that fired.

The vocabulary is the data file ``data/topics.json`` (reviewable, one entry per topic, with its
IPTC code). A topic fires when at least ``min_hits`` of its patterns occur in the title and
body; every hit becomes a mention naming the pattern, and the topic's confidence grows with the
number of distinct patterns that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
_Rules = tuple[Topic, list[tuple[str, str, re.Pattern[str]]]]
_COMPILED: Final[list[_Rules]] = [
    (topic, [(p, _prefix(p.lower()), re.compile(rf"{p.lower()}\b")) for p in topic.patterns])
    for topic in TOPICS
]
_FALLBACK: Final[list[_Rules]] = [
    (topic, [(p, "", re.compile(rf"{p}\b", re.IGNORECASE)) for p in topic.patterns])
    for topic in TOPICS
]


_HEAD: Final = 4  # prefixes are compared on their first four characters


def _is_head(prefix: str) -> bool:
    """Whether a prefix is looked up by the word head it starts (four letters or digits)."""
    head = prefix[:_HEAD]
    return len(head) == _HEAD and head.isalnum()


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


# Which patterns a word's first four characters may start (most prefixes are words), and
# which patterns need the substring test (short prefixes, or ones spanning a hyphen). Both
# in (topic, pattern) order, the order hits are reported in.
def _index() -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int]]]:
    by_head: dict[str, list[tuple[int, int]]] = {}
    by_substring: list[tuple[int, int]] = []
    for t, (_, patterns) in enumerate(_COMPILED):
        for p, (_, prefix, _) in enumerate(patterns):
            if _is_head(prefix):
                by_head.setdefault(prefix[:_HEAD], []).append((t, p))
            else:
                by_substring.append((t, p))
    return by_head, by_substring


_BY_HEAD, _BY_SUBSTRING = _index()

# Patterns whose matches hold word characters only (letters, \w, quantifiers, groups): no match
# reaches across a word start, so the first hit starting a word is the first word start of the
# pattern's head where the pattern matches, tried with match() instead of scanning the text.
_WORD_ONLY_SOURCE: Final = re.compile(r"(?:[^\W\d_]|\\w|[?*+|()]|\(\?:)*")
_WITHIN_WORD: Final = frozenset(
    tp
    for tp in (tp for tps in _BY_HEAD.values() for tp in tps)
    if _WORD_ONLY_SOURCE.fullmatch(TOPICS[tp[0]].patterns[tp[1]].lower())
)


def _trie(words: Iterable[str]) -> str:
    """A regex for any of ``words`` (all of one length), branching one character at a time."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words):
        by_first.setdefault(word[0], []).append(word[1:])
    branches = [
        re.escape(first) + (_trie(rests) if rests != [""] else "")
        for first, rests in by_first.items()
    ]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# The indexed heads that start a word (\w+) of the text, found in a copy of the text whose
# non-word characters are all spaces (:func:`_spaced`): the leading literal space lets the
# regex engine jump between spaces, so only word starts are tried (twice as fast as a leading
# \W class; tokenizing every word and slicing its head cost more than the rest of the search).
_SPACED_WORD_HEAD: Final = re.compile(rf" ({_trie(_BY_HEAD)})")
# Every ASCII character that is not a word character (\w) made a space; non-ASCII bytes kept.
_ASCII_NON_WORD: Final = bytes(
    c if c >= 0x80 or chr(c).isalnum() or chr(c) == "_" else 0x20 for c in range(256)
)
_OTHER_NON_WORD: Final = re.compile(r"[^\x00-\x7f\w]")


def _spaced(text: str) -> str:
    """``text`` with every non-word character a space (same length, so offsets hold)."""
    ascii_text = text.isascii()
    text = (
        text.encode("utf-8", "surrogatepass")
        .translate(_ASCII_NON_WORD)
        .decode("utf-8", "surrogatepass")
    )
    return text if ascii_text else _OTHER_NON_WORD.sub(" ", text)


def _candidates(text: str) -> tuple[dict[int, list[int]], dict[str, list[int]]]:
    """Topic index -> indexes of its patterns whose prefix occurs in ``text`` (lower-cased),
    and where each indexed head starts a word, in text order."""
    starts: dict[str, list[int]] = {}
    # In " " + the spaced text a word starts after a space: offset - 1 in ``text``.
    for match in _SPACED_WORD_HEAD.finditer(" " + _spaced(text)):
        starts.setdefault(match.group(1), []).append(match.start(1) - 1)
    found = {tp for head in starts for tp in _BY_HEAD[head]}
    found.update((t, p) for t, p in _BY_SUBSTRING if _COMPILED[t][1][p][1] in text)
    wanted: dict[int, list[int]] = {}
    for t, p in sorted(found):
        wanted.setdefault(t, []).append(p)
    return wanted, starts


def _first_hit(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match that starts a word."""
    return next((m for m in pattern.finditer(text) if _starts_word(text, m.start())), None)


def _first_hit_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> re.Match[str] | None:
    """The first match at one of ``starts`` (a pattern of _WITHIN_WORD at its head's word
    starts): the same as :func:`_first_hit`, without scanning the text between them."""
    return next((m for at in starts if (m := pattern.match(text, at)) is not None), None)


def find_topics(doc: Document) -> list[Mention]:
    """Topic mentions of the topics that reached their threshold: the first hit of each pattern."""
    text = doc.text.lower()
    starts: dict[str, list[int]] = {}
    if len(text) == len(doc.text):
        # Only the patterns whose prefix occurs (as a word start, for most) are run.
        wanted, starts = _candidates(text)
        runs: list[tuple[int, Sequence[int]]] = list(wanted.items())
        rules = _COMPILED
    else:  # a few characters lower-case to two: keep offsets exact, run every pattern
        text = doc.text
        runs = [(t, range(len(entry[1]))) for t, entry in enumerate(_FALLBACK)]
        rules = _FALLBACK
    found: list[Mention] = []
    for t, indexes in runs:
        topic, patterns = rules[t]
        # The first hit of each pattern is enough provenance: where, and which rule fired.
        hits = [
            (patterns[p][0], m)
            for p in indexes
            for m in [
                _first_hit_at(patterns[p][2], text, starts[patterns[p][1][:_HEAD]])
                if starts and (t, p) in _WITHIN_WORD
                else _first_hit(patterns[p][2], text)
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
