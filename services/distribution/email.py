"""The e-mail channel: render a delivery as a message, and send it over SMTP.

:func:`render_message` is pure: the same items and delivery ids always give the same message,
down to its ``Message-ID``, so a resent delivery can be recognised by the receiving mail
system. :class:`EmailChannel` is the only part that does I/O. A send that fails raises
:class:`EmailSendError`; :func:`classify` tells the caller whether trying again can help.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.policy
import email.utils
import functools
import hashlib
import html
import os
import re
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from email.header import Header
from email.message import EmailMessage
from typing import Any, Final, Literal, NamedTuple

import aiosmtplib
import msgspec
import structlog
from aiosmtplib.email import extract_recipients, extract_sender
from babel import Locale

from schemas.delivery import Lineage, NinjsItem

__all__ = [
    "EmailChannel",
    "EmailOutcome",
    "EmailSendError",
    "SmtpSettings",
    "classify",
    "next_digest_time",
    "render_message",
]

log = structlog.get_logger(__name__)

#: The default policy with two changes. Bodies are encoded 7-bit clean (quoted-printable or
#: base64, whichever is shorter), so the message reads the same through any relay, with or
#: without 8BITMIME, and a DKIM signature over it survives. Headers folded here
#: (:func:`_set_text`) are generated as set, not folded again.
_POLICY: Final = email.policy.default.clone(cte_type="7bit", refold_source="none")

_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DIGEST_AT: Final = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_RULE: Final = "-" * 72
_HEADER_WIDTH: Final = 78
_REDACTED: Final = "***"

#: Environment variable of each setting.
_ENV_VARS: Final = {
    "host": "RELEASEBUS_SMTP_HOST",
    "port": "RELEASEBUS_SMTP_PORT",
    "username": "RELEASEBUS_SMTP_USERNAME",
    "password": "RELEASEBUS_SMTP_PASSWORD",
    "starttls": "RELEASEBUS_SMTP_STARTTLS",
    "use_tls": "RELEASEBUS_SMTP_TLS",
    "sender": "RELEASEBUS_SMTP_FROM",
    "timeout": "RELEASEBUS_SMTP_TIMEOUT",
    "unsubscribe_base": "RELEASEBUS_UNSUBSCRIBE_URL",
    "unsubscribe_mailto": "RELEASEBUS_UNSUBSCRIBE_MAILTO",
}


class SmtpSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Where and how to send mail.

    ``starttls`` upgrades a plain connection (usually port 587) and fails if the server does
    not offer it; ``use_tls`` speaks TLS from the first byte (usually port 465). With neither,
    mail goes out unencrypted, which is only right for a relay on the same host or network.
    ``port`` None means the usual port for that choice. ``timeout`` applies to each SMTP
    command, not to the whole send.
    """

    host: str
    port: int | None = None
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    use_tls: bool = False
    sender: str = "releasebus <releasebus@localhost>"
    timeout: float = 30.0
    #: One-click unsubscribe endpoint; the link is ``<base>?subscriber=<id>``.
    unsubscribe_base: str | None = None
    #: Address that unsubscribes whoever writes to it (``mailto:`` optional).
    unsubscribe_mailto: str | None = None

    def __post_init__(self) -> None:
        if self.starttls and self.use_tls:
            raise ValueError("starttls and use_tls are exclusive: choose one")
        for link in (self.unsubscribe_base, self.unsubscribe_mailto):
            if link and not link.isascii():
                raise ValueError(
                    f"unsubscribe addresses must be ASCII (punycode, %-escapes): {link}"
                )

    def __repr__(self) -> str:
        # The password must never reach a log line, a traceback or an error message.
        fields = {f: getattr(self, f) for f in self.__struct_fields__}
        if fields["password"] is not None:
            fields["password"] = _REDACTED
        return "SmtpSettings(" + ", ".join(f"{k}={v!r}" for k, v in fields.items()) + ")"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """Settings from ``RELEASEBUS_SMTP_*`` variables; None when no host is set."""
        source = os.environ if env is None else env
        if not source.get(_ENV_VARS["host"]):
            return None
        raw = {field: source[var] for field, var in _ENV_VARS.items() if source.get(var)}
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise ValueError(f"invalid SMTP settings: {exc}") from None


