"""`ingest`, `list`, `remove`, `trash`, `restore`: the documents in the store and their
lifecycle (the trash). The one room besides `assistant/eval/` that may import `ingest`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.cli.app import cli, json_option, log, store_option, verbose_option
from assistant.core.config import load_settings
from assistant.core.records import DocumentRecord


@cli.command(
    "ingest",
    short_help="ingest notices into the store",
    help="Ingest notices (.txt .md .pdf .docx .html) into the notice store. Unchanged files "
    "are skipped; changed files replace their old version; files gone from an ingested folder "
    "are removed from the store (unless --no-prune). PATHS default to ASSISTANT_NOTICES "
    "(data/notices). Exits 1 when some files failed (each is listed with its reason).",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--no-prune", is_flag=True, help="keep documents whose file is gone")
@click.option(
    "--rebuild",
    is_flag=True,
    help="rebuild the store with the configured embedding model: drop its passages and "
    "re-ingest every document it held (and PATHS); conversations and ledger notes stay",
)
@json_option()
@click.option("--quiet", is_flag=True, help="no progress bar")
# `python -m ingest --list` predates the `list` command; kept so old scripts still work.
@click.option("--list", "list_only", is_flag=True, hidden=True)
@verbose_option
def ingest_command(paths, store, no_prune, rebuild, as_json, quiet, list_only) -> int:
    settings = load_settings(store=store)
    if list_only:
        return list_documents(settings, as_json)
    paths = list(paths) or [settings.notices]
    if rebuild:
        paths = rebuild_paths(settings, paths)
    return run_ingest(settings, paths, prune=not no_prune, as_json=as_json, quiet=quiet)


def rebuild_paths(settings, paths: list[Path]) -> list[Path]:
    """Drop the store's collections and return what to ingest again: the given paths plus every
    source file the store held that still exists (uploads and folders given earlier)."""
    from filelock import FileLock

    from assistant.core.errors import StoreMissing
    from assistant.store.chroma import drop_collections, recorded_sources

    try:
        held = [Path(s) for s in recorded_sources(settings)]
    except StoreMissing:
        held = []
    Path(settings.store).mkdir(parents=True, exist_ok=True)
    with FileLock(str(Path(settings.store) / "ingest.lock"), timeout=settings.lock_timeout_s):
        drop_collections(settings)
    covered = [p.resolve() for p in paths]
    extra = [
        p
        for p in held
        if p.is_file() and not any(p.resolve().is_relative_to(root) for root in covered)
    ]
    log.info("rebuilding: %d path(s) given, %d more file(s) the store held", len(paths), len(extra))
    return [*paths, *extra]


def _ingestor(settings):
    # Looked up at call time: tests and benchmarks swap in a fake embedder by patching it.
    from assistant.store.embeddings import load_embedder
    from ingest.pipeline import Ingestor

    return Ingestor(settings, load_embedder(settings.embed_model, settings.embed_batch_size))


def run_ingest(settings, paths, prune: bool, as_json: bool, quiet: bool) -> int:
    from tqdm import tqdm

    ingestor = _ingestor(settings)
    bar = None

    def progress(path: str, done: int, total: int) -> None:
        nonlocal bar
        log.debug("ingested %d/%d: %s", done, total, path)
        if quiet or as_json:
            return
        if bar is None:
            bar = tqdm(total=total, unit="file", desc="Ingesting", file=sys.stderr)
        bar.set_postfix_str(Path(path).name[-40:], refresh=False)
        bar.update(1)

    summary = ingestor.run(paths, prune=prune, progress=progress)
    if bar is not None:
        bar.close()
    _prepare_english_terms(settings, ingestor.embedder, quiet or as_json)
    if as_json:
        click.echo(
            json.dumps(
                {
                    **summary.counts(),
                    "failures": [{"path": p, "reason": r} for p, r in summary.failed],
                    "chunks_embedded": summary.chunks,
                    "recovered": summary.recovered,
                    "seconds": round(summary.seconds, 3),
                },
                ensure_ascii=False,
            )
        )
    else:
        click.echo(summary.format())
    return 0 if summary.ok else 1


def _prepare_english_terms(settings, embedder, quiet: bool) -> None:
    """Embed the collection's terms for English words the glossary lacks while the user is still
    at the command line (only new terms; a model without a calibrated bar needs none), so the
    page's first English question does not wait for them. A failure here is not an ingest
    failure: the page builds them at the first such question instead."""
    from assistant.engine import Engine
    from assistant.retrieval.english_terms import TRANSLATION_BARS

    if getattr(embedder, "name", "") not in TRANSLATION_BARS:
        return
    if not quiet:
        click.echo("Preparing the collection's terms for English questions ...", err=True)
    try:
        Engine(settings, embedder=embedder).prepare_english_terms()
    except Exception as exc:  # noqa: BLE001 - the store is ingested; this is only a warm-up
        log.warning("terms for English questions not prepared now (%s): built on first use", exc)


def _open_store(settings):
    from assistant.core.config import DEFAULT_EMBED_MODEL
    from assistant.store.chroma import Store

    return Store(settings, settings.embed_model or DEFAULT_EMBED_MODEL)


@cli.command(
    "list",
    short_help="the documents in the store",
    help="List the documents in the store with their metadata and status.",
)
@store_option
@json_option()
@verbose_option
def list_command(store, as_json) -> int:
    return list_documents(load_settings(store=store), as_json)


def list_documents(settings, as_json: bool) -> int:
    from assistant.store.versions import annotate
    from ingest.pipeline import printable

    store = _open_store(settings)
    records = store.documents()
    versions = annotate({d.doc_id: d for d in records})
    docs = [versions[d.doc_id] for d in records]
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in docs], ensure_ascii=False, indent=1))
        return 0
    if not docs:
        click.echo(f"The store at {store.location} holds no documents.")
        return 0
    for doc in docs:
        click.echo(
            f"{doc.date or '-':10}  {printable(doc.number or '-'):16}  "
            f"{doc.doc_type or '-':12}  {doc.chunk_count or 0:4} chunks  "
            f"{printable(doc.title[:70])}"
        )
        click.echo(f"{'':12}{printable(doc.issuer or '-')} · {printable(doc.source)}")
        click.echo(f"{'':12}{doc.doc_id[:10]} · {_status_line(doc, versions)}")
    click.echo(f"{len(docs)} documents, {store.chunk_count()} chunks, model {settings.embed_model}")
    return 0


def _status_line(doc: DocumentRecord, docs: dict[str, DocumentRecord]) -> str:
    def name(doc_id: str) -> str:
        other = docs.get(doc_id)
        if other is None:
            return Path(doc_id).name
        return other.number or Path(other.source).name

    status = {
        "in_force": "in force",
        "amended": "in force, amended",
        "replaced": "replaced",
        "repealed": "repealed",
    }[doc.version_status]
    parts = [status]
    if doc.superseded_by:
        parts.append(f"newer version: {Path(docs[doc.superseded_by].source).name}")
    for field, verb in (
        ("replaced_by", "replaced by"),
        ("repealed_by", "repealed by"),
        ("amended_by", "amended by"),
        ("replaces", "replaces"),
        ("repeals", "repeals"),
        ("amends", "amends"),
    ):
        if getattr(doc, field):
            parts.append(f"{verb} {', '.join(name(i) for i in getattr(doc, field))}")
    return "; ".join(parts)


def find_documents(records: list[DocumentRecord], ref: str) -> list[DocumentRecord]:
    """Documents named by id (or a 6+ character prefix), file name, path or số hiệu (every
    version of that number)."""
    from ingest.relations import number_key

    ref = ref.strip()
    by_id = [r for r in records if r.doc_id == ref or (len(ref) >= 6 and r.doc_id.startswith(ref))]
    if by_id:
        return by_id
    by_file = [
        r
        for r in records
        if r.source == ref or Path(r.source).name == ref or r.source == str(Path(ref).resolve())
    ]
    if by_file:
        return by_file
    return [r for r in records if r.number and number_key(r.number) == number_key(ref)]


@cli.command(
    "remove",
    short_help="delete documents everywhere (files go to the trash)",
    help="Delete documents everywhere: out of the store, their files moved into <store>/trash/ "
    "so no later ingest brings them back (undo with `restore`). DOCS: document id (or 6+ "
    "leading characters), file name or số hiệu (every version of it).",
)
@click.argument("docs", nargs=-1, required=True)
@store_option
@json_option()
@verbose_option
def remove_command(docs, store, as_json) -> int:
    return remove_documents(load_settings(store=store), list(docs), as_json)


def remove_documents(settings, refs: list[str], as_json: bool) -> int:
    from assistant.core.errors import AmbiguousDocument, DocumentNotFound
    from ingest.pipeline import delete_documents

    store = _open_store(settings)
    records = store.documents()
    doc_ids: list[str] = []
    for ref in refs:
        found = find_documents(records, ref)
        if not found:
            raise DocumentNotFound(repr(ref))
        numbers = {r.number for r in found}
        if len(found) > 1 and not (len(numbers) == 1 and None not in numbers and "" not in numbers):
            labels = [f"{r.doc_id[:10]} {Path(r.source).name}" for r in found]
            raise AmbiguousDocument(repr(ref), labels)
        doc_ids.extend(r.doc_id for r in found)  # a số hiệu: all its versions
    entries = delete_documents(store, doc_ids)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    for entry in entries:
        where = (
            f"file moved to {entry.trashed_path}"
            if entry.moved
            else "file left in place (its folder is read-only); folder ingests will skip it"
        )
        name = Path(entry.source).name
        click.echo(f"removed {entry.label or name} ({name}): {where}")
        click.echo(f"  undo: python -m ingest restore {entry.id}")
    return 0


@cli.command(
    "trash",
    short_help="the deleted documents",
    help="List the deleted documents in the trash, numbered for `restore`.",
)
@store_option
@json_option()
@verbose_option
def trash_command(store, as_json) -> int:
    return list_trash(load_settings(store=store), as_json)


def list_trash(settings, as_json: bool) -> int:
    from datetime import datetime

    from assistant.store.trash import Trash

    entries = Trash(Path(settings.store)).entries()
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    if not entries:
        click.echo("The trash is empty.")
        return 0
    for entry in entries:
        when = datetime.fromtimestamp(entry.deleted_at).strftime("%d/%m/%Y %H:%M")
        click.echo(f"{entry.id:5}  {when}  {entry.label or '-'}  {Path(entry.source).name}")
        click.echo(f"{'':7}{entry.title[:90]}")
    click.echo(f"{len(entries)} deleted; bring one back with `python -m ingest restore N`")
    return 0


@cli.command(
    "restore",
    short_help="bring deleted documents back and ingest them",
    help="Bring deleted documents back from the trash and ingest them again. ENTRIES: trash "
    "entry number (see `trash`), doc id or file name.",
)
@click.argument("entries", nargs=-1, required=True)
@store_option
@json_option()
@verbose_option
def restore_command(entries, store, as_json) -> int:
    return restore_documents(load_settings(store=store), list(entries), as_json)


def restore_documents(settings, refs: list[str], as_json: bool) -> int:
    from assistant.core.errors import AmbiguousDocument, TrashError
    from assistant.store.trash import Trash

    trash = Trash(Path(settings.store))
    entries = []
    for ref in refs:
        found = trash.find(ref)
        if not found:
            raise TrashError(
                f"Nothing in the trash matches {ref!r}. List it with `python -m ingest trash`."
            )
        if len(found) > 1:
            raise AmbiguousDocument(repr(ref), [f"{e.id} {Path(e.source).name}" for e in found])
        entries.append(found[0])
    ingestor = _ingestor(settings)
    paths = []
    for entry in entries:
        paths.append(trash.take_back(entry))
        trash.mark_restored(entry.content_sha, entry.doc_id)
    summary = ingestor.run(paths, prune=False)
    if as_json:
        click.echo(
            json.dumps(
                {**summary.counts(), "restored": [str(p) for p in paths]}, ensure_ascii=False
            )
        )
    else:
        for path in paths:
            click.echo(f"restored {path}")
        click.echo(summary.format())
    return 0 if summary.ok else 1
