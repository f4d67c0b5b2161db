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
from services.ingestion import learned
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


def read(result: ParsedRelease | RejectedRelease) -> ReleaseContent:
    """What the parser read of a release, parsed or rejected (a rejected one's ``found``)."""
    content = result.content if isinstance(result, ParsedRelease) else result.found
    assert content is not None
    return content


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
    # (without the kind model, whose probability the kind's warning would quote)
    with learned.using("kind", None):
        (r,) = parsed("\n\n# A Title\n\n---\n\nThe body says something.\n")

    assert r.warnings == (
        Problem(
            message="no type line; kind inferred as Press Statement from the default, the most "
            "common kind",
            line=3,
            field="kind",
        ),
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

    assert isinstance(r, RejectedRelease)
    assert (r.raw, r.start_line, r.title) == (text.rstrip("\n"), 1, None)
    assert r.reasons == (Problem(message="no title", line=1, field="title"),)
    # What could be read is kept for the operator who fixes it: the body, no headline.
    assert r.found is not None
    assert (r.found.title, r.found.body) == (
        "",
        ("Just a sentence that ends here.", "And another one."),
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


def test_an_html_rule_parts_two_saved_pages() -> None:
    page = (
        "<div>GOV.UK</div>\n<nav>Departments | Worldwide</nav>\n\n"
        "<span>Press release</span>\n{title}\n<p>The Prime Minister spoke to President "
        "Trump.</p>\n<p>They discussed trade and security {n}.</p>\n"
    )
    text = (
        page.format(title="<h1>PM call with President Trump: 24 January</h1>", n="today")
        + "\n<hr>\n\n"
        + page.format(title="PM call with President Trump: 28 January", n="again")
    )

    assert normalize("a<hr/>b") == "a\n\n---\n\nb"
    first, second = (read(r) for r in parse_document(text))
    assert first.title == "PM call with President Trump: 24 January"
    assert second.title == "PM call with President Trump: 28 January"
    assert second.body[-1] == "They discussed trade and security again."


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


# --------------------------------------------------------------------------------------------
# Page chrome around a release (navigation, share rows, footer blocks, decoy metadata)


def page(top: str, header: str, bottom: str = "") -> str:
    """A web page dump: chrome above the title, a header, a body and chrome below it."""
    return (
        f"{top}\n\n# Sanctions on the Leaders of the Junta\n\n{header}\n\n"
        "The body says something about the sanctions.\n\nIt says more in a second paragraph.\n\n"
        f"{bottom}\n"
    )


@pytest.mark.parametrize(
    "crumbs",
    [
        "[Home](#) › [Press Releases](#) › Sanctions on the Leaders of the Junta",
        "[Accueil](#) > [Dossiers pays](#) > [Événements](#)",
        "[Inicio](#) | [Noticias](#) | [Comunicados de prensa](#)",
        "Home > Newsroom > Sanctions on the Leaders of the Junta",
        "[Skip to content](#)\n\n[U.S. DEPARTMENT of STATE](#)\n\n[Home](#) › [Office](#)",
    ],
)
def test_breadcrumbs_and_site_links_above_the_title_are_dropped(crumbs: str) -> None:
    (r,) = parsed(page(crumbs, "Press Statement\nMorgan Ortagus, Department Spokesperson"))

    assert r.content.title == "Sanctions on the Leaders of the Junta"
    assert r.content.byline == Byline(name="Morgan Ortagus", title="Department Spokesperson")
    assert not any(w.message == "unrecognised line above the title" for w in r.warnings)


def test_a_linked_type_line_is_kept_and_a_linked_from_value_is_read() -> None:
    (r,) = parsed(page("", "[Readout](/readout/)\n\nFrom:\n    [Office of the Spokesperson](#)"))

    assert r.content.kind == "Readout"
    assert r.content.byline == Byline(name="Office of the Spokesperson")


@pytest.mark.parametrize(
    "row",
    ["[Share](#) [Print](#)", "Partager Imprimer", "Compartir | Imprimir | Enviar", "Share"],
)
def test_share_and_print_rows_are_neither_byline_nor_body(row: str) -> None:
    (r,) = parsed(page("", f"{row}\n\nJanuary 5, 2021", bottom=row))

    assert r.content.byline.name is None
    assert r.content.date == dt.date(2021, 1, 5)
    assert r.content.body == (
        "The body says something about the sanctions.",
        "It says more in a second paragraph.",
    )


@pytest.mark.parametrize(
    "block",
    [
        "TAGS\n\n[Bureau of African Affairs](#) [Junta](#)",
        "* * *\n\n## Related Articles\n\n[January 4, 2021  \nPress Statement  \nOther](#)",
        "## Explore the topic\n\n- [Sanctions](#)\n- [Africa](#)",
        "## See also\n\n- [Presentation of the country](#)",
        "**Related**\n\n- [Note to correspondents](#)",
        "Tags: [Sanctions](#), [Africa](#)",
    ],
)
def test_navigation_blocks_at_the_foot_of_a_page_are_dropped(block: str) -> None:
    (r,) = parsed(page("", "Press Statement\nJanuary 5, 2021", bottom=block))

    assert r.content.body == (
        "The body says something about the sanctions.",
        "It says more in a second paragraph.",
    )


def test_a_navigation_block_ends_at_the_next_release() -> None:
    text = page("", "Press Statement\nJanuary 5, 2021", bottom="## See also\n\n- [Other](#)")
    releases = parsed(text + "\n---\n\n" + text.replace("Junta", "Council"))

    assert [r.content.title for r in releases] == [
        "Sanctions on the Leaders of the Junta",
        "Sanctions on the Leaders of the Council",
    ]
    assert all(len(r.content.body) == 2 for r in releases)


@pytest.mark.parametrize(
    "decoy", ["Date modified:\n2021-02-10", "Date modified: 2021-02-10", "Last modified 10/02/2021"]
)
def test_a_date_modified_line_is_not_the_release_date(decoy: str) -> None:
    (r,) = parsed(page("", "Press Statement", bottom=decoy))

    assert r.content.date is None
    assert "2021" not in " ".join(r.content.body)


def test_a_single_signature_below_the_body_is_the_byline() -> None:
    bottom = "Stéphane Dujarric, Spokesman for the Secretary-General\n\n[Download](#)"

    (r,) = parsed(page("", "New York, 15 May 2019", bottom=bottom))

    assert r.content.byline == Byline(
        name="Stéphane Dujarric", title="Spokesman for the Secretary-General"
    )
    assert len(r.content.body) == 2
    assert Problem(
        message="byline taken from the bottom of the release", line=3, field="byline"
    ) in (r.warnings)


def test_several_signatures_below_a_joint_text_stay_in_the_body() -> None:
    bottom = (
        "Heiko Maas, Federal Minister for Foreign Affairs of Germany\n\n"
        "Dominic Raab, Foreign Secretary of the United Kingdom"
    )

    (r,) = parsed(page("", "14.01.2020", bottom=bottom))

    assert r.content.byline.name is None
    assert r.content.body[-1] == "Dominic Raab, Foreign Secretary of the United Kingdom"


@pytest.mark.parametrize(
    ("top", "header", "title", "kind"),
    [
        ("Press release", "From: Foreign Office\nPublished 3 March 2020", "", "Other"),
        ("", "## News release\n\nJanuary 11, 2020 - Ottawa, Ontario", "", "Other"),
        ("", "14.01.2020 - Press release", "", "Other"),
        ("Press Releases", "October 29, 2019", "", "Other"),
        ("Press release", "3 March 2020", "Joint statement on the Junta", "Joint Statement"),
        # A statement someone makes is a Press Statement; a statement only talked about is not.
        ("Press release", "3 March 2020", "Minister statement on the Junta", "Press Statement"),
        ("Press release", "3 March 2020", "Statement by the Spokesperson on X", "Press Statement"),
        ("Press release", "3 March 2020", "UK welcomes the statement of the Junta", "Other"),
        ("Press release", "3 March 2020", "Note to Correspondents: Envoy in Mali", "Media Note"),
        ("", "21 January 2019\n\nPress Release", "Council Press Statement", "Press Statement"),
        # A "Press release" type line inside a State-style header below the title.
        ("", "Press release\n\nFrom: Foreign Office", "", "Press Statement"),
        # "Comunicado", "Communiqué", "Statement": a kind only above a personal byline.
        (
            "",
            "Comunicado de prensa\nHeather Nauert\nPortavoz del Departamento de Estado\n"
            "Washington, DC\n24 de enero de 2018",
            "",
            "Press Statement",
        ),
        ("", "Comunicado\nSecretaría de Relaciones Exteriores\n15 de junio de 2021", "", "Other"),
        ("", "Communiqué de presse\n\nPar Ambassade de France | 12 septembre, 2019", "", "Other"),
        ("", "Media release\n\n18 February 2021", "", "Other"),
    ],
)
def test_generic_page_type_labels_give_the_titles_kind_or_other(
    top: str, header: str, title: str, kind: str
) -> None:
    # The page's own title names sanctions, which the headline hints below read as a statement.
    text = page(top, header).replace(
        "Sanctions on the Leaders of the Junta", title or "Funding for Schools in the Region"
    )

    (r,) = parsed(text)

    assert r.content.kind == kind
    assert r.content.place in (None, "Ottawa, Ontario", "Washington, DC")


@pytest.mark.parametrize(
    ("header", "title", "kind"),
    [
        # A trip announced is a Media Note; a visit concluded or a meeting a Readout.
        ("Press release", "Foreign Secretary travels to the Gulf to push for peace", "Media Note"),
        ("News release", "Foreign Affairs Minister to attend G20 meeting", "Media Note"),
        ("", "Foreign Secretary begins a five-day tour of Latin America", "Media Note"),
        ("", "République tchèque - Déplacement de M. Harlem Désir à Prague", "Media Note"),
        ("News release", "Minister Champagne concludes visit to Switzerland", "Readout"),
        ("", "Le ministre Baird conclut une visite fructueuse au Royaume-Uni", "Readout"),
        ("", "Foreign Secretary meets Lebanese Prime Minister", "Readout"),
        ("", "Minister Joly speaks with Elizabeth Truss", "Readout"),
        ("Press release", "Foreign Secretary meeting with US Secretary of State", "Readout"),
        ("", "Ministro Muñoz participa en reunión de Cancilleres de América", "Readout"),
        ("", "Canciller Holmes Trujillo recibió al Secretario de Estado Pompeo", "Readout"),
        ("", "Ribera participa en videoconferencia de Prosur", "Readout"),
        ("", "Foreign Minister Sergey Lavrov’s greetings at a gala meeting", "Remarks"),
        ("News release", "Address by Foreign Affairs Minister at the Arctic Council", "Remarks"),
        ("", "Arancha González Laya mantiene conversaciones con homólogos", "Readout"),
        ("", "Appel téléphonique du secrétaire Blinken au Premier ministre", "Readout"),
        # A reaction or a measure is a Press Statement, and so is a French ministry headline
        # dated in brackets.
        ("", "SECRETARY-GENERAL CONDEMNS DEADLY ATTACKS IN SRI LANKA", "Press Statement"),
        ("Press release", "Minister for Asia expresses concern at developments", "Press Statement"),
        ("News release", "Canada imposes further sanctions on the Junta", "Press Statement"),
        ("", "Myanmar Ambassador summoned in response to military coup", "Press Statement"),
        ("", "Niger – Attack on a military patrol (February 22, 2017)", "Press Statement"),
        ("", "Birmanie - Commission consultative (25 août 2017)", "Press Statement"),
        ("", "La France condamne les frappes russes contre l’Ukraine", "Press Statement"),
        ("", "Condolencias del canciller argentino a su colega española", "Press Statement"),
        ("", "U.S. Response to Turkey’s Renewed Survey Activity", "Press Statement"),
        ("", "Réponse des États-Unis à la mise en place d’un gouvernement", "Press Statement"),
        ("News release", "Minister tours universities on the response to the crisis", "Other"),
        # Nothing in the headline: no kind.
        ("Press release", "UK pledges £87 million in aid for Yemen", "Other"),
        ("News story", "UK welcomes the statement of the Junta", "Other"),
        # A briefing by officials not named.
        ("", "Senior State Department Officials on the Secretary's Trip", "Special Briefing"),
        ("", "Sesión informativa sobre viaje del Secretario a Latinoamérica", "Special Briefing"),
    ],
)
def test_headlines_hint_the_kind_when_no_type_line_names_it(
    header: str, title: str, kind: str
) -> None:
    # A page-type label above the title (gov.uk, Canada), or no label at all.
    label = f"{header}\n\n" if header else ""
    text = f"{label}# {title}\n\nMarch 3, 2020\n\nThe minister said the talks went well today.\n"

    (r,) = parsed(text)

    assert r.content.title == title
    assert r.content.kind == kind


@pytest.mark.parametrize(
    ("title", "place", "date"),
    [
        (
            "Foreign Minister's remarks following talks with Minister Safadi, Moscow, October 22, "
            "2018",
            "Moscow",
            dt.date(2018, 10, 22),
        ),
        ("Iran – Situation des détenus – Déclaration (03.01.20)", None, dt.date(2020, 1, 3)),
        (
            "Libya – Ceasefire – Statement by the Spokesperson (23 Oct. 2020)",
            None,
            dt.date(2020, 10, 23),
        ),
        ("Department Press Briefing - January 23, 2018", None, dt.date(2018, 1, 23)),
    ],
)
def test_place_and_date_at_the_end_of_a_title(title: str, place: str | None, date: dt.date) -> None:
    (r,) = parsed(f"# {title}\n\n[Share](#) [Print](#)\n\nThe body says something.\n")

    assert r.content.title == title
    assert r.content.place == place
    assert r.content.date == date


def test_a_contacts_section_above_an_office_block_does_not_start_a_release() -> None:
    bottom = "## Contacts\n\nMedia Relations Office\nGlobal Affairs Canada\n343-203-7700"

    (r,) = parsed(page("", "## News release\n\nJanuary 11, 2020 - Ottawa, Ontario", bottom))

    assert r.content.body[-2:] == (
        "Contacts",
        "Media Relations Office Global Affairs Canada 343-203-7700",
    )


# --- page chrome around one release (menus, logos, section headings, related lists) ---------

_ONE_PAGE = """[Skip to content](#main)

[![Ministry of Examples](/logo.png)](/)

Cookies on example.org

- [Home](/)
- [News](/news)
- The Harbour Bridge Reopens

## News

# The Harbour Bridge Reopens

Press Statement

March 3, 2021

The bridge reopened to traffic today after two years of repairs.

**Related Links:** [Older news](/a) | [Archive](/b)

## More like this

- [Another story](/c)
"""


def test_page_chrome_around_one_release_yields_one_release() -> None:
    results = parse_document(_ONE_PAGE)

    assert len(results) == 1
    r = results[0]
    assert isinstance(r, ParsedRelease)
    assert r.content.title == "The Harbour Bridge Reopens"
    assert r.content.body == ("The bridge reopened to traffic today after two years of repairs.",)


def test_a_logo_link_and_a_link_menu_are_chrome() -> None:
    text = (
        "[![Site](/l.png)](/)\n\n- [Home](/)\n- [About](/about)\n\n# A Title\n\nSome text here.\n"
    )

    results = parse_document(text)

    assert [r.content.title for r in results if isinstance(r, ParsedRelease)] == ["A Title"]
    assert len(results) == 1


def test_a_single_link_bullet_in_a_body_stays() -> None:
    text = "# A Title\n\nSee the annex.\n\n- [The annex](/annex)\n"

    r = parse_release(text)

    assert isinstance(r, ParsedRelease)
    assert r.content.body == ("See the annex.", "- The annex")


def test_a_section_heading_right_above_the_title_does_not_start_a_release() -> None:
    text = "## Press Releases\n\n# Real Title\n\nMarch 3, 2021\n\nThe text of it.\n"

    results = parse_document(text)

    assert len(results) == 1
    assert isinstance(results[0], ParsedRelease)
    assert results[0].content.title == "Real Title"


def test_a_heading_only_fragment_is_dropped_as_chrome_when_the_page_has_a_release() -> None:
    text = "# Real Title\n\nMarch 3, 2021\n\nThe text of it.\n\n---\n\n# Site Footer Name\n"

    results = parse_document(text)

    assert len(results) == 1
    assert isinstance(results[0], ParsedRelease)


def test_a_lone_heading_is_still_rejected_when_it_is_all_there_is() -> None:
    results = parse_document("# Only a Title\n")

    assert len(results) == 1
    assert isinstance(results[0], RejectedRelease)


def test_spanish_related_articles_block_is_chrome() -> None:
    text = "# Un título\n\nEl texto de la declaración.\n\n## Artículos relacionados\n\n[Otra](/x)\n"

    results = parse_document(text)

    assert len(results) == 1
    assert isinstance(results[0], ParsedRelease)
    assert results[0].content.body == ("El texto de la declaración.",)


def test_date_and_place_from_an_opening_dateline_after_a_standfirst() -> None:
    text = (
        "# Lake Levels Rise\n\nAgency calls for caution on the shore\n\n"
        "12 May 2020, Lakeside - The agency today warned residents of rising water.\n"
    )

    r = parse_release(text)

    assert isinstance(r, ParsedRelease)
    assert r.content.date == dt.date(2020, 5, 12)
    assert r.content.place == "Lakeside"
    assert len(r.content.body) == 2


@pytest.mark.parametrize(
    ("opening", "place", "date"),
    [
        ("Panamá, 9 de junio de 2021.- La canciller viajó hoy a Costa Rica.", "Panamá",
         dt.date(2021, 6, 9)),
        ("Ciudad de México, a 3 de marzo de 2019.– La Secretaría informa hoy.",
         "Ciudad de México", dt.date(2019, 3, 3)),
        # (".-" after no date is no dateline)
        ("The U.S.-led coalition said today that the operation goes on.", None, None),
    ],
)  # fmt: skip
def test_a_dateline_ending_in_a_full_stop_and_a_dash(
    opening: str, place: str | None, date: dt.date | None
) -> None:
    content = read(parse_release(f"# Un comunicado\n\n{opening}\n"))

    assert (content.place, content.date) == (place, date)
    assert content.body == (opening,)


def test_an_issued_on_line_gives_the_release_date_over_an_events_date() -> None:
    content = read(
        parse_release(
            "# Pre-ministerial press conference by the Secretary General\n\n"
            "Tuesday, 25 June 2019\n\n  • 25 Jun. 2019 -\n  • Press Release (2019) 067\n"
            "  • Issued on 17 Jun. 2019\n  • Last updated: 17 Jun. 2019 12:07\n\n"
            "The NATO Secretary General will hold a press conference ahead of the meetings.\n"
        )
    )

    assert content.date == dt.date(2019, 6, 17)


def test_place_from_a_closing_place_and_date_block_matching_the_header_date() -> None:
    text = "# A Visit\n\nMay 12, 2020\n\nThe minister will visit.\n\nLakeside\nMay 12, 2020\n"

    r = parse_release(text)

    assert isinstance(r, ParsedRelease)
    assert r.content.place == "Lakeside"
    assert r.content.body == ("The minister will visit.",)


def test_modification_date_is_not_the_release_date() -> None:
    text = (
        "# Un titre\n\nLe 14 août 2020 – Ottawa\n\nLe texte.\n\nDate de modification : 2020-08-15\n"
    )

    r = parse_release(text)

    assert isinstance(r, ParsedRelease)
    assert r.content.date == dt.date(2020, 8, 14)
    assert r.content.body == ("Le texte.",)


def test_spanish_press_statement_type_line() -> None:
    text = "# Un título\n\nDeclaración a la prensa\n\n5 de enero de 2020\n\nEl texto.\n"

    r = parse_release(text)

    assert isinstance(r, ParsedRelease)
    assert r.content.kind == "Press Statement"


def test_government_site_banner_is_page_chrome() -> None:
    page = (
        "An official website of the United States government [Here's how you know](#)\n\n"
        "Here's how you know\n\n"
        "# Statement on Nothing in Particular\n\n"
        "Press Statement\n\nOffice of the Spokesperson\n\nWashington, DC\n\nMay 4, 2020\n\n"
        "---\n\nThe United States welcomes the news.\n"
    )
    (release,) = parse_document(page)
    assert isinstance(release, ParsedRelease)
    assert release.content.byline.name == "Office of the Spokesperson"
    assert release.content.body == ("The United States welcomes the news.",)


def test_a_menu_row_with_a_labelled_first_link_is_chrome() -> None:
    results = parse_document(page("[Menu](#): [Jobs](#) · [Travel](#) · [Taxes](#)", "3 May 2019"))

    assert len(results) == 1
    assert isinstance(results[0], ParsedRelease)


def test_a_senator_with_honorifics_below_the_date_is_the_byline() -> None:
    header = "Media release\n\n18 February 2021\n\nSenator the Hon Jane Doe\n\nMinister for Trade"
    title = "Trade Mission to Jakarta"  # the page's own title names sanctions: a statement

    (r,) = parsed(page("", header).replace("Sanctions on the Leaders of the Junta", title))

    assert r.content.byline == Byline(name="Jane Doe", title="Minister for Trade")
    assert r.content.kind == "Other"
    assert r.content.place is None


def test_a_state_header_below_a_posting_line_takes_precedence() -> None:
    header = (
        "*Traducción no oficial: el texto original en inglés es la única fuente oficial.*\n\n"
        "Por Embajada de los EE. UU. en Chile | 6 enero, 2020 | Temas: [Noticias](#)\n\n"
        "DEPARTAMENTO DE ESTADO DE EE. UU.\nOficina del Portavoz\n\n"
        "Declaración a la prensa\nJohn Roe\nSecretario de Estado\n\n"
        "Washington, DC\n5 de enero de 2020\n\n---"
    )

    (r,) = parsed(page("", header))

    assert r.content.kind == "Press Statement"
    assert r.content.byline == Byline(name="John Roe", title="Secretario de Estado")
    assert (r.content.place, r.content.date) == ("Washington, DC", dt.date(2020, 1, 5))


def test_a_place_opening_the_body_with_the_headers_date() -> None:
    text = page("", "Par Ambassade de France | 12 septembre, 2019").replace(
        "The body says", "Lyon, le 12 septembre 2019 – The body says"
    )

    (r,) = parsed(text)

    assert r.content.place == "Lyon"
    assert r.content.byline.name == "Ambassade de France"
    assert r.content.body[0].startswith("Lyon, le 12 septembre 2019 –")


@pytest.mark.parametrize(
    ("header", "name", "title"),
    [
        ("Département d’État des États-Unis\nCale Brown, porte-parole adjoint", "Cale Brown",
         "porte-parole adjoint"),
        ("Département d’État des États-Unis\nSecrétaire d’Etat, Mike Pompeo", "Mike Pompeo",
         "Secrétaire d’Etat"),
        ("Departamento de Estado de EE. UU.\nOficina de la Portavoz\nEntrevista\n"
         "El Secretario de Estado Michael R. Pompeo", "Michael R. Pompeo", "Secretario de Estado"),
        ("DEPARTAMENTO DE ESTADO DE LOS ESTADOS UNIDOS\nOficina de la Vocera\n"
         "DECLARACION DE LA VOCERA MORGAN ORTAGUS", "Morgan Ortagus", "Vocera"),
        ("Departamento de Estado de los EE. UU.\nOficina del Portavoz\n"
         "DECLARACIÓN DEL SECRETARIO TILLERSON", "Tillerson", "Secretario"),
        # An office alone stays the byline.
        ("U.S. Department of State\nOffice of the Spokesperson", "Office of the Spokesperson",
         None),
    ],
)  # fmt: skip
def test_a_person_below_a_letterhead_signs_the_translation(
    header: str, name: str, title: str | None
) -> None:
    text = f"# Le titre de la déclaration\n\n{header}\nLe 10 novembre 2020\n\nLe texte suit ici."
    r = parse_release(text)
    assert isinstance(r, ParsedRelease)
    assert (r.content.byline.name, r.content.byline.title) == (name, title)


@pytest.mark.parametrize(
    ("dateline", "date"),
    [
        ("Brussels, 10/11/2020", dt.date(2020, 11, 10)),  # abroad: day first
        ("Washington, DC, 10/11/2020", dt.date(2020, 10, 11)),  # the U.S. reading
        ("10/11/2020", dt.date(2020, 10, 11)),  # no place: the U.S. reading
        ("Paris, 25/08/2020", dt.date(2020, 8, 25)),  # unambiguous
    ],
)
def test_an_ambiguous_slash_date_abroad_is_day_first(dateline: str, date: dt.date) -> None:
    r = parse_release(f"# A title\n\n{dateline}\n\nThe text follows here.")
    assert isinstance(r, ParsedRelease)
    assert r.content.date == date


def test_un_datelines_without_a_date_give_the_place() -> None:
    above = parse_release(
        "New York\n\n17 July 2018\n\n## Note to Correspondents: Envoy visits\n\nThe envoy went."
    )
    opening = parse_release(
        "# Statement on Somalia\n\n24 May 2014\n\nNew York - The Secretary-General condemns it."
    )
    assert isinstance(above, ParsedRelease)
    assert isinstance(opening, ParsedRelease)
    assert (above.content.place, above.content.kind) == ("New York", "Media Note")
    assert opening.content.place == "New York"


def test_an_aggregator_page_with_run_on_headers_splits_at_its_channel_titles() -> None:
    page = (
        "# Sentinelle\n\nBulletin d'information hebdomadaire\n\n"
        "Get the latest press statements from the Office of the Spokesman.\n\n"
        "## [Press Releases: Call With the Turkish Foreign Minister](#)\n\n"
        "lun, 01/21/2019 - 18:28\n\n"
        "Readout Office of the Spokesperson Washington, DC\nJanuary 21, 2019\n\n"
        "The Secretary spoke today with the Foreign Minister.\n\n"
        "## [Press Releases: Call With the Korean Foreign Minister](#)\n\n"
        "Readout Office of the Spokesperson Washington, DC\nJanuary 20, 2019\n\n"
        "The Secretary spoke with the Foreign Minister.\n"
    )
    found = parsed(page)
    assert [r.content.title for r in found] == [
        "Call With the Turkish Foreign Minister",
        "Call With the Korean Foreign Minister",
    ]
    first = found[0].content
    assert (first.kind, first.byline.name, first.place, first.date) == (
        "Readout",
        "Office of the Spokesperson",
        "Washington, DC",
        dt.date(2019, 1, 21),
    )


def test_translation_and_foreign_ministry_conventions() -> None:
    comunicado = parse_release(
        "# El Secretario viaja\n\nDEPARTAMENTO DE ESTADO DE LOS ESTADOS UNIDOS\n"
        "Oficina de la Portavoz\nComunicado de prensa\n1º de junio de 2018\n\nEl texto sigue."
    )
    answers = parse_release(
        "# Foreign Minister Sergey Lavrov’s statement and answers to media questions\n\n"
        "19 June 2020\n\nGood afternoon."
    )
    mofa = parse_release(
        "Press Releases\n\nThe Terrorist Attacks in Afghanistan\n"
        "(Statement by Press Secretary Takeshi Osuga)\n\nAugust 16, 2018\n\n"
        "- Japan expresses its deep concern over the attacks."
    )
    caption = parse_release(
        "# El secretario Pompeo viaja\n\n![Secretary of State Mike Pompeo](#)\n\n"
        "Secretary of State Mike Pompeo\n\nDEPARTAMENTO DE ESTADO DE LOS ESTADOS UNIDOS\n"
        "DECLARACION DE LA VOCERA MORGAN ORTAGUS\n16 de julio de 2019\n\nEl texto sigue."
    )
    assert isinstance(comunicado, ParsedRelease)
    assert isinstance(answers, ParsedRelease)
    assert isinstance(mofa, ParsedRelease)
    assert isinstance(caption, ParsedRelease)
    assert comunicado.content.kind == "Press Statement"
    assert answers.content.kind == "Remarks"
    assert (mofa.content.byline.name, mofa.content.byline.title) == (
        "Takeshi Osuga",
        "Press Secretary",
    )
    assert caption.content.byline.name == "Morgan Ortagus"


def test_a_2019_state_print_view_takes_the_linked_byline_below_the_title() -> None:
    page = (
        "U.S. DEPARTMENT of STATE — Print view\n\n"
        "# Briefing With Senior State Department Officials On COVID-19\n\n"
        "[Special Briefing](https://www.state.gov/press-releases/)\n\n"
        "[Office Of The Spokesperson](#)\n\nMarch 23, 2020\n\n---\n\n"
        "**MODERATOR:** Okay, thanks for joining.\n\n**OFFICIAL:** Good afternoon."
    )
    lunch = parse_release(
        "Press Releases: Secretary Pompeo’s Working Lunch With King Abdullah II of Jordan\n\n"
        "Office of the Spokesperson\nWashington, DC\nJune 22, 2018\n\n"
        "Secretary Michael R. Pompeo had a working lunch with King Abdullah today."
    )
    (r,) = parsed(page)
    assert isinstance(lunch, ParsedRelease)
    assert (r.content.kind, r.content.byline.name) == (
        "Special Briefing",
        "Office Of The Spokesperson",
    )
    assert lunch.content.kind == "Readout"


def test_embassy_translation_headers_with_rules_columns_and_continuations() -> None:
    ruled = parse_release(
        "# En el aniversario de los atentados\n\nDEPARTAMENTO DE ESTADO DE LOS ESTADOS UNIDOS\n"
        "Oficina del Vocero\n________________________________________\n"
        "Para su difusión inmediata\nDECLARACION DEL SECRETARIO POMPEO\n"
        "10 de septiembre de 2018\n\nMañana honraremos a las víctimas."
    )
    columns = parse_release(
        "## Declaraciones del Secretario de Estado a la prensa itinerante\n\n"
        "Departamento de Estado de los Estados Unidos\nOficina de la Portavoz\n"
        "Para su divulgación inmediata          18 de octubre de 2018\n\nDeclaraciones\n"
        "Secretario de Estado Michael R. Pompeo\na la prensa itinerante\n\n"
        "ERT Ciudad de México, México\n\n18 de octubre de 2018\n\n"
        "SECRETARIO POMPEO: Hacía tiempo que en mi lista figuraba visitar al presidente."
    )
    above = parse_release(
        "---\n\nRex W. Tillerson\nSecretary of State\n\n"
        "# Interview With Chris Wallace of Fox News Sunday\n\n"
        "Department of State\nWashington, DC\nMay 21, 2017\n\nQUESTION: Good morning."
    )
    assert isinstance(ruled, ParsedRelease)
    assert isinstance(columns, ParsedRelease)
    assert isinstance(above, ParsedRelease)
    assert (ruled.content.kind, ruled.content.date) == ("Press Statement", dt.date(2018, 9, 10))
    c = columns.content
    assert (c.kind, c.byline.name, c.byline.title, c.place, c.date) == (
        "Remarks", "Michael R. Pompeo", "Secretario de Estado", "ERT Ciudad de México, México",
        dt.date(2018, 10, 18),
    )  # fmt: skip
    assert (above.content.byline.name, above.content.place) == (
        "Rex W. Tillerson",
        "Washington, DC",
    )


def test_a_sites_name_is_no_byline_and_capitals_bylines_read_as_written() -> None:
    site = parse_release(
        "Ministry of Foreign Affairs of Japan\n\n* [Home](#)\n* [Press Releases](#)\n\n"
        "Press Releases\n\n## The 9th Foreign Ministers’ Meeting\n\nMarch 3, 2021\n\n"
        "The meeting was held today."
    )
    caps = parse_release(
        "# Secretary Pompeo’s Call with Ethiopian Prime Minister Abiy\n\nREADOUT\n\n"
        "OFFICE OF THE SPOKESPERSON\n\nJANUARY 17, 2020\n\nThe Secretary spoke today."
    )
    assert isinstance(site, ParsedRelease)
    assert isinstance(caps, ParsedRelease)
    assert site.content.byline.name is None
    assert caps.content.byline.name == "Office of the Spokesperson"


def test_a_gov_uk_label_before_a_plain_title_is_dropped_and_names_the_kind() -> None:
    text = (
        "Government World - government-world.com\nPrint This Post | Close Window\n\n"
        "-----------------------------------------\n\n"
        "Speech: “This is Russia’s seventh veto on Syria in five years.”\n\n"
        "Thank you Mr President.\n\nI am appalled that Russia has vetoed this resolution today.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "“This is Russia’s seventh veto on Syria in five years.”"
    assert r.content.kind == "Remarks"
    assert r.content.body[0] == "Thank you Mr President."


@pytest.mark.parametrize("place", ["Washington D.C.", "Buenos Aires", "Ciudad de México"])
def test_a_city_alone_on_a_header_line_is_the_place(place: str) -> None:
    text = (
        "# Transición en el Departamento de Estado\n\nComunicado de prensa\n\n"
        "13 de marzo de 2018\n\n"
        f"{place}\n\nEl Secretario habló hoy con la prensa sobre la transición.\n"
    )

    (r,) = parsed(text)

    assert r.content.place == place
    assert r.content.date == dt.date(2018, 3, 13)


def test_a_heading_over_nothing_but_a_lower_heading_is_the_sites_and_a_run_on_header_splits() -> (
    None
):
    text = (
        "US Diplomacy — Press releases feed\n==================================\n\n"
        "[All items](#) | [Statements](#) | [Readouts](#)\n\n"
        "## Moving Forward in Yemen\n\n"
        "**Press Statement** — Heather Nauert, Department Spokesperson\n\n"
        "The United States reiterates its call for all parties to cease hostilities.\n\n"
        "Washington, DC · November 21, 2018\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Moving Forward in Yemen"
    assert r.content.kind == "Press Statement"
    assert r.content.byline == Byline(name="Heather Nauert", title="Department Spokesperson")
    assert r.content.place == "Washington, DC"  # the separator is not part of the place
    assert r.content.date == dt.date(2018, 11, 21)
    assert r.content.body == (
        "The United States reiterates its call for all parties to cease hostilities.",
    )


def test_a_postings_categories_are_no_place() -> None:
    text = (
        "# Secretary Pompeo’s Call with King Abdullah II\n\n"
        "July 9, 2020 · Government, World News\n\n"
        "The below is attributable to Spokesperson Morgan Ortagus:\n\nThe Secretary spoke today.\n"
    )

    (r,) = parsed(text)

    assert r.content.place is None
    assert r.content.date == dt.date(2020, 7, 9)


@pytest.mark.parametrize(
    "label", ["COMUNICADO 052", "Comunicado Oficial 028 - 19", "Communiqué n° 14"]
)
def test_a_numbered_communique_above_the_title_below_chrome_is_a_press_statement(
    label: str,
) -> None:
    text = (
        "**Ministerio de Asuntos Exteriores** · Gobierno de España\n\nMenú\n\n"
        f"{label}\n\n# Asesinato de civiles en el Perú\n\n25 de mayo de 2021\n\n"
        "España condena el brutal asesinato de 16 ciudadanos.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Asesinato de civiles en el Perú"
    assert r.content.kind == "Press Statement"
    assert r.content.date == dt.date(2021, 5, 25)


def test_a_hard_wrapped_print_view_keeps_its_paragraphs_out_of_the_titles() -> None:
    text = (
        "U.S. DEPARTMENT OF STATE\nOffice of the Spokesperson\n\n"
        "Press Releases: Tenth U.S.-Vietnam Joint Committee Meeting on Science\nand Technology\n\n"
        "Notice to the Press\nOffice of the Spokesperson\nWashington, DC\nOctober 16, 2018\n\n"
        "The U.S. Department of State will host the plenary session of the tenth\n"
        "U.S.-Vietnam Joint Committee Meeting on Science and Technology, in\n"
        "cooperation with the Vietnamese Ministry of Science and Technology, to\n"
        "discuss opportunities for collaboration on Wednesday, October 17, at the\n"
        "Department of State Annex located at 1800 G Street NW, Washington, DC,\n20006.\n\n"
        "Principal Deputy Assistant Secretary for Oceans and International\n"
        "Environmental and Scientific Affairs Judith Garber will provide opening\n"
        "remarks followed by Vice Minister Bui The Duy.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Tenth U.S.-Vietnam Joint Committee Meeting on Science and Technology"
    assert r.content.kind == "Notice to the Press"
    assert len(r.content.body) == 2


@pytest.mark.parametrize(
    ("written", "title"),
    [
        (
            "MIL-OSI USA: Europe and Eurasia: Secretary Pompeo’s Call With Foreign Minister Lavrov",
            "Secretary Pompeo’s Call With Foreign Minister Lavrov",
        ),
        (
            "Canada News: Statement in celebration of Africa Day",
            "Statement in celebration of Africa Day",
        ),
        (
            "Belarus: UK sanctions eight members of regime",
            "Belarus: UK sanctions eight members of regime",
        ),
        (
            "Declaraciones con el presidente colombiano Iván Duque Facebooktwittergoogle_plusmail",
            "Declaraciones con el presidente colombiano Iván Duque",
        ),
    ],
)
def test_a_mirrors_feed_tag_and_glued_share_buttons_are_not_the_title(
    written: str, title: str
) -> None:
    (r,) = parsed(
        f"# {written}\n\nWASHINGTON, D.C.\n\nJuly 8, 2018\n\nThe Secretary spoke today.\n"
    )

    assert r.content.title == title
    assert r.content.place == "Washington, D.C."  # written as in a sentence


def test_a_listing_of_linked_headings_splits_and_each_item_keeps_the_dateline_above_it() -> None:
    text = (
        "# António Guterres\n\n29 September 2017, New York\n\n"
        "### [Note to Correspondents on the Voluntary Compact](#)\n\n"
        "The United Nations is grateful to the many Member States that answered the call.\n\n"
        "28 September 2017, Security Council\n\n"
        "### [Remarks at open debate of the Security Council on Myanmar](#)\n\n"
        "I welcome this opportunity to brief you on the crisis in Myanmar.\n"
    )

    first, second = parsed(text)

    assert first.content.title == "Note to Correspondents on the Voluntary Compact"
    assert (first.content.place, first.content.date) == ("New York", dt.date(2017, 9, 29))
    assert second.content.title == "Remarks at open debate of the Security Council on Myanmar"
    assert (second.content.place, second.content.date) == ("Security Council", dt.date(2017, 9, 28))


def test_a_blogs_posting_date_above_the_title_gives_way_to_the_releases_own() -> None:
    text = (
        "Tuesday, October 3, 2017\n\n## [US Support for the UN Action Plan for Libya](#)\n\n"
        "Press Statement\nHeather Nauert\nDepartment of State Spokesperson\nWashington, DC\n"
        "September 22, 2017\n\nThe United States welcomes the action plan.\n"
    )

    (r,) = parsed(text)

    assert r.content.date == dt.date(2017, 9, 22)
    assert r.content.byline == Byline(
        name="Heather Nauert", title="Department of State Spokesperson"
    )


def test_a_hard_wrapped_paragraph_line_ending_mid_sentence_is_no_title() -> None:
    text = (
        "Inicio / Sala de prensa\n\n"
        "Comunicado de prensa sobre los ataques terroristas ocurridos el 9 de abril en\nEgipto\n\n"
        "El Ministerio de Relaciones Exteriores condena los ataques terroristas.\n\n"
        "La Cancillería colombiana lamenta la pérdida de vidas y transmite sus\n"
        "condolencias a los familiares de las víctimas y a quienes resultaron afectados\n"
        "por los atentados, al tiempo que manifiesta su solidaridad con el pueblo y el\n"
        "Gobierno de la República Árabe de Egipto.\n\nBogotá, 10 de abril de 2017.\n"
    )

    (r,) = parsed(text)

    assert r.content.title.startswith("Comunicado de prensa sobre los ataques")
    assert (r.content.place, r.content.date) == ("Bogotá", dt.date(2017, 4, 10))


def test_a_translations_sites_label_under_the_title_is_chrome() -> None:
    text = (
        "# Appel téléphonique du secrétaire Blinken au Premier ministre Joseph\n\n"
        "Traductions en français\n\nDépartement d’État des États-Unis\nBureau du porte-parole\n"
        "Le 7 juillet 2021\nCompte rendu\n"
        "Ce qui suit est attribuable au porte-parole Ned Price :\n"
        "Le secrétaire d’État Antony J. Blinken s’est entretenu aujourd’hui avec M. Joseph.\n"
    )

    (r,) = parsed(text)

    assert r.content.byline.name == "Bureau du porte-parole"
    assert r.content.date == dt.date(2021, 7, 7)
    assert r.content.kind == "Readout"


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("Europe and Eurasia: Interview With Michel Ghandour", "Interview With Michel Ghandour"),
        ("Secretary’s Remarks: Remarks With Yang Jiechi", "Remarks With Yang Jiechi"),
        (
            "Canada – Minister Garneau speaks with Ethiopian counterpart",
            "Minister Garneau speaks with Ethiopian counterpart",
        ),
        (
            "Niger – Attack on a military patrol (February 22, 2017)",
            "Niger – Attack on a military patrol (February 22, 2017)",
        ),
    ],
)
def test_a_bureau_tag_or_a_newswires_country_before_a_title_is_dropped(
    written: str, title: str
) -> None:
    (r,) = parsed(
        f"# {written}\n\nDiaoyutai, Beijing\n\nOctober 8, 2018\n\nThe Secretary spoke today.\n"
    )

    assert r.content.title == title
    assert r.content.place == "Beijing"  # a venue before the city is not the place


def test_a_daily_briefing_without_heading_takes_its_dated_kind_line_as_title() -> None:
    text = (
        "• Printer Friendly Version\n\nDepartment Press Briefing – August 21, 2019\n\n"
        "Morgan Ortagus, Department Spokesperson\n\n1:36 p.m. EDT\n\n"
        "MS ORTAGUS: Good afternoon, everybody. The Secretary will travel to Ottawa tomorrow.\n\n"
        "QUESTION: Thank you. On Georgia?\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Department Press Briefing – August 21, 2019"
    assert r.content.kind == "Special Briefing"
    assert r.content.date == dt.date(2019, 8, 21)
    assert r.content.body[0].startswith("MS ORTAGUS:")


def test_a_reliefweb_repost_takes_the_line_above_its_source_block_as_title() -> None:
    text = (
        "ReliefWeb\nInforming humanitarians worldwide\n\n"
        "Updates   Countries   Disasters   Organizations   Topics\n\n"
        "Home > Updates > Afghanistan\n\nAfghanistan\n\n31 Jul 2019\n\n"
        "Secretary-General Strongly Condemns Bus Attack in Afghanistan\n\n"
        "Report\nfrom UN Secretary-General\nPublished on 31 Jul 2019 View Original\n\n"
        "SG/SM/13904\n\n"
        "The Secretary-General strongly condemns the attack this morning on a bus.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Secretary-General Strongly Condemns Bus Attack in Afghanistan"
    assert r.content.byline.name == "UN Secretary-General"
    assert r.content.date == dt.date(2019, 7, 31)
    assert r.content.kind == "Press Statement"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("DECLARATION DE HEATHER NAUERT, PORTE-PAROLE", "Heather Nauert"),
        ("Discours de l’Ambassadeur Jane D. Hartley,", "Jane D. Hartley"),
    ],
)
def test_a_kind_word_or_a_comma_around_the_signer_is_not_the_byline(line: str, name: str) -> None:
    title = "# Les Etats-Unis saluent l’annonce du calendrier"
    text = f"{title}\n\n{line}\n\nLes Etats-Unis saluent l’annonce.\n"

    (r,) = parsed(text)

    assert r.content.byline.name == name


def test_share_button_debris_on_its_own_line_is_never_a_plain_title() -> None:
    text = (
        "Traductions du Département d'État – Français\n\nrss\n\n"
        "Allocution du secrétaire d’Etat lors d’une conférence de presse\n\n"
        "Facebooktwittergoogle_plusmail\n\n"
        "Département d’État des États-Unis\nBureau du porte-parole\nLe 4 octobre 2017\n\n"
        "SECRÉTAIRE TILLERSON : Bonjour. Il y a quelques sujets dont on a beaucoup parlé.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Allocution du secrétaire d’Etat lors d’une conférence de presse"
    assert r.content.kind == "Remarks"


def test_a_briefing_page_splits_into_the_items_its_contents_list_names() -> None:
    text = (
        "---\n\nThe Daily Press Briefing\n\nParis - March 30, 2020\n\nIn this issue:\n\n"
        "◢  Saudi Arabia – Missile attacks (March 28, 2020)\n\n◢  Covid-19 – China\n\n---\n\n"
        "### Saudi Arabia – Missile attacks (March 28, 2020)\n\n"
        "France condemns the indiscriminate missile attacks against the cities of Riyadh.\n\n"
        "### Covid-19 – China\n\n"
        "The Embassy of China in France published some scathing comments on its website.\n"
    )

    first, second = parsed(text)

    assert first.content.title == "Saudi Arabia – Missile attacks (March 28, 2020)"
    assert first.content.date == dt.date(2020, 3, 28)
    assert second.content.title == "Covid-19 – China"
    assert second.content.body == (
        "The Embassy of China in France published some scathing comments on its website.",
    )


def test_an_image_caption_repeating_its_alt_text_stays_out_of_the_body() -> None:
    text = (
        "# Secretary Pompeo’s Meeting With Foreign Minister Maas\n\nReadout\n\n"
        "Office of the Spokesperson\n\nMay 3, 2019\n\n"
        "The Secretary met Foreign Minister Maas today.\n\n"
        "![Secretary of State Mike Pompeo](#)\n\nSecretary of State Mike Pompeo\n\n"
        "They discussed Iran.\n"
    )

    (r,) = parsed(text)

    assert "Secretary of State Mike Pompeo" not in r.content.body


@pytest.mark.parametrize(
    ("wrapped", "title"),
    [
        (
            "Press Releases: Acting Assistant Secretary Palmieri To Deliver Keynote\r\n"
            "Speech at the Lake Roosevelt Forum",
            "Acting Assistant Secretary Palmieri To Deliver Keynote Speech at the Lake Roosevelt"
            " Forum",
        ),
        (
            "Press Releases: Ongoing U.S. Humanitarian Assistance for the Rakhine\r\nState Crisis",
            "Ongoing U.S. Humanitarian Assistance for the Rakhine State Crisis",
        ),
    ],
)
def test_a_wrapped_channel_title_goes_on_over_a_kind_word_or_a_name_like_line(
    wrapped: str, title: str
) -> None:
    text = (
        f"Government World - Print\r\n\r\n{wrapped}\r\n\r\nNotice to the Press\r\n\r\n"
        "Office of the Spokesperson\r\n\r\nWashington, DC\r\n\r\nApril 23, 2018\r\n\r\n"
        "The Acting Assistant Secretary will travel this week to Spokane.\r\n"
    )

    (r,) = parsed(text)

    assert r.content.title == title
    assert r.content.byline.name == "Office of the Spokesperson"


def test_a_french_ministry_title_date_is_day_first_and_the_byline_loses_its_honorific() -> None:
    title = (
        "Egypt - Attacks - Statement by M. Jean-Marc Ayrault, Minister of Foreign Affairs "
        "(Paris, 09/04/2017)"
    )

    (r,) = parsed(f"# {title}\n\nFrance condemns the attacks in Tanta and Alexandria.\n")

    assert r.content.date == dt.date(2017, 4, 9)
    assert r.content.byline.name == "Jean-Marc Ayrault"


def test_a_plain_page_title_is_found_above_the_header_lines_over_the_first_sentence() -> None:
    text = (
        "Government of Canada | Gouvernement du Canada\n\nCanada News Centre\n\n"
        "Address by Minister Dion at Ottawa Forum 2016: Building a foreign policy\n\n"
        "Speech\n\nJanuary 28, 2016 - Ottawa, Ontario\n\n2:17 p.m. EDT\n\n"
        "Thank you for this opportunity to speak at the Ottawa Forum. It is an honour.\n"
    )

    (r,) = parsed(text)

    assert (
        r.content.title
        == "Address by Minister Dion at Ottawa Forum 2016: Building a foreign policy"
    )
    assert r.content.date == dt.date(2016, 1, 28)


def test_a_canada_ca_page_in_french_keeps_its_issuer_and_its_footer_sections_open_no_release() -> (
    None
):
    text = (
        "# Le Canada appelle à l'arrêt de la violence au Nicaragua\n\n"
        "Le 18 juillet 2018 – Ottawa (Ontario) – Affaires mondiales Canada\n\n"
        "La ministre des Affaires étrangères a fait aujourd’hui la déclaration suivante.\n\n"
        "## Personnes-ressources\n\nAdam Austen\nAttaché de presse\nCabinet de la ministre\n\n"
        "Service des relations avec les médias\nAffaires mondiales Canada\n\n"
        "## À propos de ce site\n\nAffaires mondiales Canada\n"
    )

    (r,) = parsed(text)

    assert r.content.byline.name == "Affaires mondiales Canada"
    assert r.content.place == "Ottawa (Ontario)"


def test_a_mirror_page_with_a_source_tag_dateline_credit_and_post_footer() -> None:
    text = (
        "STL.News\nHome | Business | Government | Politics | Contact\n\n"
        "US Department of State: Rocket Attack in Iraq\n\n"
        "Washington, DC (STL.News) The below is attributable to Spokesperson Morgan Ortagus:\n\n"
        "We are outraged by yesterday’s rocket attack in Baghdad that killed civilians. We call "
        "on Iraqi officials to take immediate action.\n\n"
        "Posted in World · September 29, 2020 · by STL.News\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Rocket Attack in Iraq"
    assert r.content.place == "Washington, DC"
    assert r.content.date == dt.date(2020, 9, 29)
    # Attributed to the spokesperson, but on no meeting or call: a statement, not a readout.
    assert r.content.kind == "Press Statement"
    assert r.content.attributed_to == "Morgan Ortagus"


def test_an_attributed_release_on_a_meeting_stays_a_readout() -> None:
    text = (
        "# Secretary Pompeo’s Meeting With Austrian Foreign Minister Karin Kneissl\n\n"
        "The below is attributable to Deputy Spokesperson Robert Palladino:\n\n"
        "Secretary Michael R. Pompeo met with Austrian Foreign Minister Karin Kneissl today.\n"
    )

    (r,) = parsed(text)

    assert r.content.kind == "Readout"


def test_a_plain_un_page_skips_its_masthead_and_menu_and_reads_the_date_above_the_title() -> None:
    text = (
        "UNITED NATIONS\nMeetings Coverage and Press Releases\n\n\n\n"
        "1. Home\nPress Release\nSG/SM/18842\n28 December 2017\n\n"
        "Secretary-General Condemns Attack on Cultural Centre, Media Outlet in Afghanistan\n\n"
        "The following statement was issued today by the Spokesman for UN Secretary-General:\n\n"
        "The Secretary-General condemns the attack today on the Tabyan Cultural Centre.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == (
        "Secretary-General Condemns Attack on Cultural Centre, Media Outlet in Afghanistan"
    )
    assert r.content.date == dt.date(2017, 12, 28)
    assert r.content.byline.name is None


def test_a_post_date_with_tags_below_the_title_is_a_header_line_not_the_title() -> None:
    text = (
        "STL.News\nSt. Louis News, Business, Restaurants, Legal, Crime, Politics\n\n\n"
        "Politics\n\nSecretary Blinken’s Call with Russian Foreign Minister Lavrov\n\n"
        "May 12, 2021 , Russia, The US Department of State, Washington DC\n\n"
        "Washington, DC (STL.News) The below is attributable to Spokesperson Ned Price:\n\n"
        "Secretary of State Antony J. Blinken spoke today with Russian Foreign Minister Sergey "
        "Lavrov.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Secretary Blinken’s Call with Russian Foreign Minister Lavrov"
    assert r.content.date == dt.date(2021, 5, 12)
    assert r.content.place == "Washington, DC"
    assert r.content.kind == "Readout"


def test_a_section_label_heading_gives_way_to_the_plain_title_below_the_header_lines() -> None:
    text = (
        "# UNITED NATIONS SECRETARY-GENERAL\n\nMessages | Articles | Readouts | Trips\n\n"
        "# Statements\n\nNew York\n\n24 November 2014\n\n"
        "Statement attributable to the Spokesman for the Secretary-General on\n"
        "the terrorist attack in Paktika, Afghanistan\n\n"
        "The Secretary-General strongly condemns the suicide attack on\n"
        "civilians in Afghanistan’s Paktika province on 23 November.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == (
        "Statement attributable to the Spokesman for the Secretary-General on the terrorist "
        "attack in Paktika, Afghanistan"
    )
    assert r.content.date == dt.date(2014, 11, 24)
    assert r.content.place == "New York"


def test_a_print_view_address_over_a_rule_and_its_button_row_are_chrome() -> None:
    text = (
        "Government World | United States | Page 100\n"
        "http://government-world.com/united-states/page/100/?print=print-search\n"
        + "="
        * 72
        + "\n\n[ Print ]  [ Close Window ]\n\nMongolia National Day\n\nPress Statement\n"
        "Michael R. Pompeo\nSecretary of State\nWashington, DC\nJuly 9, 2018\n\n"
        "On behalf of the Government of the United States of America, I extend our best wishes."
        "\n"
    )

    (r,) = parsed(text)

    # "Mongolia National Day" reads like a name, but a type line follows it: a title.
    assert r.content.title == "Mongolia National Day"
    assert r.content.byline == Byline(name="Michael R. Pompeo", title="Secretary of State")
    assert r.content.date == dt.date(2018, 7, 9)


def test_a_state_timestamp_under_an_embassy_posting_date_is_the_release_date() -> None:
    text = (
        "# On the President’s Announcement on Hong Kong\n\nJuly 16, 2020\n\n"
        "![DOS-Seal](https://example.org/DOS-Seal.png)07/15/2020 06:56 PM EDT\n\n"
        "Michael R. Pompeo, Secretary of State\n\n"
        "Over the past two weeks, the world has watched as Hong Kong lost its freedom.\n"
    )

    (r,) = parsed(text)

    assert r.content.date == dt.date(2020, 7, 15)
    assert r.content.byline == Byline(name="Michael R. Pompeo", title="Secretary of State")
    assert r.content.kind == "Press Statement"


def test_a_long_briefing_title_over_a_language_switch_and_a_menu_rule() -> None:
    title = (
        "Deputy Secretary of State John J. Sullivan, USAID Administrator Mark Green, and "
        "Experts on the President’s Fiscal Year 2020 Budget Request for the U.S. Department of "
        "State and USAID"
    )
    text = (
        "U.S. Department of State | Translations\nHome | Latest News | Languages | About\n"
        + "-" * 40
        + f"\n\n{title}\n\n"
        "हिन्दी हिन्दी, اردو اردو, Français Français, Español Español\n\n"
        "U.S. Department Of State\nOffice of the Spokesperson\nFor Immediate Release\n"
        "On-The-Record Briefing\nMarch 11, 2019\nWashington, D.C.\n\n"
        "MR PALLADINO:  Thanks.  Thank you all for coming today.\n\n"
        "DEPUTY SECRETARY SULLIVAN:  Thank you, Robert.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == title
    assert r.content.kind == "Special Briefing"
    assert r.content.byline.name == "Office of the Spokesperson"
    assert r.content.date == dt.date(2019, 3, 11)


def test_a_day_and_month_without_a_year_does_not_end_the_header() -> None:
    text = (
        "## Secretary Michael R. Pompeo At the “Thank You America” Memorial\n\n11 Aug\n\n"
        "Michael R. Pompeo, Secretary of State\n\nPilsen, Czech Republic\n\n"
        "SECRETARY POMPEO:  Well, good afternoon and welcome, everyone.\n"
    )

    (r,) = parsed(text)

    assert r.content.date is None
    assert r.content.byline.name == "Michael R. Pompeo"
    assert r.content.place == "Pilsen, Czech Republic"
    assert r.content.kind == "Remarks"


def test_a_byline_above_the_title_below_a_breadcrumb_is_read() -> None:
    text = (
        "[U.S. Department of State](https://www.state.gov/) — Diplomacy in Action\n\n"
        "[Home](https://www.state.gov/) » [Remarks](https://www.state.gov/remarks/) » 2018\n\n"
        "Michael R. Pompeo\nSecretary of State\n\n"
        "# Interview With Steve and Ted in the Morning of KNSS Radio\n\nVia Teleconference\n\n"
        "QUESTION: Good morning, Mr. Secretary.\n\nSECRETARY POMPEO: Ted, it’s great to be with "
        "you.\n\nDecember 20, 2018\n"
    )

    (r,) = parsed(text)

    assert r.content.byline == Byline(name="Michael R. Pompeo", title="Secretary of State")
    assert r.content.date == dt.date(2018, 12, 20)


def test_a_header_in_capitals_without_blank_lines_under_an_office() -> None:
    text = (
        "U.S. Consulate General Hong Kong & Macau\n\n" + "-" * 60 + "\n\n"
        "U.S. Department of State\nSecretary Michael R. Pompeo at a Press Availability\n"
        "REMARKS TO THE PRESS\nMICHAEL R. POMPEO, SECRETARY OF STATE\nPRESS BRIEFING ROOM\n"
        "WASHINGTON, DC\nJULY 1, 2020\nHONG KONG EXCERPTS\nSECRETARY POMPEO:\n"
        "Now, turning to the substance of my remarks today, I want to talk about Hong Kong.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Secretary Michael R. Pompeo at a Press Availability"
    assert r.content.byline == Byline(name="Michael R. Pompeo", title="Secretary of State")
    assert r.content.date == dt.date(2020, 7, 1)
    assert r.content.kind == "Remarks"


@pytest.mark.parametrize(
    ("written", "expected"),
    [("PORTE-PAROLE", "porte-parole"), ("SECRETARY OF STATE", "Secretary of State")],
)
def test_a_byline_title_in_capitals_is_written_as_in_a_sentence(
    written: str, expected: str
) -> None:
    text = f"# A Release Title Here\n\nHEATHER NAUERT\n{written}\n\nJanuary 4, 2018\n\nText.\n"

    (r,) = parsed(text)

    assert r.content.byline.title == expected


def test_un_secretary_general_pages_saved_one_after_the_other() -> None:
    page = (
        "# United Nations Secretary-General\n\n# Welcome to the United Nations\n\nNew York\n\n"
        "07 December 2020\n\n"
        "Statement attributable to the Spokesperson for the Secretary-General - on Ethiopia\n\n"
        "The Secretary-General is very concerned about the current situation in Ethiopia.\n\n"
        "Stéphane Dujarric, Spokesman for the Secretary-General\n\n"
        "Secretary-General's Statements | Search | Subscribe\n"
        "Copyright | FAQ | Fraud Alert | Privacy Notice | Terms of Use\n"
    )

    first, second = parsed(page + "\n" + "=" * 64 + "\n\n" + page)

    for r in (first, second):
        assert r.content.title == (
            "Statement attributable to the Spokesperson for the Secretary-General - on Ethiopia"
        )
        assert r.content.place == "New York"
        assert r.content.date == dt.date(2020, 12, 7)
        assert r.content.byline == Byline(
            name="Stéphane Dujarric", title="Spokesman for the Secretary-General"
        )


def test_a_french_translation_on_a_blog_keeps_its_letterhead_office_and_reads_as_a_readout() -> (
    None
):
    text = (
        "Medium\nUSA en Français\nFollow\n\n"
        "# Compte rendu des appels téléphoniques entre le secrétaire Tillerson et les ministres\n\n"
        "French translation of “Secretary Tillerson’s Calls With Japanese Foreign Ministers”.\n\n"
        "Département d’État des États-Unis\n\nBureau du porte-parole\n\n"
        "Pour diffusion immédiate\n\nLe 29 août 2017\n\n"
        "Les propos suivants sont attribués à la porte-parole Heather Nauert :\n\n"
        "Le secrétaire Tillerson s’est entretenu par téléphone avec le ministre Taro Kono.\n"
    )

    (r,) = parsed(text)

    assert r.content.kind == "Readout"
    assert r.content.byline.name == "Bureau du porte-parole"
    assert r.content.date == dt.date(2017, 8, 29)


def test_an_office_in_the_letterhead_is_the_byline_even_when_the_title_names_a_signer() -> None:
    text = (
        "# Déclaration de Heather Nauert, porte-parole, au sujet de progrès réalisés en RDC\n\n"
        "Département d’État des États-Unis\nBureau de la porte-parole\nLe 9 août 2018\n\n"
        "En république démocratique du Congo, un grand pas en avant a été fait.\n"
    )

    (r,) = parsed(text)

    assert r.content.byline == Byline(name="Bureau de la porte-parole", title=None)


@pytest.mark.parametrize(
    ("type_line", "kind"),
    [
        ("Point d’information – par téléconférence", "Special Briefing"),
        ("Conferencia de Prensa Telefónica", "Special Briefing"),
    ],
)
def test_briefing_type_lines_in_french_and_spanish(type_line: str, kind: str) -> None:
    (r,) = parsed(release(type_line))

    assert r.content.kind == kind


def test_a_news_agency_dateline_over_a_canadian_release_is_chrome() -> None:
    text = (
        "# STATEMENT ON ARRESTS OF POLITICAL FIGURES IN HONG KONG\n\n"
        "(AGENPARL) – OTTAWA (CANADA), dom 19 aprile 2020\n\n"
        "April 19, 2020 – Ottawa, Ontario – Global Affairs Canada\n\n"
        "The Honourable François-Philippe Champagne today issued the following statement:\n\n"
        "“Canada is concerned by the arrests of political figures in Hong Kong.”\n"
    )

    (r,) = parsed(text)

    assert r.content.place == "Ottawa, Ontario"
    assert r.content.byline.name == "Global Affairs Canada"
    assert r.content.date == dt.date(2020, 4, 19)


def test_a_spanish_header_with_title_then_name_is_no_title() -> None:
    text = (
        "translations.state.gov - Traducciones\n"
        "Inicio | Últimas noticias | Secretario de Estado | Portavoz | rss\n" + "-" * 60 + "\n\n"
        "Secretario de Estado, Michael R. Pompeo, en sesión con la prensa\n\n"
        "Departamento de Estado de los Estados Unidos\nDeclaraciones a la prensa\n"
        "Secretario de Estado, Michael R. Pompeo\nSala de Prensa\nWashington D.C.\n"
        "1 de julio de 2020\n\nSECRETARIO POMPEO: Me encuentro bien.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Secretario de Estado, Michael R. Pompeo, en sesión con la prensa"
    assert r.content.byline == Byline(name="Michael R. Pompeo", title="Secretario de Estado")


def test_a_french_ministry_listing_of_dated_items_in_setext_headings_splits() -> None:
    text = (
        "France Diplomacy - Ministry for Europe and Foreign Affairs\n\n"
        "Sudan - News\n============\n\nSudan (22 August 2019)\n----------------------\n\n"
        "France welcomes the appointment of the new prime minister of Sudan.\n\n"
        "[Share] [Print] [Top of page]\n\nSudan (4 June 2019)\n-------------------\n\n"
        "France expresses its deep concern with respect to this decision.\n"
    )

    first, second = parsed(text)

    assert first.content.title == "Sudan (22 August 2019)"
    assert second.content.title == "Sudan (4 June 2019)"
    assert second.content.date == dt.date(2019, 6, 4)


def test_a_mirror_listing_that_writes_each_title_twice_splits_and_reads_its_standfirst() -> None:
    text = (
        "UKPOL.CO.UK\nPolitical speeches, press releases and statements from the UK\n\n"
        "Tag: Dominic Raab\n\n"
        "  • Dominic Raab – 2020 Comments on Joe Biden’s Election as US President\n\n"
        "    Dominic Raab – 2020 Comments on Joe Biden’s Election as US President\n\n"
        "    The comments made by Dominic Raab, the Foreign Secretary, on 7 November 2020.\n\n"
        "    My congratulations to Joe Biden and Kamala Harris on winning this election.\n\n"
        "  • Dominic Raab – 2020 Comments on Presidential Elections in Belarus\n\n"
        "    Dominic Raab – 2020 Comments on Presidential Elections in Belarus\n\n"
        "    The comments made by Dominic Raab, the Foreign Secretary, on 5 November 2020.\n\n"
        "    New elections which are free and fair must now be organised.\n"
    )

    first, second = parsed(text)

    assert first.content.title == (
        "Dominic Raab – 2020 Comments on Joe Biden’s Election as US President"
    )
    assert (
        second.content.title == "Dominic Raab – 2020 Comments on Presidential Elections in Belarus"
    )
    for r, day in ((first, 7), (second, 5)):
        assert r.content.byline == Byline(name="Dominic Raab", title="Foreign Secretary")
        assert r.content.date == dt.date(2020, 11, day)


def test_a_site_named_by_its_domain_is_a_masthead_and_an_advert_is_no_sentence() -> None:
    text = (
        "GlobalSecurity.org\n\nReliable Security Information\n\n\n"
        "Ukraine Snake Island Flag - Buy it Here!\n\n"
        "Department Press Briefing – August 8, 2019\n\n"
        "Morgan Ortagus, Department Spokesperson\nPress Room\nWashington D.C.\nAugust 8, 2019\n\n"
        "2:09 p.m. EDT\n\nOkay, let's get going. I'd like to turn to Secretary Pompeo's trip.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Department Press Briefing – August 8, 2019"
    assert r.content.kind == "Special Briefing"
    assert r.content.byline == Byline(name="Morgan Ortagus", title="Department Spokesperson")


def test_a_print_view_title_wrapped_over_two_lines_above_a_letterhead() -> None:
    text = (
        "TRANSLATIONS.STATE.GOV -- Traductions en français\n"
        "Accueil | Dernières actualités | Secrétaire d'État | Porte-parole | Recherche\n\nrss\n\n"
        "Allocution à l’occasion de la Journée des affaires étrangères du\ndépartement d’État\n\n"
        "Département d’État des États-Unis\nMike Pompeo, secrétaire d’Etat\n"
        "Pour diffusion immediate\nLe 4 mai 2018\n\n"
        "M. LE SOUS-SECRÉTAIRE SHANNON : Mesdames et messieurs, bonjour et\n"
        "bienvenue. C’est un immense plaisir que de vous voir tous à nouveau.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == (
        "Allocution à l’occasion de la Journée des affaires étrangères du département d’État"
    )
    assert r.content.byline == Byline(name="Mike Pompeo", title="secrétaire d’Etat")
    assert r.content.date == dt.date(2018, 5, 4)


def test_a_french_dated_title_is_found_on_the_way_up_under_a_mission_name() -> None:
    text = (
        "Mission permanente de la France auprès de l'Organisation des États américains\n\n\n"
        "Situation au Nicaragua (16 juillet 2018)\n"
        "La France condamne les attaques perpétrées ces derniers jours par les forces de police.\n"
        "Elle appelle à un arrêt immédiat des violences.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Situation au Nicaragua (16 juillet 2018)"
    assert r.content.date == dt.date(2018, 7, 16)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Terrorist Attack in Somalia", "Press Statement"),
        ("Ataque terrorista contra un hospital en Kabul", "Press Statement"),
        ("Azerbaijan National Day", "Press Statement"),
        ("Message of condolence from Foreign Minister Taro Kono", "Press Statement"),
        ("Canciller Ampuero se reunió con el expresidente Ricardo Lagos", "Readout"),
        ("Entretien de Jean-Yves Le Drian avec son homologue britannique", "Readout"),
        ("Secretary Tillerson Discusses Foreign Policy Goals at Press Availability", "Remarks"),
        ("Courtesy Call from the Secretary of Defense of the United States", "Readout"),
        ("Intervención del ministro de Asuntos Exteriores en la rueda", "Remarks"),
        ("Doorstop, London, United Kingdom", "Remarks"),
        ("Didier Reynders rencontre Rex Tillerson à Washington", "Readout"),
        ("Saludo del Ministro de Relaciones Exteriores al cuerpo diplomático", "Remarks"),
        ("Secretary-General's video message to the Conference of Investigators", "Remarks"),
    ],
)
def test_the_headline_hints_the_kind_without_a_type_line(title: str, kind: str) -> None:
    (r,) = parsed(f"# {title}\n\nJanuary 4, 2018\n\nThe text of the release, in one sentence.\n")

    assert r.content.kind == kind


def test_a_photo_caption_between_the_title_and_the_header_is_passed_over() -> None:
    text = (
        "# 03/16/17 – Press Availability With Japanese Foreign Minister Fumio Kishida\n\n"
        "U.S. Secretary of State Rex Tillerson and Japanese Foreign Minister Fumio Kishida "
        "address reporters after their bilateral meeting in Tokyo, Japan, on March 16, 2017.\n\n"
        "Rex W. Tillerson<br>Secretary of State<br>Tokyo, Japan<br>March 16, 2017\n\n"
        "MODERATOR: (Via interpreter) Ladies and gentlemen of the media, welcome.\n\n"
        "FOREIGN MINISTER KISHIDA: (Via interpreter) I am delighted to welcome Secretary "
        "Tillerson.\n"
    )

    (r,) = parsed(text)

    assert r.content.byline == Byline(name="Rex W. Tillerson", title="Secretary of State")
    assert r.content.place == "Tokyo, Japan"
    assert r.content.date == dt.date(2017, 3, 16)


def test_a_signer_named_twice_in_the_header_keeps_the_place_and_date_below() -> None:
    text = (
        "# Secretary Kerry Highlights Foreign Policy Priorities\n\n"
        "Secretary of State John Kerry\n\nRemarks at a Press Availability\n\n"
        "John Kerry\nSecretary of State\nWashington, DC\nJanuary 5, 2017\n\n"
        "SECRETARY KERRY: Hi, everybody. Matt, welcome back.\n\nQUESTION: Happy New Year.\n"
    )

    (r,) = parsed(text)

    assert r.content.byline == Byline(name="John Kerry", title="Secretary of State")
    assert r.content.place == "Washington, DC"
    assert r.content.date == dt.date(2017, 1, 5)


def test_a_blog_place_above_the_title_gives_way_to_the_release_place() -> None:
    text = (
        "US-Africa Relations Updates\nHome\nSaturday, August 3, 2019\n"
        "U.S. Statement on Supporting a Transition to Civilian Rule in Sudan\nPress Statement\n"
        "Morgan Ortagus\nDepartment of State Spokesperson\nWashington, DC\nApril 18, 2019\n"
        "The United States supports a transition to a peaceful and democratic Sudan.\n"
    )

    (r,) = parsed(text)

    assert r.content.place == "Washington, DC"
    assert r.content.date == dt.date(2019, 4, 18)


def test_a_news_site_name_is_a_masthead_and_an_opening_place_with_a_comma_counts() -> None:
    text = (
        "Imperial Valley News\nHome :: News :: World News\n\n date 2017-10-15\n"
        "U.S. Condemns Attacks in Mogadishu\n\n"
        "Washington, DC - The United States condemns in the strongest terms the attacks.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "U.S. Condemns Attacks in Mogadishu"
    assert r.content.place == "Washington, DC"
    assert r.content.kind == "Press Statement"


def test_an_embassy_post_over_the_release_title_in_bold_and_its_state_header() -> None:
    text = (
        "# 01/05/17 – Key Outcomes of the U.S.-Japan-ROK Trilateral Vice Foreign Ministerial "
        "Meetings\n\nBy U.S. Embassy Seoul | 6 January, 2017 | Topics: News, Press Releases\n\n"
        "**Key Outcomes of the U.S.-Japan-ROK Trilateral Vice Foreign Ministerial Meetings**\n\n"
        "Fact Sheet\nOffice of the Spokesperson\nWashington, DC\nJanuary 5, 2017\n\n"
        "The following is a joint fact sheet on the key outcomes of the meetings:\n"
    )

    (r,) = parsed(text)

    assert r.content.title == (
        "Key Outcomes of the U.S.-Japan-ROK Trilateral Vice Foreign Ministerial Meetings"
    )
    assert r.content.kind == "Fact Sheet"
    assert r.content.byline.name == "Office of the Spokesperson"
    assert r.content.date == dt.date(2017, 1, 5)


def test_a_print_view_of_channel_titles_with_one_plain_title_and_a_wrapped_one() -> None:
    header = "Press Statement\nRex W. Tillerson\nSecretary of State\nWashington, DC\n"
    rule = "-" * 60
    text = (
        "STATE DEPARTMENT RELEASES -- clipped for the foreign desk\n" + "=" * 60 + "\n\n"
        "Press Releases: Equatorial Guinea National Day\n\n" + header + "October 12, 2017\n\n"
        "On behalf of the Government of the United States of America, congratulations.\n\n"
        f"{rule}\n\nPress Releases: United States Dedicates the New U.S. Embassy in\n"
        "Nouakchott, Mauritania\n\nMedia Note\nOffice of the Spokesperson\nWashington, DC\n"
        f"October 12, 2017\n\nThe new embassy was dedicated yesterday.\n\n{rule}\n\n"
        "Federated States of Micronesia's Independence Day\n\n" + header + "November 2, 2017\n\n"
        "On behalf of the Government of the United States of America, we offer congratulations.\n"
    )

    first, second, third = parsed(text)

    assert first.content.title == "Equatorial Guinea National Day"
    assert second.content.title == (
        "United States Dedicates the New U.S. Embassy in Nouakchott, Mauritania"
    )
    assert second.content.place == "Washington, DC"
    assert third.content.title == "Federated States of Micronesia's Independence Day"
    assert third.content.date == dt.date(2017, 11, 2)


def test_a_heading_split_after_a_dash_goes_on_over_its_date() -> None:
    (r,) = parsed(
        "# Department Press Briefing -\n# March 23, 2017\n\nMark C. Toner\nActing Spokesperson\n"
        "Washington, DC\n\nMR TONER: Good afternoon, everyone.\n"
    )

    assert r.content.title == "Department Press Briefing - March 23, 2017"


def test_a_french_briefing_item_takes_its_date_and_place_from_its_closing_brackets() -> None:
    title = (
        "1. Iraq - Attack in Baghdad (July 19, 2021) - Press briefing by the Ministry for Europe "
        "and Foreign Affairs Spokesperson (Paris - July 20, 2021)"
    )

    (r,) = parsed(f"## {title}\n\nFrance condemns in the strongest possible terms the attack.\n")

    assert r.content.date == dt.date(2021, 7, 20)
    assert r.content.place == "Paris"
    assert r.content.kind == "Press Statement"


def test_a_un_statement_signed_above_a_cut_mark_and_related_links() -> None:
    text = (
        "# Statement attributable to the Spokesman for the Secretary-General - on Guinea "
        "[scroll down for French version]\n\nNew York\n\n22 October 2020\n\n"
        "The Secretary-General condemns the violence that occurred in Guinea.\n\n"
        "Stéphane Dujarric, Spokesman for the Secretary-General\n\n[…]\n\n"
        "Print | Share: Facebook Twitter Email\n\nRelated statements\n"
    )

    (r,) = parsed(text)

    assert r.content.title.endswith("on Guinea [scroll down for French version]")
    assert r.content.byline == Byline(
        name="Stéphane Dujarric", title="Spokesman for the Secretary-General"
    )


def test_a_post_dated_without_its_year_takes_it_from_the_archive_month() -> None:
    text = (
        "# 24 Plus News\n\nHome | World | Politics | Business | Contact\n\n"
        "# Month: December 2020\n\n"
        "## Enactment of Legal Peace Legislation to Restore Sudan’s Sovereign Immunities\n\n"
        "30 Dec\n\nMichael R. Pompeo, Secretary of State\n\n"
        "With the enactment of the Consolidated Appropriations Act, the way is clear.\n"
    )

    (r,) = parsed(text)

    assert r.content.date == dt.date(2020, 12, 30)
    assert r.content.byline == Byline(name="Michael R. Pompeo", title="Secretary of State")


def test_a_transcript_a_moderator_opens_is_a_briefing_and_a_long_signer_line_is_read() -> None:
    text = (
        "# Review of Secretary Tillerson’s Trip to Latin America and the Caribbean\n\n"
        "Francisco Palmieri, Principal Deputy Assistant Secretary of State for Western "
        "Hemisphere Affairs\nThe Washington Foreign Press Center\nWashington, DC\n\n"
        "MODERATOR: Welcome, everybody. We’re going to get started.\n\n"
        "MR PALMIERI: It is a pleasure to be at the Foreign Press Center.\n"
    )

    (r,) = parsed(text)

    assert r.content.kind == "Special Briefing"
    assert r.content.byline.name == "Francisco Palmieri"
    assert r.content.place == "Washington, DC"


@pytest.mark.parametrize(
    ("letterhead", "expected"),
    [
        ("U.S. Department of State\nOffice of the Spokesperson", "Office of the Spokesperson"),
        ("Departamento de Estado de los Estados Unidos", None),
        ("Département d’État des États-UnisBureau de la porte-parole", "Bureau de la porte-parole"),
    ],
)
def test_the_department_letterhead_is_no_byline(letterhead: str, expected: str | None) -> None:
    (r,) = parsed(f"# A Release Title Here\n\n{letterhead}\nJanuary 16, 2020\n\nThe text.\n")

    assert r.content.byline.name == expected


@pytest.mark.parametrize(
    ("header", "name", "title"),
    [
        ("Opening Remarks", None, None),
        ("The press release issued by the Foreign Office on 22 September 2022.", "Foreign Office",
         None),
        ("Anuncio de Prensa\nSecretario de Estado, Michael R. Pompeo", "Michael R. Pompeo",
         "Secretario de Estado"),
    ],
)  # fmt: skip
def test_labels_read_as_bylines_are_not_bylines(
    header: str, name: str | None, title: str | None
) -> None:
    (r,) = parsed(f"# A Release Title Here\n\n{header}\n\nJanuary 16, 2020\n\nThe text here.\n")

    assert r.content.byline == Byline(name=name, title=title)


def test_a_menu_as_bullets_is_no_sentence_and_a_header_block_runs_into_the_title() -> None:
    text = (
        "* Noticias y Eventos * Servicios a Ciudadanos * Visas * Nuestra Relación * Embajada\n\n"
        "DEPARTAMENTO DE ESTADO DE EE. UU.\nOficina de la portavoz\n23 de febrero de 2019\n"
        "Permitan el ingreso de la ayuda a Venezuela\n"
        "Hoy ha sido un día histórico. El presidente interino de Venezuela habló.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Permitan el ingreso de la ayuda a Venezuela"
    assert r.content.byline.name == "Oficina de la portavoz"
    assert r.content.date == dt.date(2019, 2, 23)


def test_a_site_menu_above_a_state_page_opens_no_release() -> None:
    text = (
        "U.S. Department of State\nDiplomacy in Action\n\n* Secretary of State\n* Travel\n"
        "* Countries & Areas\n\n# Russia's Violation of the INF Treaty\n\nFact Sheet\n"
        "Office of the Spokesperson\nWashington, DC\nDecember 4, 2018\n\n"
        "Since 2013, the United States has raised its concerns with Russia.\n"
    )

    (r,) = parsed(text)

    assert r.content.title == "Russia's Violation of the INF Treaty"
    assert r.content.kind == "Fact Sheet"


def test_a_linked_signer_is_the_byline_and_a_dated_briefing_title_keeps_its_prefix_split() -> None:
    text = (
        "# Remarks With Slovak President Andrej Kiska\n# Before Their Meeting\n\n"
        "[Michael R. Pompeo](#)\nSecretary of State\nPresidential Palace\nBratislava, Slovakia\n"
        "February 12, 2019\n\n---\n\nSECRETARY POMPEO: Thank you, Mr. President.\n\n---\n\n"
        "**Press Releases: Department Press Briefing – March 1, 2018**\n\nHeather Nauert\n\n"
        "Spokesperson\n\nDepartment Press Briefing\nWashington, DC\nMarch 1, 2018\n\n"
        "MS NAUERT: Good afternoon.\n\nQUESTION: Thank you.\n"
    )

    first, second = parsed(text)

    assert first.content.byline == Byline(name="Michael R. Pompeo", title="Secretary of State")
    assert second.content.title == "Department Press Briefing – March 1, 2018"
    assert second.content.byline.name == "Heather Nauert"


def test_a_wrapped_channel_title_ends_before_a_signer_and_goes_on_over_a_last_word() -> None:
    text = (
        "Press Releases: Remarks at Press Availability With Foreign Minister Messahel\n"
        "John J. Sullivan\nDeputy Secretary of State\nAlgiers, Algeria\nJune 28, 2018\n\n"
        "Good afternoon. I am delighted to be here today in Algiers.\n\n---\n\n"
        "Press Releases: State Department Releases Annual Fiscal Transparency\nReport\n\n"
        "Media Note\n\nOffice of the Spokesperson\n\nWashington, DC\n\nSeptember 12, 2017\n\n"
        "The State Department released the 2017 Fiscal Transparency Report.\n"
    )

    first, second = parsed(text)

    assert first.content.title == "Remarks at Press Availability With Foreign Minister Messahel"
    assert first.content.byline == Byline(
        name="John J. Sullivan", title="Deputy Secretary of State"
    )
    assert second.content.title == "State Department Releases Annual Fiscal Transparency Report"


def test_a_plain_daily_briefing_splits_at_the_items_its_contents_list_names() -> None:
    text = (
        "The Daily Press Briefing\n\nStatements made by\nthe Ministry for Europe\n"
        "and Foreign Affairs\n\nParis - November 26, 2018\nIn this issue:\n\n"
        "◢  India – Commemoration of the Mumbai attacks (November 26-29, 2008)\n\n"
        "◢  Incidents in the Sea of Azov (November 25, 2018)\n\n"
        "India – Commemoration of the Mumbai attacks (November 26-29, 2008)\n\n"
        "10 years to the day after the attacks in Mumbai, France reaffirms its solidarity.\n\n"
        "Incidents in the Sea of Azov (November 25, 2018)\n\n"
        "France expresses its deep concern at the serious maritime incidents.\n"
    )

    first, second = parsed(text)

    assert (
        first.content.title == "India – Commemoration of the Mumbai attacks (November 26-29, 2008)"
    )
    assert second.content.title == "Incidents in the Sea of Azov (November 25, 2018)"
    for r in (first, second):
        assert (r.content.place, r.content.date) == ("Paris", dt.date(2018, 11, 26))


def test_a_photo_credit_is_chrome_and_the_office_above_the_letterhead_stays_the_byline() -> None:
    text = (
        "## [Dep. Asst. Sec Pete Marocco Travels to Morocco, Egypt, and Tunisia](#)\n\n"
        "Photo: twitter.com/statecso\n\nOffice of the Spokesperson\nDepartment of State\n"
        "Washington, DC\nAugust 8, 2018\n\nDeputy Assistant Secretary Pete Marocco will travel.\n"
    )

    (r,) = parsed(text)

    assert r.content.byline.name == "Office of the Spokesperson"
    assert r.content.date == dt.date(2018, 8, 8)


def test_a_bracketed_date_heading_goes_on_a_split_title() -> None:
    (r,) = parsed(
        "# Cameroon - Q&A from the press briefing\n# (18 February 2020)\n\n"
        "Q: Is France preparing a joint communiqué?\n\nA: We condemn the violence.\n"
    )

    assert r.content.title == "Cameroon - Q&A from the press briefing (18 February 2020)"
    assert r.content.date == dt.date(2020, 2, 18)


def test_the_same_date_again_with_its_place_and_the_un_press_masthead() -> None:
    canada = (
        "# Minister Joly meets with Mexico's Secretary of Foreign Affairs Marcelo Ebrard\n\n"
        "11/16/2021 | 11:17pm EST\n"
        "November 16, 2021 - Ottawa, Ontario - Global Affairs Canada\n\n"
        "The Honourable Mélanie Joly, Minister of Foreign Affairs, today met Marcelo Ebrard.\n"
    )
    un = (
        "United Nations\nMeetings Coverage and Press Releases\n\nSG/SM/20232\n\n"
        "4 September 2020\n\nSecretary-General Welcomes Joint Agreement on Principles\n\n"
        "The Secretary-General welcomes the signing on 3 September of a joint agreement.\n"
    )

    ((joly,), (sg,)) = parsed(canada), parsed(un)

    assert (joly.content.place, joly.content.byline.name) == (
        "Ottawa, Ontario",
        "Global Affairs Canada",
    )
    assert sg.content.byline == Byline(name=None, title=None)


def test_a_short_channel_title_and_a_linked_office() -> None:
    print_view = (
        "Government World\nRepublicans – Page 498\n\nPrint | PDF\n\n"
        "Press Releases: Syria Bombing\n\n\nPress Statement\n\nMark C. Toner\n\n"
        "Acting Spokesperson\n\nWashington, DC\n\nApril 15, 2017\n\n\n"
        "The United States condemns in the strongest terms the bombing near Aleppo.\n"
    )
    readout = (
        "# Readout of Secretary Tillerson’s Meeting With Russian\n# Foreign Minister Sergey "
        "Lavrov\n\n[Office of the Spokesperson](#)\nWashington, DC\nSeptember 17, 2017\n\n---\n\n"
        "The following is attributable to Spokesperson Heather Nauert:\n\n"
        "Secretary Tillerson and Foreign Minister Lavrov met this evening in New York.\n"
    )

    ((toner,), (lavrov,)) = parsed(print_view), parsed(readout)

    assert toner.content.title == "Syria Bombing"
    assert toner.content.byline == Byline(name="Mark C. Toner", title="Acting Spokesperson")
    assert lavrov.content.byline.name == "Office of the Spokesperson"


def test_a_hard_wrapped_first_paragraph_is_prose_as_a_whole() -> None:
    # Each line of a paragraph wrapped at 72 columns ends in no sentence mark: the title is
    # the line above the paragraph, not its third line; an office at a headline's end does
    # not make the headline an office.
    ukpol = (
        "UKPOL.CO.UK  |  Home  >  2019  >  01  >  17\n\n"
        "Harriett Baldwin Summons Zimbabwean Ambassador to Foreign Office\n\n"
        "Harriett Baldwin, the Minister of State for Africa at the Foreign &\n"
        "Commonwealth Office and Minister of State for International Development,\n"
        "has summoned the Zimbabwean Ambassador to the UK to explain the recent\n"
        "unrest in the African country.\n\n"
        "There have been fuel and food shortages in the country and a series of\n"
        "riots have taken place.\n"
    )
    reprint = (
        "Imperial Valley News\n\nBhutan National Day\n\nPrint\nCategory: World News\n\n"
        'Washington, DC - Secretary of State Michael R. Pompeo: "On behalf of the\n'
        "Government of the United States of America, I would like to extend best\n"
        "wishes to the people of Bhutan on the occasion of their National Day on\n"
        "December 17.\n\n"
        '"The United States is deeply appreciative of the growing connections."\n'
    )

    ((baldwin,), (bhutan,)) = parsed(ukpol), parsed(reprint)

    assert (
        baldwin.content.title == "Harriett Baldwin Summons Zimbabwean Ambassador to Foreign Office"
    )
    assert baldwin.content.byline.name is None
    assert baldwin.content.body[0].startswith("Harriett Baldwin, the Minister of State")
    assert bhutan.content.title == "Bhutan National Day"
    assert bhutan.content.byline.name is None


def test_a_title_written_again_below_its_heading_and_an_excerpts_type_line() -> None:
    mirror = (
        "## [Foreign and Commonwealth Office – 2020 Press Release on Summoning Iran’s "
        "Ambassador](#)\n\n"
        "Foreign and Commonwealth Office – 2020 Press Release on Summoning Iran’s Ambassador\n\n"
        "Below is a press release issued by the Foreign and Commonwealth Office on 13/01/2020.\n\n"
        "The Minister for the Middle East summoned the Iranian Ambassador today.\n"
    )
    excerpts = (
        "# Secretary of State Michael R. Pompeo At the Trafficking in Persons Report Launch\n\n"
        "U.S. Department of State\nOffice of the Spokesperson\nFor Immediate Release\n"
        "June 20, 2019\nExcerpts – Remarks\nBenjamin Franklin Room\nWashington, D.C.\n\n"
        "SECRETARY POMPEO:  Good morning, everyone.  Welcome.\n"
    )

    ((fco,), (pompeo,)) = parsed(mirror), parsed(excerpts)

    assert fco.content.byline.name == "Foreign and Commonwealth Office"
    assert fco.content.date == dt.date(2020, 1, 13)
    assert (pompeo.content.kind, pompeo.content.place) == ("Remarks", "Washington, D.C.")


def test_a_category_line_is_chrome() -> None:
    (r,) = parsed(
        "# Sec. Pompeo Issues Statement on Burkina Faso’s National Day\n\n"
        "Filed under: DIPLOMATIC |\n\nWashington, DC\nDecember 11, 2018\n\n"
        "On behalf of the United States, I congratulate the people of Burkina Faso.\n\n"
        "Categories: World, Africa\n"
    )

    assert r.content.title == "Sec. Pompeo Issues Statement on Burkina Faso’s National Day"
    assert r.content.body == (
        "On behalf of the United States, I congratulate the people of Burkina Faso.",
    )


def test_a_mission_speaker_below_a_wrapped_plain_title_is_the_byline() -> None:
    # A print view of a mission's remarks: the title wraps over three lines, and the
    # speaker's block below it is the header, not more title.
    usun = (
        "United States Mission to the United Nations\n"
        "Home > Remarks and Highlights > Security Council\n\n"
        "Remarks at a UN Security Council High-Level Meeting on Maintenance of\n"
        "International Peace and Security: Post-COVID-19 Global Governance\n(via VTC)\n\n"
        "Ambassador Kelly Craft\nPermanent Representative\n"
        "U.S. Mission to the United Nations\nNew York, New York\nSeptember 24, 2020\n\n\n"
        "Thank you, Secretary-General Guterres and President Issoufou for\n"
        "hosting this important conversation.\n"
    )
    section = (
        "UNITED STATES MISSION TO THE UNITED NATIONS\nRemarks and Highlights\n"
        + "-" * 72
        + "\n\nRemarks by Ambassador Kelly Craft at a UN Press Conference on the U.S. Program"
        " of Work for the December Security Council Presidency\n\nAmbassador Kelly Craft\n"
        "U.S. Permanent Representative to the United Nations\nNew York, New York\n"
        "December 6, 2019\n\n\nAMBASSADOR CRAFT: Thank you. Good morning, everyone.\n"
    )

    ((covid,), (work,)) = parsed(usun), parsed(section)

    assert covid.content.title == (
        "Remarks at a UN Security Council High-Level Meeting on Maintenance of International "
        "Peace and Security: Post-COVID-19 Global Governance (via VTC)"
    )
    assert covid.content.byline == Byline(name="Kelly Craft", title="Permanent Representative")
    assert work.content.title.startswith("Remarks by Ambassador Kelly Craft at a UN Press")
    assert (work.content.byline.name, work.content.date) == ("Kelly Craft", dt.date(2019, 12, 6))


def test_an_e_mail_subject_and_a_feed_icon_are_not_title() -> None:
    mail = (
        "Subject: Assistant Secretary Marie Royce Travels to India\n\n"
        "Media Note\nOffice of the Spokesperson\nWashington, DC\n\n"
        "Assistant Secretary Marie Royce will travel to India next week.\n"
    )
    feed = (
        "# rss Intensification des sanctions contre l’Iran\n\n"
        "Michael R. Pompeo, secrétaire d’État\nLe 10 janvier 2020\n\n"
        "Aujourd’hui, les États-Unis prennent des mesures supplémentaires.\n"
    )

    ((royce,), (iran,)) = parsed(mail), parsed(feed)

    assert royce.content.title == "Assistant Secretary Marie Royce Travels to India"
    assert iran.content.title == "Intensification des sanctions contre l’Iran"


def test_an_item_of_a_daily_briefing_listing_is_what_its_subject_says() -> None:
    (meeting,) = parsed(
        "**The Daily Press Briefing**\n\nParis - July 2, 2019\n\n"
        "## Slovenia – Meeting between Jean-Yves Le Drian and Slovenia's deputy prime minister "
        "(Paris - July 2, 2019)\n\n"
        "Jean-Yves Le Drian received Miro Cerar, Deputy Prime Minister of Slovenia, today.\n"
    )

    assert meeting.content.kind == "Readout"


def test_a_site_name_over_a_menu_row_is_no_byline() -> None:
    (r,) = parsed(
        "United States Mission to the United Nations\n"
        "Remarks and Highlights | Press Releases | Our Leaders\n\n"
        "Statement by Ambassador Nikki Haley, U.S. Permanent Representative to the United "
        "Nations, on President Trump’s 2018 Budget Blueprint\n\n"
        "New York City\nMarch 16, 2017\n\n\n"
        "“I have been working closely with the Secretary-General to reform peacekeeping.”\n"
    )

    assert r.content.byline.name is None
    assert r.content.date == dt.date(2017, 3, 16)


def test_a_latest_news_listing_splits_at_each_item() -> None:
    teaser = (
        "The United States calls on all parties to support UN Special Envoy Martin Griffiths in"
        " finding a peaceful solution to the conflict in Yemen based on the agreed references."
    )
    travel = (
        "Assistant Secretary of State for European and Eurasian Affairs A. Wess Mitchell will "
        "travel to Minsk, Belarus; Vilnius, Lithuania; and the Hague, Netherlands next week."
    )
    headings = (
        "[Home](#) › [English](#) › Page 225\n\nLatest News\n\n"
        f"## Ending the Conflict in Yemen\n\n{teaser}\n\nAvailable in:\n\n\n"
        f"## Assistant Secretary Mitchell Travel to Minsk, Vilnius, and the Hague\n\n{travel}\n\n"
        "Available in:\n"
    )
    bold = (
        "Latest News\n\n**Ending the Conflict in Yemen**\n\n"
        f"{teaser}\n\nAvailable in:\n\n**Cuban Independence Day**\n\n"
        "On Cuban Independence Day, I extend my warm regards and best wishes to the people of "
        "Cuba. The United States joins you in celebrating the anniversary of Cuba’s "
        "independence, 118 years ago today.\n\nAvailable in:\n"
    )

    (yemen, mitchell), (yemen_bold, cuba) = parsed(headings), parsed(bold)

    assert (yemen.content.title, yemen.content.body) == ("Ending the Conflict in Yemen", (teaser,))
    assert mitchell.content.title.startswith("Assistant Secretary Mitchell Travel to Minsk")
    assert mitchell.content.body == (travel,)
    assert yemen_bold.content.body == (teaser,)
    assert cuba.content.title == "Cuban Independence Day"


def test_a_news_site_posting_and_a_site_name_over_its_organisation_are_not_header() -> None:
    stl = (
        "STL.News - St. Louis, Missouri\n\nWorld | Politics | Business\n\n"
        "US Department of State: Uruguay’s Independence Day\n\n"
        "Posted August 25, 2020 by STL.News in Politics\n\n"
        "Washington, DC (STL.News) Michael R. Pompeo, Secretary of the US\n"
        "Department of State released the following statement:\n\n"
        "On behalf of the Government of the United States, I send warm greetings.\n"
    )
    unic = (
        "UNIC Dar es Salaam\nUnited Nations Information Centre\n"
        "Home  |  About UNIC  |  Latest news  |  Press releases  |  Contact\n\n"
        "Statement attributable to the Spokesman for the Secretary-General on Mali’s "
        "presidential election\n\n"
        "The Secretary-General congratulates the people and Government of Mali for the peaceful "
        "atmosphere that prevailed during the second round of the presidential election.\n\n"
        "This entry was posted in Latest news on by .\n"
    )

    ((uruguay,), (mali,)) = parsed(stl), parsed(unic)

    assert (uruguay.content.byline.name, uruguay.content.date) == (None, dt.date(2020, 8, 25))
    assert mali.content.title.startswith("Statement attributable to the Spokesman")
    assert mali.content.kind == "Press Statement"
    assert len(mali.content.body) == 1


def test_the_french_version_below_a_statement_is_a_release_of_its_own() -> None:
    releases = parsed(
        "# Statement attributable to the Spokesman for the Secretary-General on Mali's "
        "presidential election [scroll down for French version]\n\n28 Jul 2018\n"
        "Farhan Haq, Deputy Spokesman for the Secretary-General\n\n"
        "The Secretary-General is closely following developments in Mali ahead of the "
        "presidential election scheduled to take place on 29 July 2018.\n\n"
        "The Secretary-General reiterates the commitment of the United Nations to supporting "
        "the electoral process in Mali.\n\n"
        "## Déclaration attribuable au porte-parole du Secrétaire général\n"
        "## sur l'élection présidentielle au Mali\n\n"
        "Le Secrétaire général suit avec attention la situation au Mali à l’approche de "
        "l’élection présidentielle du 29 juillet 2018.\n"
    )

    english, french = releases
    assert english.content.language == "en"
    assert french.content.title == (
        "Déclaration attribuable au porte-parole du Secrétaire général sur l'élection "
        "présidentielle au Mali"
    )
    assert (french.content.language, french.content.date) == ("fr", dt.date(2018, 7, 28))
    assert any(w.message == "date taken from the release it translates" for w in french.warnings)


def test_a_topics_line_is_chrome_and_a_singular_media_note_prefix_leaves_the_title() -> None:
    (r,) = parsed(
        "# Media Note: Readout of Ambassador Kelly Craft’s Trip to Bogota\n\n"
        "Topics: Canada, Colombia\n\nNew York City\nNovember 20, 2019\n\n"
        "Ambassador Kelly Craft traveled to Bogota and Cucuta, Colombia, this week.\n"
    )

    assert r.content.title == "Readout of Ambassador Kelly Craft’s Trip to Bogota"
    assert r.content.byline.name is None
    assert r.content.date == dt.date(2019, 11, 20)


def test_an_e_mail_envelope_and_a_newswire_masthead_are_no_byline() -> None:
    mail = (
        "From: U.S. Embassy Baghdad\nTo: newsdesk@example.org\n"
        "Subject: Condemnation Statement on Terrorist Attack in Nasiriyah Province\n\n"
        "Condemnation Statement on Terrorist Attack in Nasiriyah Province\n\n"
        "We strongly condemn today’s terrorist attack in Nasiryah Province and offer our "
        "condolences to the victims and their families.\n"
    )
    wire = (
        "WEB NEWSWIRE\nPress releases from governments and organisations around the world\n"
        "Home | Business | Canada | Europe | World | Submit\n" + "-" * 72 + "\n\n"
        "Canada – Statement by Minister Garneau on Sudan\n\n"
        "October 25, 2021 – Ottawa, Ontario – Global Affairs Canada\n\n"
        "The Honourable Marc Garneau, Minister of Foreign Affairs, today issued the following "
        "statement:\n"
    )

    ((iraq,), (sudan,)) = parsed(mail), parsed(wire)

    assert iraq.content.title == "Condemnation Statement on Terrorist Attack in Nasiriyah Province"
    assert iraq.content.byline.name is None
    assert sudan.content.byline.name == "Global Affairs Canada"


def test_a_tag_archive_heading_is_a_section_label() -> None:
    (r,) = parsed(
        "Tag Archives: MH17\n" + "=" * 72 + "\n\n"
        "Jeremy Hunt Makes Statement on Fifth Anniversary of Downing of\nFlight MH17\n\n"
        "Posted on July 18, 2019 by ukpol\n\n"
        "Jeremy Hunt, the Foreign Secretary, has made a statement on the fifth anniversary of "
        "the downing of flight MH17.\n"
    )

    assert r.content.title == (
        "Jeremy Hunt Makes Statement on Fifth Anniversary of Downing of Flight MH17"
    )
    assert r.content.date == dt.date(2019, 7, 18)


def test_a_section_label_over_listed_items_gives_way_to_the_first_item() -> None:
    releases = parsed(
        "## Remarks and Highlights\n\n"
        "### Remarks at a UN Security Council Briefing on Peace and Security in Africa\n\n"
        "The G5 Sahel states must make progress toward effective governance and respect for "
        "human rights, accountability, and inclusiveness.\n\n"
        "### Statement by Ambassador Kelly Craft on Haiti\n\n"
        "During my meeting today with Jovenel Moise, Haiti’s democratically elected president, "
        "he made clear his commitment to addressing Haiti’s urgent needs.\n"
    )

    assert releases[0].content.title == (
        "Remarks at a UN Security Council Briefing on Peace and Security in Africa"
    )


def test_the_translation_service_footer_and_a_newswire_credit_leave_the_body() -> None:
    (r,) = parsed(
        "# Cuban Independence Day\n\n"
        "On Cuban Independence Day, I extend my warm regards and best wishes to the people of "
        "Cuba.\n\n"
        "U.S. Department of State published this content on 20 May 2020 and is solely "
        "responsible for the information contained therein.\n\n"
        "*This is a translation service of the U.S. Department of State. The English-language "
        "text is the official version.*\n"
    )

    assert r.content.body == (
        "On Cuban Independence Day, I extend my warm regards and best wishes to the people of "
        "Cuba.",
    )


def test_a_statement_delivered_aloud_is_remarks() -> None:
    (r,) = parsed(
        "# Statement on Human Rights during the General Debate of the Third Committee\n\n"
        "Ambassador Kelly Craft\nPermanent Representative\nNew York, New York\n"
        "October 6, 2020\n\nThank you, Mr. Chairman.\n\n"
        "The United States is committed to defending human rights everywhere.\n"
    )

    assert r.content.kind == "Remarks"
    assert any("a speech's opening words" in w.message for w in r.warnings)


def test_a_trip_announced_in_the_opening_sentence_is_a_media_note() -> None:
    (r,) = parsed(
        "# Minister Garneau at the 76th session of the United Nations General Assembly\n\n"
        "The Honourable Marc Garneau, Minister of Foreign Affairs, will attend meetings held "
        "during the 76th session of the United Nations General Assembly. He will meet his "
        "counterparts.\n"
    )

    assert r.content.kind == "Media Note"


def test_old_state_gov_masthead_crumbs_and_a_country_heading_are_not_titles() -> None:
    state = (
        "U.S. Department of State\nDiplomacy in Action\n"
        "Home > Deputy Secretary of State > Remarks > 2018\n" + "-" * 70 + "\n\n"
        "Remarks at the Center for American Studies (CSA)\n\n"
        "John J. Sullivan\nDeputy Secretary of State\nRome, Italy\nFebruary 19, 2018\n\n"
        "Thank you for the kind introduction. It is a pleasure to be in Rome.\n"
    )
    reliefweb = (
        "Somalia\n" + "=" * 72 + "\n\n24 Feb 2018\n\n"
        "Strongly Condemning Deadly Attack in Somali Capital, Secretary-General Reiterates "
        "Full Support\n\nReport\nfrom UN Secretary-General\nPublished on 24 Feb 2018\n\n"
        "The Secretary-General strongly condemns the attacks perpetrated on 23 February.\n"
    )
    mirror = (
        "# United States | Secretary Pompeo’s Travel to the Philippines\n\n"
        "Secretary Pompeo will travel to Manila, the Philippines.\n"
    )

    ((rome,), (somalia,), (manila,)) = parsed(state), parsed(reliefweb), parsed(mirror)

    assert rome.content.title == "Remarks at the Center for American Studies (CSA)"
    assert somalia.content.title.startswith("Strongly Condemning Deadly Attack in Somali")
    assert manila.content.title == "Secretary Pompeo’s Travel to the Philippines"


def test_a_title_loses_a_trailing_comma() -> None:
    (r,) = parsed(
        "# Ambassador Kosnett’s Remarks at the Dedication of the New U.S. Embassy,\n\n"
        "Pristina, Kosovo\nJuly 4, 2019\n\nThank you all for coming.\n"
    )

    assert (
        r.content.title == "Ambassador Kosnett’s Remarks at the Dedication of the New U.S. Embassy"
    )


def test_a_mission_repost_gives_the_signer_after_by_and_the_date_under_the_place() -> None:
    (r,) = parsed(
        "# Bangladesh Hosting of Rohingya\n\nSeptember 11, 2017\n\nPress Statement\n"
        "by Heather Nauert\nU.S. Department of State Spokesperson\n\nWashington, DC\n"
        "September 9, 2017\n\nWe are very concerned by the United Nations announcement.\n"
    )

    assert r.content.byline == Byline(
        name="Heather Nauert", title="U.S. Department of State Spokesperson"
    )
    assert (r.content.place, r.content.date) == ("Washington, DC", dt.date(2017, 9, 9))
    assert r.content.body == ("We are very concerned by the United Nations announcement.",)


def test_the_signer_under_a_type_line_is_not_a_title() -> None:
    (r,) = parsed(
        "U.S. Department of State\nDiplomacy in Action\n\n"
        "Background Briefing On Secretary Tillerson's Trip to Burma\n\n"
        "Special Briefing\nSenior State Department Official\nManila, Philippines\n"
        "November 14, 2017\n\nMODERATOR: Thank you everyone for joining us tonight.\n"
    )

    assert r.content.title == "Background Briefing On Secretary Tillerson's Trip to Burma"
    assert r.content.byline.name == "Senior State Department Official"
    assert r.content.kind == "Special Briefing"


def test_a_listing_label_over_a_cut_does_not_swallow_the_first_item() -> None:
    (r,) = parsed(
        "Latest News\n\n[…]\n\n**The Global Engagement Center’s Technology Series**\n\n"
        "The Department of State is announcing the establishment of the Technology Series to "
        "counter foreign propaganda. It will convene technologists on a regular basis.\n"
    )

    assert r.content.title == "The Global Engagement Center’s Technology Series"


def test_spanish_and_french_moderators_make_a_special_briefing() -> None:
    (es,) = parsed(
        "# Conferencia de prensa sobre los acuerdos\n\nModeradora: Buenos días a todos desde "
        "el Centro de Medios de las Américas en Miami.\n\nSR. BROWNLEE: Gracias por "
        "acompañarnos.\n"
    )

    assert es.content.kind == "Special Briefing"


def test_the_opening_sentence_reports_a_meeting_or_a_doorstep() -> None:
    (met,) = parsed(
        "# EU: Jean-Yves Le Drian at the Foreign Affairs Council\n\nMinister Jean-Yves Le "
        "Drian attended today’s EU council of foreign ministers in Brussels. They discussed "
        "Iran.\n"
    )
    (doorstep,) = parsed(
        "# Foreign Secretary attends the June EU Foreign Affairs Council\n\nOn arrival at the "
        "Foreign Affairs Council in Luxembourg, Foreign Secretary Boris Johnson spoke to the "
        "media.\n\nGood morning everybody. We will be talking about Libya.\n"
    )

    assert met.content.kind == "Readout"
    assert doorstep.content.kind == "Remarks"


def test_a_release_without_a_headline_is_rejected_with_what_was_read() -> None:
    signer = (
        "ReliefWeb\n\nHome > Updates\n\nPress Statement\n\nRobert Palladino\n\n"
        "Deputy Spokesperson\n\nWashington, DC\n\nFebruary 15, 2019\n\n"
        "The United States is responding to the request to help meet the urgent needs of "
        "the people of Venezuela.\n"
    )
    transcript = (
        "QUESTION:  Good morning, Mr. Secretary.  You’re on the Bob Rose Show.\n\n"
        "SECRETARY POMPEO:  Great to be with you, sir.\n"
    )
    briefing = (
        "MR BROWN: Thank you, everyone, for joining us this afternoon for this on-the-record "
        "briefing on Secretary Pompeo’s upcoming travel.\n\nQUESTION: Thank you.\n"
    )

    for text in (signer, transcript, briefing):
        (r,) = parse_document(text)
        assert isinstance(r, RejectedRelease)
        assert [p.message for p in r.reasons] == ["no title"]
        assert r.found is not None
        assert r.found.title == ""
    found = [r.found for r in (parse_document(t)[0] for t in (signer, transcript, briefing))]
    assert found[0] is not None
    assert found[0].byline.name == "Robert Palladino"
    assert (found[0].kind, found[0].date) == ("Press Statement", dt.date(2019, 2, 15))
    assert found[1] is not None
    assert found[1].kind == "Remarks"
    assert found[1].body[0].startswith("QUESTION:")
    assert found[2] is not None
    assert found[2].kind == "Special Briefing"


def test_a_site_name_or_a_metadata_row_is_no_title() -> None:
    (r,) = parse_document(
        "Country: Nigeria · Language: English\n\nThe members of the Security Council "
        "condemned in the strongest terms the attack in Borno State, Nigeria.\n"
    )

    assert isinstance(r, RejectedRelease)
    assert r.found is not None
    assert r.found.byline.name is None


def test_a_listing_under_a_section_label_splits_with_each_items_date() -> None:
    found = parsed(
        "## In Other News\n\n- October 23, 2020\n\n  ### [U.S. Sanctions Iranian Entities](#)\n\n"
        "  The United States will not tolerate foreign interference in our elections.\n\n"
        "- October 22, 2020\n\n  ### [Ongoing Protests in Nigeria](#)\n\n"
        "  The U.S. strongly condemns the use of excessive force by military forces.\n"
    )

    assert [(r.content.title, r.content.date) for r in found] == [
        ("U.S. Sanctions Iranian Entities", dt.date(2020, 10, 23)),
        ("Ongoing Protests in Nigeria", dt.date(2020, 10, 22)),
    ]


def test_a_masthead_a_menu_or_a_news_sites_dateline_is_no_title() -> None:
    texts = (
        "HEALTH N DEVELOPMENT\n\nMichael R. Pompeo, Secretary of State\n\nOn behalf of the "
        "people of the United States of America, I congratulate the Czech people.\n",
        "STL.News Home News Politics World Business Travel\n\nWashington, DC (STL.News) "
        "Michael R. Pompeo, Secretary of State, released the following statement:\n\n"
        "On behalf of the United States, I congratulate the people of Jamaica.\n",
    )

    for text in texts:
        (r,) = parse_document(text)
        assert isinstance(r, RejectedRelease)
        assert r.found is not None
        assert r.found.body[-1].startswith(("On behalf", "On behalf of the United States"))


def test_two_pages_saved_one_after_the_other_split_at_the_repeated_masthead() -> None:
    page = (
        "ReliefWeb\nHome > Updates > Reports\n\n{symbol}\n\n"
        "The following statement was issued today by the Spokesman for UN Secretary-General "
        "António Guterres:\n\nThe Secretary-General strongly condemns the {what}.\n\n"
        "He expresses his deep sympathies to the families of the victims.\n"
    )
    text = (
        page.format(symbol="SG/SM/19745", what="suicide attacks in Parwan")
        + "\n=====\n\n"
        + page.format(symbol="SG/SM/19811", what="mortar attack against the airport")
    )

    found = parse_document(text)

    assert len(found) == 2
    bodies = [r.found.body if isinstance(r, RejectedRelease) and r.found else () for r in found]
    assert "suicide attacks in Parwan" in bodies[0][1]
    assert "mortar attack against the airport" in bodies[1][1]


def test_a_menu_or_breadcrumb_line_is_no_title() -> None:
    for chrome in (
        "United Nations | Meetings Coverage and Press Releases",
        "Morocco Tomorrow · Home · News · Analysis · About · Donate",
        "Accueil » Afrique » Diplomatie",
        "Subject Matter Areas > Human Trafficking",
        "CNBC Africa Home News Markets APO Press Releases Video",
    ):
        (r,) = parse_document(
            f"{chrome}\n\n----------\n\nThe members of the Security Council condemned in the "
            "strongest terms the terrorist attack committed in Dapchi on 19 February.\n"
        )
        assert isinstance(r, RejectedRelease), chrome
        assert r.found is not None
        assert r.found.title == ""


def test_french_speaker_labels_with_a_space_before_the_colon() -> None:
    (host,) = parsed(
        "# En direct du département d’État avec Tibor P. Nagy\n\nHÔTE : Bonjour, et bienvenue "
        "à LiveAtState, la plateforme de presse virtuelle.\n\nM. NAGY : Merci beaucoup.\n"
    )
    (remarks,) = parsed(
        "# Allocution du secrétaire d’État Rex Tillerson lors d’un point de presse\n\n"
        "LE SECRÉTAIRE TILLERSON : Eh bien, merci beaucoup, M. le ministre.\n\n"
        "QUESTION : Monsieur le secrétaire, une question.\n"
    )

    assert host.content.kind == "Special Briefing"  # a host opens it, as a moderator does
    assert remarks.content.kind == "Remarks"  # the title says whose words they are


def test_the_opening_sentence_announces_a_trip_or_a_speech_behind_a_dateline() -> None:
    (trip,) = parsed(
        "# Deputy Secretary's Travel\n\nDeputy Secretary Sullivan travels to New York on "
        "January 19, to participate in a ministerial-level meeting.\n"
    )
    (speech,) = parsed(
        "# La solidaridad con Colombia\n\nBogotá, Enero 13 de 2018 - Querido presidente, "
        "muchísimas gracias por estas palabras tan amables de solidaridad.\n"
    )
    (joint,) = parsed(
        "# Third U.S.-India 2+2 Ministerial Dialogue\n\nThe text of the following statement "
        "was released by the Governments of the United States of America and India on the "
        "occasion of the third U.S.-India 2+2 Ministerial Dialogue.\n\nBegin text:\n"
    )

    assert trip.content.kind == "Media Note"
    assert speech.content.kind == "Remarks"
    assert joint.content.kind == "Joint Statement"


def test_a_date_opening_the_first_sentence_after_on_le_or_el() -> None:
    for text, date in (
        (
            "On October 29th, 2019, Secretary Pompeo released the following statement:",
            (2019, 10, 29),
        ),
        (
            "Le 10 octobre 2019, le nouvel Ambassadeur des Etats-Unis a présenté ses lettres.",
            (2019, 10, 10),
        ),
        ("Bogotá, Enero 13 de 2018 - Querido presidente, muchísimas gracias.", (2018, 1, 13)),
    ):
        (r,) = parsed(f"# A Statement on the Task Force\n\n{text}\n\nThe second paragraph.\n")
        assert r.content.date == dt.date(*date), text


def test_a_masthead_over_its_blanked_menu_and_a_rule_is_no_title() -> None:
    text = (
        "**ActuBénin** — L'actualité du Bénin au quotidien\n\n"
        "[Accueil](http://actubenin.com/) · [Politique](#) · [Économie](#) · [Société](#)\n\n"
        "Accueil › Coopération\n\n---\n\n"
        "Les Etats-Unis suivent de près les financements apportés aux projets dans le cadre "
        "de la coopération avec le Bénin.\n"
    )
    (r,) = parse_document(text)

    assert isinstance(r, RejectedRelease)
    assert r.found is not None
    assert r.found.title == ""
    assert r.found.body[0].startswith("Les Etats-Unis suivent")


def test_a_media_advisory_and_a_colombian_dateline() -> None:
    (advisory,) = parsed(
        "# Humanitarian Chief Mark Lowcock to Visit Zimbabwe and Malawi\n\n"
        "WHO: Mark Lowcock, Under-Secretary-General for Humanitarian Affairs\n\n"
        "WHAT: Mission to Zimbabwe and Malawi\n\nWHEN: 27 February-1 March\n\n"
        "UN humanitarian chief Mark Lowcock will visit Zimbabwe and Malawi.\n"
    )
    (dated,) = parsed(
        "# Canciller recibió al Secretario de Estado\n\nCartagena (ene. 2/19). El Secretario "
        "de Estado de Estados Unidos llegó este miércoles 2 de enero a la ciudad.\n"
    )

    assert advisory.content.kind == "Notice to the Press"  # WHO/WHAT/WHEN are no speakers
    assert dated.content.place == "Cartagena"
    assert dated.content.date == dt.date(2019, 1, 2)


def test_a_wrapped_title_whose_first_line_cannot_end_one() -> None:
    (r,) = parsed(
        "Déclaration de l’Ambassade des Etats-Unis à l’occasion du Jour de\n"
        "l'Indépendance d'Haïti\n\n"
        "L’ambassade des États-Unis en Haïti adresse ses félicitations au peuple haïtien à "
        "l’occasion du 215ème anniversaire de l’Indépendance d’Haïti, le 1er janvier.\n"
    )

    assert r.content.title == (
        "Déclaration de l’Ambassade des Etats-Unis à l’occasion du Jour de l'Indépendance d'Haïti"
    )


def test_announcements_under_an_opening_line_and_speeches_after_a_plain_label() -> None:
    (trip,) = parsed(
        "# Arctic Coordinator Travel\n\nWashington, DC (STL.News) The US Department Of State "
        "released the following statement:\n\nFrom September 22 through October 12, U.S. "
        "Coordinator for the Arctic Region James P. DeHart will travel to Stockholm, Sweden.\n"
    )
    (postponed,) = parsed(
        "# Award Ceremony\n\nDue to inclement weather, the 2018 International Women of Courage "
        "Award Ceremony is postponed until Friday, March 23, 2018 at 2:00 p.m.\n"
    )
    (speech,) = parsed(
        "# Mensaje a medios del Canciller\n\nCanciller Luis Videgaray: Muy buenos días a las y "
        "los representantes de los medios de comunicación.\n\nEs un privilegio dar la "
        "bienvenida al Secretario de Estado.\n"
    )
    (excerpts,) = parsed(
        "# Le secrétaire Pompeo et le ministre Bourita\n\nEXTRAITS\n\nMONSIEUR LE SECRÉTAIRE "
        "POMPEO : Nasser, merci. Monsieur le ministre, c’est un grand plaisir.\n"
    )

    assert trip.content.kind == "Media Note"
    assert postponed.content.kind == "Media Note"
    assert speech.content.kind == "Remarks"
    assert excerpts.content.kind == "Remarks"


def test_review_cases_that_keep_their_titles_and_kinds() -> None:
    body = "\n\nThe United States and Japan reaffirmed their commitment to fair trade.\n"
    (site,) = parsed("Joint Statement on Trade | U.S. Embassy Tokyo\n\nMarch 3, 2020" + body)
    (ruled,) = parsed("Secretary Pompeo Meets Foreign Minister Motegi\n\n\n\n---" + body)
    (word,) = parsed("# Colombia rechaza cualquier intervención extranjera en Venezuela" + body)
    (one,) = parsed(
        "# Trade Statement\n\nThe following statement was released by the Government of "
        "Trinidad and Tobago on trade.\n\nWe welcome the agreement.\n"
    )

    assert site.content.title.startswith("Joint Statement on Trade")
    assert ruled.content.title == "Secretary Pompeo Meets Foreign Minister Motegi"
    assert word.content.kind != "Remarks"  # "intervención" alone is no speech
    assert one.content.kind == "Press Statement"  # one government, whose name holds "and"


def test_a_site_name_over_its_own_menu_is_no_title() -> None:
    body = (
        "\n\nLe secrétaire d’État Michael R. Pompeo a condamné la mutinerie au Mali et appelé "
        "au retour de l’ordre constitutionnel.\n"
    )
    for top in (
        "# Winbratech\n\n[Home](#) · [About](#) · [Contact](#)",
        "DAKARACTU.COM\nL'information au quotidien\n\nAccueil | Politique | Société | Sport",
    ):
        (r,) = parse_document(top + body)
        assert isinstance(r, RejectedRelease), top
        assert r.found is not None
        assert r.found.body[0].startswith("Le secrétaire d’État")
    # A label line under a title is no menu: the title stays.
    (kept,) = parsed("Bhutan National Day\n\nCategory: World News" + body)
    assert kept.content.title == "Bhutan National Day"


def test_a_first_page_without_a_heading_before_a_page_with_one_is_a_release() -> None:
    page_one = (
        "TRIPFOUMI\nAccueil | Politique | Société\n----------\n\n"
        "Les dirigeants politiques haïtiens doivent travailler ensemble, avec la société "
        "civile, afin de trouver une solution à la crise.\n\n----------\n\n"
    )
    page_two = (
        "TRIPFOUMI\nAccueil | Politique | Société\n----------\n\n"
        "# Les États-Unis réitèrent l’appel au dialogue\n\n"
        "Les États-Unis appellent de nouveau au dialogue entre tous les acteurs.\n"
    )
    found = parse_document(page_one + page_two)

    assert len(found) == 2
    first = read(found[0])
    assert first.body[0].startswith("Les dirigeants politiques")
    assert isinstance(found[1], ParsedRelease)
    assert found[1].content.title == "Les États-Unis réitèrent l’appel au dialogue"


def test_the_opening_sentence_is_not_cut_at_an_initial_and_french_salutations() -> None:
    (met,) = parsed(
        "# Participation de Jean-Yves Le Drian au Conseil\n\nM. Jean-Yves le Drian, ministre "
        "de l’Europe et des Affaires étrangères, a effectué une visite de travail à Bruxelles "
        "le 18 février.\n"
    )
    (speech,) = parsed(
        "# L’ambassade célèbre le 245e anniversaire du Corps des Marines\n\n"
        "Le Chargé d’Affaires salue le drapeau américain.\n\nExcellences,\n\n"
        "C’est un honneur de célébrer avec vous cet anniversaire.\n"
    )

    assert met.content.kind == "Readout"  # "M." no longer ends the opening sentence
    assert speech.content.kind == "Remarks"


def test_a_rule_of_equals_parts_two_pages_whatever_their_mastheads() -> None:
    page_one = (
        "Yuma News Now -- Latest News\n\nHome | News | Latest News | Contact\n\n"
        "Secretary of State Pompeo's Call With Turkish Foreign Minister Cavusoglu\n\n"
        "Secretary of State Michael R. Pompeo spoke with Turkey’s Foreign Minister Mevlut "
        "Cavusoglu about Idlib.\n\n"
    )
    page_two = (
        "=================================\n\n"
        "WIRE NN -- News\n\nHome | News | Contact\n\nNews\n\n"
        "Secretary Pompeo reaffirmed the United States’ commitment to addressing Turkish "
        "security concerns along the border.\n"
    )
    found = parse_document(page_one + page_two)

    assert len(found) == 2
    assert isinstance(found[0], ParsedRelease)
    assert found[0].content.title.startswith("Secretary of State Pompeo's Call")
    # The second page has no headline: its site's name over its menu is none.
    second = read(found[1])
    assert second.title != "WIRE NN -- News"
    assert second.body[-1].startswith("Secretary Pompeo reaffirmed")


def test_a_rule_of_equals_under_a_sites_header_parts_no_pages() -> None:
    text = (
        "U.S. Embassy in Mali | Ambassade des États-Unis au Mali\n"
        "Accueil | Nouvelles & événements | Déclarations officielles\n\n"
        "=================================\n\n"
        "Département d’État des États-Unis\nBureau de la porte-parole\nLe 10 mai 2019\n\n"
        "Aujourd’hui, les États-Unis ont adopté des mesures à l’encontre de l’ancien régime "
        "de Maduro.\n"
    )
    (found,) = parse_document(text)
    content = read(found)
    assert content.date is not None
    assert content.date.isoformat() == "2019-05-10"
    assert content.body[0].startswith("Aujourd’hui")


def test_a_rule_of_equals_under_a_share_row_parts_pages_and_a_setext_underline_does_not() -> None:
    rule = "=" * 70
    text = (
        f"STL.News\nHome | Politics | World\n{rule}\nWashington, DC\n"
        "Secretary of State Michael R. Pompeo spoke yesterday with Icelandic Foreign Minister "
        f"Gudlaugur Thór Thórdarson.\nShare: Facebook | Twitter\n{rule}\n"
        "Secretary of State Michael R. Pompeo spoke with Austrian Foreign Minister Alexander "
        "Schallenberg.\n"
    )
    assert len(parse_document(text)) == 2
    title = "Foreign Secretary begins a five-day tour"
    (setext,) = parsed(
        f"Some prose comes first on this page, as a lead.\n\n{title}\n{'=' * len(title)}\n\n"
        "The Foreign Secretary will visit Mexico, Brazil and Argentina this week.\n"
    )
    assert setext.content.title == title


def test_a_text_delivered_is_remarks_and_its_full_text_heading_no_new_release() -> None:
    (declared,) = parsed(
        "# Déclaration de M. Jean-Yves Le Drian, ministre de l'Europe et des affaires "
        "étrangères, sur la situation en Syrie, à l'Assemblée nationale le 15 octobre 2019.\n\n"
        "Prononcé le 15 octobre 2019\n\nIntervenant(s) :\n\n## Texte intégral\n\n"
        "Monsieur le Député,\n\nVous avez évoqué plusieurs sujets dans votre question.\n"
    )
    assert declared.content.kind == "Remarks"
    assert declared.content.place is None
    assert declared.content.date is not None
    assert declared.content.date.isoformat() == "2019-10-15"
    assert declared.content.body[-1].startswith("Vous avez évoqué")
    (delivered,) = parsed(
        "# Foreign Secretary statement in Washington DC, 16 September 2020\n\n"
        "Delivered on 16 September 2020 (Transcript of the speech, exactly as it was "
        "delivered)\n\nI always come away from these meetings with a reinforced sense of "
        "the work we do together.\n"
    )
    assert delivered.content.kind == "Remarks"


def test_a_page_without_headline_that_opens_by_naming_a_speech_is_remarks() -> None:
    (found,) = parse_document(
        "Palabras del Secretario de Relaciones Exteriores, Luis Videgaray Caso, durante la 28 "
        "Reunión con Embajadores y Cónsules de México. Palacio Nacional, a 11 de enero de "
        "2017.\n\nEs un gusto estar con ustedes en esta reunión anual del servicio exterior.\n"
    )
    content = read(found)
    assert content.kind == "Remarks"


def test_a_briefing_label_run_into_the_first_paragraph_makes_a_special_briefing() -> None:
    (briefing,) = parsed(
        "# Le secrétaire d’État adjoint Tibor Nagy sur l’aide des États-Unis à l’Afrique\n\n"
        "Point de presse spécial via téléconférence\nBROWN : Merci. Bonjour à tous.\n\n"
        "Mais l’engagement des États-Unis envers l’Afrique va bien au-delà de notre réponse.\n"
    )
    assert briefing.content.kind == "Special Briefing"


def test_readouts_from_plural_attribution_a_perfect_and_under_a_section_label() -> None:
    (french,) = parsed(
        "# Rencontre du secrétaire Pompeo avec le président angolais\n\n"
        "Les propos suivants sont attribuables à Morgan Ortagus, porte-parole :\n\n"
        "Le secrétaire d’État Michael R. Pompeo a rencontré aujourd’hui le président de "
        "l’Angola João Lourenço à Luanda.\n"
    )
    (perfect,) = parsed(
        "# Foreign Secretary calls for a united response\n\n"
        "Boris Johnson has spoken to some of the world’s top diplomats following the attack "
        "in Salisbury.\n\nWe await an explanation from Russia.\n"
    )
    (labelled,) = parsed(
        "# Secretary Pompeo and Foreign Minister Cavusoglu\n\nNews\n\n"
        "Washington, DC - Secretary of State Michael R. Pompeo spoke today with Turkish "
        "Foreign Minister Mevlut Cavusoglu.\n"
    )
    assert french.content.kind == "Readout"
    assert french.content.attributed_to == "Morgan Ortagus"
    assert perfect.content.kind == "Readout"
    assert labelled.content.kind == "Readout"


def test_a_heading_and_its_by_line_heading_are_one_title() -> None:
    (found,) = parsed(
        "NATO | OTAN\n\n---\n\n# Opening remarks\n\n\n"
        "## by NATO Secretary General Jens Stoltenberg at the meeting of the North Atlantic "
        "Council\n\n\nGood morning. Welcome to this meeting of NATO foreign ministers.\n"
    )
    assert found.content.title == (
        "Opening remarks by NATO Secretary General Jens Stoltenberg at the meeting of the "
        "North Atlantic Council"
    )
    assert found.content.kind == "Remarks"


def test_a_second_level_heading_after_a_rule_opens_the_next_page() -> None:
    text = (
        "# Readout of the Secretary-General’s meeting with the Minister for Foreign Affairs "
        "of Ethiopia\n\n"
        "The Secretary-General and the Foreign Minister exchanged views on the recent "
        "developments in the Horn of Africa.\n\n* * *\n\n"
        "## Security Council Press Statement on Developments in Horn of Africa Region\n\n"
        "The members of the Security Council noted that these developments represent a "
        "historic and significant milestone for the Horn of Africa.\n"
    )
    titles = [r.content.title for r in parse_document(text) if isinstance(r, ParsedRelease)]
    assert len(titles) == 2
    assert titles[1].startswith("Security Council Press Statement")


def test_a_breadcrumb_with_double_chevrons_is_no_title() -> None:
    (found,) = parse_document(
        "United States Mission to the United Nations\n"
        "Home | Our Leaders | News & Events | About Us\nHome >> News & Events\n"
        "----------------------------------------\nAmbassador Cherith Norman Chalet\n"
        "Acting Deputy Permanent Representative\nNew York, New York\nMay 15, 2020\n"
        "Thank you, Sven, and thank you to Estonia for convening this important discussion.\n"
    )
    assert isinstance(found, RejectedRelease)
    assert found.found is not None
    assert found.found.title == ""


def test_a_title_case_headline_closed_by_a_full_stop_is_the_title() -> None:
    (found,) = parse_document(
        "NETNEWS\nInicio | Política | Economía | Sociedad | Contacto\n\nPOLITICA 05.02.2018\n\n"
        "Faurie Y Tillerson Ratificaron el Rumbo Positivo de la Relación Bilateral.\n\n"
        "“Conversamos sobre distintos temas de nuestra relación bilateral”, dijo el canciller "
        "argentino tras la reunión.\n"
    )
    assert isinstance(found, ParsedRelease)
    assert found.content.title.startswith("Faurie Y Tillerson Ratificaron")
    # A sentence has lower-case words: it stays the body's.
    (sentence,) = parse_document(
        "Fiji Visit\n\nThe Minister of Foreign Affairs will travel to Fiji next week for the "
        "Pacific Islands Forum Foreign Ministers Meeting.\n"
    )
    assert isinstance(sentence, ParsedRelease)
    assert sentence.content.title == "Fiji Visit"


def test_a_headless_page_between_ruled_mastheads_before_a_page_with_a_heading_is_kept() -> None:
    rule = "=" * 72
    masthead = "STL.News -- St. Louis & World News\nHome | World | Politics | Contact\n"
    text = (
        f"{masthead}{rule}\n\nWashington, DC (STL.News) The US Secretary Of State, Michael R. "
        "Pompeo released the following statement:\n\nI wish the people of Mongolia a wonderful "
        f"Naadam.\n\nTags: World News\n\n{rule}\n\n{masthead}{rule}\n\nPolitics\n\n"
        "# State Department: Deputy Secretary Biegun’s Call with Vice Foreign Minister Akiba\n\n"
        "Deputy Secretary of State Stephen R. Biegun spoke on December 1 with Japanese Vice "
        "Foreign Minister Takeo Akiba.\n"
    )
    found = parse_document(text)
    assert len(found) == 2
    first = read(found[0])
    assert "Mongolia" in " ".join(first.body)
    assert isinstance(found[1], ParsedRelease)
    assert "Biegun" in found[1].content.title


def test_a_date_on_a_line_of_its_own_near_the_top_is_the_date() -> None:
    # "Ambassador Sondland Remarks (as delivered) at" / "Press Conference …" / "Tuesday,
    # February 26, 2019" / "Odesa, Ukraine": a block the header does not read.
    page = (
        FIXTURES.parent
        / "heldout91"
        / (
            "03_useu_usmission_en_sondland_remarks_uss_donald_cook_visit_odesa_2019-02-26_"
            "split_title.md"
        )
    )
    (remarks, *_) = parse_document(page.read_text(encoding="utf-8"))
    assert isinstance(remarks, ParsedRelease)
    assert remarks.content.date is not None
    assert remarks.content.date.isoformat() == "2019-02-26"
    # A date deep in the body is no release date.
    paragraphs = "".join(f"Paragraph {n} of the statement says something.\n\n" for n in range(14))
    (late,) = parsed(f"# A Statement\n\n{paragraphs}26 February 2018\n\n{paragraphs}")
    assert late.content.date is None or late.content.date.isoformat() != "2018-02-26"


def test_a_run_in_place_without_a_date_is_the_place_when_it_is_a_known_place() -> None:
    (known,) = parse_document(
        "Yuma News Now\n\nWashington, DC - As President Trump has said, the United States is "
        "working with our friends and partners around the world.\n"
    )
    content = read(known)
    assert content.place == "Washington, DC"
    (office,) = parsed(
        "# Detenciones en Masaya (Nicaragua)\n\nAsuntos Exteriores, Unión Europea y Cooperación - "
        "El Gobierno de España expresa su preocupación por las detenciones.\n"
    )
    assert office.content.place is None


def test_an_advisory_announcing_a_press_conference_is_a_notice_to_the_press() -> None:
    (notice,) = parsed(
        "# Demande de couverture : Conférence de presse téléphonique sur la sécurité en "
        "Afrique\n\nL’Ambassade des États-Unis vous invite à participer à une conférence de "
        "presse téléphonique avec le Major Général Joseph P. Harrington.\n"
    )
    assert notice.content.kind == "Notice to the Press"


def test_a_rule_under_a_pages_copyright_line_parts_it_from_the_next_page() -> None:
    text = (
        "LOBBY MAGAZINE\n\n---\n\nPrime Minister Netanyahu, at the start of the weekly Cabinet "
        "meeting, made the following remarks about the attacks.\n\nOffice of the Prime "
        "Minister of Israel\n\n© Lobby Magazine\n\n* * *\n\nSTL.News\n\n---\n\n"
        "Washington, DC (STL.News) – The US Department of State released the following "
        "statement:\n\nSecretary of State Michael R. Pompeo met today with Israeli Prime "
        "Minister Benjamin Netanyahu in Jerusalem.\n"
    )
    found = parse_document(text)
    assert len(found) == 2
    second = read(found[1])
    assert "Jerusalem" in second.body[-1]


def test_an_embassys_account_of_its_own_event_is_a_media_note_and_a_visit_with_talks() -> None:
    (event,) = parsed(
        "# U.S.-Nepal Partnership Highlighted at the American National Day Celebration\n\n"
        "The United States Embassy held its 243rd National Day Celebration on March 22, 2019 at "
        "Phora Durbar in Kathmandu.\n"
    )
    (speech,) = parsed(
        "# L’ambassade des États-Unis à Conakry célèbre le 245e anniversaire du Corps des "
        "Marines\n\nMesdames et Messieurs,\n\nBonjour et bienvenue à cette célébration.\n"
    )
    (visit,) = parsed(
        "# Foreign Secretary visits New Zealand\n\nForeign Secretary Boris Johnson will hold "
        "talks on trade and security during a two-day visit to New Zealand.\n"
    )
    assert event.content.kind == "Media Note"
    assert speech.content.kind == "Remarks"
    assert visit.content.kind == "Media Note"


def test_a_byline_drops_an_article_and_a_doctors_title() -> None:
    (signed,) = parsed(
        "# Fête nationale des États-Unis\n\nLe Dr. Tulinabo Mushingi\nAmbassadeur des "
        "États-Unis au Sénégal\n\nL’ambassade a célébré la fête nationale avec ses invités.\n"
    )
    assert signed.content.byline.name == "Tulinabo Mushingi"


def test_a_rule_between_two_rules_parts_pages_and_a_country_label_is_no_speaker() -> None:
    dashes, equals = "-" * 72, "=" * 72
    text = (
        "LERAL.NET\n\n"
        f"{dashes}\n\nETATS-UNIS : le PM Mahammed Boun Abdallah Dionne reçu par le secrétaire "
        "d’État américain, M. Pompeo\n\nLe secrétaire d’État américain Michael R. Pompeo a "
        "rencontré le Premier ministre à Washington.\n\n"
        f"{dashes}\n{equals}\n{dashes}\n\n"
        "Un site officiel du gouvernement des États-Unis\n\n"
        "La nouvelle initiative Prosper Africa reflète la conviction du gouvernement américain "
        "selon laquelle le commerce est essentiel.\n"
    )
    found = parse_document(text)
    assert len(found) == 2
    first = found[0]
    assert isinstance(first, ParsedRelease)
    assert first.content.kind == "Readout"  # "ETATS-UNIS :" is a subject, no speaker
    second = read(found[1])
    assert second.title != "Un site officiel du gouvernement des États-Unis"


def test_a_long_rule_of_asterisks_parts_two_pages() -> None:
    text = (
        "MALIWEB\n\nL’Ambassade des États-Unis à Bamako suit de près les manifestations "
        "annoncées dans la capitale.\n\n" + "*" * 70 + "\n\nICI MALI\n\n"
        "Dans la matinée du samedi 23 mars 2019, des éléments armés ont attaqué le village.\n"
    )
    assert len(parse_document(text)) == 2


def test_a_site_name_over_its_blanked_menu_is_no_byline_of_a_headless_release() -> None:
    # "Ambassade des États-Unis" / its menu and breadcrumb (blanked) / the text.
    page = (
        FIXTURES.parent
        / "heldout96"
        / (
            "03_leral_cd_usembassy_fr_two_pages_pompeo_dionne_readout_prosper_africa_no_dates_crlf.txt"
        )
    )
    found = parse_document(page.read_text(encoding="utf-8"))
    assert len(found) == 2
    second = read(found[1])
    assert second.byline.name is None
    assert second.body[0].startswith("La nouvelle initiative Prosper Africa")


def test_header_lines_start_below_the_sites_own_menu() -> None:
    page = (
        FIXTURES.parent
        / "heldout90"
        / ("10_netnews_ar_es_faurie_tillerson_rumbo_positivo_2018-02-05_whitespace_lines.txt")
    )
    (found,) = parse_document(page.read_text(encoding="utf-8"))
    assert isinstance(found, ParsedRelease)
    assert found.content.place is None  # "NETNEWS" over its menu is the site's name
    (labelled,) = parsed(
        "Ministry of Foreign Affairs of Japan\n\nHome | Press Releases | Press Conferences\n\n"
        "Press Conferences\n\n# Extraordinary Press Conference by Foreign Minister Taro Kono\n\n"
        "Foreign Minister Kono: I will begin with my visit to Italy and the Vatican.\n"
    )
    assert labelled.content.byline.name is None  # a section label is no byline


def test_signatories_speaking_together_make_a_joint_statement() -> None:
    (joint,) = parsed(
        "# Statement on Chechnya\n\nThe undersigned members of the Equal Rights Coalition (ERC) "
        "express their deep concern about recent reports of persecution.\n"
    )
    assert joint.content.kind == "Joint Statement"


def test_pagers_language_switchers_and_korean_skip_links_are_no_titles() -> None:
    body = (
        "\n\nLe Secrétaire général salue la formation le 11 juin 2018 d’un nouveau "
        "gouvernement à Madagascar.\n\nIl félicite les efforts des acteurs politiques.\n"
    )
    for chrome in ("Début Précédent 1 2 3 4 5 Suivant Fin", "• en-GB1 ru-RU1", "본문 바로가기"):
        found = parse_document(chrome + body)
        content = read(found[0])
        assert content is not None, chrome
        assert content.title != chrome, chrome


def test_an_advisorys_who_field_is_no_byline() -> None:
    (notice,) = parsed(
        "# OCHA media advisory: Humanitarian Chief Mark Lowcock to launch the Global "
        "Humanitarian Appeal 2018\n\n\n"
        "WHO: Mark Lowcock, Under-Secretary-General for Humanitarian Affairs and Emergency "
        "Relief Coordinator\n\nWHAT: Launch of the Global Humanitarian Overview\n\n"
        "WHEN: 1 December 2017\n\nThe launch will be webcast live.\n"
    )
    assert notice.content.byline.name is None


def test_a_rule_right_above_a_sites_menu_opens_the_next_page() -> None:
    text = (
        "ReliefWeb\n\n[Home](#) · [Updates](#) · [Countries](#) · [Disasters](#)\n\n---\n\n"
        "MICHAEL R. POMPEO, SECRETARY OF STATE\n\nFor more than a half century, the United "
        "States has been the largest contributor of health assistance in the world.\n\n---\n\n"
        "ReliefWeb is a service of the UN Office for the Coordination of Humanitarian "
        "Affairs.\n\n* * *\n\nSTL.News\n\n[Home](#) · [World](#) · [Politics](#) · [Contact](#)"
        "\n\n---\n\nWashington, DC (STL.News) – The US Department of State released the "
        "following statement:\n\nSecretary of State Michael R. Pompeo met with EU High "
        "Representative Josep Borrell today.\n"
    )
    found = parse_document(text)
    assert len(found) == 2
    second = read(found[1])
    assert "Borrell" in second.body[-1]


def test_in_page_rules_and_sections_split_no_release() -> None:
    title = "# Secretary Meets Foreign Minister of Ruritania\n\nJanuary 5, 2019\n\n"
    lead = "The Secretary met the Foreign Minister of Ruritania in Washington today.\n\n"
    cases = (
        f"{title}{lead}==========\n\nNotes to editors: The partnership was founded in 1990. "
        "It covers trade.\n",
        f"{title}{lead}---\n\n## Background on U.S.-Ruritania Relations\n\nThe two "
        "countries established relations in 1950.\n",
        f"{title}The parties agreed:\n\n(a) to open trade;\n\n(b) to hold talks;\n\n(c) to "
        "strengthen cooperation at sea.\n\n* * *\n\nThe parties will meet again in Manila.\n",
        f"{title}{lead}* * *\n\nApplicants should bring their passports.\n\n"
        "Home | Visas | News | Contact\n\nFees are unchanged this year.\n",
    )
    for text in cases:
        found = parse_document(text)
        assert len(found) == 1, text
        assert isinstance(found[0], ParsedRelease)
        assert found[0].content.title == "Secretary Meets Foreign Minister of Ruritania"


def test_narrowed_kind_date_place_and_title_rules() -> None:
    (sheet,) = parsed(
        "# Fact Sheet: Background Briefing Schedule\n\nBackground briefing requests should be "
        "sent to the press office by noon.\n"
    )
    assert sheet.content.kind == "Fact Sheet"
    (doses,) = parsed(
        "# Vaccine Deliveries to Africa\n\nDelivered on schedule, one million doses reached "
        "twelve countries this month, the Department said.\n"
    )
    assert not any("a delivery line" in w.message for w in doses.warnings)
    (attributed,) = parsed(
        "# Secretary Pompeo’s Call with Foreign Minister Ayoub\n\nThe following is "
        "attributable to the Department Spokesperson, Morgan Ortagus:\n\nSecretary Pompeo "
        "spoke with Foreign Minister Ayoub today.\n"
    )
    assert attributed.content.attributed_to == "Morgan Ortagus"
    for text in (
        "# On the Anniversary of the Embassy Staff Held Hostage in Tehran\n\nForty years ago, "
        "Iranian students seized the embassy.\n",
        "# Statement on Ukraine\n\nWe condemn the reception the Russian Embassy hosted for "
        "separatist leaders.\n",
        "# Threats to the Region\n\nThe President has spoken clearly about the threat posed by "
        "the regime.\n",
        "# Anniversary of Relations\n\nThe undersigned, Ambassador of the United States, presents "
        "his compliments to the Ministry.\n",
    ):
        (release,) = parsed(text)
        assert release.content.kind == "Press Statement", text
    (closure,) = parse_document(
        "Visa Section Closure\n\nTHE VISA SECTION WILL BE CLOSED ON MONDAY, JANUARY 21, FOR "
        "THE NATIONAL HOLIDAY.\n\nWe apologize for any inconvenience this may cause.\n"
    )
    closed = read(closure)
    assert closed.title == "Visa Section Closure"
    (states,) = parse_document(
        "Yuma News Now\n\nWashington, Oregon and Idaho - the three states hit hardest by the "
        "fires - will receive federal aid.\n\nMore aid will follow next month.\n"
    )
    content = read(states)
    assert content.place is None
    (hacked,) = parsed(
        "# Cyberattaque\n\nUn site officiel du gouvernement malien a été piraté hier, a "
        "indiqué le ministère.\n"
    )
    assert hacked.content.body[0].startswith("Un site officiel du gouvernement malien")


def test_breadcrumb_over_dashes_is_chrome_not_a_heading() -> None:
    (release,) = parsed(
        "ReliefWeb · Updates · Countries\nHome › Updates › Afghanistan\n"
        "------------------------------------------------------------------------\n\n"
        "Statement attributable to the Spokesman for the Secretary-General on the attack\n\n"
        "27 Jan 2018\n\nThe Secretary-General condemns the attack in Kabul today.\n"
    )
    assert release.content.title == (
        "Statement attributable to the Spokesman for the Secretary-General on the attack"
    )


def test_signer_run_together_after_an_honorific_is_no_title() -> None:
    found = parse_document(
        "# Ambassador Cherith Norman Chalet Acting Deputy Permanent Representative\n\n"
        "May 15, 2020\n\nThank you, Sven, and thank you to Estonia for convening this "
        "important discussion.\n"
    )
    content = read(found[0])
    assert not content.title


def test_reading_time_and_listing_counters_are_chrome() -> None:
    for line in ("9 MINUTE READ", "16 min read", "3 Se lee en un minuto", "5 min de lecture",
                 "Displaying 31 - 40 of 6024", "Page 2 of 15"):  # fmt: skip
        (release,) = parsed(
            f"Minister Visits Ruritania\n\n{line}\n\nOffice of the Spokesperson\n\n"
            "The Minister arrived in the capital today for talks with the President.\n"
        )
        assert release.content.title == "Minister Visits Ruritania", line
    (kept,) = parsed("# Report\n\nPage 2 of the report was missing from the file we got.\n")
    assert kept.content.body[0].startswith("Page 2 of the report")


def test_headline_below_a_masthead_read_as_a_heading() -> None:
    (release,) = parsed(
        "Skip to content\n\nITS NETWORK\tHome\tNews\tCrime News\tContact\n\n"
        "September 27, 2021\n\nNews\n\nNews Network\n\n"
        "Secretary Michael R. Pompeo With Jayme West of Arizona Morning News\n\n"
        "Michael R. Pompeo, Secretary of State\n\nVia Teleconference\n\n"
        "\tQUESTION:  Secretary of State Mike Pompeo joining us now.  Thank you for your "
        "time.\n\n\tSECRETARY POMPEO:  Great to be with you all.\n"
    )
    assert release.content.title == (
        "Secretary Michael R. Pompeo With Jayme West of Arizona Morning News"
    )
    assert release.content.byline.name == "Michael R. Pompeo"


def test_french_honorific_and_coordinator_title_in_a_byline() -> None:
    (release,) = parsed(
        "# Point de presse sur le PEPFAR\n\nAmbassadrice Deborah L. Birx, coordinatrice de la "
        "lutte contre le sida dans le monde\n\nLe 16 mai 2018\n\nBonjour à tous et merci de "
        "vous joindre à nous pour ce point de presse.\n"
    )
    assert release.content.byline == Byline(
        name="Deborah L. Birx", title="coordinatrice de la lutte contre le sida dans le monde"
    )


def test_plain_title_stopping_mid_phrase_goes_on_to_the_next_line() -> None:
    (release,) = parsed(
        "**UNIC Antananarivo**\n[Accueil](#) | [À propos](#) | [Communiqués](#)\n"
        "Déclaration attribuable au porte-parole du Secrétaire général sur\nMadagascar\n"
        "Le Secrétaire général salue la formation le 11 juin 2018 d’un nouveau gouvernement à "
        "Madagascar et la récente nomination du Premier Ministre.\n"
        "Le Secrétaire général appelle tous les acteurs politiques à renforcer le dialogue.\n"
        "Le Secrétaire général salue également l’étroite collaboration entre les partenaires.\n"
    )
    assert release.content.title == (
        "Déclaration attribuable au porte-parole du Secrétaire général sur Madagascar"
    )


def test_visits_audiences_and_returns_from_meetings_are_readouts() -> None:
    for opening in (
        "Minister for Africa Harriett Baldwin visited Zimbabwe on Thursday 1 February.",
        "El Ministro de Relaciones Exteriores recibió en audiencia al Embajador de Chile.",
        "Foreign Minister Gerry Brownlee has returned to New Zealand after attending the Forum.",
        "On September 27, the Deputy Secretary hosted a meeting with the CARICOM ministers.",
        "Le Ministre a reçu, ce jeudi 20 juillet 2017 au palais d'Egmont, son homologue saoudien.",
        "El ministro Borrell ha mantenido una reunión bilateral con su homólogo chileno.",
    ):
        (release,) = parsed(f"# Ministerial Business\n\n{opening} More followed.\n")
        assert release.content.kind == "Readout", opening


def test_joining_and_meeting_announced_is_a_media_note() -> None:
    for opening in (
        "The Foreign Secretary will join his 27 EU counterparts in Luxembourg today.",
        "During his visit to Washington he will meet with senior US policymakers.",
        "Assistant Secretary Fannon is travelling in Portugal December 15-17 to meet officials.",
        "Minister Balakrishnan will make a working visit to Washington DC from 4 to 8 June.",
        "La Ministra de Relaciones Exteriores se reunirá con el Secretario de Estado.",
    ):
        (release,) = parsed(f"# Ministerial Business\n\n{opening} More followed.\n")
        assert release.content.kind == "Media Note", opening


def test_press_conference_by_an_official_is_a_briefing() -> None:
    for title in (
        "Press Conference by Foreign Press Secretary Norio Maruyama",
        "Extraordinary Press Conference by Foreign Minister Taro Kono",
        "Reunión informativa con el Subsecretario Interino Michael Kozak",
    ):
        (release,) = parsed(
            f"# {title}\n\nMR. MARUYAMA: Good afternoon. I have one announcement today.\n\n"
            "QUESTION: What about the talks?\n\nMR. MARUYAMA: They went well.\n"
        )
        assert release.content.kind == "Special Briefing", title
    (remarks,) = parsed(
        "# Remarks at a Press Conference in Kabul\n\nSECRETARY POMPEO: Good afternoon.\n\n"
        "QUESTION: What about the talks?\n\nSECRETARY POMPEO: They went well.\n"
    )
    assert remarks.content.kind == "Remarks"


def test_as_delivered_by_line_is_the_byline_and_its_addressee_line_the_place() -> None:
    (release,) = parsed(
        "U.S. Mission to the OSCE\n\n-----\n\n"
        "Response to CiO and Slovakia Minister of Foreign and European Affairs\nLajčák\n\n"
        "As delivered by Chargé d’Affaires, a.i. Harry Kamian\n"
        "to the Permanent Council, Vienna\nJanuary 10, 2019\n\nThank you, Mr. Chair.\n\n"
        "Foreign Minister Lajčák, the United States warmly welcomes you back to the Council.\n"
    )
    content = release.content
    assert content.title == (
        "Response to CiO and Slovakia Minister of Foreign and European Affairs Lajčák"
    )
    assert content.byline == Byline(name="Harry Kamian", title="Chargé d’Affaires, a.i.")
    assert (content.place, content.date, content.kind) == (
        "Vienna",
        dt.date(2019, 1, 10),
        "Remarks",
    )
    (iaea,) = parsed(
        "U.S. Mission to International Organizations in Vienna\n\n-----\n\n"
        "\tIAEA Board of Governors – U.S. Statement on Any Other Business\n\n"
        "\tAs delivered by Ambassador Jackie Wolcott\n\tVienna, September 12, 2019\n\n"
        "\tThank you, Madam Chair,\n\n\tThe United States looks forward to a successful "
        "Review Conference next year.\n"
    )
    assert iaea.content.title == "IAEA Board of Governors – U.S. Statement on Any Other Business"
    assert iaea.content.byline.name == "Jackie Wolcott"


def test_listing_metadata_labels_give_date_and_kind() -> None:
    (release,) = parsed(
        "### OSCE leaders express concern regarding violent protests in Albania\n"
        "Publishing date: 13 May 2019\nContent type: Press statement\n\n"
        "The OSCE leaders expressed concern today about the protests in Tirana.\n"
    )
    assert release.content.date == dt.date(2019, 5, 13)
    assert release.content.place is None
    assert release.content.kind == "Press Statement"
    assert release.content.body[0].startswith("The OSCE leaders")  # the label is no text


def test_site_masthead_tagline_and_wrapped_menu_are_no_header() -> None:
    found = parse_document(
        "United Nations\nMeetings Coverage\n\nHome | Secretary-General | General Assembly | "
        "Security Council |\nEconomic and Social Council | Press Briefings\n\n-----\n\n"
        "The following Security Council press statement was issued today by Council "
        "President Karel van Oosterom:\n\nThe members of the Security Council condemned the "
        "attacks in Ouagadougou.\n"
    )
    content = read(found[0])
    assert not content.title
    assert content.byline == Byline(name=None, title=None)
    assert not any("Press Briefings" in p for p in content.body)  # the row's second line
    (titled,) = parsed(
        "Home | News | Sport |\nStatement on Venezuela\n\nThe United States condemns the "
        "regime's repression of the people of Venezuela today.\n"
    )
    assert titled.content.title == "Statement on Venezuela"  # a title under the row stays


def test_archive_banner_and_relief_site_menu_are_chrome() -> None:
    for top in ("2017-2021 ARCHIVED CONTENT\n\n", "ReliefWeb\nUpdates | Countries | Disasters "
                "| Organizations | Topics | Jobs | Training\n\n"):  # fmt: skip
        found = parse_document(
            f"{top}MORGAN ORTAGUS, DEPARTMENT SPOKESPERSON\n\nOn September 25, Secretary Pompeo "
            "announced nearly $119 million in additional humanitarian assistance.\n"
        )
        content = read(found[0])
        assert not content.title, top


def test_briefing_announced_for_a_day_to_come_is_a_notice_to_the_press() -> None:
    for text in (
        "The telephonic briefing will take place on Wednesday, January 17, 2018, at 14:30.",
        "The Minister will address DIRCO’s end-of-year media briefing on Tuesday, 14 December.",
        "Media representatives may call into the briefing. Dial-in information is below.",
    ):
        (release,) = parsed(f"# Telephonic Press Briefing: U.S. Policy in Africa\n\n{text}\n")
        assert release.content.kind == "Notice to the Press", text
    (held,) = parsed(
        "# Telephonic Press Briefing: U.S. Policy in Africa\n\nThe briefing was held on "
        "Wednesday with three speakers.\n"
    )
    assert held.content.kind == "Special Briefing"


def test_rule_above_a_site_menu_parts_pages_across_extra_blank_lines() -> None:
    found = parse_document(
        "DONEGAL LIVE\n\n\nHome | News | Sport | Business | Community\n\n\n"
        "# Coveney meets Northern Ireland Secretary of State\n\n\nMinister Coveney and "
        "Secretary Lewis have issued a joint statement following a meeting today.\n\n\n"
        "News\n\n\nShare: Facebook | Twitter | Email\n\n\n"
        "-----\n\n\nMerrionStreet.ie\n\n\nHome | News Room | Videos | Podcasts | Contact\n\n\n"
        "Published on\n\n\n"
        "# Minister Coveney to attend EU Foreign Affairs Council in Brussels\n\n\n"
        "The Minister is in Brussels today to attend a meeting of EU Foreign Affairs Ministers.\n"
    )
    titles = [r.content.title for r in found if isinstance(r, ParsedRelease)]
    assert titles == [
        "Coveney meets Northern Ireland Secretary of State",
        "Minister Coveney to attend EU Foreign Affairs Council in Brussels",
    ]


def test_activities_of_the_secretary_general_are_other() -> None:
    (release,) = parsed(
        "# Activities of Secretary-General in Fiji, 14-18 May\n\nThe Secretary-General arrived "
        "in Suva on Tuesday afternoon.\n"
    )
    assert release.content.kind == "Other"


def test_listing_teasers_part_at_their_read_more_links() -> None:
    found = parse_document(
        "Imperial Valley News\n\nWashington, DC - The United States is deeply concerned by "
        "recent attempts in the Kosovo Assembly to abrogate the law.\n\nRead more &raquo;\n\n"
        "Washington, DC - We are following reports of multiple peaceful protests by Iranian "
        "citizens in cities across the country.\n\nRead more &raquo;\n\n---\n\n"
        "Los Gobiernos de Argentina, Brasil y Chile manifestamos nuestro profundo pesar por "
        "las víctimas.\n\nLeer más »\n\n« Entradas anteriores\n"
    )
    assert len(found) == 3
    bodies = [read(r).body[0] for r in found if isinstance(r, ParsedRelease) or r.found is not None]
    assert [b.split()[0] for b in bodies] == ["Washington,", "Washington,", "Los"]
    every = [p for r in found for p in read(r).body]
    assert not any("Read more" in p or "Leer más" in p for p in every)


def test_read_more_inside_its_brackets_and_a_teaser_headline_after_it_part_a_listing() -> None:
    bracketed = parse_document(
        "# Imperial Valley News\n\n---\n\nWashington, DC - The United States is deeply "
        "troubled that a court has convicted peaceful activists.\n\n[Read more &raquo;]\n\n"
        "---\n\nWashington, DC - The United States is very concerned about the latest attack "
        "on shipping lanes.\n\n[Read more &raquo;]\n"
    )
    headed = parse_document(
        "## News\n\n### Secretary General calls on the opposition to remain in parliament\n\n"
        "Expressing concern about the decision of the opposition, the Secretary General spoke "
        "today.\n\nRead More\n\n### Statement by the Secretary General on the acts committed "
        "last night in Alsace\n\nI unreservedly condemn the acts of desecration of the "
        "cemetery.\n\nRead More\n"
    )

    assert [read(r).body[0][:30] for r in bracketed] == [
        "Washington, DC - The United St",
        "Washington, DC - The United St",
    ]
    assert [read(r).title for r in headed] == [
        "Secretary General calls on the opposition to remain in parliament",
        "Statement by the Secretary General on the acts committed last night in Alsace",
    ]


def test_a_masthead_under_a_skip_link_repeated_after_a_rule_parts_two_pages() -> None:
    top = "[Skip to main content](#main-content)\n\n**ReliefWeb** · Informing humanitarians\n\n"
    found = parse_document(
        f"{top}# Secretary-General Condemns Killing of Peacekeeper\n\nThe Secretary-General "
        "condemns the killing of a peacekeeper in an attack on a convoy.\n\n---\n\n"
        "**ReliefWeb** · Informing humanitarians\n\nSC/13399\n\nThe members of the Security "
        "Council condemned in the strongest terms the attack on the Mission.\n"
    )

    assert [read(r).body[-1][:30] for r in found] == [
        "The Secretary-General condemns",
        "The members of the Security Co",
    ]
    assert not any("ReliefWeb" in p for r in found for p in read(r).body)


def test_one_word_site_name_and_tagline_under_a_page_rule_are_no_title() -> None:
    top = (
        "Skip to main content\nReliefWeb\nInforming humanitarians worldwide\n"
        "Updates | Countries | Disasters | Organizations | Topics | Jobs | Training\n"
        "Home > Updates\n------\n\n"
    )
    foot = "\n------\nShare: Facebook | Twitter | Email | Print\nA service provided by UN OCHA\n"
    found = parse_document(
        f"{top}SC/14222\n\nThe members of the Security Council condemned the attack on the "
        f"mission near Beni.\n{foot}\n========\n\n{top}The Secretary-General condemns "
        f"today's attacks against the Mission in Timbuktu.\n{foot}"
    )
    assert len(found) == 2
    for r in found:
        content = read(r)
        assert not content.title


def test_governments_speaking_together_open_a_joint_statement() -> None:
    for opening in (
        "Los Gobiernos de Argentina, Brasil, Chile y Uruguay manifestamos nuestro profundo "
        "pesar por las víctimas.",
        "It is important that we stand together, the foreign ministers of the Nordic countries "
        "say in a joint statement after the foiled attack.",
    ):
        (release,) = parsed(f"# Venezuela\n\n{opening}\n")
        assert release.content.kind == "Joint Statement", opening
    (single,) = parsed(
        "# Venezuela\n\nThe Government of Peru deplores the decision, and calls for calm.\n"
    )
    assert single.content.kind == "Press Statement"


def test_agradezco_alone_opens_no_speech() -> None:
    # A letter thanks too: "Agradezco …" is no speech's opening (a review's finding).
    (release,) = parsed(
        "# Carta del Canciller\n\nAgradezco a las autoridades del Perú la información enviada.\n"
    )
    assert release.content.kind == "Press Statement"


def test_publisher_label_gives_the_byline() -> None:
    for label in ("Publisher: Ministry of Foreign Affairs", "Utgiver: Utenriksdepartementet"):
        (release,) = parsed(
            f"# Joint statement from Nordic-Baltic Foreign Ministers\n\n{label}\n\n"
            "The ministers met today and agreed on a common approach to the region.\n"
        )
        assert release.content.byline.name == label.split(": ")[1], label
        assert release.content.place is None


def test_eeas_unique_id_does_not_hide_the_dateline() -> None:
    (release,) = parsed(
        "# Remarks by the High Representative following the Foreign Affairs Council\n\n"
        "Check against delivery!\n\nDonald Trump said last week that he wants Iran to call "
        "him.\n\nThat was not a request I heard during this meeting.\n\n[…]\n\n"
        "Bruxelles, 13/05/2019 - 20:55, UNIQUE ID: 190513_26\n\n---\n\nPrint | Share | RSS\n"
    )
    assert release.content.date == dt.date(2019, 5, 13)
    assert release.content.place == "Bruxelles"


def test_bare_kind_heading_over_its_speaker_heading_is_the_title() -> None:
    (release,) = parsed(
        "Ministry of Foreign Affairs of Japan\n\nPress Conferences\n\n# Press Conference\n"
        "# by Foreign Minister Taro Kono\n\nFriday, April 27, 2018, 9:22 a.m.\n\n"
        "Foreign Minister Kono: I will visit Jordan during the holidays.\n"
    )
    assert release.content.title == "Press Conference by Foreign Minister Taro Kono"
    assert release.content.kind == "Special Briefing"


def test_long_lines_under_a_title_are_no_hard_wrapped_paragraph() -> None:
    found = parse_document(
        "# Joint Nordic foreign ministers’ Statement on Incident in Denmark\n\n"
        "We, the foreign ministers of the Nordic countries, met today in Oslo.\n\n"
        "Del | Skriv ut\n========================================================================\n"
        "Skip to content\nGovernment Offices\n"
        "Government | Government policy | Press | Documents and publications\n"
        "Statement by Minister for Foreign Affairs Margot Wallström on President Trump's "
        "reference to Sweden\nIt is good that we received clarification yesterday of what "
        "President Trump meant when he mentioned Sweden in a speech. We maintain our view that "
        "an open and tolerant society is a strength.\n"
        "The Ministry for Foreign Affairs and Sweden's embassies work continuously to "
        "disseminate an accurate and fair image of Sweden, also in the United States, where "
        "interest in our country is high.\n"
    )
    titles = [read(r).title for r in found if isinstance(r, ParsedRelease) or r.found is not None]
    assert titles == [
        "Joint Nordic foreign ministers’ Statement on Incident in Denmark",
        "Statement by Minister for Foreign Affairs Margot Wallström on President Trump's "
        "reference to Sweden",
    ]


def test_site_header_block_without_a_sentence_over_the_title_is_no_release() -> None:
    found = parse_document(
        "**Embassy of the Russian Federation**\n\n[Home](#) | [News](#) | [Contacts](#)\n\n"
        "17 October 2017\nMoscow: 12:32\nLondon: 10:32\n\nConsular queries:\n"
        "+44 (0) 203 668 7474\n\n\n\n\nExcerpts from Foreign Minister Sergey Lavrov's interview "
        "with Channel One, Beijing, May 14, 2017\n" + "=" * 70 + "\n\nQuestion: What did you "
        "discuss with the Secretary of State?\n\nSergey Lavrov: We discussed Syria at length.\n"
    )
    assert len(found) == 1
    assert isinstance(found[0], ParsedRelease)
    assert found[0].content.title.startswith("Excerpts from Foreign Minister Sergey Lavrov")


def test_cut_marks_section_labels_and_cookie_lines_are_passed_over() -> None:
    found = parse_document(
        "**Secretary-General**\n\n[Home](#) › [Statements](#)\n\nNew York\n\n11 August 2020\n\n"
        "[…]\n\nDeclaración atribuible al Portavoz del Secretario General sobre Bolivia\n"
        "El Secretario General está siguiendo con preocupación los acontecimientos recientes "
        "en Bolivia y llama al diálogo.\nEl Secretario General acoge favorablemente la "
        "disposición de las partes a negociar.\n"
    )
    content = read(found[0])
    assert (
        content.title == "Declaración atribuible al Portavoz del Secretario General sobre Bolivia"
    )
    (listing,) = parse_document(
        "* * *\n[…]\nEn cours au Siège de l'ONU\nSecrétaire général: Communiqués de presse\n[…]\n"
        "Le Secrétaire général se félicite de l’annonce récente de la République populaire "
        "démocratique de Corée.\n[…]\n"
    )
    listed = read(listing)
    assert not listed.title
    assert listed.byline.name is None
    from services.ingestion.parser import _is_chrome  # noqa: PLC0415

    assert _is_chrome("By continuing to browse, you accept the use of cookies.")
    assert _is_chrome("Preferences cookies")
    assert _is_chrome("This site uses technical, analytics and third-party cookies.")


def test_review_over_matches_stay_what_they_were() -> None:
    def kind(title: str, body: str) -> str:
        (release,) = parsed(f"# {title}\n\n{body}\n")
        return release.content.kind

    opening = "Thank you all. A press conference will take place after the ceremony on Monday."
    assert kind("Remarks at the Opening of the New Embassy", opening) == "Remarks"
    held = "We welcome progress. A briefing for member states will be held on Thursday."
    assert kind("Statement on the Nuclear Talks", held) == "Press Statement"
    for body in (
        "The United States will join our allies in imposing new sanctions on Russia.",
        "Any U.S. citizen who is travelling to the region should enrol in STEP.",
        "The country he visited last year has made progress in its reforms.",
        "El Gobierno de Colombia recibió a más de un millón de migrantes venezolanos.",
        "The governments of Cuba, Nicaragua, and Venezuela continue to repress their people.",
        "The United States welcomes the steps Israel and the UAE said in a joint statement "
        "they would take.",
    ):
        assert kind("On the Region", body) == "Press Statement", body
    assert kind("Press Conference by President Trump and President Putin in Helsinki",
                "PRESIDENT TRUMP: Thank you.\n\nQUESTION: Mr. President?\n\n"
                "PRESIDENT PUTIN: Yes.") == "Remarks"  # fmt: skip
    for text, title in (
        ("Statement on Venezuela\nOffice of the Spokesperson\nHome | News | Countries | Jobs\n\n"
         "The United States condemns the regime's repression today.\n", "Statement on Venezuela"),
        ("Minister Freeland Names Special Envoy\n\nJune 5, 2018\n\nToday, Minister Freeland "
         "named a special envoy for the crisis.\n", "Minister Freeland Names Special Envoy"),
        ("Home | Trade | News\n\nMinister Ng Leads Trade Mission to Toronto, ON\nPhoto gallery\n"
         "The Minister led a trade mission of fifty companies to Toronto, Ontario, this week.\n",
         "Minister Ng Leads Trade Mission to Toronto, ON"),
    ):  # fmt: skip
        (release,) = parsed(text)
        assert release.content.title == title
    assert len(parse_document(
        "# Le ministre lance un programme\n\nLe ministre a lancé aujourd'hui un nouveau "
        "programme d'aide.\n\nEn savoir plus\n\nLe programme sera doté de dix millions d'euros "
        "sur trois ans.\n"
    )) == 1  # fmt: skip
    (written,) = parse_document(
        "# AFRICA NEWS TODAY\n\nWritten by Our Correspondent\n\nThe minister arrived in Abuja "
        "today for talks with the President.\n"
    )
    content = read(written)
    assert content.title != "Written by Our Correspondent"


def test_french_and_spanish_publication_date_labels() -> None:
    from services.ingestion.parser import _label_value  # noqa: PLC0415

    assert _label_value("Date de publication : 12 mars 2019") == (
        "date de publication",
        "12 mars 2019",
    )
    assert _label_value("Fecha de publicación: 3 de mayo de 2019") == (
        "fecha de publicación",
        "3 de mayo de 2019",
    )


def test_copyright_line_over_a_rule_is_no_setext_heading() -> None:
    page = (
        "STL.News\nGlobal News Platform\nHome | Business | Politics | World | Sports\n"
        "Washington, DC (STL.News) The below is attributable to Spokesperson Morgan Ortagus:\n"
        "Secretary of State Michael R. Pompeo spoke today with Foreign Minister {}.\n"
        "Share: Facebook | Twitter\n© STL.News\n"
    )
    found = parse_document(
        page.format("Bartolo") + "=" * 40 + "\n" + page.format("Kofod") + "=" * 40 + "\n"
        + page.format("Lavrov")
    )  # fmt: skip
    bodies = [" ".join(read(r).body) for r in found]
    assert len(bodies) == 3
    assert ["Bartolo" in bodies[0], "Kofod" in bodies[1], "Lavrov" in bodies[2]] == [True] * 3


def test_advisory_field_is_no_title() -> None:
    found = parse_document(
        "U.S. DEPARTMENT of STATE\n\nHome | Policy Issues | Countries & Areas | About\n\n"
        "------\n\n• WHAT: On-the-Record Briefing\n\n  • WHEN: Tuesday, September 24, at "
        "3:00 p.m.\n\n  • WHERE: New York Foreign Press Center\n\n\nMODERATOR:  (In "
        "progress) Foreign Press Center.  Today’s briefing is on the record.\n\n"
        "MR STILWELL: Thank you. The situation in Xinjiang is grave.\n"
    )
    content = read(found[0])
    assert not content.title


def test_site_names() -> None:
    from services.ingestion.parser import _site_name  # noqa: PLC0415

    for name in ("DAKARACTU.COM", "actubenin.com", "STL.News", "ReliefWeb"):
        assert _site_name(name), name
    for text in ("Statement on Venezuela", "Readout", "U.S. Department of State"):
        assert not _site_name(text), text


def test_delivery_lines_right_under_the_title_without_blank_lines() -> None:
    (release,) = parsed(
        "U.S. Mission to the OSCE\nHome\tAbout Us\tStatements\tContact\n\n"
        "Response to the President of the OSCE Parliamentary Assembly George Tsereteli\n"
        "As delivered by Chargé d’Affaires, a.i. Harry R. Kamian\n"
        "to the Permanent Council, Vienna\nOctober 11, 2018\n"
        "\tThe United States warmly welcomes President Tsereteli here to the Permanent Council.\n"
        "\tThe United States government recognizes the contributions of the Assembly.\n"
    )
    content = release.content
    assert content.title == (
        "Response to the President of the OSCE Parliamentary Assembly George Tsereteli"
    )
    assert content.byline == Byline(name="Harry R. Kamian", title="Chargé d’Affaires, a.i.")
    assert content.place == "Vienna"


def test_bylines_labels_contents_and_speech_openings_are_no_title() -> None:
    def title(text: str) -> str:
        found = parse_document(text)
        content = read(found[0])
        return content.title

    assert title(
        "allAfrica\nTop Headlines | Latest | Africa | Business\nNigeria: U.S. Department of "
        "State to Host the 2020 Binational Commission Meeting\nUnited States Department of "
        "State (Washington, DC)\nBy Office of the Spokesperson\nOn February 3-4, the Department "
        "of State has the pleasure of receiving the Nigerian Foreign Minister in Washington.\n"
    ).startswith("Nigeria: U.S. Department of State to Host")
    assert (
        title(
            "FIFTH ESTATE\nHome | Politics | Pacific | World\nCategory: New Zealand Government\n"
            "----------------------------------------\nCyclone Winston: New Zealand helps Fiji\n"
            "New Zealand is providing further assistance to Fiji after the cyclone struck.\n"
        )
        == "Cyclone Winston: New Zealand helps Fiji"
    )
    speech = (
        "Muy buenos días, muchas gracias, es para mí un privilegio saludar a todos esta mañana y "
        "sean ustedes muy bienvenidos a esta reunión de embajadores y cónsules"
    )
    assert (
        title(f"Secretaría de Relaciones Exteriores\n\n{speech}\n\nEs un gusto estar aquí.\n") == ""
    )
    assert (
        title(
            "NATO\n\n• Last updated: 31 Jan. 2019 13:46\n\nNATO Defence Ministers will meet in "
            "Brussels on 13 and 14 February 2019.\n"
        )
        != "• Last updated: 31 Jan. 2019 13:46"
    )
    from services.ingestion.parser import _is_chrome  # noqa: PLC0415

    assert _is_chrome("Table of contents")
    assert _is_chrome("Blog Archives")


def test_factsheet_in_one_word_and_a_visit_made_in_a_headline() -> None:
    (sheet,) = parsed("# EU-ASEAN relations, factsheet\n\nThe relations date back to 1972.\n")
    assert sheet.content.kind == "Fact Sheet"
    (visit,) = parsed(
        "# El Ministro realizó una visita de trabajo a Lisboa\n\nAmbos ministros analizaron "
        "temas de actualidad.\n"
    )
    assert visit.content.kind == "Readout"


def test_type_line_with_signer_and_date_after_a_comma() -> None:
    (release,) = parsed(
        "Estados Unidos anuncia nuevas sanciones relacionadas a Irán\n\n"
        "Declaración de la portavoz Heather Nauert, 18 de julio de 2017\n\n"
        "Estados Unidos permanece profundamente consternado por las actividades de Irán.\n"
    )
    assert release.content.byline == Byline(name="Heather Nauert", title="portavoz")
    assert release.content.date == dt.date(2017, 7, 18)
    assert release.content.kind == "Press Statement"
