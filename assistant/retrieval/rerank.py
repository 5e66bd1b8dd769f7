"""Re-ranking a question's hits: each hit's coverage of the question, a bonus for a passage that
holds the asked-for answer type, a penalty for one whose notice does not name the asked-for
years or places. What "holds the answer type" means is the answer side's knowledge: it comes in
as a function."""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.text import fold
from assistant.retrieval.lexical import LexicalQuery
from assistant.retrieval.search import Hit, HybridRetriever

# Added to the retrieval score (0..1.5 scale) of a passage that holds the asked-for answer type
# (a figure for "how much", a date for "when"): among passages on the topic, prefer the one
# that can answer.
ANSWER_TYPE_BONUS = 0.3
# Subtracted from a passage whose document does not name the asked-for years or places: it
# stays visible as a nearest passage but ranks below every passage that is on the question.
OFF_TOPIC_PENALTY = 0.5
# Added to a hit's fused score times its coverage of the question (0..1): fusion ranks by what a
# passage shares with the question, coverage by how much of the question it holds. Dev tune half
# (188 answerable, hit@5 of Engine.ask): 0.851 at 0, 0.862 at 0.5, 0.872 at 1, 0.872 at 2; the
# smallest weight on that flat top (commit 6a65432).
COVERAGE_WEIGHT = 1.0
# Accent-folded document texts kept for the place checks; the cache is emptied past this many
# (a few hundred notices of ~10-100 kB). Chosen by hand, not measured.
FOLDED_DOCUMENTS_CACHED = 256


class Reranker:
    """Re-ranks the retriever's hits; `document_text(doc_id)` reads a notice's whole text (the
    store's), for the places a passage leaves to its notice."""

    def __init__(
        self, retriever: HybridRetriever, document_text: Callable[[str], str | None]
    ) -> None:
        self.retriever = retriever
        self._document_text = document_text
        self._folded_docs: dict[str, str] = {}

    def rerank(
        self,
        hits: list[Hit],
        k: int,
        lexical_text: LexicalQuery,
        years: list[str],
        names: list[str],
        answers: Callable[[Hit], bool] | None = None,
    ) -> list[Hit]:
        """The best k hits, each with its coverage of `lexical_text` set, and, when `answers`
        (whether a hit's passage holds the asked-for answer type) is given, whether it answers.
        A hit is on topic when its passage names every year and its passage or notice every
        name; off-topic hits answer nothing and lose OFF_TOPIC_PENALTY. Every hit gains
        COVERAGE_WEIGHT times its coverage."""
        lexical = self.retriever.snapshot().lexical
        for hit in hits:
            passage = self.retriever.passage_text(hit)
            on_topic = True
            if years or names:
                folded_passage = fold(passage)
                on_topic = all(fold(year) in folded_passage for year in years) and all(
                    fold(name) in folded_passage
                    or fold(name) in self.folded_document(hit.chunk.doc_id)
                    for name in names
                )
            # The province a notice is about counts as covered: a passage rarely repeats it.
            own = [n for n in names if self.is_own_place(hit, n)] if on_topic else []
            covered = " ".join([passage, *own])
            hit.coverage = lexical.coverage(lexical_text, covered)
            hit.score += COVERAGE_WEIGHT * hit.coverage
            if not on_topic:
                hit.answers = False
                hit.score -= OFF_TOPIC_PENALTY
            elif answers is not None:
                hit.answers = answers(hit)
                hit.score += ANSWER_TYPE_BONUS if hit.answers else 0.0
        return sorted(hits, key=lambda h: h.score, reverse=True)[:k]

    def is_own_place(self, hit: Hit, name: str) -> bool:
        """Whether the notice is about this place: its metadata names it, or its text calls it
        "tỉnh X" / "Tỉnh ủy X" (a provincial notice rarely states its province in a header
        line; "thành phố Buôn Ma Thuột" in a Đắk Lắk notice is a topic, not its place)."""
        name = fold(name)
        context = fold(" ".join((hit.doc.place, hit.doc.issuer, hit.doc.title)))
        if name in context:
            return True
        text = self.folded_document(hit.chunk.doc_id)
        return f"tinh {name}" in text or f"tinh uy {name}" in text

    def folded_document(self, doc_id: str) -> str:
        """The accent-folded document text, cached: a doc_id names fixed content."""
        if doc_id not in self._folded_docs:
            if len(self._folded_docs) > FOLDED_DOCUMENTS_CACHED:
                self._folded_docs.clear()
            self._folded_docs[doc_id] = fold(self._document_text(doc_id) or "")
        return self._folded_docs[doc_id]
