"""Countries a release names, implies by a city, or is datelined in: mentions with provenance.

Pure functions over a :class:`~services.enrichment.mentions.Document`; the only I/O is reading
the gazetteer ``data/countries.json`` once at import (built from pycountry, CLDR and the
hand-curated ``data/countries_curated.json`` by ``data/build_countries.py``; see there how to
add an entry). Values are ISO 3166-1 alpha-2 codes, plus XK for Kosovo.

Matching (all three finders)
    Character tries over every gazetteer form, compiled at import into two regexes (capitalised
    forms; lowercase fr/es adjectives, only searched when the text has a French or Spanish
    function word or is short), find forms on word boundaries, case-sensitively, never fuzzily;
    either apostrophe and a no-break space match. The leftmost, then longest, form wins:
    "Papua New Guinea" is PG (not GN), "American Samoa" AS, "Democratic Republic of Congo" CD,
    "Mexico City" a city. Blocked phrases are consumed and give nothing: regions of the
    Americas ("Latin America"; "Americas" never matches "America"), seas ("South China Sea"),
    organizations with a country word ("Islamic State in Iraq and the Levant", "Voice of
    America"), and US states ("New Mexico" is not MX).
    French and Spanish seas and regions are blocked too ("golfe de Guinée", "le continent
    américain", "península de Corea").
    Region words ("Europe", "Middle East", "East Ghouta") are not in the gazetteer at all.
    ALL-CAPS text ("RUSSIA") is not matched, on purpose: speaker labels and headings.

Country mentions (:func:`find_countries`, kind ``country``)
    Names, short forms, diplomatic usage and demonyms/adjectives in en, fr, es, in the title and
    body. Dropped:

    * matches overlapping an ``exclude`` span (organization names from another extractor),
      unless the span is exactly the match (a country name taken for an organization, "Russian
      Federation", still names the country);
    * matches inside site chrome, a line opening with "This is the official website of", "This
      site is managed by", "An official website of" or their Spanish and French forms ("Este es
      el sitio (web) oficial de", "Ce site est géré par" …), up to the end of that sentence,
      or a post's "By/Par/Por <site> | ..." line ("Par U.S. Embassy Paris | Thèmes: ...");
    * matches followed by a capitalised name whose head is a non-state organization ("Turkish
      Airlines", "Russian Orthodox Church", "Syrian Arab Red Crescent", "Rome Statute."), or
      ending one whose head comes first: Court, Bank, University, Church, Party and their French
      and Spanish forms, at most two words before of/du/de/del/d'/l' ("Haute Cour du Guyana",
      "Supreme Court of Pakistan", "Communist Party of China") or, for a lowercase adjective,
      one word before it ("Église orthodoxe russe", "Croix-Rouge canadienne"). Government
      titles and bodies count, as the seed annotations do: "U.S. Secretary of State", "the
      Government of Nicaragua", "le gouvernement russe" name their country;
    * by the entry's checks: ``given_name`` (Jordan, Chad, Israel, Georgia, fr Maurice …) after
      Mr./Ms./M./Dr., or before a capitalised word that is not a month, weekday or common noun
      of diplomatic prose ("Jordan Peterson", but "Jordan National Day"; not applied in the
      Title-Case title); ``us_state`` (Georgia) after "state of", before "State"/"Tech"/", USA",
      or after "<Place>, " unless the place is a country or a Georgian city ("Atlanta, Georgia"
      but "Tbilisi, Georgia", "Armenia, Georgia"), or when listed with a US state ("Louisiana,
      Texas, and Georgia", "Georgia, Alabama"; not "Armenia and Georgia"); ``language``
      (demonyms that are languages) before "-language"/"-speaking", or after
      in/into/from/en/al/del when a punctuation mark, a conjunction or "version"/"translation"
      follows ("in French.", "en russe et en anglais"), or a lowercase one right after le/el
      ("le français");
      ``caps`` ("US", "CAR") next to an ALL-CAPS word ("TELL US").

    Ambiguous forms ("Congolese", bare "Congo" and "Korea"/"Corée"/"Corea", "Dominican",
    "Guinean"/"guineano") carry alternatives: the value is the one alternative otherwise named
    in the release, else the default (the DRC, the ROK, the Dominican Republic, Guinea);
    ``attrs["alternatives"]`` says so.
    Confidence: 1.0 for names, 0.9 for demonyms, lower for ambiguous forms ("America" 0.7,
    "Congo" 0.6), as set per entry in the gazetteer.

Implied countries (:func:`find_implied`, kind ``place_implied``)
    Capitals and major cities, ``attrs["city"]`` the canonical name ("Kiev" -> "Kyiv"). Dropped
    as above (exclude, site chrome, given names, organizations), and when the city names a
    document or an organization: followed by a head such as Agreement(s), Convention, Group,
    Process, Post, Statute ("Minsk Agreements", "Lima Group.", "Washington Post"), or by a
    lowercase agreement(s), accord(s), protocol(s), statute, declaration, communiqué,
    memorandum, convention(s) ("the Minsk agreements"; not "process": "the Geneva process"
    implies CH), or following "accords de" / "Agreement of"; when followed by ", <US state>"
    ("Paris, Texas"); ``surname`` entries (Washington) after a capitalised word ("George
    Washington"); and when it is a dateline opening a line, the header place repeated in the
    body: "<City> - ", "<City>, <date> – ", "<date>, <City> - " ("20 January 2020, Rome - The
    FAO", "Dakar, le 12 septembre 2019 – L'Ambassadeur"), the date holding a digit.
    :func:`implied_countries` keeps only countries not also named, as ``expected.jsonl`` is
    annotated (Geneva -> CH when Switzerland is not named; Vancouver adds nothing once
    "Canadian" named CA).

:func:`is_place_name` tells whether a whole text is a country or city form ("Abu Dhabi"), for
the people finder.

Dateline (:func:`dateline_country`, kind ``dateline_country``, field ``place``)
    The last country named in the place ("Paris, France" -> FR), else its last state or
    province ("Washington, DC" -> US, "Ottawa (Ontario)" -> CA, "Atlanta, Georgia" -> US), else
    its first city ("New York City" -> US).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import msgspec

from services.enrichment.mentions import Document, Mention

__all__ = [
    "GAZETTEER_PATH",
    "countries_of",
    "dateline_country",
    "find_countries",
    "find_implied",
    "implied_countries",
    "is_place_name",
    "normalize_form",
]

GAZETTEER_PATH: Final = Path(__file__).with_name("data") / "countries.json"


class _Entry(msgspec.Struct, frozen=True):
    kind: str  # country | city | subdivision | block
    rule: str
    src: tuple[str, ...]
    code: str = ""
    confidence: float = 1.0
    checks: frozenset[str] = frozenset()
    alt: tuple[str, ...] = ()
    label: str = ""


class _Gazetteer(msgspec.Struct, frozen=True):
    about: str
    versions: dict[str, str]
    counts: dict[str, int]
    forms: dict[str, _Entry]
    subdivisions: dict[str, _Entry]


_GAZETTEER: Final = msgspec.json.decode(GAZETTEER_PATH.read_bytes(), type=_Gazetteer)
_FORMS: Final = _GAZETTEER.forms
_SUBDIVISIONS: Final = _GAZETTEER.subdivisions


def normalize_form(text: str) -> str:
    """The gazetteer key of a matched text: typographic apostrophe and no-break space folded.

    The build script normalizes forms the same way (plus NFC, which matched text already is,
    since the regex is built from NFC forms).
    """
    return text.replace("’", "'").replace("\u00a0", " ")


def is_place_name(text: str) -> bool:
    """Whether ``text`` is, as a whole, a country or city of the gazetteer ("Abu Dhabi"): a
    name-shaped run that is a place is no person."""
    entry = _FORMS.get(normalize_form(text))
    return entry is not None and entry.kind in ("country", "city")


def is_city_name(text: str) -> bool:
    """Whether ``text`` is, as a whole, a city of the gazetteer ("Buenos Aires", "Washington
    D.C."): a dateline's place on a line of its own."""
    entry = _FORMS.get(normalize_form(text))
    return entry is not None and entry.kind == "city"


# --------------------------------------------------------------------------------------------
# The matcher: character tries as regexes, so that Python's regex engine walks them in C.
#
# Two of them, for speed. A lookbehind at the start of a pattern costs ~16 ns at every position
# of the text, while a pattern whose every branch starts with a literal lets the engine skip
# ahead in C to the next possible first character. Capitalised forms (nearly all, and every
# city) therefore start with their first character and check the word boundary right after
# it. Lowercase forms (French and Spanish adjectives: "russe", "ruso") could start at almost
# any letter, so they are searched as " form" in a copy of the text whose separators are
# spaces (same length, so the offsets hold), and only in text with a French or Spanish hint.
# Matches of both are merged leftmost-longest, as one regex would give.


def _atom(char: str) -> str:
    if char == "'":
        return "['’]"
    if char == " ":
        return "[ \u00a0]"
    return re.escape(char)


def _trie(forms: Iterable[str]) -> dict[str, object]:
    root: dict[str, object] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})  # type: ignore[assignment]
        node[""] = {}
    return root


