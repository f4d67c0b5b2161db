"""People, organizations and references named in a release, each with its provenance.

Pure functions over a :class:`~services.enrichment.mentions.Document` (and, for people, the
:class:`~schemas.release.ReleaseContent` whose byline and ``attributed_to`` they also read).
Rules only: three curated data files under ``data/`` (``organizations.json``,
``references.json``, ``people.json``) are loaded and every pattern is compiled once, at
import; nothing is downloaded. The rules, in the order they are applied:

Organizations (:func:`find_organizations`, kind ``organization``)
    1. Gazetteer: every written form of a curated entry (name, acronym, aliases), on whole
       words, case-sensitive. "UN" counts in "UN-led" but not inside "UNSCRs".
    2. Generic pattern: capitalised words ending in a head noun (Ministry, Council, Mission,
       Partnership ...), then "of/for/against/on (the)" continuations ("Organization for the
       Prohibition of Chemical Weapons"), optionally "and X" inside such a continuation
       ("Department of Foreign Affairs and Trade") and a defining "(ACRONYM)". Leading function
       words, titles and possessives are cut off ("Press Secretary Office of ..." gives
       "Office of ..."); one word alone is never enough. In a title in title case a generic
       name only counts if the body writes it too, capitalised the same way; a title that
       writes three or more longer words in lower case is in sentence case and counts like
       the body ("... news conference with Chairman of the CIS Foreign Ministers Council").
       A French or Spanish head (``romance_heads``) comes first and takes the capitalised
       words after it ("Consejo Nacional Electoral"). Any generic name runs on over up to
       eight words to a defining "(ACRONYM)" whose letters are mostly its initials ("Mission
       in Mali (MINUSMA)", "Centre de recherches internationales (CERI)"); "5+5" and "Republic
       of" may stand before a head; a name followed by a treaty word is no organization.
       A few adjectives may stand before a Romance head ("Haute Cour du Guyana",
       ``romance_premods``) and up to two lower-case ones after it ("Garde côtière des
       États-Unis", ``romance_postmods`` and lower-case demonyms); an English head followed by
       "de/du/des/del" takes the Romance continuation ("Alliance de l’OTAN"). A serial list
       closing with ", and" after an "of" complement belongs to the name ("Bureau of Population,
       Refugees, and Migration") unless an item is an acronym, a place or holds a head noun
       ("Department of State, USAID, and DoD"). Also: an Arabic group opener and its name
       ("Jabhat al-Nusra", ``group_openers``), a journalist's outlet in a transcript ("Question
       (to Sergey Lavrov, Outlet):"), and the outlet ending a title after an interviewee
       ("Interview With Jason Miles of KHOU-11 News", "con Gesell Tobias de Voice of America
       Latinoamérica"; not a place, cut at a possessive: "CNN's State of the Union" gives
       "CNN"). A hyphenated participle ends the words before a head ("NATO-led Resolute Support
       Mission" gives "Resolute Support Mission"); "People's", "Workers'" do not ("Sudan
       People's Liberation Movement"). A hyphen or unspaced dash after a head joins a faction
       ("Movement-North", "Movement–Abdel Wahid"). A defining "(ACRONYM)" whose first letters
       the name lacks takes in the words before an "and" that give them ("Non-Proliferation and
       Disarmament Initiative (NPDI)"). A generic name that is a country ("Russian Federation")
       is none; an armed group's name takes its "(ACRONYM)"; a curated acronym followed by its
       own full form in square brackets is one name ("ISIL-K [Islamic State in Iraq and the
       Levant-Khorasan]"). A curated name inside a document's or a state's name is none ("United
       Nations Convention on the Law of the Sea", "Charte des Nations Unies", "Commonwealth of
       Australia"). A Romance or "of" complement that opens a curated name runs on to its end
       ("Conseil de l’Union européenne", "Misiones de Paz de Naciones Unidas", "Small Group of
       the Global Coalition to Defeat ISIS"). An embassy or consulate
       takes its city ("Mexican Consulate in Tucson", "Consulate General Nogales", "Embassy
       Seoul": a known city). A country written out after "of" stays in the name ("Transportation
       Safety Board of Canada said"; an abbreviation before a lower-case word does not: "Carter
       Center on U.S. policy"). "and <curated acronym>" is a second organization ("Council of
       Europe and OSCE"). Two acronyms joined by a slash define one name ("Islamic State in Iraq
       and the Levant (ISIL/Da’esh)"). A partnership or initiative of states is a relationship,
       no organization: a "Strategic", "Comprehensive" or "Bilateral" one, or one opening with a
       hyphenated pair with a place ("U.S.-Vietnam Comprehensive Partnership", "Japan-Mekong
       Connectivity Initiative"). A name ends before "on <platform>" ("East Asian and Pacific
       Bureau on Twitter") and before a building word ("Department of State Annex"); a name
       followed by "Base", "Airport" or "Airfield" is a place's ("Peterson Air Force Base"); a
       curated name is whole before "on <place>" ("Security Council on Myanmar": a topic).
       Programmes are no organizations ("Program" is no head; UN programmes are curated), nor
       is the merit an award is named for ("Award for Exceptional Service"), nor the issuing
       "Office of the Spokesperson" (a time such as "PM EDT" before it is cut off). "and" may
       stand before a head after a capitalised adjective, not a person or a place ("East Asian
       and Pacific Bureau"); three words may follow "and" when they close the name ("and Law
       Enforcement Affairs"). An "of" complement ends at a possessive ("Department of State’s
       Bureau of ..." gives the bureau) and before a title that follows its own words
       ("Japanese Ministry of Foreign Affairs Director-General of ..."). "for <place>" after a
       defining acronym belongs to the name ("International Support Group (ISG) for
       Lebanon"). In a French or Spanish title in sentence case (no capitalised "Sobre",
       "Pour" ...) a Romance name counts as in the body ("Atentado contra la Escuela de Cadetes
       de la Policía Nacional de Colombia"), and a Romance name the text writes longer with a
       "de" complement takes that longer value ("Escuela de Cadetes").
    3. The longest written form wins; nested and overlapping candidates are dropped.
       "<Organ> of the <curated organization>" yields the organization, with the organ kept in
       ``attrs["organ"]`` ("Executive Council of the OPCW"); "OPCW Executive Council" is one
       organization. A curated organ right after its parent's defined "Full Name (ACR)" is one
       name ("Organization for the Prohibition of Chemical Weapons (OPCW) Fact-Finding
       Mission"); after its parent's possessive, the organ alone ("the OPCW’s Fact-Finding
       Mission").
    4. Values: the text as written (possessive dropped, "(OPCW)" kept when written). An
       acronym alone takes the full form the text defined with "Full Name (ACR)", else stays
       the acronym. Forms differing only in case merge, the body's form preferred over the
       title's. A shortened form ("Security Council", "Joint Investigative Mechanism") takes
       the value of the longer form it ends ("UN Security Council") when the text has one.
       "UN Security Council and General Assembly" reads as two UN organs ("UN General
       Assembly"), when the curated prefix modifies the first name: "U.S. Drug Enforcement
       Administration (DEA), Office of ..." are two agencies. Written forms of one curated
       entry are one organization, the longest ("EU" gives "European Union" when that is
       written; an alias such as "ISIS" does not), and "Office of the <office-holder>" is the
       agency, whole. A name led by an acronym takes
       the defined full form when the text writes that name too ("OPCW Fact-Finding Mission").
       Treaties, resolutions and agreements are references, never organizations; the byline
       is never read, so the issuing office is not an organization.
    5. Page chrome: the site's publisher is not named by the release. From a footer marker
       ("©", "Copyright", "This is the official website of", "Follow the", "Categories:",
       "Page Top", "Built by the", a contact block's "Media Relations Office" ...) to the end
       of its paragraph, and in a menu line (two " | ", " • " or " · " separators), nothing
       is an organization; nor is a name right before a phone number (a press contact's
       department: "Global Affairs Canada 343-203-7700"), nor one that is the release's last
       paragraph on its own (the publisher's signature). A post's "By/Par/Por <site> | ..."
       line is chrome too ("Par U.S. Embassy Paris | Thèmes: ..."), and so is a distribution
       line: what "Distributed by APO Group on behalf of <issuer>" names counts nowhere in the
       release; a name right before a postal address is the letterhead ("Ministry of Foreign
       Affairs of Japan 2-2-1 Kasumigaseki"), and a short paragraph holding a street address
       is all letterhead or footer ("Embassy of France in the United States – 4101 Reservoir
       Road", "… | 799 United Nations Plaza", "Calle Serrano, 75"). A blog's "Labels:",
       "Tagged With:", "Filed Under:", "Posted by/in", a "Source:"/"Fuente:" line, "Printed
       from …" and "Read the original article on …" start chrome too.
       The issuer the release names ("A Foreign, Commonwealth and Development Office
       spokesperson said:", "An FCO spokesperson", "la porte-parole du ministère ...", a "From:
       <office>" line left in the body, "<office> released/issued the following statement",
       a news release's dateline ending in it: "July 19, 2021 – Ottawa, Ontario – Global
       Affairs Canada", "Ottawa, Ontario (STL.News) Global Affairs Canada – …")
       is no organization anywhere in it, in none of its written forms. Nor is a department
       in a briefer's anonymous title ("[Senior State Department Official]", "three senior
       State Department officials", "Funcionarios de Alto Rango del Departamento de Estado").
    6. Coordination: "y la"/"et la"/"and the" before a head noun, or "y"/"et" before a curated
       acronym, opens a second name ("Departamento de Estado y la Agencia … (USAID)",
       "Organización Mundial de la Salud y UNICEF"), also where a defining acronym would
       otherwise pull both into one ("… Commission and the High Constitutional Court (HCC)").
       A Mission, Delegation or Representation takes "to <body or place>" ("U.S. Mission to the
       United Nations", "OSCE Mission to Moldova"); a curated name takes a second acronym after
       a slash ("Global Coalition to Defeat ISIS/DAESH"); a title-case preposition ends a name
       ("Office of the Spokesperson Through the …"), "Under Secretary" does not ("Office of the
       Under Secretary for Public Affairs …"); a title's leading adjective before a title
       word opens a job title ("Kenya Ministry of Foreign Affairs Principal Secretary …"), and
       so does a modifier before a title word ("U.S. Agency for International Development
       Deputy Administrator …"); an honorific ends a name ("International Organisation for
       Migration Mr. William Lacy Swing").
       Names holding a comma or a second "and" that no pattern reads whole are curated
       ("Bureau of Population, Refugees and Migration", "Bureau of Oceans and International
       Environmental and Scientific Affairs").

References (:func:`find_references`, kind ``reference``)
    UN Security Council resolutions by number, in any of the usual shapes ("Resolution 2118
    of the UN Security Council", "UN Security Council Resolution 2209", "UNSCR 2231",
    "resolution 2118 (2013)", French and Spanish), value ``UNSCR <n>``; bare "UNSCRs";
    "Executive Order <n>"; curated treaties and agreements (value: the entry's name, also for
    an acronym such as "CWC"); and generic names ending in Convention, Treaty, Accord(s),
    Agreement(s), Declaration, Protocol ... ("Declaration of Principles"), two words at least.

People (:func:`find_people`, kind ``person``)
    1. Titled names: a title (President, Foreign Minister, Secretary of State, Special
       Representative, Director-General, Mr./Ms., le ministre, M., Mme, Monsieur
       l’Ambassadeur, el canciller, el expresidente, la portavoz ...), optionally a complement
       ("of State", "in Panama", "de l’Europe et des Affaires étrangères"), an optional
       comma, then a capitalised name. A headline verb ends a name in the title ("Sullivan
       Officiates": ``not_names``). Lower-case titles are looked
       for only when the release is not in English. A demonym or organization acronym before
       the title ("Russian", "U.S.", "OPCW"), in French and Spanish after it ("canciller
       ruso"), or "of <country>" after it gives ``attrs`` ``country``/``organization``; the
       title gives ``role`` (courtesy titles such as Mr. or Prince give none), as does a title
       in apposition (", Minister of Foreign Affairs,"). A title for an office not yet taken
       up keeps its "-designate"/"-elect" ("Prime Minister-Designate Adil Abd al-Mahdi",
       "président-élu"). An honorific opening the name after a title is none of its words
       ("ministre des Affaires étrangères, M. Jhinaoui"). A name never starts with a title,
       office or headline word, so "Mr. President" and "Secretary-General Condemns Deadly
       Attack" name no one.
    2. Untitled names: a known given name followed by a surname ("Jake Tapper", "Alexander
       Lukashenko"; an initial may open it: "W. Patrick Murphy"), or any capitalised name
       with a middle initial ("Rex W. Tillerson") or an Arabic particle ("Bashar al-Assad"),
       unless a curated organization ("Hayat Tahrir al-Sham", or any name after a group
       opener) is written there; a capitalised pair
       after a role noun ("academic", "charity worker": ``role_nouns``) is a name too, also
       after a counterpart noun with its demonym or country and a comma ("su nuevo colega
       iraquí, Fuad Hussein", "su homólogo de Argelia, Sabri Boukadoum"), and so
       are two or three capitalised words, none a place, followed by a title in apposition
       ("Charbel Wehbe, Minister of Foreign Affairs.", "Børge Brende, President, World Economic
       Forum"; or a title ending the line of a list: "* Margot Wallström, Minister for Foreign
       Affairs of Sweden"). A run of capitalised words that goes on to an organization's head
       noun is no person ("George P. Shultz National Foreign Affairs Training Center"), unless a
       title stands between.
    2a. Known public figures (``known_people``: heads of state and government, foreign
       ministers, UN/EU/NATO leaders, U.S. principals): any written form of an entry, surname
       alone included ("Maduro", "Erdogan"), case-sensitive on whole words; a form opening
       with a particle ("al-Assad", "von der Leyen") is looked for from its capitalised tail.
       Not before or after a regime word ("the Maduro regime", "régime de Maduro", "régime
       d’Assad"), not before
       a building or head noun ("Obama Foundation"), not inside a hyphenated word
       ("pro-Assad") or a curated organization.
    2b. Family in remarks: a possessive and a kin noun before a name ("my wife Susan", "mon
       fils Nick": ``kin_possessives``, ``kin_nouns``), and a known given name before "and
       I"/"y yo"/"et moi" ("Susan y yo").
    2c. The interviewee ending a title: "With"/"con"/"avec", two to four name words, then
       "of/from/de/du <outlet>" up to the end of the title.
    3. Speaker labels in capitals ("SECRETARY TILLERSON:", "MS NAUERT:"): the title is
       dropped and the name joins the person it names; in a transcript (two labels or more),
       a label with no title names a person when it opens with a known given name ("JULIE
       BISHOP:"). A contact or signature line opening
       with two or three name words followed straight by a title is a person ("Syrine Khoury
       Press Secretary ...").
    4. The byline (field ``byline``, offsets into ``content.byline.name``) when it is a person
       (it has a title line, or reads as a name and not as an office), with its title as role;
       ``attributed_to`` likewise (field ``attributed_to``).
    5. A surname already known from rules 1-4 counts again where it stands alone, with the
       given name before it if written ("Vijay Gokhale"; a word capitalised only because it
       opens a sentence is not one).
    A titled name may open with an initial ("Dr. S. Jaishankar"), also one the complement's
    pattern took ("for East Asian and Pacific Affairs W. Patrick Murphy"); an untitled one that
    is a country or city of the gazetteer ("Abu Dhabi") is none. Up to two particles may stand
    inside a name ("Ursula von der Leyen"; a speaker label "VON DER LEYEN" keeps them lower
    case). A candidate that is something else as a whole is no person: an article alone
    ("Le jeudi"), a demonym, a curated organization ("ministra de Asuntos Exteriores, Unión
    Europea y Cooperación"); nor is a month followed by a day part of a name ("Washington
    D.C. November 1"), nor a titled name followed by "and <Words> Affairs" (it ends the
    complement: "for Korean Peninsula Peace and Security Affairs"), nor one lone word after a
    title that the text also writes in lower case ("Condemns Terrorist Attack"). A first word
    that closes the complement's place is cut ("of South Africa Lindiwe Sisulu"). A demonym
    word closing the clause after a given name, or after a lone word after a title, is a
    surname ("Ambassador, Rita French, delivered").
    A name never follows "the", "of", "de" ... ("Minister for the Middle East" names no
    "Middle"; nor "and": "for Mali and Head of ..." names no "Head"; a lone word ending a
    complement before ", <name>" is a place: "for the South Caucasus, Toivo Klaar"), starts
    at a known given name when one follows a stray word ending a title's complement or a
    place ("Africa James Cleverly"; right after a title it does not: "General Min Aung
    Hlaing"), ends before
    a capitalised lower-case title ("Portavoz"), keeps a regnal number ("King Abdullah II"),
    and after a title may be written surname first in capitals
    ("Mr. MOTEGI Toshimitsu", surname "MOTEGI"); a regnal number may be French ("Bartholomée
    Ier") and a later name word may open with an ayn ("Akram ‘Abbas al-Kabi"). A lone word
    after a title that is a place is the post's city ("Consul General Erbil"), no person.
    A name inside an organization found by :func:`find_organizations` ("Organización de los
    Estados Americanos", "Sudan Liberation Movement–Abdel Wahid") is no person; a caller that
    has the organizations passes their spans (``org_spans``), so they are not found twice.
    A name never ends with an article or a capitalised particle ("Dakar, Sénégal Le 16 février"
    names no one; "Por Chuck Todd De NBC" names "Chuck Todd"). Honorifics give no role and are
    no part of a name: Burmese "Daw", "U", "Thura" and Indian "Shri" too ("Daw Aung San Suu
    Kyi" gives "Aung San Suu Kyi").
    Never a person: a name followed by a building or prize word ("Ronald Reagan Building"), a
    surname used as an adjective ("the Assad regime", "régime Maduro"). Mentions with the same
    surname and compatible given names (compared without case or accents: "Guaido" is "Juan
    Guaidó"; a given name of three letters or more may shorten another: "Pam Falk" is "Pamela
    Falk") are one person, whose value is the longest written
    form ("Rex W. Tillerson" over "Rex Tillerson" over "Tillerson"); a person only ever
    written by surname stays a surname. A name word alone that is the first of a longer name's
    two surnames is that person ("Ebrard" joins "Marcelo Ebrard Casaubon"), and so is one that
    opens a longer name: a surname written first ("Minister Kang" joins "Kang Kyung-wha") or a
    given name used alone ("Sigmar et moi" joins "Sigmar Gabriel"); two surnames written
    without the given name are the person whose name they end ("González Laya" is "Arancha
    González Laya"). A generational suffix written after the name is kept ("Tibor P. Nagy,
    Jr."), and so is a regnal number ("King Mohammed VI’s" gives "Mohammed VI"); a known
    person's full name lengthens a titled mention that stopped short of it ("Chairman Kim Jong
    Un"); a word right after an elided article ends a place's name, not a person's ("Côte
    d’Ivoire Richard K. Bell"); a saint's name opens a place ("San Pedro Sula", "St George
    Dragons"); "SEM", "S.E.M.", "Right Honourable" are honorifics, "Encargada de Negocios" and
    "Vicepresidenta" titles; a title-case preposition ("Through", "Para") or headline verb
    ("Expressing", "Welcoming") is no name.
    :func:`find_people` returns mentions in reading order (title, byline, ``attributed_to``,
    body) and :func:`people_names` lists the values in the order people are first named.

Speed: alternations of many words are compiled as tries whose first branch is a literal, and
resolutions are found from literal anchors, so the regex engine only stops where a match can
start; the few curated forms that open in lower case ("al-Qaeda") are searched apart, and
only in a text that holds one of their literal parts. A seed release takes a few hundred
microseconds.

Adding a name: append an entry to the matching data file (see the ``note`` at its top); no
code changes. A new title, demonym or given name goes into the lists of ``people.json``; a
well-known person into its ``known_people`` (full name, written variants, and the surname
alone only when it is distinctive: not "May", "Johnson", "Champagne").
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final, TypeVar

import msgspec

from schemas.release import ReleaseContent
from services.enrichment.countries import is_place_name
from services.enrichment.mentions import Document, Mention

__all__ = [
    "find_organizations",
    "find_people",
    "find_references",
    "organization_spans",
    "people_names",
]

_DATA: Final = Path(__file__).with_name("data")


# --------------------------------------------------------------------------------------------
# Data files


class _Entry(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    acronym: str | None = None
    aliases: list[str] = msgspec.field(default_factory=list)
    note: str = ""
    parent: str | None = None


class _OrgFile(msgspec.Struct, frozen=True, kw_only=True):
    note: str = ""
    heads: list[str]
    plural_heads: list[str] = msgspec.field(default_factory=list)
    not_organizations: list[str] = msgspec.field(default_factory=list)
    premod_stop: list[str] = msgspec.field(default_factory=list)
    romance_heads: list[str] = msgspec.field(default_factory=list)
    group_openers: list[str] = msgspec.field(default_factory=list)
    romance_premods: list[str] = msgspec.field(default_factory=list)
    romance_postmods: list[str] = msgspec.field(default_factory=list)
    organizations: list[_Entry]


class _RefFile(msgspec.Struct, frozen=True, kw_only=True):
    note: str = ""
    heads: list[str]
    references: list[_Entry]


class _PeopleFile(msgspec.Struct, frozen=True, kw_only=True):
    note: str = ""
    titles: list[str]
    honorifics: list[str]
    modifiers: list[str]
    office_words: list[str]
    demonyms: dict[str, str]
    given_names: list[str]
    not_names: list[str]
    facility_words: list[str]
    regime_words: list[str]
    name_particles: list[str]
    months: list[str]
    weekdays: list[str]
    role_nouns: list[str] = msgspec.field(default_factory=list)
    known_people: list[_Entry] = msgspec.field(default_factory=list)
    kin_nouns: list[str] = msgspec.field(default_factory=list)
    kin_possessives: list[str] = msgspec.field(default_factory=list)


_T = TypeVar("_T")


def _load(name: str, kind: type[_T]) -> _T:
    return msgspec.json.decode((_DATA / name).read_bytes(), type=kind)


_ORGS: Final = _load("organizations.json", _OrgFile)
_REFS: Final = _load("references.json", _RefFile)
_PEOPLE: Final = _load("people.json", _PeopleFile)


# --------------------------------------------------------------------------------------------
# Pattern building blocks

# Letters by case (Latin, Greek, Cyrillic): names such as "Üzümcü" or "Guaidó" are words too.
_SCRIPTS: Final = ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x370, 0x530))
_UPPER: Final = "".join(chr(c) for a, b in _SCRIPTS for c in range(a, b) if chr(c).isupper())
_LOWER: Final = "".join(chr(c) for a, b in _SCRIPTS for c in range(a, b) if chr(c).islower())
_UP: Final = f"[{_UPPER}]"
_LO: Final = f"[{_LOWER}ß]"
_APOS: Final = "['’]"
_DASH: Final = "[-‐‑]"
# How a character of a curated form is matched: any run of spaces, either apostrophe or dash.
_CHAR_PATTERNS: Final = {" ": r"\s+", "'": _APOS, "-": _DASH}
_BOUNDARY: Final = r"(?![\w])"
_FAR: Final = 1 << 62


def _canon(text: str) -> str:
    """One spelling for matching and lookups: straight apostrophes, plain dashes, one space."""
    return " ".join(text.replace("’", "'").replace("‐", "-").replace("‑", "-").split())


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False


def _alternation(words: Iterable[str]) -> str:
    """A regex for any of ``words``, longest first, built as a trie.

    A flat alternation of hundreds of names is tried name by name at every position; a trie
    branches on one character at a time, and its first branch (all literals) lets the regex
    engine skip straight to positions that can start a match.
    """
    root = _Node()
    for word in words:
        node = root
        for ch in _canon(word):
            node = node.children.setdefault(ch, _Node())
        node.end = True
    return _node_pattern(root)


def _node_pattern(node: _Node) -> str:
    branches = [
        (_CHAR_PATTERNS.get(ch) or re.escape(ch)) + _node_pattern(child)
        for ch, child in sorted(node.children.items())
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if node.end else body


def _starts_word(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if before in "'’":  # French elision: "l’Agence", "d’Europe" start a word
        return start >= 2 and text[start - 2] in "lLdD" and not _in_word(text, start - 2)
    return not (before.isalnum() or before in "_-‐‑")


def _in_word(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1].isalnum()


def _next_word(text: str, end: int) -> str:
    match = _NEXT_WORD.match(text, end)
    return match.group(1) if match else ""


_NEXT_WORD: Final = re.compile(r"[ \t]+([\w’'\-]+)")
_POSSESSIVE_S: Final = re.compile(r"\w['’]s$")
_POSSESSIVE: Final = re.compile(r"['’]s?$")


def _paragraph_start(doc: Document, pos: int) -> int:
    """Start of the title or paragraph holding ``pos``: patterns never reach across them."""
    i = bisect.bisect_right(doc.spans, (pos, _FAR)) - 1
    return doc.spans[max(i, 0)][0]


def _capitalised_in_body(doc: Document, start: int, end: int) -> bool:
    """Whether a name from the title is written in the body too, capitalised the same way.

    The title is in title case, so "Security Council on Non-Proliferation" there may be a
    council and a topic; the body, in sentence case, tells. Connectors may differ in case
    ("Partnership Against Impunity" in the title, "against" in the body).
    """
    text = doc.text
    body_start = doc.spans[1][0] if len(doc.spans) > 1 else len(text)
    phrase = text[start:end]
    lowered = text.lower()
    if len(lowered) != len(text):  # a character changed length when lowered: compare loosely
        return phrase.lower() in lowered[body_start:]
    needle = phrase.lower()
    words = [(m.start(), m.group()) for m in _WORD.finditer(phrase)]
    at = lowered.find(needle, body_start)
    while at >= 0:
        if all(
            word.lower() in _CONNECTORS or text[at + offset].isupper()
            for offset, word in words
            if word[0].isupper()
        ):
            return True
        at = lowered.find(needle, at + 1)
    return False


def _in_title_case(title: str) -> bool:
    """Whether a title capitalises its words ("Secretary Pompeo's Call With ..."): one that
    writes three or more longer words in lower case ("statement at a joint news conference
    with ...") is in sentence case, and its names count like the body's."""
    return len(_LOWER_WORD_RE.findall(title)) < 3


_LOWER_WORD_RE: Final = re.compile(r"(?<![\w’'\-])[a-zà-ÿ]{5,}(?![\w’'\-])")
_WORD: Final = re.compile(r"[\w’'\-.&]+")
_CONNECTORS: Final = frozenset({"of", "for", "the", "against", "on", "and", "to", "in"})


# --------------------------------------------------------------------------------------------
# Shared word lists

_TITLES: Final = tuple(_PEOPLE.titles)
_HONORIFICS: Final = frozenset(_PEOPLE.honorifics)
_GIVEN: Final = frozenset(_PEOPLE.given_names)
_FACILITY: Final = frozenset(_PEOPLE.facility_words)
_REGIME: Final = frozenset(w.casefold() for w in _PEOPLE.regime_words)
_MONTHS: Final = frozenset(_PEOPLE.months)
_ORG_HEADS: Final = (*_ORGS.heads, *_ORGS.plural_heads, *_ORGS.romance_heads)
_ROMANCE_HEADS: Final = frozenset(_ORGS.romance_heads)
_REF_HEADS: Final = tuple(_REFS.heads)


def _tokens(phrases: Iterable[str]) -> set[str]:
    return {token for phrase in phrases for token in _canon(phrase).split()}


# Words that never begin a person's name, and (months aside: "Theresa May") never continue one.
_NOT_NAME_FIRST: Final = frozenset(
    _tokens(_PEOPLE.not_names)
    | _tokens(_TITLES)
    | _tokens(_HONORIFICS)
    | _tokens(_PEOPLE.modifiers)
    | _tokens(_PEOPLE.office_words)
    | _tokens(_ORG_HEADS)
    | _tokens(_ORGS.group_openers)
    | _tokens(_REF_HEADS)
    | _FACILITY
    | _tokens(k for k in _PEOPLE.demonyms if k[:1].isupper())
    | _tokens(_ORGS.group_openers)
    # A lower-case title capitalised on a line of its own ("Heather Nauert Portavoz del ...").
    | {w[0].upper() + w[1:] for w in _tokens(t for t in _TITLES if t.islower()) if len(w) > 3}
)
_NOT_NAME_LATER: Final = _NOT_NAME_FIRST - _MONTHS
_CASEFOLDED_TITLE_WORDS: Final = frozenset(
    w.casefold().rstrip(".") for w in _tokens((*_TITLES, *_HONORIFICS))
)
_CASEFOLDED_TITLE_LEAD: Final = _CASEFOLDED_TITLE_WORDS | frozenset(
    w.casefold() for w in _tokens((*_PEOPLE.modifiers, *_PEOPLE.office_words))
)
_CASEFOLDED_NOT_NAME: Final = frozenset(w.casefold() for w in _NOT_NAME_FIRST)
# Where a generic organization or reference name may not start: sentence openers, headline
# words, titles ("Adam Austen Press Secretary Office of ..." is an office, not a person's).
_PREMOD_STOP: Final = frozenset(
    _tokens(_ORGS.premod_stop) | _tokens(_TITLES) | _tokens(_HONORIFICS) | _MONTHS
) - {"High"}  # "High Constitutional Court", though "High Commissioner" is a title


# --------------------------------------------------------------------------------------------
# Organizations and references: candidates


class _Cand(msgspec.Struct, kw_only=True):
    """A possible organization or reference before overlaps are resolved."""

    start: int
    end: int
    rule: str
    confidence: float
    entry: _Entry | None = None
    #: The curated form matched is an acronym ("OPCW"), so its value may be a defined full form.
    acronym_only: bool = False
    #: The acronym: the entry's, or the one written in parentheses after the name.
    acronym: str | None = None
    #: "(OPCW)" written right after the name: the end of the name without it.
    name_end: int | None = None
    organ: str | None = None


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return " " not in form and len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _forms(entries: Sequence[_Entry]) -> dict[str, tuple[_Entry, bool]]:
    """Every written form of every entry -> (entry, whether that form is an acronym)."""
    forms: dict[str, tuple[_Entry, bool]] = {}
    for entry in entries:
        forms.setdefault(_canon(entry.name), (entry, False))
        if entry.acronym:
            forms.setdefault(_canon(entry.acronym), (entry, True))
        for alias in entry.aliases:
            forms.setdefault(_canon(alias), (entry, _is_acronym(alias)))
    return forms


def _forms_regex(forms: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matcher for curated forms (the left boundary is checked by the caller)."""
    return re.compile(f"(?:{_alternation(forms)}){_BOUNDARY}")


class _FormsScan:
    """``finditer`` of :func:`_forms_regex` over all ``forms``, for a whole text, faster.

    The few forms opening with a lower-case letter ("al-Qaeda", "accords de Minsk") make the
    regex engine try a match at every such letter of a text. They get a pattern of their own,
    searched only when the text holds the longest literal part of one of them; the two
    patterns' matches are then merged as the one pattern finds them. They never start at the
    same character (only the second starts at a lower-case letter), so the one pattern's next
    match is the earlier of the two patterns' next matches after the previous one.
    """

    def __init__(self, forms: Iterable[str]) -> None:
        forms = list(forms)
        lower = [f for f in forms if f[:1].islower()]
        self._upper = _forms_regex(f for f in forms if not f[:1].islower())
        self._lower = _forms_regex(lower) if lower else None
        # A space of a form matches any run of spaces, an apostrophe or a dash any of its
        # kinds (_CHAR_PATTERNS): the parts between them are written as they are.
        self._hints = tuple(sorted({max(re.split(r"[ '-]", _canon(f)), key=len) for f in lower}))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._lower is None or not any(hint in text for hint in self._hints):
            yield from self._upper.finditer(text)
            return
        patterns = (self._upper, self._lower)
        pending = [pattern.search(text) for pattern in patterns]
        while found := [m for m in pending if m is not None]:
            match = min(found, key=lambda m: m.start())
            yield match
            # Each pattern's next match after this one: one starting inside it is not found.
            pending = [
                m if m is None or m.start() >= match.end() else pattern.search(text, match.end())
                for m, pattern in zip(pending, patterns, strict=True)
            ]


_ORG_FORMS: Final = _forms(_ORGS.organizations)
_ORG_FORMS_CASEFOLDED: Final = {k.casefold(): v for k, v in reversed(_ORG_FORMS.items())}
_ORG_RE: Final = _forms_regex(_ORG_FORMS)
_ORG_SCAN: Final = _FormsScan(_ORG_FORMS)
# A curated organization at the start of a longer name: "UN" in "UN Security Council".
_ORG_PREFIX_RE: Final = re.compile(f"(?:{_alternation(_ORG_FORMS)})(?= )")
_NOT_ORGS: Final = frozenset(_canon(n).casefold() for n in _ORGS.not_organizations)
_ORG_HEAD_RE: Final = re.compile(f"(?:{_alternation(_ORG_HEADS)}){_BOUNDARY}")

_REF_FORMS: Final = _forms(_REFS.references)
_REF_SCAN: Final = _FormsScan(_REF_FORMS)
_REF_HEAD_RE: Final = re.compile(f"(?:{_alternation(_REF_HEADS)}){_BOUNDARY}")
_REF_HEAD_WORDS: Final = frozenset(_REF_HEADS)

# Capitalised words before a head noun ("OPCW Fact-Finding", "U.S.-India Comprehensive").
# An abbreviation keeps its dots ("U.S.", "St."); any other word ends before a full stop.
_ABBREV: Final = rf"(?:{_UP}{_LO}?\.)+"
_PRETOK: Final = rf"(?:{_ABBREV}(?:[-‐][\w.]*\w)?|{_UP}[\w&’'\-‐+]*|\d+(?:\+\d+)+|&)"
_PRETOK_RE: Final = re.compile(_PRETOK)
_CTOK: Final = rf"(?:{_ABBREV}|{_UP}[\w’'\-‐]*)"


def _complements(*connectors: str) -> re.Pattern[str]:
    """ "of/for/… (the) Capitalised Words", repeated, after a head noun."""
    words = "|".join((*connectors, *(c.capitalize() for c in connectors)))
    return re.compile(
        rf"(?:[ \t]+(?:{words})(?:[ \t]+(?:the|The))?[ \t]+{_CTOK}(?:[ \t]+{_CTOK})*)*"
    )


_ORG_CONT_RE: Final = _complements("of", "for", "against", "on")
# "U.S. Mission to the United Nations": a mission's complement may also open with "to".
_ACCREDITED_CONT_RE: Final = _complements("of", "for", "against", "on", "to")
_REF_CONT_RE: Final = re.compile(
    rf"(?:[ \t]+(?:of|on|for|against|between|Of|On|For|Against|Between)(?:[ \t]+(?:the|The))?"
    rf"[ \t]+{_CTOK}(?:[ \t]+{_CTOK})*)*"
)
_AND_RE: Final = re.compile(
    rf"[ \t]+(?:and|&)[ \t]+({_CTOK})(?:[ \t]+({_CTOK}))?(?:[ \t]+({_CTOK}))?"
)
# "(OPCW)", and two acronyms of one name joined by a slash: "(ISIL/Da’esh)".
_PAREN_RE: Final = re.compile(
    r"[ \t]*\(([A-Z][A-Za-z0-9&.\-]{0,9}[A-Z0-9.](?:/[A-Z][\w’'\-]{1,9})?)\)"
)
_OF_THE_END: Final = re.compile(r"\s(?:of|Of)\s+(?:the\s+)?$")
_DIGIT_NEXT: Final = re.compile(r"[ \t]*\d")
# What may follow a head and lengthen the name: a connector, "and", or "(ACRONYM)".
_CONTINUATIONS: Final = (
    *(
        f"{space}{word}{after}"
        for word in ("of", "for", "against", "on", "between", "and", "&", "Of", "For", "On")
        for space in (" ", "\t")
        for after in (" ", "\t")
    ),
    " (",
    "(",
)


def _curated(
    doc: Document, scan: _FormsScan, forms: dict[str, tuple[_Entry, bool]], kind: str
) -> list[_Cand]:
    text = doc.text
    found: list[_Cand] = []
    for match in scan.finditer(text):
        start, end = match.span()
        if not _starts_word(text, start):
            continue
        entry, is_acronym = forms.get(match.group()) or forms[_canon(match.group())]
        cand = _Cand(
            start=start,
            end=end,
            rule=f"{kind}:gazetteer:acronym" if is_acronym else f"{kind}:gazetteer",
            confidence=0.9 if is_acronym else 0.95,
            entry=entry,
            acronym_only=is_acronym,
            acronym=entry.acronym or (_canon(match.group()) if is_acronym else None),
        )
        if not is_acronym:
            _take_parenthesis(text, cand)
            if kind == "organizations" and text.startswith("/", cand.end):
                # "Global Coalition to Defeat ISIS/DAESH": a second acronym after a slash is
                # the same name's.
                slash = _SLASH_ACRONYM_RE.match(text, cand.end)
                other = forms.get(_canon(slash.group(1))) if slash is not None else None
                last = forms.get(_canon(text[start : cand.end].split()[-1]))
                if slash is not None and other and last and other[0] is last[0]:
                    cand.end = slash.end()
        elif kind == "organizations":
            _take_brackets(text, cand, forms)
        if kind == "organizations" and _in_other_name(text, start, cand.end):
            continue
        found.append(cand)
    return found


_SLASH_ACRONYM_RE: Final = re.compile(r"/([A-Z][A-Za-z’'\-]{1,9})\b")


def _take_brackets(text: str, cand: _Cand, forms: dict[str, tuple[_Entry, bool]]) -> None:
    """ "ISIL-K [Islamic State in Iraq and the Levant-Khorasan]": an acronym followed by its own
    full form in square brackets is one name, written whole."""
    if not text.startswith(" [", cand.end):
        return
    close = text.find("]", cand.end, cand.end + 120)
    inner = forms.get(_canon(text[cand.end + 2 : close])) if close > 0 else None
    if inner is not None and inner[0] is cand.entry:
        cand.end = close + 1
        cand.acronym_only = False


def _in_other_name(text: str, start: int, end: int) -> bool:
    """A curated organization inside a document's or a state's name: "United Nations
    Convention on the Law of the Sea", "Charte des Nations Unies", "Commonwealth of
    Australia"."""
    if _next_word(text, end) in _REF_HEAD_WORDS:
        return True
    if (
        start > 8
        and text[start - 1] in " ’'"
        and text[start - 4 : start - 1] in _DOCUMENT_LINKS
        and _DOCUMENT_BEFORE_RE.search(text, max(0, start - 24), start)
    ):
        return True
    if text.startswith(" of ", end):
        place = _PLACE_AFTER_RE.match(text, end + 4)
        return place is not None and is_place_name(place.group())
    return False


# The last three characters before the space (or the apostrophe of "de l’").
_DOCUMENT_LINKS: Final = frozenset({"the", "des", " la", "las", "los", "del", " du", "e l"})
_DOCUMENT_BEFORE_RE: Final = re.compile(
    r"(?:Charter|Charte|Carta|Convention|Statute|Statut|Estatuto|Treaty|Traité|Tratado)"
    r"[ \t]+(?:of[ \t]+the|des|de[ \t]+la|de[ \t]+las|de[ \t]+los|del|du|de[ \t]+l['’])[ \t]*\Z"
)
_PLACE_AFTER_RE: Final = re.compile(rf"(?:the[ \t]+)?{_UP}[\w\-]+(?:[ \t]+{_UP}[\w\-]+){{0,2}}")


def _take_parenthesis(text: str, cand: _Cand) -> None:
    """Extend a full name over a defining "(ACRONYM)" written right after it."""
    paren = _PAREN_RE.match(text, cand.end)
    if paren:
        cand.name_end = cand.end
        cand.end = paren.end()
        cand.acronym = paren.group(1)


def _premods_start(doc: Document, head_start: int) -> int:
    """Where the capitalised words before a head noun begin, stop words cut off.

    Walks back word by word (at most six): a regex searched backwards over a window costs a
    match attempt at every character of it.
    """
    text = doc.text
    floor = _paragraph_start(doc, head_start)
    start = head_start
    crossed_and = False
    for _ in range(8):
        if start - 1 <= floor or text[start - 1] != " ":
            break
        word_start = max(text.rfind(" ", floor, start - 1) + 1, floor)
        word = text[word_start : start - 1]
        if word == "of" and start < head_start and _state_word_before(text, floor, word_start):
            start = word_start  # "Islamic Republic of Iran Broadcasting"
            continue
        if (
            word == "and"
            and start < head_start
            and not crossed_and
            and _adjective_before(text, floor, word_start)
        ):
            start, crossed_and = word_start, True  # "East Asian and Pacific Bureau"
            continue
        # A stop word, a title, a possessive ("People's" aside) or a participle ("NATO-led")
        # ends the name.
        if (
            not word
            or word in _PREMOD_STOP
            or not _PRETOK_RE.fullmatch(word)
            or (_POSSESSIVE.search(word) and _canon(word) not in _COLLECTIVE_POSSESSIVES)
            or (word.endswith(_PARTICIPLE_ENDS) and _PARTICIPLE_RE.search(word))
        ):
            break
        start = word_start
    if text.startswith("of ", start):  # the walk stopped right after a "Republic of"
        start += 3
    return start


# Possessives inside names: "Sudan People's Liberation Movement", "Kurdistan Workers' Party".
_COLLECTIVE_POSSESSIVES: Final = frozenset({"People's", "Peoples'", "Workers'", "Women's"})
# A hyphenated participle before a name is an adjective: "NATO-led", "Iran-backed".
_PARTICIPLE_RE: Final = re.compile(r"[-‐‑](?:[a-z]+ed|run|based)$")
_PARTICIPLE_ENDS: Final = ("ed", "run")
_STATE_WORDS: Final = frozenset(
    {"Republic", "Kingdom", "Federation", "Emirates", "Sultanate", "Principality", "States"}
)


def _adjective_before(text: str, floor: int, and_start: int) -> bool:
    """Whether "and" inside the words before a head follows a capitalised adjective ("East
    Asian and Pacific Bureau", "Economic and Social Council"), not a person or a place."""
    word_start = max(text.rfind(" ", floor, and_start - 1) + 1, floor)
    word = text[word_start : and_start - 1]
    return (
        _ADJECTIVE_RE.fullmatch(word) is not None
        and word not in _PREMOD_STOP
        and word not in _GIVEN
        and not _is_place(word)
    )


_ADJECTIVE_RE: Final = re.compile(rf"{_UP}{_LO}+(?:an|ern|ic|al)")


def _state_word_before(text: str, floor: int, of_start: int) -> bool:
    """Whether "of" follows a state's formal name ("Republic of", "Kingdom of")."""
    word_start = max(text.rfind(" ", floor, of_start - 1) + 1, floor)
    return text[word_start : of_start - 1] in _STATE_WORDS


def _continuation_end(text: str, end: int, cont: re.Pattern[str]) -> int:
    """Extend a head over "of/for/... Capitalised Words", stopping before a person's name."""
    match = cont.match(text, end)
    if match is None or match.end() == end:
        return end
    words = text[end : match.end()].split()
    keep = len(words)
    for i, word in enumerate(words):
        if word in _DATE_WORDS:  # "Declaration of Principles on January 23"
            keep = i
            break
        # "Department of State’s Bureau of ...": a possessive ends the name (the bureau after
        # it is another organization).
        if _POSSESSIVE_S.search(word) and _canon(word) not in _COLLECTIVE_POSSESSIVES:
            keep = i + 1
            break
        # "Pacific Bureau on Twitter" is where to follow it; "Department of State Annex" is
        # a building of the department: neither word belongs to the name.
        if word in _BUILDING_WORDS or (word in _PLATFORMS and words[i - 1] in ("on", "On")):
            keep = i
            break
        if (title_at := _job_title_at(words, i, cont)) is not None:
            keep = title_at
            break
        # "Office of the Spokesperson Heather Nauert": the name, and a title before it, are not
        # part of the office.
        # "Ministry of Foreign Affairs Principal Secretary …": a title's leading adjective
        # right after the name's own words opens the job title.
        if (
            cont is _ORG_CONT_RE
            and word in _TITLE_LEADS
            and i > 0
            and words[i - 1] not in _CONNECTOR_WORDS
            and any(w in _TITLE_TOKENS for w in words[i + 1 : i + 4])
        ):
            keep = i
            break
        # "Departamento de Estado y la Agencia de …": a head after "y la" opens a second name.
        # … and "y USAID", "y UNICEF": a curated acronym after "y" or "et" is a second name.
        if (
            word in ("y", "et")
            and i + 1 < len(words)
            and (
                (i + 2 < len(words) and words[i + 1] in _ARTICLES and words[i + 2] in _ORG_HEAD_SET)
                or (words[i + 1].isupper() and _canon(words[i + 1]) in _ORG_FORMS)
            )
        ):
            keep = i
            break
        if word in _GIVEN and i + 1 < len(words) and words[i + 1][:1].isupper():
            keep = i - 1 if i > 0 and words[i - 1] in _TITLE_TOKENS else i
            break
    # "Carter Center on U.S. policy": a demonym before a lower-case word is an adjective.
    # A country written out stays: "Transportation Safety Board of Canada said".
    if (
        keep
        and words[keep - 1] in _DEMONYMS
        and not (words[keep - 1].isalpha() and _is_place(words[keep - 1]))
        and _next_word_after(text, end, words[:keep]).islower()
    ):
        keep -= 1
    while keep and words[keep - 1] in _CONNECTOR_WORDS:
        keep -= 1
    pos = end
    for word in words[:keep]:
        pos = text.index(word, pos) + len(word)
    return pos


def _job_title_at(words: Sequence[str], i: int, cont: re.Pattern[str]) -> int | None:
    """Where a job title or a person's name opens at word ``i`` of a continuation, ending
    the organization's name there; None when word ``i`` goes on with the name."""
    word = words[i]
    # "Ministry of Foreign Affairs Director-General of ...": a title after the name's own
    # words opens a job title ("Office of the Special Envoy" keeps its title).
    if (
        cont is _ORG_CONT_RE
        and word[:1].isupper()
        and word in _TITLE_TOKENS
        and 0 < i < len(words) - 1
        and words[i - 1] not in _CONNECTOR_WORDS
        and words[i - 1] not in _TITLE_TOKENS
        and words[i - 1] != "Under"  # "Office of the Under Secretary for …"
    ):
        keep = i
        # "… Development Deputy Administrator": the title's own modifier goes with it
        while keep > 1 and words[keep - 1] in _TITLE_MODIFIERS:
            keep -= 1
        # … but "Office of the Deputy Prime Minister" is an office named after its holder
        return None if keep < i and words[keep - 1] in _CONNECTOR_WORDS else keep
    # "International Organisation for Migration Mr. William Lacy Swing": an honorific opens a
    # person's name.
    return i if word in _HONORIFIC_WORDS else None


def _next_word_after(text: str, end: int, words: Sequence[str]) -> str:
    pos = end
    for word in words:
        pos = text.index(word, pos) + len(word)
    return _next_word(text, pos)


_TITLE_TOKENS: Final = frozenset(_tokens(_TITLES))
# Social platforms an organization is followed "on", and buildings named after their occupant.
_PLATFORMS: Final = frozenset(
    {"Twitter", "Facebook", "Instagram", "YouTube", "LinkedIn", "Flickr", "Telegram", "X"}
)
_BUILDING_WORDS: Final = frozenset({"Annex", "Building", "Compound", "Auditorium"})
# A word after a name that makes it a place's: "Peterson Air Force Base", "… Airport".
_FACILITY_AFTER: Final = frozenset({"Base", "Airport", "Airfield"})
_DATE_WORDS: Final = _MONTHS | frozenset(_PEOPLE.weekdays)
_CONNECTOR_WORDS: Final = frozenset(
    form
    for word in ("of", "for", "against", "on", "between", "the", "and", "&")
    for form in (word, word.capitalize())
) | {"Through", "With", "From", "Upon", "By", "Para", "Por", "Pour", "Con", "Sobre", "Avec"}
# (Title-case prepositions above end no name: "Office of the Spokesperson Through the …".)


def _generic(
    doc: Document,
    heads: re.Pattern[str],
    cont: re.Pattern[str],
    kind: str,
    *,
    and_words: bool,
    curated: Sequence[_Cand] = (),
) -> list[_Cand]:
    """Names built around a head noun: "OPCW Fact-Finding Mission", "Declaration of Principles".

    A head that ends a curated match with nothing to continue it ("UN Security Council") can
    only give that same name again: it is skipped, which saves most of the work.
    """
    text = doc.text
    title_end = doc.title_span[1]
    title_case = _in_title_case(text[:title_end])
    romance_sentence_case = not _ROMANCE_TITLE_CASE_RE.search(text, 0, title_end)
    curated_ends = {c.end: c.start for c in curated if c.name_end is None}
    found: list[_Cand] = []
    for match in heads.finditer(text):
        head_start, head_end = match.span()
        if not _starts_word(text, head_start):
            continue
        if curated_ends.get(head_end, head_end) <= head_start and not text.startswith(
            _CONTINUATIONS, head_end
        ):
            continue
        romance = match.group() in _ROMANCE_HEADS
        start, end = _extent(doc, head_start, head_end, cont, kind, romance=romance)
        if kind == "organizations":
            end = _organization_end(text, match, end, curated, romance=romance)
        if and_words and not romance and end > head_end:
            end = _comma_list_end(text, _and_words_end(text, end, cont))
        end = _strip_possessive(text, start, end)
        # "Security Council on Myanmar": a curated name is whole before "on <place>".
        end = head_end if head_end in curated_ends and _on_place(text, head_end, end) else end
        if kind == "organizations":
            if _next_word(text, end) in _REF_HEAD_WORDS | _FACILITY_AFTER:
                # "Intermediate-Range Nuclear Forces Treaty" is a treaty, "Offutt Air Force
                # Base" a place
                continue
            end = _acronym_extension(text, start, end, romance=romance)
        if len(text[start:end].split()) < 2:
            continue
        if _canon(text[start:end]).casefold() in _NOT_ORGS:
            continue
        if match.group() in _RELATION_HEADS and _between_states(text[start:head_start]):
            continue
        # A French or Spanish title in sentence case (no capitalised "Sobre", "Pour" ...): a
        # Romance name's capitals there are its own.
        if (
            start < title_end
            and title_case
            and not (romance and romance_sentence_case)
            and not _capitalised_in_body(doc, start, end)
        ):
            continue
        cand = _Cand(start=start, end=end, rule=f"{kind}:pattern", confidence=0.8)
        _take_parenthesis(text, cand)
        if kind != "organizations" or _organization_shaped(doc, cand):
            found.append(cand)
    return found


# Capitalised French and Spanish function words: a title that writes them is in title case.
_ROMANCE_TITLE_CASE_RE: Final = re.compile(
    r"(?<=[ \t])(?:Sobre|Con|Para|Por|En|Contra|Entre|Sur|Avec|Pour|Dans|Contre|Par)(?=[ \t])"
)


# An award is named "<Award> for <Merit>": the merit's words are no organization.
_AWARD_BEFORE_RE: Final = re.compile(
    r"(?:Award|Prize|Medal|Prix|Premio|Medalla)[ \t]+(?:for|of|de|du|del)[ \t]+(?:the[ \t]+)?\Z"
)
# "International Support Group (ISG) for Lebanon": a place after the defining acronym.
_PLACE_AFTER_ACRONYM_RE: Final = re.compile(
    rf"[ \t]+for[ \t]+(?:the[ \t]+)?({_UP}[\w\-]+(?:[ \t]+{_UP}[\w\-]+){{0,2}})"
    rf"{_BOUNDARY}"
)


def _place_after_acronym_end(text: str, end: int) -> int:
    """Where a name whose defining "(ACRONYM)" is followed by "for/of/in <place>" ends: the
    place belongs to it ("International Support Group (ISG) for Lebanon")."""
    match = _PLACE_AFTER_ACRONYM_RE.match(text, end)
    if match is not None and _is_place(_canon(match.group(1))):
        return match.end()
    return end


def _on_place(text: str, head_end: int, end: int) -> bool:
    """Whether the words from ``head_end`` to ``end`` are "on <place>": a topic."""
    return text.startswith(" on ", head_end) and _is_place(
        _canon(text[head_end + 4 : end].removeprefix("the "))
    )


def _organization_end(
    text: str, head: re.Match[str], end: int, curated: Sequence[_Cand], *, romance: bool
) -> int:
    """What lengthens an organization's name past its head and complement: the rest of a
    curated name a Romance complement opens, a faction, a diplomatic post's city."""
    head_end = head.end()
    if romance or text.startswith(_INTO_CURATED_OF, head_end):
        end = _into_curated(text, curated, head_end, end)
    if end != head_end:
        return end
    faction = _FACTION_RE.match(text, end)
    if faction is not None:  # "Sudan People's Liberation Movement-North"
        return faction.end()
    if head.group() in _POST_HEADS:
        return _post_place_end(text, end)
    return end


# A partnership or initiative of states is a relationship, no organization: "U.S.-Vietnam
# Comprehensive Partnership", "Japan-Mekong Connectivity Initiative", "Comprehensive Strategic
# Partnership".
_RELATION_HEADS: Final = frozenset({"Partnership", "Initiative"})
_RELATION_WORDS: Final = frozenset({"Strategic", "Comprehensive", "Bilateral"})


def _between_states(premods: str) -> bool:
    words = premods.split()
    if any(w in _RELATION_WORDS for w in words):
        return True
    if not words:
        return False
    sides = [p for p in re.split(r"[-‐‑–]", words[0]) if p]
    return len(sides) == 2 and any(_is_place(p) or p in _DEMONYMS for p in sides)


# A diplomatic post is named by its city: "Consulate in Tucson", "Consulate General Nogales".
_POST_HEADS: Final = frozenset({"Embassy", "Consulate"})
_POST_PLACE_RE: Final = re.compile(
    rf"(?P<link>[ \t]+General|[ \t]+in)?[ \t]+"
    rf"(?P<place>{_UP}{_LO}+(?:[ \t]+{_UP}{_LO}+)?){_BOUNDARY}(?![ \t]+{_UP})"
)


def _post_place_end(text: str, end: int) -> int:
    """ "Mexican Consulate in Tucson", "Consulate General Nogales", "Embassy Seoul": the city
    after "in" or "General" (any capitalised word that is no stop word), or a known city."""
    post = _POST_PLACE_RE.match(text, end)
    if post is None:
        return end
    place = post.group("place")
    if any(w in _PREMOD_STOP or w in _NOT_NAME_FIRST for w in place.split()):
        return end
    if post.group("link") or _is_place(place):
        return post.end()
    return end


def _into_curated(text: str, curated: Sequence[_Cand], head_end: int, end: int) -> int:
    """ "Conseil de l’Union européenne", "Misiones de Paz de Naciones Unidas": a Romance
    complement stops at a lower-case word, but a curated name it opens runs on to its end.
    After "et"/"y" the curated name is a second organization ("Conseil de Paix et les
    Nations unies"): the complement ends before the conjunction."""
    for cand in curated:
        if head_end < cand.start < end < _name_end(cand):
            conjunction = _CONJUNCTION_RE.search(text, head_end, cand.start)
            return conjunction.start() if conjunction else _name_end(cand)
    return end


_CONJUNCTION_RE: Final = re.compile(r"[ \t]+(?:et|y|and)[ \t]")


# A faction or branch joined to a head by a hyphen or an unspaced dash: "Movement-North",
# "Movement–Abdel Wahid" (one or two capitalised words).
_FACTION_RE: Final = re.compile(rf"[-‐‑–]{_UP}{_LO}+(?:[ \t]{_UP}{_LO}+)?{_BOUNDARY}(?![-‐‑–])")
_AND_BEFORE_RE: Final = re.compile(rf"((?:{_UP}[\w’'\-]*[ \t]+){{1,2}})and[ \t]+\Z")


def _organization_shaped(doc: Document, cand: _Cand) -> bool:
    """Last checks on a generic organization: not a country ("Russian Federation"), not the
    merit an award is named for; a place after its defining acronym belongs to it ("Group
    (ISG) for Lebanon"), and the acronym may take in words before an "and"
    (:func:`_initials_start`)."""
    text = doc.text
    if _is_place(_canon(text[cand.start : _name_end(cand)])):
        return False
    if _AWARD_BEFORE_RE.search(text, max(0, cand.start - 24), cand.start):
        return False  # "the Attorney General's Award for Exceptional Service": an award
    if cand.name_end is not None:
        cand.end = _place_after_acronym_end(text, cand.end)
    if cand.acronym is not None:
        cand.start = _initials_start(doc, cand.start, cand.acronym)
    return True


@functools.lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    return is_place_name(name)


def _initials_start(doc: Document, start: int, acronym: str) -> int:
    """ "Non-Proliferation and Disarmament Initiative (NPDI)": a defining acronym whose first
    letters the name lacks takes in the capitalised words before an "and" that give them."""
    letters = [c for c in acronym if c.isalpha() and c.isupper()]
    if len(letters) < 3:
        return start
    text = doc.text
    match = _AND_BEFORE_RE.search(text, max(_paragraph_start(doc, start), start - 40), start)
    if match is None:
        return start
    words = [p for w in match.group(1).split() for p in re.split(r"[-‐‑]", w) if p]
    initials = "".join(w[0] for w in words if w[0].isupper())
    if any(w in _PREMOD_STOP for w in match.group(1).split()):
        return start
    if initials and "".join(letters).startswith(initials):
        return match.start()
    return start


def _extent(
    doc: Document,
    head_start: int,
    head_end: int,
    cont: re.Pattern[str],
    kind: str,
    *,
    romance: bool,
) -> tuple[int, int]:
    """Where a name around a head noun starts and ends, before "and" words and lists."""
    text = doc.text
    if romance:  # "Consejo Nacional Electoral": the head comes first
        start = head_start
        before = _word_before(text, head_start)
        if before in _ROMANCE_PREMODS:  # "Haute Cour du Guyana"
            start -= len(before) + 1
        post = _ROMANCE_POST_RE.match(text, head_end)
        if post is not None:  # "Garde côtière des États-Unis", "Église orthodoxe géorgienne"
            head_end = post.end()
        return start, _continuation_end(text, head_end, _ROMANCE_CONT_RE)
    start = _premods_start(doc, head_start)
    if kind == "organizations" and text.startswith(_ROMANCE_OF, head_end):
        # An English head in a French or Spanish text: "Alliance de l’OTAN".
        return start, _continuation_end(text, head_end, _ROMANCE_CONT_RE)
    if kind == "organizations" and text[head_start:head_end] in _ACCREDITED_HEADS:
        cont = _ACCREDITED_CONT_RE  # "U.S. Mission to the United Nations", "… to the OSCE"
    return start, _continuation_end(text, head_end, cont)


# Words that modify a title right before it ("Deputy Administrator", "Acting Director").
_TITLE_MODIFIERS: Final = frozenset(
    {"Deputy", "Acting", "Assistant", "Associate", "Vice", "Senior", "Principal", "Executive"}
)
# The honorifics that open a person's name inside a run of capitalised words; not the whole
# curated list (``_HONORIFICS``): "M." is also an initial ("M. D. Anderson"), "U" and "Sir"
# are words of names.
_HONORIFIC_WORDS: Final = frozenset(
    {"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Mme", "Mme.", "Sr.", "Sra."}
)
_TITLE_LEADS: Final = frozenset(
    {"Principal", "Permanent", "Cabinet", "Chief", "Political", "Parliamentary", "Executive"}
)
_ACCREDITED_HEADS: Final = frozenset({"Mission", "Delegation", "Representation"})


# After a Romance head: capitalised words, with "de", "del", "de la", "pour" ... between them.
_ROMANCE_CONT_RE: Final = re.compile(
    rf"(?:[ \t]+(?:(?:de|del|des|du|para|pour|contra|sur|y|et)[ \t]+"
    rf"(?:(?:la|las|los|les)[ \t]+|l['’])?)?{_CTOK})*"
)
# Up to eight words and a defining "(ACRONYM)": "Mission in Mali (MINUSMA)".
_EXTENSION_RE: Final = re.compile(
    r"((?:[ \t]+[\w’'\-]+){1,8}?)[ \t]*\(([A-Z][A-Za-z0-9&.\-]{0,9}[A-Z0-9.])\)"
)
_COORDINATORS: Final = frozenset({"and", "et", "y", "e"})
_ARTICLES: Final = frozenset({"the", "la", "le", "les", "l", "el", "los", "las"})
_EXTENSION_CONNECTORS: Final = frozenset(
    {"in", "to", "for", "of", "on", "at", "the", "and", "against"}
    | {"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "pour", "sur"}
    | {"del", "los", "las", "y", "para", "contra"}
)


def _acronym_extension(text: str, start: int, end: int, *, romance: bool) -> int:
    """Extend a name over "in/to support/for ... (ACRONYM)", "de recherches ... (CERI)".

    Only a defining acronym right after the words, whose letters are mostly the initials of
    the name, lets a name run on past lower-case words; English names take at most two
    lower-case words that are not connectors ("to support the"), Romance names four.
    """
    match = _EXTENSION_RE.match(text, end)
    if match is None:
        return end
    words = [p for w in match.group(1).split() for p in re.split(r"['’]", w) if p]
    if not words or not (words[0] in _EXTENSION_CONNECTORS or (romance and words[0].islower())):
        return end
    pairs = enumerate(itertools.pairwise(words))
    second = next((i for i, (a, b) in pairs if a in _COORDINATORS and b in _ARTICLES), None)
    if second is not None and any(w in _ORG_HEAD_SET for w in words[second + 2 :]):
        return end  # "National … Commission and the High Constitutional Court (HCC)": two names
    loose = [w for w in words if w.islower() and w not in _EXTENSION_CONNECTORS]
    if len(loose) > (4 if romance else 2) or any(w.endswith("ed") for w in loose):
        return end
    name_words = [p for w in text[start : match.end(1)].split() for p in re.split(r"['’]", w)]
    initials = {w[0].upper() for w in name_words if w}
    letters = {c for c in match.group(2) if c.isalpha()}
    if not letters or len(letters & initials) * 2 < len(letters):
        return end
    return match.end(1)


def _comma_list_end(text: str, end: int) -> int:
    """ "Bureau of Population, Refugees, and Migration": a serial list closing with ", and"
    after an "of" complement belongs to the name, unless an item is an acronym, a place or
    another organization ("Department of State, USAID, and DoD")."""
    match = _COMMA_LIST_RE.match(text, end)
    if match is None:
        return end
    items = [i.strip() for i in re.split(r",|\band\b", text[end : match.end()]) if i.strip()]
    for item in items:
        words = item.split()
        if (
            len(words) > 3
            or any(w.isupper() or w in _ORG_HEAD_SET or w in _REF_HEAD_WORDS for w in words)
            or is_place_name(item)
        ):
            return end
    return match.end()


_COMMA_LIST_RE: Final = re.compile(
    rf"(?:,[ \t]+{_CTOK}(?:[ \t]+{_CTOK}){{0,2}}){{1,3}},[ \t]+and[ \t]+{_CTOK}"
    rf"(?:[ \t]+{_CTOK}){{0,2}}(?![ \t]+{_UP})"
)
_ROMANCE_OF: Final = (" de ", " du ", " des ", " del ")
# A complement that may open a curated name and run on to its end: "Conseil de l’Union
# européenne", "Small Group of the Global Coalition to Defeat ISIS".
_INTO_CURATED_OF: Final = (*_ROMANCE_OF, " of ")
_ROMANCE_PREMODS: Final = frozenset(_ORGS.romance_premods)
# Up to two lower-case adjectives after a Romance head: curated ones and demonyms.
_ROMANCE_POSTMODS: Final = (
    *_ORGS.romance_postmods,
    *(k for k in _PEOPLE.demonyms if k.islower()),
)
_ROMANCE_POST_RE: Final = re.compile(
    rf"(?:[ \t]+(?:{_alternation(_ROMANCE_POSTMODS)}){_BOUNDARY}){{1,2}}"
)


def _and_words_end(text: str, end: int, cont: re.Pattern[str]) -> int:
    """ "Department of Foreign Affairs and Trade": one or two words after "and" belong."""
    match = _AND_RE.match(text, end)
    if match is None or _DIGIT_NEXT.match(text, match.end()):
        return end
    words = [w for w in match.groups() if w]
    if any(w in _REF_HEAD_WORDS or w in _ORG_HEAD_SET or w in ("The", "A") for w in words):
        return end
    if len(words) == 3 and (
        any(w in _TITLE_TOKENS or w in _GIVEN for w in words)
        or _next_word(text, match.end())[:1].isupper()
    ):
        # A third word only closes a name ("and Law Enforcement Affairs"), never opens a
        # title or a person's name.
        match = _AND_RE.match(text, end, match.end(2))
        if match is None:
            return end
        words = words[:2]
    if words[0].isupper() and _canon(words[0]) in _ORG_FORMS:
        return end  # "Council of Europe and OSCE": a second organization
    return _continuation_end(text, match.end(), cont)


_ORG_HEAD_SET: Final = frozenset(_ORG_HEADS)


def _strip_possessive(text: str, start: int, end: int) -> int:
    if end - start > 2 and text[end - 2] in "'’" and text[end - 1] == "s":
        return end - 2
    return end - 1 if end > start and text[end - 1] in "'’" else end


def _longest_first(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest of overlapping candidates (curated before generic on a tie)."""
    ranked = sorted(cands, key=lambda c: (c.start - c.end, c.entry is None, c.start))
    kept: list[_Cand] = []
    for cand in ranked:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _organ_of(doc: Document, generic: list[_Cand], curated: list[_Cand]) -> list[_Cand]:
    """ "Executive Council of the <curated organization>" is a mention of the organization."""
    text = doc.text
    out: list[_Cand] = []
    for g in generic:
        inner = next(
            (
                c
                for c in curated
                if g.start < c.start
                and c.end == g.end
                and _OF_THE_END.search(text, g.start, c.start)
            ),
            None,
        )
        if inner is None:
            out.append(g)
            continue
        organ = _OF_THE_END.sub("", text[g.start : inner.start])
        if (
            organ in _OFFICE_WORDS
            and _last_word(text, inner.start, _name_end(inner)) in _TITLE_TOKENS
        ):
            # "Office of the UN High Commissioner for Refugees": the office is the agency.
            g.entry, g.acronym = inner.entry, g.acronym or inner.acronym
            out.append(g)
            continue
        out.append(
            _Cand(
                start=inner.start,
                end=inner.end,
                rule="organizations:organ-of",
                confidence=inner.confidence,
                entry=inner.entry,
                acronym_only=inner.acronym_only,
                acronym=inner.acronym,
                name_end=inner.name_end,
                organ=" ".join(organ.split()),
            )
        )
    return out


_OFFICE_WORDS: Final = frozenset({"Office", "Bureau", "Secretariat"})


def _last_word(text: str, start: int, end: int) -> str:
    """The head word of a name: the last word before its "for/of ..." complement."""
    words = text[start:end].split()
    for i, word in enumerate(words):
        if word in ("for", "of", "on") and i:
            return words[i - 1]
    return words[-1] if words else ""


def _priority(cand: _Cand) -> int:
    if cand.rule.endswith("organ-of"):
        return 0  # same span as the curated match inside it, and says more
    return 1 if ":gazetteer" in cand.rule else 2


def _ranked(cands: list[_Cand]) -> list[_Cand]:
    return sorted(cands, key=_priority)


# --------------------------------------------------------------------------------------------
# Organizations


def find_organizations(doc: Document) -> list[Mention]:
    """Organizations named in the title and body, in text order (rules: module docstring)."""
    text = doc.text
    curated = _with_parent_before(text, _curated(doc, _ORG_SCAN, _ORG_FORMS, "organizations"))
    generic = _generic(
        doc, _ORG_HEAD_RE, _ORG_CONT_RE, "organizations", and_words=True, curated=curated
    )
    for cand in generic:
        # A curated name written another way ("Partnership against Impunity" in lower case).
        known = _ORG_FORMS_CASEFOLDED.get(_canon(text[cand.start : _name_end(cand)]).casefold())
        if known is not None:
            cand.entry = known[0]
            cand.acronym = cand.acronym or known[0].acronym
    shaped = [*_armed_groups(text), *_outlets(doc)]
    chosen = _longest_first(_ranked([*_organ_of(doc, generic, curated), *curated, *shaped]))
    chosen = _outside_page_chrome(doc, chosen)
    chosen = _without_issuer(doc, chosen)
    if "enior" in text or "ENIOR" in text or "ango" in text:  # cheap test first
        chosen = [c for c in chosen if not _in_anonymous_title(text, c)]
    chosen = _with_defined_acronyms(text, chosen)
    values, coordinated = _org_values(doc, chosen)
    mentions: list[Mention] = []
    for cand, value in zip(chosen, values, strict=True):
        attrs: dict[str, str] = {}
        if cand.acronym:
            attrs["acronym"] = cand.acronym
        if cand.entry is not None:
            attrs["entry"] = cand.entry.name
        if cand.organ:
            attrs["organ"] = cand.organ
        mentions.append(
            Mention(
                kind="organization",
                value=value,
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                rule="organizations:coordination" if id(cand) in coordinated else cand.rule,
                confidence=cand.confidence,
                attrs=attrs,
            )
        )
    return mentions


# "[Senior State Department Official]", "three senior State Department officials",
# "Funcionarios de Alto Rango del Departamento de Estado": a briefer's anonymous title, which
# names no organization.
_SENIOR_BEFORE_RE: Final = re.compile(r"(?:[Ss]enior|SENIOR)[ \t]+\Z")
_OFFICIAL_AFTER_RE: Final = re.compile(r"[ \t]+(?:[Oo]fficials?|OFFICIALS?)\b")
_HIGH_RANK_BEFORE_RE: Final = re.compile(r"[Aa]lto[ \t]+[Rr]ango[ \t]+del?[ \t]+\Z")


def _in_anonymous_title(text: str, cand: _Cand) -> bool:
    window = max(0, cand.start - 20)
    if _SENIOR_BEFORE_RE.search(text, window, cand.start):
        return _OFFICIAL_AFTER_RE.match(text, cand.end) is not None
    return _HIGH_RANK_BEFORE_RE.search(text, window, cand.start) is not None


def _with_parent_before(text: str, curated: list[_Cand]) -> list[_Cand]:
    """ "Organization for the Prohibition of Chemical Weapons (OPCW) Fact-Finding Mission", "the
    OPCW’s Fact-Finding Mission": a curated organ written right after its parent's defined
    "Full Name (ACR)", or after its parent's possessive, is one name."""
    by_end = {c.end: c for c in curated if c.entry is not None}
    joined: set[int] = set()
    for cand in curated:
        if cand.entry is None or cand.entry.parent is None:
            continue
        gap = 1 if text[cand.start - 1 : cand.start] == " " else 0
        parent = by_end.get(cand.start - gap)
        if parent is None and _POSSESSIVE_GAP.match(text, cand.start - 3):
            parent = by_end.get(cand.start - 3)
        if parent is None or parent.entry is None or cand.entry.parent != parent.entry.name:
            continue
        if parent.name_end is not None and gap:
            cand.start = parent.start
            joined.add(id(parent))
        elif parent.end < cand.start - 1:  # the possessive: the organ alone
            joined.add(id(parent))
    return [c for c in curated if id(c) not in joined] if joined else curated


_POSSESSIVE_GAP: Final = re.compile(r"['’]s ")


def _outside_page_chrome(doc: Document, chosen: list[_Cand]) -> list[_Cand]:
    """Drop the site's publisher named in footer and contact lines (module docstring, rule 5).

    From a footer marker ("©", "This is the official website of", "Follow the", "Categories:"
    ...) or a menu separator to the end of its paragraph nothing is an organization; neither
    is a name right before a phone number (the press contact's department), nor one that
    makes up the release's last paragraph on its own (the publisher's signature line).
    """
    if not chosen:
        return chosen
    text = doc.text
    # Only the paragraphs that hold a candidate are searched, each once.
    chrome_from: dict[int, int] = {}
    last_start, last_end = doc.spans[-1] if len(doc.spans) > 1 else (-1, -1)
    kept: list[_Cand] = []
    # "Distributed by APO Group on behalf of <issuer>": neither counts anywhere in the release.
    distributed: set[str] = set()
    for cand in chosen:
        i = bisect.bisect_right(doc.spans, (cand.start, _FAR)) - 1
        if i not in chrome_from:
            a, b = doc.spans[max(i, 0)]
            chrome_from[i] = _FAR
            # Footers and menus are short lines: a long paragraph is the release's own text.
            if i > 0 and b - a <= _CHROME_CHARS:
                chrome_from[i] = _chrome_start(text, a, b)
        if cand.start >= chrome_from[i]:
            if _DISTRIBUTED_RE.search(text, doc.spans[i][0], cand.start):
                distributed.add(_canon(text[cand.start : _name_end(cand)]).casefold())
            continue
        if _CONTACT_AFTER_RE.match(text, cand.end):
            continue
        if cand.start == last_start and text[cand.end : last_end].strip(" .") == "":
            continue
        kept.append(cand)
    if distributed:
        kept = [
            c for c in kept if _canon(text[c.start : _name_end(c)]).casefold() not in distributed
        ]
    return kept


def _chrome_start(text: str, a: int, b: int) -> int:
    """Where page chrome starts in the short paragraph ``text[a:b]`` (``_FAR``: nowhere)."""
    paragraph = text[a:b]
    start = _FAR
    # Substring tests come first: a regex of alternatives is slow to scan.
    if any(k in paragraph for k in _FOOTER_KEYS):
        footer = _FOOTER_RE.search(text, a, b)
        start = footer.start() if footer is not None else _FAR
    if any(paragraph.count(sep) >= 2 for sep in (" | ", " • ", " · ")):
        return a  # a menu or breadcrumb line
    if not paragraph.rstrip().endswith(".") and (
        _POSTAL_ADDRESS_RE.search(paragraph)
        or (
            ("Calle" in paragraph or "Avenida" in paragraph or "Rue " in paragraph)
            and _ROMANCE_ADDRESS_RE.search(paragraph)
        )
    ):
        return a  # the publisher's address line (a sentence naming a street is none)
    if paragraph.startswith(_POSTED_BY) and " | " in paragraph:
        return a  # "Par U.S. Embassy Paris | Thèmes: ...": the poster
    return start


def _without_issuer(doc: Document, chosen: list[_Cand]) -> list[_Cand]:
    """Drop the issuing office the release names itself (module docstring, rule 5).

    "A Foreign, Commonwealth and Development Office spokesperson said:", "An FCDO spokesperson
    said:", "la porte-parole du ministère ..." and a "From: <office>" line (a gov.uk header
    left in the body) name the issuer, so no written form of that office (the same curated
    entry, or the same words) counts anywhere in the release.
    """
    text = doc.text
    # Substring tests first: most releases have neither marker.
    french = "porte-parole" in text
    following = " the following" in text
    dateline = " – " in text or " - " in text
    if not chosen or (
        "spokes" not in text
        and "From:" not in text
        and not french
        and not following
        and not dateline
    ):
        return chosen
    issuers: list[_Cand] = []
    for cand in chosen:
        if (
            _SPOKESPERSON_AFTER_RE.match(text, cand.end)
            or (following and _ISSUED_FOLLOWING_RE.match(text, cand.end))
            or (
                dateline
                and _ISSUER_DATELINE_AFTER_RE.match(text, cand.end)
                and _ISSUER_DATELINE_BEFORE_RE.search(text, max(0, cand.start - 60), cand.start)
            )
            or _FROM_BEFORE_RE.search(text, max(0, cand.start - 12), cand.start)
            or (
                french and _PORTE_PAROLE_BEFORE_RE.search(text, max(0, cand.start - 40), cand.start)
            )
        ):
            issuers.append(cand)
    if not issuers:
        return chosen
    entries = {c.entry.name for c in issuers if c.entry is not None}
    names = {_canon(text[c.start : _name_end(c)]).casefold() for c in issuers}
    return [
        c
        for c in chosen
        if not (c.entry is not None and c.entry.name in entries)
        and _canon(text[c.start : _name_end(c)]).casefold() not in names
    ]


# "The US Department of State released the following statement:", "Global Affairs Canada today
# issued the following statement:".
_ISSUED_FOLLOWING_RE: Final = re.compile(
    r"[ \t]+(?:today[ \t]+)?(?:released|issued|has issued|made)[ \t]+the[ \t]+following\b"
)
# A news release's dateline ending in its issuer: "July 19, 2021 – Ottawa, Ontario – Global
# Affairs Canada", "Ottawa, Ontario (STL.News) Global Affairs Canada – The Honourable …".
_ISSUER_DATELINE_BEFORE_RE: Final = re.compile(
    r"(?:\d{4}|\))[ \t]+[–-][ \t]+[A-Z][\w.]*(?:,?[ \t]+[A-Z][\w.]*){0,3}[ \t]+[–-][ \t]+\Z"
    r"|\([A-Z][\w]*\.?[A-Z]?[\w]*\)[ \t]+\Z"
)
_ISSUER_DATELINE_AFTER_RE: Final = re.compile(r"[ \t]*(?:\n|\Z|[ \t]+[–-][ \t]+)")
# "An FCO spokesperson said", "the Ministry for Europe and Foreign Affairs spokesperson".
_SPOKESPERSON_AFTER_RE: Final = re.compile(r"['’]?s?[ \t]+spokes(?:person|man|woman)\b")
# "la porte-parole du ministère de l’Europe et des affaires étrangères", "porte-parole adjoint du".
_PORTE_PAROLE_BEFORE_RE: Final = re.compile(
    r"porte-parole(?:[ \t]+adjointe?)?[ \t]+(?:du|de[ \t]+la|de[ \t]+l['’]|de)[ \t]*\Z"
)
# "From: Global Affairs Canada", "- From: [Foreign, Commonwealth & Development Office](...)".
_FROM_BEFORE_RE: Final = re.compile(r"(?:^|\n)[-*]?[ \t]*From:[ \t]*\[?$")


# Where a page's footer, share row or menu starts: the rest of that paragraph is chrome.
_FOOTER_RE: Final = re.compile(
    r"©|\bCopyright\b|\b[Oo]fficial website of\b|\bwebsite is maintained by\b"
    r"|\bContent Owned by\b|\bFollow (?:the|us|this)\b|\bSuivez\b|\bSíganos\b"
    r"|\b(?:Categories|Editorial Sections|Tags|Temas|Thèmes):|related information by keyword"
    r"|\bPage Top\b|\bBuilt by the\b|\bRhestr o Wasanaethau\b|\bMedia Relations Office\b"
    r"|\bService des relations avec les médias\b|\b[Dd]istributed by\b"
    r"|\b(?:Labels|Tagged With|Filed Under|Source|Fuente):|\bPosted (?:by|in)\b"
    r"|\bPrinted from\b|\bRead the original article\b"
)
# A street address ("4101 Reservoir Road", "799 United Nations Plaza", "Calle Serrano, 75"): the
# short paragraph holding one is the publisher's letterhead or footer.
_POSTAL_ADDRESS_RE: Final = re.compile(
    r"\b\d{1,5}[ \t]+(?:[A-Z]\w*[ \t]+){1,3}(?:Street|Road|Avenue|Plaza|Boulevard)\b"
)
_ROMANCE_ADDRESS_RE: Final = re.compile(r"\b(?:Calle|Avenida|Rue)[ \t]+[A-Z]\w+,?[ \t]+\d")
_DISTRIBUTED_RE: Final = re.compile(r"\b[Dd]istributed by\b")
_CHROME_CHARS: Final = 400
# A post's "By <site> | <date or tags>" line, in English, French and Spanish.
_POSTED_BY: Final = ("By ", "Par ", "Por ")
_FOOTER_KEYS: Final = (
    "©", "opyright", "fficial website", "maintained by", "Owned by", "Follow ", "Suivez",
    "Síganos", "ories:", "ctions:", "Tags:", "Temas:", "Thèmes:", "keyword", "Page Top",
    "Built by", "Rhestr o", "Media Relations Office", "relations avec les médias",
    "istributed by", "Labels:", "Tagged With:", "Filed Under:", "Source:", "Fuente:",
    "Posted ", "Printed from", "original article",
)  # fmt: skip
# A phone number right after a name: the press contact's department (an e-mail address may
# follow a minister's office, which counts).
# So is a postal address: the publisher's letterhead ("Ministry of Foreign Affairs of Japan
# 2-2-1 Kasumigaseki, Chiyoda-ku", "... 1800 G Street NW").
_CONTACT_AFTER_RE: Final = re.compile(
    r"[ \t,:]*(?:(?:[-–—·|]|&mdash;)[ \t]*)?"
    r"(?:\+?\(?\d{2,4}\)?[ .\-]\d{3,4}[ .\-]\d{3,4}"
    r"|\d{1,4}(?:-\d{1,4}){1,3}[ \t]+[A-Z]"
    r"|\d{1,5}[ \t]+(?:[A-Z]\w*[ \t]+){1,2}(?:Street|St\.|Avenue|Ave\.|Road|Boulevard|Plaza)\b"
    r"|(?:Calle|Avenida|Av\.|Rue|Boulevard|Palacio)[ \t]+[A-Z])"
)


# "Jabhat al-Nusra", "Jama'at Nusrat al-Islam wal-Muslimin": an opener, then name words.
_ARABIC_ARTICLE: Final = rf"(?:[Aa][lnsdtrz]h?{_DASH}|wal{_DASH}|wa{_DASH})"
_ARABIC_WORD: Final = rf"(?:{_ARABIC_ARTICLE}\w[\w’']*|{_UP}[\w’']*(?:{_DASH}\w+)*)"
_GROUP_RE: Final = re.compile(
    rf"(?:{_alternation(_ORGS.group_openers)})(?:[ \t]+{_ARABIC_WORD}){{1,4}}{_BOUNDARY}"
)


def _armed_groups(text: str) -> list[_Cand]:
    # Such names nearly always hold an Arabic article: two substring searches skip the regex.
    if "al-" not in text and "Al-" not in text:
        return []
    found: list[_Cand] = []
    for m in _GROUP_RE.finditer(text):
        if _starts_word(text, m.start()):
            cand = _Cand(
                start=m.start(), end=m.end(), rule="organizations:armed-group", confidence=0.8
            )
            _take_parenthesis(text, cand)  # "Harakat al-Nujaba (HAN)"
            found.append(cand)
    return found


# A journalist's outlet in a transcript: "Question (to Sergey Lavrov, Rossiya Segodnya):".
_OUTLET_RE: Final = re.compile(
    rf"(?:Question|Q)[ \t]*\((?:to|for)[ \t]+[^,()\n]{{1,60}},[ \t]*"
    rf"(?P<outlet>{_UP}[^,()\n]{{1,40}}?)[ \t]*\)"
)


def _interview_match(doc: Document) -> re.Match[str] | None:
    """The title's "With <Name> of <Outlet>" ending, if the outlet is not a place."""
    title_start, title_end = doc.title_span
    text = doc.text
    for anchor in (" With ", " with ", " con ", " avec "):
        at = text.find(anchor, title_start, title_end)
        if at >= 0:
            match = _INTERVIEW_RE.match(text, at + 1, title_end)
            if match is not None and not is_place_name(match.group("outlet")):
                return match
    return None


def _outlets(doc: Document) -> list[_Cand]:
    text = doc.text
    found: list[_Cand] = []
    interview = _interview_match(doc)
    if interview is not None and len(interview.group("name").split()) >= 2:
        a, b = interview.span("outlet")
        found.append(_Cand(start=a, end=b, rule="organizations:interview", confidence=0.75))
    at = text.find("(to ")
    while at >= 0:
        match = _OUTLET_RE.search(text, max(0, at - 12), at + 120)
        if match is not None and match.start() <= at:
            a, b = match.span("outlet")
            found.append(_Cand(start=a, end=b, rule="organizations:outlet", confidence=0.75))
        at = text.find("(to ", at + 1)
    return found


def organization_spans(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, end) of each organization found in the text, in order, for other extractors to
    skip ("Islamic State in Iraq and the Levant" names no country)."""
    return sorted(
        (m.start, m.end) for m in mentions if m.kind == "organization" and m.field == "text"
    )


def _name_end(cand: _Cand) -> int:
    return cand.name_end if cand.name_end is not None else cand.end


def _with_defined_acronyms(text: str, chosen: list[_Cand]) -> list[_Cand]:
    """Find standalone uses of an acronym the text itself defined ("... Mechanism (JIM)")."""
    defined = {
        c.acronym
        for c in chosen
        if c.name_end is not None and c.acronym and _canon(c.acronym) not in _ORG_FORMS
    }
    if not defined:
        return chosen
    extra: list[_Cand] = []
    for acronym in sorted(defined):
        at = text.find(acronym)
        while at >= 0:
            end = at + len(acronym)
            free = all(end <= c.start or at >= c.end for c in chosen)
            if free and _starts_word(text, at) and not (end < len(text) and text[end].isalnum()):
                extra.append(
                    _Cand(
                        start=at,
                        end=end,
                        rule="organizations:acronym-defined",
                        confidence=0.85,
                        acronym_only=True,
                        acronym=acronym,
                    )
                )
            at = text.find(acronym, end)
    return sorted([*chosen, *extra], key=lambda c: c.start)


_COORD_GAP: Final = re.compile(r"\s*(?:,|and|&|,\s*and)\s*")


def _org_values(doc: Document, chosen: list[_Cand]) -> tuple[list[str], set[int]]:
    """Each mention's value (module docstring, rule 4) and which mentions were coordinated."""
    text = doc.text
    title_end = doc.title_span[1]
    written = [" ".join(text[c.start : c.end].split()) for c in chosen]
    names = [" ".join(text[c.start : _name_end(c)].split()) for c in chosen]
    defined: dict[str, str] = {}
    for cand, value in zip(chosen, written, strict=True):
        if cand.name_end is not None and cand.acronym:
            defined.setdefault(cand.acronym, value)
    values = [
        defined.get(names[i], names[i]) if c.acronym_only else written[i]
        for i, c in enumerate(chosen)
    ]
    coordinated: set[int] = set()
    for i in range(len(chosen) - 1):
        organ = _coordinated(text, chosen[i], chosen[i + 1], names[i + 1])
        if organ is not None:
            values[i + 1] = organ
            coordinated.add(id(chosen[i + 1]))
    # Forms differing only in case are one organization: the longest form, the body's first.
    groups: dict[str, list[int]] = {}
    for i, cand in enumerate(chosen):
        if not cand.acronym_only and id(cand) not in coordinated:
            groups.setdefault(names[i].casefold(), []).append(i)
    best: dict[str, str] = {}
    for key, members in groups.items():
        top = max(members, key=lambda i: (len(values[i]), chosen[i].start >= title_end, -i))
        best[key] = values[top]
    for key, members in groups.items():
        value = best[key]
        longer = _longer_form(key, chosen[members[0]], groups, chosen)
        if longer is not None:
            value = best[longer]
        for i in members:
            values[i] = value
    _same_entry_values(chosen, values, coordinated)
    _acronym_led_values(values, defined)
    return values, coordinated


def _acronym_led_values(values: list[str], defined: dict[str, str]) -> None:
    """ "OPCW Fact-Finding Mission" is "Organization for the Prohibition of Chemical Weapons
    (OPCW) Fact-Finding Mission" when the text writes that too."""
    if not defined:
        return
    present = set(values)
    for i, value in enumerate(values):
        acronym, _, rest = value.partition(" ")
        full = defined.get(acronym)
        if rest and full is not None and f"{full} {rest}" in present:
            values[i] = f"{full} {rest}"


def _same_entry_values(chosen: list[_Cand], values: list[str], coordinated: set[int]) -> None:
    """Written forms of one curated organization are one organization: the fullest form.

    "UN Security Council" beside "United Nations Security Council" takes the longer; an
    acronym alone ("EU") takes the full form ("European Union") when the text writes it.
    """
    fullest: dict[int, str] = {}
    for cand, value in zip(chosen, values, strict=True):
        if cand.entry is not None and not cand.acronym_only and id(cand) not in coordinated:
            known = fullest.get(id(cand.entry), "")
            if len(value) > len(known):
                fullest[id(cand.entry)] = value
    if not fullest:
        return
    for i, cand in enumerate(chosen):
        entry = cand.entry
        if entry is None or id(cand) in coordinated:
            continue
        # Only the entry's own acronym: "ISIS" is another name, not a short form of "ISIL".
        if not cand.acronym_only or values[i] == entry.acronym:
            values[i] = fullest.get(id(entry), values[i])


def _longer_form(
    key: str, cand: _Cand, groups: dict[str, list[int]], chosen: list[_Cand]
) -> str | None:
    """A longer name in the same text that this one shortens ("Security Council"), or, for a
    Romance name, that it opens before a "de" complement ("Escuela de Cadetes" shortens
    "Escuela de Cadetes de la Policía Nacional de Colombia")."""
    romance = key.split(" ", 1)[0] in _ROMANCE_HEADS_FOLDED
    for other, members in groups.items():
        if other != key and (
            other.endswith(" " + key)
            or (romance and other.startswith(key) and other.startswith(_ROMANCE_OF, len(key)))
        ):
            entry = chosen[members[0]].entry
            if entry is None or cand.entry is None or entry is cand.entry:
                return other
    return None


_ROMANCE_HEADS_FOLDED: Final = frozenset(h.casefold() for h in _ORGS.romance_heads)


def _coordinated(text: str, first: _Cand, second: _Cand, second_name: str) -> str | None:
    """ "UN Security Council and General Assembly": the second organ is the UN's too."""
    if not _COORD_GAP.fullmatch(text, first.end, second.start):
        return None
    parent = second.entry.parent if second.entry is not None else None
    if parent is None and second.rule != "organizations:pattern":
        return None
    prefix = _ORG_PREFIX_RE.match(text, first.start, first.end)
    # The prefix must modify the first name ("UN" in "UN Security Council"), not be all of it
    # ("U.S. Drug Enforcement Administration (DEA), Office of ...": two agencies).
    if prefix is None or prefix.end() >= _name_end(first):
        return None
    owner, _ = _ORG_FORMS[_canon(prefix.group())]
    if parent is not None and owner.name != parent:
        return None
    if second_name.startswith(prefix.group()):
        return None
    return f"{prefix.group()} {second_name}"


# --------------------------------------------------------------------------------------------
# References

_NUM: Final = r"\d{3,4}(?:[ \t]*\(\d{4}\))?"
_NUM_SEP: Final = r"(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|et|y)[ \t]+)"
_NUMS: Final = rf"{_NUM}(?:{_NUM_SEP}{_NUM})*"
_UN: Final = r"(?:UN|U\.N\.|United[ \t]+Nations)"
_SC: Final = r"Security[ \t]+Council"
_RES: Final = r"[Rr](?:esolutions?|ésolutions?|esoluci(?:ón|ones))"
_OF_SC: Final = (
    rf"[ \t]+of[ \t]+the[ \t]+(?:{_UN}[ \t]+)?{_SC}|[ \t]+du[ \t]+Conseil[ \t]+de[ \t]+sécurité"
    r"|[ \t]+del[ \t]+Consejo[ \t]+de[ \t]+Seguridad"
)
# A resolution word, its numbers, and what says whose resolution it is: "of the UN Security
# Council" after it, or "(2013)" after the number, UN style.
_RESOLUTION_RE: Final = re.compile(
    rf"{_RES}[ \t]+(?P<nums>{_NUMS})(?P<of>{_OF_SC})?(?P<year>(?<=\)))?"
)
_SC_BEFORE_RE: Final = re.compile(rf"(?:(?:{_UN}[ \t]+)?{_SC}(?:['’]s)?|UNSC)[ \t]+\Z")
_UNSCR_RE: Final = re.compile(rf"UNSCRs?(?:[ \t]*(?P<nums>{_NUMS}))?(?![\w])")
_NUM_ITEM: Final = re.compile(r"(\d{3,4})(?:[ \t]*\((\d{4})\))?")
_EXECUTIVE_ORDER: Final = re.compile(r"Executive[ \t]+Orders?[ \t]+(\d{4,5})")


def find_references(doc: Document) -> list[Mention]:
    """Resolutions, treaties, agreements and declarations named in the title and body."""
    text = doc.text
    mentions = [*_resolutions(text), *_executive_orders(text)]
    taken = [(m.start, m.end) for m in mentions]
    curated = _curated(doc, _REF_SCAN, _REF_FORMS, "references")
    generic = _generic(
        doc, _REF_HEAD_RE, _REF_CONT_RE, "references", and_words=False, curated=curated
    )
    cands = _longest_first(_ranked([*curated, *generic]))
    for cand in cands:
        if any(cand.start < b and a < cand.end for a, b in taken):
            continue
        name = " ".join(text[cand.start : _name_end(cand)].split())
        known = _REF_FORMS.get(_canon(name)) or _REF_FORMS_CASEFOLDED.get(_canon(name).casefold())
        entry = cand.entry or (known[0] if known else None)
        attrs = {"acronym": cand.acronym} if cand.acronym else {}
        mentions.append(
            Mention(
                kind="reference",
                value=entry.name if entry is not None else name,
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                rule=cand.rule,
                confidence=cand.confidence,
                attrs=attrs,
            )
        )
    return sorted(mentions, key=lambda m: m.start)


_REF_FORMS_CASEFOLDED: Final = {k.casefold(): v for k, v in reversed(_REF_FORMS.items())}


def _resolutions(text: str) -> list[Mention]:
    """UN Security Council resolutions, anchored on the literal words that every form has.

    A literal is found with a fast substring search; a pattern that may start at any "r" or
    "U" is tried at each of them, which costs more than everything else on a release.
    """
    found: list[Mention] = []
    for anchor in ("esolu", "ésolu"):
        at = text.find(anchor)
        while at > 0:
            word = at - 1
            match = _RESOLUTION_RE.match(text, word)
            if match is not None and _starts_word(text, word):
                before = _SC_BEFORE_RE.search(text, max(0, word - 48), word)
                if before is not None or match.group("of") or match.group("year") is not None:
                    start = before.start() if before is not None else word
                    found += _numbered(text, start, match.end(), match.span("nums"))
            at = text.find(anchor, at + 1)
    at = text.find("UNSCR")
    while at >= 0:
        match = _UNSCR_RE.match(text, at)
        if match is not None and _starts_word(text, at):
            if match.group("nums"):
                found += _numbered(text, at, match.end(), match.span("nums"))
            else:
                found.append(
                    Mention(
                        kind="reference",
                        value=match.group(),
                        text=match.group(),
                        start=at,
                        end=match.end(),
                        rule="references:unscr:unnumbered",
                        confidence=0.6,
                    )
                )
        at = text.find("UNSCR", at + 1)
    return found


def _numbered(text: str, start: int, end: int, numbers: tuple[int, int]) -> list[Mention]:
    """One mention per resolution number: the whole phrase if it names one, else the number."""
    items = list(_NUM_ITEM.finditer(text, *numbers))
    mentions: list[Mention] = []
    for item in items:
        a, b = (start, end) if len(items) == 1 else item.span()
        attrs = {"number": item.group(1)}
        if item.group(2):
            attrs["year"] = item.group(2)
        mentions.append(
            Mention(
                kind="reference",
                value=f"UNSCR {item.group(1)}",
                text=text[a:b],
                start=a,
                end=b,
                rule="references:unscr",
                confidence=0.95,
                attrs=attrs,
            )
        )
    return mentions


def _executive_orders(text: str) -> list[Mention]:
    return [
        Mention(
            kind="reference",
            value=f"Executive Order {m.group(1)}",
            text=m.group(),
            start=m.start(),
            end=m.end(),
            rule="references:executive-order",
            confidence=0.95,
            attrs={"number": m.group(1)},
        )
        for m in _EXECUTIVE_ORDER.finditer(text)
    ]


# --------------------------------------------------------------------------------------------
# People: patterns

# One word of a name: "Tillerson", "Jean-Yves", "McDonald", "O’Brien", "Üzümcü", with an
# Arabic article when it is not the first word ("al-Assad"). Never "Tillerson’s".
# The lower-case runs are possessive (++): whatever follows a name word (a capital, a dash, a
# space, a word boundary, the end) never matches a lower-case letter, so giving letters back
# cannot make a match, and only cost a retry per letter of every capitalised word.
_NAME_CORE: Final = (
    rf"{_UP}(?:{_LO}++(?:{_UP}{_LO}++)?|{_APOS}{_UP}{_LO}++)(?:{_DASH}{_UP}?{_LO}++)*"
)
_ARTICLE: Final = rf"(?:[Aa]l|[Ee]l|[Aa]d|[Aa]sh|[Aa]s|[Aa]t|[Aa]r|[Aa]z|[Aa]n){_DASH}"
_NAME_WORD: Final = rf"(?:{_ARTICLE})?{_NAME_CORE}{_BOUNDARY}"
_INITIAL: Final = rf"{_UP}\.(?:{_UP}\.)?"
# Lower-case words allowed between two name words. Not "le", "la", "el", "y": between two
# capitalised words those are far more often articles ("Tillerson y el canciller").
_PARTICLE: Final = r"(?:bin|ibn|bint|binti|van|von|der|den|ter|ten|de|da|del|della|di|dos|du)"
_PARTICLES: Final = frozenset(_PEOPLE.name_particles)
_NOT_FIRST_RE: Final = f"(?:{_alternation(_NOT_NAME_FIRST)}){_BOUNDARY}"
_NOT_LATER_RE: Final = f"(?:{_alternation(_NOT_NAME_LATER)}){_BOUNDARY}"
# Up to two particles may stand together: "Ursula von der Leyen", "Joris van den Berg".
_NAME_TAIL: Final = (
    rf"(?:[ \t]+(?:{_INITIAL}|(?:{_PARTICLE}[ \t]+){{0,2}}(?!{_NOT_LATER_RE}){_NAME_WORD}))"
)
# A regnal number after a name: "King Abdullah II", "Mohammed VI" (never a bare "I").
_REGNAL_NUMBER: Final = r"X{0,3}(?:IX|IV|VI{0,3}|I{2,3})|X{1,3}"
_REGNAL: Final = rf"(?:[ \t]+(?:{_REGNAL_NUMBER}|Ier|Ire))(?![\w’'\-])(?!\.\w)"
_REGNAL_RE: Final = re.compile(rf"{_REGNAL}\Z")
# Surname first, in capitals, as Japan writes names: "MOTEGI Toshimitsu" (after a title only).
_CAPS_WORD: Final = rf"{_UP}{{2,}}(?:{_DASH}{_UP}{{2,}})?"
_CAPS_FIRST: Final = rf"{_CAPS_WORD}(?:[ \t]+(?!{_NOT_LATER_RE}){_NAME_CORE}{_BOUNDARY}){{1,2}}"
_NAME: Final = (
    rf"(?:{_CAPS_FIRST}|(?!{_NOT_FIRST_RE}){_NAME_WORD}{_NAME_TAIL}{{0,3}}(?:{_REGNAL})?)"
)

_TITLE_RE_SRC: Final = f"(?:{_alternation((*_TITLES, *_HONORIFICS))})(?![\\w])"
_LOWER_OFFICE: Final = sorted(
    {w.lower() for w in _PEOPLE.office_words} | {w for w in _PEOPLE.modifiers if w.islower()}
)
_ROMANCE_ADJ: Final = _alternation(
    [*(k for k in _PEOPLE.demonyms if k.islower()), *(m for m in _PEOPLE.modifiers if m.islower())]
)
# Words of a title's complement: "of State", "for International Religious Freedom",
# "de l’Europe et des Affaires étrangères", "de Estado de Estados Unidos".
_COMPLEMENT_WORD: Final = (
    r"(?:the|of|de|des|du|del|la|las|los|l|et|y|and|&|"
    rf"{_alternation(_LOWER_OFFICE)}{_BOUNDARY}|(?!{_TITLE_RE_SRC}){_CTOK})"
)
_CAPITALISED_TITLES: Final = [t for t in (*_TITLES, *_HONORIFICS) if t[:1].isupper()]
_LOWER_TITLES: Final = [t for t in (*_TITLES, *_HONORIFICS) if not t[:1].isupper()]
_TITLED_TAIL: Final = (
    rf"(?P<chain>(?:[ \t]+{_TITLE_RE_SRC})*)"
    rf"(?P<adj>(?:[ \t]+(?:{_ROMANCE_ADJ}){_BOUNDARY})*)"
    rf"(?P<comp>[ \t]+(?:of|for|to|in|de|des|du|del|en|d(?=['’]))"
    rf"(?:[ \t’']+{_COMPLEMENT_WORD}){{1,7}}?)?"
    rf"(?:[ \t]*,)?[ \t]+"
    # After an article or "of" a capitalised word is a place: "Minister for the Middle East".
    rf"(?<![Tt]he[ \t])(?<!\bla[ \t])(?<!\ble[ \t])(?<!\bel[ \t])(?<!\blas[ \t])(?<!\blos[ \t])"
    rf"(?<!\bof[ \t])(?<!\bfor[ \t])(?<!\bde[ \t])(?<!\bdu[ \t])(?<!\bdel[ \t])"
    # A complement never ends in a conjunction: "for Mali and Head of ..." names no "Head".
    rf"(?<!\band[ \t])(?<!\bet[ \t])(?<!\by[ \t])"
    # An initial may open a name after a title: "Dr. S. Jaishankar".
    rf"(?P<name>(?:{_INITIAL}[ \t]+(?={_NAME_CORE}{_BOUNDARY}))?{_NAME})"
)
# Capitalised titles start a match only at capital letters, which are rare inside words. The
# lower-case ones (French and Spanish write "le ministre", "el canciller") could start at most
# letters of a text, so they have their own pattern, not run on English releases.
# A title for an office not yet taken up: "Prime Minister-Designate", "presidente electo" is
# written with "-designate"/"-elect" (or the Romance word) and is still a title.
_TITLE_SUFFIX: Final = (
    rf"(?:{_DASH}(?:[Dd]esignate|[Ee]lect|[Dd]esignado|[Dd]esignada|désignée?|[Ee]lecto|[Ee]lecta"
    r"|élue?)(?![\w]))?"
)
_TITLED_RE: Final = re.compile(
    f"(?P<title>(?:{_alternation(_CAPITALISED_TITLES)})(?![\\w]){_TITLE_SUFFIX}){_TITLED_TAIL}"
)
_TITLED_LOWER_RE: Final = re.compile(
    f"(?P<title>(?:{_alternation(_LOWER_TITLES)})(?![\\w]){_TITLE_SUFFIX}){_TITLED_TAIL}"
)
# After a name: ", Minister of Foreign Affairs," gives the role; so does a title ending the
# line, as in a list of participants ("* Margot Wallström, Minister for Foreign Affairs").
_APPOSITIVE_RE: Final = re.compile(
    rf"[ \t]*,[ \t]*(?:the[ \t]+|la[ \t]+|le[ \t]+|el[ \t]+)?"
    rf"(?P<role>(?:(?:{_alternation((*_PEOPLE.modifiers, *_PEOPLE.office_words))})[ \t]+){{0,3}}"
    rf"{_TITLE_RE_SRC}(?:[ \t]+(?:of|for|to|de|des|du|del)[ \t]+[\w’' \-]{{1,40}}?)?)"
    r"[ \t]*(?:[,;:.]|\n|\Z)"
)
# Runs of name-shaped words; which of them form a name is decided word by word (set lookups
# are cheaper than exclusions inside the pattern).
_BARE_RE: Final = re.compile(
    rf"{_NAME_CORE}(?:[ \t]+(?:{_INITIAL}|(?:{_PARTICLE}[ \t]+){{0,2}}‘?{_NAME_WORD}))+"
)
_SPEAKER_RE: Final = re.compile(r"([A-Z][A-Z.’'\- ]{0,60}?[A-Z.]):[ \t]")
_GIVEN_BEFORE_RE: Final = re.compile(rf"(?<![\w’'\-])({_NAME_CORE}(?:[ \t]+{_INITIAL})?)[ \t]+\Z")
_DEMONYMS: Final = _PEOPLE.demonyms
_ORG_ACRONYMS: Final = frozenset(
    form for form, (_entry, is_acronym) in _ORG_FORMS.items() if is_acronym
)


class _Found(msgspec.Struct, kw_only=True):
    """A person mention before people are merged."""

    field: str
    start: int
    end: int
    written: str
    #: The name as it counts for the value: as written, or title-cased from a caps label.
    name: str
    rule: str
    confidence: float
    attrs: dict[str, str]
    #: Reading order: title 0, byline 1, attributed_to 2, body 3.
    section: int


def _section(doc: Document, start: int) -> int:
    return 0 if start < doc.title_span[1] else 3


def _written_at(
    doc: Document,
    start: int,
    name: str,
    rule: str,
    confidence: float,
    *,
    attrs: dict[str, str] | None = None,
    section: int | None = None,
) -> _Found:
    """A person written as ``name`` at ``start`` of the document's text."""
    return _Found(
        field="text",
        start=start,
        end=start + len(name),
        written=name,
        name=name,
        rule=rule,
        confidence=confidence,
        attrs={} if attrs is None else attrs,
        section=_section(doc, start) if section is None else section,
    )


def _role(mods: str, title: str, chain: str, adj: str, comp: str) -> str:
    """The role as written, without courtesy titles: "Foreign Minister" (Prince), "Crown
    Prince", "Secretary of State", "canciller"."""
    titles = [t.group() for t in _TITLE_ITEM_RE.finditer(f"{title}{chain}")]
    words = [*mods.split(), *(t for t in titles if t not in _HONORIFICS)]
    if not words:
        return ""
    adjectives = [w for w in adj.split() if w not in _DEMONYMS]
    return " ".join([*words, *adjectives, *comp.split()]).strip(" ,")


_TITLE_ITEM_RE: Final = re.compile(_TITLE_RE_SRC)


def _after_name_is_facility(text: str, end: int) -> bool:
    return _next_word(text, end) in _FACILITY


# --------------------------------------------------------------------------------------------
# People: rules


def _titled(doc: Document, *, lower_case_titles: bool) -> list[_Found]:
    text = doc.text
    found: list[_Found] = []
    patterns = (_TITLED_RE, _TITLED_LOWER_RE) if lower_case_titles else (_TITLED_RE,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if _starts_word(text, match.start()):
                person = _titled_person(doc, match)
                if person is not None:
                    found.append(person)
    return found


_COMMA_NAME_RE: Final = re.compile(rf"[ \t]*,[ \t]+({_NAME})")


def _titled_name_span(text: str, match: re.Match[str], start: int, name: str) -> tuple[int, str]:
    """Where the name after a title starts and ends, once the complement's last words are
    told apart from it."""
    words = name.split()
    comp = match.group("comp")
    if comp and len(words) == 1 and words[0] not in _GIVEN:
        # "Special Representative for the South Caucasus, Toivo Klaar": the lone word ends
        # the complement; the name is the one after the comma.
        after = _COMMA_NAME_RE.match(text, start + len(name))
        if after and len(after.group(1).split()) >= 2:
            start, name = after.start(1), _trim_name(after.group(1))
            words = name.split()
    if comp and len(words) >= 3 and is_place_name(f"{comp.split()[-1]} {words[0]}"):
        # "of South Africa Lindiwe Sisulu": the name's first word ends the complement's place.
        start += name.index(words[1])
        name = name[name.index(words[1]) :]
        words = name.split()
    later = next((i for i, w in enumerate(words[1:-1], 1) if w in _GIVEN), 0)
    # "... and North Africa James Cleverly": a stray word ending the complement before a given
    # name. Right after a title, a name word stays ("General Min Aung Hlaing").
    if later and words[0] not in _GIVEN and (comp or _is_place(words[0])):
        start += name.index(words[later])
        name = name[name.index(words[later]) :]
    if (
        comp
        and _INITIAL_BEFORE_RE.match(text, start - 3)
        and text[start - 3 : start - 1] not in _HONORIFICS  # "M. Emmanuel Macron"
    ):
        start -= 3  # "for East Asian and Pacific Affairs W. Patrick Murphy": the initial opens it
        name = text[start : start + 3 + len(name)]
    return start, _name_extent(text, start, name, titled=True)


def _no_titled_name(text: str, start: int, name: str) -> bool:
    """Whether the words after a title name no one: something else as a whole, the end of the
    title's complement, or a common word."""
    if _not_a_person(name):
        return True
    if _COMPLEMENT_GOES_ON_RE.match(text, start + len(name)):
        return True  # "Special Representative for Korean Peninsula Peace and Security Affairs"
    # "Strongly Condemns Terrorist Attack" and "the terrorist attack" elsewhere.
    return " " not in name and _lower_case_elsewhere(text, name)


_HONORIFIC_OPENING_RE: Final = re.compile(r"(?:M|Mme|Mr|Mrs|Ms|Dr|Sr|Sra)\.?[ \t]+(?=[A-ZÀ-Þ])")


def _titled_person(doc: Document, match: re.Match[str]) -> _Found | None:
    text = doc.text
    start = match.start("name")
    name = _trim_name(match.group("name"))
    if not name or _after_name_is_facility(text, start + len(name)):
        return None
    start, name = _titled_name_span(text, match, start, name)
    # "ministre des Affaires étrangères, M. Jhinaoui": an honorific opening the name is none
    # of its words.
    honorific = _HONORIFIC_OPENING_RE.match(name) if name else None
    if honorific is not None:
        start, name = start + honorific.end(), name[honorific.end() :]
    if not name or _no_titled_name(text, start, name):
        return None
    words = name.split()
    first = name.split(maxsplit=1)[0]
    if len(words) == 1 and is_place_name(name):
        return None  # "Consul General Erbil": the post's city
    if _surname_first(name) and (
        _canon(first) in _ORG_FORMS
        or first in _DEMONYMS
        or first.casefold() in _CASEFOLDED_NOT_NAME
    ):
        return None  # "Ambassador NATO Allies": an acronym, not a surname in capitals
    mods, prefix = _before_title(text, _paragraph_start(doc, match.start()), match.start())
    attrs: dict[str, str] = {}
    title, chain = match.group("title"), match.group("chain")
    role = _role(mods, title, chain, match.group("adj"), match.group("comp") or "")
    if role:
        attrs["role"] = role
    country = _DEMONYMS.get(prefix) if prefix else None
    for word in match.group("adj").split():
        country = country or _DEMONYMS.get(word)
    # "President of Venezuela" is Venezuelan; a "Special Envoy for Syria" need not be Syrian.
    connector, _, place = (match.group("comp") or "").strip().partition(" ")
    if connector in ("of", "de", "du", "del"):
        country = country or _DEMONYMS.get(" ".join(place.split()))
    if country:
        attrs["country"] = country
    elif prefix and prefix in _ORG_ACRONYMS:
        attrs["organization"] = prefix
    return _written_at(doc, start, name, "people:title", 0.95, attrs=attrs)


# After a name, "and <Words> Affairs" shows that the name was the end of a title's complement.
_COMPLEMENT_GOES_ON_RE: Final = re.compile(
    rf"[ \t]+(?:and|&)[ \t]+(?:{_UP}[\w\-]*[ \t]+){{0,3}}(?:Affairs|Issues|Policy|Relations)"
    rf"{_BOUNDARY}"
)
_INITIAL_BEFORE_RE: Final = re.compile(rf"(?<=[ \t]){_UP}\.[ \t]")
_DATE_AFTER_RE: Final = re.compile(r"[ \t]+\d")
_DEMONYM_AFTER_RE: Final = re.compile(rf"[ \t]+({_UP}{_LO}+)(?=[ \t]*(?:[,;:)\n]|\.(?:\s|\Z)|\Z))")


def _name_extent(text: str, start: int, name: str, *, titled: bool = False) -> str:
    """A name found by a pattern, put right at its end: a month followed by a day is a date
    ("Washington D.C. November 1" names no one: it ends with "D.C."), and a demonym word after
    a known given name, or after a lone word following a title, with the clause ending there,
    is a surname ("Ambassador, Rita French, delivered")."""
    words = name.split()
    if len(words) > 1 and words[-1] in _MONTHS and _DATE_AFTER_RE.match(text, start + len(name)):
        name = name[: name.rindex(words[-1])].rstrip()
        return _trim_name(name) if name else name
    if words[-1] in _GIVEN or (titled and len(words) == 1):
        after = _DEMONYM_AFTER_RE.match(text, start + len(name))
        if after and after.group(1) in _DEMONYMS:
            return text[start : after.end()]
    return name


def _not_a_person(name: str) -> bool:
    """A candidate that is something else as a whole: an article or particle alone ("Le
    jeudi"), a demonym, or a curated organization ("ministra de Asuntos Exteriores, Unión
    Europea y Cooperación" names no "Unión Europea")."""
    canon = _canon(name)
    if canon in _ORG_FORMS or canon in _DEMONYMS:
        return True
    return all(w in _END_ARTICLES or w.casefold() in _PARTICLES for w in canon.split())


def _lower_case_elsewhere(text: str, word: str) -> bool:
    """Whether the text writes ``word`` in lower case as a word of its own: a common noun or
    adjective capitalised by a headline ("Terrorist"), no surname. Known people are exempt
    ("Price")."""
    if word in _KNOWN_FORMS or word in _GIVEN:
        return False
    lower = word.lower()
    if lower == word:
        return False
    at = text.find(lower)
    while at != -1:
        end = at + len(lower)
        if _starts_word(text, at) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(lower, at + 1)
    return False


def _before_title(text: str, floor: int, title_start: int) -> tuple[str, str | None]:
    """Rank and portfolio words written before a title ("Deputy", "Foreign"), and the demonym
    or acronym before those ("Russian", "U.S.", "OPCW"): a backward walk over a few words."""
    mods: list[str] = []
    pos = title_start
    prefix: str | None = None
    while pos - 1 > floor and text[pos - 1] == " ":
        word_start = max(text.rfind(" ", floor, pos - 1) + 1, floor)
        word = text[word_start : pos - 1]
        if word in _MODS_OFFICE and len(mods) < 4:
            mods.insert(0, word)
            pos = word_start
            continue
        if word in _DEMONYMS or (2 <= len(word) <= 7 and word.isupper() and word.isalnum()):
            prefix = word
            if word_start - 1 > floor and text[word_start - 1] == " ":
                before = text[max(text.rfind(" ", floor, word_start - 1) + 1, floor) : word_start]
                if f"{before}{word}" in _DEMONYMS:  # "South Korean"
                    prefix = f"{before}{word}"
        break
    return " ".join(mods), prefix


_MODS_OFFICE: Final = frozenset((*_PEOPLE.modifiers, *_PEOPLE.office_words))


def _trim_name(name: str) -> str:
    """Drop trailing initials, particles and articles that a name cannot end with ("Dakar,
    Sénégal Le 16 février": the "Le" opens the date)."""
    words = name.split()
    if not _cannot_end(words[-1]):
        return name
    while len(words) > 1 and _cannot_end(words[-1]):
        words.pop()
    # Keep the text as written: cut at the end of the last kept word.
    cut = 0
    for word in words:
        cut = name.index(word, cut) + len(word)
    return name[:cut]


def _cannot_end(word: str) -> bool:
    return word.endswith(".") or word in _PARTICLES or word in _END_ARTICLES


# Articles and, in a title in title case, particles ("Por Chuck Todd De NBC").
_END_ARTICLES: Final = frozenset({"Le", "La", "Les", "El", "Los", "Las", "De", "Del", "Du", "Des"})


def _untitled(doc: Document, titled: Sequence[_Found]) -> list[_Found]:
    """Capitalised names without a title: a known given name, a middle initial, a particle."""
    text = doc.text
    found: list[_Found] = []
    # Names a title already introduced are not read twice.
    taken = {f.end for f in titled}
    for match in _BARE_RE.finditer(text):
        if match.end() in taken or not _starts_word(text, match.start()):
            continue
        run = match.group()
        at = match.start()
        before = text[at - 2] if at > 1 else ""
        after_role = (before.islower() and _word_before(text, at) in _ROLE_NOUNS) or (
            before == "," and _after_role_noun(text, at)
        )
        # Most runs are places and names of things: only a known given name, an initial, a
        # particle, a role noun before it ("academic") or a title after it (", Minister of
        # Foreign Affairs") makes a run worth reading.
        appositive = False
        if not after_role and not _MAY_HOLD_NAME.search(run) and _GIVEN.isdisjoint(run.split()):
            appositive = (
                text.startswith(",", match.end())
                and _APPOSITIVE_RE.match(text, match.end()) is not None
            )
            if not appositive:
                continue
        words = [(m.start(), m.group()) for m in _NON_SPACE.finditer(text, *match.span())]
        # "Côte d’Ivoire Richard K. Bell": a word after an elided article ends a place's name.
        i = 1 if at > 1 and text[at - 1] in "’'" and _place_before_elision(text, at) else 0
        while i < len(words):
            # A name starts at a word that can start one ("Interview With Jake Tapper") and
            # runs until a word that cannot continue one ("Harry S. Truman Building").
            first = words[i][1]
            if first in _GROUP_OPENERS:
                break  # the rest is an armed group's name ("Jaysh Abu Bakr al-Siddiq")
            if (
                first in _NOT_NAME_FIRST
                or not first[0].isupper()
                or first.endswith(".")
                or first in _SAINTS
            ):
                # "San Pedro Sula", "Santo Domingo": a saint's name opens a place's.
                i += 2 if first in _SAINTS else 1
                continue
            j = i + 1
            while j < len(words) and j - i < 5 and words[j][1] not in _NOT_NAME_LATER:
                j += 1
            # "J. Christopher Stevens": an initial before a known given name opens the name.
            k = (
                i - 1
                if i and _LEADING_INITIAL.fullmatch(words[i - 1][1]) and first in _GIVEN
                else i
            )
            if k < i and k and words[k - 1][1].endswith("."):
                k = i  # "U. S. Patrick ..."
            person = _untitled_person(
                doc,
                [w for _, w in words[k:j]],
                words[k][0],
                after_role=after_role and i == 0,
                appositive=appositive and j == len(words),
            )
            if person is not None:
                # "George P. Shultz National Foreign Affairs Training Center" is a name for a
                # place: the run of capitalised words goes on to an organization's head noun.
                if not (
                    person.end < match.end()
                    and (words[-1][1] in _ORG_HEAD_SET or words[-1][1] in _FACILITY_AFTER)
                    and not any(w in _TITLE_TOKENS for _, w in words[j:])  # "Press Secretary"
                ):
                    found.append(person)
                i = j
            else:
                i += 1
    return found


_LEADING_INITIAL: Final = re.compile(r"[A-Z]\.")


def _word_before(text: str, start: int) -> str:
    if start < 2 or text[start - 1] != " ":
        return ""
    words = text[max(0, start - 40) : start - 1].rsplit(None, 1)
    return words[-1] if words else ""


_ROLE_NOUNS: Final = frozenset(_PEOPLE.role_nouns)
_OF_WORDS: Final = frozenset({"of", "de", "du", "del"})


def _after_role_noun(text: str, at: int) -> bool:
    """Whether the run at ``at``, after a comma, follows a role noun with its demonym or its
    country, as Spanish and French write a counterpart ("su nuevo colega iraquí, Fuad
    Hussein", "su homólogo de Argelia, Sabri Boukadoum"), or the role noun alone ("his
    counterpart, Wang Yi")."""
    if text[at - 1] != " ":
        return False
    words = text[max(0, at - 60) : at - 2].split()[-4:]
    if not words:
        return False
    if words[-1] in _ROLE_NOUNS:
        return True  # "his counterpart, Wang Yi"
    if len(words) >= 2 and words[-2] in _ROLE_NOUNS:
        return words[-1].isalpha() and words[-1].islower()  # "colega iraquí,"
    if len(words) >= 3 and words[-3] in _ROLE_NOUNS and words[-2] in _OF_WORDS:
        return words[-1][:1].isupper()  # "homólogo de Argelia,"
    return False


def _untitled_person(
    doc: Document,
    words: list[str],
    start: int,
    *,
    after_role: bool = False,
    appositive: bool = False,
) -> _Found | None:
    text = doc.text
    if len(words) < 2:
        return None
    has_initial = any(w.endswith(".") for w in words[1:-1])
    # Only Arabic particles mark a name by themselves: "de", "du" join place names too
    # ("Día de Australia", "Lancement du Partenariat").
    has_particle = any(w in _ARABIC_PARTICLES or _ARTICLE_PREFIX.match(w) for w in words[1:])
    if words[0] in _GIVEN or (
        len(words) > 2 and words[1] in _GIVEN and _LEADING_INITIAL.fullmatch(words[0])
    ):
        rule = "people:given-name"
    elif has_initial:
        rule = "people:initial"
    elif has_particle:
        rule = "people:particle"
    elif after_role and len(words) <= 3:
        rule = "people:role-noun"
    elif appositive and len(words) <= 3 and not any(_is_place(w) for w in words):
        rule = "people:appositive"  # "Charbel Wehbe, Minister of Foreign Affairs"
    else:
        return None
    end = start + len(" ".join(words))
    name = _trim_name(text[start:end])
    name = _name_extent(text, start, name)
    end = start + len(name)
    if (
        len(name.split()) < 2
        or _after_name_is_facility(text, end)
        or is_place_name(name)
        or _not_a_person(name)
    ):
        return None  # "Abu Dhabi", "San Salvador" are places
    if _inside_organization(text, start, end, deep=rule == "people:particle"):
        return None  # "Hayat Tahrir al-Sham", "Jama'at Nusrat al-Islam" are groups
    return _written_at(doc, start, name, rule, 0.85)


def _inside_organization(text: str, start: int, end: int, *, deep: bool) -> bool:
    """Whether a curated organization, or an armed group's Arabic name, covers the span.

    A curated name starting with the span is always looked for; one starting before it only
    when ``deep`` (Arabic particles: "Nusrat al-Islam" inside a group's name), which costs more.
    """
    curated = _ORG_RE.match(text, start)
    if curated and curated.end() >= end:
        return True
    if _word_before(text, start) in _GROUP_OPENERS:
        return True
    if not deep:
        return False
    for match in _ORG_RE.finditer(text, max(0, start - 48), end):
        if match.start() <= start and match.end() >= end and _starts_word(text, match.start()):
            return True
    return False


_GROUP_OPENERS: Final = frozenset(_ORGS.group_openers)


_NON_SPACE: Final = re.compile(r"\S+")
# An initial, a hyphenated word (al-Assad) or a "bin"/"ibn": worth a closer look.
_MAY_HOLD_NAME: Final = re.compile(r"\.|-| b| i")
_ARTICLE_PREFIX: Final = re.compile(_ARTICLE)
_ARABIC_PARTICLES: Final = frozenset({"bin", "ibn", "bint", "binti"})


def _speakers(doc: Document) -> list[_Found]:
    """ "SECRETARY TILLERSON:" and "MS NAUERT:" at the start of a paragraph."""
    text = doc.text
    found: list[_Found] = []
    labels = [(start, _SPEAKER_RE.match(text, start)) for start, _ in doc.spans[1:]]
    transcript = sum(m is not None for _, m in labels) > 1
    for start, match in labels:
        if match is None:
            continue
        words = [(m.start(), m.group()) for m in re.finditer(r"[^\s]+", match.group(1))]
        i = 0
        titled = False
        while i < len(words) and words[i][1].casefold().rstrip(".") in _CASEFOLDED_TITLE_LEAD:
            titled = titled or words[i][1].casefold().rstrip(".") in _CASEFOLDED_TITLE_WORDS
            i += 1
        rest = words[i:]
        # "JULIE BISHOP:": a label with no title names a person when it opens with a known
        # given name (whatever the words after it: "Bishop" is also a title).
        # (in a transcript: a lone "MARK YOUR CALENDARS:" is a lead-in)
        given = transcript and i == 0 and 2 <= len(rest) <= 4 and _title_case(rest[0][1]) in _GIVEN
        if not given and (
            not titled or not rest or any(w.casefold() in _CASEFOLDED_NOT_NAME for _, w in rest)
        ):
            continue
        name_start = start + rest[0][0]
        name_end = start + rest[-1][0] + len(rest[-1][1])
        written = text[name_start:name_end]
        found.append(
            _Found(
                field="text",
                start=name_start,
                end=name_end,
                written=written,
                # "VON DER LEYEN" is "von der Leyen": a particle inside a name stays lower case.
                name=" ".join(
                    w.lower() if k and w.casefold() in _PARTICLES else _title_case(w)
                    for k, (_, w) in enumerate(rest)
                ),
                rule="people:speaker",
                confidence=0.9,
                attrs={},
                section=3,
            )
        )
    return found


def _contacts(doc: Document) -> list[_Found]:
    """ "Syrine Khoury Press Secretary Office of ...": a contact or signature line opens with a
    name followed straight by its title."""
    text = doc.text
    found: list[_Found] = []
    for start, end in doc.spans[1:]:
        # A contact line is short and opens with a capital.
        if end - start > _CONTACT_CHARS or not text[start : start + 1].isupper():
            continue
        match = _CONTACT_RE.match(text, start)
        if match is None:
            continue
        name = match.group("name")
        words = name.split()
        if any(w in _NOT_NAME_FIRST for w in words) or is_place_name(name):
            continue
        found.append(
            _written_at(
                doc,
                start,
                name,
                "people:contact",
                0.8,
                attrs={"role": " ".join(match.group("role").split())},
                section=3,
            )
        )
    return found


_CONTACT_CHARS: Final = 400
_CONTACT_RE: Final = re.compile(
    rf"(?P<name>{_NAME_CORE}(?:[ \t]+(?!{_NOT_LATER_RE}){_NAME_CORE}){{1,2}})[ \t]+"
    rf"(?P<role>(?:(?:{_alternation((*_PEOPLE.modifiers, *_PEOPLE.office_words))})[ \t]+){{0,2}}"
    rf"(?:{_alternation(_CAPITALISED_TITLES)}))(?![\w])"
)


def _title_case(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _header_person(
    value: str | None, title: str | None, field: str, section: int, *, trusted: bool = False
) -> _Found | None:
    """The byline or ``attributed_to`` when it names a person rather than an office.

    ``attributed_to`` always names a person; a byline does when it has a title line (the
    parser reads an office's byline as a name alone) or reads as a name.
    """
    if not value or not value.strip():
        return None
    match = _TITLED_RE.match(value)
    start = match.start("name") if match else len(value) - len(value.lstrip())
    name = _trim_name(match.group("name")) if match else value.strip()
    words = name.split()
    if any(w in _ORG_HEAD_SET or w in _FACILITY for w in words):
        return None  # "Senior State Department Official", "U.S. Embassy Paris"
    looks_like_name = bool(_BARE_RE.fullmatch(name)) and (
        words[0] in _GIVEN or any(w.endswith(".") for w in words[1:-1])
    )
    if not (looks_like_name or ((title or trusted) and _NAME_ONLY_RE.fullmatch(name))):
        return None
    attrs: dict[str, str] = {}
    if title:
        words = title.split()
        if words and words[0] in _DEMONYMS:
            attrs["country"] = _DEMONYMS[words[0]]
            words = words[1:]
        if words:
            attrs["role"] = " ".join(words)
    return _Found(
        field=field,
        start=start,
        end=start + len(name),
        written=name,
        name=name,
        rule=f"people:{field}",
        confidence=1.0 if title else 0.9,
        attrs=attrs,
        section=section,
    )


_NAME_ONLY_RE: Final = re.compile(_NAME)

_INTERVIEW_RE: Final = re.compile(
    rf"(?:With|with|con|avec)[ \t]+"
    rf"(?P<name>(?!{_NOT_FIRST_RE}){_NAME_WORD}(?:[ \t]+(?:{_INITIAL}|{_NAME_WORD})){{1,3}})"
    rf"[ \t]+(?:of|from|de|du)[ \t]+"
    # The outlet runs to the end of the title, or to a possessive ("CNN's State of the Union").
    rf"(?P<outlet>{_UP}[^\s,;:()’']*(?:[ \t]+[^\s,;:()’']+){{0,5}}?)(?:[ \t]*\Z|['’]s\s)"
)


def _surname_repeats(doc: Document, found: list[_Found]) -> list[_Found]:
    """A known surname standing alone elsewhere ("Lavrov said"), with a given name before it."""
    text = doc.text
    taken = [(f.start, f.end) for f in found if f.field == "text"]
    surnames = dict.fromkeys(
        _surname(f.name) for f in found if f.rule != "people:speaker" and len(f.name) > 2
    )
    repeats: list[_Found] = []
    for surname in surnames:
        if len(surname) < 3 or surname in _NOT_NAME_FIRST:
            continue
        at = text.find(surname)
        while at >= 0:
            end = at + len(surname)
            if (
                _starts_word(text, at)
                and not (end < len(text) and (text[end].isalnum() or text[end] in "-‐‑"))
                and all(end <= a or at >= b for a, b in taken)
                and _next_word(text, end).casefold() not in _REGIME
                and not _after_name_is_facility(text, end)
            ):
                start = at
                floor = max(_paragraph_start(doc, at), at - 40)
                given = _GIVEN_BEFORE_RE.search(text, floor, at)
                if given and _is_given_name(text, floor, given.start(1), given.group(1)):
                    start = given.start(1)
                repeats.append(_written_at(doc, start, text[start:end], "people:surname", 0.8))
                taken.append((start, end))
            at = text.find(surname, end)
    return repeats


def _is_given_name(text: str, floor: int, start: int, words: str) -> bool:
    """Whether the capitalised word before a known surname is its given name: a known one,
    or any name-like word that is not capitalised only because it opens a sentence."""
    first = words.split(maxsplit=1)[0]
    if first in _GIVEN:
        return True
    if first in _NOT_NAME_FIRST:
        return False
    before = text[floor:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"“”'‘’(–—-"


def _name_words(name: str) -> list[str]:
    """The words of a name without initials and a regnal number ("Abdullah II")."""
    if _REGNAL_RE.search(name):
        name = _REGNAL_RE.sub("", name)
    return [w for w in name.split() if not w.endswith(".")]


def _surname_first(name: str) -> bool:
    """ "MOTEGI Toshimitsu": a surname in capitals before a given name that is not."""
    words = name.split()
    return (
        len(words) >= 2
        and len(words[0]) >= 2
        and words[0].isupper()
        and not words[0].endswith(".")
        and not words[-1].isupper()
    )


@functools.lru_cache(maxsize=4096)
def _surname(name: str) -> str:
    """The family name, with the particles that belong to it ("Le Drian", "bin Farhan")."""
    words = _name_words(name)
    if not words:
        return ""
    if _surname_first(name):
        return words[0]
    i = len(words) - 1
    while i > 0 and words[i - 1].casefold() in _PARTICLES:
        i -= 1
    return " ".join(words[i:])


@functools.lru_cache(maxsize=4096)
def _key(name: str) -> tuple[str, str]:
    """(surname key, first given name), case-folded and without accents: "al-Assad" and
    "Assad" share a key, as do "Guaido" and "Guaidó"."""
    words = _name_words(name)
    surname = _surname(name)
    last = _ARTICLE_PREFIX.sub("", surname.split()[-1]) if surname else ""
    first_is_surname = _surname_first(name)
    given_words = words[1:] if first_is_surname else words[: len(words) - len(surname.split())]
    given = given_words[0] if given_words and given_words[0].casefold() not in _PARTICLES else ""
    return _fold(last), _fold(given)


def _fold(word: str) -> str:
    """Case-folded, diacritics dropped: "Guaidó" -> "guaido"."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _resolve(found: list[_Found]) -> list[_Found]:
    """Overlapping mentions in the text: the titled one first, then the longer."""
    order = {"people:title": 0, "people:speaker": 1}
    # "Chairman Kim Jong Un": a known name the title's stopped short of ("Un" ends most names)
    # lends the titled mention its end.
    known = {(f.field, f.start): f for f in found if f.rule == "people:known"}
    for f in found:
        k = known.get((f.field, f.start))
        if f.rule == "people:title" and k is not None and k.end > f.end:
            f.end, f.written, f.name = k.end, k.written, k.name
    ranked = sorted(found, key=lambda f: (order.get(f.rule, 2), f.start - f.end, f.start))
    kept: list[_Found] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return kept


class _Person(msgspec.Struct, kw_only=True):
    key: str
    given: str
    members: list[_Found]


def _compatible(a: str, b: str) -> bool:
    """Same given name, or one a short form of the other ("Pam Falk" is "Pamela Falk")."""
    if not a or not b or a == b:
        return True
    short, full = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 3 and full.startswith(short)


def _known(doc: Document) -> list[_Found]:
    """Well-known public figures (``known_people``), by any written form, surname alone too."""
    text = doc.text
    found: list[_Found] = []
    for match in _KNOWN_RE.finditer(text):
        start, end = match.span()
        form = _canon(match.group())
        particle = next(
            (p for p in _KNOWN_TAILS.get(form, ()) if _canon(text[start - len(p) : start]) == p),
            None,
        )
        if particle is not None:
            start -= len(particle)  # "al-Assad", "von der Leyen"
        elif form not in _KNOWN_FORMS:
            continue  # "Leyen" alone
        if not _starts_word(text, start) or (end < len(text) and text[end] in "-‐‑"):
            continue  # "pro-Assad", "Putin-era"
        after = _next_word(text, end)
        if (
            after.casefold() in _REGIME  # "the Maduro regime"
            or after in _FACILITY  # "Obama Foundation"
            or after in _ORG_HEAD_SET  # "Erdogan Government", "Trump Organization"
            or _REGIME_BEFORE_RE.search(text, max(0, start - 24), start)  # "régime de Maduro"
            or _inside_organization(text, start, end, deep=False)
        ):
            continue
        found.append(_written_at(doc, start, text[start:end], "people:known", 0.85))
    return found


def _known_forms() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Every written form of a known person, and for a form opening with a lower-case particle
    ("al-Assad", "von der Leyen") its capitalised tail -> the particles written before it.
    The regex looks for capitalised forms and tails only: a pattern that may start at any
    lower-case letter is tried at nearly every position of a text."""
    forms = {_canon(form) for e in _PEOPLE.known_people for form in (e.name, *e.aliases)}
    tails: dict[str, tuple[str, ...]] = {}
    for form in forms:
        if form[0].isupper():
            continue
        cut = next(i for i, c in enumerate(form) if c.isupper() and form[i - 1] in " -")
        tails[form[cut:]] = (*tails.get(form[cut:], ()), form[:cut])
    return frozenset(forms), tails


_KNOWN_FORMS, _KNOWN_TAILS = _known_forms()
_KNOWN_RE: Final = _forms_regex({f for f in _KNOWN_FORMS if f[0].isupper()} | set(_KNOWN_TAILS))
_REGIME_BEFORE_RE: Final = re.compile(
    rf"(?<![\w])(?:{_alternation(_PEOPLE.regime_words)})"
    rf"(?:(?:[ \t]+(?:de|del|du|of))?[ \t]+|[ \t]+d[’'])\Z",
    re.IGNORECASE,
)


def _join_first_surnames(people: list[_Person], owner: list[_Person]) -> list[_Person]:
    """A name word alone that is any but the last word of a longer name is that person, not
    another one: the first of two surnames ("Ebrard" beside "Marcelo Ebrard Casaubon"), a
    surname written first ("Kang" beside "Kang Kyung-wha"), a given name alone ("Sigmar" beside
    "Sigmar Gabriel")."""
    lone = [p for p in people if not p.given and all(" " not in f.name for f in p.members)]
    if not lone:
        return owner
    # Each name's words but the last, case-folded: read once per name, not once per lone word.
    leading: dict[str, frozenset[str]] = {}

    def leading_words(name: str) -> frozenset[str]:
        if name not in leading:
            leading[name] = frozenset(w.casefold() for w in _name_words(name)[:-1])
        return leading[name]

    moved: dict[int, _Person] = {}
    for p in lone:
        target = next(
            (
                q
                for q in people
                if q is not p
                and id(q) not in moved
                and any(p.key in leading_words(f.name) for f in q.members)
            ),
            None,
        )
        if target is not None:
            target.members += p.members
            moved[id(p)] = target
    if moved:
        people[:] = [p for p in people if id(p) not in moved]
    return [moved.get(id(o), o) for o in owner]


def _kin(doc: Document) -> list[_Found]:
    """Family named in remarks: "my wife Susan", "mon fils Nick"; "Susan and I", "Susan y yo"
    (a known given name). Both are found from a literal space, which is fast to skip to."""
    text = doc.text
    names: list[tuple[int, str, str]] = []
    for match in _KIN_RE.finditer(text):
        names.append((match.start("name"), match.group("name"), "people:kin"))
    for start, _ in doc.spans:  # "My wife Susan" opening a paragraph
        opening = _KIN_OPENING_RE.match(text, start)
        if opening is not None:
            names.append((opening.start("name"), opening.group("name"), "people:kin"))
    for anchor in _AND_I:
        at = text.find(anchor)
        while at >= 0:
            end = at + len(anchor)
            if not (end < len(text) and text[end].isalnum()):
                given = _NAME_BEFORE_RE.search(text, max(0, at - 30), at)
                if given is not None and given.group(1) in _GIVEN:
                    names.append((given.start(1), given.group(1), "people:and-i"))
            at = text.find(anchor, end)
    found: list[_Found] = []
    for start, written, rule in names:
        name = _trim_name(written)
        found.append(_written_at(doc, start, name, rule, 0.8))
    return found


_KIN_TAIL: Final = (
    rf"(?:{_alternation(_PEOPLE.kin_possessives)})[ \t]+(?:{_alternation(_PEOPLE.kin_nouns)})"
    rf",?[ \t]+(?P<name>{_NAME})"
)
_KIN_RE: Final = re.compile(rf" {_KIN_TAIL}")
_KIN_OPENING_RE: Final = re.compile(_KIN_TAIL)
_AND_I: Final = (" and I", " y yo", " et moi")
_NAME_BEFORE_RE: Final = re.compile(rf"(?<![\w’'\-])({_NAME_CORE})\Z")


def _interviewee(doc: Document) -> list[_Found]:
    """ "Interview With Jason Miles of KHOU-11 News", "con Gesell Tobias de Voice of America":
    the name after "With"/"con"/"avec" at the end of the title, before the outlet."""
    match = _interview_match(doc)
    if match is None or len(match.group("name").split()) < 2:
        return []
    start, name = match.start("name"), _trim_name(match.group("name"))
    return [_written_at(doc, start, name, "people:interview", 0.8, section=0)]


def _place_before_elision(text: str, at: int) -> bool:
    """ "Côte d’Ivoire": the capitalised word before "d’" shows the elision is inside a place's
    name ("la délégation d’Olivier Martin" is a person's)."""
    if text[at - 2] not in "dlDL" or (at > 2 and text[at - 3] not in " \t"):
        return False
    before = text[max(0, at - 24) : at - 3].split()
    return bool(before) and before[-1][:1].isupper()


# A regnal number after any name read without it ("King Mohammed VI’s leadership").
_REGNAL_AFTER_RE: Final = re.compile(rf"[ ](?:{_REGNAL_NUMBER})\b(?![\w\-])")
_SAINTS: Final = frozenset({"San", "Santa", "Santo", "São", "Saint", "Sainte", "St", "St."})
# ("Sr. Advisor Jared Kushner", "Sr. Juan Pérez": a title after it, no suffix)
_SUFFIX_RE: Final = re.compile(r",?[ ]+(?:Jr|Sr)\.?(?=[,;:)\n]|\Z|[ ]+[a-z])")


def find_people(
    doc: Document,
    content: ReleaseContent,
    org_spans: Sequence[tuple[int, int]] | None = None,
) -> list[Mention]:
    """People named in the title, byline, ``attributed_to`` and body, in reading order.

    ``org_spans`` (from :func:`organization_spans`) spares finding the organizations again
    when the caller has them: a name inside one is no person.
    """
    # French and Spanish write titles in lower case; English releases skip that pattern.
    lower_case_titles = content.language != "en"
    titled = _titled(doc, lower_case_titles=lower_case_titles)
    found = _resolve(
        [
            *titled,
            *_speakers(doc),
            *_contacts(doc),
            *_untitled(doc, titled),
            *_known(doc),
            *_kin(doc),
            *_interviewee(doc),
        ]
    )
    # "Estados Americanos", "Movement–Abdel Wahid": a name inside an organization's is none.
    if org_spans is None:
        org_spans = organization_spans(find_organizations(doc))
    if org_spans:
        found = [f for f in found if not _inside_span(org_spans, f.start, f.end)]
    roman = any(r in doc.text for r in (" II", " IV", " IX", " VI", " X"))  # cheap test first
    for f in found if roman else ():  # "King Mohammed VI", "King Abdullah II": a regnal number
        regnal = _REGNAL_AFTER_RE.match(doc.text, f.end) if f.field == "text" else None
        if regnal is not None:
            f.end, f.name = regnal.end(), f.name + regnal.group()
            f.written = doc.text[f.start : f.end]
    byline = _header_person(content.byline.name, content.byline.title, "byline", 1)
    attributed = _header_person(content.attributed_to, None, "attributed_to", 2, trusted=True)
    found += [h for h in (byline, attributed) if h is not None]
    found += _surname_repeats(doc, found)
    text = doc.text
    for f in found:
        if f.field == "text" and "role" not in f.attrs:
            appositive = _APPOSITIVE_RE.match(text, f.end)
            if appositive:
                f.attrs["role"] = " ".join(appositive.group("role").split())
    found.sort(key=lambda f: (f.section, f.start))
    people: list[_Person] = []
    owner: list[_Person] = []
    for f in found:
        key, given = _key(f.name)
        person = next(
            (
                p
                for p in people
                if p.key == key and (_compatible(p.given, given) or _same_tail(p, f.name))
            ),
            None,
        )
        if person is None:
            person = _Person(key=key, given=given, members=[])
            people.append(person)
        person.given = person.given or given
        person.members.append(f)
        owner.append(person)
    owner = _join_first_surnames(people, owner)
    values = {
        id(p): max(
            p.members, key=lambda f: (len(f.name), f.rule != "people:speaker", -f.section)
        ).name
        for p in people
    }
    for p in people if "Jr" in text or "Sr" in text else ():
        # "Tibor P. Nagy, Jr.": a generational suffix as written after the name.
        value = values[id(p)]
        suffix = next(
            (
                m.group()
                for f in p.members
                if f.field == "text" and f.name == value
                for m in [_SUFFIX_RE.match(text, f.end)]
                if m is not None
            ),
            None,
        )
        if suffix is not None:
            values[id(p)] = value + suffix
    return [
        Mention(
            kind="person",
            value=values[id(person)],
            text=f.written,
            start=f.start,
            end=f.end,
            rule=f.rule,
            confidence=f.confidence,
            field=f.field,
            attrs=f.attrs,
        )
        for f, person in zip(found, owner, strict=True)
    ]


def _same_tail(person: _Person, name: str) -> bool:
    """Whether one of two names of two words or more ends the other: two surnames written
    without the given name ("González Laya" is "Arancha González Laya")."""
    folded = _fold(name)
    if len(folded.split()) < 2 and not any(len(m.name.split()) > 2 for m in person.members):
        return False
    for member in person.members:
        other = _fold(member.name)
        short, full = sorted((folded, other), key=len)
        if len(short.split()) >= 2 and full.endswith(" " + short):
            return True
    return False


def _inside_span(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether (start, end) lies inside one of ``spans`` and is not all of it."""
    return any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans)


def people_names(mentions: Sequence[Mention]) -> list[str]:
    """The people's values, each once, in the order they are first named."""
    return list(dict.fromkeys(m.value for m in mentions if m.kind == "person"))
