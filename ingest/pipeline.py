"""Files in, committed documents out: discover, hash, skip unchanged, parse, embed, write."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.errors import EmptyDocument, FileTooLarge, FileVanished, IngestError, Unreadable
from assistant.models import Assignment, Chunk, Notice
from assistant.store import Store
from ingest.assignments import extract_assignments
from ingest.chunking import WordTokenCounter, approx_token_count, chunk_blocks
from ingest.loaders import SUPPORTED_SUFFIXES, load_text
from ingest.metadata import extract_metadata
from ingest.normalize import normalize_text
from ingest.structure import parse_blocks

# Part of every doc_id: bump it when parsing changes, so the next ingest redoes every document.
PIPELINE_VERSION = "2"
MIN_TEXT_CHARS = 80  # shorter than one sentence of a notice
_EMBED_BATCH_CHUNKS = 256  # chunks per embed+write round: bounds memory and lost work on a kill


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    recovered: int = 0  # documents a killed run left half-written, cleaned up
    chunks: int = 0  # chunks embedded in this run
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "failed": len(self.failed),
        }

    def format(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.counts().items())
        lines = [f"Ingest: {counts}; {self.chunks} chunks embedded in {self.seconds:.1f} s"]
        if self.recovered:
            lines.append(
                f"  cleaned up {self.recovered} document(s) left half-written by a killed run"
            )
        for path, reason in self.failed:
            lines.append(f"  FAILED {path}: {reason}")
        return "\n".join(lines)


@dataclass
class ParsedDocument:
    notice: Notice
    chunks: list[Chunk]
    assignments: list[Assignment]
    extra: dict  # format, encoding, size: recorded with the document


def content_id(path: Path, data: bytes) -> str:
    """Stable id from the content (and path, so two copies of a file stay two documents and a
    renamed file is an add plus a prune, never a collision)."""
    digest = hashlib.sha256(f"{PIPELINE_VERSION}\0{path}\0".encode())
    digest.update(data)
    return digest.hexdigest()[:20]


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[tuple[str, str]]]:
    """Files to ingest, the folders they came from (the prune scope), and unreadable paths."""
    files: list[Path] = []
    roots: list[Path] = []
    failures: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).resolve()
        if path.is_dir():
            roots.append(path)
            found, errors = _walk(path)
            files.extend(found)
            failures.extend(errors)
        elif path.exists():
            files.append(path)
        else:
            failures.append((str(path), "no such file or folder"))
    unique = sorted(set(files))
    return unique, roots, failures


def _walk(root: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    found: list[Path] = []
    errors: list[tuple[str, str]] = []

    def on_error(exc: OSError) -> None:
        errors.append((exc.filename or str(root), f"cannot read the folder ({exc.strerror})"))

    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(folder) / name)
    return found, errors


def read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(size / 1e6, max_bytes / 1e6)
        return path.read_bytes()
    except FileNotFoundError:
        raise FileVanished() from None
    except IsADirectoryError:
        raise Unreadable("it is a folder") from None
    except PermissionError as exc:
        raise Unreadable(exc.strerror or "permission denied") from None


def parse_document(
    path: Path, doc_id: str, max_bytes: int, count_tokens: Callable[[str], int], max_tokens: int
) -> ParsedDocument:
    loaded = load_text(path, max_bytes)
    text = normalize_text(loaded.text)
    if len(text.strip()) < MIN_TEXT_CHARS:
        # Gazette extracts that are only page headers or a signature: nothing worth citing.
        raise EmptyDocument(
            f"only {len(text.strip())} characters of text left after removing page headers "
            "(a cover page or an empty extract?)"
        )
    meta = extract_metadata(text, path)
    notice = Notice(doc_id=doc_id, source=str(path), text=text, **meta)
    blocks = parse_blocks(text)
    chunks = chunk_blocks(doc_id, blocks, max_tokens, count_tokens, text=text)
    if not chunks:
        raise EmptyDocument("no passages found after clean-up")
    assignments = extract_assignments(notice, blocks)
    extra = {"format": loaded.format, "encoding": loaded.encoding, "ocr": loaded.ocr}
    return ParsedDocument(notice, chunks, assignments, extra)


class Ingestor:
    """Holds the store and the embedder for one or more ingest runs (the UI reuses it)."""

    def __init__(self, settings: Settings, embedder, store: Store | None = None):
        self.settings = settings
        self.embedder = embedder
        self.store = store or Store(settings, embedder.name, create=True)
        self._counter: WordTokenCounter | None = None

    def _count_tokens(self) -> Callable[[str], int]:
        """The embedder's own token count (word by word, cached across documents: exact and
        fast, see WordTokenCounter), or an estimate for an embedder that has none."""
        if self._counter is None:
            counter = getattr(self.embedder, "count_tokens", None)
            self._counter = WordTokenCounter(counter or approx_token_count)
        return self._counter

    def _max_tokens(self) -> int:
        model_max = getattr(self.embedder, "max_tokens", None) or 256
        # The heading path is prepended when embedding: leave room for it.
        return min(self.settings.chunk_tokens, int(model_max) - 40)

    def run(
        self,
        paths: Iterable[Path],
        *,
        prune: bool = True,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        files, roots, failures = discover(paths)
        summary.failed.extend(failures)
        max_bytes = int(self.settings.max_file_mb * 1e6)
        with self.store.writer_lock():
            summary.recovered = self.store.recover()
            records = [r for r in self.store.all_document_records() if r["status"] == "committed"]
            by_source: dict[str, list[dict]] = {}
            for record in records:
                by_source.setdefault(record["source"], []).append(record)

            todo: list[tuple[Path, str, bool]] = []  # (path, doc_id, replaces an older version)
            for path in files:
                try:
                    doc_id = content_id(path, read_bytes(path, max_bytes))
                except IngestError as exc:
                    summary.failed.append((str(path), str(exc)))
                    continue
                current = by_source.get(str(path), [])
                if any(r["doc_id"] == doc_id for r in current):
                    summary.unchanged.append(str(path))
                else:
                    todo.append((path, doc_id, bool(current)))

            self._ingest(todo, summary, max_bytes, progress)
            self._remove_superseded(by_source, summary)
            if prune:
                self._prune(by_source, files, roots, summary)
        summary.seconds = time.perf_counter() - started
        return summary

    def _ingest(self, todo, summary: IngestSummary, max_bytes: int, progress) -> None:
        batch: list[tuple[ParsedDocument, bool]] = []
        batch_chunks = 0
        count_tokens = self._count_tokens() if todo else approx_token_count
        max_tokens = self._max_tokens() if todo else 0
        for done, (path, doc_id, replaces) in enumerate(todo, start=1):
            if progress:
                progress(str(path), done, len(todo))
            try:
                parsed = parse_document(path, doc_id, max_bytes, count_tokens, max_tokens)
            except IngestError as exc:
                summary.failed.append((str(path), str(exc)))
                continue
            except Exception as exc:  # a parser bug must not stop the batch
                summary.failed.append((str(path), f"unexpected error: {type(exc).__name__}: {exc}"))
                continue
            batch.append((parsed, replaces))
            batch_chunks += len(parsed.chunks)
            if batch_chunks >= _EMBED_BATCH_CHUNKS:
                self._write_batch(batch, summary)
                batch, batch_chunks = [], 0
        self._write_batch(batch, summary)

    def _write_batch(self, batch: list[tuple[ParsedDocument, bool]], summary: IngestSummary):
        if not batch:
            return
        self.store.begin([p.notice for p, _ in batch], {p.notice.doc_id: p.extra for p, _ in batch})
        texts = [c.embed_text() for p, _ in batch for c in p.chunks]
        embed_started = time.perf_counter()
        vectors = self.embedder.embed_documents(texts)
        summary.embed_seconds += time.perf_counter() - embed_started
        offset = 0
        for parsed, _ in batch:
            n = len(parsed.chunks)
            self.store.write_chunks(parsed.notice, parsed.chunks, vectors[offset : offset + n])
            self.store.write_assignments(parsed.notice, parsed.assignments)
            offset += n
        self.store.commit(
            [p.notice.doc_id for p, _ in batch],
            {
                p.notice.doc_id: {"chunks": len(p.chunks), "assignments": len(p.assignments)}
                for p, _ in batch
            },
        )
        summary.chunks += len(texts)
        for parsed, replaces in batch:
            (summary.updated if replaces else summary.added).append(parsed.notice.source)

    def _remove_superseded(self, by_source: dict[str, list[dict]], summary: IngestSummary):
        """Older versions of files that were re-ingested in this run (or a killed earlier one)."""
        fresh = {s for s in summary.added + summary.updated}
        stale: list[str] = []
        for source, records in by_source.items():
            if source in fresh:
                stale.extend(r["doc_id"] for r in records)
            elif len(records) > 1:
                newest = max(records, key=lambda r: r.get("ingested_at", 0))
                stale.extend(r["doc_id"] for r in records if r is not newest)
        self.store.remove(stale)

    def _prune(self, by_source, files: list[Path], roots: list[Path], summary: IngestSummary):
        """Documents whose file is gone from a folder that was ingested in this run."""
        present = {str(p) for p in files}
        gone = []
        for source, records in by_source.items():
            if source in present or not any(_is_under(Path(source), root) for root in roots):
                continue
            if Path(source).exists():  # still there, maybe just failed to load: keep it
                continue
            gone.extend(r["doc_id"] for r in records)
            summary.removed.append(source)
        self.store.remove(gone)


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
