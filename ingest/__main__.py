"""`python -m ingest [PATH...] [--store DIR]`, `python -m ingest list`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.config import load_settings
from assistant.errors import AssistantError


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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["list"]:
        argv = ["--list", *argv[1:]]
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

    from assistant.errors import StoreMissing
    from assistant.store import drop_collections, recorded_sources

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

    from assistant.embeddings import load_embedder
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


def list_documents(settings, as_json: bool) -> int:
    from assistant.config import DEFAULT_EMBED_MODEL
    from assistant.store import Store

    store = Store(settings, settings.embed_model or DEFAULT_EMBED_MODEL)
    docs = store.documents()
    if as_json:
        print(json.dumps(docs, ensure_ascii=False, indent=1))
        return 0
    if not docs:
        print(f"The store at {store.location} holds no documents.")
        return 0
    for doc in docs:
        print(
            f"{doc['date'] or '-':10}  {doc['number'] or '-':16}  "
            f"{doc['doc_type'] or '-':12}  {doc.get('chunks', 0):4} chunks  {doc['title'][:70]}"
        )
        print(f"{'':12}{doc['issuer'] or '-'} · {doc['source']}")
    print(f"{len(docs)} documents, {store.chunk_count()} chunks, model {settings.embed_model}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
