"""Hybrid retrieval: BM25 over passages, BM25 over document contexts and Chroma dense search,
each scaled to 0..1 per question and added with weights.

Readers work on a snapshot: the set of committed documents and the lexical index built from
their chunks. A snapshot is swapped whole when the store's fingerprint changes, so a question
asked during an ingest sees the old or the new version of a document, never a mix.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.core.records import ChunkRecord, DocumentRecord, date_number
from assistant.core.text import fold, lexical_tokens
from assistant.retrieval.lexical import LexicalIndex, LexicalQuery, indexed_text
from assistant.store.chroma import Store
from assistant.store.versions import AMENDED, annotate

log = logging.getLogger(__name__)

# Weights of the signals, each scaled to 0..1 per question (BM25 over passages counts 1).
# Dense similarity of the multilingual model per question language; calibrated on the dev set's
# tune half with benchmarks/calibrate.py (hit@1/hit@5/MRR per dense weight). English re-swept
# after the glossary grew to 2,000 entries (lexical 0.25-1, dense 0.1-2, residual 0.5-1): 0.5 /
# 0.5 / 0.5 stays best (hit@1 0.63, hit@5 0.80, MRR 0.70; dense 0.25: MRR 0.68, 1.0: 0.64).
# Re-swept on the enlarged tune half (188 answerable, hit@5 of Engine.ask, per-article limit
# off, coverage in re-ranking): vi/en 0.2/0.5 0.872, 0.2/0.25 0.872, 0.2/1.0 0.867, 0.5/0.5
# 0.862, 1.0/1.0 0.846, 0/0 0.856; after a glossary update (base 0.883), dense scaled by its
# rank instead of min-max: 0.878. Re-swept for Vietnamese on the tune half's 162 Vietnamese and
# which-documents questions (Engine.ask, 3 Dec, ranking round), hit@1 / hit@5: 0 0.809 / 0.914,
# 0.1 0.802 / 0.920, 0.2 0.809 / 0.920, 0.3 0.815 / 0.914, 0.5 0.802 / 0.907, 0.8 0.802 / 0.895:
# flat, left at 0.2. Embedding the whole question instead of its content words (search_text):
# 0.802 / 0.907, so the dense query stays the content words.
DENSE_WEIGHTS = {"vi": 0.2, "en": 0.5}
DENSE_WEIGHT = DENSE_WEIGHTS["vi"]
# Added to an English question's dense weight times the share of its content words the
# glossary did not cover (QueryAnalysis.mapped_share): lexical search sees only the covered
# words (and the collection terms nearest the others), the multilingual model reads the whole
# question. Swept on the dev set's tune half, English (126 answerable), with a seeded 60% of
# the glossary left out (benchmarks/english_unseen.py's stand-in for wording the glossary never
# saw) and with the whole glossary: hit@5 / accuracy / false refusals 0.786 / 0.571 / 0.063
# and 0.897 / 0.746 / 0.032 at 0; 0.794 / 0.563 / 0.079 and 0.897 / 0.746 / 0.040 at 0.5 and
# at 1.0. The passages the extra dense weight brings hold less of the question and are refused
# more often: left at 0, the hook kept for a re-sweep when the glossary or the model changes.
DENSE_GAIN_UNMAPPED = 0.0
# BM25 over passages per question language: an English question reaches it only through the
# glossary's Vietnamese terms, a coarser signal than a Vietnamese question's own words.
LEXICAL_WEIGHTS = {"vi": 1.0, "en": 0.5}
# The question's terms its document's title, number, issuer and date do not hold, found in the
# passage: a question names its document ("Thông tư 11/2024 ... có hiệu lực từ ngày nào?") and
# then what it asks of it; every passage of that document shares the first part. Calibrated on
# the dev set's tune half with benchmarks/calibrate.py: Vietnamese hit@5 0.77 -> 0.84 and MRR
# 0.63 -> 0.71 at 1.0; English, whose terms come through the glossary, gains at 0.5 only.
# Neighbours on the enlarged tune half (188 answerable, hit@5 of Engine.ask): vi/en 1.0/0.5
# 0.883, 0.5/0.25 0.872, 1.5/1.0 0.878, 0/0 0.846.
RESIDUAL_WEIGHTS = {"vi": 1.0, "en": 0.5}
# Documents whose every passage joins the candidates when the residual signal is on. 1, 2 and
# 3 give the same enlarged-tune-half hit@5 (0.883).
EXPANDED_DOCUMENTS = 2
# BM25 of the question against each document's title, number, issuer, place and date: a
# question names the province or period, the passage rarely repeats it. Enlarged tune half
# hit@5: 0 -> 0.867, 0.3 -> 0.883, 0.6 -> 0.888 (a flat top; left at 0.3).
CONTEXT_WEIGHT = 0.3
# BM25 of the question against each passage's section group, its whole article in a law or all
# bullets under one heading in a notice: a passage split off a long article still gets credit
# for the words its siblings hold. Enlarged tune half hit@5: 0 -> 0.878, 0.3 -> 0.883,
# 0.6 -> 0.867.
GROUP_WEIGHT = 0.3
# Hits from one law article at most (None: no limit). It was 1, so that one long article split
# into clauses could not fill the list (ALQAC hit@10 0.942 -> 0.953 then); but a question about
# one clause ("mức 1", "khoản 2") is answered by that clause, and at 1 it was dropped whenever
# a sibling clause ranked above it. Dev tune half (188 answerable), hit@5 of Engine.ask's
# citations: 1 -> 0.819, 2 -> 0.84, 3 -> 0.85, None -> 0.872 (with coverage in re-ranking);
# ALQAC over the cached store (retrieval only, 430 questions): hit@10 0.967 / 0.965 / 0.963 /
# 0.963 and MRR@10 0.890 / 0.889 / 0.888 / 0.888 for 1 / 2 / 3 / None, above its floors.
PER_ARTICLE = None
# Candidates each signal (dense, BM25 over passages, BM25 over section groups) brings before
# fusion. Chosen by hand on the seed set (every gold passage is in the pool); not re-swept.
POOL = 40
# Part of the lexical cache's file name: bump it when what the index holds changes.
LEXICAL_FORMAT = 7  # 7: passages are core.records.ChunkRecord
_FRESHNESS_CHECK_S = 1.0  # how often a reader asks the store whether documents changed
# While the store's change marker (its database files' size and time) stays the same, the
# documents are re-read only this often: reading them is a Chroma query that took 35-170 ms
# (47 documents, idle to busy machine), once a second, in the middle of a question. A backstop
# for a write the marker would miss, not a tuning number.
_FULL_CHECK_S = 30.0
# Subtracted from the fused score (0..1.5 scale) of a passage whose notice another notice
# replaced or repealed: the in-force notice's passage on the same topic ranks first, the old one
# stays findable below it. Calibrated on tests/fixtures/versions (tune half): the replacing
# notice restates most of the old one, so their passages score within ~0.2 of each other;
# 0.3 puts every in-force passage first there while a replaced notice's unique passage (a topic
# the new one dropped) still reaches the top 3. The engine says so when it quotes one.
REPLACED_PENALTY = 0.3
# The same for a notice another one amended: it stays in force, but where both speak to the
# question (the amended clause), the amendment is the current wording. Half the replaced
# penalty: enough to break the near-tie of a restated clause on tests/fixtures/versions.
AMENDED_PENALTY = 0.15
# Added to the fused score (0..1.5 scale) of a passage in the same section group (a law's
# article, the bullets under one heading) as a passage the conversation was reading
# (Filters.near): a follow-up read inside the previous notice ("còn mỗi khóa tối đa bao nhiêu
# người?", "and who chairs it?") is most often answered by a sibling clause of the article the
# previous answer quoted. As large as GROUP_WEIGHT, the credit a passage earns from its group's
# words, so that a sibling clause enters the candidates, not so large that it outranks a
# passage holding the new words; see NEAR_COVERAGE (assistant/answer/route.py) for the order
# the answer quotes in. Tune chains (206 later turns, NEAR_COVERAGE 0.1): 0 -> 0.15 -> 0.3
# gave 0.869 -> 0.864 -> 0.879 later-turn accuracy (0.864 before); at 0.3 the English
# follow-ups to a Vietnamese answer ("and what else must the assessment organisation do?")
# find the rest of its article.
NEAR_WEIGHT = 0.3


@dataclass
class Filters:
    doc_ids: list[str] = field(default_factory=list)
    issuer: str = ""  # substring, case- and accent-insensitive
    doc_type: str = ""
    since: str = ""  # ISO date
    until: str = ""
    # Answer as of this day (ISO): only notices issued by then, and the versions in force then.
    as_of: str = ""
    # Not a filter: chunk ids of the passages a conversation was reading; passages of their
    # section group rank higher (NEAR_WEIGHT). is_empty() and matches() ignore it.
    near: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (
            self.doc_ids or self.issuer or self.doc_type or self.since or self.until or self.as_of
        )

    def matches(self, doc: DocumentRecord) -> bool:
        if self.doc_ids and not any(doc.doc_id.startswith(d) for d in self.doc_ids):
            return False
        if self.issuer and fold(self.issuer) not in fold(doc.issuer):
            return False
        if self.doc_type and fold(self.doc_type) not in fold(doc.doc_type):
            return False
        day = date_number(doc.date)
        if self.since and (not day or day < date_number(self.since)):
            return False
        if self.until and (not day or day > _period_end(self.until)):
            return False
        return True


def _named(doc_id: str, wanted: list[str]) -> bool:
    """A replaced version is quoted when it is asked for by its id."""
    return any(doc_id.startswith(w) for w in wanted)


def _period_end(iso: str) -> int:
    """ "2024" -> 20249999, "2024-03" -> 20240399: an "until" bound includes the whole period."""
    digits = iso.replace("-", "")
    return int(digits.ljust(8, "9")[:8]) if digits.isdigit() else 99999999


@dataclass(frozen=True)
class SearchOptions:
    """How one search weighs its signals and limits its hits. The defaults are a Vietnamese
    question's; `for_language` gives the calibrated weights of either language."""

    dense_weight: float = DENSE_WEIGHT
    lexical_weight: float = 1.0  # BM25 over passages: the unit the other weights are read in
    context_weight: float = CONTEXT_WEIGHT
    group_weight: float = GROUP_WEIGHT
    residual_weight: float = 0.0
    per_doc: int | None = None  # hits from one notice at most (None: no limit)
    per_article: int | None = PER_ARTICLE  # hits from one law article at most
    pool: int = POOL

    @classmethod
    def for_language(cls, language: str, mapped_share: float = 1.0, **changes) -> SearchOptions:
        """The weights calibrated for questions in this language ("vi" or "en"), read when
        called (benchmarks/calibrate.py sweeps the tables in place). `mapped_share`: the share
        of an English question's content words the glossary covered (query.QueryAnalysis);
        the dense weight grows by DENSE_GAIN_UNMAPPED times the share it did not cover."""
        unmapped = max(0.0, min(1.0, 1.0 - mapped_share)) if language == "en" else 0.0
        return cls(
            dense_weight=DENSE_WEIGHTS[language] + DENSE_GAIN_UNMAPPED * unmapped,
            lexical_weight=LEXICAL_WEIGHTS[language],
            residual_weight=RESIDUAL_WEIGHTS[language],
            **changes,
        )


