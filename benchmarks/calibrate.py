"""Calibrate the retrieval weights and the found/not-found bar on the dev set's TUNE half.

    python benchmarks/calibrate.py [--half tune] [--json]

Opens (or builds) the cached dev-set store that `python -m assistant eval
tests/eval/dev_questions.jsonl` uses, then for the chosen half:
1. sweeps the dense weight of the hybrid fusion per question language and prints hit@1 / hit@5 /
   MRR for each value (the lexical weight stays 1);
2. with the current weights, records each question's top passages (lexical coverage, dense
   similarity, answer-type check, gold or not) and sweeps the found bar's thresholds, printing
   false refusals of answerable questions and answers to unanswerable ones for each setting.
Tune on the tune half only; the test half is the figure `python -m assistant eval` reports.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.answer import found as found_bar  # noqa: E402
from assistant.engine import Engine  # noqa: E402
from assistant.eval.dev import bucket, dev_documents, dev_engine  # noqa: E402
from assistant.eval.scoring import DEFAULT_CORPORA, DEFAULT_NOTICES, first_hit_rank, load_questions  # noqa: E402
from assistant.retrieval import search as retrieval  # noqa: E402

RESIDUAL_WEIGHTS = (0.0, 0.5, 1.0, 1.5)
DENSE_WEIGHTS = (0.2, 0.5, 1.0)
QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "eval" / "dev_questions.jsonl"


def open_engine(questions: list[dict]) -> Engine:
    """The engine over the dev set's cached store, the one the eval command uses."""
    documents = dev_documents(questions, DEFAULT_NOTICES, DEFAULT_CORPORA)
    engine, _, _ = dev_engine(documents, say=lambda message: print(message, file=sys.stderr))
    return engine


def ranking(engine: Engine, items: list[dict]) -> dict[str, float]:
    ranks = []
    for item in items:
        _, hits = engine.retrieve(item["question"], k=5)
        ranks.append(first_hit_rank([(h.doc.source, h.chunk.text) for h in hits], item["gold"]))
    n = max(len(ranks), 1)
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@5": sum(r is not None for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def sweep_dense(engine: Engine, items: list[dict]) -> list[dict]:
    """Each (residual weight, dense weight) setting, per bucket."""
    rows = []
    for residual, dense in itertools.product(RESIDUAL_WEIGHTS, DENSE_WEIGHTS):
        for name in ("vi", "vi-loose", "en"):
            subset = [q for q in items if bucket(q) == name and q["answerable"]]
            key = "en" if name == "en" else "vi"
            saved = dict(retrieval.DENSE_WEIGHTS), dict(retrieval.RESIDUAL_WEIGHTS)
            retrieval.DENSE_WEIGHTS[key] = dense
            retrieval.RESIDUAL_WEIGHTS[key] = residual
            try:
                scores = ranking(engine, subset)
            finally:
                retrieval.DENSE_WEIGHTS.update(saved[0])
                retrieval.RESIDUAL_WEIGHTS.update(saved[1])
            row = {"bucket": name, "n": len(subset), "residual": residual, "dense": dense}
            rows.append({**row, **scores})
            print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def sweep_english(engine: Engine, items: list[dict]) -> list[dict]:
    """English only: lexical weight x dense weight."""
    subset = [q for q in items if bucket(q) == "en" and q["answerable"]]
    rows = []
    for lexical, dense in itertools.product((1.0, 0.5, 0.25), (0.5, 1.0, 2.0)):
        saved = dict(retrieval.DENSE_WEIGHTS), dict(retrieval.LEXICAL_WEIGHTS)
        retrieval.DENSE_WEIGHTS["en"], retrieval.LEXICAL_WEIGHTS["en"] = dense, lexical
        try:
            scores = ranking(engine, subset)
        finally:
            retrieval.DENSE_WEIGHTS.update(saved[0])
            retrieval.LEXICAL_WEIGHTS.update(saved[1])
        rows.append({"n": len(subset), "lexical": lexical, "dense": dense, **scores})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def features(engine: Engine, items: list[dict]) -> list[dict]:
    rows = []
    for item in items:
        _, hits = engine.retrieve(item["question"], k=5)
        rows.append(
            {
                "id": item["id"],
                "bucket": bucket(item),
                "answerable": item["answerable"],
                "hits": [
                    {
                        "coverage": h.coverage,
                        "dense": h.dense or 0.0,
                        "answers": h.answers,
                        "gold": first_hit_rank([(h.doc.source, h.chunk.text)], item["gold"]) == 1,
                    }
                    for h in hits
                ],
            }
        )
    return rows


def sweep_found(rows: list[dict]) -> list[dict]:
    out = []
    for coverage, dense, dense_coverage in itertools.product(
        (0.3, 0.35, 0.4, 0.45, 0.5),
        (0.80, 0.82, 0.84, 0.86, 0.88, 1.1),
        (0.0, 0.1, 0.2, 0.3),
    ):
        bar = found_bar.FoundBar(coverage, dense, dense_coverage)
        false_refusals = answered = 0
        for row in rows:
            found = any(
                bar.supports(h["coverage"], h["dense"]) and h["answers"] for h in row["hits"][:3]
            )
            if row["answerable"] and not found:
                false_refusals += 1
            if not row["answerable"] and found:
                answered += 1
        n_ans = sum(r["answerable"] for r in rows)
        n_un = len(rows) - n_ans
        out.append(
            {
                "coverage": coverage,
                "dense": dense,
                "dense_coverage": dense_coverage,
                "false_refusal": round(false_refusals / max(n_ans, 1), 3),
                "unanswerable_answered": round(answered / max(n_un, 1), 3),
            }
        )
    return sorted(out, key=lambda r: r["false_refusal"] + r["unanswerable_answered"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="tune", choices=["tune", "test"])
    parser.add_argument("--skip-dense-sweep", action="store_true")
    parser.add_argument("--english", action="store_true", help="sweep English settings only")
    args = parser.parse_args()
    questions = load_questions(QUESTIONS)
    engine = open_engine(questions)
    items = [q for q in questions if q["half"] == args.half]
    if args.english:
        sweep_english(engine, items)
        return 0
    if not args.skip_dense_sweep:
        sweep_dense(engine, items)
    rows = features(engine, items)
    Path("/tmp/calibrate-features.json").write_text(json.dumps(rows))
    for row in sweep_found(rows)[:15]:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
