"""What a translator hands in: the JSON file format, its template, and the structure check.

The file (``releasebus translations submit JOB FILE``) is one JSON object mirroring the
original's structure; ``releasebus translations show JOB --template`` prints one filled with the
original text (or with the latest draft, when the job has one) to translate in place::

    {
      "job_id": "2018-01-24-australia-national-day-1a2b3c4d.fr.v1",
      "language": "fr",
      "source_revision": 1,
      "title": "…",
      "byline": {"name": "Rex W. Tillerson", "title": "…"},
      "attributed_to": null,
      "place": "Washington, DC",
      "venue": null,
      "body": ["paragraph 1", "paragraph 2", "…"],
      "footnotes": [{"marker": "1", "text": "…"}],
      "original": {"title": "…", "body": ["…"], "footnotes": [{"marker": "1", "text": "…"}]}
    }

``original`` is for reference and ignored on submission; ``job_id``, ``language`` and
``source_revision`` must name the job being submitted (they catch a file sent to the wrong
job or kept from an older version). Unknown keys are refused, so a misspelt field is never
silently dropped. The kind and date are the original's: the bus writes the localized header.

The structure check (:func:`check_structure`): a title; exactly as many body paragraphs as the
original, none empty; a paragraph that opens with a speaker label opens with a label in the
translation too; the same footnote reference markers (``[1]``) in each paragraph; the same
footnotes, by marker and in order, none empty.
"""

from __future__ import annotations

import re
from typing import Final

import msgspec

from schemas.release import Byline, Footnote, ReleaseContent

__all__ = [
    "SPEAKER_LABEL",
    "SubmissionFile",
    "TranslationFileError",
    "check_structure",
    "content_from_file",
    "parse_file",
    "split_label",
    "template",
]

#: A speaker label as the parser keeps it ("MR PRICE:", "QUESTION:", "Moderator:").
SPEAKER_LABEL: Final = re.compile(
    r"^(?:[A-Z][A-Z.'’-]*(?:[ ][A-Z][A-Z.'’-]*){0,5}|Question|Moderator|Operator|Participant)"
    r"(?:[ ]\([^)\n]{0,40}\))?:(?:[ ]|$)"
)
#: A label in a translation: a short run of text before a colon (French puts a space before
#: it, Chinese and Japanese use the full-width colon), at the start of the paragraph.
_TRANSLATED_LABEL: Final = re.compile(r"^[^\s:：][^:：\n!?。！？]{0,59}?\s?[:：]")
_MARKER: Final = re.compile(r"\[([0-9]{1,3}|[*†‡§])\]")


class TranslationFileError(ValueError):
    """A submission file that cannot be read; the message names the field."""


class _Original(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    body: tuple[str, ...] = ()
    footnotes: tuple[Footnote, ...] = ()


class SubmissionFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The translator's file (see the module docstring)."""

    job_id: str | None = None
    language: str | None = None
    source_revision: int | None = None
    title: str
    byline: Byline | None = None
    attributed_to: str | None = None
    place: str | None = None
    venue: str | None = None
    body: tuple[str, ...]
    footnotes: tuple[Footnote, ...] = ()
    original: _Original | None = None


def parse_file(data: bytes | str) -> SubmissionFile:
    try:
        return msgspec.json.decode(data, type=SubmissionFile)
    except msgspec.ValidationError as exc:
        raise TranslationFileError(f"the translation file does not fit the format: {exc}") from None
    except msgspec.DecodeError as exc:
        raise TranslationFileError(f"the translation file is not valid JSON: {exc}") from None


def content_from_file(
    original: ReleaseContent,
    file: SubmissionFile,
    *,
    job_id: str,
    language: str,
    source_revision: int,
) -> ReleaseContent:
    """The translated content: the file's text on the original's kind and date."""
    if file.job_id is not None and file.job_id != job_id:
        raise TranslationFileError(f"the file is for job {file.job_id}, not {job_id}")
    if file.language is not None and file.language != language:
        raise TranslationFileError(f"the file is in {file.language}; job {job_id} is {language}")
    if file.source_revision is not None and file.source_revision != source_revision:
        raise TranslationFileError(
            f"the file translates version {file.source_revision}; job {job_id} is version "
            f"{source_revision}"
        )
    return ReleaseContent(
        title=file.title.strip(),
        kind=original.kind,
        # Header fields left out of the file stay as in the original.
        byline=file.byline if file.byline is not None else original.byline,
        attributed_to=file.attributed_to
        if file.attributed_to is not None
        else original.attributed_to,
        place=file.place if file.place is not None else original.place,
        venue=file.venue if file.venue is not None else original.venue,
        date=original.date,
        language=language,
        body=tuple(p.strip() for p in file.body),
        footnotes=tuple(
            Footnote(marker=f.marker.strip(), text=f.text.strip()) for f in file.footnotes
        ),
    )


def template(
    original: ReleaseContent,
    *,
    job_id: str,
    language: str,
    source_revision: int,
    draft: ReleaseContent | None = None,
) -> SubmissionFile:
    """A file to translate in place: the draft's text if there is one, else the original's."""
    start = draft or original
    return SubmissionFile(
        job_id=job_id,
        language=language,
        source_revision=source_revision,
        title=start.title,
        byline=start.byline,
        attributed_to=start.attributed_to,
        place=start.place,
        venue=start.venue,
        body=start.body,
        footnotes=start.footnotes,
        original=_Original(title=original.title, body=original.body, footnotes=original.footnotes),
    )


def split_label(paragraph: str) -> tuple[str, str]:
    """A paragraph's speaker label (with its colon and space) and the rest; "" if none."""
    found = SPEAKER_LABEL.match(paragraph)
    if found is None:
        return "", paragraph
    return paragraph[: found.end()], paragraph[found.end() :]


def _markers(text: str) -> list[str]:
    return _MARKER.findall(text)


def check_structure(original: ReleaseContent, translation: ReleaseContent) -> list[str]:
    """What breaks the original's structure; empty when the translation keeps it."""
    problems: list[str] = []
    if not translation.title.strip():
        problems.append("the title is empty")
    want, got = len(original.body), len(translation.body)
    if got != want:
        which = "missing" if got < want else "extra"
        problems.append(
            f"the original has {want} paragraphs, the translation {got} ({abs(want - got)} {which})"
        )
    for number, (source, text) in enumerate(zip(original.body, translation.body, strict=False), 1):
        if not text.strip():
            problems.append(f"paragraph {number} is empty")
            continue
        if SPEAKER_LABEL.match(source) and not _TRANSLATED_LABEL.match(text):
            problems.append(f"paragraph {number} lost its speaker label ({split_label(source)[0]})")
        if sorted(_markers(source)) != sorted(_markers(text)):
            problems.append(
                f"paragraph {number} has footnote references {_markers(text) or 'none'}, "
                f"the original {_markers(source) or 'none'}"
            )
    want_notes = [f.marker for f in original.footnotes]
    got_notes = [f.marker for f in translation.footnotes]
    if want_notes != got_notes:
        problems.append(f"footnotes {got_notes or 'none'}, the original has {want_notes or 'none'}")
    problems.extend(
        f"footnote {f.marker} is empty" for f in translation.footnotes if not f.text.strip()
    )
    return problems