@dataclass
class Hit:
    chunk: ChunkRecord
    doc: DocumentRecord
    score: float  # fused rank score
    dense: float | None = None  # cosine similarity
    lexical: float | None = None  # bm25
    coverage: float = 0.0  # share of the query's terms in the passage, set by the engine
    answers: bool = True  # holds the asked-for figure / date (set by the engine)
    # Names what the question requires of evidence (its years, places, bodies, notice numbers;
    # set by the re-ranker): an off-topic passage answers nothing, whatever path answers.
    on_topic: bool = True
    # Share of what the question asks beyond naming its document (terms the document's title,
    # number, issuer and date do not hold) that the passage holds; None when not computed.
    residual: float | None = None
    # What an English question's nearness to the passage's nearest sentence in the
    # multilingual model's space added to its score (the weight times the similarity scaled
    # across the candidates, crosslingual.py); None when not scored.
    similarity: float | None = None
    # In the section group of a passage the conversation was reading (Filters.near).
    near: bool = False


@dataclass
class Snapshot:
    fingerprint: str
    documents: dict[str, DocumentRecord]
    chunks: dict[str, ChunkRecord]
    lexical: LexicalIndex  # passages: headings + text
    context: LexicalIndex  # one entry per document: its document_context
    chunk_docs: list[str]  # doc_id per lexical position, for filter masks
    groups: LexicalIndex  # one entry per section group (a law's article, a heading's bullets)
    chunk_group: dict[str, str]  # chunk_id -> its section group
    chunk_article: dict[str, str]  # chunk_id -> its law article's group, for chunks in one
    context_tokens: dict[str, frozenset[str]] = field(default_factory=dict)  # per doc, lazily
    _doc_positions: dict[str, list[int]] | None = None
    _doc_codes: tuple[list[str], np.ndarray] | None = None

    def doc_span(self, doc_id: str) -> tuple[int, int]:
        """The lexical positions lo..hi of a document's chunks (contiguous: the chunks are
        ordered by document)."""
        positions = self.doc_positions()[doc_id]
        return positions[0], positions[-1] + 1

    def passages_of(self, doc_ids: set[str]) -> np.ndarray:
        """Per lexical position, whether its document is one of doc_ids: one lookup per
        document, not per passage (a 40k-passage store has a few hundred documents)."""
        if self._doc_codes is None:
            codes = {doc_id: i for i, doc_id in enumerate(dict.fromkeys(self.chunk_docs))}
            self._doc_codes = (
                list(codes),
                np.fromiter((codes[d] for d in self.chunk_docs), np.int64, len(self.chunk_docs)),
            )
        names, codes = self._doc_codes
        wanted = np.fromiter((name in doc_ids for name in names), bool, len(names))
        return wanted[codes]

    def document_chunks(self, doc_id: str) -> list[ChunkRecord]:
        """A document's passages in text order, without scanning every passage."""
        positions = self.doc_positions().get(doc_id)
        if not positions:
            return []
        ids = self.lexical.chunk_ids
        return [self.chunks[ids[position]] for position in positions]

    def doc_positions(self) -> dict[str, list[int]]:
        """Lexical positions of each document's chunks."""
        if self._doc_positions is None:
            positions: dict[str, list[int]] = {}
            for position, doc_id in enumerate(self.chunk_docs):
                positions.setdefault(doc_id, []).append(position)
            self._doc_positions = positions
        return self._doc_positions


