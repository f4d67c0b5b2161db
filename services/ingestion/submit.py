"""From a submission to release events: the one code path for the inbound stream, the CLI and
the HTTP API.

A submission (raw text holding one or more releases, or one structured JSON release) is parsed
into items; each item becomes events on its release's stream:

* a new release: ``ReleaseSubmitted`` (the raw text, always) + ``ReleaseParsed`` +
  ``ReleasePublished`` (or nothing more while an embargo holds it);
* the same content again: nothing (``already_appended``);
* changed content: ``ReleaseSubmitted`` + ``ReleaseRevised`` naming what changed;
* no title or no body: ``ReleaseSubmitted`` + ``ReleaseRejected`` with the reasons and line
  numbers; the raw text stays on the stream, so an operator can fix it and submit it again
  (``--release-id`` sends the fix to the same release).

Release ids (the rule upstream systems can rely on):

* with ``source_id``: ``<source>-<source_id>`` (characters outside ``A-Za-z0-9._-`` become
  ``-``), so two upstream systems cannot collide;
* otherwise ``<date>-<slug>-<hash>``: the release date (``undated`` if none), the normalized
  title as an ASCII slug of at most 64 characters, and 8 hex digits of a hash of the normalized
  title (case, spacing, typographic quotes and trailing punctuation do not matter). A title
  change therefore makes a new release unless upstream sends ``source_id``;
* a submission without a title: ``rejected-<16 hex digits of the raw text's hash>``.

Event ids are derived from the release, the content hash and the revision the change builds
on, so a retried or replayed submission appends nothing twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import msgspec
import structlog

from schemas.events import (
    AnyEvent,
    Problem,
    ReleaseParsed,
    ReleasePublished,
    ReleaseRejected,
    ReleaseRevised,
    ReleaseSubmitted,
    derived_event_id,
)
from schemas.inbound import MAX_SUBMISSION_BYTES, InboundEntry, InboundRelease
from schemas.release import KINDS, Byline, Footnote, ReleaseContent
from schemas.state import ReleaseState, fold
from services._clock import Clock
from services._store import NO_STREAM, EventStore
from services.ingestion.parser import ParsedRelease, RejectedRelease, parse_document

__all__ = [
    "PRODUCER",
    "Item",
    "Outcome",
    "Submission",
    "SubmissionError",
    "plan",
    "release_id_for",
    "submit",
    "submit_malformed",
    "submit_many",
]

PRODUCER = "ingestion"

log = structlog.get_logger(__name__)


class SubmissionError(ValueError):
    """The submission itself is malformed (not its content): says which field and why."""


class Submission(msgspec.Struct, frozen=True, kw_only=True):
    """A validated submission, whatever door it came in by."""

    body: str
    source: str
    format: Literal["text", "json"] = "text"
    submitted_by: str | None = None
    source_id: str | None = None
    source_url: str | None = None
    release_id: str | None = None
    embargo_until: dt.datetime | None = None

    @classmethod
    def from_entry(cls, fields: dict[bytes, bytes]) -> Submission:
        """From an inbound stream entry; :class:`SubmissionError` names the bad field."""
        try:
            raw = {k.decode(): v.decode() for k, v in fields.items()}
        except UnicodeDecodeError as exc:
            raise SubmissionError(f"entry is not UTF-8 text: {exc}") from None
        try:
            entry = msgspec.convert(raw, InboundEntry)
        except msgspec.ValidationError as exc:
            raise SubmissionError(str(exc)) from None
        embargo = None
        if entry.embargo_until:
            try:
                embargo = _aware(dt.datetime.fromisoformat(entry.embargo_until))
            except ValueError:
                raise SubmissionError(
                    f"embargo_until {entry.embargo_until!r} is not an ISO 8601 time"
                ) from None
        return cls(
            body=entry.body,
            source=entry.source,
            format=entry.format,
            submitted_by=entry.submitted_by,
            source_id=entry.source_id,
            source_url=entry.source_url,
            release_id=entry.release_id,
            embargo_until=embargo,
        )


Result = Literal["appended", "already_appended", "revised", "rejected"]


class Item(msgspec.Struct, frozen=True, kw_only=True):
    """One release found in a submission, ready to be recorded."""

    release_id: str
    raw: str
    raw_hash: str
    start_line: int
    content: ReleaseContent | None
    content_hash: str | None
    warnings: tuple[Problem, ...] = ()
    reasons: tuple[Problem, ...] = ()
    title: str | None = None
    source_id: str | None = None
    source_url: str | None = None
    embargo_until: dt.datetime | None = None
    #: What the parser read of a release it rejected (header and body), for the operator.
    found: ReleaseContent | None = None


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What happened to one release of a submission."""

    release_id: str
    outcome: Result
    title: str | None
    revision: int
    start_line: int = 1
    changes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    reasons: tuple[Problem, ...] = ()


