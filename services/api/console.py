"""The operator console: server-rendered pages over the same calls as the API and the CLI.

- ``/console``: releases with their status, and a form to submit one;
- ``/console/releases/{id}``: current state, delivery table, translations, event timeline
  (the page refreshes itself while enrichment or deliveries are still on their way);
- ``/console/groups``: consumer groups with lag, pending, consumers and dead letters;
- ``/console/dead-letters``: dead letters, each with a retry button;
- ``/console/translations``: the translation jobs that are not finished;
- ``/console/subscribers``: who receives what.

Signing in takes an operator API key (``releasebus keys create --role operator``); it is kept
in an HttpOnly, SameSite=Strict cookie, and forms also check the ``Origin`` header, so another
site cannot make the browser act on the console.
"""

from __future__ import annotations

from typing import Any, Final, Literal
from urllib.parse import quote, urlencode

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from schemas.events import (
    AnyEvent,
    DeliveryDeadLettered,
    DeliveryFailed,
    DeliveryScheduled,
    DeliverySucceeded,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseRejected,
    ReleaseRevised,
    ReleaseSubmitted,
)
from schemas.state import ReleaseState, fold
from services.api.auth import COOKIE, allow, caller
from services.api.context import api_of, base_url
from services.api.pages import e, page, status_badge, when
from services.api.problems import ProblemError
from services.distribution.operations import resend
from services.ingestion.submit import Submission, read_summary, submit
from services.translation.jobs import OPEN, effective_status
from services.translation.workflow import Translations

__all__ = ["ROUTES", "html_errors"]

_GUARD: Final = [allow("operate", cookie=True)]
_HTML: Final = "text/html"
#: Releases shown on the list page (newest ids first).
_LIST_LIMIT: Final = 200
_COOKIE_S: Final = 12 * 3600


def _who(request: Request[Any, Any, Any]) -> str | None:
    key = caller(request)
    return None if key is None else f"{key.name} ({key.role})"


def _html(
    request: Request[Any, Any, Any],
    title: str,
    body: str,
    *,
    here: str | None = None,
    refresh_s: int | None = None,
    status: int = 200,
) -> Response[str]:
    text = page(title, body, here=here, who=_who(request), refresh_s=refresh_s)
    return Response(text, media_type=_HTML, status_code=status)


def _flash(request: Request[Any, Any, Any]) -> str:
    done = request.query_params.get("done")
    failed = request.query_params.get("error")
    parts = []
    if done:
        parts.append(f'<div class="flash" role="status">{e(done)}</div>')
    if failed:
        parts.append(f'<div class="flash error" role="alert">{e(failed)}</div>')
    return "".join(parts)


def _same_origin(request: Request[Any, Any, Any]) -> None:
    """Forms must come from the console itself (the cookie is SameSite=Strict as well)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null" and origin.rstrip("/") != base_url(request):
        raise ProblemError(403, f"a form from {origin} may not act on this console")


def _back(path: str, **message: str) -> Redirect:
    return Redirect(f"{path}?{urlencode(message)}" if message else path, status_code=303)


# --- signing in ---------------------------------------------------------------------------


def _login_page(next_path: str, error: str | None = None) -> str:
    flash = f'<div class="flash error" role="alert">{e(error)}</div>' if error else ""
    body = f"""
<h1>Sign in</h1>
{flash}
<p class="muted">The console needs an operator API key
(<code>releasebus keys create --role operator</code>).</p>
<form method="post" action="/console/login">
  <input type="hidden" name="next" value="{e(next_path)}">
  <label>API key <input type="password" name="key" size="60" autocomplete="off" autofocus></label>
  <button type="submit">Sign in</button>