# Question vectors kept per (embedder, text): one question is searched several times while it
# is answered (a named notice, then the whole store; English first-pass feedback), and each
# encode costs ~90 ms on this machine's CPU. 256 questions of history is a few hundred KB.
QUERY_VECTOR_CACHE = 256


@functools.lru_cache(maxsize=QUERY_VECTOR_CACHE)
def _query_vector(embedder, text: str) -> tuple[float, ...]:
    return tuple(embedder.embed_query(text))


class HybridRetriever:
    def __init__(self, store: Store, embedder, cache_dir: Path | None = None):
        self.store = store
        self.embedder = embedder
        self.cache_dir = cache_dir
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._read_at = 0.0  # when the documents were last read from the store
        self._marker: tuple | None = None  # the store's change marker then
        self._lock = threading.Lock()

    # --- snapshot --------------------------------------------------------------------------

    def snapshot(self, force: bool = False) -> Snapshot:
        now = time.monotonic()
        current = self._snapshot
        if current is not None and not force and now - self._checked_at < _FRESHNESS_CHECK_S:
            return current
        # Taken before the documents are read: a write during the read changes it again.
        marker = getattr(self.store, "change_marker", lambda: None)()
        if (
            current is not None
            and not force
            and marker is not None
            and marker == self._marker
            and now - self._read_at < _FULL_CHECK_S
        ):
            self._checked_at = now
            return current
        with self._lock:
            docs = self.store.documents()
            fingerprint = self.store.fingerprint(docs)
            self._checked_at = self._read_at = time.monotonic()
            self._marker = marker
            if self._snapshot is None or self._snapshot.fingerprint != fingerprint:
                self._snapshot = self._build(fingerprint, docs)
            return self._snapshot

    def _build(self, fingerprint: str, docs: list[DocumentRecord]) -> Snapshot:
        # Each record gains its version fields (in force, replaced by, ...): versions.py.
        documents = annotate({d.doc_id: d for d in docs})
        cache = (
            self.cache_dir / f"lexical-v{LEXICAL_FORMAT}-{fingerprint}.pkl"
            if self.cache_dir
            else None
        )
        # The fingerprint names exactly which document versions are committed, so the chunks
        # and index cached under it are current: a restart skips re-reading every chunk.
        cached = _load_cache(cache) if cache else None
        if cached is not None:
            ordered, lexical, groups = cached
        else:
            chunks = self.store.iter_chunks(set(documents))
            ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start))
            lexical = LexicalIndex.build(
                [(c.chunk_id, [*c.section, *c.context], c.text) for c in ordered]
            )
            groups = _group_index(ordered)
            if cache:
                _save_cache(cache, ordered, lexical, groups)
        context = LexicalIndex.build(
            [(doc_id, [], " ".join(document_context(doc))) for doc_id, doc in documents.items()]
        )
        return Snapshot(
            fingerprint,
            documents,
            {c.chunk_id: c for c in ordered},
            lexical,
            context,
            [c.doc_id for c in ordered],
            groups,
            {c.chunk_id: section_group(c) for c in ordered},
            {c.chunk_id: section_group(c) for c in ordered if _in_article(c)},
        )

    # --- search ----------------------------------------------------------------------------

    def search(
        self,
        text: str,
        k: int = 5,
        filters: Filters | None = None,
        *,
        lexical_text: LexicalQuery | None = None,
        options: SearchOptions | None = None,
    ) -> list[Hit]:
        """Hits best first. `text` is embedded for dense search; `lexical_text` (default: text)
        drives BM25 over passages and over document contexts. Each signal is scaled to 0..1
        within this question's candidates and the signals are added with the weights of
        `options` (default: SearchOptions())."""
        options = options or SearchOptions()
        dense_weight, lexical_weight = options.dense_weight, options.lexical_weight
        context_weight, group_weight = options.context_weight, options.group_weight
        residual_weight, pool = options.residual_weight, options.pool
        snap = self.snapshot()
        filters = filters or Filters()
        documents = self.documents_as_of(filters.as_of)
        allowed = {
            doc_id
            for doc_id, doc in documents.items()
            if (doc.current or _named(doc_id, filters.doc_ids))
            and (filters.is_empty() or filters.matches(doc))
        }
        if not allowed:
            return []
        if lexical_text is None or lexical_text.is_empty():
            lexical_text = LexicalQuery.of(text)
        lexical_query = lexical_text

        dense_ranked: list[tuple[ChunkRecord, float]] = []
        if dense_weight > 0:
            vector = list(_query_vector(self.embedder, text))
            where = None
            if len(allowed) < len(snap.documents):
                # The shorter list: a few replaced versions left out of a large store.
                left_out = sorted(set(snap.documents) - allowed)
                where = (
                    {"doc_id": {"$in": sorted(allowed)}}
                    if len(allowed) <= len(left_out)
                    else {"doc_id": {"$nin": left_out}}
                )
            dense_ranked = [
                (chunk, sim)
                # A snapshot with passages means a collection with passages: no count asked.
                for chunk, sim in self.store.dense_query(
                    vector, pool, where, known_nonempty=bool(snap.chunks)
                )
                if chunk.chunk_id in snap.chunks and chunk.doc_id in allowed
            ]

        mask = None
        if len(allowed) < len(snap.documents):
            mask = snap.passages_of(allowed)
        all_bm25 = (
            snap.lexical.scores(lexical_query) if lexical_weight > 0 and len(snap.lexical) else None
        )
        lexical_ranked = snap.lexical.top(all_bm25, pool, mask) if all_bm25 is not None else []
        context = (
            _scaled(snap.context.search(lexical_query, len(snap.context)))
            if (context_weight > 0)
            else {}
        )

        fused: dict[str, Hit] = {}
        dense_scaled = _scaled([(c.chunk_id, sim) for c, sim in dense_ranked], floor="min")
        for chunk, sim in dense_ranked:
            hit = fused.setdefault(
                chunk.chunk_id, Hit(snap.chunks[chunk.chunk_id], documents[chunk.doc_id], 0.0)
            )
            hit.dense = sim
            hit.score += dense_weight * dense_scaled[chunk.chunk_id]
        top_bm25 = lexical_ranked[0][1] if lexical_ranked else 0.0
        for chunk_id, score in lexical_ranked:
            chunk = snap.chunks[chunk_id]
            hit = fused.setdefault(chunk_id, Hit(chunk, documents[chunk.doc_id], 0.0))
            hit.lexical = score
            hit.score += lexical_weight * score / top_bm25
        group = (
            _scaled(snap.groups.search(lexical_query, pool))
            if group_weight > 0 and len(snap.groups)
            else {}
        )
        # What every passage of a document earns from the document as a whole.
        per_document = {d: context_weight * v for d, v in context.items()}
        for hit in fused.values():
            hit.score += per_document.get(hit.chunk.doc_id, 0.0)
            hit.score += group_weight * group.get(snap.chunk_group[hit.chunk.chunk_id], 0.0)
            hit.score -= _version_penalty(hit.doc)
        if residual_weight > 0:
            for doc_id in _best_documents(fused.values(), EXPANDED_DOCUMENTS):
                for position in snap.doc_positions().get(doc_id, []):
                    chunk_id = snap.lexical.chunk_ids[position]
                    if chunk_id in fused or doc_id not in allowed:
                        continue
                    hit = Hit(snap.chunks[chunk_id], documents[doc_id], 0.0)
                    if all_bm25 is not None and top_bm25 > 0:
                        hit.lexical = float(all_bm25[position])
                        hit.score += lexical_weight * min(hit.lexical / top_bm25, 1.0)
                    hit.score += per_document.get(doc_id, 0.0)
                    hit.score += group_weight * group.get(snap.chunk_group[chunk_id], 0.0)
                    hit.score -= _version_penalty(hit.doc)
                    fused[chunk_id] = hit
            for hit, residual in self._residuals(snap, lexical_query, list(fused.values())):
                hit.residual = float(residual)
                hit.score += residual_weight * residual

        near_groups = {snap.chunk_group[c] for c in filters.near if c in snap.chunk_group}
        for hit in fused.values():
            if snap.chunk_group[hit.chunk.chunk_id] in near_groups:
                hit.near = True
                hit.score += NEAR_WEIGHT
        ranked = sorted(fused.values(), key=lambda h: h.score, reverse=True)
        return _diversify(ranked, k, options.per_doc, options.per_article, snap.chunk_article)

    def documents_as_of(self, as_of: str = "") -> dict[str, DocumentRecord]:
        """The snapshot's documents with their version fields as of that day (default: now);
        notices issued later are left out."""
        snap = self.snapshot()
        if not as_of:
            return snap.documents
        return annotate(snap.documents, as_of)

    def _residuals(self, snap: Snapshot, query: LexicalQuery, hits: list[Hit]):
        """(hit, coverage of what the question asks of its document): the question's terms that
        the document's own title, number, issuer and date do not already hold, found in the
        passage (its headings and context included, as indexed), each weighted by how rare it
        is among the document's own passages. "Thông tư về phân loại đơn vị sự nghiệp ... có
        hiệu lực từ ngày nào?": the topic words are in most passages of that Thông tư, "hiệu
        lực" in one. Dev tune half, hit@5 of Engine.ask's citations (125 answerable): 0.864 ->
        0.888 (vi 0.86 -> 0.89, vi-loose 0.92 -> 0.96, en 0.84 -> 0.86); with the per-article
        limit off 0.936 -> 0.944-0.952 (one near-tie flips between runs); weighting by rarity
        without leaving out the title's terms: 0.928."""
        positions = [snap.lexical.position[h.chunk.chunk_id] for h in hits]
        named = [self._context_tokens(snap, h.chunk.doc_id) for h in hits]
        spans = [snap.doc_span(h.chunk.doc_id) for h in hits]
        return zip(hits, snap.lexical.coverages(query, positions, named, spans), strict=True)

    def context_tokens(self, doc_id: str) -> frozenset[str]:
        """Tokens of what a document says of itself (document_context), for the answerer."""
        snap = self.snapshot()
        if doc_id not in snap.documents:
            return frozenset()
        return self._context_tokens(snap, doc_id)

    def _context_tokens(self, snap: Snapshot, doc_id: str) -> frozenset[str]:
        cache = snap.context_tokens
        if doc_id not in cache:
            cache[doc_id] = frozenset(
                lexical_tokens(" ".join(document_context(snap.documents[doc_id])))
            )
        return cache[doc_id]

    def passage_text(self, hit: Hit) -> str:
        """What the lexical index saw for this hit: document context, headings, text."""
        return indexed_text(
            [*_context(hit.doc, hit.chunk.section), *hit.chunk.context], hit.chunk.text
        )


