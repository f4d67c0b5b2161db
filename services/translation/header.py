"""The localized header of a translation: date, place, kind and the unofficial-translation notice.

Written by the bus, in every target language, without any engine: dates, language and country
names come from CLDR (babel); kind names and the two notice sentences from
``data/locales.json`` (reviewable, one object per language). A language without an entry there
still gets a CLDR date and language name, with the kind and notice in English
(``localized=False``), so a header always exists.

Pure: no I/O beyond reading the data file once.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

import babel
import msgspec
import pycountry
from babel.dates import format_date

from schemas.events import TranslationHeader
from schemas.release import ReleaseContent

__all__ = ["LOCALIZED_LANGUAGES", "localized_header", "localized_kind", "supported"]

_DATA: Final = Path(__file__).with_name("data") / "locales.json"


class _Locale(msgspec.Struct, frozen=True, kw_only=True):
    notice: str
    original_notice: str
    kinds: dict[str, str]


def _load() -> dict[str, _Locale]:
    raw = msgspec.json.decode(_DATA.read_bytes(), type=dict[str, msgspec.Raw])
    return {
        code: msgspec.json.decode(value, type=_Locale)
        for code, value in raw.items()
        if not code.startswith("_")
    }


_LOCALES: Final = _load()
#: Languages with their own kind names and notice (others fall back to English for those).
LOCALIZED_LANGUAGES: Final = tuple(sorted(_LOCALES))


@functools.cache
def _cldr(language: str) -> babel.Locale | None:
    try:
        return babel.Locale.parse(language.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return None


def supported(language: str) -> bool:
    """Does CLDR know the language (so a header can be made for it)?"""
    return _cldr(language) is not None


def localized_kind(kind: str, language: str) -> str:
    """The release kind in ``language`` (English when the data file has no entry)."""
    entry = _LOCALES.get(language.split("-", 1)[0]) or _LOCALES["en"]
    return entry.kinds.get(kind) or _LOCALES["en"].kinds.get(kind, kind)


@functools.cache
def _country_code(name: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def _place(place: str | None, locale: babel.Locale) -> str | None:
    """The dateline place with its country (when it names one) in the target language.

    City names stay as written: CLDR has country names, not city names, and a wrong exonym
    in a dateline is worse than the original spelling.
    """
    if not place:
        return place
    head, sep, last = place.rpartition(", ")
    code = _country_code(last.strip())
    if code is None:
        return place
    country = locale.territories.get(code)
    if not country:
        return place
    return f"{head}{sep}{country}" if sep else country


def localized_header(
    original: ReleaseContent,
    language: str,
    *,
    original_uri: str,
    original_url: str | None = None,
    original_language: str | None = None,
) -> TranslationHeader:
    """The header of a translation of ``original`` into ``language``."""
    locale = _cldr(language)
    if locale is None:
        raise ValueError(f"{language!r} is not a language CLDR knows")
    entry = _LOCALES.get(locale.language)
    texts = entry or _LOCALES["en"]
    source_language = original_language or original.language
    # The language name in the language of the notice (English when it falls back), and
    # CLDR's "und" (the localized "unknown language") for an original nobody identified.
    names = locale if entry is not None else _cldr("en")
    assert names is not None
    language_name = names.languages.get(source_language or "und") or source_language or "und"
    original_notice = texts.original_notice.format(
        language=language_name, link=original_url or original_uri
    )
    return TranslationHeader(
        language=language,
        notice=texts.notice,
        original_notice=original_notice,
        original_uri=original_uri,
        original_url=original_url,
        original_language=source_language,
        date=format_date(original.date, "long", locale=locale) if original.date else None,
        place=_place(original.place, locale),
        kind=localized_kind(original.kind, locale.language),
        direction=locale.text_direction,
        localized=entry is not None,
    )