# -- rendering ---------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One item as both renderings show it."""

    subject: str
    title: str
    language: str | None
    notices: tuple[tuple[str, str], ...]
    meta: str
    byline: str | None
    paragraphs: tuple[str, ...]
    source_url: str | None


class _Footer(NamedTuple):
    subscriber_name: str
    unsubscribe: tuple[str, ...]
    delivery_ids: tuple[str, ...]


def render_message(
    *,
    to: str | Sequence[str],
    subscriber_id: str,
    subscriber_name: str,
    items: Sequence[tuple[NinjsItem, Lineage]],
    delivery_ids: Sequence[str],
    settings: SmtpSettings,
    digest_date: dt.date | None = None,
    sent_at: dt.datetime | None = None,
) -> EmailMessage:
    """The message for one subscriber: one item immediately, or several as a daily digest.

    A digest is rendered when there is more than one item or ``digest_date`` is given.
    ``Message-ID`` is derived from ``delivery_ids`` alone (order does not matter), so
    resending a delivery produces the same id and a mail system can drop the duplicate.
    ``sent_at`` is the ``Date`` header; the default is the newest item's time, which keeps a
    re-render identical but may lie in the past, so a sender should pass its clock's now.
    The digest's date defaults to the day of ``sent_at``.

    The same arguments give the same bytes. Flatten with the message's own policy
    (``message.as_bytes()``), as :class:`EmailChannel` does: it keeps the headers folded
    here intact, where ``email.policy.SMTP`` would fold them again.
    """
    if not items:
        raise ValueError("nothing to send: no items")
    if not delivery_ids:
        raise ValueError("a message needs the delivery ids it carries")
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise ValueError("a message needs at least one recipient")
    sent_at = _as_utc(sent_at) if sent_at else _newest_time(items)
    entries = [_entry(item, lineage) for item, lineage in items]
    digest = digest_date is not None or len(entries) > 1
    day = digest_date or sent_at.date()
    subject = _digest_subject(day, items) if digest else entries[0].subject
    unsubscribe = _unsubscribe_links(settings, subscriber_id)
    domain = _sender_domain(settings.sender)
    key = _delivery_key(delivery_ids)

    message = EmailMessage(policy=_POLICY)
    message["From"] = settings.sender
    message["To"] = ", ".join(recipients)
    message["Date"] = email.utils.format_datetime(sent_at)
    _set_text(message, "Subject", subject)
    message["Message-ID"] = f"<releasebus.{key}@{domain}>"
    _set_text(message, "List-Id", f"{_list_name(settings.sender)} <releases.{domain}>")
    if unsubscribe:
        _set_text(message, "List-Unsubscribe", ", ".join(f"<{link}>" for link in unsubscribe))
    if settings.unsubscribe_base:
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    _set_text(message, "X-Releasebus-Delivery", ", ".join(delivery_ids))

    footer = _Footer(subscriber_name, unsubscribe, tuple(delivery_ids))
    if digest:
        message.set_content(_digest_text(day, entries, footer))
        message.add_alternative(_digest_html(day, subject, entries, footer), subtype="html")
    else:
        message.set_content(_entry_text(entries[0]) + _footer_text(footer))
        message.add_alternative(_single_html(entries[0], footer), subtype="html")
    # A fixed boundary instead of a random one, so the same inputs give the same bytes. "=_"
    # never occurs in quoted-printable or base64 text, and the hash makes a plain-text body
    # that contains it as unlikely as a random boundary would.
    message.set_boundary(f"=_releasebus_{key}")
    return message