</form>"""
    return page("Sign in", body, nav=False)


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/console") and "//" not in value:
        return value
    return "/console"


@get("/console/login", include_in_schema=False)
async def login_form(request: Request[Any, Any, Any]) -> Response[str]:
    next_path = _safe_next(request.query_params.get("next"))
    return Response(_login_page(next_path), media_type=_HTML)


@post("/console/login", include_in_schema=False, status_code=303)
async def login(request: Request[Any, Any, Any]) -> Response[Any]:
    _same_origin(request)
    form = await request.form()
    token = str(form.get("key", "")).strip()
    next_path = _safe_next(str(form.get("next", "")))
    key = await api_of(request).keys.verify(token) if token else None
    if key is None or key.role != "operator":
        error = (
            "that key is unknown or revoked" if key is None else "the console needs an operator key"
        )
        return Response(_login_page(next_path, error), media_type=_HTML, status_code=401)
    response: Response[Any] = Redirect(next_path, status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=_COOKIE_S,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@post("/console/logout", include_in_schema=False, status_code=303)
async def logout(request: Request[Any, Any, Any]) -> Response[Any]:
    _same_origin(request)
    response: Response[Any] = Redirect("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# --- releases -----------------------------------------------------------------------------

_STATUSES: Final = ("received", "rejected", "embargoed", "published", "withdrawn")


@get("/console", guards=_GUARD, include_in_schema=False)
async def releases_page(request: Request[Any, Any, Any]) -> Response[str]:
    api = api_of(request)
    wanted = request.query_params.get("status") or None
    ids = await api.bus.projection.find(status=wanted if wanted in _STATUSES else None)
    shown = list(reversed(ids))[:_LIST_LIMIT]
    states = [s for rid in shown if (s := await api.bus.projection.get(rid)) is not None]
    filters = " ".join(
        f'<a href="/console?status={s}"{" class=here" if s == wanted else ""}>{s}</a>'
        for s in _STATUSES
    )
    rows = "".join(
        f'<tr><td><a href="/console/releases/{quote(s.release_id)}" class=mono>'
        f"{e(s.release_id)}</a></td><td>{status_badge(s.status)}</td>"
        f"<td class=num>{s.version}</td><td>{e(s.content.kind if s.content else '')}</td>"
        f"<td>{e(s.content.date if s.content else '')}</td>"
        f"<td>{e(' '.join(s.enrichment.countries) if s.enrichment else '')}</td>"
        f"<td>{_deliveries_summary(s)}</td>"
        f"<td>{e(s.content.title if s.content else '; '.join(p.message for p in s.rejection))}</td>"
        "</tr>"
        for s in states
    )
    more = (
        f'<p class="muted">showing the newest {len(shown)} of {len(ids)}</p>'
        if len(ids) > len(shown)
        else ""
    )
    body = f"""
{_flash(request)}
<h1>Releases</h1>
<p>status: <a href="/console">all</a> {filters}</p>
<table id="releases">
<tr><th>release</th><th>status</th><th>version</th><th>kind</th><th>date</th><th>countries</th>
<th>deliveries</th><th>title / reason</th></tr>
{rows or "<tr><td colspan=8 class=muted>no releases yet</td></tr>"}
</table>
{more}
<h2>Submit a release</h2>
<form method="post" action="/console/releases" id="submit">
  <p><label>Format <select name="format"><option value="text">text (a page dump)</option>
  <option value="json">JSON (a structured release)</option></select></label></p>
  <textarea name="body" aria-label="release text" required></textarea>
  <p><button type="submit">Submit</button></p>
