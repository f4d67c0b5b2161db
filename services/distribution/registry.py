"""The subscriber registry: subscribers as event-sourced records, on one Redis stream.

Every subscriber event goes on ``keys.subscriber_events()`` (fields ``subscriber_id``, ``type``
and ``event``, the msgspec JSON of the event). A subscriber's current form is the fold of its
own events (``schemas.subscribers.fold_subscriber``). Appending is one script (``_APPEND``): it
checks the subscriber's revision against the one the decision was made on, XADDs the event,
bumps the revision and, when the change sets one, stores the webhook secret, all at once. A
caller that named an expected revision gets a :class:`ConflictError` when it no longer holds;
otherwise the registry decides again on the fresh state.

Webhook secrets live only in ``keys.subscriber_secrets()``. Events carry ``secret_id``, a short
fingerprint, so the history says when a secret changed without ever holding one.

The registry keeps every subscriber event in memory (there are few: one per operator change)
and :meth:`SubscriberRegistry.refresh` reads only the entries after the last one it saw, so the
distribution service can call it before every batch.

Subscriber files (``releasebus subscribers apply FILE``) are TOML, one table per subscriber
keyed by its id; see ``deploy/subscribers.example.toml``. A table may name the environment
variable holding its webhook secret with ``secret_env``: that key is read by
:func:`load_secrets` and stripped before the rest becomes a :class:`SubscriberSpec`, so no
secret is ever written in the file or in a spec.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import email.utils
import functools
import hashlib
import ipaddress
import os
import re
import secrets as _random
import tomllib
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import msgspec
import pycountry
import structlog
from redis.asyncio import Redis

from schemas.release import KINDS
from schemas.subscribers import (
    SUBSCRIBER_KINDS,
    AnySubscriberEvent,
    Subscriber,
    SubscriberDisabled,
    SubscriberEnabled,
    SubscriberRegistered,
    SubscriberSpec,
    SubscriberUpdated,
    fold_subscriber,
)
from services._clock import Clock
from services._keys import Keys
from services._store import as_text, xrange
from services.enrichment.topics import TOPICS

__all__ = [
    "ApplyReport",
    "ConflictError",
    "SpecError",
    "SubscriberExistsError",
    "SubscriberRegistry",
    "UnknownSubscriberError",
    "check_id",
    "load_file",
    "load_secrets",
    "new_secret",
    "normalize",
    "parse_spec",
    "secret_id",
    "spec_changes",
    "validate",
]

log = structlog.get_logger("releasebus.subscribers")

_APPEND: Final = """
local stream, revisions, secrets = KEYS[1], KEYS[2], KEYS[3]
local id, expected, etype, data, secret = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local current = tonumber(redis.call('HGET', revisions, id) or '0')
if current ~= expected then
  return {0, current}
end
local entry = redis.call('XADD', stream, '*', 'subscriber_id', id, 'type', etype, 'event', data)
redis.call('HSET', revisions, id, current + 1)
if secret ~= '' then
  redis.call('HSET', secrets, id, secret)