def _emit(node: dict[str, object], *, boundary_after_first: bool = False) -> str:
    end = "" in node
    branches = []
    for char, child in sorted(node.items()):
        if char:
            # (?<!\w.) right after the first character: the character before it is no letter.
            check = r"(?<!\w.)" if boundary_after_first else ""
            branches.append(_atom(char) + check + _emit(child))  # type: ignore[arg-type]
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    # Greedy and optional where a form may end: longer forms first, backtracking to the shorter
    # one when the word boundary after the longer one fails.
    return group + "?" if end else group


def _is_upper_initial(form: str) -> bool:
    return form[:1].isupper() or not form[:1].isalpha()


# Separators before a lowercase word, written as spaces in the copy the lowercase scan reads.
_SEPARATORS: Final = "\n\u00a0'’(«\"“-–/["


def _spaced(text: str) -> str:
    for char in _SEPARATORS:
        text = text.replace(char, " ")  # str.replace beats str.translate here by ~100x
    return text


def _words(*chunks: str) -> frozenset[str]:
    """A word set written as space-separated text, to keep long lists readable."""
    return frozenset(" ".join(chunks).split())


# Heads of non-state organizations written before the country: "Haute Cour du Guyana",
# "Banco Central de Venezuela", "Supreme Court of Pakistan", "Église orthodoxe russe". The
# capitalised scan finds them too (as _HEAD), so that the context test only runs after one.
_HEAD_WORDS: Final = _words(
    "Court Bank University Church Party Cour Banque Université Église Eglise Parti Croix-Rouge",
    "Corte Tribunal Banco Universidad Iglesia Partido Roja",
)
_HEAD: Final = _Entry(kind="head", rule="countries:head", src=())

