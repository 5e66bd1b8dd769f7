"""The notice store: three Chroma collections (chunks, documents, assignments).

A document record is the commit marker. Ingest writes it as "pending" first, then the chunks and
assignments, then flips it to "committed". Readers only see committed documents, and the next
writer deletes whatever a killed run left pending, so no reader ever sees half a document.
Writers hold a file lock: two processes writing one Chroma directory corrupt it silently. On a
Chroma server, writers from any folder or machine exclude each other through a lease record in
the server (assistant/store/lease.py), and pending records name their writer.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.core.config import Settings
from assistant.core.errors import (
    AssistantError,
    DiskFull,
    ServerUnavailable,
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreMissing,
    StoreModelMismatch,
    StoreUnreadable,
)
from assistant.core.records import (
    Assignment,
    Chunk,
    ChunkRecord,
    DocumentRecord,
    LedgerRecord,
    Notice,
)
from assistant.store.embeddings import canonical_model_name
from assistant.store.lease import ServerLease

PENDING, COMMITTED = "pending", "committed"
_PAGE = 5000  # rows per Chroma get(); keeps memory flat on large stores
_NO_VECTOR = [0.0]  # documents and assignments are looked up by id/metadata, never by vector


log = logging.getLogger(__name__)


# The files of Chroma's SQLite database (the journal files while a write is under way).
_DATABASE_FILES = ("chroma.sqlite3", "chroma.sqlite3-wal", "chroma.sqlite3-journal")


def _chunk_record(chunk_id: str, text: str, meta: dict) -> ChunkRecord:
    """A passage as the chunks collection holds it (the document's fields it repeats for
    filtering are left to the document record)."""
    return ChunkRecord(
        chunk_id=chunk_id,
        doc_id=meta["doc_id"],
        text=text,
        section=json.loads(meta.get("section") or "[]"),
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        position=int(meta.get("position", 0)),
        context=json.loads(meta.get("context") or "[]"),
    )


def _connect(settings: Settings, create: bool):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
            client.heartbeat()
        except Exception as exc:  # any client failure means no usable server (cause chained)
            raise ServerUnavailable(
                settings.chroma_host, settings.chroma_port, _short(exc)
            ) from exc
        return client
    path = Path(settings.store) / "chroma"
    try:
        # exists() raises, rather than says False, on a folder the user may not enter.
        database = path / "chroma.sqlite3"
        if not create and not database.exists():
            raise StoreMissing(str(settings.store))
        # Chroma reads an empty database file as an empty store and would build a new one
        # beside the old segment folders: a crash or a full disk left it so.
        if database.exists() and database.stat().st_size == 0:
            raise StoreDamaged(str(settings.store), str(path), "chroma.sqlite3 is empty")
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except (StoreMissing, StoreDamaged):
        raise
    except Exception as exc:  # Chroma/SQLite/OS errors alike: one clear message, cause chained
        if isinstance(failure := store_failure(exc, settings), DiskFull):
            raise failure from exc
        raise StoreUnreadable(str(path), _short(exc)) from exc


def recorded_sources(settings: Settings) -> list[str]:
    """Source files of the committed documents of a store, whatever model built it: what a
    rebuild with another model must ingest again."""
    client = _connect(settings, create=False)
    from chromadb.errors import NotFoundError

    try:
        docs = client.get_collection(f"{settings.collection_prefix}_documents")
    except NotFoundError:  # no documents collection: nothing was ever committed
        return []
    rows = docs.get(where={"status": COMMITTED}, include=["metadatas"])
    return sorted({meta["source"] for meta in rows["metadatas"] if meta.get("source")})


def drop_collections(settings: Settings) -> None:
    """Delete the store's chunks, documents and assignments (the rebuild's first step). User
    state (user.db) lives beside them and is kept."""
    from chromadb.errors import NotFoundError

    client = _connect(settings, create=True)
    for kind in ("chunks", "documents", "assignments"):
        try:
            client.delete_collection(f"{settings.collection_prefix}_{kind}")
        except NotFoundError:  # absent already: nothing to drop
            log.debug("no %s collection to drop", kind)
    cache = Path(settings.store) / "cache"
    for stale in cache.glob("lexical-*.pkl") if cache.is_dir() else []:
        stale.unlink(missing_ok=True)


_DISK_FULL_WORDS = ("no space left on device", "database or disk is full", "disk full")


def store_failure(exc: BaseException, settings: Settings) -> StoreError | None:
    """The user-facing error for an infrastructure failure under a store call (the Chroma
    server gone, a full disk), or None when `exc` is something else (a bug: let it show)."""
    chain: list[BaseException] = []
    seen = exc
    while seen is not None and len(chain) < 20:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for error in chain:
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            return DiskFull(_disk_of(settings))
        if any(word in str(error).lower() for word in _DISK_FULL_WORDS):
            return DiskFull(_disk_of(settings))
    if not settings.chroma_host and _low_on_disk(settings.store):
        # Chroma reports a full disk during compaction only as "Failed to apply logs to the
        # metadata segment": with the disk (nearly) full that is what it means.
        return DiskFull(_disk_of(settings))
    if settings.chroma_host:
        import httpx

        for error in chain:
            if isinstance(error, httpx.TransportError | ConnectionError) or (
                "could not connect" in str(error).lower()
            ):
                return ServerUnavailable(settings.chroma_host, settings.chroma_port, _short(error))
    return None


# Free space under which a store write failure is taken for a full disk: Chroma's compaction
# writes new segment pages of up to a few MB at once (seen failing here with 300 KB free).
LOW_DISK_BYTES = 8_000_000


def _low_on_disk(folder: Path) -> bool:
    probe = Path(folder)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free < LOW_DISK_BYTES
    except OSError:
        return False


def _disk_of(settings: Settings) -> str:
    if settings.chroma_host:
        return f"the Chroma server's disk ({settings.chroma_host}:{settings.chroma_port})"
    return str(settings.store)


def translate_store_failures(method):
    """Decorator for Engine/Ingestor entry points: a lost server or a full disk becomes one
    clear StoreError instead of a traceback from deep inside Chroma."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except AssistantError:
            raise
        except Exception as exc:  # only a lost server or a full disk is translated; else re-raised
            failure = store_failure(exc, self.settings)
            if failure is None:
                raise
            raise failure from exc

    return wrapper


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