def read_summary(content: ReleaseContent) -> str:
    """What the parser read of a release it rejected, in one line: "kind Readout, byline
    Office of the Spokesperson, date 2019-07-25, 4 paragraphs, first: '…'"."""
    parts = [f"kind {content.kind}"]
    if content.byline.name:
        parts.append(f"byline {content.byline.name}")
    if content.place:
        parts.append(f"place {content.place}")
    if content.date:
        parts.append(f"date {content.date.isoformat()}")
    first = f", first: {content.body[0][:60]!r}" if content.body else ""
    parts.append(f"{len(content.body)} paragraphs{first}")
    return ", ".join(parts)


# --- identity -----------------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")


def _normalized_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES).casefold()
    return " ".join(text.split()).rstrip(" .!?:;,")


def _digest(data: str | bytes, size: int) -> str:
    payload = data.encode() if isinstance(data, str) else data
    return hashlib.blake2b(payload, digest_size=size).hexdigest()


def release_id_for(
    title: str, date: dt.date | None, *, source: str = "", source_id: str | None = None
) -> str:
    """The release id rule (see the module docstring)."""
    if source_id:
        return _NOT_ID.sub("-", f"{source}-{source_id}" if source else source_id)[:200]
    normal = _normalized_title(title)
    ascii_title = unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.replace("'", "")).strip("-")
    if len(slug) > 64:
        slug = slug[:64].rsplit("-", 1)[0]
    day = date.isoformat() if date else "undated"
    return "-".join(part for part in (day, slug, _digest(normal, 4)) if part)


def _content_hash(content: ReleaseContent, embargo: dt.datetime | None) -> str:
    return _digest(msgspec.json.encode((content, embargo)), 16)


# --- planning (pure) -------------------------------------------------------------------------


def _from_json(submission: Submission) -> ParsedRelease | RejectedRelease:
    try:
        release = msgspec.json.decode(submission.body.encode(), type=InboundRelease)
    except msgspec.ValidationError as exc:
        reason = Problem(message=f"invalid JSON release: {exc}", line=1, field=_field_of(exc))
        return RejectedRelease(raw=submission.body, start_line=1, reasons=(reason,), title=None)
    except msgspec.DecodeError as exc:
        reason = Problem(message=f"not JSON: {exc}", line=1)
        return RejectedRelease(raw=submission.body, start_line=1, reasons=(reason,), title=None)
    body = release.body if isinstance(release.body, list) else release.body.split("\n\n")
    paragraphs = tuple(" ".join(p.split()) for p in body if p.strip())
    title = " ".join(release.title.split())
    reasons = []
    if not title:
        reasons.append(Problem(message="no title", line=1, field="title"))
    if not paragraphs:
        reasons.append(Problem(message="no body", line=1, field="body"))
    if reasons:
        return RejectedRelease(
            raw=submission.body, start_line=1, reasons=tuple(reasons), title=title or None
        )
    warnings = []
    kind = release.kind or "Other"
    if kind not in KINDS:
        warnings.append(Problem(message=f"unknown kind {kind!r}; recorded as Other", field="kind"))
        kind = "Other"
    given = release.byline
    if isinstance(given, str):
        byline = Byline(name=given)
    elif given is not None:
        byline = Byline(name=given.name, title=given.title)
    else:
        byline = Byline()
    for field in ("place", "date"):
        if getattr(release, field) is None:
            warnings.append(Problem(message=f"no {field}", field=field))
    content = ReleaseContent(
        title=title,
        kind=kind,
        byline=byline,
        attributed_to=release.attributed_to,
        place=release.place,
        venue=release.venue,
        date=release.date,
        language=release.language,
        body=paragraphs,
        footnotes=tuple(Footnote(marker=f.marker, text=f.text) for f in release.footnotes),
    )
    return ParsedRelease(
        content=content, warnings=tuple(warnings), raw=submission.body, start_line=1
    )


