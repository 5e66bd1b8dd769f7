"""What the page does to a running store: ingest uploaded files, delete a notice, restore one.

The page holds an answer engine over the store; after each change the engine must read the new
state at once (its snapshot is otherwise re-checked only every few seconds). This module knows
the engine only by the `Target` shape below, so ingest never imports the answer side."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from assistant.core.config import Settings
from assistant.store.chroma import Store, translate_store_failures
from assistant.store.embeddings import Embedder
from assistant.store.trash import Trash, TrashEntry
from ingest.pipeline import Ingestor, IngestSummary, delete_documents


class Target(Protocol):
    """A store in use (assistant.engine.Engine is one): its settings, embedder and store, and
    `refresh()` to re-read the store after a change."""

    settings: Settings
    embedder: Embedder
    store: Store

    def refresh(self) -> None: ...


@translate_store_failures
def add_files(target: Target, paths: list[Path], progress: Callable | None = None) -> IngestSummary:
    """Ingest files into the target's store (the page's upload); its folders are not pruned."""
    summary = Ingestor(target.settings, target.embedder, store=target.store).run(
        paths, prune=False, progress=progress
    )
    target.refresh()
    return summary


@translate_store_failures
def delete_document(target: Target, doc_id: str) -> TrashEntry:
    """Delete everywhere: out of the store, its file into `<store>/trash/` so no later ingest
    brings it back (`restore_document` or `python -m ingest restore` does)."""
    try:
        entries = delete_documents(target.store, [doc_id])
    finally:
        target.refresh()
    return entries[0]


@translate_store_failures
def restore_document(
    target: Target, entry_id: int, progress: Callable | None = None
) -> IngestSummary:
    """Put a deleted document's file back where it was and ingest it."""
    trash = Trash(Path(target.settings.store))
    entry = trash.get(entry_id)
    path = trash.take_back(entry)
    trash.mark_restored(entry.content_sha, entry.doc_id)
    return add_files(target, [path], progress=progress)
