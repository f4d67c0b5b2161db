"""Machine drafts: translate a free job with an :class:`~.engine.Engine` and submit it.

:func:`draft_content` translates one release's content, keeping its structure: the title, the
byline title, ``attributed_to``, the venue, every body paragraph (its speaker label kept as
written) and every footnote text go to the engine in one request, each protected by the
glossary (``glossary.py``); the person's name, the place, the kind and the date stay.

:class:`Drafter` runs beside the consumer: it takes free jobs from the queue, translates them
*before* claiming (a slow engine holds no lease), then records the claim and the draft in one
append that checks the job is still free. A draft waits for a person's approval unless every
subscriber wanting that language accepts unreviewed machine output (``workflow.draft``). A job
the engine failed on is left to people and tried again after a pause that doubles each time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from typing import Final

import msgspec
import structlog

from schemas.release import Byline, Footnote, ReleaseContent
from services._clock import periodically
from services.translation.engine import Engine, EngineError
from services.translation.glossary import Glossary, Protected, default_glossary, restore
from services.translation.jobs import TranslationRefused, original_language
from services.translation.submission import split_label
from services.translation.workflow import Translations

__all__ = ["Drafter", "draft_content"]

log = structlog.get_logger(__name__)

_FIRST_PAUSE_S: Final = 60.0
_MAX_PAUSE_S: Final = 3600.0


async def draft_content(
    content: ReleaseContent,
    *,
    source: str | None,
    target: str,
    engine: Engine,
    glossary: Glossary,
    names: Iterable[str | None] = (),
) -> tuple[ReleaseContent, int]:
    """``content`` translated into ``target``; and how many protected spans the engine lost."""
    glossary = glossary.with_names([*names, content.byline.name])
    split = [split_label(p) for p in content.body]
    labels = [label for label, _ in split]
    rests = [rest for _, rest in split]
    slots: list[str] = [
        content.title,
        content.byline.title or "",
        content.attributed_to or "",
        content.venue or "",
        *rests,
        *(f.text for f in content.footnotes),
    ]
    wanted = [i for i, text in enumerate(slots) if text.strip()]
    protected: list[Protected] = [glossary.protect(slots[i], target) for i in wanted]
    answers = await engine.translate(
        [p.fragment for p in protected], source=source or "auto", target=target
    )
    lost = 0
    out = [""] * len(slots)
    for i, answer, kept in zip(wanted, answers, protected, strict=True):
        out[i], dropped = restore(answer, kept)
        lost += dropped
    title, byline_title, attributed_to, venue = out[:4]
    body_end = 4 + len(content.body)
    body = tuple(label + text for label, text in zip(labels, out[4:body_end], strict=True))
    footnotes = tuple(
        Footnote(marker=f.marker, text=text)
        for f, text in zip(content.footnotes, out[body_end:], strict=True)
    )
    translated = msgspec.structs.replace(
        content,
        title=title,
        byline=Byline(name=content.byline.name, title=byline_title or None),
        attributed_to=attributed_to or None,
        venue=venue or None,
        language=target,
        body=body,
        footnotes=footnotes,
    )
    return translated, lost


class Drafter:
    """Drafts free jobs with one engine, a few at a time."""

    def __init__(
        self,
        workflow: Translations,
        engine: Engine,
        *,
        glossary: Glossary | None = None,
        concurrency: int = 4,
        poll_s: float = 2.0,
    ) -> None:
        self.workflow = workflow
        self.engine = engine
        self.glossary = glossary or default_glossary()
        self.poll_s = poll_s
        self._slots = asyncio.Semaphore(concurrency)
        #: job id → (when to try again, the pause after the next failure).
        self._paused: dict[str, tuple[dt.datetime, float]] = {}
        #: Jobs that already have a translation: left to people.
        self._done: set[str] = set()

    async def draft(self, job_id: str) -> bool:
        """Draft one job; False if it was not free or the engine failed (paused then)."""
        workflow = self.workflow
        try:
            state, job = await workflow.job(job_id)
            if state.content is None or job.content is not None:
                # Translated before (sent back for changes, or a lease that ran out after a
                # submission): a person takes it from here, the engine would only repeat itself.
                self._done.add(job_id)
                return False
            content, lost = await draft_content(
                state.content,
                source=original_language(state),
                target=job.language,
                engine=self.engine,
                glossary=self.glossary,
                names=state.enrichment.people if state.enrichment else (),
            )
            await workflow.draft(job_id, self.engine.name, content)
        except TranslationRefused as exc:
            # Taken meanwhile, or a draft that lost the original's structure: not again now.
            self._pause(job_id)
            log.info("translation.draft_skipped", job_id=job_id, reason=str(exc))
            return False
        except EngineError as exc:
            self._pause(job_id)
            log.warning("translation.engine_failed", job_id=job_id, error=str(exc))
            return False
        self._paused.pop(job_id, None)
        if lost:
            log.warning("translation.protected_spans_lost", job_id=job_id, lost=lost)
        return True

    def _pause(self, job_id: str) -> None:
        now = self.workflow.clock.now()
        _, pause = self._paused.get(job_id, (now, _FIRST_PAUSE_S))
        self._paused[job_id] = (
            now + dt.timedelta(seconds=pause),
            min(pause * 2, _MAX_PAUSE_S),
        )

    async def run_once(self) -> list[str]:
        """Draft every free job not paused; returns the ids drafted."""
        now = self.workflow.clock.now()
        queue = self.workflow.queue
        await queue.expire(now)
        todo = [
            job_id
            for language in await queue.languages()
            for job_id in await queue.free(language, 100)
            if job_id not in self._done
            and (job_id not in self._paused or self._paused[job_id][0] <= now)
        ]

        async def one(job_id: str) -> bool:
            async with self._slots:
                return await self.draft(job_id)

        done = await asyncio.gather(*(one(job_id) for job_id in todo))
        return [job_id for job_id, ok in zip(todo, done, strict=True) if ok]

    async def run(self, stop: asyncio.Event) -> None:
        # Outlives a hiccup of the server or the engine.
        await periodically(
            self.run_once, self.poll_s, stop, log=log, failed="translation.drafter_failed"
        )
