"""Files in, committed documents out: discover, hash, skip unchanged, parse, embed, write."""

from __future__ import annotations

import hashlib
import logging
import os
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.core.config import Settings
from assistant.core.errors import (
    DocumentNotFound,
    EmptyDocument,
    FileVanished,
    IngestError,
    TooManyPassages,
)
from assistant.core.labels import document_label
from assistant.core.records import Assignment, Chunk, DocumentRecord, LedgerRecord, Notice
from assistant.store.chroma import COMMITTED, Store, translate_store_failures
from assistant.store.trash import Trash, TrashEntry
from assistant.store.versions import identity, version_order
from ingest.assignments import extract_assignments
from ingest.chunking import WordTokenCounter, approx_token_count, chunk_blocks, chunk_budget
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedText, load_text, read_file
from ingest.metadata import extract_metadata
from ingest.normalize import normalize_text
from ingest.relations import extract_relations
from ingest.sandbox import SandboxedLoader
from ingest.structure import parse_blocks

log = logging.getLogger(__name__)

# Part of every doc_id: bump it when parsing changes, so the next ingest redoes every document.
PIPELINE_VERSION = "2"
MIN_TEXT_CHARS = 80  # shorter than one sentence of a notice
# Passages one file may have: embedding is the per-file cost that grows without bound (a 300 KB
# .docx of one-line paragraphs made 7,500 chunks, a 20 MB one would take hours). The largest of
# the 394 congbao documents makes 3,600 chunks (a 700 KB consolidated law); 20,000 is 5.5x that.
MAX_CHUNKS_PER_DOCUMENT = 20_000
_EMBED_BATCH_CHUNKS = 256  # chunks per embed+write round: bounds memory and lost work on a kill


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    recovered: int = 0  # documents a killed run left half-written, cleaned up
    # Same content as a document already in the store (new path, old document): (path, holder).
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # Deleted notices (in the trash) a folder ingest did not bring back: (path, trash entry id).
    skipped_deleted: list[tuple[str, int]] = field(default_factory=list)
    # A deleted notice named explicitly (a file argument, an upload): back in the store.
    restored: list[str] = field(default_factory=list)
    # Another version of a số hiệu already in the store arrived (see VersionChange).
    versions: list[VersionChange] = field(default_factory=list)
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
        for change in self.versions:
            lines.append(f"  {change.describe()}")
        for path, holder in self.duplicates:
            lines.append(f"  {Path(path).name}: same content as {holder}; kept as one document")
        for path, entry_id in self.skipped_deleted:
            lines.append(
                f"  skipped {path}: it was deleted (trash entry {entry_id}); bring it back with "
                f"`python -m ingest restore {entry_id}`"
            )
        for path in self.restored:
            lines.append(f"  {Path(path).name}: was in the trash; ingested again as asked")
        for path, reason in self.failed:
            lines.append(f"  FAILED {printable(path)}: {printable(reason)}")
        return "\n".join(lines)


@dataclass
class VersionChange:
    """A file whose số hiệu (number + issuer) is already in the store with other content."""

    source: str  # the file that arrived
    other: str  # the file of the other version
    in_force: bool  # True: the arrival is now the version in force; False: it is older
    number: str
    title: tuple[str, str]  # (other, arrival)
    date: tuple[str, str]
    passages_added: list[str] = field(default_factory=list)  # in the arrival, not the other
    passages_removed: list[str] = field(default_factory=list)
    tasks_added: list[str] = field(default_factory=list)
    tasks_removed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        name, other = Path(self.source).name, Path(self.other).name
        counts = (
            f"passages +{len(self.passages_added)}/-{len(self.passages_removed)}, "
            f"tasks +{len(self.tasks_added)}/-{len(self.tasks_removed)}"
        )
        if self.in_force:
            return f"{name} replaces {other} (số {self.number}; {counts})"
        return (
            f"{name} is an older version of số {self.number} than {other}: kept as a replaced "
            f"version, not quoted ({counts})"
        )

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ParsedDocument:
    notice: Notice
    chunks: list[Chunk]
    assignments: list[Assignment]
    # Further DocumentRecord fields recorded with the document: format, encoding, ocr,
    # relations (then content_sha and mtime, added by the ingest run).
    extra: dict


