"""Enrichment as a whole (pure): the seed's annotations, provenance, language, topics, lede."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas.release import ReleaseContent
from services.enrichment.extract import enrich
from services.enrichment.language import detect_language
from services.enrichment.mentions import document
from services.enrichment.topics import TOPICS, find_topics
from services.ingestion.parser import ParsedRelease, parse_document
from tests.samples import content

FIXTURES = Path(__file__).parents[1] / "fixtures" / "releases"
SEED = FIXTURES / "000_71c7df2a4b118224.txt"
EXPECTED = [json.loads(line) for line in (FIXTURES / "expected.jsonl").read_text().splitlines()]


def seed_releases() -> list[ReleaseContent]:
    found = parse_document(SEED.read_text())
    assert all(isinstance(r, ParsedRelease) for r in found)
    return [r.content for r in found if isinstance(r, ParsedRelease)]


@pytest.mark.parametrize("index", range(5))
def test_every_annotated_value_of_the_seed_comes_out(index: int) -> None:
    expected = EXPECTED[index]
    found = enrich(seed_releases()[index])
    assert sorted(found.countries) == expected["countries"]
    assert sorted(found.places_implied) == expected["countries_implied"]
    assert list(found.people) == expected["people"]
    assert sorted(found.organizations) == sorted(expected["organizations"])
    assert found.language == expected["language"]


def test_every_mention_points_at_what_it_names() -> None:
    for release in seed_releases():
        doc = document(release)
        found = enrich(release)
        assert found.mentions
        for mention in found.mentions:
            if mention.field == "text":
                assert doc.text[mention.start : mention.end] == mention.text, mention
            assert mention.rule
            assert 0 < mention.confidence <= 1
        tagged = {m.value for m in found.mentions if m.kind == "country"}
        assert tagged == set(found.countries)


def test_dateline_country_is_separate_from_tags() -> None:
    remarks = enrich(seed_releases()[3])  # "Paris, France"
    assert remarks.dateline_country == "FR"
    readout = enrich(seed_releases()[0])  # "Washington, DC"
    assert readout.dateline_country == "US"


def test_lede_word_count_and_reading_time() -> None:
    readout = enrich(seed_releases()[0])
    # The attribution line introduces; the lede is the first paragraph that reports.
    assert readout.summary is not None
    assert readout.summary.startswith("U.S. Secretary of State Rex Tillerson and Russian")
    assert readout.word_count > 150
    assert readout.reading_time_s == -(-readout.word_count * 60 // 200)
    long = enrich(content(body=("One sentence here. " * 40,)))
    assert long.summary is not None
    assert len(long.summary) <= 320
    assert long.summary.endswith(".")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The Secretary of State spoke with the Foreign Minister of Canada on Monday and they "
            "discussed the situation in the region.",
            "en",
        ),
        (
            "Le ministre des Affaires étrangères s'est entretenu avec son homologue canadien et "
            "ils ont évoqué la situation dans la région.",
            "fr",
        ),
        (
            "El secretario de Estado habló con el canciller de Canadá y los dos conversaron sobre "
            "la situación en la región.",
            "es",
        ),
        ("Министр иностранных дел России провёл переговоры с госсекретарём США.", "ru"),
        ("أجرى وزير الخارجية اتصالا هاتفيا مع نظيره الكندي لبحث الأوضاع في المنطقة.", "ar"),
        ("外交部发言人就有关问题答记者问。", "zh"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text)[0] == language


def test_language_of_nothing_is_unknown() -> None:
    assert detect_language("1234 5678") == (None, 0.0)


def test_topics_come_from_the_vocabulary_with_the_rule_that_fired() -> None:
    remarks = seed_releases()[3]
    mentions = find_topics(document(remarks))
    assert {m.value for m in mentions} >= {"weapons-of-mass-destruction"}
    ids = {t.id for t in TOPICS}
    for m in mentions:
        assert m.value in ids
        assert m.rule.startswith(f"topics:{m.value}:")
        assert m.attrs["iptc"].startswith("medtop:")
    assert find_topics(document(content(title="Hello", body=("Nothing to see.",)))) == []
