"""Keys of the evaluations' cached stores (under ~/.cache/notice-assistant).

A cached store is valid while ingest would store the same passages: the key hashes what parsing
gives for the documents (their metadata and every chunk's text, heading path, context and
offsets), without embedding anything. Any change to loading, normalizing, structure or chunking
that alters a passage rebuilds the store; a refactor that alters none keeps it. Assignment
extraction is left out: retrieval does not read it, and the ledger has its own evaluation."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from assistant.core.config import Settings
from ingest.pipeline import PIPELINE_VERSION, parse_without_embedding

CACHE_ROOT = Path.home() / ".cache" / "notice-assistant"
# Ids and paths differ between a temporary parse and the cached ingest; the content does not.
_PLACE_FIELDS = frozenset({"doc_id", "chunk_id", "source"})


def parsed_key(files: dict[str, Path], embedder, settings: Settings, *extra: str) -> str:
    """16 hex digits naming the store ingest would build from these files (by name) with this
    embedder; `extra` adds the caller's own layout version."""
    digest = hashlib.sha256("\0".join([embedder.name, PIPELINE_VERSION, *extra]).encode())
    for name, parsed in parse_without_embedding(files, embedder, settings).items():
        digest.update(f"\0{name}\0".encode())
        if isinstance(parsed, str):  # a file ingest refuses: its reason is what it stores
            digest.update(parsed.encode())
            continue
        content = [
            _content(asdict(parsed.notice)),
            [_content(asdict(chunk)) for chunk in parsed.chunks],
            _stored(parsed.extra),
        ]
        digest.update(json.dumps(content, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _stored(extra: dict) -> dict:
    """The extra fields as the store keeps them (relations as JSON text): the form the keys of
    the existing cached stores were made from."""
    if "relations" not in extra:
        return extra
    return {**extra, "relations": json.dumps(extra["relations"], ensure_ascii=False)}


def _content(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in _PLACE_FIELDS}