def _entry(item: NinjsItem, lineage: Lineage) -> _Entry:
    title = _one_line(_title(item))
    notices: list[tuple[str, str]] = []
    if lineage.withheld_until is not None:
        notices.append(
            ("EMBARGOED", f"Not for publication before {_utc_time(lineage.withheld_until)}.")
        )
    if lineage.notice == "correction":
        earlier = f"version {lineage.correction_of}" if lineage.correction_of else "an earlier one"
        text = f"This version corrects {earlier}"
        text += f": {lineage.correction_note}" if lineage.correction_note else "."
        notices.append(("CORRECTION", text))
    if lineage.notice == "withdrawal":
        reason = lineage.withdrawn_reason or item.ednote
        text = "This release has been withdrawn; do not use it"
        notices.append(("WITHDRAWN", f"{text}. Reason: {reason}" if reason else f"{text}."))
    if lineage.unofficial_translation:
        kind = "machine translation" if lineage.machine_translation else "translation"
        original = _language_name(lineage.original_language)
        of = f" of the original in {original}" if original else ""
        notices.append(
            (
                "UNOFFICIAL TRANSLATION",
                f"This is an unofficial {kind}{of}. Only the original is authoritative.",
            )
        )
    meta = [", ".join(g.name for g in item.genres), item.located or ""]
    if item.contentcreated:
        meta.append(_long_date(item.contentcreated))
    paragraphs = tuple(
        p.strip()
        for body in item.bodies
        if body.role == "main"
        for p in body.value.split("\n\n")
        if p.strip()
    )
    return _Entry(
        subject=_item_subject(title, lineage),
        title=title,
        language=item.language,
        notices=tuple(notices),
        meta=" | ".join(m for m in meta if m),
        byline=item.by,
        paragraphs=paragraphs,
        source_url=lineage.source_url,
    )


def _item_subject(title: str, lineage: Lineage) -> str:
    if lineage.notice == "withdrawal":
        return f"Withdrawn: {title}"
    subject = f"Correction: {title}" if lineage.notice == "correction" else title
    if lineage.withheld_until is not None:
        return f"EMBARGOED until {_utc_time(lineage.withheld_until)}: {subject}"
    return subject


def _digest_subject(day: dt.date, items: Sequence[tuple[NinjsItem, Lineage]]) -> str:
    counts = {"release": 0, "correction": 0, "withdrawal": 0}
    for _, lineage in items:
        counts[lineage.notice] += 1
    parts = [_plural(n, notice) for notice, n in counts.items() if n]
    embargoed = sum(1 for _, lineage in items if lineage.withheld_until is not None)
    if embargoed:
        parts.append(f"{embargoed} embargoed")
    return f"Daily digest, {_long_date(day)} ({', '.join(parts)})"


def _entry_text(entry: _Entry, heading: str | None = None) -> str:
    heading = heading or entry.title
    lines = [f"{label}: {text}" for label, text in entry.notices]
    if lines:
        lines.append("")
    lines += [heading, "=" * len(heading)]
    lines += [line for line in (entry.meta, entry.byline) if line]
    for paragraph in entry.paragraphs:
        lines += ["", paragraph]
    if entry.source_url:
        lines += ["", f"Source: {entry.source_url}"]
    return "\n".join(lines) + "\n"


def _footer_text(footer: _Footer) -> str:
    lines = ["", "-- ", f"Sent to {footer.subscriber_name}."]
    lines += [f"Unsubscribe: {link}" for link in footer.unsubscribe]
    lines.append(f"Delivery: {', '.join(footer.delivery_ids)}")
    return "\n".join(lines) + "\n"


def _digest_text(day: dt.date, entries: Sequence[_Entry], footer: _Footer) -> str:
    heading = f"Daily digest, {_long_date(day)}"
    lines = [heading, "=" * len(heading), f"For {footer.subscriber_name}", ""]
    lines += [f"{n}. {entry.subject}" for n, entry in enumerate(entries, 1)]
    text = "\n".join(lines) + "\n"
    for n, entry in enumerate(entries, 1):
        text += f"\n{_RULE}\n\n" + _entry_text(entry, heading=f"{n}. {entry.title}")
    return text + _footer_text(footer)


