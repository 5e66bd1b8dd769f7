"""One writer at a time on a Chroma server: a lease record kept in the server itself.

A file lock only excludes writers that share a folder; app instances on other folders or
machines that write one `chroma run` server need the server to decide. Chroma has no
transactions, but `add` of an id that already exists is ignored, and a read after a write sees
it: so "add the record of generation n+1, read it back" elects exactly one writer per
generation. The holder renews its expiry from a background thread; a writer that was killed
stops renewing, and the next one takes over once the lease has expired. A writer checks it still
holds the lease before each write, so one that was paused past its expiry stops instead of
writing over its successor.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

from assistant.core.errors import LeaseLost, StoreLocked

log = logging.getLogger(__name__)

# A killed writer's lease blocks others for at most this long. Renewed every TTL/4 by a thread,
# so a live writer keeps it through stalls of up to ~3/4 TTL (a busy 2-core machine paused the
# embedding loop for up to 9 s in the fault trials; 60 s leaves room for much worse).
LEASE_TTL_S = 60.0
_POLL_S = 0.5  # how often a waiting writer looks at the lease again
_LEASE_ID = "lease-{:012d}"


class ServerLease:
    def __init__(self, client, prefix: str, location: str, ttl: float | None = None):
        self.records = client.get_or_create_collection(
            f"{prefix}_writer_lease", embedding_function=None
        )
        self.location = location
        self.ttl = ttl or LEASE_TTL_S
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self.generation: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lost = False

    # --- reading the lease -------------------------------------------------------------------

    def _records(self) -> list[dict]:
        rows = self.records.get(include=["metadatas"])
        return sorted(rows["metadatas"], key=lambda m: m["generation"])

    def current(self) -> dict | None:
        """The newest lease record (live, expired or released), or None before the first."""
        records = self._records()
        return records[-1] if records else None

    @staticmethod
    def is_free(record: dict | None, now: float) -> bool:
        return record is None or record.get("released", False) or record["expires_at"] < now

    # --- taking and keeping it ---------------------------------------------------------------

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            current = self.current()
            if self.is_free(current, time.time()):
                generation = (current["generation"] if current else 0) + 1
                if self._try_take(generation):
                    self.generation = generation
                    self._start_renewing()
                    return
                continue  # another writer took this generation first: look again at once
            if time.monotonic() >= deadline:
                holder = f"{current['host']} pid {current['pid']}"
                raise StoreLocked(self.location, timeout, holder=holder)
            time.sleep(_POLL_S)

    def _try_take(self, generation: int) -> bool:
        now = time.time()
        self.records.add(
            ids=[_LEASE_ID.format(generation)],
            embeddings=[[0.0]],
            metadatas=[
                {
                    "generation": generation,
                    "owner": self.owner,
                    "host": socket.gethostname(),
                    "pid": os.getpid(),
                    "acquired_at": now,
                    "expires_at": now + self.ttl,
                    "released": False,
                }
            ],
        )
        records = self._records()
        mine = [r for r in records if r["generation"] == generation and r["owner"] == self.owner]
        if mine and records[-1]["generation"] == generation:
            # Older generations are history: keep the collection small.
            old = [_LEASE_ID.format(r["generation"]) for r in records[:-1]]
            if old:
                self.records.delete(ids=old)
            return True
        if mine:  # taken on a stale view while a newer generation exists: give it back
            self.records.delete(ids=[_LEASE_ID.format(generation)])
        return False

    def _start_renewing(self) -> None:
        self._stop.clear()
        self._lost = False
        self._thread = threading.Thread(target=self._renew_loop, name="lease-renewal", daemon=True)
        self._thread.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                if not self._holds():
                    self._lost = True
                    return
                self.records.update(
                    ids=[_LEASE_ID.format(self.generation)],
                    metadatas=[{"expires_at": time.time() + self.ttl}],
                )
            except Exception:  # noqa: BLE001 - any client error; renewal must go on
                # The server briefly unreachable (httpx, chromadb and socket errors alike): the
                # next write's check() decides whether the lease was lost.
                log.debug("lease renewal failed; retrying", exc_info=True)
                continue

    def _holds(self) -> bool:
        current = self.current()
        return (
            current is not None
            and current["generation"] == self.generation
            and current["owner"] == self.owner
            and not current.get("released", False)
        )

    def check(self) -> None:
        """Raise LeaseLost unless this writer still holds a live lease (called before writes)."""
        if self.generation is None:
            return
        current = self.current()
        if self._lost or not self._holds() or current["expires_at"] < time.time():
            self._lost = True
            raise LeaseLost(self.location)

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.generation is not None and not self._lost:
            try:
                if self._holds():
                    self.records.update(
                        ids=[_LEASE_ID.format(self.generation)],
                        metadatas=[{"released": True, "expires_at": 0.0}],
                    )
            except Exception:  # noqa: BLE001 - any client error; releasing is best effort
                # The server went away: the lease expires by itself after its TTL.
                log.debug("lease release failed; it will expire", exc_info=True)
        self.generation = None
