"""Unit tests for the press-release parser (pure functions, no I/O beyond reading fixtures)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.release import Byline, Footnote, ReleaseContent
from services.ingestion.parser import (
    ParsedRelease,
    Problem,
    RejectedRelease,
    normalize,
    parse_document,
    parse_release,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "releases"
SEED = (FIXTURES / "000_71c7df2a4b118224.txt").read_text(encoding="utf-8")
SEED_LINES = SEED.split("\n")


def seed_line(number: int) -> str:
    """A line of the seed dump, 1-based, as written."""
    return SEED_LINES[number - 1]


def parsed(text: str) -> list[ParsedRelease]:
    results = parse_document(text)
    assert all(isinstance(r, ParsedRelease) for r in results), results
    return [r for r in results if isinstance(r, ParsedRelease)]


def header_fields(content: ReleaseContent) -> dict[str, Any]:
    """The fields annotated in expected.jsonl, in its vocabulary."""
    return {
        "title": content.title,
        "kind": content.kind,
        "byline_name": content.byline.name,
        "byline_title": content.byline.title,
        "place": content.place,
        "date": content.date.isoformat() if content.date else None,
        "language": content.language,
        "attributed_to": content.attributed_to,
        "footnotes": len(content.footnotes),
    }


def release(header: str, body: str = "The body says something.") -> str:
    return f"# A Title\n\n{header}\n\n---\n\n{body}\n"


# --------------------------------------------------------------------------------------------
# The seed document


def test_seed_header_fields_match_the_annotations() -> None:
    lines = (FIXTURES / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    expected = [
        {key: row[key] for key in header_fields(ReleaseContent(title=""))}
        for row in map(json.loads, lines)
    ]

    got = [header_fields(r.content) for r in parsed(SEED)]

    assert got == expected


def test_seed_release_with_a_personal_byline_parses_whole() -> None:
    second = parsed(SEED)[1]

    assert second == ParsedRelease(
        content=ReleaseContent(
            title="Australia National Day",
            kind="Press Statement",
            byline=Byline(name="Rex W. Tillerson", title="Secretary of State"),
            place="Washington, DC",
            date=dt.date(2018, 1, 24),
            language="en",
            body=(seed_line(35), seed_line(37), seed_line(39)),
        ),
        warnings=(),
        raw="\n".join(SEED_LINES[22:39]),
        start_line=23,
    )


def test_seed_remarks_keep_speaker_labels_rejoin_broken_sentences_and_take_footnotes() -> None:
    remarks = parsed(SEED)[3].content

    assert remarks.body == (
        seed_line(87).replace("**", ""),
        *(seed_line(n) for n in (89, 91, 93, 95)),
        seed_line(97) + " " + seed_line(99),  # "... of the UN" + "Security Council."
        seed_line(101),
        seed_line(103),
        seed_line(105),
        seed_line(107).replace("<sup>", "").replace("</sup>", ""),
        *(seed_line(n) for n in (109, 111, 113, 115, 117)),
    )
    assert "Resolution 2218[1], and on these occasions has twice[2] vetoed" in remarks.body[9]
    assert remarks.footnotes == (
        Footnote(marker="1", text="UN Security Council Resolution 2118"),
        Footnote(
            marker="2", text="Russia has vetoed these UNSC enforcement resolutions three times"
        ),
    )


def test_seed_fact_sheet_keeps_subheading_bullets_and_link_text_in_the_body() -> None:
    fact_sheet = parsed(SEED)[4].content

    assert fact_sheet.body == (
        seed_line(141),
        seed_line(143),
        seed_line(145) + " support.",  # "... this message of" + "support."
        "The Partnership",
        seed_line(151),
        *(seed_line(n) for n in range(153, 159)),
        seed_line(160),
        seed_line(162),
        "www.noimpunitychemicalweapons.org.",
    )


def test_seed_splits_into_five_releases_and_drops_every_footer() -> None:
    releases = parsed(SEED)

    assert [r.start_line for r in releases] == [3, 23, 45, 73, 131]
    assert not any("Website Management" in r.raw for r in releases)
    assert not any("External links" in p for r in releases for p in r.content.body)


def test_raw_is_the_exact_input_slice_and_reparses_alone_to_the_same_content() -> None:
    for r in parsed(SEED):
        first, *_ = r.raw.split("\n")
        assert seed_line(r.start_line) == first
        assert r.raw in SEED

        alone = parse_release(r.raw)

        assert isinstance(alone, ParsedRelease)
        assert (alone.content, alone.raw, alone.start_line) == (r.content, r.raw, 1)


# --------------------------------------------------------------------------------------------
# Fixtures built from the seed: each must parse to the same content as the seed itself


def hard_wrap(text: str, width: int = 72) -> str:
    """Wrap every long non-heading line the way a mail client or ``fmt`` would."""
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False)
        if len(line) > width and not line.startswith("#")
        else line
        for line in text.split("\n")
    )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(SEED.replace("\n", "\r\n"), id="crlf"),
        pytest.param(SEED.replace("\n", "\r"), id="cr"),
        pytest.param("\ufeff" + SEED, id="bom"),
        pytest.param(hard_wrap(SEED), id="hard-wrapped-72"),
        pytest.param(hard_wrap(SEED, 60), id="hard-wrapped-60"),
        pytest.param(hard_wrap(SEED, 30), id="hard-wrapped-30"),
        pytest.param(
            SEED.replace("Washington, DC", "Washington,\u00a0DC").replace(
                "\nRemarks\n", "\n\tRemarks\n"
            ),
            id="nbsp-and-tab",
        ),
    ],
)
def test_seed_variants_parse_to_the_same_content(variant: str) -> None:
    expected = [r.content for r in parsed(SEED)]

    assert [r.content for r in parsed(variant)] == expected


def test_crlf_and_bom_keep_raw_exact_and_line_numbers_right() -> None:
    text = "\ufeff" + SEED.replace("\n", "\r\n")

    releases = parsed(text)

    assert [r.start_line for r in releases] == [3, 23, 45, 73, 131]
    assert releases[1].raw == "\r\n".join(SEED_LINES[22:39])


LAYOUTS = [
    json.loads(line)
    for line in (FIXTURES / "layouts.expected.jsonl").read_text(encoding="utf-8").splitlines()
]


@pytest.mark.parametrize(
    "fixture", sorted({row["file"] for row in LAYOUTS}), ids=lambda name: name.split(".")[0]
)
def test_layout_fixture_parses_to_the_expected_records(fixture: str) -> None:
    """Seed-derived variants (no blank lines, HTML remnants, missing type or place line) and
    other layouts (2019+ State, byline above the title, date at the bottom, transcripts, UN,
    gov.uk, Canada, France, French and Spanish embassy translations)."""
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    expected = [
        {k: v for k, v in row.items() if k != "file"} for row in LAYOUTS if row["file"] == fixture
    ]

    got = [
        {
            "release": i,
            "start_line": r.start_line,
            **json.loads(msgspec.json.encode(r.content)),
            "warnings": [[w.message, w.line, w.field] for w in r.warnings],
        }
        for i, r in enumerate(parsed(text), 1)
    ]

    assert got == expected


# --------------------------------------------------------------------------------------------
# Header rules


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("January 24, 2018", dt.date(2018, 1, 24)),
        ("Jan. 24, 2018", dt.date(2018, 1, 24)),
        ("Wednesday, January 24, 2018", dt.date(2018, 1, 24)),
        ("24 January 2018", dt.date(2018, 1, 24)),
        ("2018-01-24", dt.date(2018, 1, 24)),
        ("24 janvier 2018", dt.date(2018, 1, 24)),
        ("1er février 2018", dt.date(2018, 2, 1)),
        ("Paris, le 24 janvier 2018", dt.date(2018, 1, 24)),
        ("24 de enero de 2018", dt.date(2018, 1, 24)),
        ("Published 3 March 2020", dt.date(2020, 3, 3)),
        ("01/24/2018", dt.date(2018, 1, 24)),
        ("24.01.2018", dt.date(2018, 1, 24)),
    ],
)
def test_dates_are_read_in_every_written_form(written: str, expected: dt.date) -> None:
    (r,) = parsed(release(f"Press Statement\nOffice of the Spokesperson\n{written}"))

    assert r.content.date == expected


def test_an_impossible_date_is_no_date() -> None:
    (r,) = parsed(release("Press Statement\nOffice of the Spokesperson\nFebruary 30, 2018"))

    assert r.content.date is None
    assert Problem(message="no date", line=1, field="date") in r.warnings


@pytest.mark.parametrize(
    ("type_line", "kind"),
    [
        ("Readout", "Readout"),
        ("Press Statement", "Press Statement"),
        ("Statement by the Press Secretary", "Press Statement"),
        ("Remarks", "Remarks"),
        ("Remarks to the Press", "Remarks"),
        ("FACT SHEET", "Fact Sheet"),
        ("Media Note", "Media Note"),
        ("Notice to the Press", "Notice to the Press"),
        ("Special Briefing", "Special Briefing"),
        ("Department Press Briefing", "Special Briefing"),
        ("Briefing", "Special Briefing"),
        ("Joint Statement", "Joint Statement"),
        ("Déclaration conjointe", "Joint Statement"),
        ("Compte rendu", "Readout"),
        ("Hoja informativa", "Fact Sheet"),
        ("Interview", "Other"),
    ],
)
def test_type_lines_map_to_kinds(type_line: str, kind: str) -> None:
    (r,) = parsed(
        release(f"{type_line}\nOffice of the Spokesperson\nWashington, DC\nJanuary 24, 2018")
    )

    assert r.content.kind == kind


def test_byline_on_one_line_splits_into_name_and_title() -> None:
    (r,) = parsed(
        release("Press Statement\nMorgan Ortagus, Department Spokesperson\nJanuary 24, 2020")
    )

    assert r.content.byline == Byline(name="Morgan Ortagus", title="Department Spokesperson")


def test_gov_uk_from_list_gives_the_first_organisation() -> None:
    header = (
        "Press release\n\nFrom: Foreign, Commonwealth & Development Office, Department for "
        "International Trade, and The Rt Hon Dominic Raab MP\nPublished 3 March 2020"
    )

    (r,) = parsed(release(header))

    assert r.content.byline == Byline(name="Foreign, Commonwealth & Development Office")
    assert r.content.date == dt.date(2020, 3, 3)


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("The Secretary met the Minister and they discussed the situation in the region.", "en"),
        ("Le ministre a rencontré les représentants des pays qui sont membres du Conseil.", "fr"),
        (
            "El secretario se reunió con los ministros para hablar de la situación en la región.",
            "es",
        ),
        (
            "Die Bundesregierung ist nicht der Meinung, dass das Abkommen mit den Partnern gilt.",
            "de",
        ),
        ("O governo não aceita os resultados da eleição e pede uma nova votação.", "pt"),
        ("Il governo non accetta i risultati delle elezioni e chiede una nuova votazione.", "it"),
        ("Министерство иностранных дел заявляет о поддержке переговоров.", "ru"),
        ("تدين وزارة الخارجية الهجوم على المدنيين.", "ar"),
        ("外交部发言人就此事发表谈话。", "zh"),
    ],
)
def test_language_is_guessed_from_stopwords_and_scripts(body: str, language: str) -> None:
    (r,) = parsed(release("Press Statement", body))

    assert r.content.language == language


def test_missing_header_fields_are_warnings_with_line_numbers() -> None:
    (r,) = parsed("\n\n# A Title\n\n---\n\nThe body says something.\n")

    assert r.warnings == (
        Problem(message="no type line; kind unknown", line=3, field="kind"),
        Problem(message="no date", line=3, field="date"),
        Problem(message="no byline", line=3, field="byline"),
        Problem(message="no place line", line=3, field="place"),
    )


def test_a_subheading_followed_by_a_header_block_starts_a_new_release() -> None:
    text = release("Press Statement\nOffice of the Spokesperson\nJanuary 24, 2018") + (
        "\n## Second Release\n\nMedia Note\nOffice of the Spokesperson\nJanuary 25, 2018\n\n"
        "Another body.\n"
    )

    releases = parsed(text)

    assert [(r.content.title, r.content.kind) for r in releases] == [
        ("A Title", "Press Statement"),
        ("Second Release", "Media Note"),
    ]


def test_disclaimer_split_over_two_italic_lines_belongs_to_no_release() -> None:
    footer = (
        "*The Office of Website Management, Bureau of Public Affairs, manages this site as a "
        "portal for information from the U.S. State Department.*\n\n*External links to other "
        "Internet sites should not be construed as an endorsement of the views or privacy "
        "policies contained therein.*\n\n---\n\n"
    )
    text = release("Press Statement\nOffice of the Spokesperson") + "\n" + footer
    text += "## **Next One**\n\nThe next body.\n"

    releases = parsed(text)

    assert [(r.content.title, r.content.body) for r in releases] == [
        ("A Title", ("The body says something.",)),
        ("Next One", ("The next body.",)),
    ]


# --------------------------------------------------------------------------------------------
# Body rules


def test_body_markup_links_and_html_remnants() -> None:
    body = (
        "A [link](https://example.org) and [](https://empty.example) and **bold** *words*.\n\n"
        "Ampersands &amp; entities&nbsp;here.<br>Second line.<p>New paragraph.</p>\n\n"
        "> A quoted paragraph.\n\n"
        "* a star bullet\n+ a plus bullet"
    )

    (r,) = parsed(release("Press Statement", body))

    assert r.content.body == (
        "A link and https://empty.example and bold words.",
        "Ampersands & entities here. Second line.",
        "New paragraph.",
        "A quoted paragraph.",
        "- a star bullet",
        "- a plus bullet",
    )


def test_headings_are_not_joined_to_the_paragraph_they_introduce() -> None:
    (r,) = parsed(release("Press Statement", "Intro sentence.\n\n### Background\n\nmore text."))

    assert r.content.body == ("Intro sentence.", "Background", "more text.")


def test_a_short_title_case_line_is_not_rejoined_with_the_next_paragraph() -> None:
    (r,) = parsed(release("Press Statement", "Next Steps\n\nThe Partnership will meet again."))

    assert r.content.body == ("Next Steps", "The Partnership will meet again.")


# --------------------------------------------------------------------------------------------
# Rejections


def test_release_without_a_title_is_rejected_with_its_raw_text() -> None:
    text = "Just a sentence that ends here.\n\nAnd another one.\n"

    (r,) = parse_document(text)

    assert r == RejectedRelease(
        raw=text.rstrip("\n"),
        start_line=1,
        reasons=(Problem(message="no title", line=1, field="title"),),
        title=None,
    )


def test_release_without_a_body_is_rejected_with_its_title() -> None:
    text = "\n# Press Releases: Only a Title\n\nPress Statement\nWashington, DC\nJanuary 24, 2018\n"

    r = parse_release(text)

    assert r == RejectedRelease(
        raw=text.strip("\n"),
        start_line=2,
        reasons=(Problem(message="no body", line=2, field="body"),),
        title="Only a Title",
    )


def test_empty_input() -> None:
    assert parse_document("") == []
    assert parse_document("\n\n---\n\n") == []
    assert parse_release("") == RejectedRelease(
        raw="",
        start_line=1,
        reasons=(
            Problem(message="no title", line=1, field="title"),
            Problem(message="no body", line=1, field="body"),
        ),
        title=None,
    )


# --------------------------------------------------------------------------------------------
# normalize


def test_normalize_cleans_encoding_debris_and_html_but_keeps_quotes() -> None:
    text = (
        "\ufeffA\u00a0b\tc\r\nd &amp; e &lt;x&gt;<br>f\rUN Resolution<sup>[1]</sup> <b>bold</b>"
        "<sup>2</sup> “quoted” ‘too’ – dash\u200b"
    )

    assert normalize(text) == (
        "A b c\nd & e <x>\nf\nUN Resolution[1] bold[2] “quoted” ‘too’ – dash"
    )


# --------------------------------------------------------------------------------------------
# Properties

MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("abcDEF 0123456789#-*_[]()<>&;:.,!?/\\\n\r\t\u00a0\ufeff“”–")),
    max_size=400,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=400), MARKDOWNISH))
def test_parser_never_raises_and_never_fails_internally(text: str) -> None:
    results = [*parse_document(text), parse_release(text)]

    for r in results:
        assert isinstance(r, ParsedRelease | RejectedRelease)
        problems = r.warnings if isinstance(r, ParsedRelease) else r.reasons
        assert not any(p.message.startswith("parser error") for p in problems)
        assert r.raw in text


WORD = st.from_regex(r"[a-z]{1,10}", fullmatch=True)
SENTENCE = st.lists(WORD, min_size=1, max_size=40).map(
    lambda words: " ".join(words).capitalize() + "."
)


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(SENTENCE, min_size=1, max_size=8),
    width=st.one_of(st.none(), st.integers(min_value=30, max_value=100)),
    rule=st.booleans(),
    kind=st.sampled_from(["Readout", "Press Statement", "Remarks", "Fact Sheet", "Media Note"]),
)
def test_every_generated_paragraph_comes_out(
    paragraphs: list[str], width: int | None, rule: bool, kind: str
) -> None:
    header = f"{kind}\nOffice of the Spokesperson\nWashington, DC\nJanuary 24, 2018\n"
    body = "\n\n".join(
        p if width is None else textwrap.fill(p, width, break_long_words=False) for p in paragraphs
    )
    text = f"# Press Releases: A Generated Title\n\n{header}\n{'---' if rule else ''}\n\n{body}\n"

    (r,) = parsed(text)

    assert r.content.body == tuple(paragraphs)
    assert (r.content.title, r.content.kind, r.content.date) == (
        "A Generated Title",
        kind,
        dt.date(2018, 1, 24),
    )