def document_context(doc: DocumentRecord) -> list[str]:
    """What every passage of a document implicitly says: its title, number, issuer, place and
    date. A question names the province or the period ("Đắk Lắk", "6 tháng đầu năm 2020")
    while the passage only says "của tỉnh"; indexing the context with each passage lets both
    BM25 and the coverage gate see that the passage belongs to what was asked about."""
    parts = [doc.title, doc.number, doc.issuer, doc.place]
    day = doc.date.split("-")
    if len(day) >= 1 and day[0].isdigit():
        parts.append(f"năm {day[0]}")
    if len(day) >= 2 and day[1].isdigit():
        parts.append(f"tháng {int(day[1])}/{day[0]}")
    if len(day) == 3 and day[2].isdigit():
        parts.append(f"ngày {int(day[2])}/{int(day[1])}/{day[0]}")
    return [p for p in parts if p]


def _context(doc: DocumentRecord, section: list[str]) -> list[str]:
    return [*document_context(doc), *section]


def _version_penalty(doc: DocumentRecord) -> float:
    """Replaced notices rank below every in-force one; amended ones a little lower."""
    if not doc.in_force:
        return REPLACED_PENALTY
    return AMENDED_PENALTY if doc.version_status == AMENDED else 0.0


def _best_documents(hits, n: int) -> list[str]:
    """The n documents of the best-scoring hits."""
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.chunk.doc_id] = max(best.get(hit.chunk.doc_id, float("-inf")), hit.score)
    return sorted(best, key=best.get, reverse=True)[:n]