_UPPER: Final = re.compile(
    _emit(
        _trie({*(f for f in _FORMS if _is_upper_initial(f)), *_HEAD_WORDS}),
        boundary_after_first=True,
    )
    + r"(?!\w)"
)
_LOWER: Final = re.compile(
    " (?:" + _emit(_trie({_spaced(f) for f in _FORMS if not _is_upper_initial(f)})) + r")(?!\w)"
)
# de des del du el en et la las le les los que y: French and Spanish text has them, English
# text seldom ("de Mistura" only costs time). Factored, so that the engine tries few branches.
_ROMANCE_WORDS: Final = re.compile(r" (?:d(?:e[ls]?|u)|e[lnt]|l(?:[ae]s?|os)|que|y) ")
_ROMANCE_OPENINGS: Final = ("De ", "Des ", "Du ", "La ", "Le ", "Les ", "Los ", "Las ", "El ")
# Short texts are always scanned: there the scan is cheap and a hint may be missing.
_ALWAYS_SCAN_BELOW: Final = 600


def _scan(text: str, *, lowercase: bool = True) -> list[tuple[int, int, _Entry]]:
    """Every gazetteer form in ``text``: (start, end, entry), leftmost-longest, in text order,
    and the organization heads of _HEAD_WORDS (entry _HEAD, kind ``head``).

    ``lowercase=False`` skips the lowercase forms (no city is one).
    """
    spans, found = _upper_scan(text)
    if lowercase:
        spaced = " " + _spaced(text)
        if (
            len(text) < _ALWAYS_SCAN_BELOW
            or text.startswith(_ROMANCE_OPENINGS)
            or _ROMANCE_WORDS.search(spaced) is not None
        ):
            # In ``spaced`` a match starts with the added or a separator space: index i there
            # is index i - 1 in ``text``, so the form starts at the match start.
            lower = [(m.start(), m.end() - 1) for m in _LOWER.finditer(spaced)]
            if lower:
                merged: list[tuple[int, int]] = []
                for start, end in sorted([*spans, *lower], key=lambda s: (s[0], -s[1])):
                    if not merged or start >= merged[-1][1]:
                        merged.append((start, end))
                return _entries(text, merged)
    return found


