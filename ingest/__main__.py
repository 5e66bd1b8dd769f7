"""`python -m ingest [PATH...] [--store DIR]`, `python -m ingest list`,
`python -m ingest remove DOC...`, `python -m ingest trash`, `python -m ingest restore ENTRY...`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.core.config import load_settings
from assistant.core.errors import AssistantError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Ingest notices (.txt .md .pdf .docx .html) into the notice store. "
        "Unchanged files are skipped; changed files replace their old version; files gone "
        "from an ingested folder are removed from the store (unless --no-prune).",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: data/notices)"
    )
    parser.add_argument("--store", type=Path, help="store folder (default: ASSISTANT_STORE)")
    parser.add_argument("--no-prune", action="store_true", help="keep documents whose file is gone")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild the store with the configured embedding model: drop its passages and "
        "re-ingest every document it held (and PATHs); conversations and ledger notes stay",
    )
    parser.add_argument("--list", action="store_true", help="list the documents in the store")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def build_lifecycle_parser(command: str) -> argparse.ArgumentParser:
    helps = {
        "remove": "Delete documents everywhere: out of the store, their files moved into "
        "<store>/trash/ so no later ingest brings them back (undo with `restore`).",
        "restore": "Bring deleted documents back from the trash and ingest them again.",
        "trash": "List the deleted documents in the trash.",
    }
    parser = argparse.ArgumentParser(prog=f"python -m ingest {command}", description=helps[command])
    if command == "remove":
        parser.add_argument(
            "docs", nargs="+", help="document id (or 6+ leading characters), file name or số hiệu"
        )
    if command == "restore":
        parser.add_argument(
            "entries", nargs="+", help="trash entry number (see `trash`), doc id or file name"
        )
    parser.add_argument("--store", type=Path, help="store folder (default: ASSISTANT_STORE)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["list"]:
        argv = ["--list", *argv[1:]]
    if argv[:1] and argv[0] in ("remove", "restore", "trash") and not Path(argv[0]).exists():
        command = argv[0]
        args = build_lifecycle_parser(command).parse_args(argv[1:])
        try:
            settings = load_settings(store=args.store)
            if command == "remove":
                return remove_documents(settings, args.docs, args.json)
            if command == "restore":
                return restore_documents(settings, args.entries, args)
            return list_trash(settings, args.json)
        except AssistantError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(store=args.store)
        if args.list:
            return list_documents(settings, args.json)
        paths = args.paths or [settings.notices]
        if args.rebuild:
            paths = rebuild_paths(settings, paths)
        return run_ingest(settings, paths, not args.no_prune, args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


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
    return [*paths, *extra]


def run_ingest(settings, paths, prune: bool, args) -> int:
    from tqdm import tqdm

    from assistant.store.embeddings import load_embedder
    from ingest.pipeline import Ingestor

    ingestor = Ingestor(settings, load_embedder(settings.embed_model, settings.embed_batch_size))
    bar = None

    def progress(path: str, done: int, total: int) -> None:
        nonlocal bar
        if args.quiet or args.json:
            return
        if bar is None:
            bar = tqdm(total=total, unit="file", desc="Ingesting", file=sys.stderr)
        bar.set_postfix_str(Path(path).name[-40:], refresh=False)
        bar.update(1)

    summary = ingestor.run(paths, prune=prune, progress=progress)
    if bar is not None:
        bar.close()
    if args.json:
        print(
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
        print(summary.format())
    return 0 if summary.ok else 1


def _open_store(settings):
    from assistant.core.config import DEFAULT_EMBED_MODEL
    from assistant.store.chroma import Store

    return Store(settings, settings.embed_model or DEFAULT_EMBED_MODEL)


def find_documents(records: list[dict], ref: str) -> list[dict]:
    """Documents named by id (or a 6+ character prefix), file name, path or số hiệu (every
    version of that number)."""
    from ingest.relations import number_key

    ref = ref.strip()
    by_id = [
        r for r in records if r["doc_id"] == ref or (len(ref) >= 6 and r["doc_id"].startswith(ref))
    ]
    if by_id:
        return by_id
    by_file = [
        r
        for r in records
        if r["source"] == ref
        or Path(r["source"]).name == ref
        or r["source"] == str(Path(ref).resolve())
    ]
    if by_file:
        return by_file
    return [r for r in records if r.get("number") and number_key(r["number"]) == number_key(ref)]


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
        numbers = {r.get("number") for r in found}
        if len(found) > 1 and not (len(numbers) == 1 and None not in numbers and "" not in numbers):
            labels = [f"{r['doc_id'][:10]} {Path(r['source']).name}" for r in found]
            raise AmbiguousDocument(repr(ref), labels)
        doc_ids.extend(r["doc_id"] for r in found)  # a số hiệu: all its versions
    entries = delete_documents(store, doc_ids)
    if as_json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    for entry in entries:
        where = (
            f"file moved to {entry.trashed_path}"
            if entry.moved
            else "file left in place (its folder is read-only); folder ingests will skip it"
        )
        print(
            f"removed {entry.label or Path(entry.source).name} ({Path(entry.source).name}): {where}"
        )
        print(f"  undo: python -m ingest restore {entry.id}")
    return 0


def list_trash(settings, as_json: bool) -> int:
    from datetime import datetime

    from assistant.store.trash import Trash

    entries = Trash(Path(settings.store)).entries()
    if as_json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    if not entries:
        print("The trash is empty.")
        return 0
    for entry in entries:
        when = datetime.fromtimestamp(entry.deleted_at).strftime("%d/%m/%Y %H:%M")
        print(f"{entry.id:5}  {when}  {entry.label or '-'}  {Path(entry.source).name}")
        print(f"{'':7}{entry.title[:90]}")
    print(f"{len(entries)} deleted; bring one back with `python -m ingest restore N`")
    return 0


def restore_documents(settings, refs: list[str], args) -> int:
    from assistant.core.errors import AmbiguousDocument, TrashError
    from assistant.store.embeddings import load_embedder
    from assistant.store.trash import Trash
    from ingest.pipeline import Ingestor

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
    ingestor = Ingestor(settings, load_embedder(settings.embed_model, settings.embed_batch_size))
    paths = []
    for entry in entries:
        paths.append(trash.take_back(entry))
        trash.mark_restored(entry.content_sha, entry.doc_id)
    summary = ingestor.run(paths, prune=False)
    if args.json:
        print(
            json.dumps(
                {**summary.counts(), "restored": [str(p) for p in paths]}, ensure_ascii=False
            )
        )
    else:
        for path in paths:
            print(f"restored {path}")
        print(summary.format())
    return 0 if summary.ok else 1


def list_documents(settings, as_json: bool) -> int:
    from assistant.core.config import DEFAULT_EMBED_MODEL
    from assistant.store.chroma import Store
    from assistant.store.versions import annotate

    store = Store(settings, settings.embed_model or DEFAULT_EMBED_MODEL)
    records = store.documents()
    versions = annotate({d["doc_id"]: d for d in records})
    docs = [versions[d["doc_id"]] for d in records]
    if as_json:
        print(json.dumps(docs, ensure_ascii=False, indent=1))
        return 0
    if not docs:
        print(f"The store at {store.location} holds no documents.")
        return 0
    from ingest.pipeline import printable

    for doc in docs:
        print(
            f"{doc['date'] or '-':10}  {printable(doc['number'] or '-'):16}  "
            f"{doc['doc_type'] or '-':12}  {doc.get('chunks', 0):4} chunks  "
            f"{printable(doc['title'][:70])}"
        )
        print(f"{'':12}{printable(doc['issuer'] or '-')} · {printable(doc['source'])}")
        print(f"{'':12}{doc['doc_id'][:10]} · {_status_line(doc, versions)}")
    print(f"{len(docs)} documents, {store.chunk_count()} chunks, model {settings.embed_model}")
    return 0


def _status_line(doc: dict, docs: dict[str, dict]) -> str:
    def name(doc_id: str) -> str:
        other = docs.get(doc_id, {})
        return other.get("number") or Path(other.get("source", doc_id)).name

    status = {
        "in_force": "in force",
        "amended": "in force, amended",
        "replaced": "replaced",
        "repealed": "repealed",
    }[doc["version_status"]]
    parts = [status]
    if doc["superseded_by"]:
        parts.append(f"newer version: {Path(docs[doc['superseded_by']]['source']).name}")
    for field, verb in (
        ("replaced_by", "replaced by"),
        ("repealed_by", "repealed by"),
        ("amended_by", "amended by"),
        ("replaces", "replaces"),
        ("repeals", "repeals"),
        ("amends", "amends"),
    ):
        if doc[field]:
            parts.append(f"{verb} {', '.join(name(i) for i in doc[field])}")
    return "; ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
