"""Calibrating the cross-lingual sentence signal (assistant/retrieval/crosslingual.py) on the
dev set's TUNE half: English questions asked through Engine.ask at each setting of
RERANK_WEIGHT, SENTENCE_WEIGHT and WEIGHT_FLOOR, with the whole glossary and with a seeded
share of it left out (benchmarks/english_unseen.py's stand-in for wording the glossary never
saw: the test half's documents and questions). Prints hit@1, hit@5 (answerable), accuracy,
false refusals, unanswerable refused and the median ms per question for each setting.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/crosslingual.py [--ids d850 d869]
        [--rerank 0 0.3] [--sentence 0 0.3] [--floor 0.5] [--drop 0 0.6] [--seeds 1 2]
        [--lang en] [--json out.json]

The first setting listed runs first and fills the sentence-vector cache (the store's cache
folder), so its time is the cold cost; later settings are warm. Test-half questions are never
asked.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.eval.dev import bucket  # noqa: E402
from assistant.eval.scoring import load_questions  # noqa: E402
from assistant.retrieval import crosslingual  # noqa: E402
from assistant.vocab import glossary as glossary_module  # noqa: E402
from benchmarks import english_unseen  # noqa: E402
from benchmarks.calibrate import QUESTIONS, open_engine  # noqa: E402
from benchmarks.english_unseen import ablated  # noqa: E402


def run(engine, items: list[dict]) -> dict:
    """english_unseen's run, with accuracy over the answerable questions as the eval prints it."""
    result = english_unseen.run(engine, items)
    answerable = [r for r in result["rows"] if r["answerable"]]
    result["accuracy"] = sum(r["correct"] for r in answerable) / max(len(answerable), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ids", nargs=2, metavar=("FIRST", "LAST"))
    parser.add_argument("--lang", choices=("en", "vi", "all"), default="en")
    parser.add_argument("--rerank", type=float, nargs="+", default=[crosslingual.RERANK_WEIGHT])
    parser.add_argument("--sentence", type=float, nargs="+", default=[crosslingual.SENTENCE_WEIGHT])
    parser.add_argument("--floor", type=float, nargs="+", default=[crosslingual.WEIGHT_FLOOR])
    parser.add_argument("--by", choices=("passage", "sentence"), default=crosslingual.RERANK_BY)
    parser.add_argument("--drop", type=float, nargs="+", default=[0.0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="the dev set's file")
    parser.add_argument(
        "--sentence-cache", type=Path, help="keep sentence vectors here (default: the store's)"
    )
    args = parser.parse_args()
    questions = load_questions(args.questions)
    engine = open_engine(questions)
    if args.sentence_cache:
        engine.lookup.similarity = crosslingual.SentenceSimilarity(
            engine.embedder, args.sentence_cache
        )
    items = [q for q in questions if q["half"] == "tune"]
    if args.lang == "en":
        items = [q for q in items if bucket(q) == "en"]
    elif args.lang == "vi":
        items = [q for q in items if q["lang"] == "vi"]
    if args.ids:
        items = [q for q in items if args.ids[0] <= q["id"] <= args.ids[1]]
    crosslingual.RERANK_BY = args.by
    engine.ask("warm-up: load the model and the lexical index")
    full = glossary_module.Glossary.load()
    original_load = glossary_module.Glossary.load
    saved = crosslingual.RERANK_WEIGHT, crosslingual.SENTENCE_WEIGHT, crosslingual.WEIGHT_FLOOR
    print(f"{len(items)} tune-half questions ({args.lang})")
    print(
        f"{'drop':>5} {'seed':>4} {'rerank':>6} {'sent':>5} {'floor':>5} {'hit@1':>6} "
        f"{'hit@5':>6} {'acc':>6} {'false ref':>9} {'refused':>8} {'ms':>6}"
    )
    results = []
    try:
        for drop in args.drop:
            for seed in args.seeds if drop else args.seeds[:1]:
                current = ablated(full, drop, seed) if drop else full
                glossary_module.Glossary.load = classmethod(lambda cls, path=None, g=current: g)
                for rerank, sentence, floor in itertools.product(
                    args.rerank, args.sentence, args.floor
                ):
                    crosslingual.RERANK_WEIGHT = rerank
                    crosslingual.SENTENCE_WEIGHT = sentence
                    crosslingual.WEIGHT_FLOOR = floor
                    s = run(engine, items)
                    print(
                        f"{drop:>5.1f} {seed:>4} {rerank:>6.2f} {sentence:>5.2f} {floor:>5.2f} "
                        f"{s['hit@1']:>6.3f} {s['hit@5']:>6.3f} {s['accuracy']:>6.3f} "
                        f"{s['false_refusals']:>9.3f} {s['refused']:>8} {s['median_ms']:>6.0f}",
                        flush=True,
                    )
                    results.append(
                        {
                            "drop": drop,
                            "seed": seed,
                            "rerank": rerank,
                            "sentence": sentence,
                            "floor": floor,
                            **s,
                        }
                    )
    finally:
        glossary_module.Glossary.load = original_load
        crosslingual.RERANK_WEIGHT, crosslingual.SENTENCE_WEIGHT, crosslingual.WEIGHT_FLOOR = saved
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