</form>"""
    return _html(request, "Releases", body, here="/console")


def _deliveries_summary(state: ReleaseState) -> str:
    if not state.deliveries:
        return ""
    counts: dict[str, int] = {}
    for d in state.deliveries.values():
        counts[d.status] = counts.get(d.status, 0) + 1
    return " ".join(f"{status_badge(s)}&nbsp;{n}" for s, n in sorted(counts.items()))


@post("/console/releases", guards=_GUARD, include_in_schema=False, status_code=303)
async def submit_from_console(request: Request[Any, Any, Any]) -> Response[Any]:
    _same_origin(request)
    api = api_of(request)
    form = await request.form()
    text = str(form.get("body", "")).replace("\r\n", "\n")
    fmt: Literal["text", "json"] = "json" if form.get("format") == "json" else "text"
    if not text.strip():
        return _back("/console", error="the release text is empty")
    key = caller(request)
    assert key is not None
    outcomes = await submit(
        api.bus.store,
        api.bus.clock,
        Submission(body=text, source=key.name, format=fmt, submitted_by=f"console:{key.key_id}"),
    )
    first = outcomes[0]
    message = ", ".join(f"{o.release_id}: {o.outcome}" for o in outcomes)
    return _back(f"/console/releases/{quote(first.release_id)}", done=message)


def _pending(state: ReleaseState) -> bool:
    """Is something still on its way (so the page should refresh itself)?"""
    if state.status == "received":
        return True
    enrichment_due = (
        state.content is not None
        and state.status != "rejected"
        and (state.enrichment is None or state.enrichment.source_revision < state.content_revision)
    )
    sending = any(d.status in ("scheduled", "retrying") for d in state.deliveries.values())
    return enrichment_due or sending


def _detail(event: AnyEvent) -> str:  # noqa: PLR0911 - one arm per event type
    match event:
        case ReleaseSubmitted():
            return f"from {event.source} ({event.format}, {len(event.raw):,} characters)"
        case ReleaseRevised():
            return "changed: " + (", ".join(event.changes) or "content")
        case ReleaseCorrected():
            return f"correction: {event.note}"
        case ReleaseRejected():
            reasons = "; ".join(f"line {p.line}: {p.message}" for p in event.reasons)
            return reasons + (f" (read: {read_summary(event.found)})" if event.found else "")
        case ReleaseEnriched():
            tags = [*event.countries, *event.topics]
            return f"of revision {event.source_revision}: {' '.join(tags) or 'no tags'}"
        case DeliveryScheduled():
            return f"{event.subscriber_id} via {event.channel}, version {event.version}"
        case DeliverySucceeded():
            return f"{event.subscriber_id}: {event.status_code or 'ok'} in {event.latency_ms} ms"
        case DeliveryFailed() | DeliveryDeadLettered():
            return f"{event.subscriber_id}: {event.error}"
    for name in ("reason", "note", "language", "until", "published_at"):
        value = getattr(event, name, None)
        if value is not None:
            return f"{name}: {value}"
    return ""


def _state_grid(state: ReleaseState) -> str:
    content, enrichment = state.content, state.enrichment
    rows: list[tuple[str, str]] = [
        ("status", status_badge(state.status)),
        ("version", f"{state.version} (revision {state.revision})"),
    ]
    if content is not None:
        byline = ", ".join(x for x in (content.byline.name, content.byline.title) if x)
        rows += [
            ("kind", e(content.kind)),
            ("date", e(content.date)),
            ("place", e(content.place)),
            ("byline", e(byline)),
            ("language", e((enrichment and enrichment.language) or content.language)),
        ]
    if enrichment is not None:
        rows += [
            ("enriched", f"revision {enrichment.source_revision}"),
            ("countries", e(" ".join(enrichment.countries))),
            ("topics", e(", ".join(enrichment.topics))),
            ("people", e(", ".join(enrichment.people))),
            ("organizations", e(", ".join(enrichment.organizations))),
            ("summary", e(enrichment.summary)),
        ]
    elif content is not None and state.status != "rejected":
        rows.append(("enriched", '<span class="muted">not yet</span>'))
    for label, value in (
        ("embargo until", when(state.embargo_until)),
        ("published at", when(state.published_at)),
        ("withdrawn", state.withdrawn_reason),
        ("source", state.source),
    ):
        if value:
            rows.append((label, e(value)))
    for c in state.corrections:
        rows.append((f"correction (v{c.version})", e(c.note)))
    for p in state.rejection:
        rows.append(("rejected", e(f"line {p.line}: {p.message}" if p.line else p.message)))
    for p in state.warnings:
        rows.append(("warning", e(f"line {p.line}: {p.message}" if p.line else p.message)))
    cells = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="grid" id="state">{cells}</dl>'


def _delivery_table(state: ReleaseState) -> str:
    rows = "".join(
        f"<tr><td>{e(d.subscriber_id)}</td><td>{e(d.channel)}</td><td class=num>{d.version}</td>"
        f"<td>{e(d.language)}</td><td>{e(d.notice)}</td><td class=num>{e(d.sequence)}</td>"
        f"<td>{status_badge(d.status)}</td><td class=num>{d.attempts}</td>"
        f"<td>{when(d.scheduled_at)}</td><td>{when(d.delivered_at)}</td>"
        f"<td class=num>{'' if d.latency_ms is None else f'{d.latency_ms:.1f}'}</td>"
        f"<td>{e((d.last_error or '')[:120])}</td>"
        f'<td><form class="inline" method="post" '
        f'action="/console/releases/{quote(state.release_id)}/resend">'
        f'<input type="hidden" name="subscriber_id" value="{e(d.subscriber_id)}">'
        f'<input type="hidden" name="version" value="{d.version}">'
        f"<button type=submit>Resend</button></form></td></tr>"
        for d in state.deliveries.values()
    )
    if not rows:
        return '<p class="muted" id="deliveries">no deliveries yet</p>'
    return (
        '<table id="deliveries"><tr><th>subscriber</th><th>channel</th><th>version</th>'
        "<th>language</th><th>notice</th><th>seq</th><th>status</th><th>attempts</th>"
        "<th>scheduled</th><th>delivered</th><th>latency ms</th><th>last error</th><th></th>"
        f"</tr>{rows}</table>"
    )


def _translations_table(state: ReleaseState) -> str:
    if not state.translations:
        return ""
    rows = "".join(
        f"<tr><td class=mono>{e(j.job_id)}</td><td>{e(j.language)}</td>"
        f"<td class=num>{j.source_revision}</td><td>{status_badge(j.status)}</td>"
        f"<td>{e(j.translator)}</td><td>{when(j.due_at)}</td></tr>"
        for j in state.translations.values()
    )
    return (
        "<h2>Translations</h2><table id=translations><tr><th>job</th><th>language</th>"
        "<th>of revision</th><th>status</th><th>translator</th><th>due</th></tr>"
        f"{rows}</table>"
    )


@get("/console/releases/{release_id:str}", guards=_GUARD, include_in_schema=False)
async def release_page(request: Request[Any, Any, Any], release_id: FromPath[str]) -> Response[str]:
    api = api_of(request)
    events = await api.bus.store.history(release_id)
    if not events:
        raise ProblemError(404, f"no release {release_id}")
    state = fold(events)
    timeline = "".join(
        f"<tr><td class=num>{ev.revision}</td><td>{e(type(ev).__name__)}</td>"
        f"<td>{when(ev.recorded_at or ev.occurred_at)}</td><td>{e(ev.producer)}</td>"
        f"<td>{e(_detail(ev))}</td></tr>"
        for ev in events
    )
    title = state.content.title if state.content else release_id
    body_text = ""
    if state.content is not None:
        paragraphs = "".join(f"<p>{e(p)}</p>" for p in state.content.body)
        body_text = (
            f"<details><summary>Text (version {state.version})</summary>{paragraphs}</details>"
        )
    pending = _pending(state)
    body = f"""
{_flash(request)}
<p class="muted"><a href="/console">Releases</a> / <span class="mono">{e(release_id)}</span></p>
<h1>{e(title)}</h1>
{_state_grid(state)}
{body_text}
<h2>Deliveries</h2>
{_delivery_table(state)}
{_translations_table(state)}
<h2>Event timeline</h2>
<table id="timeline"><tr><th>rev</th><th>event</th><th>recorded</th><th>by</th><th>detail</th></tr>
{timeline}</table>
<p class="muted">{"Work is still on its way: this page refreshes itself." if pending else ""}
<a href="/v1/releases/{quote(release_id)}">state as JSON</a> ·
<a href="/v1/releases/{quote(release_id)}/events">events as JSON</a></p>"""
    return _html(request, title, body, refresh_s=2 if pending else None)


@post("/console/releases/{release_id:str}/resend", guards=_GUARD, include_in_schema=False)
async def resend_from_console(
    request: Request[Any, Any, Any], release_id: FromPath[str]
) -> Redirect:
    _same_origin(request)
    form = await request.form()
    subscriber_id = str(form.get("subscriber_id", ""))
    version_text = str(form.get("version", ""))
    version = int(version_text) if version_text.isdigit() else None
    path = f"/console/releases/{quote(release_id)}"
    try:
        ids = await resend(api_of(request).bus, release_id, subscriber_id, version=version)
    except KeyError as exc:
        return _back(path, error=str(exc.args[0]))
    return _back(path, done=f"{len(ids)} deliveries to {subscriber_id} queued again")


# --- operating ----------------------------------------------------------------------------


@get("/console/groups", guards=_GUARD, include_in_schema=False)
async def groups_page(request: Request[Any, Any, Any]) -> Response[str]:
    rows = await api_of(request).bus.status()

    def idle(ms: int | None) -> str:
        return "" if ms is None else f"{ms / 1000:.1f} s"

    cells = "".join(
        f"<tr><td class=mono>{e(r.stream)}</td><td>{e(r.group)}</td>"
        f"<td class=num>{'?' if r.lag is None else r.lag}</td><td class=num>{r.pending}</td>"
        f"<td class=num>{idle(r.oldest_pending_idle_ms)}</td>"
        f"<td class=num>{r.live_consumers} / {r.consumers}</td>"
        f'<td class=num><a href="/console/dead-letters">{r.dead_letters}</a></td></tr>'
        for r in rows
    )
    body = f"""
