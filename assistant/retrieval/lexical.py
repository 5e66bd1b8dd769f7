"""BM25 over Vietnamese syllables and syllable bigrams, with an accent-free fallback.

MiniLM strips Vietnamese diacritics and reads English, so for Vietnamese text this index carries
most of the retrieval; dense search adds paraphrase recall on top of it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np

from assistant.core.text import (
    figure_surfaces,
    index_tokens,
    lexical_tokens,
    query_tokens,
    restore_accents,
    strip_diacritics,
)
from assistant.vocab.spelling import correct_vietnamese, vietnamese_spellers

_NO_POSITIONS = np.zeros(0, dtype=np.int64)
# The share of its weight an optional concept (LexicalQuery.optional) a passage lacks still
# counts against the passage: 0 leaves it out, 1 makes it a required concept. Dev tune half,
# English (132 answerable), 60% of the glossary left out (seed 1): accuracy / false refusals
# 0.629 / 0.076 at 0, 0.614 / 0.083 at 0.5 (1: lexical_query.SOFT_* off, 0.548 / 0.127 on the
# 126 of then); whole glossary 0.811 / 0.023 at both. A reading of a follow-up that only a
# refusal used to turn away is now answered: "who has to carry [it] out?" after a pension
# circular reads "carry ... out" as two words, "carri" an optional guess (tune follow-ups).
OPTIONAL_ABSENT_WEIGHT = 0.0


# Whether a figure or date of the question counts as held by a passage that writes its meaning
# in another form ("3,5 triệu đồng" / "3.500.000 đồng", "1/7/2026" / "ngày 01 tháng 7 năm
# 2026"): its surface tokens are then counted as held too (core/text.figure_surfaces).
# Without it such a question's coverage lost the idf of every token of the figure (rare, so
# heavy) and figure-form questions fell under the found bar with their answer ranked.
FIGURES_BY_MEANING = True


@lru_cache(maxsize=1024)
def _figure_surfaces(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    if re.fullmatch(r"#\d+", text):  # a canonical amount (an English question's concept)
        return ((frozenset([text]), frozenset([text])),)
    return tuple(figure_surfaces(text))


def _figures_held(text: str, present: Collection[str]) -> frozenset[str]:
    """The surface tokens (and canonical terms) of the text's figures whose meaning the
    passage holds: the same value, or an amount inside a band the passage states."""
    if not FIGURES_BY_MEANING:
        return frozenset()
    present = set(present)
    amounts = None
    held = []
    for surface, terms in _figure_surfaces(text):
        if terms & present:
            held.append(surface)
            continue
        if amounts is None:
            amounts = sorted(int(t[1:]) for t in present if t.startswith("#") and t[1:].isdigit())
        if any(_in_band(int(t[1:]), amounts) for t in terms if t.startswith("#")):
            held.append(surface | terms)
    return frozenset().union(*held) if held else frozenset()


# An amount the question gives as a case ("đang nhận 2,8 triệu/tháng") is held by a passage
# that states the band it falls in ("từ 2.700.000 đồng/tháng đến dưới 3.000.000 đồng/tháng"):
# two amounts of the passage at most BAND_RATIO apart on either side of it. 2: bands of pay,
# pension and fee thresholds in the dev set's tune-half notices are at most that wide (2,7 /
# 3 triệu; 30 / 40 / 55 / 70 triệu), while amounts of unrelated things are further apart.
BAND_RATIO = 2.0


def _in_band(value: int, amounts: Sequence[int]) -> bool:
    below = [a for a in amounts if a < value]
    above = [a for a in amounts if a > value]
    return bool(below and above) and above[0] <= BAND_RATIO * below[-1]


@dataclass(frozen=True)
class LexicalQuery:
    """What BM25 and the coverage measure look for: concepts, each a tuple of alternative
    phrasings (a passage counts a concept once, by the alternative it holds best). Typed text is
    one concept of one phrasing (`of`); an English question is one concept per glossary entry,
    its Vietnamese spellings the alternatives (`concepts`)."""

    groups: tuple[tuple[str, ...], ...]
    typed: bool = False  # typed text: words added join it instead of forming a concept
    # Per group, whether it is a guess that may be absent without counting against a passage
    # (an English word's nearest collection terms): it adds to BM25 and to the coverage of a
    # passage that holds it, and a passage that does not is measured without it. Empty: none.
    optional: tuple[bool, ...] = ()

    @classmethod
    def of(cls, text: str) -> LexicalQuery:
        return cls(((text,),), typed=True)

    @classmethod
    def concepts(
        cls, groups: Iterable[Iterable[str]], optional: Iterable[bool] = ()
    ) -> LexicalQuery:
        groups = tuple(tuple(group) for group in groups)
        flags = tuple(optional)
        return cls(groups, optional=flags if any(flags) else ())

    def is_optional(self, index: int) -> bool:
        return index < len(self.optional) and self.optional[index]

    @property
    def text(self) -> str:
        """Every phrasing in one line: what sentence choice and answer checks read."""
        return " ".join(term for group in self.groups for term in group)

    @property
    def alternatives(self) -> list[list[str]]:
        """The concepts of a grouped query (none for typed text): what an answer looks for
        when it needs one of a concept's spellings, such as the title asked about."""
        return [] if self.typed else [list(group) for group in self.groups]

    def is_empty(self) -> bool:
        return not self.text

    def with_terms(self, terms: Sequence[str]) -> LexicalQuery:
        """The query asking also for these terms: typed text gains the words; a grouped query
        gains one concept any of the terms satisfies."""
        if self.typed:
            return LexicalQuery.of(" ".join([self.text, *terms]))
        flags = (*self.optional, False) if self.optional else ()
        return LexicalQuery((*self.groups, tuple(terms)), optional=flags)

    def without_words(self, words: Sequence[str]) -> LexicalQuery:
        """The query without these words (a grouped query: without the concepts they are an
        alternative of)."""
        if self.typed:
            pattern = r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"
            return LexicalQuery.of(" ".join(re.sub(pattern, " ", self.text, flags=re.I).split()))
        lowered = {w.lower() for w in words}
        kept = [
            (g, self.is_optional(i))
            for i, g in enumerate(self.groups)
            if not any(a.lower() in lowered for a in g)
        ]
        return LexicalQuery.concepts((g for g, _ in kept), (o for _, o in kept))


