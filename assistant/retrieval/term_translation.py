"""English words the glossary lacks, mapped onto the collection's own Vietnamese terms.

The glossary was grown from the documents the system was tuned on; a user's own notices always
hold topic words it lacks, and such a word of an English question then matches nothing in BM25
(benchmarks/english_coverage.py: 46% of the dev set's test-half English questions hold one).
The multilingual model places an English word near its Vietnamese translation, so the
collection's candidate terms — syllable n-grams that occur in at least two passages, not
starting or ending with a function syllable — are embedded once (cached by term text beside
the store, so a new document embeds only its new terms) and an unmapped English word is
embedded and given its nearest terms above a calibrated cosine bar
(benchmarks/term_translation.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.core.text import normalize_unicode, syllables

log = logging.getLogger(__name__)

# Longest candidate term, in syllables: Vietnamese words are one to three syllables, and four
# covers a two-word compound ("phòng cháy chữa cháy") the glossary often holds as one entry.
MAX_SYLLABLES = 3
# A term must occur in this many passages: a one-off sequence is rarely a word, and the count
# of candidates (the embedding cost) falls about threefold (dev collection, 58 documents:
# 1-3-grams 44k at df >= 1, 13k at df >= 2 after the function-syllable filter).
MIN_PASSAGES = 2

# Syllables that neither start nor end a term: conjunctions, prepositions, classifiers and
# particles, the most frequent syllables of the tune-half documents that name nothing alone.
FUNCTION_SYLLABLES = frozenset(
    """và của các có trong theo được với tại này cho một không đến hoặc sau trên đã là do
    những từ để về khi thì như mà nếu đó bị sẽ đang cũng vẫn vào ra lại rằng nào gì ai bằng
    nhằm qua gồm giữa mỗi cùng đều phải cần ở nên hay vì nhưng thế này kia ấy đây vậy
    hơn rất lên xuống chưa đối với việc sự cuộc thuộc""".split()
)
_LETTERS = re.compile(r"^[^\W\d_]+$")


def candidate_terms(
    passages: Iterable[str], max_syllables: int = MAX_SYLLABLES, min_passages: int = MIN_PASSAGES
) -> dict[str, int]:
    """{term: passages holding it}: lowercased syllable n-grams of letters only, in at least
    min_passages passages, whose first and last syllables are not function syllables, and that
    are whole words: not nearly always met with the same syllable before or after them."""
    # Plain dicts, not a Counter per n-gram: this loop runs over every passage of the
    # collection (a Counter per gram made it twice as slow at 10k passages).
    counts: dict[tuple[str, ...], int] = {}
    occurrences: dict[tuple[str, ...], int] = {}
    before: dict[tuple[str, ...], dict[str, int]] = {}
    after: dict[tuple[str, ...], dict[str, int]] = {}
    for passage in passages:
        words = syllables(passage)
        size = len(words)
        letters = [bool(_LETTERS.match(word)) for word in words]
        seen: set[tuple[str, ...]] = set()
        for i, first in enumerate(words):
            if first in FUNCTION_SYLLABLES or not letters[i]:
                continue
            previous = words[i - 1] if i else ""
            for n in range(1, max_syllables + 1):
                end = i + n
                if end > size or not letters[end - 1]:
                    break
                if words[end - 1] in FUNCTION_SYLLABLES:
                    continue
                gram = tuple(words[i:end])
                seen.add(gram)
                occurrences[gram] = occurrences.get(gram, 0) + 1
                _tally(before, gram, previous)
                _tally(after, gram, words[end] if end < size else "")
        for gram in seen:
            counts[gram] = counts.get(gram, 0) + 1
    terms = {}
    for gram, n in counts.items():
        if n < min_passages or not all(map(_syllable, gram)) or _weak(gram):
            continue
        total = occurrences[gram]
        if _bound(before[gram], total) or _bound(after[gram], total):
            continue
        terms[" ".join(gram)] = n
    return terms


# A term whose occurrences are this often preceded (or followed) by one same syllable is a
# piece of a longer word ("chủ trương đầu" of "chủ trương đầu tư", "án nhà" of "dự án nhà
# ở"). Chosen by reading a sample of the tune-half documents' candidates.
BOUND_SHARE = 0.9


def _syllable(word: str) -> bool:
    """Not a list marker ("a) xây dựng") or a stray letter: one-letter syllables are "y" (y
    tế) or carry a diacritic (ô tô, ở)."""
    return len(word) > 1 or word == "y" or not word.isascii()


def _weak(gram: tuple[str, ...]) -> bool:
    """A short unaccented syllable alone ("in", "so", "ta", "cp": English-looking, or an
    abbreviation) sits near every English word; a function syllable inside three ("nghiệm
    trong chuyên") joins two pieces of words."""
    if len(gram) == 1:
        return len(gram[0]) <= 2 and gram[0].isascii()
    return any(word in FUNCTION_SYLLABLES for word in gram[1:-1])


def _tally(table: dict[tuple[str, ...], dict[str, int]], gram: tuple[str, ...], word: str) -> None:
    counts = table.get(gram)
    if counts is None:
        table[gram] = counts = {}
    counts[word] = counts.get(word, 0) + 1


def _bound(neighbours: dict[str, int], total: int) -> bool:
    # The first most frequent neighbour, as Counter.most_common(1) picks it.
    word, count = max(neighbours.items(), key=lambda item: item[1])
    return bool(word) and count >= BOUND_SHARE * total


@dataclass(frozen=True)
class Translation:
    term: str  # a Vietnamese term of the collection
    score: float  # CSLS: twice the cosine, less both sides' hubness (see TermVectors)


class TermVectors:
    """The collection's candidate terms, their embeddings (rows L2-normalized) and hubness.

    Raw cosine ranks "hub" terms first for almost any English word: short syllables that are
    English-looking tokens ("in", "so", "ta") and generic terms ("rà soát"). Cross-domain
    similarity local scaling (CSLS, Conneau et al. 2018, "Word translation without parallel
    data") subtracts each term's mean cosine to its HUB_NEIGHBOURS nearest English reference
    phrases, and the English word's mean cosine to its nearest terms: on the tune-half glossary
    ablation, top-1 precision 0.20 -> 0.32 over all entries (benchmarks/term_translation.py)."""

    def __init__(self, terms: Sequence[str], vectors: np.ndarray, reference: np.ndarray):
        self.terms = list(terms)
        self.index = {term: i for i, term in enumerate(self.terms)}
        self.vectors = _normalized(vectors, len(self.terms))
        reference = _normalized(reference, len(reference))
        if self.terms and len(reference):
            k = min(HUB_NEIGHBOURS, len(reference))
            similar = self.vectors @ reference.T
            self.hubness = np.sort(similar, axis=1)[:, -k:].mean(axis=1)
        else:
            self.hubness = np.zeros(len(self.terms), dtype=np.float32)

    @classmethod
    def stored(cls, terms: Sequence[str], vectors: np.ndarray, hubness: np.ndarray) -> TermVectors:
        """Terms, their normalized vectors and hubness as `save` wrote them (no recomputation)."""
        made = cls.__new__(cls)
        made.terms = list(terms)
        made.index = {term: i for i, term in enumerate(made.terms)}
        made.vectors, made.hubness = vectors, hubness
        return made

    def save(self, path: Path) -> None:
        _write_npz(
            path,
            terms=np.array(self.terms, dtype=str),
            vectors=self.vectors,
            hubness=np.asarray(self.hubness, dtype=self.vectors.dtype),
        )

    def nearest(
        self,
        vector: Sequence[float],
        k: int,
        among: Iterable[str] | None = None,
        context: Sequence[float] | None = None,
        context_weight: float = 0.0,
    ) -> list[Translation]:
        """The k terms of highest CSLS score, best first; with `among`, only those of its terms
        that are candidate terms (the English word's own hubness still measured against all).
        With `context` (the whole question's vector), each term also scores context_weight
        times its cosine to the question less the question's mean cosine to its nearest
        terms: of a word's senses, the one the question is about."""
        if not self.terms:
            return []
        cosines = self.vectors @ _unit(vector)
        neighbours = min(HUB_NEIGHBOURS, len(cosines))
        own = _top(cosines, neighbours).mean()
        scores = 2 * cosines - self.hubness - own
        if context is not None and context_weight:
            topical = self.vectors @ _unit(context)
            scores = scores + context_weight * (topical - _top(topical, neighbours).mean())
        if among is not None:
            allowed = sorted({self.index[t] for t in among if t in self.index})
            if not allowed:
                return []
            masked = np.full_like(scores, -np.inf)
            masked[allowed] = scores[allowed]
            scores = masked
            k = min(k, len(allowed))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Translation(self.terms[i], float(scores[i])) for i in top]