# The last text's capitalised matches (one slot, replaced whole): find_countries and
# find_implied scan the same text, and this scan is the larger part of both.
_UPPER_CACHE: Final[list[tuple[str, list[tuple[int, int]], list[tuple[int, int, _Entry]]]]] = [
    ("", [], [])
]


def _upper_scan(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, _Entry]]]:
    """The spans of the capitalised forms and heads in ``text``, and their entries."""
    cached = _UPPER_CACHE[0]  # one read: another thread may replace it, never half of it
    if cached[0] is text:
        return cached[1], cached[2]
    spans = [m.span() for m in _UPPER.finditer(text)]
    found = _entries(text, spans)
    _UPPER_CACHE[0] = (text, spans, found)
    return spans, found


def _entries(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, _Entry]]:
    """The gazetteer entry (or _HEAD) of each span; spans that are neither are dropped."""
    found = []
    for start, end in spans:
        written = text[start:end]
        entry = _FORMS.get(written) or _FORMS.get(normalize_form(written))
        if entry is not None:
            found.append((start, end, entry))
        elif written in _HEAD_WORDS:
            found.append((start, end, _HEAD))
    return found


# --------------------------------------------------------------------------------------------
# Context


_WORD = r"[^\W\d_][\w'’.&-]*"
_NEXT_WORD: Final = re.compile(rf"[ \u00a0]+({_WORD})")
_PREV_WORD: Final = re.compile(rf"({_WORD})[ \u00a0]+$")
_HONORIFIC: Final = re.compile(
    r"(?<!\w)(?:Mr|Mrs|Ms|Dr|Mme|Mlle|Sr|Sra|M|Mister|Miss|Madame|Monsieur|Señor|Señora|Don|Doña)"
    r"\.?[ \u00a0]+$"
)
# Capitalised words that follow a country name without making it a given name.
_NOT_SURNAMES: Final = _words(
    "January February March April May June July August September October November December",
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Day National Independence",
    "Foreign Minister Ministry Government President Prime King Queen Crown Prince Embassy",
    "Ambassador Armed Security Border Borders Election Elections Talks Visit Travel Trip",
    "Relations Partnership Joint Statement Peace Refugee Refugees Crisis Conflict Attack",
    "Attacks Humanitarian Assistance Aid Trade Economic Strategic Dialogue Compact Program",
    "Programme Sanctions Human Rights Policy Cooperation Summit Conference Meeting",
    "Delegation Mission Office Team Affairs Ministerial Bilateral Parliament Military",
    "Nuclear Energy Water Coast Navy Air Army Development Investment Business Agreement",
    "Secretary Counterpart Counterparts Leaders Leadership Officials Authorities People",
)
_STATE_OF: Final = re.compile(r"(?<!\w)[Ss]tate of[ \u00a0]+$")
_US_STATE_AFTER: Final = re.compile(
    r"[ \u00a0]+(?:State|Tech|Bulldogs)\b|,[ \u00a0]*(?:USA|U\.S\.A?\.|United States)(?!\w)"
)
_PLACE_COMMA: Final = re.compile(rf"({_WORD}(?:[ \u00a0]{_WORD})?),[ \u00a0]+$")
# "Texas, and Georgia", "Texas or Georgia"; "Georgia, Alabama": a list of places.
_STATE_LIST_BEFORE: Final = re.compile(
    r"([A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?),?[ \u00a0]+(?:and|or)[ \u00a0]+$"
)
_STATE_LIST_AFTER: Final = re.compile(
    rf",[ \u00a0]+(?:(?:and|or)[ \u00a0]+)?({_WORD}(?:[ \u00a0]{_WORD})?)"
)
_POSSESSIVE: Final = re.compile(r"['’]s\b")
_LANGUAGE_SUFFIX: Final = re.compile(r"-(?:language|speaking|speakers?|langue)\b")
_LANGUAGE_BEFORE: Final = re.compile(
    r"(?<!\w)(?:in|into|from|en|al|del|speak|speaks|spoke|speaking|parle|parlent|habla|hablan)"
    r"[ \u00a0]+$"
)
# "le français", "el español": the article makes a lowercase adjective the language's name.
_LANGUAGE_ARTICLE: Final = re.compile(r"(?<!\w)(?:le|el|l'|l’)[ \u00a0]?$")
_LANGUAGE_AFTER: Final = re.compile(
    r"[ \u00a0]*(?:[.,;:!?)\]]|$)|[ \u00a0]+(?:and|or|et|ou|y|o|version|translation|text|"
    r"language|traduction|versión|traducción|texto)(?!\w)"
)
_LETTERS_BEFORE: Final = re.compile(r"([^\W\d_]+)[^\w]{1,3}$")
_LETTERS_AFTER: Final = re.compile(r"[^\w]{1,3}([^\W\d_]+)")
# Connectors allowed inside a capitalised name ("Chamber of Commerce"); not "and", which joins
# two names ("Canada and the Lima Group").
_CHAIN: Final = re.compile(
    r"(?:[ \u00a0]+(?:(?:of|for|the|de|du|des|del|la|le)[ \u00a0]+)*[A-Z][\w'’.&-]*){1,5}"
)
_CHAIN_WORD: Final = re.compile(r"[A-Z][\w'’.&-]*")
# Heads of non-state organizations: a country word before them is part of the name.
_ORG_HEADS: Final = _words(
    "Airlines Airways Church Cross Crescent Observatory Chamber Company Corporation Corp.",
    "Inc. Ltd. University College Foundation Institute Association Society Times Post Herald",
    "Tribune Journal Broadcasting Television Federation Party Front Movement",
)
# Heads of documents, processes and names built on a city: "Minsk Agreements", "Lima Group".
_CITY_NAME_HEADS: Final = _ORG_HEADS | _words(
    "Agreement Agreements Accord Accords Protocol Protocols Convention Conventions",
    "Declaration Charter Communiqué Communique Principles Group Format Club Memorandum",
    "Document Statute Treaty Process Consensus Formula Conference Daily Call Plan Framework",
)
_NAMED_AFTER_CITY: Final = re.compile(
    r"(?:[Aa]ccords?|[Aa]cuerdos?|[Pp]rotocole|[Pp]rotocolo|[Cc]onventions?|[Cc]onvención|"
    r"[Pp]rocessus|[Pp]roceso|[Gg]roupe|[Gg]rupo|[Ff]ormat|[Ff]ormato|Agreements?|Process|"
    r"Convention|Group)[ \u00a0]+(?:de|d'|d’|del|of)[ \u00a0]*$"
)
_OF_ENDINGS: Final = ("de ", "d'", "d’", "del ", "of ", "de\u00a0", "of\u00a0")
_AFTER_COMMA: Final = re.compile(rf",[ \u00a0]+({_WORD}(?:[ \u00a0]{_WORD}){{0,2}})")
_FUNCTION_WORDS: Final = _words(
    "In At From To And Of The For On Via With Visit Visits Welcome Back Near Outside Inside",
    "Across Greater Downtown Metropolitan About Around Over Through Into Toward Towards",
)
_LOOKBACK: Final = 48
# Site chrome that dumps of embassy pages carry ("This is the official website of the U.S.
# Embassy in Uruguay."), or a post's "By <site> | <date or tags>" line ("Par U.S. Embassy
# Paris | Thèmes: ..."), opening a line: from the phrase to the end of its sentence (a period
# after a lowercase letter, so that "U.S." and "EE. UU." do not end it) or of its line. The
# leading newline is a literal the regex engine skips ahead to, which keeps the scan cheap.
_CHROME: Final = re.compile(
    r"\n[*_]{0,2}(?:This is the official website of|This site is managed by|"
    r"An official website of|Este es el sitio (?:web )?oficial de|Este sitio es administrado por|"
    r"Un sitio (?:web )?oficial del|Ceci est le site (?:web )?officiel de|Ce site est géré par|"
    r"Un site officiel du|(?:By|Par|Por) (?=[^\n|]{1,80} \| ))(?:[^\n]*?[a-zà-ÿ)]\.(?!\w)|[^\n]*)"
)
_ORG_HEADS_BEFORE: Final = "(?:" + "|".join(sorted(_HEAD_WORDS)) + ")"
_HEAD_OF: Final = re.compile(
    rf"(?<!\w){_ORG_HEADS_BEFORE}(?:[ \u00a0]+[\w-]+){{0,2}}?[ \u00a0]+"
    r"(?:(?:of|du|des|del|de)(?:[ \u00a0]+(?:the|la|los|las))?[ \u00a0]+"
    r"|(?:de[ \u00a0]+)?l['’]|d['’])$"
)
_HEAD_ADJECTIVE: Final = re.compile(rf"(?<!\w){_ORG_HEADS_BEFORE}(?:[ \u00a0]+[\w-]+)?[ \u00a0]+$")
_OF_TAILS: Final = ("of ", "of the ", "du ", "des ", "del ", "de ", "de la ", "de los ", "de las ",
                    "l'", "l’", "d'", "d’")  # fmt: skip
