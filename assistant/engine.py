"""The answer engine: one object the CLI, the UI and LangChain all call. It wires the store, the
embedder, the retriever and the chat model together and delegates: a question's analysis and hits
to answer/lookup.py (re-ranking: retrieval/rerank.py), which answer it gets to answer/route.py."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from assistant.answer.conversation import Conversation
from assistant.answer.llm import make_chat_model
from assistant.answer.lookup import Lookup
from assistant.answer.route import Answerer
from assistant.core.config import Settings, load_settings
from assistant.core.errors import ModelUnavailable
from assistant.core.records import Answer, DocumentRecord, LedgerRecord
from assistant.retrieval.query import QueryAnalysis
from assistant.retrieval.rerank import Reranker
from assistant.retrieval.search import Filters, Hit, HybridRetriever
from assistant.store.chroma import Store, translate_store_failures
from assistant.store.embeddings import load_embedder
from assistant.store.trash import Trash

log = logging.getLogger(__name__)

# Ledger selections kept per snapshot ((include_replaced, as_of) pairs): a bound, not tuned.
CHOSEN_ASSIGNMENTS = 16


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
        reranker = Reranker(self.retriever, self.store.document_text)
        self.lookup = Lookup(self.settings, self.retriever, reranker, self.chat_model)
        self.answerer = Answerer(self.settings, self.lookup, self.retriever, self.assignments)
        self._assignments: tuple[str, list[LedgerRecord]] | None = None
        self._chosen: dict[tuple[bool, str], list[LedgerRecord]] = {}
        self._llm = chat_model
        # Load the model while the first question builds the snapshot: cold start overlaps both.
        threading.Thread(target=_load_model_quietly, args=(self.embedder,), daemon=True).start()

    # --- questions -------------------------------------------------------------------------

    def chat_model(self):
        """The chat model of ASSISTANT_LLM (or the one given), made on first use."""
        if self._llm is None:
            self._llm = make_chat_model(self.settings.llm)
        return self._llm

    def analyze(self, question: str) -> QueryAnalysis:
        return self.lookup.analyze(question)

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        *,
        as_of: str | None = None,
        intent: str | None = None,
    ) -> tuple[QueryAnalysis, list[Hit]]:
        return self.lookup.retrieve(question, k, filters, as_of=as_of, intent=intent)

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
        """Answer a question (assistant/answer/route.py). With a conversation, an elliptical
        follow-up is first resolved against its earlier turns, the answer says what it
        understood (understood_as), and the new turn is recorded in the conversation.
        `as_of` (ISO date): answer from the notices issued by then, in the versions in force
        then (also settable as filters.as_of)."""
        return self.answerer.ask(question, k, filters, conversation, as_of=as_of)

    def prepare_english_terms(self) -> bool:
        """Embed the collection's terms for English words the glossary lacks now rather than at
        the first such question (about two minutes for a 60-notice collection on two cores the
        first time; only new terms later). False when the model needs none."""
        return self.lookup.terms.warm()

    # --- documents and the ledger ----------------------------------------------------------

    @translate_store_failures
    def documents(self) -> list[DocumentRecord]:
        return list(self.retriever.snapshot().documents.values())

    def sections(self, doc_id: str) -> list[tuple[list[str], int]]:
        """(heading path, start offset) of a document's passages, for the page's anchors."""
        chunks = self.retriever.snapshot().document_chunks(doc_id)
        return [(chunk.section, chunk.start) for chunk in chunks]

    def term_weight(self) -> Callable[[str], float]:
        """How much a term carries in the collection (idf / the largest idf, 0..1), for
        highlighting only a question's weighty words."""
        lexical = self.retriever.snapshot().lexical
        top = lexical.max_idf or 1.0
        return lambda token: lexical.idf.get(token, lexical.max_idf) / top

    @translate_store_failures
    def document_text(self, doc_id: str) -> str | None:
        return self.store.document_text(doc_id)

    @translate_store_failures
    def assignments(self, include_replaced: bool = False, as_of: str = "") -> list[LedgerRecord]:
        """Ledger records with their document's metadata: those of the notices in force (as of
        that day), so a task is never counted twice; include_replaced adds the tasks of replaced
        versions and replaced notices. Every record says `in_force` and `doc_status`
        (in_force / amended / replaced / repealed)."""
        snap = self.retriever.snapshot()
        if self._assignments is None or self._assignments[0] != snap.fingerprint:
            records = [
                record.with_document(snap.documents[record.doc_id])
                for record in self.store.assignments(set(snap.documents))
            ]
            records.sort(key=lambda r: (r.date, r.doc_id, r.start), reverse=False)
            self._assignments = (snap.fingerprint, records)
            self._chosen = {}
        every = self._assignments[1]
        key = (include_replaced, as_of)
        chosen = self._chosen.get(key)
        if chosen is None:
            # Once per snapshot and day asked (every answer reads them for its evidence: at 40k
            # passages, 16k records copied per question took ~100 ms).
            docs = self.retriever.documents_as_of(as_of)
            chosen = []
            for record in every:
                doc = docs.get(record.doc_id)
                if doc is None or not (include_replaced or doc.in_force):
                    continue
                chosen.append(replace(record, in_force=doc.in_force, doc_status=doc.version_status))
            if len(self._chosen) >= CHOSEN_ASSIGNMENTS:
                self._chosen.clear()
            self._chosen[key] = chosen
        return list(chosen)

    def refresh(self) -> None:
        """Re-read the store now (after an upload, a deletion or a restore): its snapshot is
        otherwise re-checked only every few seconds."""
        self.retriever.snapshot(force=True)

    def trash(self) -> list:
        """The deleted documents (assistant/store/trash.py entries), newest first."""
        return Trash(Path(self.settings.store)).entries()

    @translate_store_failures
    def status(self) -> dict:
        snap = self.retriever.snapshot()
        last = max((d.ingested_at for d in snap.documents.values()), default=0)
        return {
            "documents": len(snap.documents),
            "chunks": len(snap.chunks),
            "model": self.embedder.name,
            "store": self.store.location,
            "last_ingest": last,
            "llm": self.settings.llm or "",
        }


def _load_model_quietly(embedder) -> None:
    try:
        getattr(embedder, "model", None)
    except ModelUnavailable:  # every loader failure arrives as this (store/embeddings.py)
        # The first question loads it again and reports the error to the user clearly.
        log.debug("loading the embedding model in the background failed", exc_info=True)