def _field_of(exc: msgspec.ValidationError) -> str | None:
    match = re.search(r"at `\$\.([A-Za-z_]+)", str(exc))
    return match.group(1) if match else None


def _releases_in(
    submission: Submission,
) -> tuple[list[ParsedRelease | RejectedRelease], InboundRelease | None]:
    """The releases a submission holds (parsed or rejected), and its JSON form if it has one."""
    data = submission.body.encode()
    if len(data) > MAX_SUBMISSION_BYTES:
        reason = Problem(
            message=f"submission is larger than {MAX_SUBMISSION_BYTES} bytes", field="body"
        )
        kept = data[:MAX_SUBMISSION_BYTES].decode(errors="ignore")
        return [RejectedRelease(raw=kept, start_line=1, reasons=(reason,), title=None)], None
    if submission.format == "json":
        release = _from_json(submission)
        if isinstance(release, ParsedRelease):
            return [release], msgspec.json.decode(data, type=InboundRelease)
        return [release], None
    found: list[ParsedRelease | RejectedRelease] = list(parse_document(submission.body))
    if not found:
        reason = Problem(message="no release found in the submission", line=1)
        found = [RejectedRelease(raw=submission.body, start_line=1, reasons=(reason,), title=None)]
    return found, None


def plan(submission: Submission) -> list[Item]:
    """Parse a submission into items with their release ids (pure: no I/O)."""
    found, structured = _releases_in(submission)
    items: list[Item] = []
    for release in found:
        raw_hash = _digest(release.raw, 16)
        source_id = submission.source_id or (structured.source_id if structured else None)
        source_url = submission.source_url or (structured.source_url if structured else None)
        embargo = submission.embargo_until or (structured.embargo_until if structured else None)
        if len(found) > 1:  # one source id cannot name several releases
            source_id = None
        if isinstance(release, RejectedRelease):
            if submission.release_id:
                rid = submission.release_id
            elif release.title:
                rid = release_id_for(
                    release.title, None, source=submission.source, source_id=source_id
                )
            else:
                rid = f"rejected-{raw_hash}"
            items.append(
                Item(
                    release_id=rid,
                    raw=release.raw,
                    raw_hash=raw_hash,
                    start_line=release.start_line,
                    content=None,
                    content_hash=None,
                    reasons=release.reasons,
                    title=release.title,
                    source_id=source_id,
                    source_url=source_url,
                    found=release.found,
                )
            )
            continue
        content = release.content
        if len(found) == 1 and submission.release_id:
            rid = submission.release_id
        else:
            rid = release_id_for(
                content.title, content.date, source=submission.source, source_id=source_id
            )
        items.append(
            Item(
                release_id=rid,
                raw=release.raw,
                raw_hash=raw_hash,
                start_line=release.start_line,
                content=content,
                content_hash=_content_hash(content, _aware(embargo) if embargo else None),
                warnings=release.warnings,
                title=content.title,
                source_id=source_id,
                source_url=source_url,
                embargo_until=_aware(embargo) if embargo else None,
            )
        )
    return items


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# --- recording ---------------------------------------------------------------------------------