def _scaled(ranked: list[tuple[str, float]], floor: str = "zero") -> dict[str, float]:
    """Scores divided by the best one (BM25: 0 means no term matched), or min-max scaled
    (cosine similarity has no natural zero) so that signals on different scales can be added."""
    if not ranked:
        return {}
    values = [score for _, score in ranked]
    top = max(values)
    low = min(values) if floor == "min" else 0.0
    span = top - low
    return {key: (score - low) / span if span > 0 else 1.0 for key, score in ranked}


def _diversify(
    ranked: list[Hit],
    k: int,
    per_doc: int | None,
    per_article: int | None = None,
    chunk_article: dict[str, str] | None = None,
) -> list[Hit]:
    """At most per_doc hits from one document and per_article from one law article, and
    identical passages (copies) only once."""
    chosen: list[Hit] = []
    per_doc_count: dict[str, int] = {}
    per_article_count: dict[str, int] = {}
    seen_texts: set[str] = set()
    for hit in ranked:
        article = (chunk_article or {}).get(hit.chunk.chunk_id)
        if hit.chunk.text in seen_texts:
            continue
        if per_doc is not None and per_doc_count.get(hit.chunk.doc_id, 0) >= per_doc:
            continue
        if article and per_article is not None and per_article_count.get(article, 0) >= per_article:
            continue
        chosen.append(hit)
        seen_texts.add(hit.chunk.text)
        per_doc_count[hit.chunk.doc_id] = per_doc_count.get(hit.chunk.doc_id, 0) + 1
        if article:
            per_article_count[article] = per_article_count.get(article, 0) + 1
        if len(chosen) >= k:
            break
    return chosen


