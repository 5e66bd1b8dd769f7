"""The engine as a LangChain retriever, so it plugs into any LangChain chain."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.retrieval.search import Filters


class NoticeRetriever(BaseRetriever):
    """Hybrid retrieval over the notices; each Document carries the citation metadata."""

    engine: Any
    k: int = 5
    filters: Filters | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        _, hits = self.engine.retrieve(query, self.k, self.filters)
        return [
            Document(
                page_content=hit.chunk.text,
                id=hit.chunk.chunk_id,
                metadata={
                    "doc_id": hit.chunk.doc_id,
                    "source": hit.doc.source,
                    "title": hit.doc.title,
                    "number": hit.doc.number,
                    "date": hit.doc.date,
                    "issuer": hit.doc.issuer,
                    "section": " > ".join(hit.chunk.section),
                    "start": hit.chunk.start,
                    "end": hit.chunk.end,
                    "score": hit.score,
                },
            )
            for hit in hits
        ]