<h1>Consumer groups</h1>
<table id="groups"><tr><th>stream</th><th>group</th><th>lag</th><th>pending</th>
<th>oldest pending</th><th>consumers live / all</th><th>dead letters</th></tr>
{cells or "<tr><td colspan=7 class=muted>no consumer groups yet</td></tr>"}</table>
<p class="muted">Lag: entries not read yet. Pending: read, not acknowledged. A consumer is live
when it read in the last 30 seconds.</p>"""
    return _html(request, "Consumer groups", body, here="/console/groups", refresh_s=5)


@get("/console/dead-letters", guards=_GUARD, include_in_schema=False)
async def dead_letters_page(request: Request[Any, Any, Any]) -> Response[str]:
    letters = await api_of(request).bus.dead_letters()
    rows = "".join(
        f"<tr><td class=mono>{e(d.id)}</td><td>{e(d.group)}</td><td class=mono>{e(d.stream)}</td>"
        f"<td class=mono>{e(d.entry_id)}</td><td class=num>{d.deliveries}</td>"
        f"<td>{e(d.dead_at)}</td><td>{e(d.error)}</td>"
        f'<td><form class="inline" method="post" '
        f'action="/console/dead-letters/{quote(d.id)}/retry">'
        f'<input type="hidden" name="stream" value="{e(d.dead_stream)}">'
        "<button type=submit>Retry</button></form></td></tr>"
        for d in letters
    )
    body = f"""
{_flash(request)}
<h1>Dead letters</h1>
<table id="dead-letters"><tr><th>id</th><th>group</th><th>stream</th><th>entry</th>
<th>deliveries</th><th>dead at</th><th>error</th><th></th></tr>
{rows or "<tr><td colspan=8 class=muted>no dead letters</td></tr>"}</table>
<p class="muted">Retry hands the entry to its group's handler again; it leaves this list if
that succeeds.</p>"""
    return _html(request, "Dead letters", body, here="/console/dead-letters")


@post("/console/dead-letters/{dead_id:str}/retry", guards=_GUARD, include_in_schema=False)
async def retry_from_console(request: Request[Any, Any, Any], dead_id: FromPath[str]) -> Redirect:
    _same_origin(request)
    form = await request.form()
    stream = str(form.get("stream", "")) or None
    bus = api_of(request).bus
    try:
        dead = await bus.find_dead_letter(dead_id, stream)
    except KeyError as exc:
        return _back("/console/dead-letters", error=str(exc.args[0]))
    error = await bus.retry_dead_letter(dead)
    if error:
        return _back("/console/dead-letters", error=f"{dead_id} failed again: {error}")
    return _back("/console/dead-letters", done=f"{dead_id} handled and removed")


@get("/console/translations", guards=_GUARD, include_in_schema=False)
async def translations_page(request: Request[Any, Any, Any]) -> Response[str]:
    """The translation queue in queue order, as ``releasebus translations list`` shows it."""
    bus = api_of(request).bus
    workflow = Translations(
        bus.store, bus.registry, bus.clock, lease_s=bus.settings.translation_lease_s
    )
    jobs = await workflow.jobs()
    now = bus.clock.now()
    open_jobs = [j for j in jobs if effective_status(j.job(), now) in OPEN]
    rows = "".join(
        f'<tr><td><a href="/console/releases/{quote(j.release_id)}">{e(j.title or j.release_id)}'
        f"</a></td><td>{e(j.language)}</td><td class=num>{j.source_revision}</td>"
        f"<td>{status_badge(effective_status(j.job(), now))}</td><td class=num>{j.priority}</td>"
        f"<td>{when(j.due_at)}</td><td>{e(j.translator)}</td><td>{when(j.lease_until)}</td>"
        f"<td>{when(j.requested_at)}</td><td class=mono>{e(j.job_id)}</td></tr>"
        for j in open_jobs
    )
    approved = len([j for j in jobs if j.status == "approved"])
    body = f"""