end
return {1, entry}
"""

# One call for a whole batch: a delivery id keeps the number it got first, and a subscriber's
# counter only moves for delivery ids it has not seen, so numbers run 1, 2, 3 … without gaps.
_SEQUENCES: Final = """
local counters, deliveries = KEYS[1], KEYS[2]
local out = {}
for i = 1, #ARGV, 2 do
  local n = redis.call('HGET', deliveries, ARGV[i + 1])
  if not n then
    n = redis.call('HINCRBY', counters, ARGV[i], 1)
    redis.call('HSET', deliveries, ARGV[i + 1], n)
  end
  out[#out + 1] = tonumber(n)
end
return out
"""

#: Entries per XRANGE page when catching up; one page when nothing changed.
_PAGE: Final = 1000
#: How often a change without an expected revision is decided again after losing a race.
_ATTEMPTS: Final = 5

SECRET_PREFIX: Final = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret


# --- errors -------------------------------------------------------------------------------------


class SpecError(ValueError):
    """A subscriber definition that cannot be accepted, naming the field (and where it was)."""

    def __init__(
        self,
        field: str | None,
        message: str,
        *,
        subscriber_id: str | None = None,
        source: str | None = None,
    ) -> None:
        self.field = field
        self.message = message
        self.subscriber_id = subscriber_id
        self.source = source
        where = [
            source,
            f"[subscribers.{subscriber_id}]" if subscriber_id is not None else None,
            field,
        ]
        super().__init__(": ".join([*(w for w in where if w), message]))

    def at(self, *, subscriber_id: str | None = None, source: str | None = None) -> SpecError:
        """The same error, placed in a file and/or a subscriber."""
        return SpecError(
            self.field,
            self.message,
            subscriber_id=subscriber_id or self.subscriber_id,
            source=source or self.source,
        )


class ConflictError(Exception):
    """The subscriber changed since the revision the caller decided on."""

    def __init__(self, subscriber_id: str, expected: int, found: int) -> None:
        self.subscriber_id, self.expected, self.found = subscriber_id, expected, found
        super().__init__(f"subscriber {subscriber_id}: expected revision {expected}, found {found}")


class UnknownSubscriberError(LookupError):
    def __init__(self, subscriber_id: str) -> None:
        self.subscriber_id = subscriber_id
        super().__init__(f"no subscriber {subscriber_id}")

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0])


class SubscriberExistsError(ValueError):
    def __init__(self, subscriber_id: str) -> None:
        self.subscriber_id = subscriber_id
        super().__init__(f"subscriber {subscriber_id} already exists")


# --- validation (pure) --------------------------------------------------------------------------

_ID: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_HHMM: Final = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_ENV_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KINDS: Final = {k.casefold(): k for k in KINDS}
_TOPIC_IDS: Final = frozenset(t.id for t in TOPICS)
_TOPIC_CODES: Final = frozenset(t.iptc for t in TOPICS)


def check_id(subscriber_id: str) -> None:
    if not _ID.fullmatch(subscriber_id):
        raise SpecError(
            "id",
            f"{subscriber_id!r} must be 1-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
        )


@functools.cache
def _is_language(code: str) -> bool:
    return len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None


@functools.cache
def _is_country(code: str) -> bool:
    # XK (Kosovo) is user-assigned in ISO 3166-1 but in general use, and the gazetteer has it.
    return code == "XK" or (len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None)


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _check_url(url: str, allow_private: bool) -> str:
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        raise SpecError("webhook_url", f"{url!r} is not a URL")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise SpecError("webhook_url", f"{url!r} must be an http or https URL")
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise SpecError("webhook_url", f"{url!r} has an invalid port") from None
    if "@" in parts.netloc:
        raise SpecError("webhook_url", "must not carry credentials (user:password@)")
    host = parts.hostname
    if not host:
        raise SpecError("webhook_url", f"{url!r} has no host")
    if not allow_private and _is_private_host(host):
        raise SpecError(
            "webhook_url",
            f"{host} is a loopback, private or link-local address; "
            "set allow_private if the operator means it",
        )
    return url


def _is_private_host(host: str) -> bool:
    """Literal addresses and ``localhost`` only: names are checked again when resolved."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def _check_email(value: str) -> str:
    value = value.strip()
    _, address = email.utils.parseaddr(value)
    local, at, domain = address.rpartition("@")
    valid_domain = domain == "localhost" or (
        "." in domain and all(domain.split(".")) and not any(c.isspace() for c in domain)
    )
    if not (at and local and "@" not in local and valid_domain):
        raise SpecError("emails", f"{value!r} is not an e-mail address")
    return value


def _filters(spec: SubscriberSpec) -> dict[str, tuple[str, ...]]:
    """The filter lists in canonical form: lower-case languages and topics, upper-case countries."""
    languages = _unique([c.strip().lower() for c in spec.languages])
    for code in languages:
        if not _is_language(code):
            raise SpecError("languages", f"{code!r} is not an ISO 639-1 language code")
    countries = _unique([c.strip().upper() for c in spec.countries])
    for code in countries:
        if not _is_country(code):
            raise SpecError("countries", f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    kinds: list[str] = []
    for kind in spec.kinds:
        canonical = _KINDS.get(" ".join(kind.split()).casefold())
        if canonical is None:
            raise SpecError("kinds", f"{kind!r} is not a release kind ({', '.join(KINDS)})")
        kinds.append(canonical)
    topics = _unique([t.strip().lower() for t in spec.topics])
    for topic in topics:
        if topic not in _TOPIC_IDS and topic not in _TOPIC_CODES:
            raise SpecError(
                "topics", f"{topic!r} is not a topic id ({', '.join(sorted(_TOPIC_IDS))}) "
                "or the IPTC code of one"
            )  # fmt: skip
    return {
        "languages": languages,
        "countries": countries,
        "kinds": _unique(kinds),
        "topics": topics,
    }


def normalize(spec: SubscriberSpec) -> SubscriberSpec:
    """The spec with codes in canonical form (FR, fr, "Press Statement"), or a SpecError."""
    name = spec.name.strip()
    if not name:
        raise SpecError("name", "must not be empty")
    if spec.kind not in SUBSCRIBER_KINDS:
        raise SpecError("kind", f"{spec.kind!r} is not one of {', '.join(SUBSCRIBER_KINDS)}")
    if spec.digest not in ("immediate", "daily"):
        raise SpecError("digest", f"{spec.digest!r} is not immediate or daily")
    if not _HHMM.fullmatch(spec.digest_at):
        raise SpecError("digest_at", f"{spec.digest_at!r} is not a time of day as HH:MM")
    webhook = None if spec.webhook_url is None else _check_url(spec.webhook_url, spec.allow_private)
    emails = _unique([_check_email(e) for e in spec.emails])
    if spec.kind != "feed" and webhook is None and not emails:
        raise SpecError(
            "webhook_url", f"a {spec.kind} needs a webhook_url or e-mail addresses (emails)"
        )
    if spec.digest == "daily" and not emails:
        raise SpecError("digest", "a daily digest is sent by e-mail: give emails")
    return msgspec.structs.replace(
        spec, name=name, webhook_url=webhook, emails=emails, **_filters(spec)
    )


def validate(spec: SubscriberSpec) -> None:
    """Raise :class:`SpecError` (naming the field) unless the spec can be registered."""
    normalize(spec)


_MSGSPEC_AT: Final = re.compile(r"(?P<message>.*) - at `\$\.?(?P<field>.*)`")
_MSGSPEC_FIELD: Final = re.compile(r"Object (?P<message>.*) field `(?P<field>.*)`")


def _spec_error(exc: msgspec.ValidationError) -> SpecError:
    """msgspec's message split into the field it names and what is wrong with it."""
    text = str(exc)
    if found := _MSGSPEC_AT.fullmatch(text):
        return SpecError(found["field"] or None, found["message"])
    if found := _MSGSPEC_FIELD.fullmatch(text):
        message = found["message"].replace("contains unknown", "unknown field")
        return SpecError(found["field"], message.replace("missing required", "required field"))
    return SpecError(None, text)


def parse_spec(fields: Mapping[str, Any]) -> SubscriberSpec:
    """A normalized spec from plain values (a TOML table, CLI options); unknown fields refused."""
    values = dict(fields)
    if isinstance(values.get("digest_at"), dt.time):  # TOML: digest_at = 07:00:00
        values["digest_at"] = values["digest_at"].strftime("%H:%M")
    try:
        spec = msgspec.convert(values, SubscriberSpec)
    except msgspec.ValidationError as exc:
        raise _spec_error(exc) from None
    return normalize(spec)


def spec_changes(old: SubscriberSpec, new: SubscriberSpec) -> tuple[str, ...]:
    """The names of the fields that differ, in declaration order."""
    return tuple(f for f in new.__struct_fields__ if getattr(old, f) != getattr(new, f))


# --- secrets ------------------------------------------------------------------------------------


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 24 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(_random.token_bytes(24)).decode()


def secret_id(secret: str) -> str:
    """The fingerprint events record: says which secret is in use, reveals nothing of it."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def _check_secret(secret: str) -> str:
    body = secret.strip().removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except ValueError:
        raise SpecError("secret", "must be whsec_ followed by base64") from None
    if not 24 <= len(key) <= 64:
        raise SpecError("secret", f"must hold 24 to 64 bytes, not {len(key)}")
    return SECRET_PREFIX + body


# --- files --------------------------------------------------------------------------------------


class _Entry(msgspec.Struct, frozen=True):
    spec: SubscriberSpec
    secret_env: str | None


def _read_file(path: str | Path) -> dict[str, _Entry]:
    source = str(path)
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(None, f"not valid TOML: {exc}", source=source) from None
    unknown = sorted(set(document) - {"subscribers"})
    if unknown:
        raise SpecError(unknown[0], "unknown key: only [subscribers.<id>] tables", source=source)
    tables = document.get("subscribers")
    if not isinstance(tables, dict):
        raise SpecError("subscribers", "no [subscribers.<id>] tables", source=source)
    entries: dict[str, _Entry] = {}
    for subscriber_id, table in tables.items():
        try:
            check_id(subscriber_id)
            if not isinstance(table, dict):
                raise SpecError(None, "must be a table")
            fields = dict(table)
            env = fields.pop("secret_env", None)
            if env is not None and not (isinstance(env, str) and _ENV_NAME.fullmatch(env)):
                raise SpecError("secret_env", f"{env!r} is not an environment variable name")
            entries[subscriber_id] = _Entry(parse_spec(fields), env)
        except SpecError as exc:
            raise exc.at(subscriber_id=subscriber_id, source=source) from None
    return entries


def load_file(path: str | Path) -> dict[str, SubscriberSpec]:
    """The subscribers a TOML file declares, by id, validated and normalized.

    Errors name the file, the subscriber and the field. ``secret_env`` keys are allowed and
    left out here (see :func:`load_secrets`).
    """
    return {sid: entry.spec for sid, entry in _read_file(path).items()}


def load_secrets(path: str | Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The webhook secrets a file's ``secret_env`` keys point at, read from the environment."""
    env = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for subscriber_id, entry in _read_file(path).items():
        if entry.secret_env is None:
            continue
        try:
            value = env.get(entry.secret_env)
            if not value:
                raise SpecError("secret_env", f"${entry.secret_env} is not set")
            if entry.spec.webhook_url is None:
                raise SpecError("secret_env", "a secret is only used with a webhook_url")
            found[subscriber_id] = _check_secret(value)
        except SpecError as exc:
            raise exc.at(subscriber_id=subscriber_id, source=str(path)) from None
    return found


# --- the registry -------------------------------------------------------------------------------


class ApplyReport(msgspec.Struct, frozen=True, kw_only=True):
    """What :meth:`SubscriberRegistry.apply` did (or, with ``dry_run``, would do)."""

    dry_run: bool = False
    created: tuple[str, ...] = ()
    #: Subscriber id → the fields that changed (``secret_id``: a new secret).
    updated: dict[str, tuple[str, ...]] = {}
    unchanged: tuple[str, ...] = ()
    #: Active subscribers missing from the file (only with ``prune``).
    disabled: tuple[str, ...] = ()
    #: In the file but disabled: apply never enables (``releasebus subscribers enable``).
    inactive: tuple[str, ...] = ()
    #: Secrets generated here for webhooks, by subscriber id: the only time they are returned.
    secrets: dict[str, str] = {}


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].rstrip("-")
    return f"{slug or 'subscriber'}-{_random.token_hex(3)}"


def _update_plan(
    current: Subscriber, spec: SubscriberSpec, *, secret: str | None, rotate: bool
) -> tuple[tuple[str, ...], bool]:
    """The fields an update changes (``secret_id`` included) and whether to generate a secret."""
    changes = spec_changes(current.spec, spec)
    if (rotate or secret is not None) and spec.webhook_url is None:
        raise SpecError("secret", "only a subscriber with a webhook_url has a secret")
    if secret is not None:
        new_id = secret_id(secret) != current.secret_id
        return (*changes, "secret_id") if new_id else changes, False
    generate = rotate or (spec.webhook_url is not None and current.secret_id is None)
    return (*changes, "secret_id") if generate else changes, generate


_LOG_NAMES: Final[dict[type[AnySubscriberEvent], str]] = {
    SubscriberRegistered: "subscriber.registered",
    SubscriberUpdated: "subscriber.updated",
    SubscriberDisabled: "subscriber.disabled",
    SubscriberEnabled: "subscriber.enabled",
}


def _validated(
    specs: Mapping[str, SubscriberSpec], secrets: Mapping[str, str]
) -> dict[str, SubscriberSpec]:
    """Every spec normalized, or the first SpecError, placed in its subscriber."""
    planned: dict[str, SubscriberSpec] = {}
    for subscriber_id, spec in specs.items():
        try:
            check_id(subscriber_id)
            planned[subscriber_id] = normalize(spec)
            if subscriber_id in secrets and spec.webhook_url is None:
                raise SpecError("secret_env", "a secret is only used with a webhook_url")
        except SpecError as exc:
            raise exc.at(subscriber_id=subscriber_id) from None
    return planned


#: A decision: from the current state, the event to append (revision still 0) and the secret
#: it sets, or None when nothing changes.
_Decide = Callable[[Subscriber | None], tuple[AnySubscriberEvent, str | None] | None]


class SubscriberRegistry:
    """Registers and changes subscribers; reads them through an incremental cache."""

    def __init__(self, redis: Redis, keys: Keys, clock: Clock) -> None:
        self.redis = redis
        self.keys = keys
        self.clock = clock
        self._append = redis.register_script(_APPEND)
        self._sequences = redis.register_script(_SEQUENCES)
        self._encode = msgspec.json.Encoder().encode
        self._decode = msgspec.json.Decoder(AnySubscriberEvent).decode
        self._events: dict[str, list[AnySubscriberEvent]] = {}
        self._state: dict[str, Subscriber] = {}
        self._last_id: str | None = None
        self._lock = asyncio.Lock()

    # --- reading -------------------------------------------------------------------------------
    async def refresh(self) -> dict[str, Subscriber]:
        """Every subscriber (active or not) by id, after reading the events not seen yet."""
        await self._catch_up()
        return dict(self._state)

    async def _catch_up(self) -> None:
        async with self._lock:
            touched: set[str] = set()
            stream = self.keys.subscriber_events()
            while True:
                start = "-" if self._last_id is None else f"({self._last_id}"
                entries = await xrange(self.redis, stream, start, "+", count=_PAGE)
                for _, fields in entries:
                    event = self._decode(fields[b"event"])
                    self._events.setdefault(event.subscriber_id, []).append(event)
                    touched.add(event.subscriber_id)
                if entries:
                    self._last_id = entries[-1][0].decode()
                if len(entries) < _PAGE:
                    break
            for subscriber_id in touched:
                state = fold_subscriber(self._events[subscriber_id])
                if state is not None:
                    self._state[subscriber_id] = state

    async def get(self, subscriber_id: str) -> Subscriber | None:
        await self._catch_up()
        return self._state.get(subscriber_id)

    async def history(self, subscriber_id: str) -> list[AnySubscriberEvent]:
        await self._catch_up()
        return list(self._events.get(subscriber_id, ()))

    async def all(self) -> list[Subscriber]:
        await self._catch_up()
        return sorted(self._state.values(), key=lambda s: s.subscriber_id)

    async def active(self) -> list[Subscriber]:
        return [s for s in await self.all() if s.active]

    async def secret(self, subscriber_id: str) -> str | None:
        raw = await self.redis.hget(self.keys.subscriber_secrets(), subscriber_id)
        return None if raw is None else as_text(raw)

    # --- changing ------------------------------------------------------------------------------
    async def register(
        self,
        spec: SubscriberSpec,
        *,
        subscriber_id: str | None = None,
        secret: str | None = None,
        actor: str | None = None,
    ) -> tuple[Subscriber, str | None]:
        """Register a new subscriber; returns it and the secret generated for its webhook.

        The generated secret is returned this once (a given ``secret`` is not returned).
        """
        spec = normalize(spec)
        if subscriber_id is None:
            subscriber_id = _slug(spec.name)
        check_id(subscriber_id)
        if secret is not None:
            if spec.webhook_url is None:
                raise SpecError("secret", "only a subscriber with a webhook_url has a secret")
            secret = _check_secret(secret)
        generated = new_secret() if spec.webhook_url is not None and secret is None else None
        chosen = secret or generated
        sid = subscriber_id

        def decide(current: Subscriber | None) -> tuple[AnySubscriberEvent, str | None]:
            if current is not None:
                raise SubscriberExistsError(sid)
            event = SubscriberRegistered(
                event_id=str(uuid.uuid4()),
                subscriber_id=sid,
                occurred_at=self.clock.now(),
                actor=actor,
                spec=spec,
                secret_id=None if chosen is None else secret_id(chosen),
            )
            return event, chosen

        state, _ = await self._change(sid, decide, expected=None)
        return state, generated

    async def update(
        self,
        subscriber_id: str,
        spec: SubscriberSpec,
        *,
        expected_revision: int | None = None,
        rotate_secret: bool = False,
        secret: str | None = None,
        actor: str | None = None,
    ) -> tuple[Subscriber, str | None]:
        """Replace a subscriber's spec; no event when nothing changed.

        A webhook gets a secret when it has none; ``rotate_secret`` generates a new one and
        ``secret`` sets a given one. Returns the subscriber and the secret generated here.
        """
        spec = normalize(spec)
        if secret is not None:
            secret = _check_secret(secret)
        fresh = new_secret()

        def decide(current: Subscriber | None) -> tuple[AnySubscriberEvent, str | None] | None:
            if current is None:
                raise UnknownSubscriberError(subscriber_id)
            changes, generate = _update_plan(current, spec, secret=secret, rotate=rotate_secret)
            if not changes:
                return None
            chosen = fresh if generate else secret
            event = SubscriberUpdated(
                event_id=str(uuid.uuid4()),
                subscriber_id=subscriber_id,
                occurred_at=self.clock.now(),
                actor=actor,
                spec=spec,
                changes=changes,
                secret_id=None if chosen is None else secret_id(chosen),
            )
            return event, chosen

        state, stored = await self._change(subscriber_id, decide, expected=expected_revision)
        return state, fresh if stored == fresh else None

    async def disable(
        self, subscriber_id: str, reason: str, *, actor: str | None = None
    ) -> Subscriber:
        """Stop deliveries to a subscriber (no event if it is disabled already)."""
        if not reason.strip():
            raise SpecError("reason", "say why the subscriber is disabled")

        def decide(current: Subscriber | None) -> tuple[AnySubscriberEvent, None] | None:
            if current is None:
                raise UnknownSubscriberError(subscriber_id)
            if not current.active:
                return None
            event = SubscriberDisabled(
                event_id=str(uuid.uuid4()),
                subscriber_id=subscriber_id,
                occurred_at=self.clock.now(),
                actor=actor,
                reason=reason.strip(),
            )
            return event, None

        state, _ = await self._change(subscriber_id, decide, expected=None)
        return state

    async def enable(
        self, subscriber_id: str, *, reason: str | None = None, actor: str | None = None
    ) -> Subscriber:
        """Resume deliveries to a subscriber (no event if it is active already)."""

        def decide(current: Subscriber | None) -> tuple[AnySubscriberEvent, None] | None:
            if current is None:
                raise UnknownSubscriberError(subscriber_id)
            if current.active:
                return None
            event = SubscriberEnabled(
                event_id=str(uuid.uuid4()),
                subscriber_id=subscriber_id,
                occurred_at=self.clock.now(),
                actor=actor,
                reason=reason,
            )
            return event, None

        state, _ = await self._change(subscriber_id, decide, expected=None)
        return state

    async def _change(
        self, subscriber_id: str, decide: _Decide, *, expected: int | None
    ) -> tuple[Subscriber, str | None]:
        """Decide on the current state and append; decide again after losing a race.

        Returns the subscriber and the secret the appended event set (None: no event, or no
        new secret). With ``expected``, the decision stands only on that revision: any other
        raises :class:`ConflictError`.
        """
        found = 0
        for _ in range(_ATTEMPTS):
            current = await self.get(subscriber_id)
            found = current.revision if current else 0
            if expected is not None and expected != found:
                raise ConflictError(subscriber_id, expected, found)
            decision = decide(current)
            if decision is None:
                if current is None:  # every decision refuses a missing subscriber first
                    raise UnknownSubscriberError(subscriber_id)
                return current, None
            event, secret = decision
            event = msgspec.structs.replace(event, revision=found + 1, recorded_at=self.clock.now())
            appended, detail = await self._append(
                keys=[
                    self.keys.subscriber_events(),
                    self.keys.subscriber_revisions(),
                    self.keys.subscriber_secrets(),
                ],
                args=[
                    subscriber_id,
                    found,
                    type(event).__name__,
                    self._encode(event),
                    secret or "",
                ],
            )
            if int(appended):
                log.info(
                    _LOG_NAMES[type(event)],
                    subscriber_id=subscriber_id,
                    revision=event.revision,
                    secret_id=getattr(event, "secret_id", None),
                    changes=getattr(event, "changes", None),
                    actor=event.actor,
                )
                await self._catch_up()
                return self._state[subscriber_id], secret
            if expected is not None:
                raise ConflictError(subscriber_id, expected, int(detail))
        raise ConflictError(subscriber_id, found, found + 1)

    # --- delivery sequence numbers -------------------------------------------------------------
    async def sequences(self, pairs: Sequence[tuple[str, str]]) -> list[int]:
        """Per-subscriber sequence numbers of (subscriber id, delivery id) pairs, in one call.

        The same delivery id always gets the same number; each subscriber's run 1, 2, 3 ….
        """
        if not pairs:
            return []
        args = [value for pair in pairs for value in pair]
        numbers = await self._sequences(
            keys=[self.keys.subscriber_sequences(), self.keys.delivery_sequences()], args=args
        )
        return [int(n) for n in numbers]

    # --- declarative -----------------------------------------------------------------------------
    async def apply(
        self,
        specs: Mapping[str, SubscriberSpec],
        *,
        secrets: Mapping[str, str] | None = None,
        prune: bool = False,
        dry_run: bool = False,
        actor: str | None = None,
    ) -> ApplyReport:
        """Make the registry hold these subscribers (as from :func:`load_file`).

        Every spec is validated before anything is written. New subscribers are registered,
        changed ones updated (on the revision read here), and with ``prune`` active
        subscribers missing from ``specs`` are disabled. ``secrets`` (from
        :func:`load_secrets`) sets webhook secrets; a webhook without one gets a generated
        secret, returned in the report. A disabled subscriber stays disabled.
        """
        given = {sid: _check_secret(s) for sid, s in (secrets or {}).items()}
        planned = _validated(specs, given)
        known = await self.refresh()
        created: list[str] = []
        updated: dict[str, tuple[str, ...]] = {}
        unchanged: list[str] = []
        inactive: list[str] = []
        generated: dict[str, str] = {}
        for subscriber_id, spec in planned.items():
            secret = given.get(subscriber_id)
            current = known.get(subscriber_id)
            if current is None:
                created.append(subscriber_id)
                if not dry_run:
                    _, new = await self.register(
                        spec, subscriber_id=subscriber_id, secret=secret, actor=actor
                    )
                    if new is not None:
                        generated[subscriber_id] = new
                continue
            if not current.active:
                inactive.append(subscriber_id)
            changes, _ = _update_plan(current, spec, secret=secret, rotate=False)
            if not changes:
                unchanged.append(subscriber_id)
                continue
            updated[subscriber_id] = changes
            if not dry_run:
                _, new = await self.update(
                    subscriber_id,
                    spec,
                    expected_revision=current.revision,
                    secret=secret,
                    actor=actor,
                )
                if new is not None:
                    generated[subscriber_id] = new
        disabled = (
            sorted(sid for sid, s in known.items() if s.active and sid not in planned)
            if prune
            else []
        )
        if not dry_run:
            for subscriber_id in disabled:
                await self.disable(
                    subscriber_id, "not in the subscriber file (apply --prune)", actor=actor
                )
        return ApplyReport(
            dry_run=dry_run,
            created=tuple(created),
            updated=updated,
            unchanged=tuple(unchanged),
            disabled=tuple(disabled),
            inactive=tuple(inactive),
            secrets=generated,
        )