class Store:
    def __init__(self, settings: Settings, embed_model: str, *, create: bool = False):
        self.settings = settings
        self.embed_model = canonical_model_name(embed_model)
        self.location = (
            f"chroma://{settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else str(settings.store)
        )
        self._lease = None  # a ServerLease while this store holds the writer lease
        self._open(create)

    def _open(self, create: bool) -> None:
        settings, embed_model = self.settings, self.embed_model
        self.client = _connect(settings, create)
        prefix = settings.collection_prefix
        try:
            self.chunks = self.client.get_or_create_collection(
                f"{prefix}_chunks",
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embed_model": embed_model},
                embedding_function=None,
            )
            self.docs = self.client.get_or_create_collection(
                f"{prefix}_documents", embedding_function=None
            )
            self.assignment_records = self.client.get_or_create_collection(
                f"{prefix}_assignments", embedding_function=None
            )
        except Exception as exc:  # opening collections: one clear message, cause chained
            if isinstance(failure := store_failure(exc, settings), DiskFull):
                raise failure from exc
            if settings.chroma_host:
                host, port = settings.chroma_host, settings.chroma_port
                raise ServerUnavailable(host, port, _short(exc)) from exc
            raise StoreUnreadable(self.location, _short(exc)) from exc
        recorded = (self.chunks.metadata or {}).get("embed_model")
        if recorded and recorded != embed_model:
            raise StoreModelMismatch(recorded, embed_model)

    # --- readers -------------------------------------------------------------------------

    def documents(self) -> list[DocumentRecord]:
        """Committed documents, one per source file (the newest, if a replacement is mid-way)."""
        rows = self.docs.get(where={"status": COMMITTED}, include=["metadatas"])
        newest: dict[str, DocumentRecord] = {}
        for doc in map(DocumentRecord.from_metadata, rows["metadatas"]):
            current = newest.get(doc.source)
            if current is None or doc.ingested_at > current.ingested_at:
                newest[doc.source] = doc
        return sorted(newest.values(), key=lambda d: (d.date, d.source), reverse=True)

    def all_document_records(self) -> list[DocumentRecord]:
        """Every record, pending and superseded ones included: for the writer's bookkeeping."""
        rows = self.docs.get(include=["metadatas"])
        return [DocumentRecord.from_metadata(meta) for meta in rows["metadatas"]]

    def change_marker(self) -> tuple | None:
        """What changes whenever the store is written (its database files' inode, size and
        modification time), read without asking Chroma: a reader re-reads the documents only
        when it changed. None when it cannot be told this way (a Chroma server): read them."""
        if self.settings.chroma_host:
            return None
        folder = Path(self.settings.store) / "chroma"
        marks = []
        for name in _DATABASE_FILES:
            try:
                found = (folder / name).stat()
            except FileNotFoundError:
                marks.append(None)
                continue
            except OSError:
                return None
            marks.append((found.st_ino, found.st_size, found.st_mtime_ns))
        return tuple(marks)

    def fingerprint(self, documents: list[DocumentRecord] | None = None) -> str:
        docs = self.documents() if documents is None else documents
        ids = sorted(d.doc_id for d in docs)
        return hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]

    def document_text(self, doc_id: str) -> str | None:
        rows = self.docs.get(ids=[doc_id], include=["documents"])
        return rows["documents"][0] if rows["ids"] else None

    def chunk_texts(self, doc_id: str) -> list[str]:
        """One document's passages in reading order."""
        rows = self.chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        ordered = sorted(
            zip(rows["metadatas"], rows["documents"], strict=True),
            key=lambda pair: int(pair[0].get("position", 0)),
        )
        return [text for _, text in ordered]

    def chunk_vectors(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        """The stored passage vectors of these chunks (those the store holds)."""
        if not chunk_ids:
            return {}
        rows = self.chunks.get(ids=list(chunk_ids), include=["embeddings"])
        return {cid: list(v) for cid, v in zip(rows["ids"], rows["embeddings"], strict=True)}

    def chunk_count(self) -> int:
        return self.chunks.count()

    def iter_chunks(self, doc_ids: set[str]) -> Iterator[ChunkRecord]:
        """Chunks of the given documents, paged so a large store never loads at once."""
        offset = 0
        while True:
            rows = self.chunks.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            for chunk_id, text, meta in zip(
                rows["ids"], rows["documents"], rows["metadatas"], strict=True
            ):
                if meta["doc_id"] in doc_ids:
                    yield _chunk_record(chunk_id, text, meta)
            if len(rows["ids"]) < _PAGE:
                return
            offset += _PAGE

    def dense_query(
        self,
        embedding: list[float],
        k: int,
        where: dict | None = None,
        *,
        known_nonempty: bool = False,
    ) -> list[tuple[ChunkRecord, float]]:
        """(chunk, cosine similarity) pairs, best first. `known_nonempty`: the caller knows the
        collection holds passages, so it is not counted first (a query's worth of time)."""
        if not known_nonempty and self.chunks.count() == 0:
            return []
        try:
            rows = self._query(embedding, k, where)
        except Exception as exc:  # only Chroma's stale-index error is handled; else re-raised
            if self.settings.chroma_host or "hnsw" not in str(exc).lower():
                raise
            # Chroma 1.5 (embedded) keeps a stale vector index in a process that opened the
            # store before another process (an ingest) first wrote vectors: "Error creating
            # hnsw segment reader: Nothing found on disk" until the client is rebuilt.
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
            self._open(create=False)
            rows = self._query(embedding, k, where)
        return [
            (_chunk_record(cid, text, meta), 1.0 - float(dist))
            for cid, text, meta, dist in zip(
                rows["ids"][0],
                rows["documents"][0],
                rows["metadatas"][0],
                rows["distances"][0],
                strict=True,
            )
            # After a SIGKILL, Chroma's vector index can hold a row its metadata store lost.
            if meta is not None
        ]

    def _query(self, embedding: list[float], k: int, where: dict | None) -> dict:
        return self.chunks.query(
            query_embeddings=[embedding],
            n_results=k,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )

    def assignments(self, doc_ids: set[str] | None = None) -> list[LedgerRecord]:
        rows = self.assignment_records.get(include=["documents", "metadatas"])
        return [
            LedgerRecord.from_metadata(meta, text)
            for text, meta in zip(rows["documents"], rows["metadatas"], strict=True)
            if doc_ids is None or meta["doc_id"] in doc_ids
        ]

    # --- writers (hold writer_lock) --------------------------------------------------------

    @contextmanager
    def writer_lock(self, timeout: float | None = None):
        lock_dir = Path(self.settings.store)
        lock_dir.mkdir(parents=True, exist_ok=True)
        wait = self.settings.lock_timeout_s if timeout is None else timeout
        lock = FileLock(str(lock_dir / "ingest.lock"))
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise StoreLocked(self.location, wait) from None
        # This lock session's own name: pending records it writes carry it, so recovery can
        # tell them from a killed session's (a process id is not enough: one process, e.g. the
        # app, holds the lock many times, and a killed session's records keep its name).
        self._session = uuid.uuid4().hex
        try:
            if self.settings.chroma_host:
                lease = ServerLease(self.client, self.settings.collection_prefix, self.location)
                lease.acquire(wait)
                self._lease = lease
            try:
                yield
            finally:
                if self._lease is not None:
                    self._lease.release()
                    self._lease = None
        finally:
            lock.release()

    def _check_writer(self) -> None:
        """Before each write on a server: stop if another writer has taken the lease over."""
        if self._lease is not None:
            self._lease.check()

    def _writer_id(self) -> str:
        if self._lease is not None:
            return self._lease.owner
        return f"{socket.gethostname()}:{os.getpid()}:{getattr(self, '_session', '')}"

    def begin(self, notices: Iterable[Notice], extra: dict[str, dict]) -> None:
        """Announce documents as pending before any of their chunks are written. `extra`:
        doc_id -> further DocumentRecord fields (how it was read, content hash, relations)."""
        notices = list(notices)
        if not notices:
            return
        self._check_writer()
        now = time.time()
        self.docs.upsert(
            ids=[n.doc_id for n in notices],
            embeddings=[_NO_VECTOR] * len(notices),
            documents=[n.text for n in notices],
            metadatas=[
                DocumentRecord.from_notice(
                    n,
                    **extra.get(n.doc_id, {}),
                    status=PENDING,
                    writer=self._writer_id(),
                    ingested_at=now,
                ).to_metadata()
                for n in notices
            ],
        )

    def write_chunks(
        self, notice: Notice, chunks: list[Chunk], embeddings: list[list[float]]
    ) -> None:
        if not chunks:
            return
        self._check_writer()
        doc_meta = DocumentRecord.from_notice(notice).to_metadata()
        shared = {
            k: doc_meta[k]
            for k in (
                "doc_id",
                "doc_type",
                "number",
                "issuer",
                "date",
                "date_num",
                "title",
                "source",
            )
        }
        self.chunks.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=embeddings,
            documents=[c.text for c in chunks],
            metadatas=[
                {
                    **shared,
                    "position": c.position,
                    "section": json.dumps(c.section, ensure_ascii=False),
                    "start": c.start,
                    "end": c.end,
                    # Most chunks have no context: the key is written only where there is one.
                    **({"context": json.dumps(c.context, ensure_ascii=False)} if c.context else {}),
                }
                for c in chunks
            ],
        )

    def write_assignments(self, notice: Notice, assignments: list[Assignment]) -> None:
        if not assignments:
            return
        self.assignment_records.upsert(
            ids=[f"{notice.doc_id}:a{i:04d}" for i in range(len(assignments))],
            embeddings=[_NO_VECTOR] * len(assignments),
            documents=[notice.text[a.start : a.end] for a in assignments],
            metadatas=[LedgerRecord.from_assignment(a).to_metadata() for a in assignments],
        )

    def update_documents(self, records: list[DocumentRecord]) -> None:
        """Rewrite committed records' metadata in place (an upgrade of an older record)."""
        if not records:
            return
        self._check_writer()
        self.docs.update(
            ids=[r.doc_id for r in records], metadatas=[r.to_metadata() for r in records]
        )

    def commit(self, doc_ids: list[str], counts: dict[str, dict]) -> None:
        if not doc_ids:
            return
        self._check_writer()
        rows = self.docs.get(ids=doc_ids, include=["metadatas"])
        metas = [
            {**meta, **counts.get(meta["doc_id"], {}), "status": COMMITTED}
            for meta in rows["metadatas"]
        ]
        self.docs.update(ids=rows["ids"], metadatas=metas)

    def remove(self, doc_ids: list[str]) -> None:
        """Uncommit first, so a crash half-way leaves an invisible (pending) remnant."""
        if doc_ids:
            self._check_writer()
        for doc_id in doc_ids:
            # Named after this writer: if it is killed here, the next session recovers it.
            self.docs.update(
                ids=[doc_id], metadatas=[{"status": PENDING, "writer": self._writer_id()}]
            )
            self.chunks.delete(where={"doc_id": doc_id})
            self.assignment_records.delete(where={"doc_id": doc_id})
            self.docs.delete(ids=[doc_id])

    def recover(self) -> int:
        """Delete what a killed ingest left pending. Returns how many documents. Called under
        the writer lock (and, on a server, the lease), so no other writer is alive: a pending
        record of this writer's own is never one a killed run left."""
        rows = self.docs.get(where={"status": PENDING}, include=["metadatas"])
        me = self._writer_id()
        dead = [
            i for i, m in zip(rows["ids"], rows["metadatas"], strict=True) if m.get("writer") != me
        ]
        if dead:
            self.remove(dead)
        return len(dead)
