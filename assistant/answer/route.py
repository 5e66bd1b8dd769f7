"""Which answer a question gets: routing between the ledger ("what is X assigned to?"), a
notice's own fields (signer, number, date), a person, a deadline follow-up, the LLM answer and the
extractive composition; a conversation's follow-ups resolved first, a question naming a notice
answered inside it first."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from assistant.answer.compose import NOT_FOUND, answer_kind, compose, related_deadlines
from assistant.answer.constraints import constraints
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
from assistant.answer.deadline_followup import deadline_lines
from assistant.answer.field_answers import document_field, effect_answer, notice_field_answer
from assistant.answer.fields import asks_effect, short_reference
from assistant.answer.found import (
    FOUND_COVERAGE,
    YEARS_IN_QUOTE,
    affirm_of,
    is_found,
    quote_names_years,
    quoted_of,
)
from assistant.answer.ledger_answer import ledger_answer
from assistant.answer.llm import llm_answer, standalone_rewrite
from assistant.answer.lookup import Lookup, with_as_of
from assistant.answer.persons import person_answer, person_cues, person_sentence
from assistant.answer.reads import Reads, gloss
from assistant.answer.selection import holds_named_item, named_items
from assistant.answer.versions import newer_first, quotable, version_notes
from assistant.core.config import Settings
from assistant.core.errors import AssistantError
from assistant.core.i18n import text as i18n_text
from assistant.core.records import Answer, LedgerRecord
from assistant.ledger.state import USER_DB, LedgerState
from assistant.retrieval.lexical_query import lexical_query
from assistant.retrieval.query import QueryAnalysis, asks_when
from assistant.retrieval.rerank import named_notices
from assistant.retrieval.search import Filters, Hit, HybridRetriever

# What a passage in the section group of the one a conversation was reading (Hit.near) adds to
# its coverage when the answer chooses which passage to quote first: one rounding step of that
# order (coverage is rounded to 0.1), so a sibling clause of the article the previous answer
# quoted wins a tie with a passage elsewhere in the notice, not over one that holds more of
# the question. Tune chains (benchmarks/followups.py --half tune, 206 later turns) with
# NEAR_WEIGHT 0.3: 0.0, 0.05 and 0.1 lose the same two earlier turns (f295, f513); 0.1 wins
# two blind turns more than 0.0 (f617, f630: a sibling clause at a tie); 0.2 as 0.1.
NEAR_COVERAGE = 0.1


class Answerer:
    """Answers questions. Given explicitly: the settings (top_k, ASSISTANT_LLM, the store
    folder where staff state lives), the lookup (analysis and hits), the retriever (the
    snapshot's documents and passages) and `assignments(include_replaced=False, as_of="")`, the
    ledger records of the notices in force with their document's metadata. The answers of one
    kind live in their own modules: field_answers.py (signer, number, date),
    deadline_followup.py, persons.py, ledger_answer.py, compose.py (extractive), llm.py."""

    def __init__(
        self,
        settings: Settings,
        lookup: Lookup,
        retriever: HybridRetriever,
        assignments: Callable[..., list[LedgerRecord]],
    ) -> None:
        self.settings = settings
        self.lookup = lookup
        self.retriever = retriever
        self.assignments = assignments
        self.reads = Reads(retriever, assignments)

    def chat_model(self):
        """The LLM (answer/llm.py calls this on whatever it is given)."""
        return self.lookup.chat_model()

    def analyze(self, question: str) -> QueryAnalysis:
        return self.lookup.analyze(question)

    def retrieve(self, question: str, k=None, filters=None, *, as_of=None, intent=None):
        return self.lookup.retrieve(question, k, filters, as_of=as_of, intent=intent)

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
        with self.lookup.one_question():
            return self._ask(question, k, filters, conversation, as_of=as_of)

    def _ask(self, question, k, filters, conversation, *, as_of) -> Answer:
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
                inside = replace(
                    filters or Filters(), doc_ids=resolution.doc_ids, near=tuple(resolution.near)
                )
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
        if resolution.shape == "new-subject" and answer.understood_as == resolution.question:
            # The previous question kept, its subject replaced: said, so a wrong guess shows.
            note = i18n_text("new_subject", answer.language)
            answer.understood_as = f"{answer.understood_as} ({note})"
        named = segment(resolved, answer.language).kinds() & {"place", "document"}
        if scoped_found and answer.citations and not named:
            # Read inside the previous answer's notice: say which one.
            where = short_reference(answer.citations[0], answer.language)
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
        rewrite = standalone_rewrite(self, conversation, analysis.text)
        if rewrite and rewrite_agrees(rewrite, resolution.question, conversation, analysis):
            return rewrite
        return None

    def _notice_field(self, doc_id: str, field: str, analysis, started: float) -> Answer | None:
        """The field of the notice the conversation is about (answer/field_answers.py)."""
        answered = notice_field_answer(self.reads, doc_id, field, analysis.language)
        if answered is None:
            return None
        text, hit = answered
        citations = [self.reads.citation(1, hit)]
        return self._answer(analysis, text, True, citations, "extractive", "", started)

    def _deadline_answer(self, previous: Turn, language: str, started: float) -> Answer | None:
        """ "And by when?" after an answer about a task (answer/deadline_followup.py)."""
        answered = deadline_lines(
            self.reads, previous, language, lambda question: self.analyze(question).bodies
        )
        if answered is None:
            return None
        text, citations = answered
        analysis = self.analyze(previous.resolved)
        return self._answer(analysis, text, True, citations, "extractive", "", started)

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
                doc_id: doc.number for doc_id, doc in self.retriever.snapshot().documents.items()
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
        if analysis.asks in ("signer", "number", "date"):
            special = document_field(self.reads, analysis, hits)
        elif analysis.asks == "person":
            special = self._person(analysis, hits)
        elif analysis.intent == "when" and asks_effect(analysis.text):
            scoped = bool(filters and filters.doc_ids)
            effect = effect_answer(self.reads, analysis, hits, scoped)
            special = (True, *effect) if effect else None
        if special is not None:
            found, text, hits = special
            citations = [self.reads.citation(n, hit) for n, hit in enumerate(hits, start=1)]
            if not found:
                text = NOT_FOUND[analysis.language]
            return self._answer(analysis, text, found, citations, "extractive", "", started)

        hits = self._years_in_quotes(analysis, hits)
        lexical = self.retriever.snapshot().lexical
        found = is_found(
            hits,
            analysis.language,
            lexical_query(analysis),
            lexical.weight,
            self.retriever.passage_text,
            quoted_of(analysis, lexical, lexical_query(analysis)),
            affirm_of(analysis, lexical, lexical_query(analysis), self.retriever.passage_text),
        )
        if found and analysis.intent != "which_documents":
            # Lead with a passage that answers and holds the most of the question; of those
            # that clear the bar, the in-force notice's before a replaced one's.
            # The item the question names by label ("mức 1", "level 1") leads among those.
            items = named_items(analysis.text)
            hits = sorted(
                hits,
                key=lambda h: (
                    not h.answers,
                    h.coverage < FOUND_COVERAGE,
                    not (items and holds_named_item(h.chunk.text, items)),
                    not h.doc.in_force,
                    # An English question's nearness to the passage (Lookup.add_similarity)
                    # counts with what the passage holds of its glossary terms; a follow-up's
                    # sibling of the passage the conversation was reading, NEAR_COVERAGE more.
                    -round(h.coverage + (h.similarity or 0.0) + NEAR_COVERAGE * h.near, 1),
                    -h.score,
                ),
            )
            hits = newer_first(hits)
        citations = [self.reads.citation(n, hit) for n, hit in enumerate(hits, start=1)]
        mode, notice = "extractive", ""
        if not found:
            text = NOT_FOUND[analysis.language]
        else:
            text = None
            if self.settings.llm:
                text, notice = llm_answer(self, analysis, citations)
                mode = "llm" if text else mode
            if text is None:
                kind = answer_kind(analysis.intent, analysis.text)
                text = compose(
                    lexical_query(analysis).text,
                    kind if kind == "shortcoming" else analysis.intent,
                    analysis.language,
                    quotable(self.reads.evidence(hits, citations), hits),
                    gloss=gloss,
                    question=analysis.text,
                    weigh=self.retriever.snapshot().lexical.weight,
                    sentence_bonus=self.lookup.sentence_bonus(analysis),
                )
            notes = version_notes(
                text,
                hits,
                citations,
                analysis.language,
                as_of,
                self.retriever.documents_as_of(as_of),
                self.retriever.snapshot().documents,
            )
            text = "\n".join([text, *notes])
        return self._answer(analysis, text, found, citations, mode, notice, started, retrieved)

    def _years_in_quotes(self, analysis: QueryAnalysis, hits: list[Hit]) -> list[Hit]:
        """The hits, a passage that holds the answer type no longer counted as answering when
        no sentence of it that holds that type names the years the question asks about
        (found.quote_names_years); a year of a notice number the question names is the
        number's, not asked about."""
        kind = "when" if analysis.asks == "date" else answer_kind(analysis.intent, analysis.text)
        if not (YEARS_IN_QUOTE and kind):
            return hits
        named = named_notices(analysis.text)
        years = [
            y
            for y in constraints(analysis.text, analysis.language)[0]
            if not any(f"/{y}" in key for key, _ in named)
        ]
        for hit in hits:
            if hit.answers and not quote_names_years(hit, years, kind, analysis.text):
                hit.answers = False
        return hits

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
        lexical_text = lexical_query(analysis)
        cues, strict = person_cues(analysis.text, analysis.language, lexical_text.alternatives)
        eligible = [h for h in hits if h.answers and h.coverage >= FOUND_COVERAGE]
        evidence = self.reads.evidence(eligible, [self.reads.citation(0, h) for h in eligible])
        picked = person_sentence(lexical_text.text, cues, evidence)
        if picked is None:
            return (False, "", hits) if strict else None
        ev, sentence, name = picked
        chosen = eligible[evidence.index(ev)]
        hits = [chosen, *(h for h in hits if h is not chosen)]
        return True, person_answer(analysis.language, 1, sentence, name), hits

    def _ledger_answer(self, analysis: QueryAnalysis, filters: Filters | None) -> Answer | None:
        """ "What is X assigned to?" is answered from the ledger, every task cited."""
        if analysis.intent != "tasks_of" or not analysis.bodies:
            return None

        as_of = filters.as_of if filters else ""
        docs = self.retriever.documents_as_of(as_of)
        records = [
            r
            for r in self._with_staff_state(self.assignments(as_of=as_of))
            if filters is None or filters.is_empty() or filters.matches(docs[r.doc_id])
        ]
        return ledger_answer(
            analysis.text, analysis.language, analysis.bodies, records, self.reads.record_citation
        )

    def _with_staff_state(self, records: list[LedgerRecord]) -> list[LedgerRecord]:
        """Records with the status and corrections staff entered on the ledger page, when
        there are any (assistant/ledger/state.py); the notices' words answer without them."""
        if not (Path(self.settings.store) / USER_DB).exists():
            return records
        try:
            state = LedgerState.for_store(self.settings.store)
            return records if state.is_empty() else state.attach(records)
        except AssistantError:
            return records