def content_sha(data: bytes) -> str:
    """The content alone: two files with the same bytes are one document."""
    return hashlib.sha256(data).hexdigest()[:32]


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
        try:
            path = Path(raw).resolve()
        except (OSError, RuntimeError):  # a symlink loop: reading it gives the reason
            path = Path(os.path.abspath(raw))
        if path.is_dir():
            roots.append(path)
            found, errors = _walk(path)
            files.extend(found)
            failures.extend(errors)
        elif os.path.lexists(path):  # dangling symlinks and FIFOs too: reading says what is wrong
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


def printable(text: str) -> str:
    """One line of a report: a newline or other control character in a file name shown as an
    escape ("\\n"), so each document or failure stays on its own line."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) == "Cc" else ch
        for ch in text
    )


def parse_document(
    path: Path,
    doc_id: str,
    max_bytes: int,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    load: Callable[[Path, int], LoadedText] = load_text,
) -> ParsedDocument:
    loaded = load(path, max_bytes)
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
    if len(chunks) > MAX_CHUNKS_PER_DOCUMENT:
        raise TooManyPassages(len(chunks), MAX_CHUNKS_PER_DOCUMENT)
    assignments = extract_assignments(notice, blocks)
    extra = {
        "format": loaded.format,
        "encoding": loaded.encoding,
        "ocr": loaded.ocr,
        "relations": extract_relations(text, notice.doc_type),
    }
    return ParsedDocument(notice, chunks, assignments, extra)


def token_counter(embedder) -> WordTokenCounter:
    """The embedder's own token count (word by word, cached across documents: exact and fast,
    see WordTokenCounter), or an estimate for an embedder that has none."""
    return WordTokenCounter(getattr(embedder, "count_tokens", None) or approx_token_count)


def token_budget(embedder, settings: Settings) -> int:
    """Tokens a passage may hold: the model's limit, or the configured chunk size."""
    model_max = getattr(embedder, "max_tokens", None) or 256
    return chunk_budget(int(model_max), settings.chunk_tokens)


def parse_without_embedding(
    files: dict[str, Path], embedder, settings: Settings
) -> dict[str, ParsedDocument | str]:
    """What ingesting these files (by name) would store, parsed and chunked but neither
    embedded nor written; a file that fails gives its error message. The evaluation keys its
    cached stores on this, so any change to what a passage holds rebuilds them."""
    count, budget = token_counter(embedder), token_budget(embedder, settings)
    max_bytes = int(settings.max_file_mb * 1e6)
    parsed: dict[str, ParsedDocument | str] = {}
    for name, path in sorted(files.items()):
        try:
            parsed[name] = parse_document(path, name, max_bytes, count, budget)
        except IngestError as exc:
            parsed[name] = str(exc)
    return parsed