<h1>Translation queue</h1>
<table id="translations"><tr><th>release</th><th>language</th><th>of revision</th>
<th>status</th><th>priority</th><th>due</th><th>translator</th><th>lease until</th>
<th>requested</th><th>job</th></tr>
{rows or "<tr><td colspan=10 class=muted>no open translation jobs</td></tr>"}</table>
<p class="muted">{len(open_jobs)} open, {approved} approved. Translators work through
<code>releasebus translations …</code> or <code>/v1/translations</code>.</p>"""
    return _html(request, "Translation queue", body, here="/console/translations")


@get("/console/subscribers", guards=_GUARD, include_in_schema=False)
async def subscribers_page(request: Request[Any, Any, Any]) -> Response[str]:
    subscribers = await api_of(request).bus.registry.all()
    rows = "".join(
        f"<tr><td class=mono>{e(s.subscriber_id)}</td><td>{e(s.spec.name)}</td>"
        f"<td>{e(s.spec.kind)}</td>"
        f"<td>{status_badge('active' if s.active else 'disabled')}</td>"
        f"<td>{e(s.spec.webhook_url or '')} {e(', '.join(s.spec.emails))}</td>"
        f"<td>{e(' '.join(s.spec.languages) or 'any')}</td>"
        f"<td>{e(' '.join(s.spec.countries) or 'any')}</td>"
        f"<td>{e(', '.join(s.spec.kinds) or 'any')}</td></tr>"
        for s in subscribers
    )
    body = f"""
<h1>Subscribers</h1>
<table id="subscribers"><tr><th>id</th><th>name</th><th>kind</th><th>state</th><th>channels</th>
<th>languages</th><th>countries</th><th>kinds</th></tr>
{rows or "<tr><td colspan=8 class=muted>no subscribers yet</td></tr>"}</table>"""
    return _html(request, "Subscribers", body, here="/console/subscribers")


# --- errors as pages ----------------------------------------------------------------------


def html_errors(request: Request[Any, Any, Any], status: int, detail: str) -> Response[Any] | None:
    """Console errors as pages (sign-in on 401); None leaves other paths to problem details."""
    path = request.url.path
    if not path.startswith("/console"):
        return None
    if status == 401:
        return Redirect(f"/console/login?{urlencode({'next': path})}", status_code=303)
    body = f'<h1>{status}</h1><div class="flash error" role="alert">{e(detail)}</div>'
    return Response(page(f"Error {status}", body), media_type=_HTML, status_code=status)


ROUTES: Final = [
    login_form,
    login,
    logout,
    releases_page,
    submit_from_console,
    release_page,
    resend_from_console,
    groups_page,
    dead_letters_page,
    retry_from_console,
    translations_page,
    subscribers_page,
]
