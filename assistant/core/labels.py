"""How a notice is named to a reader: "Số 1097-KL/TU, 3/7/2020, Tỉnh ủy ...".

Shared by the answers, the pages and ingest's trash, so it lives below all of them."""

from __future__ import annotations

from pathlib import Path

from assistant.core.records import DocumentRecord


def format_date(iso: str) -> str:
    """ "2020-07-03" -> "3/7/2020", as Vietnamese notices write dates."""
    parts = (iso or "").split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[2])}/{int(parts[1])}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{int(parts[1])}/{parts[0]}"
    return iso or ""


def document_label(doc: DocumentRecord) -> str:
    parts = []
    if doc.number:
        parts.append(f"Số {doc.number}")
    if doc.date:
        parts.append(format_date(doc.date))
    if doc.issuer:
        parts.append(doc.issuer)
    return ", ".join(parts) or doc.title or Path(doc.source).name