# Lowercase heads of documents named after a city: "the Minsk agreements", "Paris accord".
_CITY_DOCUMENT_AFTER: Final = re.compile(
    r"[ \u00a0]+(?:agreements?|accords?|protocols?|statute|declaration|communiqu[ée]|"
    r"memorandum|conventions?)(?!\w)"
)
# A dateline opening a paragraph: "20 January 2020, Rome - ", "Dakar, le 12 septembre 2019 – ",
# "Geneva — ". Its city is the header place, not a city the release mentions.
_DATELINE_BEFORE: Final = re.compile(r"\n(?:[^\n,]{0,30}\d[^\n,]{0,10},[ \u00a0]+)?$")
_DATELINE_AFTER: Final = re.compile(
    r"(?:,[ \u00a0]+[^\n]{0,30}?\d[^\n]{0,12}?)?[ \u00a0]*(?:-|–|—|--)[ \u00a0]"
)


def _before(text: str, start: int) -> str:
    return text[max(0, start - _LOOKBACK) : start]


def _overlaps(start: int, end: int, exclude: Sequence[tuple[int, int]]) -> bool:
    return bool(exclude) and any(s < end and start < e for s, e in exclude)


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def _given_name(text: str, start: int, end: int, *, in_title: bool) -> bool:
    """'Jordan Peterson', 'Mr. Chad' — the form is a person's name here."""
    if _HONORIFIC.search(_before(text, start)):
        return True
    if in_title:
        return False  # Title Case capitalises every word: no evidence either way
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None:
        return False
    word = nxt.group(1)
    return (
        _is_capitalized(word)
        and not word.isupper()
        and word not in _NOT_SURNAMES
        and normalize_form(word) not in _FORMS
    )