def changes_between(old: ReleaseContent, new: ReleaseContent) -> tuple[str, ...]:
    """What a revision changed, in words an editor would use ("body: 2 paragraphs changed")."""
    changed = [
        name
        for name in (
            "title",
            "kind",
            "byline",
            "attributed_to",
            "place",
            "venue",
            "date",
            "language",
        )
        if getattr(old, name) != getattr(new, name)
    ]
    if old.body != new.body:
        edited = sum(1 for a, b in zip(old.body, new.body, strict=False) if a != b)
        parts = []
        if edited:
            parts.append(f"{edited} paragraph{'s' * (edited != 1)} changed")
        if len(new.body) > len(old.body):
            parts.append(f"{len(new.body) - len(old.body)} added")
        if len(new.body) < len(old.body):
            parts.append(f"{len(old.body) - len(new.body)} removed")
        changed.append("body: " + ", ".join(parts))
    if old.footnotes != new.footnotes:
        changed.append("footnotes")
    return tuple(changed)


def _events(
    item: Item,
    submission: Submission,
    state: ReleaseState | None,
    now: dt.datetime,
    submission_hash: str | None,
) -> tuple[list[AnyEvent], Result, tuple[str, ...]]:
    base = state.revision if state else 0
    cause = f"{item.release_id}|{item.content_hash or item.raw_hash}|{base}"

    def eid(step: str) -> str:
        return derived_event_id(cause, PRODUCER, step)

    env = {"release_id": item.release_id, "occurred_at": now, "producer": PRODUCER}
    submitted = ReleaseSubmitted(
        event_id=eid("submitted"),
        source=submission.source,
        format=submission.format,
        raw=item.raw,
        content_hash=item.raw_hash,
        source_id=item.source_id,
        source_url=item.source_url,
        submitted_by=submission.submitted_by,
        submission_hash=submission_hash,
        **env,  # type: ignore[arg-type]
    )
    if item.content is None:
        rejected = ReleaseRejected(
            event_id=eid("rejected"),
            raw=item.raw,
            content_hash=item.raw_hash,
            reasons=item.reasons,
            source=submission.source,
            found=item.found,
            causation_id=submitted.event_id,
            **env,  # type: ignore[arg-type]
        )
        return [submitted, rejected], "rejected", ()
    assert item.content_hash is not None
    if state is None or state.content is None:
        parsed = ReleaseParsed(
            event_id=eid("parsed"),
            content=item.content,
            content_hash=item.content_hash,
            warnings=item.warnings,
            source_id=item.source_id,
            source_url=item.source_url,
            embargo_until=item.embargo_until,
            causation_id=submitted.event_id,
            **env,  # type: ignore[arg-type]
        )
        events: list[AnyEvent] = [submitted, parsed]
        if item.embargo_until is None or item.embargo_until <= now:
            events.append(
                ReleasePublished(
                    event_id=eid("published"),
                    published_at=now,
                    causation_id=parsed.event_id,
                    **env,  # type: ignore[arg-type]
                )
            )
        return events, "appended", ()
    changes = changes_between(state.content, item.content)
    if item.embargo_until != state.embargo_until:
        changes = (*changes, "embargo")
    revised = ReleaseRevised(
        event_id=eid("revised"),
        content=item.content,
        content_hash=item.content_hash,
        changes=changes,
        warnings=item.warnings,
        embargo_until=item.embargo_until,
        causation_id=submitted.event_id,
        **env,  # type: ignore[arg-type]
    )
    return [submitted, revised], "revised", changes


async def _record(
    store: EventStore,
    clock: Clock,
    item: Item,
    submission: Submission,
    submission_hash: str | None = None,
) -> Outcome:
    for _attempt in range(10):
        # A new release (the common case) costs one HGET; an existing one, its history.
        history = (
            await store.history(item.release_id) if await store.revision(item.release_id) else []
        )
        state = fold(history) if history else None
        known = state.content_hash if state else None
        broken_resubmission = (
            item.content is None and state is not None and state.content is not None
        )
        if broken_resubmission:
            # Already recorded this very text since? (a retried or replayed inbound entry)
            known = next(
                (
                    e.content_hash
                    for e in reversed(history)
                    if isinstance(e, ReleaseSubmitted) and e.content_hash == item.raw_hash
                ),
                known,
            )
        if known is not None and known == (item.content_hash or item.raw_hash):
            return Outcome(
                release_id=item.release_id,
                outcome="already_appended",
                title=item.title,
                revision=state.revision if state else 0,
                start_line=item.start_line,
                warnings=item.warnings,
                reasons=item.reasons,
            )
        events, result, changes = _events(item, submission, state, clock.now(), submission_hash)
        if broken_resubmission:
            # Keep the raw text (ReleaseSubmitted), report the reasons, but never let a broken
            # resubmission undo the good version.
            events = events[:1]
        appended = await store.append(
            item.release_id, events, state.revision if state else NO_STREAM
        )
        if appended.outcome == "conflict":
            continue  # someone else changed the release meanwhile: look again
        log.info(
            "ingestion.recorded",
            release_id=item.release_id,
            outcome=result,
            revision=appended.revision,
            changes=list(changes),
        )
        return Outcome(
            release_id=item.release_id,
            outcome=result if appended.outcome == "appended" else "already_appended",
            title=item.title,
            revision=appended.revision,
            start_line=item.start_line,
            changes=changes,
            warnings=item.warnings,
            reasons=item.reasons,
        )
    raise RuntimeError(f"release {item.release_id} kept changing under 10 attempts")


