"""What an answer cites: a passage as a Citation (with the notice that replaced it, if any),
the evidence composition reads (the passage, its notice, the bodies the ledger assigns in it),
and the passage that holds a ledger record."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.compose import Evidence
from assistant.answer.statements import heading_lead
from assistant.core.labels import document_label
from assistant.core.records import ChunkRecord, Citation, DocumentRecord, LedgerRecord
from assistant.retrieval.search import Hit
from assistant.store.versions import successor


def citation_of(n: int, hit: Hit, documents: dict[str, DocumentRecord]) -> Citation:
    """Citation n of a passage; `documents` (today's) name the notice that replaced it."""
    doc = hit.doc
    newer = successor(doc, documents) if not doc.in_force else None
    return Citation(
        n=n,
        doc_id=hit.chunk.doc_id,
        chunk_id=hit.chunk.chunk_id,
        source=doc.source,
        title=doc.title,
        number=doc.number,
        date=doc.date,
        issuer=doc.issuer,
        doc_type=doc.doc_type,
        section=" > ".join(hit.chunk.section),
        text=hit.chunk.text,
        score=round(hit.coverage, 3),
        start=hit.chunk.start,
        end=hit.chunk.end,
        version_status=doc.version_status,
        replaced_by=document_label(newer) if newer else "",
    )


def evidence_of(
    hits: list[Hit],
    citations: list[Citation],
    ledger: list[LedgerRecord],
    context_of: Callable[[str], list[str]],
) -> list[Evidence]:
    """The passages as composition reads them, each with the bodies the ledger assigns a task
    inside it (its leads) and its document's context terms."""
    evidence = []
    for hit, citation in zip(hits, citations, strict=True):
        leads: list[str] = []
        for record in ledger:
            if record.doc_id != hit.chunk.doc_id:
                continue
            if record.start < hit.chunk.end and hit.chunk.start < record.end:
                leads.extend(b for b in record.assignees if b not in leads)
        evidence.append(
            Evidence(
                n=citation.n,
                text=hit.chunk.text,
                section=hit.chunk.section,
                label=document_label(hit.doc),
                assignees=leads,
                coverage=hit.coverage,
                context=context_of(hit.chunk.doc_id),
                lead=heading_lead(hit.chunk.section, hit.chunk.context),
            )
        )
    return evidence


def record_hit(
    record: LedgerRecord, chunks: list[ChunkRecord], documents: dict[str, DocumentRecord]
) -> Hit:
    """The passage (of its document's `chunks`) that overlaps a ledger record's span most."""
    chunk = max(
        chunks,
        key=lambda c: min(c.end, record.end) - max(c.start, record.start),
    )
    return Hit(chunk=chunk, doc=documents[chunk.doc_id], score=1.0, coverage=1.0)