# Neighbours CSLS averages over, on either side: the paper's 10. 5 and 20 give the same top-1
# precision on the tune-half glossary ablation (0.32).
HUB_NEIGHBOURS = 10


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """The k largest values in ascending order: np.sort(values)[-k:] without sorting them all
    (the same array, so means over it are the same to the last bit)."""
    return np.sort(np.partition(values, len(values) - k)[-k:])


def _unit(vector: Sequence[float]) -> np.ndarray:
    query = np.asarray(vector, dtype=np.float32)
    return query / (np.linalg.norm(query) or 1.0)


def _normalized(vectors, rows: int) -> np.ndarray:
    if rows == 0:
        # A collection too small to yield a candidate term: no rows (reshape cannot infer -1).
        return np.zeros((0, 1), dtype=np.float32)
    matrix = np.asarray(vectors, dtype=np.float32).reshape(rows, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def cached_vectors(
    texts: Sequence[str],
    embed: Callable[[list[str]], list[list[float]]],
    cache: Path | None = None,
    batch: int = 256,
) -> np.ndarray:
    """The texts' embeddings (one row each), those already in `cache` (an .npz keyed by text,
    one per model and prefix) read from it, the others embedded and added to it."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as data:
                known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, whatever it raises
            log.warning("re-embedding %s: it is unreadable (%s)", cache, exc)
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    for start in range(0, len(missing), batch):
        chunk = missing[start : start + batch]
        for text, vector in zip(chunk, embed(chunk), strict=True):
            known[text] = np.asarray(vector, dtype=np.float32)
    if missing and cache is not None:
        _save(cache, known)
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.stack([known[t] for t in texts])


def _save(cache: Path, known: dict[str, np.ndarray]) -> None:
    texts = sorted(known)
    _write_npz(
        cache,
        texts=np.array(texts, dtype=str),
        vectors=np.stack([known[t] for t in texts]).astype(np.float32),
    )


def _write_npz(path: Path, **arrays: np.ndarray) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.npz")
        np.savez(tmp, **arrays)
        tmp.replace(path)  # atomic: another process never reads half a file
    except OSError as exc:
        log.debug("term vectors not written to %s: %s", path, exc)


class TermTranslator:
    """English words onto one snapshot of the collection's terms. The candidate terms are
    extracted and embedded on first use (the first English question with a word the glossary
    lacks), then kept; `passages()` gives the collection's passages, `reference` the English
    phrases hubness is measured against, `cache_dir` where vectors are kept between runs.

    With a `collection` key (the snapshot's fingerprint, which names exactly which document
    versions the passages come from), the finished terms, vectors and hubness are also kept
    under that key: extracting the terms reads every passage (~100 s at 40k passages on this
    machine), so a restarted engine loads them instead (prepared after each ingest)."""

    def __init__(
        self,
        passages: Callable[[], Iterable[str]],
        embedder,
        reference: Sequence[str],
        cache_dir: Path | None = None,
        collection: str | None = None,
    ):
        self._passages = passages
        self.embedder = embedder
        self.reference = list(reference)
        self.cache_dir = cache_dir
        self.collection = collection
        self._vectors: TermVectors | None = None
        self._lock = threading.Lock()
        self._memo: dict = {}
        self._query_memo: dict[str, list[float]] = {}

    def _cache(self, kind: str) -> Path | None:
        if self.cache_dir is None:
            return None
        model = re.sub(r"[^\w.-]+", "_", str(getattr(self.embedder, "name", "model")))
        return self.cache_dir / f"terms-{kind}-{model}.npz"

    def _stored(self) -> Path | None:
        """Where this collection's finished TermVectors are kept: keyed by the collection, the
        model, the reference phrases and the extraction settings (any change makes a new key)."""
        if self.cache_dir is None or not self.collection:
            return None
        settings = [
            *self.reference,
            repr((MAX_SYLLABLES, MIN_PASSAGES, BOUND_SHARE, HUB_NEIGHBOURS)),
            " ".join(sorted(FUNCTION_SYLLABLES)),
        ]
        digest = hashlib.sha1("\n".join(settings).encode()).hexdigest()[:12]
        return self.cache_dir / f"{self._cache_prefix()}{self.collection}-{digest}.npz"

    def _cache_prefix(self) -> str:
        model = re.sub(r"[^\w.-]+", "_", str(getattr(self.embedder, "name", "model")))
        return f"termvectors-v{TERM_VECTORS_FORMAT}-{model}-"

    def vectors(self) -> TermVectors:
        with self._lock:
            if self._vectors is None:
                stored = self._stored()
                self._vectors = _load_term_vectors(stored) if stored else None
            if self._vectors is None:
                started = time.perf_counter()
                terms = sorted(candidate_terms(self._passages()))
                vectors = cached_vectors(terms, self.embedder.embed_documents, self._cache("vi"))
                reference = cached_vectors(
                    self.reference,
                    lambda texts: [self.embedder.embed_query(t) for t in texts],
                    self._cache("en"),
                )
                self._vectors = TermVectors(terms, vectors, reference)
                log.info(
                    "%d collection terms ready for English words in %.1f s",
                    len(terms),
                    time.perf_counter() - started,
                )
                if stored:
                    for old in stored.parent.glob(f"{self._cache_prefix()}*.npz"):
                        old.unlink(missing_ok=True)  # other collections' (older snapshots)
                    self._vectors.save(stored)
            return self._vectors

    def nearest(
        self, english: str, k: int, context: str = "", context_weight: float = 0.0
    ) -> list[Translation]:
        """The k collection terms nearest an English word or phrase, best first; with a
        `context` (the question it was asked in), scored in that context (TermVectors)."""
        key = normalize_unicode(english).lower().strip()
        in_context = bool(context and context_weight)
        memo_key = (key, context, context_weight) if in_context else key
        found = self._memo.get(memo_key)
        if found is None or len(found) < k:
            found = self.vectors().nearest(
                self._query_vector(key),
                k,
                context=self._query_vector(context) if in_context else None,
                context_weight=context_weight,
            )
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = found
        return found[:k]

    def translate(
        self, english: str, bar: float, most: int, context: str = "", context_weight: float = 0.0
    ) -> list[str]:
        """At most `most` collection terms scoring at least `bar`, best first."""
        found = self.nearest(english, most, context, context_weight)
        return [t.term for t in found if t.score >= bar]

    def translate_within(
        self,
        english: str,
        passages: Iterable[str],
        bar: float,
        most: int,
        context: str = "",
        context_weight: float = 0.0,
    ) -> list[str]:
        """Like translate, but only terms that occur in `passages` (a first search's best
        passages: the words the question's topic is written in)."""
        key = normalize_unicode(english).lower().strip()
        vector = self._query_vector(key)
        among = passage_grams(passages)
        in_context = bool(context and context_weight)
        found = self.vectors().nearest(
            vector,
            most,
            among,
            context=self._query_vector(context) if in_context else None,
            context_weight=context_weight,
        )
        return [t.term for t in found if t.score >= bar]

    def _query_vector(self, key: str):
        vector = self._query_memo.get(key)
        if vector is None:
            vector = self.embedder.embed_query(key)
            if len(self._query_memo) > MEMO_SIZE:
                self._query_memo.clear()
            self._query_memo[key] = vector
        return vector


# Part of the stored TermVectors' file name: bump it when what the file holds changes.
TERM_VECTORS_FORMAT = 1


def _load_term_vectors(path: Path) -> TermVectors | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            terms, vectors, hubness = data["terms"].tolist(), data["vectors"], data["hubness"]
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged file is rebuilt, whatever it raises
        log.warning("re-extracting the collection's terms: %s is unreadable (%s)", path, exc)
        return None
    if vectors.ndim != 2 or not len(terms) == len(vectors) == len(hubness):
        return None
    return TermVectors.stored(terms, vectors, hubness)


def passage_grams(passages: Iterable[str], max_syllables: int = MAX_SYLLABLES) -> set[str]:
    """Every syllable n-gram (1 to max_syllables) of the passages, as candidate terms are
    spelled (lowercased, one space)."""
    grams: set[str] = set()
    for passage in passages:
        words = syllables(passage)
        for i in range(len(words)):
            for n in range(1, max_syllables + 1):
                if i + n <= len(words):
                    grams.add(" ".join(words[i : i + n]))
    return grams


MEMO_SIZE = 4096  # English words remembered per snapshot: a bound, not a tuning number
