"""Corrections and withdrawals of published releases (the CLI and the HTTP API call these).

A correction is new content for a release that is already out, with a note saying what was
corrected; it goes to everyone who received an earlier version. A withdrawal takes a release
back: recipients get a withdrawal notice, feeds keep a tombstone. Both check the release's
revision when they append, so two editors cannot overwrite each other unseen.
"""

from __future__ import annotations

import msgspec
import structlog

from schemas.events import ReleaseCorrected, ReleaseWithdrawn, derived_event_id
from schemas.state import ReleaseState, fold
from services._clock import Clock
from services._store import EventStore
from services.ingestion.submit import Submission, changes_between, plan

__all__ = ["ChangeRefused", "Changed", "correct", "withdraw"]

log = structlog.get_logger(__name__)

_MAX_NOTE = 2000


class ChangeRefused(ValueError):
    """The correction or withdrawal cannot apply (unknown release, wrong status, bad input)."""


class Changed(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    outcome: str  # "corrected", "withdrawn", "unchanged", "already_withdrawn"
    revision: int
    version: int
    changes: tuple[str, ...] = ()


async def _state(store: EventStore, release_id: str) -> ReleaseState:
    events = await store.history(release_id)
    if not events:
        raise ChangeRefused(f"no release {release_id!r}")
    return fold(events)


async def correct(
    store: EventStore,
    clock: Clock,
    release_id: str,
    submission: Submission,
    note: str,
    *,
    actor: str | None = None,
) -> Changed:
    """Append a ``ReleaseCorrected`` with the submission's content and ``note``."""
    note = note.strip()
    if not note:
        raise ChangeRefused("note: a correction needs a note saying what was corrected")
    if len(note) > _MAX_NOTE:
        raise ChangeRefused(f"note: longer than {_MAX_NOTE} characters")
    items = plan(msgspec.structs.replace(submission, release_id=release_id))
    if len(items) != 1:
        raise ChangeRefused(f"body: a correction is one release; this text holds {len(items)}")
    item = items[0]
    if item.content is None or item.content_hash is None:
        reasons = "; ".join(
            f"line {r.line}: {r.message}" if r.line else r.message for r in item.reasons
        )
        raise ChangeRefused(f"body: the corrected release cannot be parsed: {reasons}")
    state = await _state(store, release_id)
    if state.status not in ("published", "embargoed"):
        raise ChangeRefused(
            f"release {release_id} is {state.status}: only a published (or embargoed) release "
            "can be corrected"
        )
    if state.content_hash == item.content_hash or state.content == item.content:
        return Changed(
            release_id=release_id,
            outcome="unchanged",
            revision=state.revision,
            version=state.version,
        )
    assert state.content is not None
    changes = changes_between(state.content, item.content)
    event = ReleaseCorrected(
        event_id=derived_event_id(release_id, "publishing", "correction", item.content_hash),
        release_id=release_id,
        occurred_at=clock.now(),
        producer=actor or "publishing",
        content=item.content,
        content_hash=item.content_hash,
        note=note,
        changes=changes,
    )
    result = await store.append(release_id, [event], state.revision)
    if result.outcome == "conflict":
        raise ChangeRefused(
            f"release {release_id} changed meanwhile (revision {result.revision}, expected "
            f"{state.revision}): look at it again and retry"
        )
    log.info("release.corrected", release_id=release_id, changes=list(changes), actor=actor)
    return Changed(
        release_id=release_id,
        outcome="corrected" if result.outcome == "appended" else "unchanged",
        revision=result.revision,
        version=state.version + 1,
        changes=changes,
    )


async def withdraw(
    store: EventStore, clock: Clock, release_id: str, reason: str, *, actor: str | None = None
) -> Changed:
    """Append a ``ReleaseWithdrawn``; withdrawing twice changes nothing."""
    reason = reason.strip()
    if not reason:
        raise ChangeRefused("reason: a withdrawal needs a reason")
    if len(reason) > _MAX_NOTE:
        raise ChangeRefused(f"reason: longer than {_MAX_NOTE} characters")
    state = await _state(store, release_id)
    if state.status == "withdrawn":
        return Changed(
            release_id=release_id,
            outcome="already_withdrawn",
            revision=state.revision,
            version=state.version,
        )
    event = ReleaseWithdrawn(
        event_id=derived_event_id(release_id, "publishing", "withdrawal"),
        release_id=release_id,
        occurred_at=clock.now(),
        producer=actor or "publishing",
        reason=reason,
    )
    result = await store.append(release_id, [event], state.revision)
    if result.outcome == "conflict":
        raise ChangeRefused(
            f"release {release_id} changed meanwhile (revision {result.revision}): retry"
        )
    log.info("release.withdrawn", release_id=release_id, actor=actor)
    return Changed(
        release_id=release_id,
        outcome="withdrawn",
        revision=result.revision,
        version=state.version,
    )