def section_group(chunk: ChunkRecord) -> str:
    """The unit a passage belongs to: its article (Điều) in a law, else its heading path."""
    path = chunk.section
    for i, heading in enumerate(path):
        if heading.startswith("Điều "):
            path = path[: i + 1]
            break
    return "\0".join([chunk.doc_id, *path])


def _in_article(chunk: ChunkRecord) -> bool:
    return any(heading.startswith("Điều ") for heading in chunk.section)


def _group_index(ordered: list[ChunkRecord]) -> LexicalIndex:
    texts: dict[str, list[str]] = {}
    headings: dict[str, list[str]] = {}
    for chunk in ordered:
        key = section_group(chunk)
        texts.setdefault(key, []).append(chunk.text)
        headings.setdefault(key, chunk.section)
    return LexicalIndex.build(
        [(key, headings[key], " ".join(parts)) for key, parts in texts.items()]
    )


def _load_cache(path: Path) -> tuple[list[ChunkRecord], LexicalIndex, LexicalIndex] | None:
    try:
        with path.open("rb") as handle:
            ordered, lexical, groups = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - unpickling a damaged or old file raises anything
        # A corrupt or old-format cache (classes moved since it was written) is rebuilt.
        log.warning(
            "rebuilding the lexical cache: %s is unreadable (%s: %s)",
            path,
            type(exc).__name__,
            str(exc)[:200],
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        return None
    if not isinstance(lexical, LexicalIndex) or lexical.chunk_ids != [c.chunk_id for c in ordered]:
        return None
    return ordered, lexical, groups


def _save_cache(
    path: Path, ordered: list[ChunkRecord], lexical: LexicalIndex, groups: LexicalIndex
) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("lexical-*.pkl"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump((ordered, lexical, groups), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: another process never reads half a file
    except OSError as exc:
        # The cache only speeds up the next start; a read-only folder is fine.
        log.debug("lexical cache not written to %s: %s", path, exc)
