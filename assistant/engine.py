"""The answer engine: one object the CLI, the UI and LangChain all call."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from assistant.answer.compose import (
    NOT_FOUND,
    SHORTCOMING_TERMS,
    Evidence,
    answer_kind,
    answers_intent,
    compose,
    constraints,
    folded,
    mentions_all,
    person_answer,
    person_cues,
    person_sentence,
    related_deadlines,
)
from assistant.answer.conversation import (
    Conversation,
    Turn,
    cited_passages,
    named_documents,
    notice_field,
    rewrite_agrees,
    same_question,
    segment,
    with_full_numbers,
)
from assistant.answer.found import FOUND_COVERAGE, is_found
from assistant.core.config import Settings, load_settings
from assistant.core.errors import EmptyQuestion, InvalidDate
from assistant.core.labels import document_label, format_date
from assistant.core.records import Answer, Citation
from assistant.core.text import figure_terms, normalize_unicode, typed_with_accents
from assistant.retrieval.lexical import Query
from assistant.retrieval.query import QueryAnalysis, analyze, asks_when
from assistant.retrieval.search import (
    DENSE_WEIGHTS,
    LEXICAL_WEIGHTS,
    RESIDUAL_WEIGHTS,
    Filters,
    Hit,
    HybridRetriever,
)
from assistant.store.chroma import Store, date_number, translate_store_failures
from assistant.store.embeddings import load_embedder
from assistant.store.versions import AMENDED, REPEALED, successor
from assistant.vocab.glossary import Glossary

# Added to the retrieval score (0..1.5 scale) of a passage that holds the asked-for answer type
# (a figure for "how much", a date for "when"): among passages on the topic, prefer the one
# that can answer.
ANSWER_TYPE_BONUS = 0.3
# Word overlap (Jaccard over syllables, figures left out) above which a later notice's passage
# restates the quoted one, and its title the quoted one's: on tests/fixtures/versions (tune pair
# f) the restated clause shares 1.0 and the titles 0.76; passages of unrelated notices of one
# issuer and type there share at most 0.52.
RESTATEMENT_OVERLAP = 0.6
# Types whose next issue on a subject often names no predecessor (yearly plans, conclusions,
# notices). Normative texts (Luật, Nghị định, Thông tư, Quyết định, Nghị quyết) must state what
# they replace; among them, same-issuer siblings restate boilerplate ("có hiệu lực thi hành từ
# ngày ...") and have near-identical titles (thuế thu nhập doanh nghiệp / cá nhân: 0.85 on the
# gazette corpus), so the implicit rule would mislead there.
IMPLICIT_SUCCESSION_TYPES = frozenset(
    {"Kế hoạch", "Thông báo", "Kết luận", "Chỉ thị", "Báo cáo", "Công văn", "Tin bài"}
)
# Subtracted from a passage whose document does not name the asked-for years or places: it
# stays visible as a nearest passage but ranks below every passage that is on the question.
OFF_TOPIC_PENALTY = 0.5


class Engine:
    def __init__(
        self,
        settings: Settings | None = None,
        embedder=None,
        store: Store | None = None,
        chat_model=None,  # a LangChain chat model; default: init_chat_model(ASSISTANT_LLM)
    ):
        self.settings = settings or load_settings()
        self.embedder = embedder or load_embedder(
            self.settings.embed_model, self.settings.embed_batch_size
        )
        self.store = store or Store(self.settings, self.embedder.name)
        self.retriever = HybridRetriever(
            self.store, self.embedder, cache_dir=Path(self.settings.store) / "cache"
        )
        self._assignments: tuple[str, list[dict]] | None = None
        self._folded_docs: dict[str, str] = {}
        self._llm = chat_model
        # Load the model while the first question builds the snapshot: cold start overlaps both.
        threading.Thread(target=_load_model_quietly, args=(self.embedder,), daemon=True).start()

    # --- questions -------------------------------------------------------------------------

    def analyze(self, question: str) -> QueryAnalysis:
        text = normalize_unicode(question or "").strip()
        if not text:
            raise EmptyQuestion()
        return analyze(text[: self.settings.max_question_chars])

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
            corrected = self.retriever.snapshot().lexical.correct_spelling(analysis.search_text)
            analysis.search_text = corrected
        dense_text = analysis.search_text
        if analysis.language == "vi" and not typed_with_accents(analysis.search_text):
            # The dense model reads Vietnamese with its accents: a question typed without
            # them, or with a few, is embedded with the accents the collection's own syllables
            # and syllable pairs restore (lexical search keeps the typed syllables).
            dense_text = self.retriever.snapshot().lexical.restore_accents(dense_text)
        lexical_text = _lexical_query(analysis)
        if analysis.language == "en" and self.settings.llm:
            # With an LLM configured, its Vietnamese rewrite of the question drives lexical
            # search; the glossary expansion stays the offline fallback.
            from assistant.answer.llm import vietnamese_rewrite

            rewrite = vietnamese_rewrite(self, analysis.text)
            if rewrite:
                lexical_text = analyze(rewrite).search_text
        flat = _flat(lexical_text)
        kind = answer_kind(analysis.intent, analysis.text)
        search_lexical = lexical_text
        if kind == "shortcoming":
            search_lexical = (
                [*lexical_text, SHORTCOMING_TERMS]
                if isinstance(lexical_text, list)
                else " ".join([lexical_text, *SHORTCOMING_TERMS])
            )
        years, names = constraints(analysis.text, analysis.language)
        reranked = bool(kind or years or names)
        hits = self.retriever.search(
            # An English question is embedded with the Vietnamese glossary terms it expands to:
            # on the dev set's tune half that beat the question alone (hit@5 0.61 vs 0.52) and
            # the terms alone (0.52), benchmarks/calibrate.py --english.
            dense_text,
            # room to promote passages that can answer and demote off-topic ones
            k=k * 2 if reranked else k,
            filters=filters,
            lexical_text=search_lexical,
            dense_weight=DENSE_WEIGHTS[analysis.language],
            lexical_weight=LEXICAL_WEIGHTS[analysis.language],
            residual_weight=RESIDUAL_WEIGHTS[analysis.language],
            # Two passages per notice: the answer lists each notice once, with its passage
            # that holds the most of the question.
            per_doc=2 if analysis.intent == "which_documents" else None,
        )
        lexical = self.retriever.snapshot().lexical
        for hit in hits:
            passage = self.retriever.passage_text(hit)
            on_topic = True
            if years or names:
                folded_passage = folded(passage)
                on_topic = mentions_all(years, folded_passage) and all(
                    folded(name) in folded_passage
                    or folded(name) in self._folded_document(hit.chunk.doc_id)
                    for name in names
                )
            # The province a notice is about counts as covered: a passage rarely repeats it.
            own = [n for n in names if self._is_own_place(hit, n)] if on_topic else []
            covered = " ".join([passage, *own])
            hit.coverage = lexical.coverage(lexical_text, covered)
            if not on_topic:
                hit.answers = False
                hit.score -= OFF_TOPIC_PENALTY
            elif kind:
                hit.answers = answers_intent(flat, hit.chunk.text, kind, analysis.text)
                hit.score += ANSWER_TYPE_BONUS if hit.answers else 0.0
        hits = sorted(hits, key=lambda h: h.score, reverse=True)[:k]
        return analysis, hits

    @translate_store_failures
    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        conversation: Conversation | None = None,
        *,
        as_of: str | None = None,
    ) -> Answer:
        """Answer a question. With a conversation, an elliptical follow-up is first resolved
        against its earlier turns (assistant/answer/conversation.py), the answer says what it
        understood (understood_as), and the new turn is recorded in the conversation.
        `as_of` (ISO date): answer from the notices issued by then, in the versions in force
        then (also settable as filters.as_of)."""
        filters = with_as_of(filters, as_of)
        if conversation is None:
            return self._ask_named(question, k, filters)
        started = time.perf_counter()
        analysis = self.analyze(question)
        resolution = conversation.resolve(analysis.text, analysis.language)
        rewrite = self._llm_rewrite(conversation, analysis, resolution)
        tries = resolution.tries()
        if rewrite:
            tries = [(rewrite, True), (rewrite, False), *tries]
        answer, resolved, scoped_found = None, resolution.question, False
        if resolution.deadline_of is not None:
            answer = self._deadline_answer(resolution.deadline_of, analysis.language, started)
        field = notice_field(analysis.text, analysis.language) if resolution.doc_ids else ""
        if answer is None and field:
            answer = self._notice_field(resolution.doc_ids[0], field, analysis, started)
        if answer is None:
            inside = filters
            if resolution.doc_ids and (filters is None or not filters.doc_ids):
                inside = replace(filters or Filters(), doc_ids=resolution.doc_ids)
            fallback = None
            for text, scoped in tries:
                attempt = self._ask_named(
                    text, k, inside if scoped else filters, resolution.intents.get(text)
                )
                if attempt.found:
                    answer, scoped_found = attempt, scoped and inside is not filters
                    break
                # Not found anywhere: the nearest passages of the whole collection help more.
                if fallback is None or (not scoped and fallback[1]):
                    fallback = (attempt, scoped)
            answer = answer or fallback[0]
            resolved = answer.question
        answer.understood_as = None if same_question(resolved, analysis.text) else resolved
        named = segment(resolved, answer.language).kinds() & {"place", "document"}
        if scoped_found and answer.citations and not named:
            # Read inside the previous answer's notice: say which one.
            where = _short_reference(answer.citations[0], answer.language)
            answer.understood_as = f"{answer.understood_as or resolved} ({where})"
        answer.question = analysis.text
        conversation.record(
            Turn(
                question=analysis.text,
                resolved=resolved,
                language=answer.language,
                found=answer.found,
                answer=answer.answer,
                intent=resolution.intents.get(resolved) or self.analyze(resolved).intent,
                cited=cited_passages(answer),
            )
        )
        return answer

    def _llm_rewrite(self, conversation, analysis, resolution) -> str | None:
        """With an LLM configured, the model's standalone rewrite of a follow-up, accepted only
        when it keeps what the rules carried (place, period, document) and names no place or
        document that neither the question nor the conversation named."""
        if not self.settings.llm or resolution.shape in ("first", "fresh"):
            return None
        from assistant.answer.llm import standalone_rewrite

        rewrite = standalone_rewrite(self, conversation, analysis.text)
        if rewrite and rewrite_agrees(rewrite, resolution.question, conversation, analysis):
            return rewrite
        return None

    def _notice_field(self, doc_id: str, field: str, analysis, started: float) -> Answer | None:
        """ "Who signed it?", "ban hành ngày nào?", "what is its number?" asked of the notice
        the conversation is about: the field from its metadata, citing the passage that holds
        it. None when the notice does not record it."""
        doc = self.retriever.snapshot().documents.get(doc_id)
        if doc is None:
            return None
        value = doc.get({"signer": "signer", "number": "number", "date": "date"}[field], "")
        if not value:
            return None
        if field == "date":
            holder = self._chunk_matching(doc_id, _date_pattern(value))
        else:
            holder = self._chunk_holding(doc_id, value, last=field == "signer")
        if holder is None:
            chunks = [c for c in self.retriever.snapshot().chunks.values() if c.doc_id == doc_id]
            holder = min(chunks, key=lambda c: c.start, default=None)
        if holder is None:
            return None
        from assistant.core.i18n import format_date

        language = analysis.language
        title = doc.get("title") or document_label(doc)
        # The line of the passage that states the value, quoted as the notice writes it.
        if field == "date":
            found = _date_pattern(value).search(holder.text) if _date_pattern(value) else None
            at = found.start() if found else 0
        else:
            at = max(0, holder.text.find(value))
        line_start = holder.text.rfind("\n", 0, at) + 1
        line_end = holder.text.find("\n", at)
        line = holder.text[line_start : line_end if line_end >= 0 else len(holder.text)]
        quote = " ".join(line.split())
        quote = f": “{quote[:200]}”" if quote else ""
        shown = format_date(value, language) if field == "date" else value
        english = language == "en"
        text = {
            "signer": (
                f"“{title}” was signed by {shown} [1]."
                if english
                else f"“{title}” do {shown} ký [1]."
            ),
            "number": (
                f"“{title}” is numbered {shown} [1]."
                if english
                else f"“{title}” có số hiệu {shown} [1]."
            ),
            "date": (
                f"“{title}” was issued on {shown} [1]."
                if english
                else f"“{title}” ban hành ngày {shown} [1]."
            ),
        }[field]
        text = text[:-1] + quote if quote else text
        hit = Hit(chunk=holder, doc=doc, score=1.0, coverage=1.0)
        return self._answer(
            analysis, text, True, [self._citation(1, hit)], "extractive", "", started
        )

    def _chunk_matching(self, doc_id: str, pattern: re.Pattern | None):
        if pattern is None:
            return None
        chunks = sorted(
            (c for c in self.retriever.snapshot().chunks.values() if c.doc_id == doc_id),
            key=lambda c: c.start,
        )
        return next((c for c in chunks if pattern.search(c.text)), None)

    def _deadline_answer(self, previous: Turn, language: str, started: float) -> Answer | None:
        """ "And by when?" after an answer about a task: the deadlines of the ledger records in
        the passages that answer cited. None when they hold no deadline (the question is then
        asked as resolved)."""
        if not previous.found or not previous.cited:
            return None
        used = {int(n) for n in re.findall(r"\[(\d+)\]", previous.answer)} or {1}
        passages = [c for n, c in enumerate(previous.cited, start=1) if n in used]
        records = [
            r
            for c in passages
            for r in self.assignments()
            if r["doc_id"] == c["doc_id"]
            and r["start"] < c["end"]
            and c["start"] < r["end"]
            and r.get("deadline_text")
        ]
        # The task the previous turn was about: records of the bodies its question or answer
        # named, when any (a passage often holds several bodies' tasks).
        named = folded(" ".join([previous.resolved, previous.answer]))
        own = [r for r in records if any(folded(b) in named for b in r["assignees"])]
        asked = self.analyze(previous.resolved).bodies
        if asked:
            own = [r for r in own if set(r["assignees"]) & set(asked)]
        records = own
        if not records:
            return None
        citations, lines = [], []
        for n, record in enumerate(records[:5], start=1):
            citation = self._record_citation(record)
            citation.n = n
            citations.append(citation)
            bodies = ", ".join(
                self._gloss(b) if language == "en" else b for b in record["assignees"]
            )
            head = "Deadline" if language == "en" else "Thời hạn"
            who = f" — {bodies}" if bodies else ""
            lines.append(f"{head}: {record['deadline_text']} [{n}]{who}: “{record['task']}”")
        return self._answer(
            self.analyze(previous.resolved),
            "\n".join(lines),
            True,
            citations,
            "extractive",
            "",
            started,
        )

    def _ask_named(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        intent: str | None = None,
    ):
        """A question that names a notice of the collection by its number ("Nghị quyết
        113/NQ-CP có hiệu lực từ khi nào?", or a follow-up the conversation pinned to one) is
        first answered inside that notice: every notice says "... có hiệu lực thi hành từ
        ngày ...", and only the number tells them apart. Not found there, the whole collection
        is asked (the number may name a notice the question only cites)."""
        if filters is None or not filters.doc_ids:
            analysis = self.analyze(question)
            numbers = {
                doc_id: doc.get("number", "")
                for doc_id, doc in self.retriever.snapshot().documents.items()
            }
            named = named_documents(analysis.text, analysis.language, numbers)
            if named and analysis.intent != "which_documents":
                inside = replace(filters or Filters(), doc_ids=named)
                full = with_full_numbers(analysis.text, analysis.language, numbers)
                answer = self._ask_one(full, k, inside, intent)
                if answer.found:
                    answer.question = analysis.text
                    return answer
        return self._ask_one(question, k, filters, intent)

    def _ask_one(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        intent: str | None = None,
    ):
        started = time.perf_counter()
        analysis = self.analyze(question)
        if intent:
            analysis.intent = intent
        ledger = self._ledger_answer(analysis, filters)
        if ledger is not None:
            if asks_when(analysis.text, analysis.language):
                extra = related_deadlines(
                    analysis.language,
                    analysis.bodies,
                    [(c.n, c.text) for c in ledger.citations],
                    ledger.answer,
                )
                ledger.answer = "\n".join([ledger.answer, *extra])
            ledger.timings_ms = {"total": round((time.perf_counter() - started) * 1000, 1)}
            return ledger
        analysis, hits = self.retrieve(question, k, filters, intent=intent)
        retrieved = time.perf_counter()
        as_of = filters.as_of if filters else ""
        special = None
        if analysis.asks in ("signer", "number"):
            special = self._document_field(analysis, hits)
        elif analysis.asks == "person":
            special = self._person(analysis, hits)
        if special is not None:
            found, text, hits = special
            citations = [self._citation(n, hit) for n, hit in enumerate(hits, start=1)]
            if not found:
                text = NOT_FOUND[analysis.language]
            return self._answer(analysis, text, found, citations, "extractive", "", started)

        found = is_found(hits, analysis.language)
        if found and analysis.intent != "which_documents":
            # Lead with a passage that answers and holds the most of the question; of those
            # that clear the bar, the in-force notice's before a replaced one's.
            hits = sorted(
                hits,
                key=lambda h: (
                    not h.answers,
                    h.coverage < FOUND_COVERAGE,
                    not h.doc.get("in_force", True),
                    -round(h.coverage, 1),
                    -h.score,
                ),
            )
            hits = _newer_first(hits)
        citations = [self._citation(n, hit) for n, hit in enumerate(hits, start=1)]
        mode, notice = "extractive", ""
        if not found:
            text = NOT_FOUND[analysis.language]
        else:
            text = None
            if self.settings.llm:
                from assistant.answer.llm import llm_answer

                text, notice = llm_answer(self, analysis, citations)
                mode = "llm" if text else mode
            if text is None:
                kind = answer_kind(analysis.intent, analysis.text)
                text = compose(
                    _flat(_lexical_query(analysis)),
                    kind if kind == "shortcoming" else analysis.intent,
                    analysis.language,
                    _quotable(self._evidence(hits, citations), hits),
                    gloss=self._gloss,
                    question=analysis.text,
                    weigh=self.retriever.snapshot().lexical.weight,
                )
            notes = self._version_notes(text, hits, citations, analysis.language, as_of)
            text = "\n".join([text, *notes])
        return self._answer(analysis, text, found, citations, mode, notice, started, retrieved)

    def _answer(self, analysis, text, found, citations, mode, notice, started, retrieved=None):
        done = time.perf_counter()
        retrieved = retrieved or done
        return Answer(
            question=analysis.text,
            answer=text,
            found=found,
            citations=citations,
            language=analysis.language,
            mode=mode,
            notice=notice,
            timings_ms={
                "retrieve": round((retrieved - started) * 1000, 1),
                "answer": round((done - retrieved) * 1000, 1),
                "total": round((done - started) * 1000, 1),
            },
        )

    def _person(self, analysis: QueryAnalysis, hits: list[Hit]):
        """(found, text, hits) for "who chaired / who is the chairman ...": a sentence of an
        on-topic passage that names a person and holds the asked title or act. None hands the
        question back to the general path (an act such as chủ trì may be done by a body)."""
        lexical_text = _lexical_query(analysis)
        groups = lexical_text if isinstance(lexical_text, list) else []
        cues, strict = person_cues(analysis.text, analysis.language, groups)
        eligible = [h for h in hits if h.answers and h.coverage >= FOUND_COVERAGE]
        evidence = self._evidence(eligible, [self._citation(0, h) for h in eligible])
        picked = person_sentence(_flat(lexical_text), cues, evidence)
        if picked is None:
            return (False, "", hits) if strict else None
        ev, sentence, name = picked
        chosen = eligible[evidence.index(ev)]
        hits = [chosen, *(h for h in hits if h is not chosen)]
        return True, person_answer(analysis.language, 1, sentence, name), hits

    def _document_field(self, analysis: QueryAnalysis, hits: list[Hit]):
        """(found, text, hits) for "who signed ..." / "what is its number": the field from the
        metadata of the notice the question is about (the best on-topic passage's notice),
        citing the passage that holds it. Only when that passage covers the question once the
        words for the field ("ký", "số hiệu") are set aside."""
        field_words = ("ký", "ký ban hành", "người ký", "số hiệu", "số ký hiệu")
        topic = _without(_lexical_query(analysis), field_words)
        lexical = self.retriever.snapshot().lexical
        _, names = constraints(analysis.text, analysis.language)
        on_topic = [h for h in hits if h.answers]
        if not on_topic:
            return False, "", hits
        best = on_topic[0]
        passage = " ".join([self.retriever.passage_text(best), *names])
        value = best.doc.get("signer" if analysis.asks == "signer" else "number", "")
        holder = self._chunk_holding(best.chunk.doc_id, value, last=analysis.asks == "signer")
        if lexical.coverage(topic, passage) < FOUND_COVERAGE or not value or holder is None:
            return False, "", hits
        hit = Hit(chunk=holder, doc=best.doc, score=best.score, coverage=best.coverage)
        hits = [hit, *(h for h in hits if h.chunk.chunk_id != holder.chunk_id)]
        title = best.doc.get("title") or document_label(best.doc)
        label = document_label(best.doc)
        quote = "“" + " ".join(holder.text.split()) + "”"
        if analysis.asks == "signer":
            text = (
                f"“{title}” ({label}) was signed by {value} [1]: {quote}"
                if analysis.language == "en"
                else f"“{title}” ({label}) do {value} ký [1]: {quote}"
            )
        else:
            text = (
                f"“{title}” is numbered {value} [1]."
                if analysis.language == "en"
                else f"“{title}” có số hiệu {value} [1]."
            )
        return True, text, hits

    def _chunk_holding(self, doc_id: str, value: str, last: bool):
        """The document's first (or last) chunk whose text holds value."""
        if not value:
            return None
        wanted = folded(value)
        chunks = sorted(
            (c for c in self.retriever.snapshot().chunks.values() if c.doc_id == doc_id),
            key=lambda c: c.start,
            reverse=last,
        )
        return next((c for c in chunks if wanted in folded(c.text)), None)

    def _ledger_answer(self, analysis: QueryAnalysis, filters: Filters | None) -> Answer | None:
        """ "What is X assigned to?" is answered from the ledger, every task cited."""
        if analysis.intent != "tasks_of" or not analysis.bodies:
            return None
        from assistant.answer.ledger_answer import ledger_answer

        as_of = filters.as_of if filters else ""
        docs = self.retriever.documents_as_of(as_of)
        records = [
            r
            for r in self._with_staff_state(self.assignments(as_of=as_of))
            if filters is None or filters.is_empty() or filters.matches(docs[r["doc_id"]])
        ]
        return ledger_answer(
            analysis.text, analysis.language, analysis.bodies, records, self._record_citation
        )

    def _with_staff_state(self, records: list[dict]) -> list[dict]:
        """Records with the status and corrections staff entered on the ledger page, when
        there are any (assistant/ledger/state.py); the notices' words answer without them."""
        from assistant.core.errors import AssistantError
        from assistant.ledger.state import USER_DB, LedgerState

        if not (Path(self.settings.store) / USER_DB).exists():
            return records
        try:
            state = LedgerState.for_store(self.settings.store)
            return records if state.is_empty() else state.attach(records)
        except AssistantError:
            return records

    def _record_citation(self, record: dict) -> Citation:
        """The citation of the chunk that holds a ledger record's source span."""
        snap = self.retriever.snapshot()
        chunks = [c for c in snap.chunks.values() if c.doc_id == record["doc_id"]]
        chunk = max(
            chunks,
            key=lambda c: min(c.end, record["end"]) - max(c.start, record["start"]),
        )
        hit = Hit(chunk=chunk, doc=snap.documents[chunk.doc_id], score=1.0, coverage=1.0)
        return self._citation(0, hit)

    def _is_own_place(self, hit: Hit, name: str) -> bool:
        """Whether the notice is about this place: its metadata names it, or its text calls it
        "tỉnh X" / "Tỉnh ủy X" (a provincial notice rarely states its province in a header
        line; "thành phố Buôn Ma Thuột" in a Đắk Lắk notice is a topic, not its place)."""
        name = folded(name)
        context = folded(" ".join(hit.doc.get(key, "") for key in ("place", "issuer", "title")))
        if name in context:
            return True
        text = self._folded_document(hit.chunk.doc_id)
        return f"tinh {name}" in text or f"tinh uy {name}" in text

    def _folded_document(self, doc_id: str) -> str:
        """The accent-folded document text, cached: a doc_id names fixed content."""
        if doc_id not in self._folded_docs:
            if len(self._folded_docs) > 256:
                self._folded_docs.clear()
            self._folded_docs[doc_id] = folded(self.store.document_text(doc_id) or "")
        return self._folded_docs[doc_id]

    def _version_notes(
        self, text: str, hits: list[Hit], citations: list[Citation], language: str, as_of: str
    ) -> list[str]:
        """What a reader must know about the notices an answer quotes: one that was replaced or
        repealed (by whom, when, and what the newer notice says when it is cited too), one that
        was amended, and, for an answer as of a past day, one replaced since."""
        cited = [int(n) for n in dict.fromkeys(re.findall(r"\[(\d+)\]", text))]
        by_doc = {c.doc_id: c for c in reversed(citations)}
        docs = self.retriever.documents_as_of(as_of)
        today = self.retriever.snapshot().documents
        en = language == "en"
        notes: list[str] = []
        seen: set[str] = set()
        for n in cited:
            if not 1 <= n <= len(hits) or hits[n - 1].chunk.doc_id in seen:
                continue
            doc = hits[n - 1].doc
            seen.add(doc["doc_id"])
            newer = successor(doc, docs) if not doc.get("in_force", True) else None
            if newer is not None:
                repealed = doc.get("version_status") == REPEALED
                notes.append(_replaced_note(n, doc, newer, repealed, en))
                quoted = by_doc.get(newer["doc_id"])
                # Only a passage of the newer notice that is on the question is worth quoting.
                if quoted is not None and quoted.n not in cited and quoted.score >= FOUND_COVERAGE:
                    notes.append(_newer_says(quoted, newer, en))
            elif doc.get("version_status") == AMENDED:
                amenders = [docs[i] for i in doc.get("amended_by", []) if i in docs]
                notes.append(_amended_note(n, doc, amenders, en))
            else:
                restated = _newer_restatement(
                    hits[n - 1], hits, citations, cited, _quoted_text(text, n)
                )
                if restated is not None:
                    notes.append(_newer_says(restated, docs.get(restated.doc_id, {}), en))
            if as_of and doc["doc_id"] in today and not today[doc["doc_id"]]["in_force"]:
                later = successor(today[doc["doc_id"]], today)
                if later is not None:
                    notes.append(_since_note(n, as_of, later, en))
        return notes

    def _citation(self, n: int, hit: Hit) -> Citation:
        doc = hit.doc
        newer = (
            successor(doc, self.retriever.documents_as_of())
            if not doc.get("in_force", True)
            else None
        )
        return Citation(
            n=n,
            doc_id=hit.chunk.doc_id,
            chunk_id=hit.chunk.chunk_id,
            source=doc.get("source", ""),
            title=doc.get("title", ""),
            number=doc.get("number", ""),
            date=doc.get("date", ""),
            issuer=doc.get("issuer", ""),
            doc_type=doc.get("doc_type", ""),
            section=" > ".join(hit.chunk.section),
            text=hit.chunk.text,
            score=round(hit.coverage, 3),
            start=hit.chunk.start,
            end=hit.chunk.end,
            version_status=doc.get("version_status", ""),
            replaced_by=document_label(newer) if newer else "",
        )

    def _evidence(self, hits: list[Hit], citations: list[Citation]) -> list[Evidence]:
        ledger = self.assignments()
        evidence = []
        for hit, citation in zip(hits, citations, strict=True):
            leads: list[str] = []
            for record in ledger:
                if record["doc_id"] != hit.chunk.doc_id:
                    continue
                if record["start"] < hit.chunk.end and hit.chunk.start < record["end"]:
                    leads.extend(b for b in record["assignees"] if b not in leads)
            evidence.append(
                Evidence(
                    n=citation.n,
                    text=hit.chunk.text,
                    section=hit.chunk.section,
                    label=document_label(hit.doc),
                    assignees=leads,
                    coverage=hit.coverage,
                    context=self.retriever.context_tokens(hit.chunk.doc_id),
                )
            )
        return evidence

    def _gloss(self, body: str) -> str:
        from assistant.vocab.bodies import english_name

        english = english_name(body)
        return f"the {english} ({body})" if english else body

    # --- documents and the ledger ----------------------------------------------------------

    @translate_store_failures
    def documents(self) -> list[dict]:
        return list(self.retriever.snapshot().documents.values())

    @translate_store_failures
    def document_text(self, doc_id: str) -> str | None:
        return self.store.document_text(doc_id)

    @translate_store_failures
    def assignments(self, include_replaced: bool = False, as_of: str = "") -> list[dict]:
        """Ledger records with their document's metadata: those of the notices in force (as of
        that day), so a task is never counted twice; include_replaced adds the tasks of replaced
        versions and replaced notices. Every record says `in_force` and `doc_status`
        (in_force / amended / replaced / repealed)."""
        snap = self.retriever.snapshot()
        if self._assignments is None or self._assignments[0] != snap.fingerprint:
            records = []
            for record in self.store.assignments(set(snap.documents)):
                doc = snap.documents[record["doc_id"]]
                record.update(
                    number=doc.get("number", ""),
                    date=doc.get("date", ""),
                    issuer=doc.get("issuer", ""),
                    title=doc.get("title", ""),
                    source=doc.get("source", ""),
                )
                records.append(record)
            records.sort(key=lambda r: (r["date"], r["doc_id"], r["start"]), reverse=False)
            self._assignments = (snap.fingerprint, records)
        docs = self.retriever.documents_as_of(as_of)
        chosen = []
        for record in self._assignments[1]:
            doc = docs.get(record["doc_id"])
            if doc is None or not (include_replaced or doc["in_force"]):
                continue
            chosen.append(
                {**record, "in_force": doc["in_force"], "doc_status": doc["version_status"]}
            )
        return chosen

    def refresh(self) -> None:
        """Re-read the store now (after an upload, a deletion or a restore): its snapshot is
        otherwise re-checked only every few seconds."""
        self.retriever.snapshot(force=True)

    def trash(self) -> list:
        """The deleted documents (assistant/store/trash.py entries), newest first."""
        from assistant.store.trash import Trash

        return Trash(Path(self.settings.store)).entries()

    @translate_store_failures
    def status(self) -> dict:
        snap = self.retriever.snapshot()
        last = max((d.get("ingested_at", 0) for d in snap.documents.values()), default=0)
        return {
            "documents": len(snap.documents),
            "chunks": len(snap.chunks),
            "model": self.embedder.name,
            "store": self.store.location,
            "last_ingest": last,
            "llm": self.settings.llm or "",
        }


def _date_pattern(iso: str) -> re.Pattern | None:
    """ "2020-07-03" as notices write it: "ngày 03 tháng 7 năm 2020", "03/7/2020"."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    return re.compile(
        rf"(?<!\d)0?{day}\s*(?:tháng\s+0?{month}\s*(?:năm|,)\s*{year}|[/.-]0?{month}[/.-]{year})",
        re.IGNORECASE,
    )


def _short_reference(citation: Citation, language: str) -> str:
    """ "văn bản số 1097-KL/TU" / "notice 1097-KL/TU", else its date."""
    from assistant.core.i18n import format_date

    name = citation.number or format_date(citation.date, language) or citation.title[:40]
    return f"in notice {name}" if language == "en" else f"trong văn bản {name}"


def _quoted_text(answer: str, n: int) -> str:
    """What the answer quotes from citation n (“…” [n] or [n]: “…”), joined."""
    after = re.findall(rf"“([^”]+)”\s*\[{n}\]", answer)
    before = re.findall(rf"\[{n}\]:?\s*“([^”]+)”", answer)
    return " ".join(after + before)


def _newer_restatement(
    quoted: Hit, hits: list[Hit], citations: list[Citation], cited: list[int], words: str = ""
) -> Citation | None:
    """A cited passage of a later notice "on the same subject" as the quoted one (see
    _restates_later), when the answer quotes the older one: its sentence that restates the
    quoted passage, for "A newer notice of ... says ..."."""
    for hit, citation in zip(hits, citations, strict=True):
        # Not `answers`: a question that names the older notice's year still learns of the new one.
        if citation.n not in cited and _restates_later(quoted, hit, on_question=False):
            sentence = _closest_sentence(hit.chunk.text, words or quoted.chunk.text)
            return replace(citation, text=sentence)
    return None


def _restates_later(old: Hit, new: Hit, on_question: bool = True) -> bool:
    """`new` is a passage of a later notice of the same issuer and type, on the question, that
    says what `old` says with other figures or dates — next year's plan, which names no
    relation in its text."""
    day = date_number(old.doc.get("date", ""))
    return (
        new.chunk.doc_id != old.chunk.doc_id
        and bool(day)
        and date_number(new.doc.get("date", "")) > day
        and folded(new.doc.get("issuer", "")) == folded(old.doc.get("issuer", ""))
        and new.doc.get("doc_type") == old.doc.get("doc_type")
        and old.doc.get("doc_type") in IMPLICIT_SUCCESSION_TYPES
        and _overlap(old.doc.get("title", ""), new.doc.get("title", "")) >= RESTATEMENT_OVERLAP
        and (new.answers or not on_question)
        and new.coverage >= FOUND_COVERAGE
        and _overlap(old.chunk.text, new.chunk.text) >= RESTATEMENT_OVERLAP
    )


def _overlap(a: str, b: str) -> float:
    """Share of words (syllables, figures left out) two passages have in common (Jaccard)."""
    words = [set(re.findall(r"[^\W\d_]+", folded(t))) for t in (a, b)]
    union = words[0] | words[1]
    return len(words[0] & words[1]) / len(union) if union else 0.0


def _closest_sentence(passage: str, to: str) -> str:
    """The sentence (or line) of a passage whose words `to` holds the most of (the longest of
    equals): the restated clause, not the letterhead its chunk may start with."""
    target = set(re.findall(r"[^\W\d_]+", folded(to)))

    def held(sentence: str) -> tuple[float, int]:
        words = set(re.findall(r"[^\W\d_]+", folded(sentence)))
        return (len(words & target) / len(words) if words else 0.0, len(words))

    sentences = [s for s in re.split(r"(?<=[.;:])\s+|\n+", passage) if s.strip()]
    return max(sentences, key=held, default=passage)


def _newer_first(hits: list[Hit]) -> list[Hit]:
    """Of two passages that say the same thing, the later notice's comes first."""
    ordered = list(hits)
    for i in range(len(ordered)):
        later = next(
            (j for j in range(i + 1, len(ordered)) if _restates_later(ordered[i], ordered[j])),
            None,
        )
        if later is not None:
            ordered.insert(i, ordered.pop(later))
    return ordered


def _quotable(evidence: list[Evidence], hits: list[Hit]) -> list[Evidence]:
    """Passages the answer may quote: when an in-force notice answers, a replaced or repealed
    one's restatement of the same clause (with the old figure or deadline) is not quoted; it
    stays among the sources, marked. A replaced notice is quoted when it alone answers, and the
    answer then says it was replaced."""
    # An older notice's passage that a later one on the question restates is not quoted either.
    restated = [any(_restates_later(h, other) for other in hits) for h in hits]
    evidence = [ev for ev, r in zip(evidence, restated, strict=True) if not r] or evidence
    hits = [h for h, r in zip(hits, restated, strict=True) if not r] or hits
    in_force = [h.doc.get("in_force", True) for h in hits]
    if not any(
        f and h.answers and h.coverage >= FOUND_COVERAGE
        for f, h in zip(in_force, hits, strict=True)
    ):
        return evidence
    return [ev for ev, f in zip(evidence, in_force, strict=True) if f]


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


def dmy(iso: str) -> str:
    """ "2024-03-05" -> "05/03/2024" (the notes' DD/MM/YYYY)."""
    parts = (iso or "").split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return format_date(iso)


def _short_label(doc: dict) -> str:
    if doc.get("number"):
        return f"{doc.get('doc_type') or 'Văn bản'} số {doc['number']}"
    return doc.get("title") or Path(doc.get("source", "")).name


def _on(doc: dict, en: bool) -> str:
    if not doc.get("date"):
        return ""
    return f" of {dmy(doc['date'])}" if en else f" ngày {dmy(doc['date'])}"


def _replaced_note(n: int, doc: dict, newer: dict, repealed: bool, en: bool) -> str:
    same = doc.get("superseded_by") == newer["doc_id"]
    if en:
        if same:
            return (
                f"Note: [{n}] is an earlier version of {_short_label(doc)}; the version in force "
                f"is the one{_on(newer, True)} ({Path(newer.get('source', '')).name})."
            )
        verb = "repealed" if repealed else "replaced"
        newer_name = f"{_short_label(newer)}{_on(newer, True)}"
        return f"Note: the notice cited as [{n}] was {verb} by {newer_name}."
    if same:
        return (
            f"Lưu ý: [{n}] là bản cũ của {_short_label(doc)}; bản đang có hiệu lực là bản"
            f"{_on(newer, False)} ({Path(newer.get('source', '')).name})."
        )
    verb = "đã bị bãi bỏ bởi" if repealed else "đã được thay thế bởi"
    return f"Lưu ý: Văn bản [{n}] {verb} {_short_label(newer)}{_on(newer, False)}."


def _newer_says(citation: Citation, newer: dict, en: bool) -> str:
    passage = " ".join(citation.text.split())
    if len(passage) > 300:
        passage = passage[:300].rsplit(" ", 1)[0] + " …"
    if en:
        return f"A newer notice{_on(newer, True)} says: “{passage}” [{citation.n}]"
    return f"Văn bản mới hơn{_on(newer, False)} nêu: “{passage}” [{citation.n}]"


def _amended_note(n: int, doc: dict, amenders: list[dict], en: bool) -> str:
    names = ", ".join(f"{_short_label(a)}{_on(a, en)}" for a in amenders)
    if en:
        return f"Note: the notice cited as [{n}] was amended by {names}."
    return f"Lưu ý: Văn bản [{n}] đã được sửa đổi, bổ sung bởi {names}."


def _since_note(n: int, as_of: str, later: dict, en: bool) -> str:
    if en:
        return (
            f"(Answered as of {dmy(as_of)}; [{n}] has since been replaced by "
            f"{_short_label(later)}{_on(later, True)}.)"
        )
    return (
        f"(Trả lời theo văn bản có hiệu lực ngày {dmy(as_of)}; sau đó [{n}] đã được thay thế "
        f"bởi {_short_label(later)}{_on(later, False)}.)"
    )


def _lexical_query(analysis: QueryAnalysis) -> str | Query:
    """Vietnamese terms only: English words never occur in the notices and would only dilute
    BM25 and the coverage measure. An English question becomes one concept per glossary entry
    (its Vietnamese spellings are alternatives) plus its numbers."""
    if analysis.language != "en":
        return analysis.search_text
    expanded = set(analysis.expansions)
    groups = [
        list(
            dict.fromkeys(
                term for entry in entries for term in entry.vietnamese if term in expanded
            )
        )
        for entries in Glossary.load().match_english_groups(analysis.text)
    ]
    groups = [g for g in groups if g]
    # Topic words the glossary does not know stay in the query: the evidence bar then sees that
    # no passage holds them, instead of answering from the few generic words it did match.
    groups.extend([word] for word in Glossary.load().unmatched_english(analysis.text))
    # Dates and amounts in their canonical form: "June 10" meets "ngày 10 tháng 6".
    groups.extend([term] for term in figure_terms(analysis.text))
    for match in re.finditer(r"(\d[\d/.,-]*\d|\d)(st|nd|rd|th)?\b", analysis.text):
        number, ordinal = match.groups()
        # "11th congress": notices number congresses and terms in Roman numerals (khóa XI).
        roman = _roman(int(number)) if ordinal and number.isdigit() else ""
        groups.append([number, roman] if roman else [number])
    return groups or analysis.search_text


def _roman(number: int) -> str:
    if not 0 < number < 100:
        return ""
    tens = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return tens[number // 10] + ones[number % 10]


def _without(query: str | Query, words: tuple[str, ...]) -> str | Query:
    """The query without the given words (a grouped query: without the groups they form)."""
    if isinstance(query, str):
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"
        return " ".join(re.sub(pattern, " ", query, flags=re.IGNORECASE).split())
    lowered = {w.lower() for w in words}
    return [g for g in query if not any(a.lower() in lowered for a in g)]


def _flat(query: str | Query) -> str:
    return query if isinstance(query, str) else " ".join(t for group in query for t in group)


def _load_model_quietly(embedder) -> None:
    try:
        getattr(embedder, "model", None)
    except Exception:
        pass  # the first question loads it again and reports the error clearly