def _is_us_state(words: str) -> bool:
    sub = _SUBDIVISIONS.get(normalize_form(words))
    return sub is not None and sub.code == "US" and _FORMS.get(words, sub).kind == "subdivision"


def _in_state_list(text: str, end: int, before: str) -> bool:
    """'Louisiana, Texas, and Georgia', 'Georgia, Alabama' — listed with other US states."""
    listed = _STATE_LIST_BEFORE.search(before)
    if listed is not None and _is_us_state(listed.group(1)):
        return True
    after = _STATE_LIST_AFTER.match(text, end)
    return after is not None and any(
        _is_us_state(" ".join(after.group(1).split()[:n])) for n in (2, 1)
    )


def _us_state(text: str, start: int, end: int) -> bool:
    """'Atlanta, Georgia', 'the state of Georgia', 'Georgia Tech', 'Texas and Georgia' — the US
    state."""
    before = _before(text, start)
    if _STATE_OF.search(before) or _US_STATE_AFTER.match(text, end):
        return True
    if _in_state_list(text, end, before):
        return True
    place = _PLACE_COMMA.search(before)
    if place is None or _POSSESSIVE.match(text, end):
        return False
    words = place.group(1).split()
    for candidate in (" ".join(words), words[-1]):
        entry = _FORMS.get(normalize_form(candidate))
        if entry is not None and (entry.kind == "country" or entry.code == "GE"):
            return False  # "Armenia, Georgia", "Tbilisi, Georgia"
    return True


def _language(text: str, start: int, end: int) -> bool:
    """'in French.', 'en russe et en anglais', 'Russian-language' — the language, not the people."""
    if _LANGUAGE_SUFFIX.match(text, end):
        return True
    if text[start].islower() and _LANGUAGE_ARTICLE.search(_before(text, start)):
        return True
    # The anchored test first: it fails fast on the usual "Russian Foreign Minister".
    return bool(_LANGUAGE_AFTER.match(text, end) and _LANGUAGE_BEFORE.search(_before(text, start)))


def _in_caps(text: str, start: int, end: int) -> bool:
    """'TELL US ABOUT' — an ALL-CAPS run, where 'US' is the pronoun."""
    for match in (_LETTERS_BEFORE.search(_before(text, start)), _LETTERS_AFTER.match(text, end)):
        if match is not None:
            word = match.group(1)
            if len(word) > 1 and word.isupper() and word not in _FORMS:
                return True
    return False