class Ingestor:
    """Holds the store and the embedder for one or more ingest runs (the UI reuses it)."""

    def __init__(self, settings: Settings, embedder, store: Store | None = None):
        self.settings = settings
        self.embedder = embedder
        self.store = store or Store(settings, embedder.name, create=True)
        self._counter: WordTokenCounter | None = None
        # doc_id -> (passages, task lines) of versions in this batch, not in the store yet
        self._in_batch: dict[str, tuple[list[str], list[str]]] = {}

    def _count_tokens(self) -> Callable[[str], int]:
        if self._counter is None:
            self._counter = token_counter(self.embedder)
        return self._counter

    def _max_tokens(self) -> int:
        return token_budget(self.embedder, self.settings)

    @translate_store_failures
    def run(
        self,
        paths: Iterable[Path],
        *,
        prune: bool = True,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        paths = list(paths)
        # Files named one by one (an upload, a CLI argument) are wanted even if they were
        # deleted before; files found by walking a folder are not.
        explicit = {str(Path(p).resolve()) for p in paths if Path(p).is_file()}
        files, roots, failures = discover(paths)
        summary.failed.extend(failures)
        max_bytes = int(self.settings.max_file_mb * 1e6)
        trash = Trash(Path(self.settings.store))
        with self.store.writer_lock():
            summary.recovered = self.store.recover()
            tombstones = trash.tombstones()
            records = [r for r in self.store.all_document_records() if r.status == COMMITTED]
            by_source: dict[str, list[DocumentRecord]] = {}
            for record in records:
                by_source.setdefault(record.source, []).append(record)
            by_sha = {r.content_sha: r for r in records if r.content_sha}
            stale: set[str] = set()  # doc_ids of versions a killed run left beside the kept one

            seen: list[tuple[Path, str, str, float]] = []  # (path, doc_id, content sha, mtime)
            for path in files:
                try:
                    data = read_file(path, max_bytes)
                    mtime = path.stat().st_mtime
                except (IngestError, OSError) as exc:
                    reason = str(exc) if isinstance(exc, IngestError) else str(FileVanished())
                    summary.failed.append((str(path), reason))
                    continue
                seen.append((path, content_id(path, data), content_sha(data), mtime))

            upgrades: list[DocumentRecord] = []  # legacy records: fields an older ingest missed
            fresh: list[tuple[Path, str, str, float]] = []
            for path, doc_id, sha, mtime in seen:
                versions = by_source.get(str(path), [])
                match = next((r for r in versions if r.doc_id == doc_id), None)
                if match is None:
                    fresh.append((path, doc_id, sha, mtime))
                    continue
                if len(versions) > 1:
                    # A killed run may have committed a newer version just before the file was
                    # reverted to this one: the version matching the file is the one to keep.
                    stale.update(r.doc_id for r in versions if r is not match)
                by_sha.setdefault(sha, match)
                if not match.content_sha or match.relations is None:
                    upgrades.append(replace(match, content_sha=sha, mtime=match.mtime or mtime))

            todo: list[tuple[Path, str, bool, dict]] = []
            doomed: list[str] = []  # documents whose file now holds what another file holds
            fresh_paths = {path for path, *_ in fresh}
            for path, doc_id, sha, mtime in seen:
                tomb = tombstones.get(sha) or tombstones.get(f"doc:{doc_id}")
                if tomb is not None:
                    if str(path) not in explicit:
                        summary.skipped_deleted.append((str(path), tomb.id))
                        continue
                    trash.mark_restored(sha, doc_id)
                    tombstones.pop(sha, None)
                    tombstones.pop(f"doc:{doc_id}", None)
                    summary.restored.append(str(path))
                if path not in fresh_paths:
                    summary.unchanged.append(str(path))
                    continue
                current = by_source.get(str(path), [])
                holder = by_sha.get(sha)
                if holder is not None and holder.source != str(path):
                    if Path(holder.source).is_file():
                        summary.duplicates.append((str(path), Path(holder.source).name))
                        doomed.extend(r.doc_id for r in current)
                        continue
                by_sha[sha] = DocumentRecord(doc_id=doc_id, source=str(path))
                todo.append((path, doc_id, bool(current), {"content_sha": sha, "mtime": mtime}))

            log.info(
                "%d file(s) found: %d to ingest, %d unchanged, %d failed to read",
                len(files),
                len(todo),
                len(summary.unchanged),
                len(summary.failed),
            )
            self._upgrade(upgrades)
            identities = {}
            for record in records:
                identities.setdefault(identity(record), []).append(record)
            self._ingest(todo, summary, max_bytes, progress, identities)
            self._remove_superseded(by_source, stale, summary)
            gone = [
                r.doc_id
                for r in records
                if tombstones.get(r.content_sha or "\0") is not None
                or tombstones.get(f"doc:{r.doc_id}") is not None
            ]
            # A delete killed after its tombstone was written, and stale versions of files
            # that now duplicate another file, go as well.
            self.store.remove(sorted(set(gone + doomed)))
            if prune:
                self._prune(by_source, files, roots, summary)
        summary.seconds = time.perf_counter() - started
        return summary

    def _upgrade(self, upgrades: list[DocumentRecord]) -> None:
        """Records from before content hashes and relations were kept: add them from the
        stored text, without re-embedding anything."""
        for record in upgrades:
            text = self.store.document_text(record.doc_id)
            if text is None:
                continue
            relations = extract_relations(text, record.doc_type)
            self.store.update_documents([replace(record, relations=relations)])

    def _ingest(
        self, todo, summary: IngestSummary, max_bytes: int, progress, identities: dict
    ) -> None:
        count_tokens = self._count_tokens() if todo else approx_token_count
        max_tokens = self._max_tokens() if todo else 0
        loader = SandboxedLoader() if todo else None
        try:
            self._parse_and_write(
                todo, summary, max_bytes, progress, identities, loader, count_tokens, max_tokens
            )
        finally:
            if loader is not None:
                loader.close()

    def _parse_and_write(
        self, todo, summary, max_bytes, progress, identities, loader, count_tokens, max_tokens
    ) -> None:
        batch: list[tuple[ParsedDocument, bool]] = []
        batch_chunks = 0
        for done, (path, doc_id, replaces, fields) in enumerate(todo, start=1):
            if progress:
                progress(str(path), done, len(todo))
            try:
                parsed = parse_document(
                    path, doc_id, max_bytes, count_tokens, max_tokens, load=loader.load
                )
            except IngestError as exc:
                log.info("not ingested: %s: %s", path, exc)
                summary.failed.append((str(path), str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
                # Reported with the file in the summary; the traceback is for the bug report.
                log.warning(
                    "unexpected error reading %s: %s: %s",
                    path,
                    type(exc).__name__,
                    exc,
                    exc_info=log.isEnabledFor(logging.DEBUG),
                )
                summary.failed.append((str(path), f"unexpected error: {type(exc).__name__}: {exc}"))
                continue
            parsed.extra.update(fields)
            self._compare_versions(parsed, identities, summary)
            batch.append((parsed, replaces))
            batch_chunks += len(parsed.chunks)
            if batch_chunks >= _EMBED_BATCH_CHUNKS:
                self._write_batch(batch, summary)
                batch, batch_chunks = [], 0
        self._write_batch(batch, summary)

    def _compare_versions(self, parsed: ParsedDocument, identities: dict, summary) -> None:
        """Report (and remember) another version of this số hiệu: which one is in force now and
        what changed between the two."""
        notice = parsed.notice
        record = DocumentRecord.from_notice(notice, **parsed.extra, ingested_at=time.time())
        new_passages = [c.text for c in parsed.chunks]
        new_tasks = [_task_line(LedgerRecord.from_assignment(a)) for a in parsed.assignments]
        self._in_batch[notice.doc_id] = (new_passages, new_tasks)
        key = identity(record)
        others = [r for r in identities.get(key, []) if r.source != notice.source]
        identities.setdefault(key, []).append(record)
        if not notice.number or not others:
            return
        newest = max(others, key=version_order)
        in_force = version_order(record) > version_order(newest)
        if newest.doc_id in self._in_batch:
            old_passages, old_tasks = self._in_batch[newest.doc_id]
        else:
            old_passages = self.store.chunk_texts(newest.doc_id)
            old_tasks = [_task_line(t) for t in self.store.assignments({newest.doc_id})]
        summary.versions.append(
            VersionChange(
                source=notice.source,
                other=newest.source,
                in_force=in_force,
                number=notice.number,
                title=(newest.title, notice.title),
                date=(newest.date, notice.date),
                passages_added=_missing(new_passages, old_passages),
                passages_removed=_missing(old_passages, new_passages),
                tasks_added=_missing(new_tasks, old_tasks),
                tasks_removed=_missing(old_tasks, new_tasks),
            )
        )

    def _write_batch(self, batch: list[tuple[ParsedDocument, bool]], summary: IngestSummary):
        if not batch:
            return
        self.store.begin([p.notice for p, _ in batch], {p.notice.doc_id: p.extra for p, _ in batch})
        texts = [c.embed_text() for p, _ in batch for c in p.chunks]
        embed_started = time.perf_counter()
        vectors = self.embedder.embed_documents(texts)
        summary.embed_seconds += time.perf_counter() - embed_started
        log.debug("embedded %d passages in %.1f s", len(texts), time.perf_counter() - embed_started)
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
            log.info(
                "%s %s: %d passages, %d tasks",
                "updated" if replaces else "added",
                parsed.notice.source,
                len(parsed.chunks),
                len(parsed.assignments),
            )
        # Written: a later comparison reads these from the store, memory stays flat.
        self._in_batch = {}

    def _remove_superseded(
        self, by_source: dict[str, list[DocumentRecord]], stale: set[str], summary: IngestSummary
    ):
        """Older versions of files that were re-ingested in this run (or a killed earlier one).
        `stale`: versions found beside the one matching their file."""
        fresh = {s for s in summary.added + summary.updated}
        doomed: list[str] = []
        for source, records in by_source.items():
            if source in fresh:
                doomed.extend(r.doc_id for r in records)
            elif any(r.doc_id in stale for r in records):
                doomed.extend(r.doc_id for r in records if r.doc_id in stale)
            elif len(records) > 1:
                newest = max(records, key=lambda r: r.ingested_at)
                doomed.extend(r.doc_id for r in records if r is not newest)
        self.store.remove(doomed)

    def _prune(self, by_source, files: list[Path], roots: list[Path], summary: IngestSummary):
        """Documents whose file is gone from a folder that was ingested in this run."""
        present = {str(p) for p in files}
        gone = []
        for source, records in by_source.items():
            if source in present or not any(_is_under(Path(source), root) for root in roots):
                continue
            if Path(source).exists():  # still there, maybe just failed to load: keep it
                continue
            gone.extend(r.doc_id for r in records)
            summary.removed.append(source)
        self.store.remove(gone)


def delete_documents(store: Store, doc_ids: list[str]) -> list[TrashEntry]:
    """Delete everywhere: tombstone, file into `<store>/trash/`, then out of the store. The
    caller names committed documents; unknown ids raise DocumentNotFound before anything moves."""
    trash = Trash(Path(store.settings.store))
    entries = []
    with store.writer_lock():
        records = {r.doc_id: r for r in store.all_document_records()}
        missing = [d for d in doc_ids if d not in records]
        if missing:
            raise DocumentNotFound(", ".join(missing))
        for doc_id in dict.fromkeys(doc_ids):
            record = records[doc_id]
            entries.append(trash.put(record, _sha_of(record), document_label(record)))
            store.remove([doc_id])
    return entries


def _sha_of(record: DocumentRecord) -> str:
    """The record's content hash; a record from an older ingest: hash its file, if the file
    still holds that version."""
    if record.content_sha:
        return record.content_sha
    path = Path(record.source)
    try:
        data = read_file(path, 1 << 40)  # regular files only: never block on a FIFO
    except IngestError:
        return ""
    return content_sha(data) if content_id(path, data) == record.doc_id else ""


def _task_line(task: LedgerRecord) -> str:
    """One task as a reader compares it: who, what, by when."""
    who = ", ".join(task.assignees)
    return " — ".join(p for p in (who, " ".join(task.task.split()), task.deadline_text) if p)


def _missing(items: list[str], other: list[str]) -> list[str]:
    """Items (whitespace-insensitive) that `other` does not hold, in order, once each."""
    have = {" ".join(o.split()) for o in other}
    out = []
    for item in items:
        key = " ".join(item.split())
        if key not in have and key not in out:
            out.append(key)
    return out


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
