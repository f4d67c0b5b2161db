"""The translator's file, its template, the structure check, the localized header, the glossary."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from schemas.events import TranslationHeader
from schemas.release import KINDS, Byline, Footnote, ReleaseContent
from services.translation.glossary import Glossary, default_glossary, restore
from services.translation.header import LOCALIZED_LANGUAGES, localized_header, localized_kind
from services.translation.submission import (
    SubmissionFile,
    TranslationFileError,
    check_structure,
    content_from_file,
    parse_file,
    split_label,
    template,
)

BRIEFING = ReleaseContent(
    title="Department Press Briefing",
    kind="Special Briefing",
    byline=Byline(name="Ned Price", title="Department Spokesperson"),
    place="Washington, DC",
    date=dt.date(2021, 3, 4),
    language="en",
    body=(
        "MR PRICE: Good afternoon. We welcome the agreement.[1]",
        "QUESTION: Will the Secretary travel to Paris?",
        "MR PRICE: Not this week.",
    ),
    footnotes=(Footnote(marker="1", text="The agreement of March 3."),),
)

FRENCH = ReleaseContent(
    title="Point de presse du département",
    kind="Special Briefing",
    byline=Byline(name="Ned Price", title="Porte-parole du département"),
    place="Washington, DC",
    date=dt.date(2021, 3, 4),
    language="fr",
    body=(
        "M. PRICE : Bonjour. Nous saluons l'accord.[1]",
        "QUESTION : Le secrétaire se rendra-t-il à Paris ?",
        "M. PRICE : Pas cette semaine.",
    ),
    footnotes=(Footnote(marker="1", text="L'accord du 3 mars."),),
)


def test_a_faithful_translation_keeps_the_structure() -> None:
    assert check_structure(BRIEFING, FRENCH) == []
    chinese = msgspec.structs.replace(
        FRENCH,
        body=(
            "PRICE先生：下午好。我们欢迎这项协议。[1]",
            "问题：国务卿会去巴黎吗？",
            "PRICE先生：本周不会。",
        ),
    )
    assert check_structure(BRIEFING, chinese) == []


def test_every_structural_break_is_named() -> None:
    broken = msgspec.structs.replace(
        FRENCH,
        title=" ",
        body=("Bonjour. Nous saluons l'accord.", "", "M. PRICE : Pas cette semaine.", "En plus."),
        footnotes=(Footnote(marker="2", text=" "),),
    )
    assert check_structure(BRIEFING, broken) == [
        "the title is empty",
        "the original has 3 paragraphs, the translation 4 (1 extra)",
        "paragraph 1 lost its speaker label (MR PRICE: )",
        "paragraph 1 has footnote references none, the original ['1']",
        "paragraph 2 is empty",
        "footnotes ['2'], the original has ['1']",
        "footnote 2 is empty",
    ]


def test_speaker_labels_split_off_as_written() -> None:
    assert split_label("MR PRICE: Good afternoon.") == ("MR PRICE: ", "Good afternoon.")
    assert split_label("Moderator: Next question.") == ("Moderator: ", "Next question.")
    assert split_label("The Secretary said: yes.") == ("", "The Secretary said: yes.")


def test_template_round_trips_into_the_translated_content() -> None:
    file = template(BRIEFING, job_id="r.fr.v1", language="fr", source_revision=1)
    text = msgspec.json.encode(file)
    assert msgspec.json.decode(text) == {
        "title": BRIEFING.title,
        "body": list(BRIEFING.body),
        "footnotes": [{"marker": "1", "text": "The agreement of March 3."}],
        "byline": {"name": "Ned Price", "title": "Department Spokesperson"},
        "attributed_to": None,
        "place": "Washington, DC",
        "venue": None,
        "job_id": "r.fr.v1",
        "language": "fr",
        "source_revision": 1,
        "original": {
            "title": BRIEFING.title,
            "body": list(BRIEFING.body),
            "footnotes": [{"marker": "1", "text": "The agreement of March 3."}],
        },
    }
    filled = msgspec.structs.replace(
        parse_file(text),
        title=FRENCH.title,
        body=FRENCH.body,
        footnotes=FRENCH.footnotes,
        byline=FRENCH.byline,
    )
    made = content_from_file(BRIEFING, filled, job_id="r.fr.v1", language="fr", source_revision=1)
    assert made == FRENCH
    # A template from a draft starts from the draft's text, the original beside it.
    assert template(BRIEFING, job_id="j", language="fr", source_revision=1, draft=FRENCH).body == (
        FRENCH.body
    )


def test_a_file_for_another_job_or_version_or_with_unknown_keys_is_refused() -> None:
    file = SubmissionFile(
        title="t", body=("p",), job_id="r.fr.v1", language="fr", source_revision=1
    )
    with pytest.raises(TranslationFileError, match=r"for job r\.fr\.v1, not r\.es\.v1"):
        content_from_file(BRIEFING, file, job_id="r.es.v1", language="fr", source_revision=1)
    with pytest.raises(TranslationFileError, match=r"version 1; job r\.fr\.v1 is version 2"):
        content_from_file(BRIEFING, file, job_id="r.fr.v1", language="fr", source_revision=2)
    with pytest.raises(TranslationFileError, match=r"unknown field `paragraphs`"):
        parse_file(b'{"title": "t", "body": [], "paragraphs": []}')
    with pytest.raises(TranslationFileError, match="not valid JSON"):
        parse_file(b"title: t")


# --- the localized header -------------------------------------------------------------------

ORIGINAL = ReleaseContent(
    title="Australia National Day",
    kind="Press Statement",
    place="Canberra, Australia",
    date=dt.date(2018, 1, 24),
    language="en",
    body=("…",),
)
URI = "urn:releasebus:release:r-1"
URL = "https://www.state.gov/australia-national-day/"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            {
                "notice": "Traduction non officielle",
                "original_notice": f"Seule la version originale (anglais) fait foi\u00a0: {URL}",
                "date": "24 janvier 2018",
                "place": "Canberra, Australie",
                "kind": "Déclaration à la presse",
                "direction": "ltr",
            },
        ),
        (
            "es",
            {
                "notice": "Traducción no oficial",
                "original_notice": f"Solo el texto original (inglés) es oficial: {URL}",
                "date": "24 de enero de 2018",
                "place": "Canberra, Australia",
                "kind": "Declaración a la prensa",
                "direction": "ltr",
            },
        ),
        (
            "ru",
            {
                "notice": "Неофициальный перевод",
                "original_notice": (
                    f"Официальным является только оригинальный текст (английский): {URL}"
                ),
                "date": "24 января 2018\u202fг.",
                "place": "Canberra, Австралия",
                "kind": "Заявление для прессы",
                "direction": "ltr",
            },
        ),
        (
            "ar",
            {
                "notice": "ترجمة غير رسمية",
                "original_notice": f"النص الأصلي (الإنجليزية) هو وحده النص الرسمي: {URL}",
                "date": "24 يناير 2018",
                "place": "Canberra, أستراليا",
                "kind": "بيان صحفي",
                "direction": "rtl",
            },
        ),
        (
            "zh",
            {
                "notice": "非官方译文",
                "original_notice": f"仅原文（英语）为正式文本：{URL}",
                "date": "2018年1月24日",
                "place": "Canberra, 澳大利亚",
                "kind": "新闻声明",
                "direction": "ltr",
            },
        ),
    ],
)
def test_localized_headers(language: str, expected: dict[str, str]) -> None:
    header = localized_header(ORIGINAL, language, original_uri=URI, original_url=URL)
    assert header == TranslationHeader(
        language=language,
        original_uri=URI,
        original_url=URL,
        original_language="en",
        localized=True,
        **expected,  # type: ignore[arg-type]
    )


def test_a_language_without_data_still_gets_a_cldr_header_in_english_words() -> None:
    header = localized_header(ORIGINAL, "ja", original_uri=URI)
    assert header == TranslationHeader(
        language="ja",
        notice="Unofficial translation",
        original_notice=f"Only the original (English) is authoritative: {URI}",
        original_uri=URI,
        original_language="en",
        date="2018年1月24日",
        place="Canberra, オーストラリア",
        kind="Press Statement",
        localized=False,
    )
    with pytest.raises(ValueError, match="not a language CLDR knows"):
        localized_header(ORIGINAL, "xx-nope", original_uri=URI)


def test_every_kind_has_a_name_in_every_localized_language() -> None:
    assert {"ar", "es", "fr", "ru", "zh"} <= set(LOCALIZED_LANGUAGES)
    for language in LOCALIZED_LANGUAGES:
        names = [localized_kind(kind, language) for kind in KINDS]
        assert len(set(names)) == len(KINDS), language  # all there, none shared


# --- glossary and do-not-translate ----------------------------------------------------------


def test_protect_marks_names_terms_markers_and_links_and_restore_puts_them_back() -> None:
    glossary = default_glossary().with_names(["Rex W. Tillerson"])
    text = (
        "Secretary of State Rex W. Tillerson thanked the NATO allies[1] & the G7: https://x.org/a."
    )
    protected = glossary.protect(text, "fr")
    assert protected.fragment == (
        '<span translate="no" id="k0">secrétaire d\'État</span> '
        '<span translate="no" id="k1">Rex W. Tillerson</span> thanked the '
        '<span translate="no" id="k2">OTAN</span> allies<span translate="no" id="k3">[1]</span> '
        '&amp; the <span translate="no" id="k4">G7</span>: '
        '<span translate="no" id="k5">https://x.org/a</span>.'
    )
    # An engine that rewrote a protected span, and one that dropped another.
    answer = (
        '<span translate="no" id="k0">SECRÉTAIRE</span> <span translate="no" id="k1">Rex</span> a '
        'remercié les alliés de l\'<span id="k2" translate="no">OTAN</span>'
        '<span translate="no" id="k3">[1]</span> &amp; le G7 : '
        '<span translate="no" id="k5">https://x.org/a</span>.'
    )
    assert restore(answer, protected) == (
        "secrétaire d'État Rex W. Tillerson a remercié les alliés de l'OTAN[1] & le G7 : "
        "https://x.org/a.",
        1,
    )


def test_a_glossary_term_without_a_form_in_the_target_language_is_left_to_the_engine() -> None:
    glossary = Glossary(terms={"United Nations": {"fr": "Nations unies"}})
    assert glossary.protect("the united nations", "fr").kept == ("Nations unies",)
    assert glossary.protect("the United Nations", "it").kept == ()
    # Acronyms match capitals only: "nato" in a word list is not NATO.
    assert default_glossary().protect("nato", "fr").kept == ()


def test_names_are_kept_as_written_only() -> None:
    glossary = Glossary().with_names(["Bill Burns", "Bill"])
    assert glossary.protect("Bill Burns signed the bill; Bill agreed.", "fr").kept == (
        "Bill Burns",
        "Bill",
    )