def _surname(text: str, start: int) -> bool:
    """'George Washington' — a capitalised word right before makes it a person's name."""
    prev = _PREV_WORD.search(_before(text, start))
    if prev is None:
        return False
    word = prev.group(1)
    return _is_capitalized(word) and word not in _FUNCTION_WORDS and word not in _FORMS


def _named_with(text: str, end: int, heads: frozenset[str]) -> bool:
    """'Turkish Airlines', 'Minsk Agreements' — part of a longer proper name with that head."""
    if not (text.startswith(" ", end) and text[end + 1 : end + 2].isupper()):
        return False  # most matches end before punctuation or a lowercase word: skip the regex
    chain = _CHAIN.match(text, end)
    return chain is not None and any(
        w in heads or w.rstrip(".") in heads for w in _CHAIN_WORD.findall(chain.group())
    )


# The last text and its chrome spans (one slot, replaced whole).
_CHROME_CACHE: Final[list[tuple[str, list[tuple[int, int]]]]] = [("", [])]


def _chrome_spans(text: str) -> list[tuple[int, int]]:
    """Site chrome sentences ("This is the official website of the U.S. Embassy in …").

    The last text's spans are kept: find_countries and find_implied read the same text.
    """
    cached = _CHROME_CACHE[0]  # one read: another thread may replace it, never half of it
    if cached[0] is text:
        return cached[1]
    spans = [m.span() for m in _CHROME.finditer(text)]
    _CHROME_CACHE[0] = (text, spans)
    return spans


def _skipped(start: int, end: int, exclude: Sequence[tuple[int, int]]) -> bool:
    """Inside an excluded span (an organization's name), unless the span is the match itself:
    a country name alone ("Russian Federation") is no organization."""
    # A loop: any() over a generator costs more than the test, for the few spans there are.
    for s, e in exclude:  # noqa: SIM110 - see above
        if s < end and start < e and (s, e) != (start, end):
            return True
    return False


def _org_head_before(text: str, start: int) -> bool:
    """'Haute Cour du Guyana', 'Supreme Court of Pakistan', 'Église orthodoxe russe': the country
    word ends the name of a non-state organization whose head comes first."""
    if text.endswith(_OF_TAILS, 0, start):
        pattern = _HEAD_OF
    elif text[start].islower():
        pattern = _HEAD_ADJECTIVE
    else:
        return False  # the usual case: no connector, no lowercase adjective
    before = _before(text, start)
    words = before.replace("'", " ").replace("’", " ").split()[-6:]  # "l'Église" -> Église
    return not _HEAD_WORDS.isdisjoint(words) and pattern.search(before) is not None


def _checks_fail(entry: _Entry, text: str, start: int, end: int, *, in_title: bool) -> bool:
    checks = entry.checks
    return bool(
        checks
        and (
            ("given_name" in checks and _given_name(text, start, end, in_title=in_title))
            or ("us_state" in checks and _us_state(text, start, end))
            or ("language" in checks and _language(text, start, end))
            or ("caps" in checks and _in_caps(text, start, end))
            or ("surname" in checks and _surname(text, start))
        )
    )


# --------------------------------------------------------------------------------------------
# The finders


