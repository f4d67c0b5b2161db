"""Language detection, offline: the writing system first, then function-word counts.

Press releases are long, edited prose, so a few hundred words decide reliably between the
languages the bus meets (English, French, Spanish, German, Portuguese, Italian, Russian,
Arabic, Chinese, Japanese, Korean). Nothing is loaded from outside the package.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

__all__ = ["detect_language"]

# Frequent function words, chosen to tell close languages apart (es/pt/it, fr/es).
_STOPWORDS: Final[dict[str, str]] = {
    "en": "the and of to in is that for with on are this by as we be will has have from was "
    "it not at an our their which were they been its",
    "fr": "le la les des et du est une pour dans sur au aux avec qui ne pas nous sont été "
    "cette ces en il leur ont par se sa son plus",
    "es": "el los las y por para una es se al su como sus fue este esta lo del en con que "
    "ha han muy entre también",
    "de": "der die das und ist nicht mit den dem ein eine zu auf für von sich auch wir im "
    "des wird werden",
    "pt": "o os do da dos das em com uma não no na pelo pela ao foi são também pelos entre",
    "it": "il lo gli di della che per con non sono è nel alla dei delle una anche degli",
}
_STOPWORD_SETS: Final = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
# The languages a word is a stopword of ("en" is French and Spanish), to count in one pass.
_LANGUAGES_OF: Final[dict[str, tuple[str, ...]]] = {
    word: tuple(lang for lang, stop in _STOPWORD_SETS.items() if word in stop)
    for word in frozenset().union(*_STOPWORD_SETS.values())
}
_WORD: Final = re.compile(r"[^\W\d_]+")
# ASCII letters and every non-ASCII byte kept, any other ASCII character made a space: the
# words of mostly-ASCII text are then found by splitting, many times faster than the pattern.
_ASCII_SEPARATORS: Final = bytes(c if c >= 0x80 or chr(c).isalpha() else 0x20 for c in range(256))
# The non-ASCII punctuation of most texts (curly quotes, dashes): separators, like a space.
_PUNCTUATION: Final = ("’", "‘", "“", "”", "–", "—", "«", "»", "…")
_LATIN: Final = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER_SCRIPT: Final = re.compile(
    r"[\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\uac00-\ud7af\u4e00-\u9fff]"
)
_SCRIPTS: Final = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana before Han: Japanese mixes both
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
)


def detect_language(text: str, sample: int = 1200) -> tuple[str | None, float]:
    """The ISO 639-1 code of ``text`` and a confidence in [0, 1]; (None, 0.0) if undecidable."""
    head = text[:sample]
    # Counting characters costs; most releases need not (and ASCII text need not be searched).
    if not head.isascii() and _OTHER_SCRIPT.search(head):
        latin = len(_LATIN.findall(head))
        for lang, script in _SCRIPTS:
            found = len(script.findall(head))
            if found > latin and found >= 5:  # mostly written in that script
                return lang, min(1.0, found / (found + latin))
    counts = dict.fromkeys(_STOPWORD_SETS, 0)
    # Each distinct stopword once, with its count: most words are no stopword of any language.
    frequency = Counter(_words(head.lower()))
    for word in frequency.keys() & _LANGUAGES_OF.keys():
        for lang in _LANGUAGES_OF[word]:
            counts[lang] += frequency[word]
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, first), (_, second) = ranked[0], ranked[1]
    if first == 0:
        return None, 0.0
    return best, round(first / (first + second), 3)


def _words(text: str) -> list[str]:
    """The words of ``text``, as ``_WORD.findall(text)`` finds them."""
    if not text.isascii():
        for mark in _PUNCTUATION:
            if mark in text:
                text = text.replace(mark, " ")
    encoded = text.encode("utf-8", "surrogatepass").translate(_ASCII_SEPARATORS)
    pieces = encoded.decode("utf-8", "surrogatepass").split()
    # Letters only (an alphabetic character is never a digit): each piece is one word.
    if encoded.isascii() or "".join(pieces).isalpha():
        return pieces
    words: list[str] = []
    for piece in pieces:
        if piece.isalpha():
            words.append(piece)
        else:  # other characters ("don‘t", "©"): zero, one or more words
            words.extend(_WORD.findall(piece))
    return words
