"""Does lexical search help or hurt English questions the glossary maps poorly?

English questions reach the Vietnamese lexical index only through the glossary; the dense model
reads them whole. On the dev set's TUNE half (English, answerable), this prints hit@1 / hit@5 /
MRR per share of the question's content words the glossary maps (QueryAnalysis.mapped_share),
for several English lexical and dense fusion weights. Few tune questions are poorly mapped, so
--drop also re-runs with a seeded share of the glossary's entries left out: a stand-in for the
wording of documents the glossary was never extended for, with no test-half text read.

    .venv/bin/python benchmarks/english_fallback.py [--drop 0 0.3 0.5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.eval.dev import bucket  # noqa: E402
from assistant.eval.scoring import first_hit_rank, load_questions  # noqa: E402
from assistant.retrieval import search as retrieval  # noqa: E402
from assistant.vocab import glossary as glossary_module  # noqa: E402
from benchmarks.calibrate import QUESTIONS, open_engine  # noqa: E402

# (lexical weight, dense weight) for English questions; the first is the calibrated default.
SETTINGS = ((0.5, 0.5), (0.25, 0.5), (0.0, 0.5), (0.5, 1.0), (0.25, 1.0))
BUCKETS = (("< 0.5", 0.0, 0.5), ("0.5-0.99", 0.5, 1.0), ("1.0", 1.0, 1.01))


def ablated(full: glossary_module.Glossary, drop: float, seed: int) -> glossary_module.Glossary:
    rng = random.Random(seed)
    return glossary_module.Glossary(e for e in full.entries if rng.random() >= drop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drop", type=float, nargs="+", default=[0.0, 0.3])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    questions = load_questions(QUESTIONS)
    engine = open_engine(questions)
    items = [
        q
        for q in questions
        if q["half"] == "tune" and bucket(q) == "en" and q["answerable"] and q["gold"]
    ]
    full = glossary_module.Glossary.load()
    original_load = glossary_module.Glossary.load
    for drop in args.drop:
        current = ablated(full, drop, args.seed) if drop else full
        glossary_module.Glossary.load = classmethod(lambda cls, path=None, g=current: g)
        try:
            print(f"\n== glossary entries dropped: {drop:.0%} ({len(current)} kept) ==")
            print(f"{'lexical':>7} {'dense':>5} " + " ".join(f"{b[0]:>22}" for b in BUCKETS))
            shares = {}
            for lexical, dense in SETTINGS:
                saved = dict(retrieval.DENSE_WEIGHTS), dict(retrieval.LEXICAL_WEIGHTS)
                retrieval.DENSE_WEIGHTS["en"], retrieval.LEXICAL_WEIGHTS["en"] = dense, lexical
                ranks: dict[str, list] = {b[0]: [] for b in BUCKETS}
                try:
                    for item in items:
                        analysis, hits = engine.retrieve(item["question"], k=5)
                        shares[item["id"]] = analysis.mapped_share
                        rank = first_hit_rank(
                            [(h.doc.source, h.chunk.text) for h in hits], item["gold"]
                        )
                        name = next(b[0] for b in BUCKETS if b[1] <= analysis.mapped_share < b[2])
                        ranks[name].append(rank)
                finally:
                    retrieval.DENSE_WEIGHTS.update(saved[0])
                    retrieval.LEXICAL_WEIGHTS.update(saved[1])
                cells = []
                for name, _, _ in BUCKETS:
                    r = ranks[name]
                    n = max(len(r), 1)
                    hit1 = sum(x == 1 for x in r) / n
                    hit5 = sum(x is not None for x in r) / n
                    mrr = sum(1 / x for x in r if x) / n
                    cells.append(f"n={len(r):>2} {hit1:.2f}/{hit5:.2f}/{mrr:.2f}")
                print(f"{lexical:>7} {dense:>5} " + " ".join(f"{c:>22}" for c in cells))
        finally:
            glossary_module.Glossary.load = original_load
    print("\ncells: questions, hit@1/hit@5/MRR by mapped share of the question's content words")


if __name__ == "__main__":
    main()