def find_countries(doc: Document, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Countries named in the title and body (names, short forms, demonyms), in text order."""
    text = doc.text
    title_end = doc.title_span[1]
    chrome = _chrome_spans(text)
    if chrome:
        exclude = [*exclude, *chrome]
    found: list[tuple[int, int, _Entry]] = []
    head_end = -2 * _LOOKBACK  # where the last organization head ended
    for start, end, entry in _scan(text):
        if entry is _HEAD:
            head_end = end
            continue
        if (
            entry.kind != "country"
            or _skipped(start, end, exclude)
            or _named_with(text, end, _ORG_HEADS)
            or (start - head_end < _LOOKBACK and _org_head_before(text, start))
            or (entry.checks and _checks_fail(entry, text, start, end, in_title=start < title_end))
        ):
            continue
        found.append((start, end, entry))
    # Ambiguous forms take the alternative the release otherwise names, if exactly one.
    firm = {entry.code for _, _, entry in found if not entry.alt}
    mentions: list[Mention] = []
    for start, end, entry in found:
        value, attrs = entry.code, {}
        if entry.alt:
            options = (entry.code, *entry.alt)
            named = [code for code in options if code in firm]
            value = named[0] if len(named) == 1 else entry.code
            attrs = {"alternatives": ",".join(options)}
        mentions.append(
            Mention(
                kind="country",
                value=value,
                text=text[start:end],
                start=start,
                end=end,
                rule=entry.rule,
                confidence=entry.confidence,
                attrs=attrs,
            )
        )
    return mentions


def _city_is_name(text: str, start: int, end: int, entry: _Entry) -> bool:
    if _named_with(text, end, _CITY_NAME_HEADS):
        return True  # "Minsk Agreements", "the Lima Group"
    if _CITY_DOCUMENT_AFTER.match(text, end):
        return True  # "the Minsk agreements", "the Rome statute"
    before = _before(text, start)
    if before.endswith(_OF_ENDINGS) and _NAMED_AFTER_CITY.search(before):
        return True  # "les accords de Minsk", "the Agreement of Paris"
    if entry.code != "US":
        after = _AFTER_COMMA.match(text, end)
        if after is not None:
            words = after.group(1).split()
            for n in range(len(words), 0, -1):
                sub = _SUBDIVISIONS.get(normalize_form(" ".join(words[:n])))
                if sub is not None and sub.code == "US":
                    return True  # "Paris, Texas", "Athens, Georgia"
    return False


def _dateline_city(text: str, start: int, end: int) -> bool:
    """'20 January 2020, Rome - The FAO …': the dateline opening a paragraph."""
    if not _DATELINE_AFTER.match(text, end):
        return False
    before = _before(text, start)
    if start <= _LOOKBACK:
        before = "\n" + before  # the text's start opens a line too
    return _DATELINE_BEFORE.search(before) is not None


def find_implied(doc: Document, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Cities in the title and body that imply a country (Geneva -> CH), in text order."""
    text = doc.text
    title_end = doc.title_span[1]
    chrome = _chrome_spans(text)
    if chrome:
        exclude = [*exclude, *chrome]
    mentions: list[Mention] = []
    for start, end, entry in _scan(text, lowercase=False):
        if (
            entry.kind != "city"
            or _overlaps(start, end, exclude)
            or _city_is_name(text, start, end, entry)
            or _dateline_city(text, start, end)
            or _checks_fail(entry, text, start, end, in_title=start < title_end)
        ):
            continue
        mentions.append(
            Mention(
                kind="place_implied",
                value=entry.code,
                text=text[start:end],
                start=start,
                end=end,
                rule=entry.rule,
                confidence=entry.confidence,
                attrs={"city": entry.label},
            )
        )
    return mentions


_PLACE_PART: Final = re.compile(r"[^,()]+")


def dateline_country(place: str | None) -> Mention | None:
    """The country of a dateline place: its last country, else state/province, else city."""
    if not place or not place.strip():
        return None
    doc = Document(text=place, spans=((0, len(place)),))
    named = find_countries(doc)
    best: Mention | None = named[-1] if named else None
    if best is None:
        for part in reversed(list(_PLACE_PART.finditer(place))):
            raw = part.group()
            key = normalize_form(raw.strip())
            sub = _SUBDIVISIONS.get(key)
            if sub is not None:
                start = part.start() + len(raw) - len(raw.lstrip())
                end = start + len(raw.strip())
                best = Mention(
                    kind="country",
                    value=sub.code,
                    text=place[start:end],
                    start=start,
                    end=end,
                    rule=sub.rule,
                    attrs={"subdivision": key},
                )
                break
    if best is None:
        implied = find_implied(doc)
        best = implied[0] if implied else None
    if best is None:
        return None
    return msgspec.structs.replace(best, kind="dateline_country", field="place")


def countries_of(mentions: Iterable[Mention]) -> list[str]:
    """The sorted unique codes of the ``country`` mentions."""
    return sorted({m.value for m in mentions if m.kind == "country"})


def implied_countries(doc: Document, mentions: Iterable[Mention]) -> list[str]:
    """Codes implied by a city in ``doc`` and not named in it, sorted.

    ``mentions`` are what was found in ``doc`` (any kinds: ``country`` mentions name, and
    ``place_implied`` mentions imply); header mentions (another ``field``) count for neither.
    """
    size = len(doc.text)
    named: set[str] = set()
    implied: set[str] = set()
    for m in mentions:
        if m.field != "text" or not 0 <= m.start <= m.end <= size:
            continue
        if m.kind == "country":
            named.add(m.value)
        elif m.kind == "place_implied":
            implied.add(m.value)
    return sorted(implied - named)
