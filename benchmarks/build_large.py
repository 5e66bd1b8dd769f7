"""Build a large notice store (1k to 40k+ chunks) from ALQAC's laws and the gazette corpus.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/build_large.py --chunks 40000
    [--store DIR] [--vectors token-mean|model] [--seed S]

Documents: the 17 ALQAC laws first (written once as text files, one per law, articles as
"Điều N. ..."), then the congbao gazette files in a seeded random order, ingested a few files at a
time through the real pipeline (parse, chunk with the MiniLM tokenizer, extract assignments,
write to Chroma) until the store holds at least --chunks chunks.

Vectors (the store records all-MiniLM-L6-v2 either way, so the real engine opens it):
- model: the real MiniLM on every chunk, cached on disk under ~/.cache/notice-assistant/, so
  each text is encoded once across builds. Exact, but ~40k chunks take hours on 2 cores.
- token-mean (default): MiniLM's own word-piece embedding table, mean-pooled and normalized:
  384-dimensional, text-dependent, instant. Query latency, memory and cold start do not depend on
  which vectors are stored; dense retrieval *quality* on such a store is not meaningful.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.config import load_settings  # noqa: E402
from assistant.embeddings import load_embedder  # noqa: E402
from assistant.store import Store  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"
CACHE = Path.home() / ".cache" / "notice-assistant"
FILES_PER_ROUND = 1  # small rounds: a store stops close to its target size


class TokenMeanEmbedder:
    """Mean of MiniLM's input word-piece vectors: the model's vocabulary space, no transformer."""

    def __init__(self, real):
        self.real = real
        self.name = real.name
        self.max_tokens = real.max_tokens
        model = real.model
        self.tokenizer = model.tokenizer
        table = model[0].auto_model.embeddings.word_embeddings.weight
        self.table = table.detach().cpu().numpy().astype(np.float32)

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        encoded = self.tokenizer(list(texts), truncation=True, max_length=self.max_tokens)
        vectors = np.stack([self.table[ids].mean(axis=0) for ids in encoded["input_ids"]])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)

    def save(self) -> None:
        pass


class CachedModelEmbedder:
    """The real model, with every vector kept on disk by the sha1 of its text."""

    SAVE_EVERY = 2000

    def __init__(self, real):
        self.real = real
        self.name = real.name
        self.max_tokens = real.max_tokens
        self.path = CACHE / f"embeddings-{real.name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            saved = np.load(self.path)
            self.vectors = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
        self.unsaved = 0

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items()
        )
        if missing:
            fresh = self.real.embed_documents([t for _, t in missing])
            for (key, _), vector in zip(missing, fresh, strict=True):
                self.vectors[key] = np.asarray(vector, dtype=np.float32)
            self.unsaved += len(missing)
            if self.unsaved >= self.SAVE_EVERY:
                self.save()
        return [self.vectors[k].tolist() for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)

    def save(self) -> None:
        if not self.unsaved:
            return
        CACHE.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
        tmp.replace(self.path)
        self.unsaved = 0


def alqac_law_files(corpora: Path) -> list[Path]:
    """One text file per ALQAC law, written once under the cache folder (never in the repo)."""
    target = CACHE / "alqac-laws"
    laws = json.loads((corpora / "alqac2024" / "law.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for number, law in enumerate(laws, start=1):
        path = target / f"luat-{number:02d}.txt"
        if not path.exists():
            articles = "\n\n".join(f"Điều {a['id']}. {a['text'].strip()}" for a in law["articles"])
            path.write_text(f"{law['id'].upper()}\n\n{articles}\n", encoding="utf-8")
        files.append(path)
    return files


def source_files(corpora: Path, seed: int) -> list[Path]:
    gazette = sorted((corpora / "congbao").rglob("*.txt"))
    random.Random(seed).shuffle(gazette)
    return alqac_law_files(corpora) + gazette


def build(store_dir: Path, target_chunks: int, vectors: str, seed: int, corpora: Path) -> dict:
    settings = load_settings(store=store_dir)
    real = load_embedder(settings.embed_model, settings.embed_batch_size)
    embedder = TokenMeanEmbedder(real) if vectors == "token-mean" else CachedModelEmbedder(real)
    store = Store(settings, embedder.name, create=True)
    ingestor = Ingestor(settings, embedder, store=store)
    files = source_files(corpora, seed)
    started = time.perf_counter()
    used = failed = 0
    while store.chunk_count() < target_chunks and used < len(files):
        batch = files[used : used + FILES_PER_ROUND]
        used += len(batch)
        summary = ingestor.run(batch, prune=False)
        failed += len(summary.failed)
        print(f"  {used} files, {store.chunk_count()} chunks", file=sys.stderr, flush=True)
    embedder.save()
    return {
        "store": str(store_dir),
        "vectors": vectors,
        "files_used": used,
        "documents": len(store.documents()),
        "rejected": failed,
        "chunks": store.chunk_count(),
        "target_chunks": target_chunks,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=40_000, help="stop at this many chunks")
    parser.add_argument("--store", type=Path, help="default: ~/.cache/notice-assistant/bench-N")
    parser.add_argument("--vectors", choices=["token-mean", "model"], default="token-mean")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    if not (args.corpora / "congbao").is_dir():
        print(f"error: no corpora at {args.corpora}", file=sys.stderr)
        return 2
    store = args.store or CACHE / f"bench-{args.chunks}-{args.vectors}"
    result = build(store, args.chunks, args.vectors, args.seed, args.corpora)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