def _entry_html(entry: _Entry, tag: str, anchor: str | None = None) -> str:
    e = _escape
    lang = f' lang="{e(entry.language)}"' if entry.language else ""
    ident = f' id="{anchor}"' if anchor else ""
    parts = [f'<article{lang} dir="auto"{ident}>']
    parts += [
        f'<p style="border-left:4px solid #b00;padding-left:8px">'
        f"<strong>{e(label)}</strong>: {e(text)}</p>"
        for label, text in entry.notices
    ]
    parts.append(f"<{tag}>{e(entry.title)}</{tag}>")
    if entry.meta:
        parts.append(f'<p style="color:#555">{e(entry.meta)}</p>')
    if entry.byline:
        parts.append(f"<p><em>{e(entry.byline)}</em></p>")
    parts += [f"<p>{e(p).replace(chr(10), '<br>')}</p>" for p in entry.paragraphs]
    if entry.source_url:
        parts.append(f"<p>Source: {_link(entry.source_url)}</p>")
    parts.append("</article>")
    return "\n".join(parts)


def _footer_html(footer: _Footer) -> str:
    e = _escape
    links = " ".join(_link(link, "Unsubscribe") for link in footer.unsubscribe)
    return (
        '<hr>\n<footer style="color:#555;font-size:small">\n'
        f"<p>Sent to {e(footer.subscriber_name)}. {links}</p>\n"
        f"<p>Delivery: {e(', '.join(footer.delivery_ids))}</p>\n</footer>"
    )


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _single_html(entry: _Entry, footer: _Footer) -> str:
    return _page(entry.subject, _entry_html(entry, "h1") + "\n" + _footer_html(footer))


def _digest_html(day: dt.date, subject: str, entries: Sequence[_Entry], footer: _Footer) -> str:
    e = _escape
    parts = [
        f"<h1>Daily digest, {e(_long_date(day))}</h1>",
        f"<p>For {e(footer.subscriber_name)}</p>",
        "<ol>",
        *(f'<li><a href="#item-{n}">{e(x.subject)}</a></li>' for n, x in enumerate(entries, 1)),
        "</ol>",
    ]
    for n, entry in enumerate(entries, 1):
        parts += ["<hr>", _entry_html(entry, "h2", anchor=f"item-{n}")]
    parts.append(_footer_html(footer))
    return _page(subject, "\n".join(parts))


def _set_text(message: EmailMessage, name: str, value: str) -> None:
    """Set a free-text header, folded here rather than by the policy.

    The default policy's folder (as of Python 3.11) can drop the space between adjacent
    encoded words of a mixed-script subject ("Correction: بيان صحفي" arrives as one word),
    can leave a stray space at the start of a long ASCII subject, and wraps a URL longer than
    a line in encoded words, which breaks ``List-Unsubscribe`` for clients that read it raw.
    So an ASCII value is folded at its spaces (unfolding gives it back exactly, and a word
    longer than a line stays whole: the hard limit is 998), and anything else is encoded
    whole by :class:`email.header.Header`, whose encoded words keep every space.
    """
    if not value.isascii():
        message.set_raw(name, Header(value, "utf-8", header_name=name).encode())
        return
    lines = [f"{name}:"]
    for word in value.split(" "):
        if len(lines[-1]) + 1 + len(word) > _HEADER_WIDTH and lines[-1] != f"{name}:":
            lines.append("")
        lines[-1] += " " + word
    message.set_raw(name, "\n".join(lines).removeprefix(f"{name}: "))


def _list_name(sender: str) -> str:
    # The sender's display name describes the list; a non-ASCII one would need encoding
    # inside List-Id, which few clients decode, so it gives way to a plain description.
    name = email.utils.parseaddr(sender)[0]
    return name if name and name.isascii() else "Press releases"


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _link(url: str, text: str | None = None) -> str:
    """A link for web and mail addresses only; anything else (``javascript:``) stays text."""
    if urllib.parse.urlsplit(url).scheme.lower() not in {"http", "https", "mailto"}:
        return _escape(text or url)
    return f'<a href="{_escape(url)}">{_escape(text or url)}</a>'


