"""Hybrid retrieval: Chroma dense search + BM25, fused by weighted reciprocal rank.

Readers work on a snapshot: the set of committed documents and the lexical index built from
their chunks. A snapshot is swapped whole when the store's fingerprint changes, so a question
asked during an ingest sees the old or the new version of a document, never a mix.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.lexical import LexicalIndex, indexed_text
from assistant.store import Store, StoredChunk, date_number
from assistant.text import normalize_unicode, strip_diacritics

RRF_K = 60
_FRESHNESS_CHECK_S = 1.0  # how often a reader asks the store whether documents changed


@dataclass
class Filters:
    doc_ids: list[str] = field(default_factory=list)
    issuer: str = ""  # substring, case- and accent-insensitive
    doc_type: str = ""
    since: str = ""  # ISO date
    until: str = ""

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.issuer or self.doc_type or self.since or self.until)

    def matches(self, doc: dict) -> bool:
        if self.doc_ids and not any(doc["doc_id"].startswith(d) for d in self.doc_ids):
            return False
        if self.issuer and _fold(self.issuer) not in _fold(doc.get("issuer", "")):
            return False
        if self.doc_type and _fold(self.doc_type) not in _fold(doc.get("doc_type", "")):
            return False
        day = date_number(doc.get("date", ""))
        if self.since and (not day or day < date_number(self.since)):
            return False
        if self.until and (not day or day > _period_end(self.until)):
            return False
        return True


def _period_end(iso: str) -> int:
    """ "2024" -> 20249999, "2024-03" -> 20240399: an "until" bound includes the whole period."""
    digits = iso.replace("-", "")
    return int(digits.ljust(8, "9")[:8]) if digits.isdigit() else 99999999


def _fold(text: str) -> str:
    return strip_diacritics(normalize_unicode(text)).lower()


@dataclass
class Hit:
    chunk: StoredChunk
    doc: dict
    score: float  # fused rank score
    dense: float | None = None  # cosine similarity
    lexical: float | None = None  # bm25
    coverage: float = 0.0  # share of the query's terms in the passage, set by the engine


@dataclass
class Snapshot:
    fingerprint: str
    documents: dict[str, dict]
    chunks: dict[str, StoredChunk]
    lexical: LexicalIndex
    chunk_docs: list[str]  # doc_id per lexical position, for filter masks


class HybridRetriever:
    def __init__(self, store: Store, embedder, cache_dir: Path | None = None):
        self.store = store
        self.embedder = embedder
        self.cache_dir = cache_dir
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    # --- snapshot --------------------------------------------------------------------------

    def snapshot(self, force: bool = False) -> Snapshot:
        now = time.monotonic()
        current = self._snapshot
        if current is not None and not force and now - self._checked_at < _FRESHNESS_CHECK_S:
            return current
        with self._lock:
            docs = self.store.documents()
            fingerprint = self.store.fingerprint(docs)
            self._checked_at = time.monotonic()
            if self._snapshot is None or self._snapshot.fingerprint != fingerprint:
                self._snapshot = self._build(fingerprint, docs)
            return self._snapshot

    def _build(self, fingerprint: str, docs: list[dict]) -> Snapshot:
        documents = {d["doc_id"]: d for d in docs}
        chunks = {c.chunk_id: c for c in self.store.iter_chunks(set(documents))}
        ordered = sorted(chunks.values(), key=lambda c: (c.doc_id, c.start))
        cache = self.cache_dir / f"lexical-{fingerprint}.pkl" if self.cache_dir else None
        lexical = LexicalIndex.load(cache) if cache and cache.exists() else None
        if lexical is None or lexical.chunk_ids != [c.chunk_id for c in ordered]:
            lexical = LexicalIndex.build([(c.chunk_id, c.section, c.text) for c in ordered])
            if cache:
                self._save_cache(lexical, cache)
        return Snapshot(fingerprint, documents, chunks, lexical, [c.doc_id for c in ordered])

    def _save_cache(self, lexical: LexicalIndex, path: Path) -> None:
        try:
            for old in path.parent.glob("lexical-*.pkl"):
                old.unlink(missing_ok=True)
            lexical.save(path)
        except OSError:
            pass  # the cache only speeds up the next start; a read-only folder is fine

    # --- search ----------------------------------------------------------------------------

    def search(
        self,
        text: str,
        k: int = 5,
        filters: Filters | None = None,
        *,
        lexical_text: str | None = None,
        dense_weight: float = 1.0,
        lexical_weight: float = 1.0,
        per_doc: int | None = None,
        pool: int = 40,
    ) -> list[Hit]:
        snap = self.snapshot()
        filters = filters or Filters()
        allowed = {
            doc_id
            for doc_id, doc in snap.documents.items()
            if filters.is_empty() or filters.matches(doc)
        }
        if not allowed:
            return []

        dense_ranked: list[tuple[StoredChunk, float]] = []
        if dense_weight > 0:
            where = None
            if len(allowed) < len(snap.documents):
                where = {"doc_id": {"$in": sorted(allowed)}}
            vector = self.embedder.embed_query(text)
            dense_ranked = [
                (chunk, sim)
                for chunk, sim in self.store.dense_query(vector, pool, where)
                if chunk.chunk_id in snap.chunks and chunk.doc_id in allowed
            ]

        mask = None
        if len(allowed) < len(snap.documents):
            mask = np.fromiter((d in allowed for d in snap.chunk_docs), dtype=bool)
        lexical_ranked = (
            snap.lexical.search(lexical_text or text, pool, mask) if lexical_weight > 0 else []
        )

        fused: dict[str, Hit] = {}
        for rank, (chunk, sim) in enumerate(dense_ranked):
            hit = fused.setdefault(
                chunk.chunk_id, Hit(snap.chunks[chunk.chunk_id], snap.documents[chunk.doc_id], 0.0)
            )
            hit.dense = sim
            hit.score += dense_weight / (RRF_K + rank + 1)
        for rank, (chunk_id, bm25) in enumerate(lexical_ranked):
            chunk = snap.chunks[chunk_id]
            hit = fused.setdefault(chunk_id, Hit(chunk, snap.documents[chunk.doc_id], 0.0))
            hit.lexical = bm25
            hit.score += lexical_weight / (RRF_K + rank + 1)

        ranked = sorted(fused.values(), key=lambda h: h.score, reverse=True)
        return _diversify(ranked, k, per_doc)

    def passage_text(self, hit: Hit) -> str:
        return indexed_text(hit.chunk.section, hit.chunk.text)


def _diversify(ranked: list[Hit], k: int, per_doc: int | None) -> list[Hit]:
    """At most per_doc hits from one document, and identical passages (copies) only once."""
    chosen: list[Hit] = []
    per_doc_count: dict[str, int] = {}
    seen_texts: set[str] = set()
    for hit in ranked:
        if hit.chunk.text in seen_texts:
            continue
        if per_doc is not None and per_doc_count.get(hit.chunk.doc_id, 0) >= per_doc:
            continue
        chosen.append(hit)
        seen_texts.add(hit.chunk.text)
        per_doc_count[hit.chunk.doc_id] = per_doc_count.get(hit.chunk.doc_id, 0) + 1
        if len(chosen) >= k:
            break
    return chosen