def indexed_text(section: list[str], text: str) -> str:
    """The heading path is searchable too: the assignee of a bullet is often in its heading."""
    return " ".join([*section, text])


# BM25's term-frequency saturation and length normalization: the usual Okapi values (Robertson),
# not tuned here; the fusion weights in retrieval/search.py were calibrated with them. Checked on
# the tune half's 162 Vietnamese and which-documents questions (3 Dec), hit@1 / hit@5: k1 1.2
# b 0.75 0.815 / 0.920; b 0.5 0.809 / 0.907; b 0.9 0.809 / 0.926; k1 0.9 0.809 / 0.920; k1 1.6
# 0.809 / 0.914: no better pair.
BM25_K1 = 1.2
BM25_B = 0.75


def _held(positions: np.ndarray, holding: np.ndarray) -> np.ndarray:
    """np.isin(positions, holding) for a sorted `holding`, by binary search: a common term's
    entries are thousands at 40k passages, the candidates a few hundred."""
    if not len(holding):
        return np.zeros(len(positions), dtype=bool)
    at = np.minimum(np.searchsorted(holding, positions), len(holding) - 1)
    return holding[at] == positions


class LexicalIndex:
    def __init__(self, chunk_ids: list[str], token_lists: list[list[str]]):
        self.chunk_ids = chunk_ids
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}
        self.bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        if token_lists:
            self.bm25.index(token_lists, show_progress=False)
        doc_freq: Counter[str] = Counter()
        for tokens in token_lists:
            doc_freq.update(set(tokens))
        # The collection's own syllables (accented, as written): what typos are corrected to.
        self.syllable_freq = {
            t: df for t, df in doc_freq.items() if "_" not in t and not t.startswith("~")
        }
        self._spellers = None
        n = max(len(token_lists), 1)
        # Smoothed idf, also defined for terms the corpus never saw (they weigh the most).
        self.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in doc_freq.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)

    @classmethod
    def build(cls, items: list[tuple[str, list[str], str]]) -> LexicalIndex:
        """items: (chunk_id, section path, text)."""
        return cls(
            [cid for cid, _, _ in items],
            [index_tokens(indexed_text(section, text)) for _, section, text in items],
        )

    def _positions_with(self, token: str) -> np.ndarray:
        """Sorted positions of the entries that hold a token, read from the BM25 index."""
        token_id = self.bm25.vocab_dict.get(token) if self.chunk_ids else None
        if token_id is None:
            return _NO_POSITIONS
        indptr, indices = self.bm25.scores["indptr"], self.bm25.scores["indices"]
        return indices[indptr[token_id] : indptr[token_id + 1]]

    def coverages(
        self,
        query: LexicalQuery,
        positions: Sequence[int],
        excluded: Sequence[frozenset[str]],
        spans: Sequence[tuple[int, int]] | None = None,
    ) -> np.ndarray:
        """coverage(query, entry, excluded) for the indexed entries at these positions (each
        with its own excluded terms), read from the index instead of re-tokenizing each
        passage: a question's residual is scored over hundreds of candidates. With `spans`
        (per entry, the positions lo..hi of its document's entries), each term's idf is
        scaled by how rare it is inside that document (`_rarity_within`): what tells one
        passage of a document from its siblings."""
        positions = np.asarray(positions, dtype=np.int64)
        n = len(positions)
        if spans is not None:
            lows = np.fromiter((lo for lo, _ in spans), np.int64, n)
            highs = np.fromiter((hi for _, hi in spans), np.int64, n)
        covered, total = np.zeros(n), np.zeros(n)
        present: dict[str, np.ndarray] = {}
        allowed: dict[str, np.ndarray] = {}
        for index, alternatives in enumerate(query.groups):
            best_share = best_weight = None
            for alternative in alternatives:
                terms = set(query_tokens(alternative))
                if not terms:
                    continue
                weight, found = np.zeros(n), np.zeros(n)
                figures = _figure_surfaces(alternative) if FIGURES_BY_MEANING else ()
                for term in terms | {t for _, meaning in figures for t in meaning}:
                    if term not in present:
                        present[term] = _held(positions, self._positions_with(term))
                        allowed[term] = np.fromiter((term not in e for e in excluded), bool, n)
                for term in terms:
                    idf = self.weight(term) * allowed[term]
                    if spans is not None:
                        idf = idf * self._rarity_within(term, lows, highs)
                    weight += idf
                    held = present[term]
                    for surface, meaning in figures:  # written otherwise, same meaning
                        if term in surface:
                            for canonical in meaning:
                                held = held | present[canonical]
                    found += idf * held
                share = np.divide(found, weight, out=np.zeros(n), where=weight > 0)
                if best_share is None:
                    best_share, best_weight = share, weight
                else:
                    # A concept no spelling of which the passage holds weighs as its commonest
                    # spelling: it is only as specific as that (found.py's _concepts reads it
                    # so too), and an English word's rare wrong-sense reading ("raise" ->
                    # "nuôi dưỡng") must not outweigh the rest of the question.
                    better = (share > best_share) | (
                        (share == 0) & (best_share == 0) & (weight < best_weight)
                    )
                    best_share = np.where(better, share, best_share)
                    best_weight = np.where(better, weight, best_weight)
            if best_share is not None:
                if query.is_optional(index):
                    absent = best_weight * OPTIONAL_ABSENT_WEIGHT
                    best_weight = np.where(best_share > 0, best_weight, absent)
                covered += best_share * best_weight
                total += best_weight
        return np.divide(covered, total, out=np.zeros(n), where=total > 0)

    def _rarity_within(self, term: str, lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
        """Per entry: the term's idf among the entries lo..hi (its document's passages) as a
        share of the largest possible there: 1 when no passage of the document holds it, near
        0 when every one does (a topic word of the document tells none of them apart)."""
        held = self._positions_with(term)
        df = np.searchsorted(held, highs) - np.searchsorted(held, lows)
        n = highs - lows
        return np.log1p((n - df + 0.5) / (df + 0.5)) / np.log1p((n + 0.5) / 0.5)

    def weight(self, term: str) -> float:
        """A query term's idf. A term the collection never saw weighs the most (a topic word
        no passage holds), except a syllable pair whose syllables both occur: such a pair is
        two words that met in the question ("2027 có", "quyết về"), not a word of the notices,
        and no passage can be expected to hold it."""
        idf = self.idf.get(term)
        if idf is not None:
            return idf
        if "_" in term:
            folded = term.startswith("~")
            first, _, second = term.lstrip("~").partition("_")
            prefix = "~" if folded else ""
            if prefix + first in self.idf and prefix + second in self.idf:
                return 0.0
        return self.max_idf

    def correct_spelling(self, text: str, only: Collection[str] | None = None) -> str:
        """Unknown syllables one edit from a syllable of this collection, corrected; the
        syllable pairs of this collection choose among candidates and split two syllables
        typed without a space. only: the words (lowercase) that may be changed."""
        if getattr(self, "_spellers", None) is None:
            self._spellers = vietnamese_spellers(getattr(self, "syllable_freq", {}))
        return correct_vietnamese(text, *self._spellers, pair_count=self._pair_count, only=only)

    def _pair_count(self, a: str, b: str) -> int:
        """Entries holding the syllable pair "a b" (accent-free words: the folded pair)."""
        if a.isascii() and b.isascii():
            return len(self._positions_with(f"~{a}_{b}"))
        return len(self._positions_with(f"{a}_{b}"))

    def restore_accents(self, text: str) -> str:
        """Syllables typed without accents given the accented form this collection most
        likely meant, from its syllables and syllable pairs (assistant.text.restore_accents)."""
        if getattr(self, "_forms", None) is None:
            forms: dict[str, list[tuple[str, int]]] = {}
            for syllable, count in getattr(self, "syllable_freq", {}).items():
                if syllable.isalpha():
                    forms.setdefault(strip_diacritics(syllable), []).append((syllable, count))
            for found in forms.values():
                found.sort(key=lambda item: (-item[1], item[0]))
            self._forms = forms
        return restore_accents(
            text,
            lambda folded: self._forms.get(folded, []),
            lambda a, b: len(self._positions_with(f"{a}_{b}")),
        )

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_spellers"] = None  # rebuilt on first use; cheap next to the index
        state["_forms"] = None
        return state

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def search(
        self, query: LexicalQuery, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score) best first; mask (bool per chunk) applies filters."""
        if not self.chunk_ids:
            return []
        return self.top(self.scores(query), k, mask)

    def top(
        self, scores: np.ndarray | None, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The k best (chunk_id, score) of a scores() array, best first."""
        if scores is None or not self.chunk_ids:
            return []
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def scores(self, query: LexicalQuery) -> np.ndarray | None:
        """BM25 of every entry. A grouped query scores each concept by its best alternative
        and sums the concepts, so a body with four spellings counts once, not four times."""
        total = None
        for alternatives in query.groups:
            best = None
            for alternative in alternatives:
                tokens = query_tokens(alternative)
                if not tokens:
                    continue
                scores = np.asarray(self.bm25.get_scores(tokens), dtype=float)
                if scores.ndim == 0:  # bm25s answers a bare 0.0 when no token is known
                    scores = np.full(len(self.chunk_ids), float(scores))
                best = scores if best is None else np.maximum(best, scores)
            if best is not None:
                total = best if total is None else total + best
        return total

    def coverage(
        self, query: LexicalQuery, passage: str, excluded: frozenset[str] = frozenset()
    ) -> float:
        """Share of the query's idf weight found in the passage (0..1): an absolute relevance
        signal, unlike BM25 or rank fusion scores, so it can gate "not found". In a grouped
        query each concept weighs by its best-covered alternative. Terms in `excluded` (what
        the passage's document already says of itself) are left out of both sides. A figure
        or date of the query counts as held where the passage writes its meaning otherwise
        (and, here only, where it states a band the amount falls in: `_figures_held`)."""
        present = set(lexical_tokens(passage))
        covered = total = 0.0
        for index, alternatives in enumerate(query.groups):
            best = None
            for alternative in alternatives:
                terms = set(query_tokens(alternative)) - excluded
                if not terms:
                    continue
                weights = {t: self.weight(t) for t in terms}
                weight = sum(weights.values())
                held = present | _figures_held(alternative, present)
                share = sum(w for t, w in weights.items() if t in held) / weight
                if best is None or share > best[0] or (share == best[0] == 0 and weight < best[1]):
                    best = (share, weight)  # an absent concept weighs as its commonest spelling
            if best is not None:
                weight = best[1]
                if best[0] == 0 and query.is_optional(index):
                    weight *= OPTIONAL_ABSENT_WEIGHT
                covered += best[0] * weight
                total += weight
        return covered / total if total else 0.0
