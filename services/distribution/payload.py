"""Build what a subscriber receives (a ninjs item and its lineage) from a release's state.

Pure: no I/O. The same item is the webhook body's ``data``, the e-mail's content and a feed
entry's source, so every channel says the same thing about a version.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final

import pycountry

from schemas.delivery import Lineage, NinjsBody, NinjsHeadline, NinjsItem, NinjsName, Notice
from schemas.release import ReleaseContent
from schemas.state import ReleaseState, TranslationJob
from services.enrichment.topics import TOPICS

__all__ = ["URI_PREFIX", "build_item", "country_name", "item_uri", "version_content"]

URI_PREFIX: Final = "urn:releasebus:release:"
_IPTC: Final = "http://cv.iptc.org/newscodes/mediatopic/"
_TOPICS: Final = {t.id: t for t in TOPICS}


def item_uri(release_id: str, language: str | None = None, *, translation: bool = False) -> str:
    """The stable uri of a release (one per release; a translation adds its language)."""
    uri = URI_PREFIX + release_id
    return f"{uri}:{language}" if translation and language else uri


@functools.cache
def country_name(code: str) -> str:
    if code == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def version_content(state: ReleaseState, version: int) -> ReleaseContent | None:
    """The content of ``version`` if it is the current one (older ones need the history)."""
    return state.content if version == state.version else None


def _byline(content: ReleaseContent) -> str | None:
    name, title = content.byline.name, content.byline.title
    if name and title:
        return f"{name}, {title}"
    return name or title


def build_item(
    state: ReleaseState,
    *,
    notice: Notice,
    version: int | None = None,
    content: ReleaseContent | None = None,
    translation: TranslationJob | None = None,
    withheld_until: dt.datetime | None = None,
) -> tuple[NinjsItem, Lineage]:
    """The item and lineage of one version of ``state`` (the current one unless given).

    ``translation`` makes it the approved translation's item (its content and language),
    marked as an unofficial translation of the original.
    """
    version = state.version if version is None else version
    enrichment = state.enrichment
    original = content or state.content
    original_language = (original.language if original else None) or (
        enrichment.language if enrichment else None
    )
    if translation is not None and translation.content is not None:
        content = translation.content
    content = content or state.content
    if content is None:
        raise ValueError(f"release {state.release_id} has no content to deliver")
    language = translation.language if translation else original_language
    corrections = [c for c in state.corrections if c.version == version]
    note = corrections[-1].note if corrections else None
    withdrawn = notice == "withdrawal"
    paragraphs = "\n\n".join(content.body)
    item = NinjsItem(
        uri=item_uri(state.release_id, language, translation=translation is not None),
        type="text",
        profile="releasebus-release",
        version=str(version),
        language=language,
        pubstatus="canceled" if withdrawn else ("withheld" if withheld_until else "usable"),
        firstcreated=state.published_at or state.created_at,
        versioncreated=(
            state.withdrawn_at if withdrawn else (corrections[-1].at if corrections else None)
        )
        or state.published_at
        or state.updated_at,
        contentcreated=content.date,
        embargoed=withheld_until or state.embargo_until,
        headlines=(NinjsHeadline(value=content.title),),
        bodies=()
        if withdrawn
        else (
            NinjsBody(
                value=paragraphs,
                wordcount=len(paragraphs.split()),
                charcount=len(paragraphs),
            ),
        ),
        descriptions=(NinjsBody(value=enrichment.summary, role="summary"),)
        if enrichment and enrichment.summary and not withdrawn
        else (),
        genres=(NinjsName(name=content.kind),),
        by=_byline(content),
        located=content.place,
        subjects=tuple(
            NinjsName(name=_TOPICS[t].label, uri=_IPTC + _TOPICS[t].iptc.removeprefix("medtop:"))
            if t in _TOPICS
            else NinjsName(name=t)
            for t in (enrichment.topics if enrichment else ())
        ),
        places=tuple(
            NinjsName(name=country_name(c), literal=c, rel="about")
            for c in (enrichment.countries if enrichment else ())
        ),
        people=tuple(NinjsName(name=p) for p in (enrichment.people if enrichment else ())),
        organisations=tuple(
            NinjsName(name=o) for o in (enrichment.organizations if enrichment else ())
        ),
        ednote=state.withdrawn_reason if withdrawn else note,
    )
    lineage = Lineage(
        release_id=state.release_id,
        version=version,
        notice=notice,
        correction_of=version - 1 if notice == "correction" and version > 1 else None,
        correction_note=note if notice == "correction" else None,
        translation_of=item_uri(state.release_id) if translation else None,
        original_language=original_language if translation else None,
        unofficial_translation=translation is not None,
        machine_translation=bool(translation and translation.machine),
        withheld_until=withheld_until,
        withdrawn_reason=state.withdrawn_reason if withdrawn else None,
        source_url=state.source_url,
    )
    return item, lineage
