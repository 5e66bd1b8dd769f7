"""What answering reads of the collection: the retriever's snapshot (documents and passages) and
the ledger's records, as the citations and the evidence that answers are made of."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.citations import citation_of, evidence_of, record_hit
from assistant.answer.compose import Evidence
from assistant.answer.fields import chunk_holding, chunk_matching
from assistant.answer.table_groups import GroupLabel, group_labels
from assistant.core.records import ChunkRecord, Citation, LedgerRecord
from assistant.retrieval.search import Hit, HybridRetriever
from assistant.vocab.bodies import english_name


class Reads:
    """`assignments(include_replaced=False, as_of="")`: the ledger records of the notices in
    force, with their document's metadata (Engine.assignments)."""

    def __init__(
        self, retriever: HybridRetriever, assignments: Callable[..., list[LedgerRecord]]
    ) -> None:
        self.retriever = retriever
        self.assignments = assignments
        self._groups: dict[tuple[str, str], tuple[GroupLabel, ...]] = {}

    def chunks_of(self, doc_id: str) -> list[ChunkRecord]:
        """The document's passages in text order."""
        return self.retriever.snapshot().document_chunks(doc_id)

    def chunk_holding(self, doc_id: str, value: str, last: bool):
        return chunk_holding(self.chunks_of(doc_id), value, last)

    def chunk_matching(self, doc_id: str, pattern: re.Pattern | None):
        return chunk_matching(self.chunks_of(doc_id), pattern)

    def citation(self, n: int, hit: Hit) -> Citation:
        return citation_of(n, hit, self.retriever.documents_as_of())

    def evidence(self, hits: list[Hit], citations: list[Citation]) -> list[Evidence]:
        cited = {hit.chunk.doc_id for hit in hits}
        ledger = [record for record in self.assignments() if record.doc_id in cited]
        evidence = evidence_of(hits, citations, ledger, self.retriever.context_tokens)
        for ev, hit in zip(evidence, hits, strict=True):
            ev.start = hit.chunk.start
            ev.groups = self.groups_of(hit.chunk.doc_id)
            ev.following = list_continuation(
                hit.chunk, self.retriever.snapshot().document_chunks(hit.chunk.doc_id)
            )
        return evidence

    def groups_of(self, doc_id: str) -> tuple[GroupLabel, ...]:
        """The group labels of the document's group-row tables (answer/table_groups.py), once
        per document and snapshot."""
        key = (self.retriever.snapshot().fingerprint, doc_id)
        if key not in self._groups:
            self._groups[key] = tuple(group_labels(self.chunks_of(doc_id)))
        return self._groups[key]

    def record_citation(self, record: LedgerRecord) -> Citation:
        """The citation of the chunk that holds a ledger record's source span."""
        snap = self.retriever.snapshot()
        chunks = snap.document_chunks(record.doc_id)
        return self.citation(0, record_hit(record, chunks, snap.documents))


# Passages after one whose last line opens a list that are read as that list's items: enough
# for the LIST_ITEMS_QUOTED items compose.py quotes (a passage holds one or a few items).
LIST_CONTINUATION_PASSAGES = 3


def list_continuation(chunk, chunks: list) -> str:
    """The text of the passages right after `chunk` in its document (`chunks`, text order)
    whose heading path ends with the line `chunk` ends with, a list's intro ("…, không bao gồm
    các trường hợp sau:"): the chunker made that line the heading of the items it split off.
    "" when the passage does not end with such a line."""
    lines = [line.strip() for line in chunk.text.split("\n") if line.strip()]
    if not lines or not lines[-1].endswith(":"):
        return ""
    intro = " ".join(lines[-1].split())
    at = next((i for i, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id), None)
    if at is None:
        return ""
    out = []
    for after in chunks[at + 1 : at + 1 + LIST_CONTINUATION_PASSAGES]:
        heading = " ".join(after.section[-1].split()).rstrip("…").strip() if after.section else ""
        if not heading or not intro.startswith(heading):
            break
        out.append(after.text)
    return "\n".join(out)


def gloss(body: str) -> str:
    """A body as an English answer names it: "the Department of Finance (Sở Tài chính)"."""
    english = english_name(body)
    return f"the {english} ({body})" if english else body