def _title(item: NinjsItem) -> str:
    main = [h.value for h in item.headlines if h.role == "main"]
    return (main or [h.value for h in item.headlines] or [item.uri])[0]


def _one_line(text: str) -> str:
    # A header cannot hold a line break, and a title should not need one.
    return " ".join(text.split())


def _unsubscribe_links(settings: SmtpSettings, subscriber_id: str) -> tuple[str, ...]:
    links: list[str] = []
    if settings.unsubscribe_base:
        base = settings.unsubscribe_base
        query = urllib.parse.urlencode({"subscriber": subscriber_id})
        links.append(f"{base}{'&' if '?' in base else '?'}{query}")
    if settings.unsubscribe_mailto:
        address = settings.unsubscribe_mailto.removeprefix("mailto:")
        subject = urllib.parse.quote(f"unsubscribe {subscriber_id}")
        links.append(f"mailto:{address}?subject={subject}")
    return tuple(links)


def _delivery_key(delivery_ids: Sequence[str]) -> str:
    """A short hash of the delivery ids, whatever their order."""
    return hashlib.sha256("\n".join(sorted(set(delivery_ids))).encode()).hexdigest()[:32]


def _sender_domain(sender: str) -> str:
    return email.utils.parseaddr(sender)[1].rpartition("@")[2] or "releasebus.invalid"


def _newest_time(items: Sequence[tuple[NinjsItem, Lineage]]) -> dt.datetime:
    times = [
        _as_utc(when)
        for item, _ in items
        if (when := item.versioncreated or item.firstcreated) is not None
    ]
    if not times:
        raise ValueError("the items carry no time: pass sent_at")
    return max(times)


def _as_utc(when: dt.datetime) -> dt.datetime:
    # Times without a zone are UTC throughout releasebus; never the host's local time.
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def _long_date(day: dt.date) -> str:
    # Spelled out here rather than with strftime("%B"), which follows the host's locale.
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _utc_time(when: dt.datetime) -> str:
    when = _as_utc(when)
    return f"{_long_date(when.date())}, {when:%H:%M} UTC"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@functools.cache
def _language_name(code: str | None) -> str | None:
    if not code:
        return None
    return str(Locale("en").languages.get(code, code))


# -- scheduling --------------------------------------------------------------------------


