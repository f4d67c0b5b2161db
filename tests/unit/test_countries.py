"""Unit tests for country extraction (services.enrichment.countries) and its gazetteer build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.enrichment import countries
from services.enrichment.countries import (
    countries_of,
    dateline_country,
    find_countries,
    find_implied,
    implied_countries,
)
from services.enrichment.data import build_countries
from services.enrichment.mentions import Document, Mention, document
from services.ingestion.parser import ParsedRelease, parse_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "releases"
SEED = "000_71c7df2a4b118224.txt"
DATA = Path(build_countries.__file__).parent
VALID_CODES = {c.alpha_2 for c in pycountry.countries} | {"XK"}


def releases(name: str) -> list[ParsedRelease]:
    results = parse_document((FIXTURES / name).read_text(encoding="utf-8"))
    assert all(isinstance(r, ParsedRelease) for r in results), results
    return [r for r in results if isinstance(r, ParsedRelease)]


def load_annotations(name: str) -> list[dict[str, Any]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def doc(body: str, title: str = "Statement") -> Document:
    text = f"{title}\n\n{body}"
    return Document(text=text, spans=((0, len(title)), (len(title) + 2, len(text))))


def named(body: str, **kwargs: Any) -> list[str]:
    return countries_of(find_countries(doc(body), **kwargs))


def implied(body: str) -> list[str]:
    d = doc(body)
    return implied_countries(d, [*find_countries(d), *find_implied(d)])


def cities(body: str) -> list[str]:
    return [m.attrs["city"] for m in find_implied(doc(body))]


def assert_offsets(d: Document, mentions: list[Mention]) -> None:
    for m in mentions:
        assert d.text[m.start : m.end] == m.text, m
        assert m.field == "text"


# --------------------------------------------------------------------------------------------
# The annotated releases: whole-list comparisons


@pytest.mark.parametrize(
    "expected", load_annotations("expected.jsonl"), ids=lambda e: str(e["release"])
)
def test_seed_releases_match_the_annotations(expected: dict[str, Any]) -> None:
    release = releases(expected["file"])[expected["release"] - 1]
    d = document(release.content)
    found = find_countries(d)
    cities_found = find_implied(d)
    assert_offsets(d, [*found, *cities_found])
    assert countries_of(found) == expected["countries"]
    assert implied_countries(d, [*found, *cities_found]) == expected["countries_implied"]


@pytest.mark.parametrize(
    "expected",
    load_annotations("countries.expected.jsonl"),
    ids=lambda e: f"{e['file']}#{e['release']}",
)
def test_other_fixtures_match_their_annotations(expected: dict[str, Any]) -> None:
    release = releases(expected["file"])[expected["release"] - 1]
    d = document(release.content)
    found = find_countries(d)
    cities_found = find_implied(d)
    assert_offsets(d, [*found, *cities_found])
    assert countries_of(found) == expected["countries"]
    assert implied_countries(d, [*found, *cities_found]) == expected["countries_implied"]
    dateline = dateline_country(release.content.place)
    assert (dateline.value if dateline else None) == expected["dateline_country"]


def test_every_fixture_release_is_annotated() -> None:
    annotated = {(e["file"], e["release"]) for e in load_annotations("countries.expected.jsonl")}
    for path in sorted(FIXTURES.glob("*.md")):
        for number, _ in enumerate(releases(path.name), 1):
            assert (path.name, number) in annotated


def test_seed_mentions_carry_rules_and_confidence() -> None:
    d = document(releases(SEED)[0].content)
    by_text = {m.text: m for m in find_countries(d)}
    assert by_text["Russian"].rule == "countries:demonym:en"
    assert by_text["Russian"].confidence == 0.9
    assert by_text["U.S."].rule == "countries:curated:US"
    assert by_text["Syria"].rule == "countries:name:en"
    (geneva,) = [m for m in find_implied(d) if m.text == "Geneva"]
    assert (geneva.kind, geneva.value, geneva.attrs) == ("place_implied", "CH", {"city": "Geneva"})
    assert geneva.rule == "countries:city:Geneva"


def test_congolese_resolves_to_the_congo_the_release_names() -> None:
    (dem,) = [
        m for m in find_countries(document(releases(SEED)[2].content)) if m.text == "Congolese"
    ]
    assert (dem.value, dem.confidence, dem.attrs) == ("CD", 0.7, {"alternatives": "CD,CG"})
    assert named("The Republic of the Congo thanked Congolese voters.") == ["CG"]
    assert named("Congolese voters.") == ["CD"]  # the default, with low confidence
    assert named("Korea and North Korea") == ["KP"]


def test_myanmar_official_name() -> None:
    assert named("the Minister of the Republic of the Union of Myanmar spoke.") == ["MM"]
    assert named("the Union of Myanmar and Thailand") == ["MM", "TH"]
    assert named("the European Union met.") == []


# --------------------------------------------------------------------------------------------
# Targeted rules


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        # French and Spanish demonyms and adjectives, m/f/pl, and capitalised French nouns
        ("le ministre russe des Affaires étrangères", ["RU"]),
        ("el canciller ruso Serguéi Lavrov", ["RU"]),
        ("las autoridades rusas y los diplomáticos canadienses", ["CA", "RU"]),
        ("la délégation canadienne et les Syriens", ["CA", "SY"]),
        ("el gobierno norcoreano y las empresas estadounidenses", ["KP", "US"]),
        # diplomatic usage and short forms
        ("The DPRK and the ROK met in Burma.", ["KP", "KR", "MM"]),
        ("Türkiye, Turkey and Turkiye", ["TR"]),
        ("the Holy See and the Vatican", ["VA"]),
        ("Secretario de Estado de EE. UU., EE.UU. y EEUU", ["US"]),
        ("Kosovo and Serbia", ["RS", "XK"]),
        ("the UK, Britain and the U.K.", ["GB"]),
        ("the U.S.-Russia framework", ["RU", "US"]),
        ("Côte d’Ivoire, Cote d'Ivoire and Ivory Coast", ["CI"]),
        ("Democratic Republic of Congo, DRC and Congo-Kinshasa", ["CD"]),
        ("Republic of the Congo and Congo-Brazzaville", ["CG"]),
        ("Czechia and the Czech Republic", ["CZ"]),
        ("Papua New Guinea", ["PG"]),
        ("American Samoa", ["AS"]),
        # the longest form wins: a city is not its country
        ("Mexico City", []),
        # US states, regions and seas are not countries
        ("He flew to Atlanta, Georgia on Monday.", []),
        ("the state of Georgia and Georgia Tech", []),
        ("Tbilisi, Georgia", ["GE"]),
        ("Armenia, Georgia, and Azerbaijan", ["AM", "AZ", "GE"]),
        ("New Mexico and New Jersey", []),
        ("Latin America and the Caribbean", []),
        ("South America, Central America and the Americas", []),
        ("East Ghouta, the Middle East, Europe and Africa", []),
        ("the South China Sea and the Gulf of Mexico", []),
        ("Native Americans and Latin Americans", []),
        # organizations with a country word
        ("Voice of America", []),
        ("the Islamic State in Iraq and the Levant", []),
        ("the UN Security Council", []),
        ("Turkish Airlines and the Russian Orthodox Church", []),
        ("the Palestinian Authority", []),
        # given names, languages, capitals
        ("Jordan Peterson and Mr. Chad", []),
        ("King Abdullah of Jordan", ["JO"]),
        ("Lake Chad and Chad", ["TD"]),
        ("Available in French.", []),
        ("a Russian-language newspaper", []),
        ("disponible en français et en anglais", []),
        ("TELL US ABOUT IT", []),
        ("the US and Canada", ["CA", "US"]),
        ("French Foreign Minister Le Drian", ["FR"]),
        ("America", ["US"]),
        # French and Spanish demonyms added for every country with an English one
        ("aux côtés d'officiers gambiens et cap-verdiens", ["CV", "GM"]),
        ("le gouvernement togolais et les diplomates uruguayens", ["TG", "UY"]),
        ("el gobierno ugandés y los ciudadanos senegaleses", ["SN", "UG"]),
        ("des soldats équato-guinéens", ["GQ"]),
        ("disponible en maltais et en anglais", []),
        # French and Spanish Korea: the diplomatic name, and bare forms as ambiguous as "Korea"
        ("la République de Corée et la República de Corea", ["KR"]),
        ("la Corée du Nord et la Corée", ["KP"]),
        ("la Corea", ["KR"]),
        # French and Spanish seas and regions
        ("le golfe de Guinée et la mer de Chine méridionale", []),
        ("el golfo de Guinea y el mar de China Meridional", []),
        ("en commençant par le continent américain", []),
        ("la paz en la península de Corea", []),
        ("the Gulf of Guinea and Guinea", ["GN"]),
        # Georgia listed with US states
        ("facilities in Louisiana, Texas, and Georgia, and we want", []),
        ("Georgia, Alabama and Florida", []),
        ("Armenia and Georgia", ["AM", "GE"]),
        ("Georgia, Ukraine, and Moldova", ["GE", "MD", "UA"]),
        # organizations whose head comes before the country word
        ("Je tiens à féliciter la Haute Cour du Guyana", []),
        ("the Supreme Court of Pakistan and the Communist Party of China", []),
        ("el Banco Central de Venezuela y la Cruz Roja venezolana", []),
        ("l'Église orthodoxe russe et la Croix-Rouge canadienne", []),
        ("la Banque d'Algérie", []),
        # government bodies still name their country
        ("We call on the Government of Nicaragua", ["NI"]),
        ("le gouvernement russe et le Cour", ["RU"]),
        ("the people of Syria and the Court", ["SY"]),
    ],
)
def test_named_countries(body: str, codes: list[str]) -> None:
    d = doc(body)
    found = find_countries(d)
    assert_offsets(d, found)
    assert countries_of(found) == codes


def test_title_case_title_keeps_jordan() -> None:
    d = doc("Amman hosted the talks.", title="Statement on Jordan National Day")
    assert countries_of(find_countries(d)) == ["JO"]


def test_confidence_is_lower_for_ambiguous_forms() -> None:
    (america,) = find_countries(doc("America"))
    (canadian,) = find_countries(doc("Canadian"))
    (canada,) = find_countries(doc("Canada"))
    assert america.confidence == 0.7
    assert canadian.confidence == 0.9
    assert canada.confidence == 1.0


def test_exclude_spans_from_the_organization_extractor() -> None:
    body = "Iraq Study Group members met Iraqi officials."
    d = doc(body)
    start = d.text.index("Iraq Study Group")
    span = (start, start + len("Iraq Study Group"))
    assert countries_of(find_countries(d)) == ["IQ"]
    assert [m.text for m in find_countries(d, exclude=[span])] == ["Iraqi"]
    # Blocked without exclude, and skipped with it: no IQ either way.
    isil = "the Islamic State in Iraq and the Levant claimed it"
    d = doc(isil)
    start = d.text.index("Islamic")
    span = (start, start + len("Islamic State in Iraq and the Levant"))
    assert find_countries(d, exclude=[span]) == []
    assert find_countries(d) == []


def test_exclude_span_equal_to_the_match_keeps_the_country() -> None:
    # The organization finder may take "Russian Federation" for an organization (Federation).
    d = doc("Co-Chairs from France, the Russian Federation and the United States.")
    start = d.text.index("Russian Federation")
    span = (start, start + len("Russian Federation"))
    assert countries_of(find_countries(d, exclude=[span])) == ["FR", "RU", "US"]
    # A longer organization name around it still drops it.
    assert countries_of(find_countries(d, exclude=[(span[0] - 4, span[1])])) == ["FR", "US"]


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        (
            "Thank you.\n\nThis is the official website of the U.S. Embassy & Consulate in the "
            "Republic of Korea. External links to other Internet sites should not be construed.",
            [],
        ),
        (
            "Gracias.\n\nEste es el sitio web oficial de la Embajada de los Estados Unidos en "
            "Uruguay. Los enlaces externos a otros sitios de Internet no deben interpretarse.",
            [],
        ),
        ("Merci.\n\nEste es el sitio oficial de la Embajada de EE. UU. en Argentina.", []),
        ("Merci.\n\n*Ce site est géré par le Département d'État des États-Unis. Les liens", []),
        # only the chrome sentence: the next one counts, and so does the same text in prose
        (
            "Thanks.\n\nThis is the official website of the U.S. Embassy in Seoul. Korea is "
            "a close ally.",
            ["KR"],
        ),
        (
            "Thanks.\n\nThis is the official website of the Embassy in Uruguay\n\nChile and "
            "Uruguay met.",
            ["CL", "UY"],
        ),
        ("We visited the official website of the U.S. Embassy in Uruguay.", ["US", "UY"]),
        # a post's "By/Par/Por <site> | ..." line; not a sentence opening with "By"
        ("Merci.\n\nPar U.S. Embassy Paris | Thèmes: Déclarations officielles", []),
        ("Gracias.\n\nPor U.S. Mission Argentina | Temas: Noticias", []),
        ("Thanks.\n\nBy U.S. standards Chile did well.", ["CL", "US"]),
    ],
)
def test_site_chrome_names_no_country(body: str, codes: list[str]) -> None:
    d = doc(body)
    assert countries_of(find_countries(d)) == codes


def test_site_chrome_implies_no_country() -> None:
    assert implied("Thanks.\n\nThis is the official website of the U.S. Embassy in Seoul.") == []
    assert implied("Thanks.\n\nThe embassy in Seoul is open.") == ["KR"]


def test_implied_only_lists_countries_not_named() -> None:
    assert implied("the UN-led Geneva process") == ["CH"]
    # not datelines: a dash later in the line, or no line start before the city
    assert implied("He flew to Rome - then home") == ["IT"]
    assert implied("Talks in Geneva - and more") == ["CH"]
    assert implied("Switzerland hosted the UN-led Geneva process") == []
    assert implied("meetings in Vancouver with the Canadian minister") == []
    assert implied("Kyiv, Kiev, Pyongyang and Seoul") == ["KP", "KR", "UA"]
    assert cities("Kyiv and Kiev") == ["Kyiv", "Kyiv"]


@pytest.mark.parametrize(
    "body",
    [
        "the Minsk Agreements",
        "Canada and the Lima Group",
        "the Geneva Conventions",
        "the Washington Post",
        "George Washington University",
        "Paris, Texas",
        "les accords de Minsk",
        # lowercase document heads, and a head before a period
        "the full implementation of the Minsk agreements.",
        "the Paris accord",
        "a State Party to the Rome Statute.",
        "the Lima Group.",
        # a dateline opening a line is the header place, not a mention
        "20 January 2020, Rome - The Food and Agriculture Organization warned",
        "Dakar, le 12 septembre 2019 – L'Ambassadeur a inauguré",
        "Intro.\nGeneva — The talks resumed",
        "Brussels, 10/11/2020 - 16:05, UNIQUE ID: 201110_12",
    ],
)
def test_cities_inside_names_imply_nothing(body: str) -> None:
    assert find_implied(doc(body)) == []


@pytest.mark.parametrize(
    ("place", "code", "text"),
    [
        ("Paris, France", "FR", "France"),
        ("Washington, DC", "US", "DC"),
        ("Washington, D.C.", "US", "D.C."),
        ("Ottawa, Ontario", "CA", "Ontario"),
        ("Ottawa (Ontario)", "CA", "Ontario"),
        ("Atlanta, Georgia", "US", "Georgia"),
        ("Tbilisi, Georgia", "GE", "Georgia"),
        ("New York City", "US", "New York City"),
        ("Geneva", "CH", "Geneva"),
        ("Madrid, España", "ES", "España"),
    ],
)
def test_dateline_country(place: str, code: str, text: str) -> None:
    m = dateline_country(place)
    assert m is not None
    assert (m.kind, m.value, m.field) == ("dateline_country", code, "place")
    assert place[m.start : m.end] == m.text == text


@pytest.mark.parametrize("place", [None, "", "  ", "Nowhere"])
def test_dateline_without_a_country(place: str | None) -> None:
    assert dateline_country(place) is None


def test_helpers_ignore_other_kinds_and_header_fields() -> None:
    d = doc("Geneva and Canada")
    found = [*find_countries(d), *find_implied(d)]
    dateline = dateline_country("Bern, Switzerland")
    assert dateline is not None
    assert countries_of([*found, dateline]) == ["CA"]
    assert implied_countries(d, [*found, dateline]) == ["CH"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Russia Georgia Côte d’Ivoire ruso,.-\n'"))))
def test_never_raises_and_offsets_hold(body: str) -> None:
    d = doc(body)
    assert_offsets(d, [*find_countries(d), *find_implied(d)])


# --------------------------------------------------------------------------------------------
# The gazetteer


def test_gazetteer_is_in_sync_with_the_build_script(tmp_path: Path) -> None:
    out = tmp_path / "countries.json"
    assert build_countries.main(["--out", str(out)]) == 0
    committed = (DATA / "countries.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "rebuild: see build_countries.py"


def test_curated_entries_have_valid_codes_and_notes() -> None:
    curated = json.loads((DATA / "countries_curated.json").read_text(encoding="utf-8"))
    for section in ("names", "demonyms", "cities", "subdivisions"):
        for entry in curated[section]:
            assert entry["code"] in VALID_CODES, entry
            assert set(entry.get("alt", ())) <= VALID_CODES, entry
            assert entry["note"].strip(), entry
            assert entry["forms"], entry
    for section in ("blocks", "drops", "adjust"):
        for entry in curated[section]:
            assert entry["note"].strip(), entry


def test_every_gazetteer_form_is_found_where_written() -> None:
    data = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    for form, entry in data["forms"].items():
        assert entry["kind"] == "block" or entry["code"] in VALID_CODES
        assert countries.normalize_form(form) == form
        text = f"x {form} y"
        spans = [(s, e) for s, e, _ in countries._scan(text)]
        assert (2, 2 + len(form)) in spans, form


def test_more_capitals_and_major_cities_imply_their_country() -> None:
    assert implied("Officials met in Honiara and at the port of Mombasa.") == ["KE", "SB"]
    assert implied("The meeting took place in Medellín.") == ["CO"]


def test_a_place_name_is_recognised_as_a_whole() -> None:
    assert countries.is_place_name("Abu Dhabi")
    assert countries.is_place_name("France")
    assert not countries.is_place_name("Abu Bakr")
