"""Key names and partitioning: every key the bus uses is built here.

Keys carry a namespace and a partition hash tag: ``<ns>:{p<k>}:…``. With P partitions a
release lives in partition ``crc32(release_id) % P``; all of its keys (its stream, its id
record, the partition's log and projection) share the hash tag, so they sit in one cluster
slot and one script can touch them all on Redis Cluster or a Valkey cluster.
"""

from __future__ import annotations

import zlib

__all__ = ["Keys"]


class Keys:
    """Builds key names for one namespace and partition count."""

    def __init__(self, namespace: str = "rb", partitions: int = 1) -> None:
        if partitions < 1:
            raise ValueError("partitions must be at least 1")
        if not namespace or any(c in namespace for c in "{} \n"):
            raise ValueError(f"namespace {namespace!r} must be non-empty, without braces or spaces")
        self.namespace = namespace
        self.partitions = partitions

    def partition_of(self, release_id: str) -> int:
        # crc32 is stable across processes and Python versions (unlike hash()).
        return zlib.crc32(release_id.encode()) % self.partitions

    def _p(self, partition: int) -> str:
        return f"{self.namespace}:{{p{partition}}}"

    # --- the event store ---------------------------------------------------------------
    def release(self, release_id: str) -> str:
        """The release's own stream: entry ids ``<revision>-0``."""
        return f"{self._p(self.partition_of(release_id))}:release:{release_id}"

    def release_ids(self, release_id: str) -> str:
        """Hash: event id → "revision log_id fingerprint"; field ``#`` holds the revision."""
        return f"{self._p(self.partition_of(release_id))}:release:{release_id}:ids"

    def log(self, partition: int) -> str:
        """The partition's global log: every event in append order, read by the groups."""
        return f"{self._p(partition)}:log"

    def logs(self) -> list[str]:
        return [self.log(p) for p in range(self.partitions)]

    def partition_of_log(self, stream: str) -> int:
        """The partition number of a log key built by :meth:`log`."""
        return int(stream.rsplit("{p", 1)[1].split("}", 1)[0])

    def config(self) -> str:
        """Hash: settings every process of this namespace must agree on (partitions)."""
        return f"{self.namespace}:config"

    def release_pattern(self, partition: int) -> str:
        return f"{self._p(partition)}:release:*"

    # --- consumer groups -----------------------------------------------------------------
    def inbound(self) -> str:
        """The work stream upstream systems XADD submissions to (group ``ingestion``)."""
        return f"{self.namespace}:{{in}}:inbound"

    def submission(self, digest: str) -> str:
        """String: one whole submission as it was received (never trimmed)."""
        return f"{self.namespace}:submission:{digest}"

    def dead_letters(self, stream: str, group: str) -> str:
        """Where a group's entries of ``stream`` go after too many deliveries.

        Same hash tag as the stream, so moving an entry there and acknowledging it is one
        transaction even on a cluster.
        """
        return f"{stream}:dead:{group}"

    def failures(self, stream: str, group: str) -> str:
        """Hash: entry id → the last error a group's handler raised for it."""
        return f"{stream}:failures:{group}"

    # --- the projection ------------------------------------------------------------------
    def projection_generation(self, partition: int) -> str:
        """String: which projection generation readers use (swapped by a rebuild)."""
        return f"{self._p(partition)}:proj:current"

    def projection_counter(self, partition: int) -> str:
        """String: the last generation number a rebuild took."""
        return f"{self._p(partition)}:proj:generations"

    def projection(self, partition: int, generation: int) -> str:
        """Prefix of one projection generation's keys in a partition."""
        return f"{self._p(partition)}:proj:{generation}"

    def state(self, partition: int, generation: int) -> str:
        """Hash: release id → encoded ReleaseState."""
        return f"{self.projection(partition, generation)}:state"

    def checkpoint(self, partition: int, generation: int) -> str:
        """String: the last log entry id the projection has applied."""
        return f"{self.projection(partition, generation)}:checkpoint"

    def index(self, partition: int, generation: int, name: str, value: str) -> str:
        """Set of release ids with one index value (kind, country, language, status)."""
        # Index keys are listed newline-separated inside the projection script.
        value = " ".join(value.split())
        return f"{self.projection(partition, generation)}:idx:{name}:{value}"

    def date_index(self, partition: int, generation: int) -> str:
        """Sorted set: release id scored by release date (days since 1970-01-01)."""
        return f"{self.projection(partition, generation)}:idx:date"

    def projection_terms(self, partition: int, generation: int) -> str:
        """Hash: release id → the index keys it is in (so the next write can leave them)."""
        return f"{self.projection(partition, generation)}:terms"

    # --- subscribers (one hash tag: the registry's scripts touch several of these) -------
    def _sub(self) -> str:
        return f"{self.namespace}:{{sub}}"

    def subscriber_events(self) -> str:
        """Stream: every subscriber event, in append order (the registry's log)."""
        return f"{self._sub()}:subscribers"

    def subscriber_revisions(self) -> str:
        """Hash: subscriber id → its revision (the optimistic-concurrency check)."""
        return f"{self._sub()}:subscribers:revisions"

    def subscriber_secrets(self) -> str:
        """Hash: subscriber id → webhook secret. Never copied into events or logs."""
        return f"{self._sub()}:subscribers:secrets"

    def subscriber_sequences(self) -> str:
        """Hash: subscriber id → the last delivery sequence number handed out."""
        return f"{self._sub()}:sequences"

    def delivery_sequences(self) -> str:
        """Hash: delivery id → its sequence number (so a retried schedule reuses it)."""
        return f"{self._sub()}:sequences:deliveries"

    # --- distribution ----------------------------------------------------------------------
    def _out(self) -> str:
        return f"{self.namespace}:{{out}}"

    def outbox_due(self) -> str:
        """Sorted set: delivery id → when it is next due (claimed ones: their lease end)."""
        return f"{self._out()}:due"

    def outbox_jobs(self) -> str:
        """Hash: delivery id → the delivery job (who, what, which attempt)."""
        return f"{self._out()}:jobs"

    def outbox_payloads(self) -> str:
        """Hash: (release, version, language, notice) → the encoded item and lineage."""
        return f"{self._out()}:payloads"

    def embargoes(self) -> str:
        """Sorted set: release id → when its embargo lifts (survives restarts)."""
        return f"{self._out()}:embargoes"

    # --- the HTTP API ------------------------------------------------------------------------
    def api_keys(self) -> str:
        """Hash: API key id → its record (name, role, SHA-256 of the key, revocation)."""
        return f"{self.namespace}:api:keys"

    def idempotency(self, scope: str, digest: str) -> str:
        """String (with a TTL): the answer to one ``Idempotency-Key`` of one API key."""
        return f"{self.namespace}:api:idempotency:{scope}:{digest}"

    # --- translation queue (one hash tag: its scripts touch several of these) ----------------
    def _tr(self) -> str:
        return f"{self.namespace}:{{tr}}"

    def translation_jobs(self) -> str:
        """Hash: translation job id → the job's row in the queue projection (JSON)."""
        return f"{self._tr()}:jobs"

    def translation_revisions(self) -> str:
        """Hash: release id → the release revision the queue projection last wrote."""
        return f"{self._tr()}:revisions"

    def translation_queue(self, language: str) -> str:
        """Sorted set: the free jobs of one target language, by queue score (lowest first)."""
        return f"{self._tr()}:queue:{language}"

    def translation_leases(self) -> str:
        """Sorted set: claimed job id → when its lease ends (epoch seconds)."""
        return f"{self._tr()}:leases"

    def translation_languages(self) -> str:
        """Set: every target language that has jobs (to find the queues)."""
        return f"{self._tr()}:languages"