def next_digest_time(now: dt.datetime, digest_at: str) -> dt.datetime:
    """The next time (UTC) a daily digest due at ``digest_at`` ("HH:MM", UTC) goes out.

    That is today's ``digest_at`` if it is not yet past, else tomorrow's. When ``now`` is
    exactly the digest time, ``now`` itself is returned: the digest is due, not a day away.
    ``now`` must carry a time zone.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    match = _DIGEST_AT.fullmatch(digest_at)
    if match is None:
        raise ValueError(f"digest_at must be HH:MM (00:00 to 23:59), not {digest_at!r}")
    now = now.astimezone(dt.UTC)
    hour, minute = int(match[1]), int(match[2])
    due = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return due if due >= now else due + dt.timedelta(days=1)


# -- sending -----------------------------------------------------------------------------


class EmailOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """An accepted message: the server's reply to its data, and who it refused if anyone.

    ``refused`` maps a recipient the server turned down (while accepting others) to its
    reply; a message refused for every recipient raises instead.
    """

    status: Literal["sent"] = "sent"
    code: int
    reply: str
    latency_ms: float
    message_id: str | None = None
    refused: dict[str, str] = msgspec.field(default_factory=dict)


class EmailSendError(Exception):
    """A message was not accepted. ``retryable`` says whether a later attempt may succeed."""

    def __init__(
        self, message: str, *, retryable: bool, code: int | None = None, latency_ms: float = 0
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.code = code
        self.latency_ms = latency_ms


def classify(exc: BaseException) -> tuple[bool, str]:
    """(retryable, message) for an exception from :meth:`EmailChannel.send`.

    4xx replies, timeouts and lost or refused connections are worth another try; 5xx replies
    (a refused recipient, a rejected message, failed authentication) and a server lacking a
    required feature (STARTTLS) are not, nor is anything unknown.
    """
    result: tuple[bool, str]
    match exc:
        case EmailSendError():
            result = exc.retryable, exc.message
        case aiosmtplib.SMTPRecipientsRefused():
            refusals = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
            retryable = any(not _permanent(r.code) for r in exc.recipients)
            result = retryable, f"all recipients refused ({refusals})"
        case aiosmtplib.SMTPResponseException():
            result = not _permanent(exc.code), f"SMTP {exc.code} {exc.message}"
        case aiosmtplib.SMTPNotSupported():
            result = False, f"SMTP server lacks a required feature: {exc.message}"
        case TimeoutError():
            result = True, f"SMTP timeout: {exc}" if str(exc) else "SMTP timeout"
        case OSError():
            result = True, f"SMTP connection failed: {exc}"
        case aiosmtplib.SMTPException():
            result = False, f"SMTP error: {exc.message}"
        case _:
            result = False, f"{type(exc).__name__}: {exc}"
    return result


def _permanent(code: int) -> bool:
    # Only a 5xx reply is final; a 4xx is temporary by definition, and an unreadable reply
    # (aiosmtplib reports -1) is more likely a glitch than a verdict.
    return 500 <= code < 600


class EmailChannel:
    """Sends rendered messages through one SMTP server.

    Each :meth:`send` opens its own connection (connect, STARTTLS or TLS, login, send, quit).
    That costs a handshake per message but keeps no connection to go stale between the
    scattered sends of a distribution service; batch sends would want a pooled session.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings

    async def send(self, message: EmailMessage) -> EmailOutcome:
        """Send ``message`` to its ``To`` recipients.

        :raises EmailSendError: the server did not take it; see :func:`classify`.
        """
        s = self._settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            username=s.username,
            password=s.password,
            use_tls=s.use_tls,
            start_tls=s.starttls,
            timeout=s.timeout,
        )
        fields: dict[str, Any] = {
            "message_id": message["Message-ID"],
            "delivery": message["X-Releasebus-Delivery"],
            "host": s.host,
        }
        started = time.perf_counter()
        try:
            # Flattened with the message's own policy: aiosmtplib's send_message would refold
            # every header at 78 columns and undo what render_message folded on purpose.
            data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
            sender = extract_sender(message)
            if sender is None:
                raise ValueError("the message has no From header")
            await client.connect()
            refused, reply = await client.sendmail(sender, extract_recipients(message), data)
            with contextlib.suppress(aiosmtplib.SMTPException):
                await client.quit()  # the message is accepted; a failed goodbye changes nothing
        except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
            latency_ms = round((time.perf_counter() - started) * 1000, 1)
            retryable, text = classify(exc)
            text = self._redact(text)
            log.warning(
                "email.failed", retryable=retryable, error=text, latency_ms=latency_ms, **fields
            )
            raise EmailSendError(
                text,
                retryable=retryable,
                code=exc.code if isinstance(exc, aiosmtplib.SMTPResponseException) else None,
                latency_ms=latency_ms,
            ) from exc
        finally:
            # connect() leaves the socket open when the login or STARTTLS after it fails.
            client.close()
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info("email.sent", refused=len(refused), latency_ms=latency_ms, **fields)
        return EmailOutcome(
            # aiosmtplib only returns when the server answered 250 to the message data.
            code=250,
            reply=self._redact(reply),
            latency_ms=latency_ms,
            message_id=fields["message_id"],
            refused={
                address: self._redact(f"{r.code} {r.message}") for address, r in refused.items()
            },
        )

    def _redact(self, text: str) -> str:
        # Servers have been known to echo a failed AUTH line back; never pass that on.
        password = self._settings.password
        return text.replace(password, _REDACTED) if password else text