async def submit(store: EventStore, clock: Clock, submission: Submission) -> list[Outcome]:
    """Record a submission: every release in it, in order. The one entry point for all doors."""
    (result,) = await submit_many(store, clock, [submission])
    if isinstance(result, BaseException):
        raise result
    return result


async def submit_many(
    store: EventStore, clock: Clock, submissions: Sequence[Submission]
) -> list[list[Outcome] | BaseException]:
    """Record several submissions at once: per submission its outcomes, or what failed it.

    Different releases are recorded concurrently (their appends share round trips); the items
    of one release are recorded in submission order, so a later version always wins.
    """
    planned = [plan(s) for s in submissions]
    digests = await asyncio.gather(
        *(store.keep_submission(s.body) for s in submissions), return_exceptions=True
    )
    results: list[list[Outcome] | BaseException] = []
    slots: list[list[Outcome | None]] = [[None] * len(items) for items in planned]
    failed: dict[int, BaseException] = {
        i: d for i, d in enumerate(digests) if isinstance(d, BaseException)
    }
    queues: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for si, items in enumerate(planned):
        for ii, item in enumerate(items):
            queues[item.release_id].append((si, ii))

    async def one_release(release_id: str, work: list[tuple[int, int]]) -> None:
        with structlog.contextvars.bound_contextvars(release_id=release_id):
            for si, ii in work:
                if si in failed:
                    continue
                digest = digests[si]
                assert isinstance(digest, str)
                try:
                    slots[si][ii] = await _record(
                        store, clock, planned[si][ii], submissions[si], digest
                    )
                except Exception as exc:  # noqa: BLE001 - reported per submission
                    failed[si] = exc

    await asyncio.gather(*(one_release(rid, work) for rid, work in queues.items()))
    for si, outcomes in enumerate(slots):
        if si in failed:
            results.append(failed[si])
        else:
            results.append([o for o in outcomes if o is not None])
    return results


async def submit_malformed(
    store: EventStore, clock: Clock, fields: dict[bytes, bytes], error: str
) -> Outcome:
    """Record an inbound entry that is not a valid submission at all, as a rejection.

    Its fields are kept verbatim (as JSON) in the rejection, so nothing upstream sent is lost.
    """
    raw = msgspec.json.encode(
        {k.decode(errors="replace"): v.decode(errors="replace") for k, v in fields.items()}
    ).decode()
    source = fields.get(b"source", b"unknown").decode(errors="replace")[:200] or "unknown"
    raw_hash = _digest(raw, 16)
    match = re.search(r"at `\$\.([A-Za-z_]+)`", error)
    item = Item(
        release_id=f"rejected-{raw_hash}",
        raw=raw,
        raw_hash=raw_hash,
        start_line=1,
        content=None,
        content_hash=None,
        reasons=(
            Problem(message=f"malformed inbound entry: {error}", field=match and match.group(1)),
        ),
    )
    submission = Submission(body=raw, source=source)
    digest = await store.keep_submission(raw)
    with structlog.contextvars.bound_contextvars(release_id=item.release_id):
        return await _record(store, clock, item, submission, digest)
